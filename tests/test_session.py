"""advisor.session on the real index, real catalog and a real SQLite file: routing, profile across
turns, persistence across a restart (in-process and through `advisor ask`), feedback, export."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.config import REPO_ROOT, Settings
from advisor.db import Database, DatabaseError
from advisor.programs import parse_profile
from advisor.session import Advisor, UnknownSession, profile_from_json, profile_to_json, reported_intent
from advisor.understanding import understand
from tests.conftest import make_settings


@pytest.fixture()
def settings(built_settings: Settings, tmp_path: Path) -> Settings:
    """The shared index copied into a data dir of this test's own, so its database is private."""
    data = tmp_path / "data"
    shutil.copytree(built_settings.index_dir, data / "index")
    return make_settings(data)


@pytest.fixture()
def advisor(settings: Settings, retriever) -> Advisor:  # noqa: ANN001 - session fixture from conftest
    # The shared retriever reads an identical index; the database is this test's own.
    return Advisor(settings, retriever=retriever)


def _intent(message: str) -> str:
    return reported_intent(understand(message, parsed=parse_profile(message)))


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("こんにちは", "small_talk"),
        ("ありがとうございました！", "small_talk"),
        ("デジタル化・AI導入補助金の補助率は？", "question"),
        ("うちの会社で使える補助金はありますか？", "matching"),
        ("どんな支援策がありますか", "matching"),
        ("熊本県で自動車部品を作っている従業員45人の会社です。AIで検査を自動化したい", "profile"),
        ("AXは何から始めればよいですか？", "next_steps"),
        ("ものづくり補助金の申請書のAXの部分の下書きを作ってください", "draft"),
        ("Which subsidies can a small manufacturer use?", "matching"),
    ],
)
def test_intent_routing(message: str, expected: str) -> None:
    assert _intent(message) == expected


def test_profile_accumulates_across_turns_with_confirmation(advisor: Advisor) -> None:
    sid = advisor.new_session()
    first = advisor.turn(sid, "熊本県菊陽町で自動車部品を製造しています。")
    assert first.intent == "profile"
    assert "理解しました" in first.answer.text
    assert first.profile["prefecture"] == "熊本県"
    assert first.profile["industry"]["jsic_code"] == "E"

    second = advisor.turn(sid, "従業員は45人です。AIで検査を自動化したい")
    assert second.profile["employees"] == 45
    assert second.profile["industry"]["jsic_code"] == "E", "earlier facts must be kept"
    assert any("45" in line for line in second.understood)
    statuses = {m["program"]: m["status"] for m in second.matches}
    assert statuses["IT導入補助金2023"] == "no_fit"
    assert "fit" in statuses.values()
    # The matching answer cites the catalog evidence for what it claims.
    assert second.answer.citations
    assert "[1]" in second.answer.text


def test_question_turn_is_cited_and_streams(advisor: Advisor) -> None:
    sid = advisor.new_session()
    parts = list(advisor.stream_turn(sid, "中小企業省力化投資補助金の補助率を教えてください"))
    deltas = [p for p in parts if isinstance(p, str)]
    result = parts[-1]
    assert result.intent == "question"
    assert len(deltas) > 1, "the answer should arrive in several deltas"
    assert "".join(deltas).strip() == result.answer.text.strip()
    assert result.answer.citations
    assert "1/2" in result.answer.text or "2/3" in result.answer.text


def test_restart_continues_conversation_and_profile(settings: Settings) -> None:
    first = Advisor(settings)
    sid = first.new_session()
    first.turn(sid, "福岡県の食品スーパーで、パート含め12人の会社です。")
    first.turn(sid, "デジタル化・AI導入補助金の補助率は？")
    del first

    restarted = Advisor(settings)  # a new process would see exactly this: only the SQLite file
    assert restarted.has_session(sid)
    history = restarted.history(sid)
    assert [m["role"] for m in history] == ["user", "assistant", "user", "assistant"]
    profile = restarted.get_profile(sid)
    assert profile.prefecture == "福岡県"
    assert profile.employees == 12
    third = restarted.turn(sid, "うちで使える補助金はありますか？")
    assert third.intent == "matching"
    assert "福岡県" in third.answer.text or third.profile["prefecture"] == "福岡県"


def test_profile_json_roundtrip_is_exact() -> None:
    parsed = parse_profile("熊本県菊陽町の製造業（自動車部品）、従業員10〜20人、年商3.2億、投資は3,000万円。AIで検査を自動化したい")
    assert profile_from_json(profile_to_json(parsed.profile)).to_dict() == parsed.profile.to_dict()


def test_bad_input_gets_japanese_message_and_is_stored_safely(advisor: Advisor, settings: Settings) -> None:
    sid = advisor.new_session()
    empty = advisor.turn(sid, "   ")
    assert empty.blocked and "入力" in empty.answer.text
    long = advisor.turn(sid, "あ" * (settings.max_message_chars + 1))
    assert long.blocked and "長すぎ" in long.answer.text
    html = advisor.turn(sid, "<script>alert(1)</script><img src=x onerror=alert(2)> 補助金の補助率は？")
    assert not html.answer.text.count("<script>"), "markup must never be echoed back"
    stored = advisor.history(sid)
    assert len(stored) == 6, "every turn, even a refused one, is recorded"


