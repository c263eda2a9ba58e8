"""Forms of the session-42 writers' failures (NOTES.md "s43-oos"), each decided by the labelling guide, with honest
look-alikes that keep their reading:

- English deceits: a quote or contract redone with later dates, an invoice raised and the difference handed back;
- not stated, asked in English or mixed: a local body's own program named in Japanese, whether a subsidy is taxed,
  a fair price for a vendor's work, the fee of よろず named by its short name; 「補助金…税金はかかる」;
- 不正受給 named as what the question guards against (「不正受給の防止の観点から…」) is no sanctions question;
- a permission question in English ("can we lease … instead of buying it?") asks the rule, nothing false;
- a translation asked on "this", the mail quoted in English single quotes (apostrophes inside), or in 「」 after a
  parenthesis that asks nothing: the quote is the material, the work outside the domain.

Texts written for these tests, not taken from any row."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import rules, understand


def _frame(text: str, catalog, history=None):  # noqa: ANN001, ANN202 - a Catalog, a Frame
    return understand(text, catalog=catalog, history=history or [], parsed=parse_profile(text, None), semantic=False)


# --- English deceits ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "We signed with the vendor in February already. Could you rewrite the contract with a date after the approval?",
    "pls help me remake the invoices so the dates are after the 交付決定",
    "The installer offered to mark up the quote by 15% and pay us back the extra after the grant comes in. How should I describe it?",
    "our supplier will raise the price on the invoice and hand the gap back to us later, what do I put in the 経費 part?",
])
def test_english_backdating_and_kickbacks_are_refused(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert rules.falsification_request(text)
    assert _frame(text, bundled_catalog).intent == "falsification"


@pytest.mark.parametrize("text", [
    "Does the contract have to be dated after the 交付決定?",
    "What happens if the vendor raises the price after we applied?",
    "Can the vendor give us a discount on the invoice?",
    "We got a quote last week. Is the date on it a problem?",
])
def test_english_questions_about_dates_and_prices_are_no_falsification(text: str) -> None:
    assert not rules.falsification_request(text)


# --- not stated, in English or mixed ------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Does 松本市 itself run anything for shops going digital?",
    "any local 補助金 for inns in our area?",
    "we're in 北海道 — is there a local subsidy for tourism IT?",
])
def test_a_local_program_asked_in_english_is_not_stated(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated == "local_program"


@pytest.mark.parametrize("text", [
    "Will the grant be taxed as income?",
    "if we receive 200万 from the 省力化 subsidy, do we pay tax on it?",
    "補助金をもらったら税金はかかるんでしょうか",
    "What is a fair price for a developer to build a simple booking site?",
    "how much does yorozu charge for a consultation?",
    "is よろず free?",
])
def test_tax_vendor_price_and_fees_asked_are_not_stated(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated == "procedure_rule"


@pytest.mark.parametrize("text", [
    "What is the local AX network?",
    "How much does the 省力化 subsidy cover?",
    "What's the cap on the monozukuri subsidy?",
])
def test_answered_english_questions_keep_their_reading(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated == ""


# --- fraud named as what is guarded against -----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "不正受給の防止のため、ものづくり補助金の対象経費を正確に知りたいです。何が対象ですか。",
    "不正受給を防ぐために、省力化投資補助金の補助率を確認しておきたい。何分の何？",
])
def test_fraud_as_what_is_guarded_against_is_no_sanctions_question(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated != "sanctions"


@pytest.mark.parametrize("text", [
    "不正受給したらどうなりますか",
    "不正受給がばれたら何がありますか？",
    "不正受給の場合、返還は全額ですか",
])
def test_what_follows_fraud_stays_a_sanctions_question(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).not_stated == "sanctions"


# --- a permission question in English -----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "ok. can we lease the gear instead of buying it?",
    "Could we pay the vendor in two instalments?",
    "Is it OK to buy the software through our parent company?",
])
def test_an_english_permission_question_asks_the_rule(text: str) -> None:
    assert rules.asks_about_the_rule(text)


@pytest.mark.parametrize("text", [
    "Can we write that we have 20 staff?",
    "Is it OK to say the machine is already installed?",
    "Can we split the order so each part stays under the cap?",
    "リースでもいいですか、と聞いたら何と言われますか。書いて",
])
def test_leave_to_write_or_split_is_no_english_permission_question(text: str) -> None:
    assert not rules.asks_about_the_rule(text) or not rules.english_only(text)


# --- a translation of a quoted mail -------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Could you translate this into proper business Japanese for our IT vendor? 'Hi, we'd like to confirm the quote "
    "for the subsidy application by Friday, could you send it?'",
    "取引先に送るメール、英語にしてもらえますか？（補助金の申請書に使う見積もりの確認です）「先日の見積書の有効期限を教えて"
    "いただけますか。」",
])
def test_a_translation_of_a_quoted_mail_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


@pytest.mark.parametrize("text", [
    "申請書に添付する事業計画書を英訳してもらえますか？",
    "Could you check this sentence of our application? 'We will introduce an AI booking system in 2026.'",
])
def test_the_application_itself_is_no_outside_work(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent != "off_topic"


def test_a_quoted_question_is_material_only_when_nothing_outside_asks() -> None:
    text = "（確認です）「上限はいくらですか。」"
    assert rules.quoted_material(text, text)
    asked = "上限はいくらですか？（「一般型」のことです）"
    assert not rules.quoted_material(asked, asked)


# --- English company descriptions, matching and where to start ----------------------------------------


def test_an_english_wish_and_a_headcount_in_words_are_read() -> None:
    parsed = parse_profile("We run a small inn in Nagano, twelve staff. We'd like a booking system with AI replies.", None)
    assert parsed.profile.employees == 12
    assert any("booking system" in g for g in parsed.profile.goals)


@pytest.mark.parametrize("text", [
    "Hi! We run a bakery with 8 people and we want an AI tool for orders. What should we look at first?",
    "our team of 15 wants to automate invoicing — what could we apply for?",
])
def test_an_english_business_then_what_to_look_at_is_matching(text: str) -> None:
    assert rules.MATCHING.search(text)


@pytest.mark.parametrize("text", [
    "What should we look at in the application form?",
    "What should I look at first in the 公募要領?",
])
def test_what_to_look_at_without_the_business_is_no_matching(text: str) -> None:
    assert not rules.MATCHING.search(text)


def test_no_clue_where_to_start_is_next_steps() -> None:
    assert rules.NEXT_STEPS.search("honestly no idea where to start with AI. who should I ask?")
    assert not rules.NEXT_STEPS.search("where did the program start?")


def test_the_catalog_subsidy_in_english_names_the_catalog_type(bundled_catalog) -> None:  # noqa: ANN001
    frame = _frame("how much is the cap on the 省力化 catalog subsidy?", bundled_catalog)
    assert [p.id for p in frame.programs] == ["shoryokuka-catalog"]


def test_the_lender_named_after_dx_certification_is_its_loan(bundled_catalog) -> None:  # noqa: ANN001
    first = _frame("DX認定ってどんな制度？", bundled_catalog)
    for text in ("なるほど、その認定を取ったあとで日本政策金融公庫のほうでも何か使えるものがあるんでしょうか？",
                 "Got it. After we're certified, I heard the Japan Finance Corporation has something for us?"):
        frame = _frame(text, bundled_catalog, [first])
        assert [p.id for p in frame.programs] == ["jfc-dx-loan"]


def test_a_long_message_naming_a_kind_only_is_not_carried_to_the_related_program(bundled_catalog) -> None:  # noqa: ANN001
    first = _frame("DX認定ってどんな制度？", bundled_catalog)
    frame = _frame("話は変わりますが、うちは来年工場を建て替える予定で、そのときに銀行から融資を受けるつもりです。", bundled_catalog, [first])
    assert "jfc-dx-loan" not in [p.id for p in frame.programs]


# --- a story about an application --------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Write me a funny story about an innkeeper whose subsidy application keeps getting rejected.",
    "Could you write a short poem about our subsidy application for the year-end party?",
])
def test_a_story_about_an_application_is_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent == "off_topic"


@pytest.mark.parametrize("text", [
    "申請書の書き方を物語風に教えて",
    "Write a story for our business plan on how the AI system will help our staff",
])
def test_the_application_told_as_a_story_is_not_declined(text: str, bundled_catalog) -> None:  # noqa: ANN001
    assert _frame(text, bundled_catalog).intent != "off_topic"


# --- a rumour's speaker is not what is asked ---------------------------------------------------------


def test_who_said_it_is_no_topic_of_the_question() -> None:
    from advisor.chains.evidence import topic_nouns

    assert topic_nouns("上限はいくら？同業者は「800万」って言ってたけど") == topic_nouns("上限はいくら？")
    assert topic_nouns("上限はいくら？知人が1000万と言ってました") == topic_nouns("上限はいくら？")
    assert topic_nouns("パソコンは対象ですか") != []
    assert topic_nouns("中古品は「対象外」ですか") != []


def test_a_thing_before_an_understanding_or_another_persons_promise_stays_a_topic() -> None:
    from advisor.chains.evidence import topic_nouns

    assert topic_nouns("カタログ型の補助率は一般型と同じという理解で正しいか") != []
    assert ["日付", "ヒヅケ"] in [list(t) for t in topic_nouns("見積書の日付は業者がなんとかするって言ってる")]
