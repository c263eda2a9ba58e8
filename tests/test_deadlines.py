"""Deadline and round awareness: periods read from passages, status for ADVISOR_TODAY, the
sentence the answer adds, and the answer itself before, during and after a 公募期間."""

from __future__ import annotations

from datetime import date

import pytest

from advisor.config import Settings
from advisor.deadlines import Period, deadline_notice, parse_period, round_status, status_sentence
from advisor.types import Citation

from tests.conftest import tiny_settings


@pytest.mark.parametrize(
    ("text", "year", "start", "end", "time"),
    [
        ("公募期間：2026 年 2 月6日（金）～5月8日（金）17:00（厳守）", None, date(2026, 2, 6), date(2026, 5, 8), "17:00"),
        ("公募期間:令和7年12月23日(火)~令和8年3月26日(木)18:00まで", None, date(2025, 12, 23), date(2026, 3, 26), "18:00"),
        ("公募期間：12月1日～2月27日", 2026, date(2026, 12, 1), date(2027, 2, 27), ""),  # crosses a year end
        ("申請受付開始:2025年5月1日(木)\n申請受付締切:2025年6月13日(金)17:00", None, date(2025, 5, 1), date(2025, 6, 13), "17:00"),
        ("申請締切 :2026 年 5 月 8 日(金)17:00※2採択公表", None, None, date(2026, 5, 8), "17:00"),
        ("応募締切：令和8年3月26日（木）18:00", None, None, date(2026, 3, 26), "18:00"),
    ],
)
def test_periods_are_read_from_passages(text, year, start, end, time):
    period = parse_period(text, default_year=year)
    assert period is not None
    assert (period.start, period.end, period.end_time) == (start, end, time)


def test_issuing_deadline_of_a_form_is_not_the_application_deadline():
    text = "事業支援計画書(様式4)発行の受付締切:2025年6月3日(火)\n申請受付締切:2025年6月13日(金)17:00"
    assert parse_period(text).end == date(2025, 6, 13)
    assert parse_period("様式4発行の受付締切:2025年6月3日(火)") is None


@pytest.mark.parametrize(
    "text",
    ["申請締切日時点で有効な経営革新計画", "締切は事務局ホームページで公表します", "公募期間：未定", "申請締切：2月30日"],
)
def test_no_period_without_a_real_date(text):
    assert parse_period(text, default_year=2026) is None


def test_round_comes_from_text_or_title():
    assert parse_period("申請締切：2026年5月8日", title="公募要領（第23次公募）").round == "第23次"
    assert parse_period("第17回公募 申請受付締切:2025年6月13日").round == "第17回"


def test_status_for_today_before_during_after():
    p = Period(start=date(2026, 2, 6), end=date(2026, 5, 8), end_time="17:00", round="第23次")
    assert round_status(p, date(2026, 1, 31)) == "予定"
    assert round_status(p, date(2026, 2, 6)) == "公募中"
    assert round_status(p, date(2026, 5, 8)) == "公募中"  # the deadline day is still open until 17:00
    assert round_status(p, date(2026, 5, 9)) == "締切済み"
    assert round_status(None, date(2026, 5, 9)) == "不明"


def test_sentences():
    p = Period(start=date(2026, 2, 6), end=date(2026, 5, 8), end_time="17:00", round="第23次")
    closed = status_sentence(p, date(2026, 12, 1), "https://portal.example.jp/")
    assert closed.startswith("この公募（第23次）の締切は2026年5月8日17:00で、既に過ぎています。次回の公募は事務局の公式サイトで確認してください")
    assert "https://portal.example.jp/" in closed
    assert "締切まであと37日" in status_sentence(p, date(2026, 4, 1))
    assert "本日が締切" in status_sentence(p, date(2026, 5, 8))
    assert "2026年2月6日の予定" in status_sentence(p, date(2026, 1, 10))


def test_notice_names_status_source_and_page():
    c = Citation(source_id="m23", title="公募要領（第23次公募）", issuer="事務局", date="2026-02-06", page=32, section="",
                 passage="申請締切 :2026 年 5 月 8 日(金)17:00")
    notice = deadline_notice([c, c], date(2026, 12, 1), {"m23": "https://portal.example.jp/"})
    assert notice.count("締切済み") == 1 and "32ページ" in notice and "https://portal.example.jp/" in notice
    assert deadline_notice([c], date(2026, 4, 1)).count("あと37日") == 1
    other = Citation(source_id="x", title="t", issuer="i", date="", page=None, section="", passage="補助率は2分の1")
    assert deadline_notice([other], date(2026, 4, 1)) == ""


def test_advisor_today_setting(monkeypatch):
    monkeypatch.setenv("ADVISOR_TODAY", "2026-04-01")
    assert Settings().today_date() == date(2026, 4, 1)
    monkeypatch.setenv("ADVISOR_TODAY", "4月1日")
    with pytest.raises(ValueError, match="ADVISOR_TODAY must be a date"):
        Settings()
    monkeypatch.delenv("ADVISOR_TODAY")
    assert Settings().today_date() == date.today()


GUIDE = """# テスト設備補助金 公募要領（第23次公募）

## 申請手続
テスト設備補助金の申請締切：2026年5月8日（金）17:00です。公募開始：2026年2月6日（金）です。
申請は電子申請システムで受け付けます。

## 補助上限額
テスト設備補助金の補助上限額は1,000万円です。
"""


