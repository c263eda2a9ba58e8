"""DESIGN: "The UI shows the carried-over program so a wrong guess is visible", and "the UI holds no
logic that the CLI or API lacks". The web chat showed the context line; `advisor ask` (one
question, and the interactive loop) and the /embed widget did not. The widget is driven in
Chromium by tests/browser/test_app.py; here the CLI, as an operator runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from advisor.config import REPO_ROOT, Settings

FIRST = "ものづくり補助金の補助上限額は？"
FOLLOW_UP = "締切はいつ？"
CONTEXT = "についての質問として回答しています"


def _run(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ADVISOR_DATA_DIR": str(data), "ADVISOR_CORPUS_DIR": str(REPO_ROOT / "corpus")}
    return subprocess.run([sys.executable, "-m", "advisor.cli", "ask", *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=REPO_ROOT, timeout=300)


def test_cli_ask_shows_which_program_a_follow_up_was_taken_to_be_about(built_settings: Settings, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(built_settings.index_dir, data / "index")

    first = _run(data, "--session", "ctx-1", FIRST)
    assert first.returncode == 0, first.stderr
    assert CONTEXT not in first.stdout  # the program was named: nothing carried over
    follow = _run(data, "--session", "ctx-1", FOLLOW_UP)
    assert follow.returncode == 0, follow.stderr
    assert f"▶ ものづくり補助金{CONTEXT}" in follow.stdout, follow.stdout[:500]

    loop = _run(data, "--session", "ctx-2", stdin=f"{FIRST}\n{FOLLOW_UP}\n/quit\n")
    assert loop.returncode == 0, loop.stderr
    assert loop.stdout.count(f"▶ ものづくり補助金{CONTEXT}") == 1, loop.stdout[-800:]  # the follow-up only
