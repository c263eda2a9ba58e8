"""Clean up after a test process that died without cleaning up (killed pytest, killed benchmark).

    python tests/reaper.py --parent PID --lease FILE [--remove PATH ...] -- CLEANUP COMMAND ...

Runs detached from the test process (its own session). Every half second it checks two things:
the lease file still exists (the owner deletes it when it stops the service itself: the reaper then
exits and does nothing) and the parent is still alive (same pid *and* same start time, so a reused
pid does not count). When the parent is gone while the lease still exists, it runs the cleanup
command once (e.g. ``pg_ctl stop -m immediate``), removes the given paths and the lease, and exits.

Why: PostgreSQL is started through pg_ctl, which daemonizes and (as root) changes user, so neither
the process group nor PR_SET_PDEATHSIG (tests/live_server.py: die_with_parent) reaches it. Without
this, a pytest run killed during the cluster or series-store tests left a postmaster running for
as long as the machine stayed up. Standard library only: it must start fast and import nothing of
the project.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

POLL_S = 0.5


def start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), or None
    when there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    fields = stat[stat.rindex(")") + 2:].split()
    return fields[19] if len(fields) > 19 else None


def run(parent: int, lease: Path, remove: list[Path], cleanup: list[str], poll_s: float = POLL_S) -> str:
    """Watch until released ("released") or the parent dies ("cleaned"); the outcome, for tests."""
    born = start_time(parent)
    while True:
        if not lease.exists():
            return "released"
        if born is None or start_time(parent) != born:
            break
        time.sleep(poll_s)
    if cleanup:
        try:
            subprocess.run(cleanup, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=90)
        except (OSError, subprocess.SubprocessError):
            pass  # nothing to report to: the parent is gone; still remove what we can
    for path in remove:
        shutil.rmtree(path, ignore_errors=True)
    lease.unlink(missing_ok=True)
    return "cleaned"


class Lease:
    """The owner's side: ``lease = Lease.start(cleanup=[...], remove=[root])`` after starting a
    service, ``lease.release()`` when the owner stops it itself."""

    def __init__(self, path: Path, proc: subprocess.Popen) -> None:
        self.path = path
        self.proc = proc

    @classmethod
    def start(cls, cleanup: list[str], remove: Sequence[Path] = ()) -> "Lease":
        fd, name = tempfile.mkstemp(prefix="advisor-reaper-", suffix=".lease")
        os.close(fd)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--parent", str(os.getpid()), "--lease", name]
        for path in remove:
            cmd += ["--remove", str(path)]
        proc = subprocess.Popen([*cmd, "--", *cleanup], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        return cls(Path(name), proc)

    def release(self) -> None:
        self.path.unlink(missing_ok=True)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--lease", type=Path, required=True)
    parser.add_argument("--remove", type=Path, action="append", default=[])
    parser.add_argument("cleanup", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    cleanup = args.cleanup[1:] if args.cleanup[:1] == ["--"] else args.cleanup
    run(args.parent, args.lease, args.remove, cleanup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
