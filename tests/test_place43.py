"""Someone else's town, and a need asked as a question (NOTES.md "Someone else's town, and the need echoed as 課題,
session 43 (s43-place)").

1. A place that is someone else's origin (「東京から取引先が来る」) or the destination of a trip (「大阪へ出張する」
   「北海道に旅行」) is not where the company is: the profile does not read it as the company's prefecture. A place
   told as the company's (〜の会社 / 〜で製造 / 〜にある / 弊社は〜) stays read.
2. A need asked as a question (「…対策として、…を支援する補助金はあるか。」) is confirmed as the need, not as the
   whole question; a problem stated plainly stays confirmed as today.
"""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import understand


# ---- 1. someone else's origin or destination (own wordings, several voices) ----
NOT_THE_COMPANY = [
    "来週、東京から取引先の部長さんが来られます。接待のお店はどこがいいでしょう。",
    "大阪からお客さんが来るんだけど、どこ連れてったらええかな",
    "福岡から親戚がいらっしゃるので、夕食の店を探しています。",
    "本社の役員が愛知県からお越しになります。手土産は何がいいですか？",
    "来月、大阪へ出張します。新幹線とホテルのおすすめは？",
    "出張で北海道に行くんですが、2月は何を着ていけばいいですか",
    "社員旅行で沖縄に行く予定です。",
    "京都への出張、日帰りは厳しいかな？",
    "今度広島に旅行するけん、お好み焼きの店教えて",
    "東京出張の手配をお願いできますか。",
]


@pytest.mark.parametrize("text", NOT_THE_COMPANY)
def test_someone_elses_place_is_not_the_company_prefecture(text: str) -> None:
    parsed = parse_profile(text)
    assert not parsed.profile.prefecture, parsed.understood


# Look-alikes: the company's own place, told with the same particles or verbs nearby; read as today.
THE_COMPANY = [
    ("東京の印刷会社です。従業員20名。", "東京都"),
    ("うちは大阪で部品を製造しています。", "大阪府"),
    ("弊社は福岡にある物流会社で、配送の効率化を考えています。", "福岡県"),
    ("愛知県から全国に部品を出荷している工場です。", "愛知県"),
    ("北海道で旅行会社をやってます。予約システムを入れたい。", "北海道"),
    ("京都で旅館をしています。海外からお客さんが来られるので、多言語の案内をAIで作りたい。", "京都府"),
    ("岩手に来られるお客様向けの宿をやってます。", "岩手県"),
    ("静岡県に本社があります。出張の多い営業部門の経費精算を楽にしたい。", "静岡県"),
    ("大阪出張所を構える設計事務所です。", "大阪府"),
    ("沖縄旅行客向けの土産物店をやってます。", "沖縄県"),
]


@pytest.mark.parametrize("text,pref", THE_COMPANY)
def test_the_company_place_stays_read(text: str, pref: str) -> None:
    assert parse_profile(text).profile.prefecture == pref


def test_company_place_with_a_visitor_origin_is_read_alone() -> None:
    # Two prefectures, one a visitor's origin: the company's is the other (today an ambiguity).
    parsed = parse_profile("うちは岩手県で旅館をやってます。東京から来るお客さんが多いです。")
    assert parsed.profile.prefecture == "岩手県"
    assert not [i for i in parsed.issues if i.field == "prefecture"]


def test_the_guest_to_a_restaurant_is_declined() -> None:
    text = ("東京から取引先の役員さんが盛岡に来られるんですが、冷麺とじゃじゃ麺、どちらの店にお連れするのが無難でしょうか。"
            "両方はさすがに多すぎる、ということはないですよね？")
    frame = understand(text, parsed=parse_profile(text), semantic=False)
    assert frame.intent == "off_topic", frame


# ---- 2. the need asked as a question ----
def _pain_lines(text: str) -> list[str]:
    return [u for u in parse_profile(text).understood if u.startswith("課題")]


NEEDS_ASKED = [
    ("倉庫の人手不足対策として、IoTやロボット等の設備導入を支援する補助金はあるか。", "倉庫の人手不足対策"),
    ("工場の人手不足の解消のため、使える補助金はありますか？", "工場の人手不足の解消"),
    ("ドライバー不足に対応するために、配車システムを入れる補助はありますか", "ドライバー不足に対応する"),
    ("事務の負担を減らすのに使える制度ってある？", "事務の負担を減らす"),
]


@pytest.mark.parametrize("text,need", NEEDS_ASKED)
def test_a_need_asked_is_confirmed_as_the_need(text: str, need: str) -> None:
    lines = _pain_lines(text)
    assert lines == [f"課題: {need}"], lines


PLAIN_PAINS = [
    "倉庫の人手不足に困っています。",
    "見積もりに毎回半日かかってて大変です。",
    "人手が足りなくて残業が増えている。",
    "受発注の転記ミスが多いのが課題です。",
]


@pytest.mark.parametrize("text", PLAIN_PAINS)
def test_a_plain_pain_stays_as_today(text: str) -> None:
    assert _pain_lines(text) == [f"課題: {text}"]


def test_the_ranking_input_is_unchanged() -> None:
    # The confirmation shows the need; what the ranking reads (pain_points, topics) stays the owner's sentence.
    text = "倉庫の人手不足対策として、IoTやロボット等の設備導入を支援する補助金はあるか。"
    profile = parse_profile(text).profile
    assert profile.pain_points == [text]
    assert "省力化・自動化" in profile.topics


# Look-alikes of the guest rule: a guest shown the company's own site, or a shop asked beside the domain.
GUEST_LOOKALIKES_ANSWERED = [
    "お客様を工場に連れて行くのですが、見学の案内で気をつけることは？",
    "取引先を店に連れて行く接待の費用は、補助金の対象経費になりますか？",
]


@pytest.mark.parametrize("text", GUEST_LOOKALIKES_ANSWERED)
def test_guest_lookalikes_are_not_declined(text: str) -> None:
    frame = understand(text, parsed=parse_profile(text), semantic=False)
    assert frame.intent != "off_topic", frame


def test_guest_to_a_shop_in_another_voice_is_declined() -> None:
    text = "大阪から取引先の社長が来るんやけど、どっちの店に連れて行くのがええやろ？"
    assert understand(text, parsed=parse_profile(text), semantic=False).intent == "off_topic"


def test_the_matching_confirmation_shows_the_need(tmp_path) -> None:  # noqa: ANN001 - pytest's tmp_path
    from advisor.config import Settings
    from advisor.evaluation.conversations import _advisor

    adv = _advisor(Settings(), str(tmp_path))
    sid = adv.new_session(kind="eval")
    reply = adv.turn(sid, "倉庫の人手不足対策として、IoTやロボット等の設備導入を支援する補助金はあるか。")
    assert "課題: 倉庫の人手不足対策" in reply.answer.text
    assert "補助金はあるか" not in reply.answer.text.split("\n")[0]


# The trip's prefecture named again (a station, the way there) is the trip's too; stated as the company's, it is kept.
@pytest.mark.parametrize("text,pref", [
    ("来週、説明会のため東京へ出張します。バスで東京駅に出るのと電車と、どちらが楽ですか。", ""),
    ("大阪出張で新大阪駅の近くに泊まりたいんやけど、ええホテルある？", ""),
    ("東京の会社です。来月、東京へ出張する社員の経費精算を楽にしたい。", "東京都"),
])
def test_the_trip_place_named_again(text: str, pref: str) -> None:
    assert parse_profile(text).profile.prefecture == pref
