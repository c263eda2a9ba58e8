"""Conversation handling found reading the session-44 training writers (NOTES.md "s44-train"):

* the two programs discussed in two turns, pointed at together (「その二つ」「二つ比べて」「両方の」) — both are
  carried, not the latest alone;
* both of them applied for at once (「両方同時に申請できる？」) is the documents' unstated combined use;
* a correction that asks a question of its own (「間違えました、…のほうです。どんな事業者が…？」) and a question
  asking a count (「何社くらい…？」) or a membership (「…に入ってる？」) do not inherit the slot asked before;
* a program named by the tail of its name, as the owner half-remembers it (「ラボってやつ」「その地域ネットワーク
  ってのに」);
* 「ほかに…仕組みは」 asks for another one than the program under discussion.

Texts written for these tests, not copied from dataset rows."""

from __future__ import annotations

import pytest

from tests.conftest import understand_conversation


@pytest.mark.parametrize(("turns", "expected"), [
    (["デジタル化・AI導入補助金の補助率は？", "ものづくり補助金は？", "その二つ、上限を比べてください"],
     {"digital-ai-donyu", "monodukuri"}),
    (["カタログ型の上限は？", "一般型の公募は？", "両方の補助率は？"], {"shoryokuka-catalog", "shoryokuka-ippan"}),
    (["ものづくり補助金の対象経費", "一般型のほうは？", "2つを比べると、どっちが申請しやすい？"], {"monodukuri", "shoryokuka-ippan"}),
    (["DX認定ってなに？", "よろず支援拠点って何するところ？", "ふたつ並べて違いを教えて"], {"dx-nintei", "yorozu-shien-kyoten"}),
    # an off-topic aside between the two and the comparison
    (["カタログ型の上限は？", "一般型の上限は？", "今日は暑いね", "二つ比べてどっちが大きい？"], {"shoryokuka-catalog", "shoryokuka-ippan"}),
])
def test_the_two_programs_discussed_pointed_at_together_are_both_carried(bundled_catalog, turns: list[str],
                                                                         expected: set[str]) -> None:
    frame = understand_conversation(turns, bundled_catalog)[-1]
    assert frame.intent == "question"
    assert {p.id for p in frame.programs} == expected


@pytest.mark.parametrize(("turns", "expected"), [
    # look-alikes: an ordinal picks one (「二つ目」 is no "both"); one program discussed: nothing to pair
    (["カタログ型の上限は？", "一般型の公募は？", "最初のやつの補助率は？"], ["shoryokuka-catalog"]),
    (["ものづくり補助金の補助率", "2つ目の枠の上限は？"], ["monodukuri"]),
    (["ものづくり補助金の補助率", "上限は？"], ["monodukuri"]),
])
def test_one_program_pointed_at_stays_one(bundled_catalog, turns: list[str], expected: list[str]) -> None:
    frame = understand_conversation(turns, bundled_catalog)[-1]
    assert [p.id for p in frame.programs] == expected


@pytest.mark.parametrize("then", ["両方同時に申請ってできますか？", "両方いっしょにもらえるんですか", "この2つ、同時に申請できる？"])
def test_both_applied_for_at_once_is_not_stated(bundled_catalog, then: str) -> None:
    frame = understand_conversation(["ものづくり補助金の補助率は？", "デジタル化・AI導入補助金の補助率は？", then], bundled_catalog)[-1]
    assert frame.intent == "question"
    assert frame.not_stated == "procedure_rule"


@pytest.mark.parametrize("then", ["両方の上限は？", "この2つ、どっちが申請しやすい？"])
def test_both_asked_a_fact_is_answered(bundled_catalog, then: str) -> None:
    # look-alike: a fact of both is stated, no combined use is asked
    frame = understand_conversation(["ものづくり補助金の補助率は？", "デジタル化・AI導入補助金の補助率は？", then], bundled_catalog)[-1]
    assert not frame.not_stated
    assert {p.id for p in frame.programs} == {"monodukuri", "digital-ai-donyu"}


@pytest.mark.parametrize(("turns", "program", "not_slot"), [
    (["DX投資促進税制の控除率は？", "すみません間違えました、DX認定のほうです。どういう会社が認定されるんですか？"], "dx-nintei", "rate"),
    (["ものづくり補助金の上限は？", "いや違う、カタログ型のほうだ。どんなものが買えるんだ？"], "shoryokuka-catalog", "amount"),
    (["DX認定の対象は？", "今までに何社ぐらい認定を受けてるの？"], "dx-nintei", "eligibility"),
])
def test_a_question_of_its_own_inherits_no_slot(bundled_catalog, turns: list[str], program: str, not_slot: str) -> None:
    frame = understand_conversation(turns, bundled_catalog)[-1]
    assert [p.id for p in frame.programs] == [program]
    assert not_slot not in frame.slots


@pytest.mark.parametrize(("turns", "slot"), [
    # look-alikes: a correction asking nothing of its own asks what was just asked, of the program it names
    (["ものづくり補助金の上限は？", "いや、カタログ型のほうです"], "amount"),
    (["DX投資促進税制の控除率は？", "ごめん間違えた、DX認定のほう"], "rate"),
    (["カタログ型の上限は？", "一般型は？"], "amount"),
])
def test_a_bare_correction_still_asks_the_slot_before(bundled_catalog, turns: list[str], slot: str) -> None:
    frame = understand_conversation(turns, bundled_catalog)[-1]
    assert slot in frame.slots


