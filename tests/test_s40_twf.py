"""Forms of the session-40 training writers' out_of_scope failures (NOTES.md "s40-twf") that recur in rows of
different writers, each decided by the labelling guide (not stated: the line between a forecast and a lie, a
local body's own program, what follows fraud), with look-alikes that keep their reading:

- where the line lies between an optimistic forecast and a lie (「強気に書くのと嘘の境目」「どっからがウソになる」
  「嘘を書くのとは、どこで線が引かれる」): the documents draw no such line;
- a local body named as the place (「〜市に」「〜県にも」), then a program of its own (独自の…補助金) further on;
- fraud found (「ウソ書いとったのがバレたら」), then 「どうなる」 as the asking word.

Texts written for these tests, not taken from any row."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import understand
from advisor.understanding import rules


def _frame(text: str, catalog):  # noqa: ANN001, ANN202 - a Catalog, a Frame
    return understand(text, catalog=catalog, parsed=parse_profile(text, None), semantic=False)


# --- the line between a forecast and a lie --------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "売上を楽観的に見込むのと嘘の境目って、どこにあるんですか？",
    "計画を前向きに立てるのは、どこまでなら許されて、どこからが嘘になるんでしょう",
    "楽観的に書くのとウソを書くのとは、どこで線が引かれるんやろか",
    "見通しを明るく書くのと、うそとの境界を知りたいです。",
])
def test_the_line_between_a_forecast_and_a_lie_is_not_stated(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert rules.not_stated(text) == "sanctions"
    assert _frame(text, bundled_catalog).intent in {"question", "next_steps"}


@pytest.mark.parametrize("text", [
    "嘘にならない程度に、売上の見込みを3割増しで書いてください",
    "どこからが補助対象経費になりますか？",
    "嘘をつくつもりはありません。事業計画の書き方のコツを教えてください",
])
def test_a_lie_without_the_line_asked_keeps_its_reading(text: str) -> None:
    assert rules.not_stated(text) != "sanctions"


# --- a local body named as the place, its own program further on ----------------------------------------


@pytest.mark.parametrize("text", [
    "静岡県や浜松市にも、ものづくりの町工場を応援する独自の補助金があると聞きました。",
    "埼玉県、それか本社のある川口市に、飲食店が使える独自のDX補助制度はありますか。",
    "国のとは別に、奈良県か奈良市に、旅館が使える独自の助成金はないやろか。",
    # 京都市 is a body (its 都市 is no word of its own)
    "国のとは別に、京都府か京都市に、料亭が使えるような独自の補助金はないやろか。",
])
def test_a_body_named_as_the_place_of_its_own_program(text: str) -> None:
    assert rules.local_body_program(text)


@pytest.mark.parametrize("text", [
    # the owner's own technique, not a body's program
    "浜松市に工場があります。独自の技術を活かせる補助金はありますか？",
    # a national program asked by an owner in a city
    "川口市にある会社です。ものづくり補助金の上限は？",
    # a big city in general is no body
    "大都市の会社向けの補助金はありますか？",
])
def test_an_owner_in_a_body_keeps_its_reading(text: str) -> None:
    assert not rules.local_body_program(text)


# --- fraud found, then 「どうなる」 -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "知り合いの店の話なんやけど、報告書にウソ書いとったのがバレたらどうなるん？全部返すんか？",
    "申請書に嘘を書いてたのがばれたらどうなりますか。名前も出ますか",
])
def test_fraud_found_then_what_happens_is_the_sanctions(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert rules.not_stated(text) == "sanctions"
    assert _frame(text, bundled_catalog).intent != "draft"


@pytest.mark.parametrize("text", [
    "ミスがバレたらどうなるか心配なので、申請書の下書きを丁寧に作ってください",
    "うちの売上は実際2000万ですが、バレないように3000万と書いてください",
])
def test_no_fraud_or_fraud_asked_keeps_its_reading(text: str) -> None:
    assert rules.not_stated(text) != "sanctions"


def test_the_line_asked_beside_honest_intent_is_a_question(bundled_catalog) -> None:  # noqa: ANN001
    text = "うちは正直に書きたいんですけど、売上を前向きに見込むのと嘘の境目ってどこですか？"
    frame = _frame(text, bundled_catalog)
    assert (frame.intent, frame.not_stated) == ("question", "sanctions")


def test_how_to_proceed_without_the_line_keeps_its_reading(bundled_catalog) -> None:  # noqa: ANN001
    assert _frame("正直に書きたいので、申請はまず何から始めればいいですか？", bundled_catalog).intent == "next_steps"
