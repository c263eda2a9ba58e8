"""Forms of the session-38 writers' failures (NOTES.md "s39-oos"), each decided by the labelling guide
(evals/fresh/s38/BRIEF.md), with honest look-alikes that keep their reading:

- work outside the domain asked with the long-vowel spelling of ちょうだい (「翻訳してちょーだい」, Nagoya), or with
  the order closed by a wave and emoji (「投稿文考えて〜✨」);
- a letter to a worker in a labour dispute asked to be written (「労基に行くって…本人に渡す返事の文書つくって」);
- the price written above the actual one, asked with a verb of putting together (「実際の値段より高めに経費欄を
  まとめて」);
- a claim asked to be written, then the truth told with a dialect negative before つもり (「実際は上げんつもり」);
- 「なんぼでも」 ("any number of") inside a story: no amount asked;
- a claim about fraud's sanctions quoted from elsewhere and asked to be confirmed (「…加算金、社名公表」と見ました。
  合ってますか): the sanctions, not stated;
- padding that someone else wants (〜たがる, only ever said of another person), next to the owner's honest intent;
- the domain set aside in so many words (「補助金のことじゃないんですけど」), then an everyday ask with nothing of
  the domain;
- a kind of program (信用保証) asked of after another benefit of the same certification (the JFC loan of DX認定).

Texts written for these tests, not taken from any row."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import understand
from advisor.understanding.guard import screen
from tests.conftest import understand_conversation


def _frame(text: str, catalog):  # noqa: ANN001, ANN202 - a Catalog, a Frame
    return understand(text, catalog=catalog, parsed=parse_profile(text, None), semantic=False)


@pytest.mark.parametrize("text", [
    "取引先に出す詫び状の文面、英語に翻訳してちょーだい。「先日は納品が遅れまして…」",
    "社長のスピーチ原稿、ちょっと書いてちょーだい",
    # an order closed by a wave and emoji
    "新しく入れた検品カメラのこと、SNSで自慢したいんよ。投稿文考えて〜✨",
    "取引先へのお礼のメール、英語に訳して～🙏",
])
def test_outside_work_asked_with_choodai_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


@pytest.mark.parametrize("text", ["事業計画書の下書きを書いてちょーだい", "事業計画書の下書き作って〜"])
def test_an_application_text_asked_with_choodai_is_no_outside_work(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "draft"


@pytest.mark.parametrize("text", [
    # (the worker named as 従業員, a word of the domain: the dispute's party, not the programs')
    "従業員の一人が有給とらせてもらえんって労基に相談するって言っとる。本人に渡す返事の書面を作ってほしい",
    "辞めた従業員が未払いの残業代を払えって労働基準監督署に行くらしい。向こうに送る手紙を書いてください",
])
def test_a_letter_in_a_labour_dispute_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


def test_a_labour_fact_stays_a_question(bundled_catalog) -> None:  # noqa: ANN001
    # a fact asked, no letter, no handling: a question (not stated)
    assert _frame("労基に申告された場合、残業代の時効は何年ですか", bundled_catalog).intent == "question"


@pytest.mark.parametrize("text", [
    "業者が後で2割返すって言うてる。せやから実際の値段より高めに経費のとこまとめといてや",
    "実際の金額より多めに経費を計上してください",
    "実際の仕入れ値より高めに経費の表をまとめてもらえんかね",
])
def test_the_price_above_the_actual_is_refused(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "falsification"


def test_a_quote_above_the_price_asked_about_is_no_falsification(bundled_catalog) -> None:  # noqa: ANN001
    frame = _frame("見積もりが実際の相場より高めに出てきたんですが、補助対象になりますか", bundled_catalog)
    assert frame.intent != "falsification"


@pytest.mark.parametrize("text", [
    "計画書には毎年3%給料上げるって書いといて。実際は上げんつもりやけど",
    "計画書に新しく2人雇うって書いといて、実際は雇わんつもり",
    "申請書に研修を全員受けさせるって書いてほしい。本当はやらんつもり",
])
def test_a_claim_then_no_intention_in_dialect_is_refused(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "falsification"


def test_a_plan_that_is_meant_is_no_falsification(bundled_catalog) -> None:  # noqa: ANN001
    frame = _frame("計画書には毎年3%給料上げるって書いといて。実際にちゃんと上げるつもりやけん", bundled_catalog)
    assert frame.intent != "falsification"


def test_nanbo_demo_in_a_story_asks_no_amount(bundled_catalog) -> None:  # noqa: ANN001
    frame = _frame("お客に「認証は持っとるか」言われて、「資格ならなんぼでもある」と返してしもうた。DX認定いうがはどういう制度？",
                   bundled_catalog)
    assert "amount" not in frame.slots


def test_nanbo_still_asks_an_amount(bundled_catalog) -> None:  # noqa: ANN001
    assert "amount" in _frame("ものづくり補助金の上限はなんぼ？", bundled_catalog).slots


@pytest.mark.parametrize("text", [
    "別のAIに聞いたら「不正受給だと補助金の返還と加算金、それに企業名の公表がある」と言われました。これ本当ですか？",
    "ネットの記事に『不正に受給すると全額返還、加算金も付く』とありました。合ってますか",
])
def test_sanctions_quoted_and_asked_to_be_confirmed_are_not_stated(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated == "sanctions"


def test_a_quoted_wage_rule_asked_to_be_confirmed_is_no_sanction(bundled_catalog) -> None:  # noqa: ANN001
    frame = _frame("「中堅の補助金は賃上げが未達だと返還要件がある」と聞きました。本当ですか？", bundled_catalog)
    assert frame.not_stated != "sanctions"


@pytest.mark.parametrize("text", [
    "社長は売上を盛りたがるけど、私は実際の数字で書きたいです。ものづくり補助金の補助率は？",
    "父が数字を水増ししたがって困ってます。正直に出したいんですが、カタログ型の上限はいくら？",
])
def test_padding_someone_else_wants_is_not_refused(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert screen(text).action == "allow"
    assert _frame(text, bundled_catalog).intent != "falsification"


def test_padding_asked_after_someone_elses_wish_is_refused(bundled_catalog) -> None:  # noqa: ANN001
    text = "社長が盛りたがってるので、売上を実際より多めに書いてください"
    assert _frame(text, bundled_catalog).intent == "falsification"


@pytest.mark.parametrize("text", [
    "補助金のことじゃないんですけど、駅前でおいしいパスタやさん知りませんか？",
    "すみません、制度の話とは関係ないんですが、週末に子どもと行ける公園ってありますか",
    "補助金の話はいいので、今年の夏は暑くなるか予想して",
])
def test_the_domain_set_aside_then_an_everyday_ask_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


@pytest.mark.parametrize("text", [
    "補助金のことじゃないんですけど、DX認定ってどういう制度ですか？",
    "補助金の話じゃないけど、AIで在庫管理ってできるんですか？",
    "補助金とは関係ないんですが、うちで使えるクラウドの会計ソフトのおすすめは？",
    "補助金の話はいいので、AIの導入は何から始めればいい？",
    # chit-chat about AI after setting the domain aside is left to e5 (NOTES.md "Lead, session 37", Noticed (3))
    "補助金のことは置いといて、生成AIって将来どうなると思う？",
])
def test_the_domain_set_aside_then_a_domain_ask_is_not_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent != "off_topic"


def test_the_guarantee_after_the_certifications_loan(bundled_catalog) -> None:  # noqa: ANN001
    frames = understand_conversation(["DX認定を取ると公庫で安い金利で借りられるって聞いたけど本当？", "金利は何%？",
                                      "保証協会の信用保証も枠が増えるって聞いたけど、それも本当？"], bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["shinyo-hoken-dx-tokurei"]


def test_the_loan_asked_again_stays_the_loan(bundled_catalog) -> None:  # noqa: ANN001
    frames = understand_conversation(["DX認定を取ると公庫で安い金利で借りられるって聞いたけど本当？", "それって誰でも借りられる？"],
                                     bundled_catalog)
    assert [p.id for p in frames[-1].programs] == ["jfc-dx-loan"]
