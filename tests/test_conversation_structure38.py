"""What a follow-up refers to and asks, session 38 (NOTES.md "s38-conv"):

* a short follow-up that asks whether the program just discussed is found in a place (「長野にもあるの？」
  after よろず支援拠点, its subject left out) asks a fact of that program that no document states (where its
  office is): it is not for the classifier alone, which reads the fragment as small talk about a place;
* a time or an amount asked of the program under discussion with its kind word as the predicate
  (「いつまで使える税制なの？」) asks that program's fact, not which programs fit.

Texts written for these tests, not copied from dataset rows."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import understand
from tests.conftest import understand_conversation


@pytest.mark.parametrize(("first", "then"), [
    # (e5 read these fragments by the place alone, a sightseeing spot, and declined them)
    ("よろず支援拠点ってどんなところ？", "函館にもあるんか"),
    ("よろず支援拠点は何を相談できるんですか", "石垣島にもあるの？"),
    ("よろず支援拠点って何してくれるとこ？", "鎌倉にもある？場所は？"),
    # look-alikes that held before: a place e5 does not read as small talk
    ("よろず支援拠点ってどんなところ？", "長野にもあるの？"),
    ("よろず支援拠点って何してくれるとこ？", "高知にもあるがか？場所はどこ？"),
])
def test_a_place_asked_of_the_body_just_discussed_is_its_office(bundled_catalog, first: str, then: str) -> None:
    frame = understand_conversation([first, then], bundled_catalog)[-1]
    assert frame.intent == "question"
    assert [p.id for p in frame.programs] == ["yorozu-shien-kyoten"]
    assert frame.not_stated == "procedure_rule"


@pytest.mark.parametrize("then", ["駅前にうまいラーメン屋ある？", "今日の晩ごはん何にしよう"])
def test_an_everyday_aside_after_the_body_is_still_declined(bundled_catalog, then: str) -> None:
    frame = understand_conversation(["よろず支援拠点ってどんなところ？", then], bundled_catalog)[-1]
    assert frame.intent == "off_topic"


@pytest.mark.parametrize(("first", "then", "program"), [
    ("DX投資促進税制ってなに？", "いつまで使える税制なの？", "dx-toshi-sokushin-zeisei"),
    ("ものづくり補助金の概要を教えて", "それっていつから申請できる補助金なんですか", "monodukuri"),
])
def test_a_time_asked_with_the_kind_as_predicate_is_of_the_program(bundled_catalog, first: str, then: str,
                                                                   program: str) -> None:
    frame = understand_conversation([first, then], bundled_catalog)[-1]
    assert frame.intent == "question"
    assert [p.id for p in frame.programs] == [program]
    assert "date" in frame.slots


def test_which_programs_fit_after_a_program_is_still_matching(bundled_catalog) -> None:
    # look-alike: the company's own facts and "which can we use" — matching, whatever was discussed before
    frame = understand_conversation(["DX投資促進税制ってなに？", "従業員12人の工務店です。今年うちで使える制度はある？"],
                                    bundled_catalog)[-1]
    assert frame.intent == "matching"


def _showing(ids: list[str], catalog) -> "Frame":  # noqa: ANN001
    from advisor.understanding import Frame, ProgramRef

    return Frame(intent="question", follow_up=True,
                 shown=[ProgramRef(i, catalog.get(i).name.value, "mentioned") for i in ids])


@pytest.mark.parametrize(("text", "ids"), [
    ("補助率は？", ["chuken-daikibo-seicho-toshi", "shoryokuka-ippan"]),
    ("募集のスケジュールってどうなってる？", ["shoryokuka-ippan", "chuken-daikibo-seicho-toshi"]),
])
def test_a_bare_follow_up_after_a_reply_without_a_referent_asks_what_it_showed(bundled_catalog, text: str,
                                                                                 ids: list[str]) -> None:
    # the reply before showed programs and named none as the referent (「その補助金」 left open among them): a bare
    # follow-up asks its slot of every program that reply showed, not of whatever the retrieval finds
    frame = understand(text, catalog=bundled_catalog, history=[_showing(ids, bundled_catalog)],
                       parsed=parse_profile(text, None))
    assert sorted(p.id for p in frame.programs) == sorted(ids)


def test_that_subsidy_among_shown_subsidies_still_stays_open(bundled_catalog) -> None:
    # look-alike: a pointer among several shown subsidies is left open (NOTES "Lead, session 34")
    text = "その補助金の補助率は？"
    frame = understand(text, catalog=bundled_catalog,
                       history=[_showing(["chuken-daikibo-seicho-toshi", "shoryokuka-ippan"], bundled_catalog)],
                       parsed=parse_profile(text, None))
    assert frame.programs == []
