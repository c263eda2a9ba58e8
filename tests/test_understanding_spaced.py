"""Japanese typed word by word (foreign-born writers, voice input) is read joined by the rules
(rules.unspaced; NOTES.md "Out-of-scope: decline, session 25")."""

from __future__ import annotations

import pytest

from advisor.programs import load_catalog, parse_profile
from advisor.understanding import rules, understand


@pytest.fixture(scope="module")
def catalog():
    from advisor.config import Settings

    return load_catalog(Settings())


def test_word_spaced_japanese_is_joined() -> None:
    assert rules.unspaced("じゃあ 最初 の 方、いつ でも 申し込める？") == "じゃあ最初の方、いつでも申し込める？"
    assert rules.unspaced("デジタル化・AI導入補助金 って なに？ かんたん に") == "デジタル化・AI導入補助金ってなに？かんたんに"


@pytest.mark.parametrize("text", [
    "What is the cap of the IT subsidy?",  # English
    "AI 導入 で使える補助金",  # a Latin word beside Japanese, one gap
    "補助金の申請をやっと出したから打ち上げしようと思って　駅の近くでうまい店教えて",  # one sentence break
])
def test_other_text_keeps_its_spaces(text: str) -> None:
    assert rules.unspaced(text) == text


def test_a_word_spaced_follow_up_points_back_like_a_joined_one(catalog) -> None:
    history = []
    for text in ("カタログ型 の 上限 いくら？", "一般型 は？", "じゃあ 最初 の 方、いつ でも 申し込める？"):
        history.append(understand(text, catalog=catalog, history=list(history), parsed=parse_profile(text, None)))
    assert [p.name for p in history[-1].programs] == [p.name for p in history[0].programs]


def test_a_word_spaced_everyday_ask_is_declined(catalog) -> None:
    text = "あたま いたい。くすり なに のめば いい？"
    assert understand(text, catalog=catalog, parsed=parse_profile(text, None)).intent == "off_topic"


@pytest.mark.parametrize("text, declined", [
    # session 25: a message typed in half-width katakana only is read as kana-typed Japanese by the
    # rules (e5 reads it as typed)
    ("ｳﾁﾉ ｺｳｼﾞｮｳ ﾆ ﾛﾎﾞｯﾄ ｲﾚﾀｲ. ﾂｶｴﾙ ﾎｼﾞｮｷﾝ ｱﾙ?", False),
    ("ｱｼﾀ ﾉ ﾃﾝｷ ｵｼｴﾃ ｸﾀﾞｻｲ", True),
])
def test_a_katakana_only_message_is_read_in_kana(text: str, declined: bool, catalog) -> None:
    intent = understand(text, catalog=catalog, parsed=parse_profile(text, None)).intent
    assert (intent in ("off_topic", "injection", "falsification")) == declined
