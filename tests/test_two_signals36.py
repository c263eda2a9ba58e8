"""A decline decided by two weak signals together (NOTES.md "Decline by two weak signals…, session 36 (s36-rel)"):
the classifier's off-topic verdict at its plain bar, set aside by the in-domain wording bar because the message
holds a word of the domain (the frame's set_aside), and an answer whose retrieved passages are all far from the
message (chains.answer._off_the_request). Either alone answers as before: a legitimate question with a risky word
(ロールプレイ) whose verdict is set aside is answered from passages close to it; a question the documents do not
answer (雇用調整助成金) is answered as "not stated"; a follow-up in dialect is answered.

Texts written for these tests, not taken from any row."""

from __future__ import annotations

import pytest

from advisor.chains import answer as answer_chain
from advisor.chains.declines import OFF_TOPIC
from advisor.evaluation.blocking import blocking_reason
from advisor.understanding import understand

# The ask is outside the domain; the domain words (補助金, AI) are the occasion only.
DECLINED = [
    "補助金の説明会をTeamsで見ようとしたらマイクが認識されません。Macの設定のどこを見ればいいですか",
    "AIの勉強会で東京に行くので、浅草で外国人のお客さんを案内するならどこがいいですか",
]
# A legitimate question whose off-topic verdict is set aside too, answered from passages close to it.
ANSWERED_GROUNDED = [
    "デジタル人材育成プラットフォームって、ロールプレイみたいな実践型の研修もあるんですか",
]
# The documents do not state it: answered as not stated, whatever the verdict set aside.
NOT_STATED = [
    "閑散期は船を出せんで乗組員を休ませとる。雇用調整助成金っていくら出るん？",
]


def _turn(advisor, *turns: str):  # noqa: ANN001, ANN202 - session fixture, the last TurnResult
    sid = advisor.new_session()
    result = None
    for text in turns:
        result = advisor.turn(sid, text)
    return result


@pytest.mark.parametrize("text", DECLINED)
def test_a_set_aside_verdict_with_evidence_off_the_request_is_declined(advisor, text: str) -> None:  # noqa: ANN001
    result = _turn(advisor, text)
    assert result.blocked
    assert result.intent == "blocked" and result.frame["intent"] == "off_topic"
    assert result.answer.text.startswith(OFF_TOPIC) and "例えば" in result.answer.text
    assert not result.answer.citations and not result.answer.grounded


@pytest.mark.parametrize("text", ANSWERED_GROUNDED)
def test_a_set_aside_verdict_with_evidence_close_to_the_message_is_answered(advisor, bundled_catalog, text: str) -> None:  # noqa: ANN001
    assert understand(text, catalog=bundled_catalog).set_aside == "off_topic"  # the first signal alone
    result = _turn(advisor, text)
    assert not result.blocked and result.answer.grounded and result.answer.citations


@pytest.mark.parametrize("text", NOT_STATED)
def test_a_question_the_documents_do_not_answer_stays_not_stated(advisor, bundled_catalog, text: str) -> None:  # noqa: ANN001
    assert understand(text, catalog=bundled_catalog).set_aside == "off_topic"
    result = _turn(advisor, text)
    assert not result.blocked and not result.answer.grounded


def test_a_follow_up_in_dialect_is_answered(advisor) -> None:  # noqa: ANN001
    result = _turn(advisor, "DX認定ってなに？", "うちみたいな小さいとこでも受けれるがか")
    assert not result.blocked and result.answer.grounded


def test_the_blocked_metric_sees_the_same_decision(built_settings, bundled_catalog) -> None:  # noqa: ANN001
    assert blocking_reason(DECLINED[0], built_settings, bundled_catalog).startswith("off_topic: two signals")
    assert blocking_reason(ANSWERED_GROUNDED[0], built_settings, bundled_catalog) is None
    assert blocking_reason(NOT_STATED[0], built_settings, bundled_catalog) is None


def test_without_the_frame_s_verdict_the_chain_answers(built_settings, retriever, bundled_catalog) -> None:  # noqa: ANN001
    # the evidence alone never declines: no frame, or a frame without the set-aside verdict
    assert not answer_chain.declined_by_two_signals(DECLINED[0], settings=built_settings, retriever=retriever,
                                                    catalog=bundled_catalog, asked=None)
    asked = answer_chain.Asked()
    assert not answer_chain.declined_by_two_signals(DECLINED[0], settings=built_settings, retriever=retriever,
                                                    catalog=bundled_catalog, asked=asked)
    answer = answer_chain.answer_question(DECLINED[0], settings=built_settings.model_copy(update={"llm_backend": "none"}),
                                          retriever=retriever, catalog=bundled_catalog, asked=asked)
    assert not answer.declined


def test_the_chain_declines_with_the_frame_s_verdict(built_settings, retriever, bundled_catalog) -> None:  # noqa: ANN001
    frame = understand(DECLINED[0], catalog=bundled_catalog)
    assert frame.intent == "question" and frame.set_aside == "off_topic"
    answer = answer_chain.answer_question(DECLINED[0], settings=built_settings.model_copy(update={"llm_backend": "none"}),
                                          retriever=retriever, catalog=bundled_catalog, asked=frame)
    assert answer.declined and not answer.citations and answer.text == OFF_TOPIC
