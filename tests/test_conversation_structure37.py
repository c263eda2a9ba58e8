"""What a follow-up refers to and asks, session 37 (NOTES.md "s37-conv"):

* 「その補助金」 after a question's reply that showed programs: every shown program whose name ends in the noun
  after その is a candidate, whatever script comes before that noun (「デジタル化・AI導入補助金」 ends in 補助金
  as 「ものづくり補助金」 does) — one candidate is the referent, several leave it open (NOTES "Lead, session 34");
* a slot word of three kanji typed by voice with other kanji of its sound (「補助律」 for 補助率) is that slot
  word, so a bare follow-up asks it and does not inherit the slot of the turn before.

Texts written for these tests, not copied from dataset rows."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import Frame, ProgramRef, understand
from tests.conftest import understand_conversation


def _showing(ids: list[str], catalog) -> Frame:  # noqa: ANN001
    return Frame(intent="question", shown=[ProgramRef(i, catalog.get(i).name.value, "mentioned") for i in ids])


def _referent(text: str, ids: list[str], catalog) -> list[str]:  # noqa: ANN001
    frame = understand(text, catalog=catalog, history=[_showing(ids, catalog)], parsed=parse_profile(text, None))
    return [p.id for p in frame.programs]


@pytest.mark.parametrize("ids", [
    ["digital-ai-donyu", "monodukuri"],
    ["monodukuri", "digital-ai-donyu"],
])
def test_that_subsidy_among_two_shown_subsidies_stays_open(bundled_catalog, ids: list[str]) -> None:
    # (ものづくり補助金 was taken because kana comes before its 補助金, not because it was meant)
    assert _referent("その補助金で、ソフトの年間ライセンス代も見てもらえますか？", ids, bundled_catalog) != ["monodukuri"]


@pytest.mark.parametrize(("ids", "expected"), [
    # look-alikes: one shown program of the kind named is the referent, whatever its name's script
    (["digital-ai-donyu", "dx-nintei"], ["digital-ai-donyu"]),
    (["yorozu-shien-kyoten", "monodukuri"], ["monodukuri"]),
])
def test_that_subsidy_among_one_shown_subsidy_is_that_one(bundled_catalog, ids: list[str], expected: list[str]) -> None:
    assert _referent("その補助金の補助率ってどれくらい？", ids, bundled_catalog) == expected


def test_that_network_is_still_the_shown_network(bundled_catalog) -> None:
    network = next(p.id for p in bundled_catalog.programs if p.name.value.endswith("ネットワーク"))
    assert _referent("そのネットワークにはどうやって入るの？", [network, "monodukuri"], bundled_catalog) == [network]


@pytest.mark.parametrize(("text", "slot"), [
    ("ほんでそれ補助律は", "rate"),
    ("それの控除律は？", "rate"),
])
def test_a_slot_word_typed_with_other_kanji_of_its_sound_is_asked(bundled_catalog, text: str, slot: str) -> None:
    first = "IT導入補助金っていくらまで出るん？"
    frame = understand_conversation([first, text], bundled_catalog)[-1]
    assert frame.slots[:1] == [slot]


@pytest.mark.parametrize("text", ["規律が厳しい業界でも使えますか？", "補助率は？"])
def test_other_kanji_words_are_left_as_typed(text: str) -> None:
    from advisor.understanding.references import by_sound

    assert by_sound(text) == text
