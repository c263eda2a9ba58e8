"""A long message's asking sentences judged on their own (NOTES.md "Out-of-scope, session 20"):
the story before the ask does not lend its domain words to an off-topic ask."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import _asks, understand


def _intent(text: str, bundled_catalog) -> str:
    return understand(text, catalog=bundled_catalog, parsed=parse_profile(text, None)).intent


def test_the_parts_judged_alone_are_the_last_clause_and_the_asking_sentences() -> None:
    text = "うちは社員20人の印刷会社です。申請書はほぼできました。娘の誕生日プレゼントは何がいいと思いますか？"
    parts = _asks(text, "娘の誕生日プレゼントは何がいいと思いますか")
    assert parts == [("娘の誕生日プレゼントは何がいいと思いますか", False),
                     ("娘の誕生日プレゼントは何がいいと思いますか?", True)]  # NFKC
    assert _asks("上限はいくら？", "上限はいくら？") == [("上限はいくら？", False)]  # one sentence: nothing more


@pytest.mark.parametrize("text", [
    # a choice between two things after a story full of domain words (従業員, 補助金, 申請書)
    "従業員20人の印刷会社で、ものづくり補助金で新しい印刷機を入れる予定です。申請書もほぼ書き終わりました。"
    "話は変わりますが、娘の誕生日プレゼントはぬいぐるみと絵本のどちらがいいと思いますか？",
])
def test_an_off_topic_ask_after_a_domain_story_is_declined(text: str, bundled_catalog) -> None:
    assert _intent(text, bundled_catalog) == "off_topic"


@pytest.mark.parametrize("text", [
    "従業員20人の印刷会社です。新しい印刷機を入れたいと考えています。一般型とカタログ型のどちらがいいと思いますか？",
    "従業員20人の印刷会社です。来年に設備投資を考えています。補助金と融資のどちらが向いていると思いますか？",
    "うちは製造業で、見積もり作成に毎日3時間かかっています。AIで自動化したいのですが、何から始めればいいですか？",
])
def test_an_in_domain_ask_after_a_story_is_answered(text: str, bundled_catalog) -> None:
    assert _intent(text, bundled_catalog) not in ("off_topic", "injection", "falsification")


@pytest.mark.parametrize("text", [
    "ものづくり補助金の補助上限はいくらですか？あと、帰りに寄れるおいしいラーメン屋も教えてください。",
    "従業員10人の工務店です。見積もりをAIで作りたいのですが、使える補助金はありますか？ついでに週末の天気も教えて。",
])
def test_an_off_topic_aside_next_to_a_real_question_does_not_decline_it(text: str, bundled_catalog) -> None:
    """The labelling guide's order (evals/README.md): the in-domain question beats an off-topic aside."""
    assert _intent(text, bundled_catalog) not in ("off_topic", "injection", "falsification")


def test_a_wish_before_a_plain_question_does_not_decline_it(bundled_catalog) -> None:
    """retrieval.jsonl r043 (dev): 「…広げたい。」 ends like an ask; the question after it is the real one."""
    assert _intent("工場の敷地の緑を減らして建物を広げたい。ルールは変わるの？", bundled_catalog) == "question"
