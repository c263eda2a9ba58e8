"""A company description's wish is judged by what it is about — the business's work or private
life — not by how close its words are to subsidy questions (goals.py; NOTES.md "Out-of-scope,
session 22"). Real e5 (the goal model and the classifier)."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import goals, understand


def _intent(text: str, bundled_catalog) -> str:
    return understand(text, catalog=bundled_catalog, parsed=parse_profile(text, None)).intent


@pytest.mark.parametrize("text", [
    # the whole message and its last clause both read as chit-chat to the classifier
    "社員5人の花屋です。配達ルートをうまく組みたい",
    "従業員4人のクリーニング店です。預かり品の取り違えをなくしたい",
    "We are a 12-person bakery. We want to stop running out of bread by noon.",
    # the trouble stated instead of the wish, and a wish in 九州 dialect (「…たか」)
    "従業員6人の花屋です。母の日の前は注文の電話が鳴りっぱなしで手が回らなくて困っています",
    "鹿児島で焼酎の蔵元ばやっとります、社員15人。瓶詰めの手間ば減らしたか",
])
def test_a_wish_about_the_work_is_a_company_description(text: str, bundled_catalog) -> None:
    assert _intent(text, bundled_catalog) == "company_description"


@pytest.mark.parametrize("text", [
    "従業員10人の工務店です。社員旅行の行き先を決めたい",
    "社員8人の設計事務所です。所長の退職祝いの品を選びたい",
    "従業員7人の美容室です。オーナーの私がダイエットしたい",
    "従業員3人の小さなパン屋です。美味しいメロンパンのレシピを教えて",  # no wish: a request
    "社員9人の印刷会社です。取引先との接待ゴルフがうまくなりたい",  # entertaining partners is no work
    "従業員5人の整骨院です。院長の腰痛がひどくて困っています",
])
def test_a_private_wish_is_still_declined(text: str, bundled_catalog) -> None:
    assert _intent(text, bundled_catalog) == "off_topic"


def test_the_wish_is_the_last_sentence_that_wants_something() -> None:
    assert goals.wish_sentence(["従業員5人です。", "在庫を減らしたい。", "よろしく"]) == "在庫を減らしたい。"
    assert goals.wish_sentence(["だいたい10人くらいです。", "たいへんです"]) == ""
    assert goals.wish_sentence(["大変お世話になっております。", "社員10人です。"]) == ""
    assert goals.wish_sentence(["社員10人です。", "検品に追われて残業ばかりです。"]) == "検品に追われて残業ばかりです。"


@pytest.mark.parametrize("text", [
    # session 24: a domain question without 「？」 (…でしたっけ) or as the last request, beside a clause that
    # alone reads as chit-chat: the clause is its context, not the only ask
    "ものづくり補助金の補助率ってどれくらいでしたっけ。うちの工場の屋根も直したくて",
    "IT導入補助金の締切っていつでしたっけ。社員旅行の前に片付けたくて",
])
def test_a_domain_question_beside_an_aside_is_answered(text: str, bundled_catalog) -> None:
    assert _intent(text, bundled_catalog) not in ("off_topic", "injection", "falsification")


def test_a_joke_in_a_domain_format_is_still_declined(bundled_catalog) -> None:
    # session 25: a domain word as the format of the last request (事業計画の形で) asks nothing of a
    # program: the chit-chat beside it is what is asked
    text = "大谷選手は今年もホームラン王とれるかな？強みと弱みを事業計画の形でまとめてみて"
    assert _intent(text, bundled_catalog) == "off_topic"


def test_a_last_request_about_a_named_program_beside_an_aside_is_answered(bundled_catalog) -> None:
    # the last request names a program: it is the ask, whatever the first sentence reads as
    text = "面接官の役をやってもらえますか。それで「ものづくり補助金で何が補助されるのか」を説明してみて"
    assert _intent(text, bundled_catalog) not in ("off_topic", "injection", "falsification")


@pytest.mark.parametrize("text", [
    # session 26: a program named in the story, a slot any question has (おすすめ) of an everyday thing
    "IT導入補助金で買ったパソコンで遊べるおすすめのゲームを教えて",
    "省力化投資補助金で買ったロボットに名前をつけたい。かわいい名前のおすすめを10個",
])
def test_a_generic_slot_beside_a_named_program_does_not_keep_an_off_topic_ask(text: str, bundled_catalog) -> None:
    assert _intent(text, bundled_catalog) == "off_topic"


@pytest.mark.parametrize("text", [
    "ものづくり補助金のおすすめの枠はどれ？",
    "IT導入補助金の次の公募はいつ？",
])
def test_a_generic_slot_of_a_named_program_is_still_a_question(text: str, bundled_catalog) -> None:
    assert _intent(text, bundled_catalog) == "question"


def test_a_matching_request_after_a_story_is_not_off_topic(bundled_catalog) -> None:
    # session 26: the classifier reads the spaced story as chit-chat (p 0.92), the last words ask
    # which programs fit (rules.MATCHING)
    text = "民宿 7部屋 夫婦2人とパート1人 予約はぜんぶ電話とはがき 電話でれんかったら それっきり お客がにげる なんとかならんかね 使える制度あったら"
    assert _intent(text, bundled_catalog) == "matching"


@pytest.mark.parametrize("text, declined", [
    # session 26: a business introduced by its kind (no industry word the profile parse knows), then a
    # wish: the goal model judges it, as for a company description with facts
    ("パン屋です。焼き上がりの時間をSNSで自動発信できる仕組みを入れたい", False),
    ("整体院をやってます。問診票を紙からタブレットに変えたい", False),
    ("パン屋です。今度の休みに家族でディズニーに行きたい", True),
])
def test_a_business_introduced_by_its_kind_then_a_wish(text: str, declined: bool, bundled_catalog) -> None:
    assert (_intent(text, bundled_catalog) in ("off_topic", "injection", "falsification")) == declined


@pytest.mark.parametrize("text", [
    # session 28: the wish worded as "wondering whether we could" (「…入れられないかと思って」) after
    # the trouble (「人が集まらなくて」「足りなくて」), the way owners often put it
    "山あいで民宿をやってます。従業員12人。配膳の人手が足りなくて、何か機械を入れられないかと思って",
    "社員20人の食品工場です。箱詰めのパートさんが集まらなくて、自動でできないかと考えています",
])
def test_a_wish_worded_as_whether_one_could_is_a_company_description(text: str, bundled_catalog) -> None:
    assert _intent(text, bundled_catalog) == "company_description"


@pytest.mark.parametrize("text", [
    "従業員10人の工務店です。今年の社員旅行は沖縄に行けないかと思って",
    "社員8人の美容室です。スタッフの誕生日会を駅前の店でできないかと考えています",
])
def test_a_private_wish_worded_as_whether_one_could_is_still_declined(text: str, bundled_catalog) -> None:
    assert _intent(text, bundled_catalog) == "off_topic"


def test_the_wish_includes_whether_one_could() -> None:
    assert goals.wish_sentence(["社員9人です。", "検品を自動でできないかと思っています。"]) == "検品を自動でできないかと思っています。"
    assert goals.wish_sentence(["社員9人です。", "梱包の人が足りなくて。"]) == "梱包の人が足りなくて。"
    assert goals.wish_sentence(["雨が降らないか心配です。"]) == ""


def test_wondering_whether_is_read_as_the_wish() -> None:
    assert goals.as_wish("何か機械を入れられないかと思って") == "何か機械を入れたい"
    assert goals.as_wish("駅前の店でできないかと考えています") == "駅前の店でしたい"
    assert goals.as_wish("在庫を減らしたい") == "在庫を減らしたい"
