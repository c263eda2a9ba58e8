"""One quote chosen by meaning (advisor/chains/evidence.py SEMANTIC_SLOTS, advisor/chains/semantic.py):
the last quote slot goes to the candidate the dense model finds nearest the question, so that a
paraphrase (財源 → 基金) is quoted even when sentences sharing more words outscore it. The pick is
tested on hand-made candidates; the similarities with the real e5 model on a real index. Also the
other session-18 bridge over the paraphrase gap: a yes/no question about what is allowed leads with
the sentence that allows or forbids (PERMISSION_BONUS)."""

from __future__ import annotations

import numpy as np
import pytest

from advisor.chains import evidence, semantic
from advisor.config import Settings
from advisor.index.embeddings import embedding_fingerprint
from advisor.index.vector_cache import VectorCache
from advisor.retrieval.hybrid import Retriever
from advisor.types import Citation
from tests.conftest import index_one_guide


def _candidate(text: str, score: float, rank: int, order: int) -> evidence.Evidence:
    citation = Citation(source_id="s", title="t", issuer="i", date="2026-02-01", page=1, section="", passage=text)
    return evidence.Evidence(text=text, original=text, citation=citation, key=f"c{rank}-{order}", group="g",
                             score=score, rank=rank, order=order)


# Three sentences sharing the question's words outscore the one that answers it in other words.
NEAREST = {
    "AI時代に対応したリスキリング支援の強化を行います。": 0.86,
    "重点分野に関するリスキリング支援を行います。": 0.85,
    "中小企業の社員を中心にリスキリングを支援します。": 0.84,
    "基金創設も念頭に、AI関連の人材育成を実施。": 0.91,
}


def _candidates() -> list[evidence.Evidence]:
    texts = list(NEAREST)
    return [
        _candidate(texts[0], 1.00, 1, 0),
        _candidate(texts[1], 0.95, 1, 1),
        _candidate(texts[2], 0.90, 2, 0),
        _candidate(texts[3], 0.50, 4, 0),  # rank 4: no leader
    ]


def _similarity(nearest: dict[str, float], asked: list[list[str]] | None = None) -> evidence.Similarity:
    def similarity(candidates: list[evidence.Evidence]) -> np.ndarray:
        if asked is not None:
            asked.append([c.text for c in candidates])
        return np.array([nearest[c.text] for c in candidates])

    return similarity


def test_the_last_quote_goes_to_the_sentence_nearest_in_meaning():
    asked: list[list[str]] = []
    texts = [e.text for e in evidence.pick(_candidates(), max_sentences=3, similarity=_similarity(NEAREST, asked))]
    assert any("基金" in t for t in texts), texts
    assert len(texts) == 3
    # Only what the lexical choice left out is embedded.
    assert len(asked) == 1 and len(asked[0]) == 2 and not set(asked[0]) & set(texts[:2]), asked
    lexical = [e.text for e in evidence.pick(_candidates(), max_sentences=3)]
    assert not any("基金" in t for t in lexical), lexical


def test_without_a_dense_model_every_slot_is_lexical():
    texts = [e.text for e in evidence.pick(_candidates(), max_sentences=3, similarity=lambda candidates: None)]
    assert sorted(texts) == sorted(list(NEAREST)[:3])


def test_a_sentence_below_the_relevance_cutoff_is_never_chosen_for_its_meaning():
    candidates = _candidates()
    candidates[3].score = 0.1  # under RELATIVE_CUTOFF × best
    texts = [e.text for e in evidence.pick(candidates, max_sentences=3, similarity=_similarity(NEAREST))]
    assert not any("基金" in t for t in texts), texts


def test_no_embedding_when_the_lexical_choice_leaves_room():
    asked: list[list[str]] = []
    texts = [e.text for e in evidence.pick(_candidates(), max_sentences=8, similarity=_similarity(NEAREST, asked))]
    assert len(texts) == 4 and asked == [], (texts, asked)