def test_personal_data_is_masked_before_storage(advisor: Advisor, settings: Settings) -> None:
    sid = advisor.new_session()
    advisor.turn(sid, "連絡先は 090-1234-5678、taro@example.co.jp です。補助金の相談をしたい。")
    with sqlite3.connect(settings.database_path) as conn:
        stored = " ".join(row[0] for row in conn.execute("SELECT content FROM messages WHERE session_id = ?", (sid,)))
    assert "090-1234-5678" not in stored
    assert "taro@example.co.jp" not in stored


def test_out_of_scope_is_redirected(advisor: Advisor) -> None:
    sid = advisor.new_session()
    result = advisor.turn(sid, "明日の東京の天気を教えて")
    assert result.blocked
    assert result.answer.text


def test_feedback_is_validated_and_stored(advisor: Advisor) -> None:
    sid = advisor.new_session()
    result = advisor.turn(sid, "ものづくり補助金の補助上限額は？")
    advisor.record_feedback(sid, result.message_id, 1, "分かりやすい。電話 03-1111-2222")
    rows = advisor.db.feedback(sid)
    assert len(rows) == 1 and rows[0]["rating"] == 1
    assert "03-1111-2222" not in rows[0]["comment"]
    with pytest.raises(ValueError):
        advisor.record_feedback(sid, result.message_id, 5)
    other = advisor.new_session()
    with pytest.raises(ValueError):
        advisor.record_feedback(other, result.message_id, -1)  # not this session's message
    with pytest.raises(UnknownSession):
        advisor.record_feedback("no-such-session", result.message_id, 1)


def test_update_profile_from_panel_keeps_other_fields(advisor: Advisor) -> None:
    sid = advisor.new_session()
    advisor.turn(sid, "熊本県で自動車部品を製造しています。")
    parsed = advisor.update_profile(sid, {"employees": "45人", "annual_sales_jpy": "5億円"})
    assert not parsed.rejected
    profile = advisor.get_profile(sid)
    assert profile.employees == 45 and profile.annual_sales_jpy == 500_000_000
    assert profile.prefecture == "熊本県"
    rejected = advisor.update_profile(sid, {"employees": "-3人"})
    assert rejected.rejected
    assert advisor.get_profile(sid).employees == 45, "an absurd value must not overwrite a good one"


def test_draft_and_export(advisor: Advisor) -> None:
    sid = advisor.new_session()
    advisor.turn(sid, "熊本県の製造業（自動車部品）で従業員45人です。AIで検査を自動化したい")
    draft = advisor.draft(sid, "ものづくり補助金")
    assert "【要記入" in draft.markdown
    assert draft.to_docx()[:2] == b"PK"
    exported = advisor.export_markdown(sid)
    assert "従業員数: 45人" in exported
    assert "出典" in exported
    assert exported.count("### ご質問") == 1


def test_corrupt_database_is_reported_for_operators(tmp_path: Path) -> None:
    path = tmp_path / "advisor.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError) as err:
        Database(path)
    assert str(path) in str(err.value)
    assert path.read_bytes().startswith(b"this is not"), "the file must be left as it was"


def _ask(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ADVISOR_DATA_DIR": str(settings.data_dir), "ADVISOR_CORPUS_DIR": str(REPO_ROOT / "corpus")}
    return subprocess.run([sys.executable, "-m", "advisor.cli", "ask", *args], capture_output=True, text=True,
                          env=env, cwd=REPO_ROOT, timeout=300)


def test_cli_ask_resumes_session_after_restart(settings: Settings) -> None:
    first = _ask(settings, "--session", "kumamoto-1", "熊本県で自動車部品を作っている従業員45人の会社です。")
    assert first.returncode == 0, first.stderr
    assert "理解しました" in first.stdout
    second = _ask(settings, "--session", "kumamoto-1", "--json", "うちで使える補助金はありますか？")
    assert second.returncode == 0, second.stderr
    assert "再開" in second.stderr
    import json

    result = json.loads(second.stdout)
    assert result["session_id"] == "kumamoto-1"
    assert result["profile"]["employees"] == 45
    assert result["intent"] == "matching"


def test_cli_ask_interactive_loop(settings: Settings) -> None:
    env = {**os.environ, "ADVISOR_DATA_DIR": str(settings.data_dir), "ADVISOR_CORPUS_DIR": str(REPO_ROOT / "corpus")}
    run = subprocess.run([sys.executable, "-m", "advisor.cli", "ask", "--session", "loop-1"],
                         input="ものづくり補助金の補助上限額は？\n/profile\n/quit\n", capture_output=True, text=True,
                         env=env, cwd=REPO_ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "質問>" in run.stdout
    assert "出典" in run.stdout
    assert "（まだ情報がありません）" in run.stdout
