"""Any question whose topic the documents never mention is answered "not stated" instead of with
passages that share only its other words (evidence.unstated_topic; a real session on the bundled
corpus)."""

from __future__ import annotations

from advisor.chains.evidence import _mentioned_in, asked_nouns, topic_nouns, unstated_topic
from advisor.session import Advisor


def test_a_tax_question_the_documents_never_mention_is_not_answered_from_subsidy_passages(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "受け取った補助金って、税金はどうなりますか").answer
    assert not answer.grounded
    assert "「税金」" in answer.text and "見当たりませんでした" in answer.text


def test_a_guideline_detail_the_documents_never_mention_says_so(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "見積書の有効期限って何か決まりがありますか").answer
    assert not answer.grounded and "「見積書」" in answer.text


def test_a_topic_the_corpus_mentions_elsewhere_is_still_answered(advisor: Advisor) -> None:
    """「ハードル」 is in no retrieved passage but in the corpus: a paraphrase or a retrieval miss,
    not a fact the documents leave out."""
    answer = advisor.turn(advisor.new_session(), "中堅企業の補助金って、投資額のハードルは高いですか").answer
    assert answer.grounded and answer.citations


def test_the_topic_is_the_noun_phrase_before_a_topic_particle() -> None:
    assert [w for w, _ in topic_nouns("申請にあたって認定支援機関の確認書は必須ですか")] == ["認定", "機関", "確認書"]
    assert [w for w, _ in topic_nouns("従業員の昼食代や懇親会費は経費になりますか")] == ["従業員", "昼食代", "懇親会費"]
    assert topic_nouns("審査ではどのような観点で評価されますか") == []  # 「では」 is no topic
    assert [w for w, _ in topic_nouns("中堅企業向けの補助はいくら")] == ["中堅"]  # 向け: for whom, not the thing
    assert [w for w, _ in topic_nouns("大型の補助金って")] == []  # 形状詞可能: what it is like
    assert [w for w, _ in topic_nouns("従業員の人数は何人まで")] == ["従業員"]  # the figure's own name


def test_a_prefix_is_part_of_the_thing(retriever) -> None:  # noqa: ANN001 - session fixture
    """Sudachi reads 「相見積り」 as 相|見積り, and 見積り alone is in a retrieved passage (the SellBOT
    case study's 見積もり): the prefixed word is what is asked about."""
    assert [w for w, _ in topic_nouns("相見積りって必要なんですか")] == ["相見積り"]
    assert [w for w, _ in topic_nouns("ご相談は無料ですか")] == ["相談"]  # an honorific prefix is not
    question = "相見積りって必要なんですか"
    assert unstated_topic(question, retriever.search(question, k=8), retriever) == ["相見積り"]


def test_a_compound_counts_as_mentioned_when_each_part_is() -> None:
    corpus = "税制上の優遇として特別償却の措置を講じる"
    assert _mentioned_in("優遇措置", corpus)
    assert not _mentioned_in("証拠書類", corpus + "書類")  # 証拠 is not in it
    assert _mentioned_in("Webサイト", "webサイト")  # the corpus text is given lower-cased


def test_no_passage_no_verdict(retriever) -> None:  # noqa: ANN001 - session fixture
    assert unstated_topic("税金はかかりますか", [], retriever) == []


def test_a_named_programs_rule_the_documents_never_mention_says_so_and_what_they_do_say(advisor: Advisor) -> None:
    """Catalog facts for the asked slot (the program's purpose) do not answer 「相見積もり」: the
    reply says it is not stated, quotes what the documents say of the program (cited), and where
    to check (answer.unstated_about)."""
    answer = advisor.turn(advisor.new_session(), "デジタル化・AI導入補助金の相見積もりって何社から必要ですか").answer
    assert not answer.grounded
    assert answer.text.startswith("資料には、デジタル化・AI導入補助金")
    assert "「相見積もり」の記載がありません" in answer.text and "[1]" in answer.text and answer.citations
    assert "公募要領" in answer.text