@pytest.mark.parametrize(("turns", "program"), [
    (["カタログ型の上限は？", "で、ラボってやつは何をしてるんだ"], "chiiki-dx-suishin-lab"),
    (["よろず支援拠点って何？", "その地域ネットワークってのはもう始まってるの？"], "ax-chiiki-network"),
    (["DX認定って何？", "プラットフォームとかいうのは何ですか"], "digital-jinzai-ikusei-pf"),
])
def test_a_program_named_by_the_tail_of_its_name(bundled_catalog, turns: list[str], program: str) -> None:
    frame = understand_conversation(turns, bundled_catalog)[-1]
    assert [p.id for p in frame.programs] == [program]


@pytest.mark.parametrize("then", ["補助金ってやつは他にもある？", "税制ってのはどうなってる？"])
def test_a_kind_word_alone_names_no_program_by_its_tail(bundled_catalog, then: str) -> None:
    # look-alike: a kind word many programs end in names none of them
    frame = understand_conversation(["よろず支援拠点って何？", then], bundled_catalog)[-1]
    assert "chiiki-dx-suishin-lab" not in [p.id for p in frame.programs]
    assert len(frame.programs) != 1 or frame.programs[0].origin != "shortened"


@pytest.mark.parametrize("then", ["で、ほかに国の仕組みはある？", "ほかにAIの相談ができる制度は"])
def test_another_one_than_the_program_discussed_is_asked_afresh(bundled_catalog, then: str) -> None:
    frame = understand_conversation(["よろず支援拠点って何？", then], bundled_catalog)[-1]
    assert "yorozu-shien-kyoten" not in [p.id for p in frame.programs]


@pytest.mark.parametrize(("first", "then", "program"), [
    # look-alikes: a fact of the program under discussion asked with ほかに stays with it
    ("ものづくり補助金の対象経費は？", "ほかに対象になる経費は？", "monodukuri"),
    ("デジタル化・AI導入補助金の申請には何が必要？", "ほかに必要な書類は？", "digital-ai-donyu"),
])
def test_another_fact_of_the_program_discussed_stays_with_it(bundled_catalog, first: str, then: str, program: str) -> None:
    frame = understand_conversation([first, then], bundled_catalog)[-1]
    assert [p.id for p in frame.programs] == [program]


@pytest.mark.parametrize(("first", "then"), [
    ("デジタル化・AI導入補助金の対象経費は？", "もう買ってしまった分も出ますか？"),
    ("ものづくり補助金の上限は？", "先に発注しちゃったやつは対象になるんですか"),
    ("デジタル化・AI導入補助金のクラウド利用料は何年分？", "すでに契約したぶんは補助されない？"),
])
def test_what_was_bought_before_is_the_decision_rule(bundled_catalog, first: str, then: str) -> None:
    frame = understand_conversation([first, then], bundled_catalog)[-1]
    assert frame.not_stated == "procedure_rule"


@pytest.mark.parametrize("then", ["これから買うものは何が出る？", "買うものの上限は？"])
def test_what_is_to_be_bought_is_answered(bundled_catalog, then: str) -> None:
    # look-alikes: no purchase made before
    frame = understand_conversation(["デジタル化・AI導入補助金の対象経費は？", then], bundled_catalog)[-1]
    assert frame.not_stated != "procedure_rule"


@pytest.mark.parametrize("text", ["省力化投資補助金の一般型ってのは何を助けてくれるんだ", "ものづくり補助金は何を応援してくれる制度ですか"])
def test_what_a_program_helps_with_is_its_definition(bundled_catalog, text: str) -> None:
    frame = understand_conversation([text], bundled_catalog)[-1]
    assert "definition" in frame.slots


@pytest.mark.parametrize("text", ["ものづくり補助金って、申請したうちどのくらい受かるもんなの？", "DX認定って、どれくらいが通るんですか"])
def test_how_many_pass_is_the_unstated_share(bundled_catalog, text: str) -> None:
    frame = understand_conversation([text], bundled_catalog)[-1]
    assert frame.not_stated


@pytest.mark.parametrize("text", ["ものづくり補助金は、どのくらいで結果がわかる？", "補助率はどのくらいですか"])
def test_how_long_or_how_much_is_not_the_share_that_passes(bundled_catalog, text: str) -> None:
    frame = understand_conversation([text], bundled_catalog)[-1]
    assert frame.not_stated != "statistics"


@pytest.mark.parametrize("text", ["DX認定は、どういう会社が受けられるんですか", "ものづくり補助金って、どんな事業者なら申請できる？"])
def test_who_qualifies_is_eligibility(bundled_catalog, text: str) -> None:
    frame = understand_conversation([text], bundled_catalog)[-1]
    assert frame.slots[:1] == ["eligibility"]


@pytest.mark.parametrize(("turns", "program"), [
    (["ものづくり補助金の補助率は？", "DX認定ってなに？", "最初に聞いた例のやつ、上限は？"], "monodukuri"),
    (["デジタル人材育成プラットフォームって何？", "よろずなんとかってのは何するとこ？"], "yorozu-shien-kyoten"),
])
def test_a_return_to_the_first_and_a_half_remembered_name(bundled_catalog, turns: list[str], program: str) -> None:
    frame = understand_conversation(turns, bundled_catalog)[-1]
    assert [p.id for p in frame.programs] == [program]


@pytest.mark.parametrize("then", ["そういうものってやつ、何か出るの？", "ものってやつはいくら？"])
def test_a_short_kana_word_names_no_program(bundled_catalog, then: str) -> None:
    frame = understand_conversation(["DX認定ってなに？", then], bundled_catalog)[-1]
    assert "monodukuri" not in [p.id for p in frame.programs]
