"""Messages read by sound against the domain's own closed vocabularies (NOTES.md "s32-nid" proposal 2,
built in s33-nid): a prefecture's name typed in kana is the prefecture (「ぐんまけん」 → 群馬県), a bare
「けん」 after it is its 県, and the program-type words typed with the wrong kanji of the same sound
(「女性金」 ジョセイキン → 助成金, 「補助禁」 → 補助金) are those words. The not_stated rules and the
unknown-program check then read what was meant. Honest look-alikes keep their grounded answer: a
prefecture named in kanji, 女性 in its own sense, a stated figure asked in other words.

Texts written for these tests, not taken from any row."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import references, understand


def _frame(text: str, catalog):  # noqa: ANN001, ANN202 - a Catalog, a Frame
    return understand(text, catalog=catalog, parsed=parse_profile(text, None), semantic=False)


def _reply(advisor, text: str):  # noqa: ANN001, ANN202 - session fixture, a TurnResult
    return advisor.turn(advisor.new_session(), text)


@pytest.mark.parametrize(("typed", "read"), [
    ("ぐんまけんの補助金ってある？", "群馬県の補助金ってある？"),
    ("うちは かごしまけんで 店をやってます", "うちは 鹿児島県で 店をやってます"),
    ("ほっかいどうにも窓口はありますか", "北海道にも窓口はありますか"),
    ("おおさかふの制度", "大阪府の制度"),
    ("雇用調整女性金のこと", "雇用調整助成金のこと"),
    ("ものづくり補助禁の上限", "ものづくり補助金の上限"),
])
def test_the_closed_vocabularies_are_read_by_sound(typed: str, read: str) -> None:
    assert references.by_sound(typed) == read


@pytest.mark.parametrize("text", [
    "女性の従業員が多い職場です",
    "女性起業家向けの融資はありますか",
    "群馬県の補助金",
    "けんとうしています",          # 検討: no prefecture before it
    "ながのさんの会社",             # a surname, no 県
    "金融機関の保証",
])
def test_look_alikes_are_left_as_typed(text: str) -> None:
    assert references.by_sound(text) == text


def test_a_bare_ken_after_a_prefecture_typed_in_kana_is_the_prefecture(bundled_catalog) -> None:  # noqa: ANN001
    text = "ぎふけんで 酒蔵のせつびを 入れかえるときの けんのほじょきんは どんなのがあるかね"
    assert "岐阜県" in references.by_sound(text)
    frame = _frame(text, bundled_catalog)
    assert frame.not_stated == "local_program"


def test_a_grant_typed_with_the_wrong_kanji_is_not_in_the_documents(advisor) -> None:  # noqa: ANN001
    reply = _reply(advisor, "雇用調整女性金って、うちみたいな小さい食堂でももらえるんかね")
    assert reply.answer is not None and not reply.answer.grounded


def test_a_stated_rate_asked_with_the_prefecture_in_kana_stays_answered(advisor) -> None:  # noqa: ANN001
    # the prefecture is where the owner is; the rate of a national program is stated
    reply = _reply(advisor, "みやざきけんの製材所です。ものづくり補助金の補助率はどのくらいですか")
    assert reply.answer is not None and reply.answer.grounded


# --- the asked object as a phrase in one selected sentence (NOTES.md "s32-nid" proposal 1) ---
# A value asked of a thing a prefecture binds (「宮崎県の最低賃金」「よろず支援拠点は福井県にも」) is
# answered only by a sentence that names both; the place in one quote and the thing in another is no
# answer. The place as where the owner is (「宮崎県の会社です」) binds nothing asked.
@pytest.mark.parametrize("text", [
    "ところで宮崎県の最低賃金って、いま時給いくらになってます？",
    "よろず支援拠点って福井県にもあるんですか？どこに行けば相談できます？",
])
def test_a_value_of_a_thing_a_prefecture_binds_needs_one_sentence_naming_both(advisor, text: str) -> None:  # noqa: ANN001
    reply = _reply(advisor, text)
    assert not reply.blocked and reply.answer is not None and not reply.answer.grounded
    assert "記載" in reply.answer.text


def test_the_unstated_value_of_a_place_says_what_the_documents_do_say(advisor) -> None:  # noqa: ANN001
    reply = _reply(advisor, "ところで宮崎県の最低賃金って、いま時給いくらになってます？")
    text = reply.answer.text
    assert text.startswith("資料には、宮崎県の最低賃金の記載がありません。")
    assert "資料にあるのは「" in text and "最低賃金" in text.split("資料にあるのは", 1)[1]
    assert reply.answer.citations and "確認してください" in text


@pytest.mark.parametrize("text", [
    "宮崎県の製材所です。ものづくり補助金の補助率はいくらですか",
    "うちは長野県の会社なんですが、省力化投資補助金のカタログ型って最高でなんぼまで出ます？",
])
def test_the_owners_prefecture_binds_nothing_asked(advisor, text: str) -> None:  # noqa: ANN001
    reply = _reply(advisor, text)
    assert reply.answer is not None and reply.answer.grounded


# --- a generic noun is no asked object (s33-conv's loose end) ---
def test_the_money_asked_where_to_borrow_is_no_thing_of_its_own(advisor) -> None:  # noqa: ANN001
    session = advisor.new_session()
    for text in ("中小企業信用保険法の特例って何ですか", "保証はいくらまで増えるの？"):
        advisor.turn(session, text)
    reply = advisor.turn(session, "じゃあ、そのお金はどこから借りるの？")
    assert reply.answer is not None and reply.answer.grounded
    assert "「お金」" not in reply.answer.text