@pytest.fixture(scope="module")
def guide_settings(tmp_path_factory):
    from advisor.ingest.indexer import ingest

    settings = tiny_settings(tmp_path_factory.mktemp("deadline-answer"))
    (settings.documents_dir / "setsubi.md").write_text(GUIDE, encoding="utf-8")
    with settings.sources_file.open("a", encoding="utf-8") as fh:
        fh.write("  - id: setsubi-23\n    file: setsubi.md\n    title: テスト設備補助金 公募要領（第23次公募）\n"
                 "    issuer: テスト事務局\n    date: \"2026-02-06\"\n    kind: guideline\n    url: https://setsubi.example.jp/\n")
    assert not ingest(settings, progress=False).failed
    return settings


@pytest.mark.parametrize(
    ("today", "expected", "absent"),
    [
        ("2026-01-10", ["**予定**", "2026年2月6日の予定"], ["既に過ぎています"]),
        ("2026-04-01", ["**公募中**", "締切まであと37日"], ["既に過ぎています"]),
        ("2026-12-01", ["**締切済み**", "この公募（第23次）の締切は2026年5月8日17:00で、既に過ぎています。 [1] "
                        "次回の公募は事務局の公式サイトで確認してください", "https://setsubi.example.jp/"], ["あと"]),
    ],
)
def test_answer_states_the_round_status_for_today(guide_settings, today, expected, absent):
    from advisor.chains.answer import answer_question, stream_answer
    from advisor.retrieval.hybrid import Retriever

    settings = guide_settings.model_copy(update={"today": today})
    retriever = Retriever(settings)
    answer = answer_question("テスト設備補助金の申請締切はいつですか？", settings=settings, retriever=retriever, catalog=None, llm=None)
    assert "2026年5月8日" in answer.text.replace(" ", "")
    for words in expected:
        assert words in answer.text
    for words in absent:
        assert words not in answer.text
    # The status sentences carry the marker of the passage whose period they read: the answer's
    # citation coverage stays whole (the「公募の状況」heading is structure, not a statement).
    from advisor.chains.grounding import grounding_stats

    stats = grounding_stats(answer.text, answer.citations)
    assert stats["cited_sentences"] == stats["sentences"] > 0
    streamed = list(stream_answer("テスト設備補助金の申請締切はいつですか？", settings=settings, retriever=retriever, catalog=None, llm=None))
    assert "".join(x for x in streamed if isinstance(x, str)) == streamed[-1].text  # deltas add up to the answer


def test_no_status_sentence_when_no_period_is_cited(guide_settings):
    from advisor.chains.answer import answer_question
    from advisor.retrieval.hybrid import Retriever

    settings = guide_settings.model_copy(update={"today": "2026-12-01"})
    answer = answer_question("よろず支援拠点では何を相談できますか？", settings=settings, retriever=Retriever(settings), catalog=None, llm=None)
    assert "公募の状況" not in answer.text


@pytest.mark.parametrize(("today", "status"), [("2026-01-10", "予定"), ("2026-04-01", "公募中"), ("2026-12-01", "締切済み")])
def test_program_cards_and_matching_show_the_round_status(tmp_path, today, status):
    """The registry's 第23次 period of ものづくり補助金 gives the status; other subsidies without a
    registered 公募要領 say 不明, and non-subsidies carry none."""
    from advisor.cli.programs import run_match
    from advisor.ui.render import program_card

    from tests.conftest import make_settings

    settings = make_settings(tmp_path / "data", today=today)
    result = run_match(text="製造業、従業員30人、愛知県。設備投資で生産性を上げたい。", settings=settings)
    matches = {r.program_id: r.to_dict() for r in result["results"]}
    mono = matches["monodukuri"]
    assert mono["round_status"] == status and "第23次" in mono["round_label"] and "2026年5月8日17:00" in mono["round_label"]
    assert f"data-round-status='{status}'" in program_card(mono)
    assert matches["chuken-daikibo-seicho-toshi"]["round_status"] == "不明"
    assert matches["yorozu-shien-kyoten"]["round_status"] == ""
    assert "data-round-status" not in program_card(matches["yorozu-shien-kyoten"])


def test_matching_answer_names_the_round_status(tmp_path):
    from advisor.chains.program_advice import advise_programs
    from advisor.cli.programs import run_match

    from tests.conftest import make_settings

    for today, status in (("2026-04-01", "公募中"), ("2026-12-01", "締切済み")):
        result = run_match(text="製造業、従業員30人、愛知県。設備投資で生産性を上げたい。",
                           settings=make_settings(tmp_path / "data", today=today))
        text = advise_programs(result["parse"].profile, result["results"]).text
        line = next(line for line in text.splitlines() if "ものづくり補助金［" in line)
        assert f"［公募{status}（第23次・締切 2026年5月8日17:00）］" in line


def test_a_running_advisor_sees_the_round_a_sync_brought(tmp_path):
    """The session asks the catalog anew each turn (cached on mtimes): a round read by a sync from a
    new 公募要領 version shows without a restart."""
    import json

    from advisor.sources import state_path
    from advisor.session import Advisor

    from tests.conftest import make_settings

    settings = make_settings(tmp_path / "data", today="2026-12-01")
    advisor = Advisor(settings)
    assert advisor.catalog.rounds["monodukuri"].status == "締切済み"  # 第23次 closed on 2026-05-08
    state_path(settings).parent.mkdir(parents=True)
    period = {"start": "2026-11-04", "end": "2026-12-18T17:00", "evidence": "公募期間", "round": "第24次"}
    state_path(settings).write_text(json.dumps({"version": 1, "sources": {"monozukuri-23-koubo": {"sha256": "0" * 64, "period": period}}}),
                                    encoding="utf-8")
    now = advisor.catalog.rounds["monodukuri"]
    assert (now.status, now.round, now.deadline) == ("公募中", "第24次", "2026年12月18日17:00")
