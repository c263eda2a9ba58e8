"""A bare follow-up typed in romaji — the topic and a particle asking of it, 「jougen wa?」 — is
read as Japanese (romaji.japanese_in_romaji), though it is too short for the function-word count
that reads longer romaji messages; English words, and more than the follow-up, are not
(NOTES.md "s37-romaji"). Texts written for these tests, not taken from any row."""

from __future__ import annotations

import pytest

from advisor.understanding import romaji
from tests.conftest import last_reply


@pytest.mark.parametrize("text, kana", [
    ("jougen wa?", "じょうげん わ?"),
    ("taishou keihi wa?", "たいしょう けいひ わ?"),
    ("shimekiri ka", "しめきり か"),
])
def test_a_bare_romaji_follow_up_is_read_in_kana(text: str, kana: str) -> None:
    assert romaji.japanese_in_romaji(text) and romaji.to_kana(text) == kana


@pytest.mark.parametrize("text", [
    "tax wa?",  # an English word: not a romaji syllable sequence
    "Hello ka",
    "jougen wa? thanks",  # more than the follow-up
    "wa jougen",  # no particle at its end
    "ii wa",  # too short to be a topic
    "上限 wa?",  # Japanese script: read as typed
])
def test_other_short_latin_text_is_not_romaji(text: str) -> None:
    assert not romaji.japanese_in_romaji(text)


def test_a_romaji_follow_up_asks_its_slot_of_the_program_discussed(advisor) -> None:  # noqa: ANN001
    reply = last_reply(advisor, ["デジタル化・AI導入補助金について教えて", "hojo ritsu wa?"])
    first = reply.answer.text.split("。")[0]
    assert not reply.blocked and reply.answer.grounded and "補助率" in first and "1/2" in first


def test_a_romaji_follow_up_of_an_unstated_slot_says_so(advisor) -> None:  # noqa: ANN001
    reply = last_reply(advisor, ["カタログ型の補助金の上限はいくら？", "hojo ritsu wa?"])
    assert not reply.blocked and not reply.answer.grounded and "記載がありません" in reply.answer.text
