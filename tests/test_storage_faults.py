"""Storage faults under a running server: the data dir made read-only mid-run, and a full
filesystem. A small tmpfs holds the data dir, so both faults are real: root's chmod would not stop
root, and a remount read-only is refused (EBUSY) while the server holds files open for writing, so
the data dir is made immutable (chattr +i, which tmpfs supports and which stops root too). Needs
root, mount(8) and chattr(1); skipped with a message otherwise.

Each fault must give a Japanese 503 (API), a Japanese message (Gradio event), /healthz 503 with the
reason, and recovery without a restart; nothing stored before the fault may be lost.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from advisor.config import Settings
from tests.live_server import LiveServer, copy_index
from tests.test_hardening import assert_japanese_json, gradio_call

pytestmark = pytest.mark.slow


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, text=True)


@contextmanager
def mounted_tmpfs(point: Path, options: str) -> Iterator[Path]:
    """A tmpfs mounted at ``point`` for the block (skips the test where that cannot be done)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("storage fault tests need root and mount(8) to make a small tmpfs")
    point.mkdir(parents=True, exist_ok=True)
    try:
        _mount("-t", "tmpfs", "-o", options, "tmpfs", str(point))
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"cannot mount a tmpfs here ({exc.stderr.strip()}); storage fault test skipped")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


@pytest.fixture(scope="module")
def tmpfs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with mounted_tmpfs(tmp_path_factory.mktemp("faults") / "mnt", "size=48m") as point:
        yield point


@pytest.fixture(scope="module")
def server(tmpfs: Path, built_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = copy_index(built_settings.data_dir, tmpfs / "data")
    log = tmp_path_factory.mktemp("faults-log") / "server.log"  # outside the tmpfs: it must stay writable
    with LiveServer(data, built_settings.corpus_dir, log, {"ADVISOR_RATE_LIMIT_PER_MINUTE": "0"}) as live:
        yield live


def ask(server: LiveServer, question: str, session_id: str | None = None) -> httpx.Response:
    return httpx.post(f"{server.url}/api/ask", json={"question": question, "session_id": session_id}, timeout=120)


def stored_messages(server: LiveServer) -> list[tuple[int, str, str]]:
    # Read through a copy: opening the live file read-write from here would hide a read-only mount.
    with sqlite3.connect(f"file:{server.data_dir / 'advisor.sqlite3'}?mode=ro", uri=True) as con:
        return [(r[0], r[1], r[2]) for r in con.execute("SELECT id, role, content FROM messages ORDER BY id")]


def assert_consistent(messages: list[tuple[int, str, str]]) -> None:
    """Every assistant reply follows its user message (no half-written turn that lost its question)."""
    for i, (_, role, _) in enumerate(messages):
        if role == "assistant":
            assert i > 0 and messages[i - 1][1] in ("user", "assistant"), messages[max(0, i - 2): i + 1]


def _immutable(path: Path, on: bool) -> None:
    subprocess.run(["chattr", "-R", "+i" if on else "-i", str(path)], check=True, capture_output=True, text=True)


def test_read_only_data_dir_mid_run_gives_japanese_503_and_recovers(server: LiveServer, tmpfs: Path) -> None:
    if shutil.which("chattr") is None:
        pytest.skip("chattr(1) is needed to make the data dir read-only under a running server")
    first = ask(server, "AXとは何ですか？")
    assert first.status_code == 200
    sid = first.json()["session_id"]
    before = stored_messages(server)
    try:
        _immutable(server.data_dir, True)
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"chattr +i is not supported here ({exc.stderr.strip()})")
    try:
        for session in (sid, None):
            body = assert_japanese_json(ask(server, "AI導入の補助金は？", session), 503)
            assert body["error"] in ("database_unavailable", "storage_read_only", "unexpected_error"), body
            assert "readonly" not in body["message"]
        health = httpx.get(f"{server.url}/healthz")
        assert health.status_code == 503
        assert health.json()["storage"] == "read_only" and "保存" in health.json()["message"]
        events = gradio_call(server, "chat", '["AI導入の補助金は？", [], "", {}]'.encode(), {})
        shown = str(events[-1][1])
        assert "readonly" not in shown and ("保存" in shown or "問題" in shown), events[-1]
    finally:
        _immutable(server.data_dir, False)
    # Recovery without a restart: the same session continues, nothing stored before is lost.
    again = ask(server, "AI導入の補助金は？", sid)
    assert again.status_code == 200 and again.json()["session_id"] == sid
    assert httpx.get(f"{server.url}/healthz").status_code == 200
    after = stored_messages(server)
    assert after[: len(before)] == before and len(after) >= len(before) + 2
    assert_consistent(after)


def test_full_filesystem_gives_japanese_503_and_recovers(server: LiveServer, tmpfs: Path) -> None:
    first = ask(server, "省力化投資補助金の補助率は？")
    assert first.status_code == 200
    before = stored_messages(server)
    filler = tmpfs / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1M", "count=100"], capture_output=True)
    try:
        health = httpx.get(f"{server.url}/healthz")
        assert health.status_code == 503 and health.json()["storage"] == "disk_full", health.text
        # SQLite may still fit a turn into free pages; if not, the answer is a Japanese 503, never a 500.
        for _ in range(5):
            r = ask(server, "ものづくり補助金の上限は？" * 20)
            assert r.status_code in (200, 503), r.text[:200]
            if r.status_code == 503:
                assert_japanese_json(r, 503)
    finally:
        filler.unlink()
    assert httpx.get(f"{server.url}/healthz").status_code == 200
    assert ask(server, "ものづくり補助金の上限は？").status_code == 200
    after = stored_messages(server)
    assert after[: len(before)] == before
    assert_consistent(after)


def test_unusable_data_dir_at_start_is_one_clean_line(tmp_path: Path, built_settings: Settings) -> None:
    with mounted_tmpfs(tmp_path / "ro", "size=1m,ro") as point:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
        env.update({"ADVISOR_DATA_DIR": str(point / "data"), "ADVISOR_CORPUS_DIR": str(built_settings.corpus_dir)})
        proc = subprocess.run([sys.executable, "-m", "advisor.cli", "serve", "--port", "9"], env=env,
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip() and "Warning" not in line]
    assert "Traceback" not in proc.stderr and len(lines) == 1, proc.stderr
    assert "unusable" in lines[0] and "read_only" in lines[0]
