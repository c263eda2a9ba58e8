"""Leave-one-batch-out estimate of how the understanding module's decline decisions generalise.

    python evals/cv_understanding.py [--train-dev] [--show]

Dev rows only (split = dev; test rows are never read). Every row is judged through the chat's
path up to the decline decision (advisor.evaluation.blocking.blocking_reason: guard, rules, e5
classifier; first turn, no retrieval) and counted right when the outcome is the one wanted:
``decline`` (off-topic or injection), ``falsification`` (refuse_fabrication) or ``in_domain``
(not declined; out_of_scope's safe / not_in_documents rows, conversation answers, every question
of retrieval / holdout / FAQ / guideline_clauses).

Rows are grouped in batches (GROUPS): out_of_scope.jsonl by the session that wrote them (the
tuning rows of a session, written from its dev failures, go with that session's batch: leaving
out a batch leaves out what was fitted to it), every other dataset as one batch. With
``--train-dev`` the classifier is trained, for each batch, on the exemplars plus the dev rows of
every OTHER batch (advisor.understanding.training.training_rows), and judged on the held-out
batch: the figure says how a classifier trained on dev rows does on rows written apart from
them, which is what an outsider's test set is. Without it the classifier is the exemplar-only
one and the figure is plain dev accuracy of the decision.

Honesty: exemplars.yaml and several rules were written from the s16/s17 dev failures (and a few
rules from s18's and s19's), so those folds flatter. ``--without-exemplars`` trains each fold's
classifier on the other batches' rows only; the "fresh" line sums the batches least fitted to
(FRESH_BATCHES). ``--last-clause-only`` judges a message's parts as the module did before session
20 (its last clause only), for a before/after figure.

e5 vectors are kept in a cache file (CACHE) so that repeated runs take seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

DATASETS = Path(__file__).resolve().parent / "datasets"
# ADVISOR_CV_VECTORS: another file, so that engineers running the script at once do not write one file.
CACHE = Path(os.environ.get("ADVISOR_CV_VECTORS", "/tmp/advisor-cv-understanding-vectors.npz"))
WANTED = {"decline": "decline", "refuse_fabrication": "falsification"}
IN_DOMAIN_SETS = ("retrieval.jsonl", "retrieval_holdout.jsonl", "faq_monozukuri.jsonl", "guideline_clauses.jsonl")


# Out-of-scope batches whose writers fitted fewer (s18, s19) or no (s20) rules and exemplars to
# them: the fairest figure of the leave-one-batch-out estimate.
FRESH_BATCHES = ("oos-s18", "oos-s19", "oos-s20")
# Rows written blind by outsiders who never saw the repository (sessions 21, 22, 23: ids
# s21-w1-…), one batch per writer: leave-one-writer-out is the most honest estimate the dev split
# gives. Summed per session on the "blind" lines.
BLIND_BATCH = re.compile(r"oos-(s\d+)-w\d+$")


def _jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATASETS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def oos_batch(row_id: str) -> str:
    """out_of_scope.jsonl ids: s16-…, s16b-…, s17t-… → the session (s16, s17); older ids → early."""
    m = re.match(r"s(\d+)(?:-(w\d+)-)?", row_id)
    if m and m.group(2):  # s21-w1-…: a blind outsider writer's rows, one batch per writer
        return f"oos-s{m.group(1)}-{m.group(2)}"
    return f"oos-s{m.group(1)}" if m else "oos-early"


def carried_refusal(turns: list[dict], n: int) -> bool:
    """Turn ``n`` is refused because a turn before it was (「じゃあ20人で下書きを」 after 「本当は6人だけど
    20人ということにして」): the falsehood is in the conversation, not in the turn's text, which alone
    is an ordinary draft request. The classifier reads one message, so such a turn is no row of its
    (labelled falsification, it taught e5 that short draft requests pointing back are; the
    conversation's refused content decides them: understanding._refused_before)."""
    return turns[n]["expect"] == "refuse_fabrication" and any(t["expect"] == "refuse_fabrication" for t in turns[:n])


def dev_rows() -> list[dict]:
    """{text, wanted, group, source_id} for every dev row (see the module doc)."""
    rows: list[dict] = []
    for row in _jsonl("out_of_scope.jsonl"):
        if row.get("split") == "dev":
            rows.append({"text": row["input"], "wanted": WANTED.get(row["expect"], "in_domain"),
                         "group": oos_batch(str(row["id"])), "id": row["id"]})
    for row in _jsonl("conversations.jsonl"):
        if row.get("split") == "dev":
            for n, turn in enumerate(row["turns"]):
                if carried_refusal(row["turns"], n):
                    continue
                rows.append({"text": turn["user"], "wanted": WANTED.get(turn["expect"], "in_domain"),
                             "group": "conversations", "id": f"{row['id']}#{n}"})
    for name in IN_DOMAIN_SETS:
        rows += [{"text": row["question"], "wanted": "in_domain", "group": name.removesuffix(".jsonl"), "id": row["id"]}
                 for row in _jsonl(name) if row.get("split") == "dev"]
    return rows


def leak_key(text: str) -> str:
    """A text as compared for leaks: width, case, spaces and punctuation do not make a new text
    (「上限は？」 and 「上限は?」 are one)."""
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", text)).lower()


def test_row_texts() -> set[str]:
    """The leak_key of every test row's text in every dataset (a single question or a conversation's
    turns): the export keeps them out of the training rows. Only the texts are read, never a result."""
    texts: set[str] = set()
    for path in sorted(DATASETS.glob("*.jsonl")):
        for row in _jsonl(path.name):
            if row.get("split") == "test":
                texts |= {leak_key(row.get("input") or row.get("question") or "")}
                texts |= {leak_key(turn["user"]) for turn in row.get("turns", [])}
    texts.discard("")
    return texts


# The exemplar-only classifier that splits the rows to decline into off_topic and injection has
# settings of its own (the classifier's before session 25): tuning the classifier relabels no row.
LABELLER_L2 = 1e-3
LABELLER_STEPS = 1500


def labeller(index: "object") -> "object":
    """The exemplar-only classifier label_rows reads."""
    from advisor.understanding import semantic

    return semantic.train_classifier(index, LABELLER_L2, LABELLER_STEPS)


def label_rows(rows: list[dict], base, embed) -> None:
    """The classifier's class of every row: in_domain, falsification, or for a row to decline
    (the datasets say only "decline") off_topic or injection, whichever the exemplar-only
    classifier ``base`` finds more likely."""
    for row in rows:
        if row["wanted"] == "decline":
            p = base.probabilities(embed(row["text"]))
            row["label"] = "injection" if p["injection"] > p["off_topic"] else "off_topic"
        else:
            row["label"] = row["wanted"]


def _memo_embed():
    """semantic.embed with a disk cache of every vector it computed."""
    from advisor.understanding import semantic

    real = semantic.embed
    known: dict[str, np.ndarray] = {}
    if CACHE.is_file():
        with np.load(CACHE) as data:
            known = dict(zip(data["texts"].tolist(), data["vectors"]))

    def embed(text: str) -> np.ndarray:
        if text not in known:
            known[text] = real(text)
        return known[text]

    def save() -> None:
        if known:
            np.savez(CACHE, texts=np.array(list(known)), vectors=np.stack(list(known.values())))

    semantic.embed = embed
    return save


def outcome(reason: str | None) -> str:
    if reason is None:
        return "in_domain"
    return "falsification" if reason.startswith("falsification") else "decline"


def _empty(index: "object") -> "object":
    """An exemplar index with no exemplars (to train on rows only)."""
    from advisor.understanding import semantic

    return semantic.ExemplarIndex((), (), np.zeros((0, index.vectors.shape[1]), dtype=np.float32))


def _thresholds(spec: str) -> list[tuple[float, ...]]:
    """「0.7/0.9,0.6/0.9/-0.05」 → [(0.7, 0.9), (0.6, 0.9, -0.05)]: the classifier's probability to
    decline, plain / with in-domain wording (advisor.understanding.CLASSIFIER_PROBABILITY and
    IN_DOMAIN_WORDING_PROBABILITY, the same for every label), and optionally the nearest-exemplar
    lead floor (CLASSIFIER_MIN_LEAD)."""
    return [tuple(float(x) for x in pair.split("/")) for pair in spec.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train-dev", action="store_true", help="train on exemplars + the other batches' dev rows")
    parser.add_argument("--thresholds", default="", help="grid of plain/wording probabilities, e.g. 0.7/0.9,0.6/0.9 "
                        "(default: the module's own)")
    parser.add_argument("--l2", type=float, default=None, help="the classifier's L2 penalty (default: semantic.CLASSIFIER_L2)")
    parser.add_argument("--only", default="", help="held-out batches to judge, comma-separated (default: all)")
    parser.add_argument("--hold-out", default="", help="a regex of row ids: train once on every other dev row and judge "
                        "those (with --train-dev: a new batch's transfer figure, e.g. '^s24-w1[1-8]-')")
    parser.add_argument("--show", action="store_true", help="list the wrong rows (of the first threshold pair)")
    parser.add_argument("--last-clause-only", action="store_true", help="judge only the last clause alone, not the "
                        "asking sentences (the module before session 20)")
    parser.add_argument("--without-exemplars", action="store_true", help="train the classifier on the other batches' "
                        "rows only: exemplars.yaml was partly written from s16/s17 dev failures, so without it those "
                        "folds are honest too (the nearest-exemplar margins still read the exemplars)")
    args = parser.parse_args()

    import advisor.understanding as understanding
    from advisor.config import Settings
    from advisor.evaluation.blocking import blocking_reason
    from advisor.programs import load_catalog
    from advisor.understanding import semantic

    save = _memo_embed()
    if args.last_clause_only:
        understanding._asks = lambda text, request: [(request, False)]
    settings = Settings()
    catalog = load_catalog(settings)
    rows = dev_rows()
    index = semantic.exemplar_index(settings.data_dir / "cache")
    base = semantic.train_classifier(index)
    label_rows(rows, labeller(index), semantic.embed)
    if args.hold_out:  # one fold: the matching rows against everything else
        for row in rows:
            if re.search(args.hold_out, str(row["id"])):
                row["group"] = "held-out"
        args.only = "held-out"
    groups = sorted({r["group"] for r in rows})
    own = (understanding.CLASSIFIER_PROBABILITY, understanding.IN_DOMAIN_WORDING_PROBABILITY, understanding.CLASSIFIER_MIN_LEAD)
    grid = _thresholds(args.thresholds) if args.thresholds else [(-1.0, -1.0)]
    per_group: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    per_wanted: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    wrong: dict[tuple[float, ...], list[str]] = defaultdict(list)
    for group in groups:
        if args.only and group not in args.only.split(","):
            continue
        if args.train_dev:
            extra = tuple((r["label"], r["text"]) for r in rows if r["group"] != group)
            vectors = np.stack([semantic.embed(text) for _, text in extra])
            base_index = _empty(index) if args.without_exemplars else index
            trained = semantic.train_classifier(semantic.training_index(base_index, extra, vectors),
                                                **({"l2": args.l2} if args.l2 is not None else {}))
            semantic._classifier = (index, trained)
        else:
            semantic._classifier = (index, base)
        for pair in grid:
            if pair[0] >= 0:
                understanding.CLASSIFIER_PROBABILITY = dict.fromkeys(own[0], pair[0])
                understanding.IN_DOMAIN_WORDING_PROBABILITY = dict.fromkeys(own[1], pair[1])
                understanding.CLASSIFIER_MIN_LEAD = pair[2] if len(pair) > 2 else own[2]
            for row in (r for r in rows if r["group"] == group):
                got = outcome(blocking_reason(row["text"], settings, catalog))
                ok = got == row["wanted"]
                for key, table in ((group, per_group), (row["wanted"], per_wanted)):
                    table[(pair, key)][0] += ok
                    table[(pair, key)][1] += 1
                if not ok:
                    wrong[pair].append(f"{row['group']:22} {row['id']:24} want {row['wanted']:13} got {got:13} {row['text'][:70]!r}")
    save()
    mode = ("leave-one-batch-out, trained on " + ("" if args.without_exemplars else "exemplars + ") + "other batches' dev rows"
            if args.train_dev else "exemplar-only classifier")
    for pair in grid:
        mine = {k: v for (p, k), v in per_group.items() if p == pair}
        total = [sum(v[0] for v in mine.values()), sum(v[1] for v in mine.values())]
        label = "module thresholds" if pair[0] < 0 else "thresholds " + "/".join(map(str, pair))
        print(f"== {mode}, {label}: {total[0]}/{total[1]} = {total[0] / total[1]:.3f}")
        for key, (ok, n) in sorted(mine.items()):
            print(f"  {key:24} {ok}/{n} = {ok / n:.3f}")
        # The batches no exemplar or rule was written from before they were held out (s18 and
        # later had rules from their own dev failures, but fewer; s16/s17 fitted the exemplars).
        fresh = [v for k, v in mine.items() if k in FRESH_BATCHES]
        if fresh:
            print(f"  {'fresh (' + '+'.join(b.removeprefix('oos-') for b in FRESH_BATCHES) + ')':24} "
                  f"{sum(v[0] for v in fresh)}/{sum(v[1] for v in fresh)}")
        blind: dict[str, list[list[int]]] = defaultdict(list)
        for k, v in mine.items():
            if (m := BLIND_BATCH.match(k)):
                blind[m.group(1)].append(v)
        for session, values in sorted(blind.items()):
            print(f"  {'blind ' + session + ' writers':24} {sum(v[0] for v in values)}/{sum(v[1] for v in values)}")
        if len(blind) > 1:
            every = [v for values in blind.values() for v in values]
            print(f"  {'blind, every writer':24} {sum(v[0] for v in every)}/{sum(v[1] for v in every)}")
        for key, (ok, n) in sorted((k, v) for (p, k), v in per_wanted.items() if p == pair):
            print(f"  wanted {key:17} {ok}/{n} = {ok / n:.3f}")
        print(f"  in-domain rows declined: {sum(1 for w in wrong[pair] if ' want in_domain ' in w)}")
    if args.show:
        print("\n".join(wrong[grid[0]]))


if __name__ == "__main__":
    main()
