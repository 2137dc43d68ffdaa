"""Dependencies point one way: the library never imports the language server or the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mcparse"
FORBIDDEN_EVERYWHERE = ("pygls", "lsprotocol", "mcparse_lsp")


def _imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """Every module a file imports (relative imports resolved), with its line."""
    package = ".".join(path.relative_to(root.parent).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # "from mcparse import cli" imports the CLI too.
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module":
            # importlib.import_module("...") with a literal name is an import too.
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def violations(path: Path, root: Path = PACKAGE) -> list[str]:
    """The forbidden imports of one file under the package folder ``root``."""
    relative = path.relative_to(root)
    # `python -m mcparse` is the CLI's other entry point, so __main__ belongs to it.
    in_cli = "cli" in relative.parts[:-1] or relative.parts == ("__main__.py",)
    shown = path.relative_to(root.parent)
    problems: dict[int, str] = {}
    for line, module in _imports(path, root):
        if module.split(".")[0] in FORBIDDEN_EVERYWHERE:
            problems.setdefault(line, f"{shown}:{line}: imports {module}")
        elif not in_cli and (module == "mcparse.cli" or module.startswith("mcparse.cli.")):
            problems.setdefault(line, f"{shown}:{line}: imports {module} (only the CLI may)")
    return list(problems.values())


def test_library_does_not_import_the_server_or_the_cli() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 5
    problems = [problem for path in files for problem in violations(path)]
    assert not problems, "\n".join(problems)


def test_the_walk_sees_relative_and_lazy_imports(tmp_path: Path) -> None:
    """The checker must be able to fail: a fake package with three bad imports."""
    root = tmp_path / "mcparse"
    probe = root / "model" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(
        "from ..cli import main\nimport pygls.server\nimportlib.import_module('mcparse_lsp')\n", encoding="utf-8"
    )
    cli = root / "cli" / "output.py"
    cli.parent.mkdir()
    cli.write_text("from . import main\nfrom mcparse.cli.main import EXIT_CLEAN\n", encoding="utf-8")
    assert len(violations(probe, root)) == 3, violations(probe, root)
    assert violations(cli, root) == []
