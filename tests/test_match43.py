"""A need told without the company's size: the subsidies whose purpose fits lead the recommendation,
each saying which fact decides eligibility, and 「それ」 next refers to the first of them (NOTES.md
"A need without a company size: what is recommended, session 43 (s43-match)")."""

from __future__ import annotations

import pytest

from advisor.chains.program_advice import advise_programs
from advisor.config import REPO_ROOT, Settings
from advisor.programs import load_catalog, match_and_rank, match_programs, parse_profile, recommend_programs
from advisor.ui.render import cards_html

_ADVICE_KINDS = {"support_body", "network", "training", "certification"}
_EQUIPMENT = {"shoryokuka-ippan", "shoryokuka-catalog", "monodukuri"}
_SOFTWARE = {"digital-ai-donyu"}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory):
    return load_catalog(Settings(data_dir=tmp_path_factory.mktemp("match43"), corpus_dir=REPO_ROOT / "corpus"))


def _recommended(text: str, catalog) -> list:  # noqa: ANN001 - a Catalog
    profile = parse_profile(text).profile
    return recommend_programs(profile, match_programs(profile, catalog), catalog)


# Own wordings: a concrete need, no headcount, no capital (sometimes no industry either).
NEEDS_WITHOUT_SIZE = [
    ("物流センターの人手が足りません。搬送ロボットやセンサーを入れたいのですが、補助金はありますか。", _EQUIPMENT),
    ("検品作業をロボットで自動化したい。補助金を教えて", _EQUIPMENT),
    ("配送センターの仕分けを自動化する機械を入れたい。補助金ある？", _EQUIPMENT),
    ("製造業です。AIで検査を自動化したい。", _EQUIPMENT | _SOFTWARE),
    ("AIで見積もりを自動で作れるようにしたい。使える補助金はありますか？", _SOFTWARE),
    ("予約システムを導入したいです。何か補助金は？", _SOFTWARE),
    ("在庫管理にIoTセンサーを入れたいのですが、補助金はありますか", _EQUIPMENT | _SOFTWARE),
    ("AIチャットボットで問い合わせ対応を減らしたい", _SOFTWARE),
]


@pytest.mark.parametrize(("text", "fitting"), NEEDS_WITHOUT_SIZE)
def test_a_need_without_size_leads_with_a_subsidy_for_it(text: str, fitting: set[str], catalog) -> None:
    recs = _recommended(text, catalog)
    assert recs, text
    first = recs[0]
    assert first.result.kind == "subsidy" and first.result.program_id in fitting, [r.result.program_id for r in recs]
    # Its verdict still waits for the size, and the recommendation says which facts decide it.
    assert first.result.status == "needs_info" and "従業員数" in first.pending
    # No support body, certification or training course before the first subsidy.
    assert first.result.kind not in _ADVICE_KINDS


# Look-alikes: the size is told (or the owner asks for advice or training): today's ranking is kept.
SIZE_TOLD = [
    ("製造業、従業員30人、熊本県。検品をロボットで自動化したい。", ["shoryokuka-ippan", "shoryokuka-catalog", "monodukuri"]),
    ("岐阜県で工務店をしています。従業員12人です。AIで見積もりを作るソフトを導入したい。",
     ["digital-ai-donyu", "shoryokuka-ippan", "monodukuri"]),
    ("小売業で従業員8人です。予約システムを導入したい。", ["digital-ai-donyu", "shoryokuka-ippan", "shoryokuka-catalog"]),
    ("物流倉庫を運営しています（運輸業、従業員40人）。在庫管理にIoTセンサーを入れたい。",
     ["digital-ai-donyu", "shoryokuka-ippan", "shoryokuka-catalog"]),
    ("資本金1,000万円の卸売業です。倉庫の検品をロボットで自動化したい。", ["shoryokuka-ippan", "shoryokuka-catalog", "monodukuri"]),
    ("従業員500人の製造業です。AIで検査を自動化したい。", ["digital-jinzai-ikusei-pf", "dx-nintei", "yorozu-shien-kyoten"]),
    ("何から手をつければいいか相談したい", ["yorozu-shien-kyoten", "digital-jinzai-ikusei-pf", "dx-nintei"]),
    ("AIを勉強したいのですが、研修はありますか", ["digital-jinzai-ikusei-pf", "yorozu-shien-kyoten", "dx-nintei"]),
]


@pytest.mark.parametrize(("text", "expected"), SIZE_TOLD)
def test_with_size_told_or_advice_asked_the_ranking_is_kept(text: str, expected: list[str], catalog) -> None:
    recs = _recommended(text, catalog)
    assert [r.result.program_id for r in recs] == expected
    assert all(r.result.status == "fit" and not getattr(r, "pending", []) for r in recs)


def test_the_reply_says_which_fact_is_missing_and_lists_each_program_once(catalog) -> None:
    profile = parse_profile("物流センターの人手が足りません。搬送ロボットやセンサーを入れたいのですが、補助金はありますか。").profile
    results = match_and_rank(profile, catalog)
    text = advise_programs(profile, results).text
    first_line = next(line for line in text.splitlines() if line.startswith("1. "))
    assert first_line.startswith("1. 中小企業省力化投資補助金") and "判定には" in first_line and "従業員数" in first_line
    needs = text.split("■ 判定に情報が必要な制度")[1].split("■")[0] if "■ 判定に情報が必要な制度" in text else ""
    for r in results:
        if r.recommended:
            assert r.program_name not in needs  # shown once, as a recommendation
    html = cards_html([m.to_dict() for m in results])
    assert html.count("aria-label='中小企業省力化投資補助金（一般型）'") == 1


def test_that_subsidy_after_a_need_without_size_is_the_first_recommended(advisor) -> None:  # noqa: ANN001
    sid = advisor.new_session()
    first = advisor.turn(sid, "物流センターの人手が足りません。搬送ロボットやセンサーを入れたいのですが、補助金はありますか。")
    assert "。。" not in first.answer.text
    assert first.frame["programs"][0]["id"] == "shoryokuka-ippan"
    rate = advisor.turn(sid, "それの補助率は？")
    assert rate.frame["programs"][0]["id"] == "shoryokuka-ippan"
    assert "1/2" in rate.answer.text and "よろず" not in rate.answer.text.split("\n")[0]
    cap = advisor.turn(sid, "上限は？")
    assert "1億円" in cap.answer.text.split("\n")[0]
    again = advisor.turn(advisor.new_session(), "検品作業をロボットで自動化したい。補助金を教えて")
    sid2 = again.session_id
    assert "補助率" in advisor.turn(sid2, "その補助金の補助率は？").answer.text
