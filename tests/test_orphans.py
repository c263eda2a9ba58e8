"""Servers started by tests and benchmarks stop when the process that started them dies.

A pytest or benchmark run killed mid-way (SIGKILL, a timeout, an impatient operator) used to
leave its servers running: in session 45 an `advisor serve` pair, Chroma, nginx and a PostgreSQL
postmaster from a killed cluster test were still up an hour later. Each test here kills a real
parent process with SIGKILL and watches what its children do.
"""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.reaper import Lease, start_time

REPO = Path(__file__).resolve().parents[1]
REAPER = REPO / "tests" / "reaper.py"


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for whoever inherited it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _wait_until(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def _parent_starting_a_sleeper(with_flag: bool) -> tuple[subprocess.Popen, int]:
    """A parent process that starts a long sleeper (with or without die_with_parent) and prints its pid."""
    preexec = "preexec_fn=die_with_parent" if with_flag else "preexec_fn=None"
    script = textwrap.dedent(f"""
        import subprocess, sys, time
        sys.path.insert(0, {str(REPO)!r})
        from tests.live_server import die_with_parent
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], {preexec})
        print(child.pid, flush=True)
        time.sleep(120)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    return parent, int(parent.stdout.readline())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_server_started_with_die_with_parent_stops_when_its_parent_is_killed() -> None:
    parent, child = _parent_starting_a_sleeper(with_flag=True)
    assert _alive(child)
    parent.kill()
    parent.wait(timeout=10)
    assert _wait_until(lambda: not _alive(child), 10), "the child outlived its SIGKILLed parent"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_without_the_flag_the_child_outlives_its_parent() -> None:
    # The look-alike: this is what happened before, so the test above can fail.
    parent, child = _parent_starting_a_sleeper(with_flag=False)
    try:
        parent.kill()
        parent.wait(timeout=10)
        time.sleep(1.0)
        assert _alive(child)
    finally:
        os.kill(child, signal.SIGKILL)


def _sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])


def test_start_time_tells_a_live_process_from_a_missing_one() -> None:
    assert start_time(os.getpid()) is not None
    assert start_time(os.getpid()) == start_time(os.getpid())
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    assert start_time(int(gone.stdout)) is None or start_time(int(gone.stdout)) != start_time(os.getpid())


def test_the_reaper_cleans_up_when_the_parent_dies(tmp_path: Path) -> None:
    parent = _sleeper()
    lease = tmp_path / "lease"
    lease.touch()
    left = tmp_path / "server-root"
    (left / "data").mkdir(parents=True)
    marker = tmp_path / "cleanup-ran"
    reaper = subprocess.Popen([sys.executable, str(REAPER), "--parent", str(parent.pid), "--lease", str(lease),
                               "--remove", str(left), "--", "touch", str(marker)])
    try:
        time.sleep(1.0)
        assert reaper.poll() is None and not marker.exists(), "the reaper acted while the parent was alive"
        parent.kill()
        parent.wait(timeout=10)
        reaper.wait(timeout=15)
        assert marker.exists()
        assert not left.exists()
        assert not lease.exists()
    finally:
        for proc in (parent, reaper):
            if proc.poll() is None:
                proc.kill()


def test_a_released_lease_makes_the_reaper_leave_without_cleaning_up(tmp_path: Path) -> None:
    parent = _sleeper()
    lease = tmp_path / "lease"
    lease.touch()
    kept = tmp_path / "server-root"
    kept.mkdir()
    marker = tmp_path / "cleanup-ran"
    reaper = subprocess.Popen([sys.executable, str(REAPER), "--parent", str(parent.pid), "--lease", str(lease),
                               "--remove", str(kept), "--", "touch", str(marker)])
    try:
        time.sleep(0.5)
        lease.unlink()
        reaper.wait(timeout=10)
        parent.kill()
        parent.wait(timeout=10)
        time.sleep(0.5)
        assert not marker.exists()
        assert kept.is_dir()
    finally:
        for proc in (parent, reaper):
            if proc.poll() is None:
                proc.kill()


def test_lease_release_waits_for_the_reaper_to_leave() -> None:
    lease = Lease.start(["true"])
    assert lease.path.exists() and lease.proc.poll() is None
    lease.release()
    assert not lease.path.exists()
    assert lease.proc.returncode is not None


@pytest.mark.skipif(not glob.glob("/usr/lib/postgresql/*/bin/initdb"), reason="PostgreSQL is not installed")
def test_a_postgres_started_by_a_killed_process_is_stopped_and_removed(tmp_path: Path) -> None:
    # The real case: tests/cluster/topology.Postgres started by a process that is then SIGKILLed.
    script = textwrap.dedent(f"""
        import sys, tempfile, time
        from pathlib import Path
        sys.path.insert(0, {str(REPO)!r})
        from tests.cluster.topology import Postgres
        server = Postgres(Path(tempfile.mkdtemp(prefix="orphan-pg-")))
        server.init()
        print(server.root, server.data, flush=True)
        time.sleep(300)
    """)
    owner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert owner.stdout is not None
    line = owner.stdout.readline().split()
    assert line, "Postgres.init() failed in the child"
    root, data = Path(line[0]), Path(line[1])
    pid_file = data / "postmaster.pid"
    try:
        assert pid_file.exists()
        postmaster = int(pid_file.read_text().splitlines()[0])
        assert _alive(postmaster)
        owner.kill()
        owner.wait(timeout=10)
        assert _wait_until(lambda: not _alive(postmaster), 60), "the postmaster outlived the process that started it"
        assert _wait_until(lambda: not root.exists(), 30)
    finally:
        if owner.poll() is None:
            owner.kill()
        if pid_file.exists():  # the reaper failed: do not leave the server behind ourselves
            os.kill(int(pid_file.read_text().splitlines()[0]), signal.SIGQUIT)
