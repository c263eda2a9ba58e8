"""A real ``advisor serve`` on 127.0.0.1 in a subprocess, for tests that probe it over HTTP as an
outside client would (status codes, headers, bodies, what ends up in its SQLite file)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Callable

import httpx

# Linux's prctl(PR_SET_PDEATHSIG): resolved here, in the parent, so that the function run between
# fork and exec only calls into C (nothing to import or allocate while another thread may hold a lock).
_PR_SET_PDEATHSIG = 1
_prctl: Callable[..., int] | None = None
if sys.platform.startswith("linux"):
    try:
        _prctl = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        _prctl = None


def die_with_parent() -> None:
    """``preexec_fn`` for servers a test or a benchmark starts: the kernel sends the child SIGTERM
    when the process that started it dies, even by SIGKILL — so a killed pytest or bench run leaves
    no ``advisor serve``, Chroma or nginx behind (they used to run on for hours). Linux only; a
    no-op elsewhere. (PostgreSQL daemonizes through pg_ctl and changes user, which clears this
    flag: tests/reaper.py covers it.)"""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(proc: subprocess.Popen, url: str, timeout: float = 180.0, poll_s: float = 0.5) -> str | None:
    """Poll ``url``/healthz until it answers 200: None then, else why not ("exited with N" or
    "did not become healthy in T s"), for the caller's own failure message."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            return f"exited with {proc.returncode}"
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return None
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            return f"did not become healthy in {timeout:.0f} s"
        time.sleep(poll_s)


def stop_process(proc: subprocess.Popen, timeout: float = 15.0, sig: int = signal.SIGTERM) -> None:
    """Send ``sig`` (default SIGTERM), wait up to ``timeout`` seconds, then SIGKILL; the process
    is reaped either way, so no zombie or open pipe outlives a test or a benchmark."""
    if proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def copy_index(built_data_dir: Path, data_dir: Path) -> Path:
    """The session's built index copied into ``data_dir`` (without its conversation database)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(built_data_dir, data_dir, dirs_exist_ok=True)
    for stale in data_dir.glob("advisor.sqlite3*"):
        stale.unlink()
    return data_dir


class LiveServer:
    """``with LiveServer(data_dir, corpus_dir, env) as server: httpx.get(server.url + "/healthz")``."""

    def __init__(self, data_dir: Path, corpus_dir: Path, log_path: Path, env: dict[str, str] | None = None,
                 startup_s: float = 180.0) -> None:
        self.data_dir = data_dir
        self.corpus_dir = corpus_dir
        self.log_path = log_path
        self.extra_env = env or {}
        self.startup_s = startup_s
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[str] | None = None

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
        env.update({
            "ADVISOR_DATA_DIR": str(self.data_dir),
            "ADVISOR_CORPUS_DIR": str(self.corpus_dir),
            "GRADIO_ANALYTICS_ENABLED": "False",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
        })
        env.update(self.extra_env)
        return env

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def __enter__(self) -> "LiveServer":
        self._log = self.log_path.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "advisor.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=self.data_dir.parent, env=self._env(), stdout=self._log, stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,
        )
        problem = wait_healthy(self.proc, self.url, self.startup_s, poll_s=0.3)
        if problem is not None:
            self.__exit__(None, None, None)
            raise RuntimeError(f"advisor serve {problem}:\n{self.log_text()[-4000:]}")
        return self

    def rss_kb(self) -> int:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            stop_process(self.proc)
        if self._log is not None:
            self._log.close()
