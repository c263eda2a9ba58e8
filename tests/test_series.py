"""Workshop series: the rules, the "most changed" ranking and the reports (no storage, no screens)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from advisor.workshops.ranking import CRITERIA_TEXT, change_score, rank_most_changed
from advisor.workshops.reports import NO_CONSENT, recognition_sheet_markdown, round_report_markdown
from advisor.workshops.series import (AI_STAGES, Action, CaseWriteUp, CheckIn, Company, CompanyProgress, Evidence,
                                      Readiness, Round, Series, SeriesError, StageRecord, clean_text,
                                      format_company_key, normalise_code, suggested_actions, validate_evidence,
                                      validate_plan)

SERIES = Series("s1", "熊本AXゼミ", "熊本県", "熊本県商工会連合会", ("2026-12-01", "2027-01-15", "2027-02-20"), "2026-12-01")
ROUNDS = [Round(f"r{n}", "s1", n, f"CODE{n}", "2026-12-01") for n in (1, 2, 3)]


def progress_with(name: str, gain: int, completed: int, steps: int, evidence: int, rounds: int = 3,
                  quote: bool = False) -> CompanyProgress:
    """A company whose change has exactly the given components (the known answer)."""
    company = Company(f"id-{name}", "s1", name, f"sid-{name}", "2026-12-01", consent_quote=quote)
    first = 20 if gain >= 0 else 80
    readiness = {1: Readiness(first, ("推進体制",)), rounds: Readiness(first + gain, ())}
    actions = [Action(f"{name}の行動{i}", "その他", "社長", 2, "完了" if i < completed else "着手") for i in range(max(3, completed))]
    stages = {1: StageRecord(1, AI_STAGES[0], True), rounds: StageRecord(rounds, AI_STAGES[steps], True)}
    ev = [Evidence(2, "hours_saved", 5 + i, f"{name}の記録{i}") for i in range(evidence)]
    return CompanyProgress(company, list(range(1, rounds + 1)), readiness, actions, {}, stages, ev)


# --- rules ---------------------------------------------------------------------------------------


def test_plan_needs_three_to_five_actions_with_owner_and_known_status() -> None:
    row = {"text": "担当者を決める", "owner": "社長", "due_round": "2", "status": "未着手", "category": "推進体制づくり"}
    assert len(validate_plan([row] * 3 + [{"text": ""}] * 2, last_round=1)) == 3
    with pytest.raises(SeriesError, match="3〜5件"):
        validate_plan([row, row], last_round=1)
    with pytest.raises(SeriesError, match="3〜5件"):
        validate_plan([row] * 6, last_round=1)
    with pytest.raises(SeriesError, match="担当"):
        validate_plan([row, row, {**row, "owner": " "}], last_round=1)
    with pytest.raises(SeriesError, match="状況"):
        validate_plan([row, row, {**row, "status": "done"}], last_round=1)
    with pytest.raises(SeriesError, match="期限"):
        validate_plan([row, row, {**row, "due_round": "99"}], last_round=1)
    # An unknown category is not an error: it is filed under その他.
    assert validate_plan([row, row, {**row, "category": "?"}], last_round=1)[2].category == "その他"


def test_stored_text_has_personal_data_masked() -> None:
    text = clean_text("担当 山田 090-1234-5678 yamada@example.co.jp 熊本市中央区水前寺1丁目2番3号", 300)
    assert "090-1234-5678" not in text and "yamada@example.co.jp" not in text and "1丁目2番3号" not in text
    assert "【電話番号】" in text and "【メールアドレス】" in text and "熊本市" in text
    plan = validate_plan([{"text": "連絡先 096-123-4567 を共有", "owner": "a@b.jp", "due_round": 2}] * 3, last_round=1)
    assert "096-123-4567" not in plan[0].text and "a@b.jp" not in plan[0].owner


def test_company_key_is_typed_forgivingly() -> None:
    assert normalise_code("k7qmx－2pa9r ") == "K7QMX2PA9R"
    assert format_company_key("k7qmx2pa9r") == "K7QMX-2PA9R"


def test_evidence_needs_a_positive_figure_and_own_words() -> None:
    assert validate_evidence("hours_saved", "１２", "請求書入力が半日から1時間に", 2).figure == 12
    with pytest.raises(SeriesError, match="数字"):
        validate_evidence("hours_saved", "たくさん", "x", 2)
    with pytest.raises(SeriesError, match="自社の言葉"):
        validate_evidence("hours_saved", "3", " ", 2)


def test_suggested_plan_comes_from_readiness_gaps_then_programs() -> None:
    plan = suggested_actions(["推進体制", "セキュリティ"], ["中小企業省力化投資補助金"], round_number=1)
    assert [a.category for a in plan] == ["推進体制づくり", "情報管理ルール", "補助金・支援制度の申請"]
    assert all(a.due_round == 2 for a in plan)
    assert len(suggested_actions(["ビジョン", "目的起点", "推進体制", "業務の見える化", "データ記録", "人材育成"],
                                 ["x"], 1)) == 5


# --- ranking ------------------------------------------------------------------------------------


def test_ranking_follows_the_stated_criteria_and_tie_breaks() -> None:
    # A: +30 readiness, 1 action done -> 40. B: 0, 1 done, 1 stage -> 30... made equal on purpose:
    a = progress_with("A社", gain=30, completed=1, steps=0, evidence=0)   # 30 + 10 = 40
    b = progress_with("B社", gain=0, completed=1, steps=1, evidence=1)    # 10 + 20 + 10 = 40, stage moved
    c = progress_with("C社", gain=10, completed=0, steps=0, evidence=4)   # 10 + 30 (3 counted) = 40
    d = progress_with("D社", gain=90, completed=5, steps=2, evidence=3, rounds=1)  # one round: not ranked
    e = progress_with("E社", gain=-10, completed=0, steps=0, evidence=0)  # a drop subtracts
    ranked = rank_most_changed([e, c, d, a, b])
    assert [r.progress.company.name for r in ranked] == ["B社", "A社", "C社", "E社"]
    assert [r.score.total for r in ranked] == [40, 40, 40, -10]
    assert [r.rank for r in ranked] == [1, 2, 3, 4]
    assert ranked[2].score.evidence_counted == 3
    assert "準備度の伸び +30ポイント → +30点" in ranked[1].score.explanation()


def test_exact_ties_share_a_rank() -> None:
    twins = [progress_with("甲", 10, 2, 1, 1), progress_with("乙", 10, 2, 1, 1), progress_with("丙", 0, 0, 0, 0)]
    assert [r.rank for r in rank_most_changed(twins)] == [1, 1, 3]


components = st.tuples(st.integers(-40, 60), st.integers(0, 5), st.integers(0, 2), st.integers(0, 5))


@hsettings(max_examples=60, deadline=None)
@given(st.lists(components, min_size=2, max_size=8))
def test_ranking_on_generated_companies_matches_the_published_formula(parts: list[tuple[int, int, int, int]]) -> None:
    companies = [progress_with(f"社{i}", *p) for i, p in enumerate(parts)]
    ranked = rank_most_changed(companies)
    # The known answer, computed from the criteria as CRITERIA_TEXT states them.
    expected_total = {f"社{i}": g + 10 * c + 20 * s + 10 * min(e, 3) for i, (g, c, s, e) in enumerate(parts)}
    assert [r.score.total for r in ranked] == sorted(expected_total.values(), reverse=True)
    for r in ranked:
        assert r.score.total == expected_total[r.progress.company.name]
        # rank = 1 + number of companies strictly ahead by the stated order
        ahead = sum(1 for o in ranked if o.score.order_key() > r.score.order_key())
        assert r.rank == ahead + 1
    # The input order never matters.
    shuffled = companies[:]
    random.Random(0).shuffle(shuffled)
    ranks = {r.progress.company.name: r.rank for r in ranked}
    assert {r.progress.company.name: r.rank for r in rank_most_changed(shuffled)} == ranks


@hsettings(max_examples=40, deadline=None)
@given(st.lists(components, min_size=2, max_size=6), st.integers(0, 3))
def test_more_change_never_lowers_a_rank(parts: list[tuple[int, int, int, int]], criterion: int) -> None:
    before = rank_most_changed([progress_with(f"社{i}", *p) for i, p in enumerate(parts)])
    better = list(parts[0])
    better[criterion] = min(better[criterion] + 1, (60, 5, 2, 5)[criterion] + 1) if criterion != 2 else min(better[2] + 1, 2)
    after = rank_most_changed([progress_with(f"社{i}", *(tuple(better) if i == 0 else p)) for i, p in enumerate(parts)])
    rank = {r.progress.company.name: r.rank for r in before}["社0"]
    assert {r.progress.company.name: r.rank for r in after}["社0"] <= rank


def test_stage_counts_only_confirmed_moves() -> None:
    p = progress_with("A社", 0, 0, 2, 0)
    p.stages[3] = StageRecord(3, "本格導入", confirmed=False)
    p.stages[2] = StageRecord(2, "試行", confirmed=True)
    assert change_score(p).stage_steps == 1


# --- reports --------------------------------------------------------------------------------------


def _report_companies() -> list[CompanyProgress]:
    quoted = progress_with("山田精工", 30, 2, 1, 1, quote=True)
    quoted.checkins[3] = CheckIn(3, "検品の写真を集めた", "小さく試すと社内の理解が早い")
    quoted.evidence = [Evidence(3, "hours_saved", 12, "検品の記録が1日30分短くなった")]
    quoted.company = Company(quoted.company.id, "s1", "山田精工", "sid", "2026-12-01", True, True)
    quoted.case = CaseWriteUp("検品が属人化", "画像認識AIを試行", "検品時間を月12時間削減")
    quoted.topics, quoted.programs = ["省力化・自動化"], ["中小企業省力化投資補助金"]
    silent = progress_with("みどり食品", 10, 1, 0, 1, quote=False)
    silent.checkins[3] = CheckIn(3, "FAXをやめた", "社長の秘密の悩みは資金繰り")
    silent.evidence = [Evidence(3, "tool_in_use", 1, "受発注システムを導入、担当は090-1111-2222")]
    silent.case = CaseWriteUp("電話とFAX", "受発注システム", "誤発注ゼロ")  # written, but not consented
    silent.topics, silent.programs = ["ITツール導入"], ["中小企業省力化投資補助金"]
    return [quoted, silent]


def test_round_report_is_anonymous_and_quotes_only_consenting_companies() -> None:
    md = round_report_markdown(SERIES, ROUNDS[2], _report_companies())
    assert "参加企業数: 2社" in md and "中小企業省力化投資補助金（2社）" in md
    assert "- 推進体制づくり" not in md and "- その他（3件、2社）" in md  # completed actions by category only
    assert "山田精工の行動0" not in md
    assert "小さく試すと社内の理解が早い" in md and "検品の記録が1日30分短くなった" in md
    for secret in ("資金繰り", "受発注システムを導入", "090-1111-2222", "誤発注ゼロ", "みどり食品", "FAXをやめた"):
        assert secret not in md, secret
    # The company that agreed to publish its case appears with its name, in 課題 → 取組 → 成果 form.
    assert "### 山田精工" in md and "- 課題: 検品が属人化" in md and "- 成果: 検品時間を月12時間削減" in md
    # Only in the case section: the aggregate never names a company.
    assert md.count("山田精工") == 1


def test_recognition_sheet_states_criteria_and_hides_words_without_consent() -> None:
    companies = _report_companies()
    md = recognition_sheet_markdown(SERIES, ROUNDS, rank_most_changed(companies), "2027-02-20")
    for criterion in CRITERIA_TEXT:
        assert criterion in md
    assert "### 第1位 山田精工" in md and "### 第2位 みどり食品" in md
    assert "準備度の推移: 第1回 20点 → 第3回 50点" in md
    assert "「検品の記録が1日30分短くなった」" in md
    assert f"使い始めたAI・ツール 1件{NO_CONSENT}" in md
    for secret in ("受発注システムを導入", "090-1111-2222", "資金繰り", "誤発注ゼロ", "みどり食品の行動0"):
        assert secret not in md, secret
