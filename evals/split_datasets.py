"""Give every row of the evaluation datasets a fixed ``split`` ("dev" or "test").

The split is written into the files once and then never changes: thresholds, tables and weights
are tuned on dev rows only, and test rows are only reported. Rows that already have a split keep
it; rows without one (new rows) get one here, so adding rows never moves an old row.

Assignment, per dataset: rows are grouped by a stratum (the question kind, the FAQ section, the
profile family, the program, the batch and kind named in the id), ordered inside the stratum by the SHA-256 of their id (a fixed,
arbitrary order that does not follow the author's writing order), and each row goes to the smaller
half of its stratum (ties: the smaller half overall, then dev); each stratum is thus halved (±1) and
the whole set too.

Rows written later while tuning, from what dev rows showed (``"tuning": true``), are always dev
and stay outside the halving: putting half of them in test would leak the tuning into the test
figure. The halves are balanced over the other rows.

JSQuAD is not a file of ours: its split is computed from each question id in advisor.evaluation.retrieval
(``jsquad_split``).

Usage: python evals/split_datasets.py [--check]   (--check: fail if a row lacks a split)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "evals" / "datasets"
SPLITS = ("dev", "test")


def _id_prefix(row: dict) -> str:
    # matching.jsonl ids name the profile family first: chuken-…, mfg-…, lab-…, retail-…
    return str(row["id"]).split("-")[0]


def _conversation_style(row: dict) -> str:
    # conversations.jsonl ids name the style second: conv17-ordinal-…, conv17-correction-…
    parts = str(row["id"]).split("-")
    return parts[1] if len(parts) > 1 else parts[0]


def _id_stem(row: dict) -> str:
    # out_of_scope.jsonl ids name a batch and kind before the running number: s17-fab-3, nidp-4
    return str(row["id"]).rsplit("-", 1)[0]


# conversations.jsonl's early rows were split by hand (kept); rows added since session 17 are halved
# per style here, except the blind batches split by writer. out_of_scope.jsonl: see HAND_SPLIT.
STRATA: dict[str, Callable[[dict], str]] = {
    "retrieval.jsonl": lambda row: str(row["kind"]),
    "retrieval_holdout.jsonl": lambda row: str(row["kind"]),
    "faq_monozukuri.jsonl": lambda row: str(row["kind"]),
    "guideline_clauses.jsonl": lambda row: str(row["program"]),
    "matching.jsonl": _id_prefix,
    "drafting.jsonl": lambda row: str(row["program"]),
    "conversations.jsonl": _conversation_style,
    "out_of_scope.jsonl": _id_stem,
}


# out_of_scope.jsonl was split by hand (understanding layer) until session 17: those rows keep their
# split and, like tuning rows, stay outside the halves; rows written from then on (batches s17-,
# s18-, s19-, ...) are halved here.
HALVED_BATCHES = ("s17-", "s18-", "s19-", "s20-", "s21-")
# Blind batches split by writer, not halved (session 22 on): a whole writer goes to dev or to test
# (s22: w1-w3 dev, w4 test; s23: w5-w7 dev, w8 test; s24: w9-w13 and w15-w18 dev, w14 test; s25: w19, w20, w22 dev, w21 test; s26: w23, w24, w26, w27 dev, w25 and w28 test; s27: w29, w30 dev — measured untuned as
# evals/fresh/s27 in session 27, moved in by session 28; s28: w31, w32 dev — evals/fresh/s28, moved in by session 29;
# s29: w33, w34 dev — evals/fresh/s29, moved in by session 30; s30: w35, w36 dev — evals/fresh/s30, moved in by session 31;
# s31: w37, w38 dev — evals/fresh/s31, moved in by session 32; s32: w39, w40 dev — evals/fresh/s32, moved in by session 33;
# s33: w41, w42 dev — evals/fresh/s33, moved in by session 34; s34: w45-w51 dev — training writers of session 34
# (evals/fresh/s34-train, straight into the datasets, never a fresh or test measure), and w43, w44 dev — s34's fresh
# writers, evals/fresh/s34, moved in by session 35; s35: w52, w53 dev — evals/fresh/s35, moved in by session 36;
# s36: w54, w55 dev — evals/fresh/s36, moved in by session 37; s37: w56, w57 dev — evals/fresh/s37, moved in by session 38;
# s38: w58, w59 dev — evals/fresh/s38, moved in by session 39; s39: w60, w61 dev — evals/fresh/s39, moved in by
# session 40; s40: w64–w67 dev — training writers (evals/fresh/s40-train, straight into the datasets, never a fresh or
# test measure), and w62, w63 dev — s40's fresh writers, evals/fresh/s40, moved in by session 41; s41: w68, w69 dev —
# evals/fresh/s41, moved in by session 42; s42: w72, w73 dev — training writers (evals/fresh/s42-train, straight into
# the datasets, never a fresh or test measure), and w70, w71 dev — s42's fresh writers, evals/fresh/s42, moved in by
# session 43 (all of the s42 batch is dev); s43: w74, w75 dev — s43's fresh writers, evals/fresh/s43, moved in by
# session 44; s44: w78, w79 dev — training writers (evals/fresh/s44-train, straight into the datasets, never a
# fresh or test measure); s45: w82, w83 dev — training writers (evals/fresh/s45-train, likewise)
# (two waves of writers, one test writer each); so the test figure
# is that of a writer nobody tuned on). Their rows carry
# an explicit split in both out_of_scope.jsonl and conversations.jsonl and stay outside the halves;
# a row of such a batch without a split is an error (--check), never assigned here.
WRITER_SPLIT_BATCHES = ("s22-", "s23-", "s24-", "s25-", "s26-", "s27-", "s28-", "s29-", "s30-", "s31-", "s32-", "s33-", "s34-", "s35-", "s36-", "s37-", "s38-", "s39-", "s40-", "s41-", "s42-", "s43-", "s44-", "s45-", "s46-")
HAND_SPLIT: dict[str, Callable[[dict], bool]] = {
    "out_of_scope.jsonl": lambda row: not str(row["id"]).startswith(HALVED_BATCHES)
    or str(row["id"]).startswith(WRITER_SPLIT_BATCHES),
    "conversations.jsonl": lambda row: str(row["id"]).startswith(WRITER_SPLIT_BATCHES),
    # Factual questions of the blind writers (kind "blind", session 24 on) carry their writer and
    # that writer's split.
    "retrieval_holdout.jsonl": lambda row: "writer" in row,
}


def halved(name: str, row: dict) -> bool:
    """Whether ``row`` of dataset ``name`` belongs to the balanced halves (see the module doc)."""
    hand_split = HAND_SPLIT.get(name)
    return not row.get("tuning") and not (hand_split is not None and hand_split(row))


def _hash_key(row_id: str) -> str:
    return hashlib.sha256(row_id.encode("utf-8")).hexdigest()


def assign_splits(rows: list[dict], stratum: Callable[[dict], str]) -> list[dict]:
    """Rows with a ``split`` for every row; existing splits are kept (see the module doc)."""
    per_stratum: Counter[tuple[str, str]] = Counter()
    total: Counter[str] = Counter()
    for row in rows:
        if row.get("tuning"):
            row["split"] = "dev"
            continue
        if row.get("split") in SPLITS:
            per_stratum[(stratum(row), row["split"])] += 1
            total[row["split"]] += 1
    pending = sorted((row for row in rows if row.get("split") not in SPLITS), key=lambda r: (stratum(r), _hash_key(str(r["id"]))))
    for row in pending:
        key = stratum(row)
        # The smaller half of the row's stratum, then the smaller half overall, then dev.
        side = min(SPLITS, key=lambda s: (per_stratum[(key, s)], total[s], SPLITS.index(s)))
        row["split"] = side
        per_stratum[(key, side)] += 1
        total[side] += 1
    return rows


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report; exit 1 if a row has no split")
    args = parser.parse_args(argv)
    status = 0
    for name, stratum in STRATA.items():
        path = DATASETS / name
        if not path.is_file():
            continue
        rows = _read(path)
        lacking = sum(1 for row in rows if row.get("split") not in SPLITS)
        if args.check:
            if lacking:
                print(f"{name}: {lacking} row(s) without a dev/test split")
                status = 1
        elif lacking:
            # assign_splits writes into the row dicts; hand-split rows are neither moved nor counted.
            assign_splits([row for row in rows if row.get("tuning") or halved(name, row)], stratum)
            path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
        balanced = [row for row in rows if halved(name, row)]
        per = Counter((stratum(row), row.get("split")) for row in balanced)
        total = Counter(row.get("split") for row in balanced)
        strata = sorted({s for s, _ in per})
        detail = ", ".join(f"{s} {per[(s, 'dev')]}/{per[(s, 'test')]}" for s in strata)
        tuning = sum(1 for row in rows if row.get("tuning"))
        hand = len(rows) - len(balanced) - tuning
        print(f"{name}: dev {total['dev']} / test {total['test']} ({detail})" + (f" + {tuning} tuning rows (dev)" if tuning else "")
              + (f" + {hand} rows split by hand" if hand else ""))
    return status


if __name__ == "__main__":
    sys.exit(main())