def test_a_thing_of_a_kind_the_catalog_names_is_still_answered_by_its_facts(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "AIチャットボットのシステムって、デジタル化・AI導入補助金の対象になりますか").answer
    assert answer.grounded and answer.citations


def test_category_words_keep_a_phrase_out_only_when_asked() -> None:
    question = "生成AIを使った社内文書の検索システムって対象？"
    assert [w for w, _ in topic_nouns(question)] == ["社内文書", "検索", "システム"]
    assert topic_nouns(question, skip_categories=True) == []
    assert topic_nouns("今年のスケジュールは？", skip_categories=True) == []  # the slot the facts answer


def test_words_pointing_back_at_a_program_are_no_topic(advisor: Advisor) -> None:
    assert topic_nouns("前者の対象経費は？") == [] and topic_nouns("後者は？") == []
    sid = advisor.new_session()
    advisor.turn(sid, "ものづくり補助金とIT補助金って、上限はどっちが高い？")
    latter = advisor.turn(sid, "後者の対象経費は？").answer
    assert latter.grounded and "ソフトウェア購入費" in latter.text


def test_the_action_or_object_asked_about_is_read_besides_the_topic() -> None:
    """An action noun before する and the object before を, in the asking clause (evidence.asked_nouns)."""
    assert [w for w, _ in asked_nouns("同じ設備について、他の国の補助金と重複して申請することはできますか？")] == ["重複"]
    assert [w for w, _ in asked_nouns("スマートフォンを従業員分そろえるのに補助金は使えますか？")] == ["スマートフォン"]
    assert "解散" in [w for w, _ in asked_nouns("補助金の交付を受けた後に会社を解散した場合、どうなりますか。")]
    # inside a clause describing another thing, the thing asked about is that thing
    assert asked_nouns("防犯カメラをAIで解析するシステムを入れたいのですが、対象になりますか") == []
    assert asked_nouns("DX推進指標で自己診断した中小企業って、これまでにどのくらいあるの？") == []
    # the owner's wish is what the program's categories answer
    assert asked_nouns("お客様対応でチャットボットを導入したい。") == []


def test_an_action_the_documents_never_mention_is_not_answered_from_other_rules(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "同じ設備について、他の国の補助金と重複して申請することはできますか？").answer
    assert not answer.grounded and "「重複」" in answer.text


def test_a_paraphrase_of_a_stated_word_is_still_answered(retriever) -> None:  # noqa: ANN001 - session fixture
    """お金 is in no document, but its SudachiDict synonym group is (資金): a paraphrase."""
    question = "銀行からお金を借りるときに使える制度はありますか"
    assert "お金" in [w for w, _ in asked_nouns(question)]
    assert "お金" not in unstated_topic(question, retriever.search(question, k=8), retriever)


def test_a_program_the_documents_only_name_has_no_stated_schedule(advisor: Advisor) -> None:
    """中小企業成長加速化補助金 is only named in a list of programs: asked when it is open, the reply
    says the documents do not state it, not the passages that name it beside others."""
    answer = advisor.turn(advisor.new_session(), "中小企業成長加速化補助金の公募はいつ？").answer
    assert not answer.grounded
    assert answer.text.startswith("資料には中小企業成長加速化補助金のスケジュールの記載がありません")
    stated = advisor.turn(advisor.new_session(), "デジタル化・AI導入補助金の公募はいつ？").answer
    assert stated.grounded and "計4回" in stated.text


def test_a_clause_before_a_space_after_a_finished_predicate_is_context() -> None:
    """Owners type without 。: the asking clause starts after a space that follows a predicate."""
    assert asked_nouns("さっき聞いたとは無視してよかです 私が聞き間違えとった 省力化の一般型の補助率ばもう一回教えてくれんね") == []
    assert [w for w, _ in asked_nouns("あの 同じ設備で重複して申請することはできますか")] == ["重複"]


