"""Leave-one-writer-out grid of the intent classifier's training settings, exact and fast.

    python evals/cv_classifier_grid.py [--l2 1e-3,3e-3] [--steps 500,1500] [--exemplar-weight 1,2] [--folds REGEX] [--show]

Dev rows only (cv_understanding.dev_rows(); test rows are never read, only test texts are kept out
of training as the export does). A fold is every dev row whose id's first group of ``--folds``
is the same (default: one blind outsider writer of sessions 21–24, out_of_scope rows and
conversation turns, e.g. ``s22-w2-…``); its classifier is trained on the exemplars plus every
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

from cv_understanding import _memo_embed, dev_rows, label_rows, labeller, leak_key, outcome, test_row_texts  # noqa: E402

WRITER_FOLDS = r"^(s2[1-4]-w\d+)-"


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


def decisions(p: dict[str, float]) -> tuple:
    """Everything the chat path reads of one probability vector (advisor.understanding:
    _semantic_decline's label at either bar, _another_ask_in_domain's p(in_domain) >= 0.5)."""
    import advisor.understanding as understanding

    pmax, label = max((p.get(label, 0.0), label) for label in ("falsification", "injection", "off_topic"))
    return (label if pmax >= understanding.CLASSIFIER_PROBABILITY[label] else None,
            label if pmax >= understanding.IN_DOMAIN_WORDING_PROBABILITY[label] else None,
            p.get("in_domain", 0.0) >= 0.5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--l2", default="", help="penalties, comma-separated (default: semantic.CLASSIFIER_L2)")
    parser.add_argument("--steps", default="", help="step counts, comma-separated (default: semantic.CLASSIFIER_STEPS)")
    parser.add_argument("--exemplar-weight", default="1", help="weights of an exemplar row against a dev row, comma-separated")
    parser.add_argument("--variants", default="", help="instead of the grid: l2/ex pairs, ';'-separated, each at "
                        "every --steps (e.g. '1e-3/2;3e-3/0.5')")
    parser.add_argument("--folds", default=WRITER_FOLDS, help="regex over row ids; its first group is the fold")
    parser.add_argument("--report", default="", help="regex over the held-out rows' ids whose first group sums them on "
                        "the per-fold line instead of their fold (e.g. '^(s25-w\\d+)': one fold, counted per writer)")
    parser.add_argument("--show", action="store_true", help="list the rows whose outcome a variant changes")
    args = parser.parse_args()

    from advisor.config import Settings
    from advisor.evaluation.blocking import blocking_reason
    from advisor.programs import load_catalog
    from advisor.understanding import semantic

    save = _memo_embed()
    settings = Settings()
    catalog = load_catalog(settings)
    index = semantic.exemplar_index(settings.data_dir / "cache")
    test_texts = test_row_texts()
    rows = [row for row in dev_rows() if leak_key(row["text"]) not in test_texts or re.search(args.folds, str(row["id"]))]
    label_rows(rows, labeller(index), semantic.embed)
    fold_of = [m.group(1) if (m := re.search(args.folds, str(row["id"]))) else None for row in rows]
    folds = sorted({f for f in fold_of if f is not None}, key=lambda f: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", f)])
    training = semantic.training_index(index, tuple((r["label"], r["text"]) for r in rows),
                                       np.stack([semantic.embed(r["text"]) for r in rows]))
    n_ex = len(index.labels)
    # per fold: the exemplars, then the first row of each text among the other folds' rows
    masks = np.zeros((len(folds), len(training.labels)))
    for i, fold in enumerate(folds):
        masks[i, :n_ex] = 1.0
        seen: set[str] = set()
        for j, (row, f) in enumerate(zip(rows, fold_of)):
            if f != fold and leak_key(row["text"]) not in test_texts and row["text"] not in seen:
                seen.add(row["text"])
                masks[i, n_ex + j] = 1.0
    held = {fold: [j for j, f in enumerate(fold_of) if f == fold] for fold in folds}
    print(f"{len(folds)} folds, {sum(map(len, held.values()))} held-out rows, {len(training.labels)} training rows at most", flush=True)

    base_setting = (semantic.CLASSIFIER_L2, semantic.CLASSIFIER_STEPS)
    l2s = [float(v) for v in args.l2.split(",")] if args.l2 else [semantic.CLASSIFIER_L2]
    steps = tuple(int(v) for v in args.steps.split(",")) if args.steps else (semantic.CLASSIFIER_STEPS,)
    ex_weights = [float(v) for v in args.exemplar_weight.split(",")]

    # (a factor on one class's rows would do nothing: the classes are balanced on the weighted counts)
    def fold_classifiers(l2: float, steps: tuple[int, ...], ex_w: float) -> list[list]:
        weights = masks.copy()
        weights[:, :n_ex] *= ex_w
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
        print(f"{name:34} {ok}/{n}  oos {sum(oos)}  " + "  ".join(f"{k[:3]} {v[0]}/{v[1]}" for k, v in sorted(per_wanted.items()))
              + f"  in-domain declined {declined}  (re-run {rerun})", flush=True)
        print("    " + " ".join(f"{f}:{v[0]}/{v[1]}" for f, v in per_fold.items()), flush=True)
        if args.show:
            for f in folds:
                for j in held[f]:
                    if got[j] != base_outcome[j]:
                        print(f"    {rows[j]['id']:24} want {rows[j]['wanted']:13} {base_outcome[j]} → {got[j]}")

    judge(f"baseline l2={base_setting[0]:g} steps={base_setting[1]}", base)
    variants = ([tuple(float(x) for x in v.split("/")) for v in args.variants.split(";")] if args.variants
                else [(l2, ex_w) for ex_w in ex_weights for l2 in l2s])
    for l2, ex_w in variants:
        trained = fold_classifiers(l2, steps, ex_w)
        for s_i, s in enumerate(steps):
            judge(f"l2={l2:g} steps={s} ex={ex_w:g}", [c[s_i] for c in trained])
    save()


if __name__ == "__main__":
    main()
