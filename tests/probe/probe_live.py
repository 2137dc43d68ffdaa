"""A real sendmail on loopback, in private namespaces, for the probe's tests.

How it stays private (nothing on the machine is edited, nothing is reachable
from outside):

- the .mc is compiled with the real m4 and sendmail-cf; only the compiled
  ``O DaemonPortOptions=`` lines are then remapped (25 -> 2525, 587 -> 2587,
  ``Addr=127.0.0.1``), so daemons cf.m4 adds on its own are remapped too and
  the .mc the probe reads stays exactly what an admin would write;
- sendmail runs under ``unshare -m -u -n``: a mount namespace in which a
  private /etc/hosts, /etc/nsswitch.conf, /etc/mail (cf, aliases, sasldb2,
  queue) and SASL config directory are bind-mounted over the real ones, its
  own host name (``mx.test.example``), and its own network namespace holding
  only loopback, so its ports clash with nothing and no DNS query leaves;
- the probe joins that network namespace with ``nsenter --net`` and connects
  from 127.0.0.2 (sendmail lets 127.0.0.1 relay whatever the .mc says);
- stopping kills the whole process group and waits for it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[2]
CF_M4 = Path("/usr/share/sendmail/cf/m4/cf.m4")
SENDMAIL_CANDIDATES = ("/usr/libexec/sendmail/sendmail", "/usr/lib/sendmail", "/usr/sbin/sendmail")
# Where libsasl2 looks for Sendmail.conf, in its order; the plug-in directory
# is left alone because the mechanisms live there.
SASL_CONFIG_DIRS = ("/etc/sasl2", "/etc/sasl", "/usr/lib/sasl2")

PORT_MAP = {25: 2525, 587: 2587}
SERVER_ADDRESS = "127.0.0.1"
CLIENT_ADDRESS = "127.0.0.2"
HOST_NAME = "mx.test.example"
TEST_USER = "testuser"
TEST_PASSWORD = "probe-test-secret"
START_TIMEOUT = 10.0

HEADER = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\ndivert(0)dnl\n"


def sendmail_binary() -> Optional[str]:
    override = os.environ.get("MCPARSE_SENDMAIL")
    if override:
        return override if os.access(override, os.X_OK) else None
    for candidate in SENDMAIL_CANDIDATES:
        if os.access(candidate, os.X_OK) and not os.path.islink(candidate):
            return candidate
    return None


def why_not_live() -> Optional[str]:
    """The reason a live sendmail cannot run here, or None when it can."""
    if sys.platform != "linux":
        return "needs Linux namespaces"
    if os.geteuid() != 0:
        return "needs root (private mount and network namespaces, bind mounts)"
    for tool in ("unshare", "nsenter", "mount", "ip", "hostname"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (util-linux / iproute2; see .ci/probe-setup.sh)"
    if shutil.which("m4") is None or not CF_M4.is_file():
        return "m4 or sendmail-cf is not installed (see .ci/probe-setup.sh)"
    if sendmail_binary() is None:
        return "no sendmail binary (Debian sendmail-bin; see .ci/probe-setup.sh)"
    if shutil.which("saslpasswd2") is None:
        return "saslpasswd2 is not installed (sasl2-bin; see .ci/probe-setup.sh)"
    if not Path("/etc/mail").is_dir():
        return "/etc/mail does not exist to mount a private copy over"
    if not any(Path(d).is_dir() for d in SASL_CONFIG_DIRS):
        return "no SASL configuration directory to mount a private copy over"
    probe = subprocess.run(["unshare", "-m", "-u", "-n", "true"], capture_output=True, text=True, timeout=10)
    if probe.returncode != 0:
        return f"unshare -m -u -n is not permitted here: {probe.stderr.strip()}"
    return None


def compile_mc(text: str, workdir: Path) -> str:
    """sendmail.cf from real m4, failing loudly on an m4 error."""
    source = workdir / "input.mc"
    source.write_text(text)
    done = subprocess.run(["m4", str(source)], capture_output=True, text=True, timeout=30, cwd=workdir)
    if done.returncode != 0:
        raise RuntimeError(f"m4 failed: {done.stderr}")
    return done.stdout


_DAEMON_LINE = re.compile(r"^O DaemonPortOptions=(.*)$", re.MULTILINE)


def remap_daemons(cf: str, port_map: dict[int, int] = PORT_MAP) -> str:
    """Move every daemon to loopback and its port to the test port.

    Only the compiled option lines change, so the .mc under test stays untouched.
    """

    def rewrite(match: re.Match[str]) -> str:
        fields = [field.strip() for field in match.group(1).split(",")]
        kept: list[str] = []
        port = 25  # a daemon without Port listens on smtp
        for field in fields:
            key = field[:1].upper()  # sendmail reads only the first letter
            if key == "P":
                value = field.partition("=")[2].strip()
                port = {"smtp": 25, "submission": 587}.get(value, int(value) if value.isdigit() else 0)
            elif key == "A":
                continue
            else:
                kept.append(field)
        test_port = port_map.get(port, port)
        return "O DaemonPortOptions=" + ", ".join([f"Port={test_port}", f"Addr={SERVER_ADDRESS}", *kept])

    return _DAEMON_LINE.sub(rewrite, cf)


def _listening_ports(pid: int) -> set[int]:
    ports = set()
    try:
        lines = Path(f"/proc/{pid}/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return ports
    for line in lines:
        columns = line.split()
        if len(columns) > 3 and columns[3] == "0A":  # LISTEN
            ports.add(int(columns[1].rpartition(":")[2], 16))
    return ports


@dataclass
class ProbeRun:
    exit_status: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict:
        return json.loads(self.stdout)

    def checks(self, port: int) -> dict[str, dict]:
        for entry in self.report["ports"]:
            if entry["port"] == port:
                return {row["check"]: row for row in entry["checks"]}
        raise KeyError(port)


class LiveSendmail:
    """One sendmail daemon running a compiled .mc; use as a context manager."""

    def __init__(self, mc_text: str, workdir: Path) -> None:
        self.mc_text = mc_text
        self.workdir = workdir
        self.process: Optional[subprocess.Popen[bytes]] = None
        self.log_path = workdir / "sendmail.log"

    # -- set-up -------------------------------------------------------------
    def _prepare(self) -> Path:
        root = self.workdir
        etc_mail = root / "etc-mail"
        (etc_mail / "mqueue").mkdir(parents=True)
        (etc_mail / "mqueue").chmod(0o700)
        (root / "sasl").mkdir()
        (root / "input.mc").write_text(self.mc_text)
        cf = remap_daemons(compile_mc(self.mc_text, root))
        (etc_mail / "sendmail.cf").write_text(cf)
        (etc_mail / "aliases").write_text("postmaster: root\nMAILER-DAEMON: postmaster\n")
        for empty in ("local-host-names", "trusted-users", "relay-domains"):
            (etc_mail / empty).write_text("")
        (etc_mail / "service.switch").write_text("hosts\tfiles\naliases\tfiles\n")
        (root / "hosts").write_text(
            f"127.0.0.1\tlocalhost\n127.0.1.1\t{HOST_NAME} mx\n{CLIENT_ADDRESS}\tclient.example.net\n"
        )
        (root / "nsswitch.conf").write_text("passwd: files\ngroup: files\nhosts: files\n")
        (root / "sasl" / "Sendmail.conf").write_text(
            "pwcheck_method: auxprop\nauxprop_plugin: sasldb\n"
            "sasldb_path: /etc/mail/sasldb2\nmech_list: PLAIN LOGIN\n"
        )
        subprocess.run(
            ["saslpasswd2", "-f", str(etc_mail / "sasldb2"), "-c", "-p", "-u", HOST_NAME, TEST_USER],
            input=TEST_PASSWORD.encode(),
            check=True,
            timeout=10,
            capture_output=True,
        )
        # sendmail refuses a sasldb2 others may read.
        (etc_mail / "sasldb2").chmod(0o600)
        script = root / "start.sh"
        mounts = [
            f"mount --bind {root / 'hosts'} /etc/hosts",
            f"mount --bind {root / 'nsswitch.conf'} /etc/nsswitch.conf",
            f"mount --bind {etc_mail} /etc/mail",
            *(f"[ -d {d} ] && mount --bind {root / 'sasl'} {d}" for d in SASL_CONFIG_DIRS),
        ]
        script.write_text(
            "set -e\n"
            # Nothing mounted here may propagate back to the machine.
            "mount --make-rprivate /\n"
            + "\n".join(mount + " || true" if mount.startswith("[") else mount for mount in mounts)
            + "\nhostname mx\nip link set lo up\n"
            f"exec {sendmail_binary()} -bD -C /etc/mail/sendmail.cf"
            " -O QueueDirectory=/etc/mail/mqueue -O PidFile=/etc/mail/sendmail.pid"
            "\n"
        )
        return script

    def start(self) -> "LiveSendmail":
        script = self._prepare()
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            ["unshare", "-m", "-u", "-n", "sh", str(script)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as one
        )
        log.close()
        wanted = set(PORT_MAP.values())
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sendmail exited with {self.process.returncode}: {self.log()}")
            if wanted <= _listening_ports(self.process.pid):
                return self
            time.sleep(0.05)
        listening = _listening_ports(self.process.pid)
        self.stop()
        raise RuntimeError(f"sendmail did not open {sorted(wanted)} (open: {sorted(listening)}): {self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    # -- use ------------------------------------------------------------------
    def probe(self, *args: str, password: Optional[str] = None, timeout: float = 20) -> ProbeRun:
        """Run ``python -m mcparse.probe`` inside sendmail's network namespace."""
        assert self.process is not None
        env = dict(os.environ)
        env.pop("MCPARSE_PROBE_PASSWORD", None)
        if password is not None:
            env["MCPARSE_PROBE_PASSWORD"] = password
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        done = subprocess.run(
            ["nsenter", f"--net=/proc/{self.process.pid}/ns/net", sys.executable, "-m", "mcparse.probe", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO,
            env=env,
        )
        return ProbeRun(done.returncode, done.stdout, done.stderr)

    # -- tear-down ----------------------------------------------------------
    def stop(self) -> None:
        if self.process is None:
            return
        group = self.process.pid
        # sendmail acts on SIGTERM only between its sleeps (up to 5 s while it
        # retries a socket), so it gets a short grace before SIGKILL.
        for sig, wait in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(group, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
            if not group_members(group):
                break
        # Children of the daemon may outlive it by a moment; none may remain.
        deadline = time.monotonic() + 5
        while group_members(group) and time.monotonic() < deadline:
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        self.process = None

    def __enter__(self) -> "LiveSendmail":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def group_members(group: int) -> list[int]:
    """Live (non-zombie) processes in a process group."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command may contain spaces and parentheses: fields start after the last ")".
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 2 and fields[0] != "Z" and int(fields[2]) == group:
            members.append(int(entry.name))
    return members
