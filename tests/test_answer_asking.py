"""A message that puts context first (「うちは食品工場です。飲食店もやっています。社員の学び直しの費用も対象になりますか？」):
the sentence quoted first answers the asking sentence, not the one sharing most words with the
context (advisor.chains.evidence.CONTEXT_TERM_WEIGHT); on a guide of its own (real ingest, real
retriever)."""

from __future__ import annotations

import pytest

from advisor.chains import evidence
from advisor.chains.evidence import select_evidence
from advisor.config import Settings
from advisor.retrieval.hybrid import Retriever
from tests.conftest import one_guide_retriever

GUIDE = (
    "テスト補助金 公募要領\n"
    "\n"
    "食品工場や飲食店など、従業員の少ない事業者が申請できます。\n"
    "食品工場の衛生管理設備は、別の制度で支援しています。\n"
    "\n"
    "社員の学び直しの費用（受講料）も補助対象となります。\n"
)
CONTEXT_FIRST = "うちは食品工場です。飲食店もやっています。社員の学び直しの費用も対象になりますか？"


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Retriever]:
    return one_guide_retriever(tmp_path_factory.mktemp("asking"), GUIDE, "asking-guide", "テスト補助金 公募要領（文脈）")


def _scores(guide: tuple[Settings, Retriever], message: str) -> tuple[float, float]:
    """Scores of the sentence answering the asking sentence and of the one matching the context."""
    settings, retriever = guide
    chosen = select_evidence(message, retriever.search(message, k=4), retriever, max_sentences=4).evidence
    answering = max(e.score for e in chosen if "学び直し" in e.original)
    context = max(e.score for e in chosen if "飲食店" in e.original)
    return answering, context


def test_the_asking_sentence_outweighs_the_context_of_a_context_first_message(guide, monkeypatch):
    answering, context = _scores(guide, CONTEXT_FIRST)
    assert answering > context
    # Weighed like the question, the context's 食品工場・飲食店 rank the sentence about who may apply first.
    monkeypatch.setattr(evidence, "CONTEXT_TERM_WEIGHT", 1.0)
    answering, context = _scores(guide, CONTEXT_FIRST)
    assert answering < context


def test_items_after_the_question_are_no_context(guide, monkeypatch):
    # 「…含まれますか。・代表者 ・専従者」 asks about what follows it: nothing is weighed down.
    message = "次の費用は対象になりますか。・社員の学び直しの受講料 ・従業員の少ない食品工場の制服"
    with_rule = _scores(guide, message)
    monkeypatch.setattr(evidence, "CONTEXT_TERM_WEIGHT", 1.0)
    assert _scores(guide, message) == with_rule
