"""The random config generator and the m4 side of the differential test, checked on their own."""

from __future__ import annotations

from collections import Counter

import pytest

import cases
import cfgen


def test_config_depends_only_on_seed_and_index() -> None:
    assert cfgen.generate_one(7, 42) == cfgen.generate_one(7, 42)
    assert cfgen.generate(7, 50)[42] == cfgen.generate_one(7, 42)
    assert cfgen.generate_one(7, 42).text != cfgen.generate_one(8, 42).text
    assert cfgen.generate_one(7, 42).text != cfgen.generate_one(7, 43).text


def test_generator_breadth() -> None:
    """The default sample touches most stock features, several OSTYPEs, every mistake kind."""
    configs = cfgen.generate(cases.SEED, cases.COUNT)
    features = Counter()
    ostypes = Counter()
    mistakes = Counter()
    for config in configs:
        for tag in config.tags:
            if tag.startswith("features="):
                features.update(tag.split("=", 1)[1].split(","))
            elif tag.startswith("OSTYPE="):
                ostypes[tag.split("=", 1)[1]] += 1
        mistakes.update(m.split(" ")[0] for m in config.mistakes)
    assert len(features) >= 55, sorted(features)
    assert len(ostypes) >= 10, ostypes
    assert sum(1 for c in configs if c.cf_include == "relative") >= 20
    for kind in ("FEATURE(", "no", "access_db", "unknown", "duplicate"):
        assert any(k.startswith(kind) for k in mistakes), (kind, mistakes)
    for needle in ("LOCAL_CONFIG", "LOCAL_RULESETS", "DAEMON_OPTIONS", "INPUT_MAIL_FILTER", "MASQUERADE_AS", "SMART_HOST"):
        assert sum(needle in c.text for c in configs) >= 10, needle


def test_build_lines_are_removed_exactly() -> None:
    cf = (
        "#####\n##### built by root@vm on Thu Dec 3 07:55:28 UTC 2026\n##### in /tmp\n"
        "##### using /usr/share/sendmail/cf/ as configuration include directory\n#####\nrest\n"
        "##### in a LOCAL_CONFIG comment\n"
    )
    assert cases.strip_build_lines(cf) == "#####\n#####\nrest\n##### in a LOCAL_CONFIG comment\n"


def test_marker_lines_split_run_on_messages() -> None:
    stderr = (
        "*** ERROR: You are trying to use the Berkeley sample configuration\tfiles outside"
        "m4:input.mc:5: cannot open `x': No such file or directory\n"
        "*** WARNING: missing -T<TMPF> in argument of FEATURE(`access_db', hash /x)\n"
        "*** ERROR: MAILER(smtp) already included\n*** ERROR: FEATURE() should be before MAILER()\n"
    )
    assert cases.marker_lines(cases.errprint_stream(stderr)) == [
        "*** ERROR: You are trying to use the Berkeley sample configuration files outside",
        "*** WARNING: missing -T<TMPF> in argument of FEATURE(`access_db', hash /x)",
        "*** ERROR: MAILER(smtp) already included",
        "*** ERROR: FEATURE() should be before MAILER()",
    ]
    # One message in several errprint() calls reads the same with or without newlines between them.
    split = "*** ERROR: You are trying to use the Berkeley sample configuration\n\tfiles outside"
    assert [cases.message_key(m) for m in cases.marker_lines(split)] == [
        cases.message_key(cases.marker_lines(cases.errprint_stream(stderr))[0])
    ]
    assert cases.m4_diagnostics(stderr) == ["m4:input.mc:5: cannot open `x': No such file or directory"]


@pytest.mark.m4
@pytest.mark.skipif(not cases.m4_available(), reason="needs GNU m4 and sendmail-cf")
def test_generated_configs_mostly_compile_cleanly(request: pytest.FixtureRequest) -> None:
    """Real m4 compiles the random configs; only the deliberate mistakes give *** ERROR."""
    generated = cases.generated_cases()
    cache = getattr(request.config, "cache", None)
    cache_dir = cache.mkdir("mcparse-compile-oracle") if cache is not None else None
    outcomes = cases.run_all(generated, cache_dir=cache_dir)
    errors = [c.id for c in generated if any("ERROR" in m for m in outcomes[c.id].markers)]
    rate = len(errors) / len(generated)
    print(f"\ncfgen: {len(errors)}/{len(generated)} configs with *** ERROR ({rate:.1%})")
    assert rate < 0.12, errors
    # A config without a deliberate mistake should not make cf.m4 complain with an ERROR.
    by_id = {c.name: c for c in cfgen.generate(cases.SEED, cases.COUNT)}
    unexpected = [cid for cid in errors if not by_id[cid].mistakes]
    assert len(unexpected) <= len(generated) // 100, unexpected


@pytest.mark.m4
@pytest.mark.skipif(not cases.m4_available(), reason="needs GNU m4 and sendmail-cf")
@pytest.mark.parametrize("case", [c for c in cases.message_cases() if c.expect_lines], ids=lambda c: c.id)
def test_expected_message_lines_agree_with_m4(case: cases.Case) -> None:
    """The hand-written line expectations are m4's: the message appears once the line is read.

    m4 is run on growing prefixes of the .mc: a message whose cause is on
    lines lo..hi is absent from the first lo-1 lines and present after hi.
    """
    import dataclasses

    lines = case.text.split("\n")

    def emitted(count: int, needle: str) -> bool:
        prefix = "\n".join(lines[:count]) + "\n"
        run = cases.run_m4(dataclasses.replace(case, text=prefix, m4_text=prefix))
        return needle in run.stderr

    for exp in case.expect_lines:
        assert not emitted(exp.lo - 1, exp.needle), (exp, "already printed before its line")
        assert emitted(exp.hi, exp.needle), (exp, "not printed after its line")