GUIDE = (
    "テスト人材補助金 公募要領\n"
    "\n"
    "基金を創設し、AI関連の人材育成を複数年度にわたって支援します。\n"
    "工場の敷地の緑地面積は20%以上とします。\n"
)


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Retriever]:
    root = tmp_path_factory.mktemp("semantic")
    settings = index_one_guide(root, GUIDE, "test-jinzai", "テスト人材補助金 公募要領（テスト用）")
    # A cache of its own: the test must see this question's sentence vectors written there.
    settings = settings.model_copy(update={"embedding_cache_dir": root / "vectors"})
    return settings, Retriever(settings)


def test_the_dense_model_finds_the_paraphrase_and_caches_sentence_vectors(guide, monkeypatch):
    settings, retriever = guide
    sentences = ["基金を創設し、AI関連の人材育成を複数年度にわたって支援します。", "工場の敷地の緑地面積は20%以上とします。"]
    sims = semantic.similarities("研修を支えるお金の出どころはどうなっていますか？", sentences, retriever)
    assert sims is not None and sims.shape == (2,)
    assert sims[0] > sims[1], sims
    cache = VectorCache(settings.vector_cache_dir, embedding_fingerprint(settings))
    assert all(cache.get(s) is not None for s in sentences)
    # Another process (an empty memory) reads them from disk: the model is not asked again.
    monkeypatch.setattr(semantic, "_memory", type(semantic._memory)())
    embeddings = retriever._state().embeddings

    def refuse(texts):
        raise AssertionError(f"re-embedded {texts}")

    monkeypatch.setattr(embeddings, "embed_documents", refuse)
    again = semantic.similarities("研修を支えるお金の出どころはどうなっていますか？", sentences, retriever)
    assert again is not None and np.allclose(again, sims, atol=1e-5)


def test_without_a_dense_model_there_is_no_similarity():
    class NoIndex:
        settings = None

        def _state(self):
            raise RuntimeError("no index")

    assert semantic.similarities("質問", ["文"], NoIndex()) is None
    texts = [e.text for e in evidence.pick(_candidates(), max_sentences=3, similarity=evidence.similarity_to("質問", NoIndex()))]
    assert sorted(texts) == sorted(list(NEAREST)[:3])


# --- yes/no questions about what is allowed --------------------------------------------------------

PERMISSION_GUIDE = (
    "テスト販売補助金 公募要領\n"
    "\n"
    "販売事業者として登録されるためには、事務局に販売事業者の登録申請を行い、審査を受ける必要があります。\n"
    "販売事業者の登録申請には、登記事項証明書を添付してください。\n"
    "製造事業者が販売事業者を兼ねることも可能です。\n"
)


@pytest.mark.parametrize("question, asks", [
    ("メーカーが販売事業者として登録できますか？", True),
    ("ITツールの代金を社長個人の口座から払っても問題ないですか？", True),
    ("ロボットをよその会社に売ってしまっても大丈夫？", True),
    ("申請は郵送でもいいですか", True),
    ("どの制度がいいですか？", False),
    ("補助上限額はいくらですか？", False),
])
def test_a_yes_no_question_about_what_is_allowed_is_recognised(question, asks):
    assert bool(evidence._ASKS_PERMISSION.search(question)) is asks


def test_a_permission_question_leads_with_the_sentence_that_allows_or_forbids(tmp_path, monkeypatch):
    settings = index_one_guide(tmp_path, PERMISSION_GUIDE, "test-hanbai", "テスト販売補助金 公募要領（テスト用）")
    retriever = Retriever(settings)
    question = "メーカーが販売事業者として登録できますか？"
    hits = retriever.search(question, k=4)
    monkeypatch.setattr(evidence, "SEMANTIC_SLOTS", 0)  # the lexical order only
    first = evidence.select_evidence(question, hits, retriever, max_sentences=8).evidence[0].text
    assert "可能" in first, first
    monkeypatch.setattr(evidence, "PERMISSION_BONUS", 0.0)
    first = evidence.select_evidence(question, hits, retriever, max_sentences=8).evidence[0].text
    assert "可能" not in first, first
