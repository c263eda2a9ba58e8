"""The row folds of evals/cv_classifier_grid.py (``--row-folds K``): held out are only the
out_of_scope dev rows of a stratum that the test split also has rows of, never a tuning row or a
row of a batch split by writer (NOTES.md, session 43, s43-cv)."""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

EVALS = Path(__file__).resolve().parents[1] / "evals"
sys.path.insert(0, str(EVALS))

from cv_classifier_grid import row_folds, strata_with_test_rows  # noqa: E402

# Synthetic rows (ids and splits only matter; no text of any dataset).
ROWS = [
    {"id": "s18-fab-1", "split": "dev"},
    {"id": "s18-fab-2", "split": "test"},
    {"id": "s18-fab-3", "split": "dev"},
    {"id": "s19-en-1", "split": "dev"},  # a stratum with no test row: nothing to mimic
    {"id": "s19-en-2", "split": "dev"},
    {"id": "s17t-fab-1", "split": "dev", "tuning": True},  # tuning rows stay in training
    {"id": "s18-fab-9", "split": "dev", "tuning": True},  # even inside a halved stratum
    {"id": "s22-w1-dec-1", "split": "dev"},  # batches split by writer: leave-one-writer-out's
    {"id": "s22-w4-dec-1", "split": "test"},
    {"id": "s22-w1-dec-2", "split": "dev"},
    {"id": "fabp-1", "split": "dev"},  # an early hand-split stratum with rows on both sides
    {"id": "fabp-2", "split": "test"},
    {"id": "nid-1", "split": "dev"},  # an early stratum only in dev
    {"id": "s21-w2-safe-1", "split": "dev"},  # s21 is halved, not split by writer
    {"id": "s21-w2-safe-2", "split": "test"},
]


def test_only_dev_rows_of_strata_with_test_rows_are_held_out() -> None:
    folds = row_folds(ROWS, 5)
    assert set(folds) == {"s18-fab-1", "s18-fab-3", "fabp-1", "s21-w2-safe-1"}


def test_strata_are_the_id_stems_of_test_rows() -> None:
    assert strata_with_test_rows(ROWS) == {"s18-fab", "s22-w4-dec", "fabp", "s21-w2-safe"}


def test_fold_is_the_sha256_of_the_id_modulo_k() -> None:
    for k in (2, 5, 10):
        folds = row_folds(ROWS, k)
        for row_id, fold in folds.items():
            assert fold == int(hashlib.sha256(row_id.encode("utf-8")).hexdigest(), 16) % k
            assert 0 <= fold < k


def test_folds_do_not_depend_on_row_order() -> None:
    assert row_folds(list(reversed(ROWS)), 5) == row_folds(ROWS, 5)


def test_fewer_than_two_folds_is_an_error() -> None:
    with pytest.raises(ValueError):
        row_folds(ROWS, 1)


def _real_rows() -> list[dict]:
    # ids, splits and tuning flags only: no test row's text is kept
    path = EVALS / "datasets" / "out_of_scope.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{"id": r["id"], "split": r.get("split"), **({"tuning": True} if r.get("tuning") else {})} for r in rows]


def test_real_rows_held_out_are_dev_halves_of_the_early_batches() -> None:
    rows = _real_rows()
    folds = row_folds(rows, 5)
    split = {r["id"]: r["split"] for r in rows}
    assert folds and all(split[row_id] == "dev" for row_id in folds)
    assert not any(row_id.startswith(("s22-", "s42-")) for row_id in folds)
    # every fold holds a fair share (the hash spreads the ~200 rows)
    sizes = Counter(folds.values())
    assert set(sizes) == set(range(5)) and min(sizes.values()) >= len(folds) // 5 - 15
