"""What the catalog's notes record as not stated is said plainly (NOTES.md "s30-conv"):

* a program asked 「〜ってどんなん？」 (どんなん = どんなもの, colloquial) is asked for its card, like
  「〜ってどんな制度？」;
* how to take part in a program (「参加するにはどうしたらいい？」「どうやって入るん」「参加方法は」) asks its
  procedure;
* the catalog's notes (corpus/programs/*.yaml ``notes``, the project's caveats about the documents)
  say what the documents leave out of a program: 「参加方法・時期は資料に記載がない」「100億宣言企業の定義は
  資料に記載がない」. A question asking exactly that — the procedure of taking part, what a term the
  documents only use means or who can be one — is answered "not stated", not with nearby quotes.
  A question asking a figure *for* such a term (「100億宣言企業だと投資額は？」) is answered as before.

Real e5 and index; texts written for these tests, not copied from dataset rows."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import rules, understand
from tests.conftest import last_reply, understand_conversation


@pytest.mark.parametrize("text", [
    "ものづくり補助金ってどんなん？",
    "省力化のカタログ型ってどんなんや",
    "DX投資促進税制ってどんなんだ",
])
def test_what_a_program_is_like_colloquially_asks_its_card(text: str, bundled_catalog) -> None:
    frames = understand_conversation([text], bundled_catalog)
    assert frames[0].intent == "question"
    assert frames[0].programs
    assert frames[0].slots[:1] == ["overview"]


@pytest.mark.parametrize("text", [
    "それに大分の会社が参加するにはどうしたらいい？",
    "どうやって入るん",
    "参加方法を教えてください",
    "うちも加入できるんですか、どうすれば入れますか",
])
def test_how_to_take_part_asks_the_procedure(text: str) -> None:
    assert "procedure" in rules.slots_of(text)


@pytest.mark.parametrize("text", [
    "参加者から質問が出ました。上限はいくらですか",  # 参加者: a participant, no way of taking part
    "ワークショップの参加企業に説明したいので補助率を教えて",
])
def test_a_participant_is_no_procedure(text: str) -> None:
    assert "procedure" not in rules.slots_of(text)


def test_the_notes_name_what_is_not_stated(bundled_catalog) -> None:
    from advisor.chains.answer import noted_unstated

    network = bundled_catalog.get("ax-chiiki-network")
    assert "参加方法" in noted_unstated(network).aspects
    chuken = bundled_catalog.get("chuken-daikibo-seicho-toshi")
    assert "100億宣言企業" in noted_unstated(chuken).undefined


@pytest.mark.parametrize("turns", [
    ["中小企業AX促進ネットワークって何ですか", "それに福井の会社が入るにはどうすればいい？"],
    ["AX促進に向けた地域ネットワークに参加するにはどうしたらいいですか"],
])
def test_how_to_join_a_network_whose_procedure_is_not_stated(advisor, turns) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert result.frame["intent"] == "question"
    assert not result.answer.grounded
    assert "記載がありません" in result.answer.text


@pytest.mark.parametrize("turns", [
    ["中堅等大規模成長投資補助金の投資額の要件は？", "100億宣言企業って何のこと？"],
    ["中堅等大規模成長投資補助金の賃上げ要件を教えて", "その100億宣言企業ってのは、どんな会社がなれるんですか"],
    ["そもそも100億宣言企業には、どうやったらなれるのでしょうか"],
])
def test_a_term_the_documents_only_use_is_not_defined(advisor, turns) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert result.frame["intent"] == "question"
    assert not result.answer.grounded
    assert "100億宣言企業" in result.answer.text and "記載がありません" in result.answer.text


@pytest.mark.parametrize("turns,expected", [
    (["中堅等大規模成長投資補助金で、100億宣言企業だと投資額はいくら以上？"], "15億円"),  # a figure for the term: stated
    (["DX認定って何？"], "DX"),
    (["地域DX推進ラボって何をしているところですか"], "地域DX推進ラボ"),
])
def test_honest_look_alikes_are_still_answered(advisor, turns, expected) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert result.answer.grounded
    assert expected in result.answer.text


# A name phrased with a middle clause (「AX促進に向けた地域ネットワーク」) is shortened by owners to its
# first word and its last noun: 「AXの地域ネットワーク」「AXネットワーク」.
@pytest.mark.parametrize("text", [
    "AXの地域ネットワークってどういうもの？",
    "AXネットワークてのは誰がやりよるとね",
])
def test_a_phrased_name_shortened_to_its_ends(text: str, bundled_catalog) -> None:
    frames = understand_conversation([text], bundled_catalog)
    assert [p.id for p in frames[0].programs] == ["ax-chiiki-network"]


@pytest.mark.parametrize("text", [
    "地域のネットワークづくりに使える補助金はありますか",  # no first word of the name
    "AIの勉強会ネットワークに入りたい",
])
def test_other_networks_are_not_the_ax_network(text: str, bundled_catalog) -> None:
    frames = understand_conversation([text], bundled_catalog)
    assert "ax-chiiki-network" not in [p.id for p in frames[0].programs]


def test_joining_the_shortened_network_is_not_stated(advisor) -> None:  # noqa: ANN001 - session fixture
    result = last_reply(advisor, ["AXの地域ネットワークって何？", "それに熊本の工務店が参加するにはどうしたらよかと？"])
    assert [p["id"] for p in result.frame["programs"]] == ["ax-chiiki-network"]
    assert not result.answer.grounded


# Who runs a program is its issuer, which the catalog records (経済産業省 for the AX network).
@pytest.mark.parametrize("turns", [
    ["AX促進に向けた地域ネットワークって何？", "それ、誰が運営してるんですか"],
    ["中小企業AX促進ネットワークはどこが主体でやっとるん？"],
])
def test_who_runs_a_program_is_its_issuer(advisor, turns) -> None:  # noqa: ANN001 - session fixture
    result = last_reply(advisor, turns)
    assert result.answer.grounded
    assert "経済産業省" in result.answer.text
