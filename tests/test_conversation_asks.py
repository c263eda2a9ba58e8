"""Session 26 conversation behaviours: a company description asking what there is to use, pain told
in everyday words (real e5 model, real catalog)."""

from __future__ import annotations

import pytest

from advisor.programs import load_catalog, parse_profile
from advisor.understanding import Frame, understand
from advisor.understanding.rules import asks_what_to_use


@pytest.fixture(scope="module")
def catalog(built_settings):
    return load_catalog(built_settings)


def _frame(text: str, catalog, history: list[Frame] | None = None) -> Frame:
    return understand(text, catalog=catalog, history=history, parsed=parse_profile(text))


@pytest.mark.parametrize("text", [
    "金沢で印刷業、従業員15人。受注伝票を手書きで回してて転記ミスばっかり。何が使える？",
    "大分で訪問介護やっとって職員40人。記録が紙で残業がひどい。どれか使えんかね？",
    "うちは社員6人の花屋です。注文の電話で手一杯で、配達の段取りが回らない。何かありますか",
])
def test_company_facts_then_what_can_we_use_asks_for_matching(text: str, catalog) -> None:
    assert _frame(text, catalog).intent == "matching"


@pytest.mark.parametrize("text", [
    "うちは社員10人です。申請で気をつけることは何かありますか",  # a thing asked about before 何か
    "うちは社員10人です。ものづくり補助金の補助率は何？",
])
def test_what_can_we_use_is_read_from_the_start_of_the_last_clause(text: str) -> None:
    assert not asks_what_to_use(text)


@pytest.mark.parametrize(("text", "pain"), [
    ("見積もりを作るのに毎回半日かかってて、兄がもう限界って言ってる。", True),
    ("配達ルートが毎日ぐちゃぐちゃで、注文の電話受けも手一杯。", True),
    ("予約の電話番と帳場の計算で手がとられる。", True),
    ("配車を電卓とホワイトボードで組んでて、毎朝社長が1時間かけてる。", True),
    ("福岡で運送業をしています。", False),
])
def test_pain_told_in_everyday_words_is_a_pain_point(text: str, pain: bool) -> None:
    assert bool(parse_profile(text).profile.pain_points) is pain


def test_what_fits_us_after_company_facts_asks_for_matching(catalog) -> None:
    text = "家族経営の農業法人で従業員9人です。選果と箱詰めが人手足りなくて困っています。何が合いますか？"
    assert _frame(text, catalog).intent == "matching"
    assert parse_profile(text).profile.pain_points


def _history(catalog, *texts: str) -> list[Frame]:
    frames: list[Frame] = []
    for text in texts:
        frames.append(_frame(text, catalog, list(frames)))
    return frames


@pytest.mark.parametrize(("after", "slot"), [("ものづくり補助金の上限はいくら？", "amount"), ("ものづくり補助金の補助率は？", "rate")])
@pytest.mark.parametrize("text", ["うちは社員28人", "うちは従業員3人の町工場です"])
def test_a_bare_headcount_after_a_cap_or_rate_is_its_condition(after: str, slot: str, text: str, catalog) -> None:
    frame = _frame(text, catalog, _history(catalog, after))
    assert frame.intent == "question" and frame.program_ids == ["monodukuri"] and frame.slot == slot
    assert frame.owner_employees is not None


def test_a_headcount_with_a_goal_after_a_cap_is_still_a_description(catalog) -> None:
    frame = _frame("うちは社員28人で、検品を自動化したいと考えています", catalog, _history(catalog, "ものづくり補助金の上限はいくら？"))
    assert frame.intent == "company_description"


def test_the_program_pointed_back_at_beside_a_headcount_is_asked_about(catalog) -> None:
    history = _history(catalog, "ものづくり補助金の補助率おしえて")
    frame = _frame("んで さっきの補助金　上限なんぼだっけ うち18人", catalog, history)
    assert frame.intent == "question" and frame.program_ids == ["monodukuri"] and frame.slot == "amount"


def test_in_that_case_asks_the_slot_just_asked(catalog) -> None:
    history = _history(catalog, "ものづくり補助金の補助率を教えてください", "上限は？")
    frame = _frame("参加者の鉄工所さん、従業員8人です。その場合は？", catalog, history)
    assert frame.slot == "amount" and frame.program_ids == ["monodukuri"]


def test_borrowing_in_general_means_the_loan_and_the_guarantee(catalog) -> None:
    history = _history(catalog, "DX認定って何？")
    frame = _frame("認定とったらお金借りるときに何か得ある？", catalog, history)
    assert frame.program_ids == ["jfc-dx-loan", "shinyo-hoken-dx-tokurei"]
    # the rate asked next is the loan's
    assert _frame("金利は具体的に何%？", catalog, [*history, frame]).program_ids == ["jfc-dx-loan"]
    # a lender named: the loan alone
    assert _frame("公庫で借りるときは？", catalog, history).program_ids == ["jfc-dx-loan"]


@pytest.mark.parametrize("text", ["認定取るのに何ヶ月くらいかかる？", "それ取るがに何ヶ月かかるが"])
def test_how_long_a_certification_takes_is_not_stated(text: str, catalog) -> None:
    assert _frame(text, catalog, _history(catalog, "DX認定について教えて")).not_stated == "procedure_rule"


def test_a_dialect_verb_is_no_certification_duration(catalog) -> None:
    assert _frame("うちは製造業やっとるけど、補助事業の期間はいつまで？", catalog).not_stated != "procedure_rule"


def test_a_family_asked_when_to_apply_answers_every_type(catalog) -> None:
    frame = _frame("省力化の補助金って、いつでも出せるんやっけ？", catalog)
    assert set(frame.program_ids) == {"shoryokuka-ippan", "shoryokuka-catalog"} and "date" in frame.slots
    # a type named: that type alone
    assert _frame("省力化のカタログ型って、いつでも出せる？", catalog).program_ids == ["shoryokuka-catalog"]


def test_the_timing_of_applying_is_a_date(catalog) -> None:
    history = _history(catalog, "省力化の補助金のカタログ型と一般型の違いを教えて")
    assert "date" in _frame("申請のタイミングはそれぞれどう違いますか", catalog, history).slots


def test_a_type_named_by_its_stem_is_asked_alone_when_to_apply(catalog) -> None:
    assert _frame("カタログから選ぶ省力化の補助金、締切あんの？", catalog).program_ids == ["shoryokuka-catalog"]
