"""A figure asked about a thing no retrieved passage names is answered "not stated" instead of with
the program's other figures (a real session on the bundled corpus)."""

from __future__ import annotations

from advisor.chains.evidence import unstated_focus
from advisor.session import Advisor


def test_a_fee_the_documents_never_mention_is_not_answered_with_the_programs_figures(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "IT導入支援事業者に払う手数料って、相場はいくらぐらいですか").answer
    assert not answer.grounded
    assert "「手数料」" in answer.text and "見当たりませんでした" in answer.text
    assert "補助率" not in answer.text and "1/2" not in answer.text


def test_a_thing_the_documents_name_is_still_answered(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "デジタル化・AI導入補助金のクラウド利用料って、何年分まで出ますか").answer
    assert answer.grounded and "2年分" in answer.text


def test_only_topic_nouns_of_a_figure_question_count(retriever) -> None:  # noqa: ANN001 - session fixture
    def unstated(question: str) -> list[str]:
        return unstated_focus(question, retriever.search(question, k=8), retriever)

    assert unstated("IT導入支援事業者に払う手数料って、相場はいくらぐらいですか") == ["手数料", "相場"]
    assert unstated("手数料って誰が払うものですか") == []  # no figure asked
    assert unstated("補助金って通る確率どのくらい？") == ["確率"]  # the noun right before the figure asked
    assert unstated("DX投資促進税制の控除率は？") == []  # a figure of a stated thing (税額控除)
    assert unstated("じゃあ自己負担は半分ってこと？") == []
    assert unstated("じょうげんはいくら？") == []  # hiragana typing: Sudachi reads じょう|げん  # 半分 is a quantity, not a thing
    assert unstated("中堅等大規模成長投資補助金の賃上げ用件って何％以上？") == []  # sounds like 要件 of the passages
    assert unstated("小売業とサービス業だと、中小企業って言える従業員の人数は違うんですか？") == []  # the figure's own name


def test_a_how_many_question_prefers_the_sentence_that_counts_its_noun() -> None:
    from advisor.chains.evidence import counted_terms, states_count

    counted = counted_terms("札幌の地方版ラボには、どれくらいの会社や団体が入っているんですか？")
    assert states_count(counted, "約170の企業、団体が加盟する産学官が連携し、各プロジェクトを実施。")  # 企業 ~ 会社 (synonyms)
    assert not states_count(counted, "補助率:中小企業1/2、最低賃金近傍の事業者2/3")
    assert counted_terms("何人分の人材が不足していますか") == frozenset()  # 何+counter counts no noun


def test_a_yes_no_question_about_a_thing_the_documents_never_name_says_so(advisor: Advisor) -> None:
    """The bundled corpus names no used machine: quoting other expense rules as the answer would
    read as a yes or a no the documents never give (evidence.unstated_target)."""
    answer = advisor.turn(advisor.new_session(), "中古のフォークリフトを買うときも補助の対象になりますか？").answer
    assert not answer.grounded
    assert "「中古」" in answer.text and "見当たりませんでした" in answer.text


def test_a_yes_no_question_about_a_named_thing_is_still_answered(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "デジタル化・AI導入補助金でクラウドの利用料は対象になりますか？").answer
    assert answer.grounded and answer.citations


def test_the_nouns_of_a_yes_no_thing_count_only_when_no_passage_names_them(retriever) -> None:  # noqa: ANN001
    from advisor.chains.evidence import unstated_target

    def unstated(question: str, target: str) -> list[str]:
        return unstated_target(target, retriever.search(question, k=8), retriever)

    assert unstated("中古の機械は補助対象ですか", "中古の機械") == ["中古"]
    assert unstated("クラウド利用料は対象ですか", "クラウド利用料") == []
    assert unstated("対象ですか", "") == []