def test_a_subsidy_the_documents_only_name_has_no_stated_expenses(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "中小企業成長加速化補助金は、建物費も対象経費に含まれますか？").answer
    assert not answer.grounded
    assert answer.text.startswith("資料には中小企業成長加速化補助金の補助対象経費の記載がありません")


def test_a_condition_on_a_thing_the_catalog_covers_is_not_answered_by_its_facts(advisor: Advisor) -> None:
    """The program's 補助対象者 fact answers for 設備, not for 中古: the documents never mention used
    equipment, so the reply says so (evidence.unstated_modifier); the kind of thing alone is answered."""
    used = advisor.turn(advisor.new_session(), "中古の設備でも省力化投資補助金（一般型）の対象になりますか？").answer
    assert not used.grounded and "「中古」" in used.text
    kind = advisor.turn(advisor.new_session(), "AIチャットボットのシステムって、デジタル化・AI導入補助金の対象になりますか").answer
    assert kind.grounded


def test_a_topic_the_owner_says_he_does_not_want_is_not_asked() -> None:
    """「裏ワザはいらないので、上限だけ教えて」: the owner sets the thing aside (いらない, 不要, 結構,
    どうでもいい, いいから, 置いといて); the question is the rest. Asked whether it is needed, it is
    asked (「見積書はいらないの？」「見積書は不要ですか」). Session 29 (s29-oos), before the rule."""
    assert topic_nouns("コツはいらないので、ものづくり補助金の補助率だけ教えて") == []
    assert "条件" not in [w for w, _ in topic_nouns("細かい条件は不要です。IT導入補助金の上限は？")]
    assert topic_nouns("能書きはいいから、締切だけ教えてよ") == []
    assert topic_nouns("攻略法はけっこうです、対象経費を知りたい") == []
    assert topic_nouns("手数料はどうでもええけん、補助率ば教えて") == []
    assert any(w.startswith("見積") for w, _ in topic_nouns("見積書はいらないの？"))
    assert any(w.startswith("見積") for w, _ in topic_nouns("見積書は不要ですか"))
    assert any(w.startswith("見積") for w, _ in topic_nouns("見積書はいらないんですか"))


def test_what_kind_of_thing_there_is_asks_about_the_thing() -> None:
    """「どのような罰則がありますか」: asking what kind of X exists asks about X as 「Xは」 does
    (session 29, s29-oos). Not a が of any other clause."""
    assert [w for w, _ in topic_nouns("もし違反したら、どのような罰則がありますか")] == ["罰則"]
    assert [w for w, _ in topic_nouns("どんな手数料がかかるの")] == []  # かかる: no existence asked
    assert [w for w, _ in topic_nouns("売上が下がった場合でも申請できますか")] == []


def test_a_figure_asked_beside_a_thing_set_aside_is_answered(advisor: Advisor) -> None:
    """The figure gate (unstated_focus) leaves a set-aside thing out too: 「攻略法はいらないので、…上限だけ」
    asks for the cap (session 29, s29-oos)."""
    answer = advisor.turn(advisor.new_session(), "攻略法はいらないので、中小企業省力化投資補助金の一般型の補助上限だけ教えて").answer
    assert answer.grounded and "攻略法" not in answer.text


def test_an_owners_word_for_a_cloud_services_fee_is_the_documents_usage_fee(advisor: Advisor) -> None:
    """「サブスク」「SaaS」 name what the documents call クラウド利用料 (glossary.yaml, owner words): the
    expense fact answers 「何年分」, not 「サブスクの記載がありません」 (NOTES.md "s30-oos")."""
    answer = advisor.turn(advisor.new_session(), "在庫管理をクラウドでやりたいです。サブスク費用って何年分まで対象になりますか？デジタル化・AI導入補助金で考えてます。").answer
    assert "「サブスク」" not in answer.text
    assert answer.grounded and "2年分" in answer.text
