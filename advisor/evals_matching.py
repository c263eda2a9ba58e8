"""Matching evaluation: precision and recall of ``expected`` programs, exclusion of ``not_expected``.

Dataset rows (evals/datasets/matching.jsonl, format in DESIGN.md):
``{"id", "profile": {industry, employees, prefecture, annual_sales_jpy, planned_investment_jpy,
goal, …}, "expected": [program names], "not_expected": [{"program", "reason"}]}``.
A name matches a program's name or alias after NFKC and whitespace removal.

* predicted = programs whose status is ``fit``;
* precision = |predicted ∩ expected| / |predicted| (micro-averaged over rows), so ``expected``
  must list every program a row should fit;
* recall = |predicted ∩ expected| / |expected|;
* exclusion_accuracy = share of ``not_expected`` entries whose status is ``no_fit`` (a
  ``needs_info`` is not an exclusion: the documents' reason must be applied).

``split`` ("dev", "test" or "all", see advisor.evaluation) selects rows; over "all", ``by_split``
repeats precision, recall and exclusion_accuracy per split.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from advisor.config import Settings, get_settings


class DatasetError(ValueError):
    """A malformed dataset row; the message names the line and the problem."""


def load_dataset(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{n}: invalid JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or "profile" not in row or "expected" not in row:
            raise DatasetError(f"{path}:{n}: a row needs 'id', 'profile' and 'expected'")
        rows.append(row)
    return rows


def _scores(tp: int, predicted: int, expected: int, excl_ok: int, excl_total: int) -> dict[str, float]:
    return {
        "precision": tp / predicted if predicted else 1.0,
        "recall": tp / expected if expected else 1.0,
        "exclusion_accuracy": excl_ok / excl_total if excl_total else 1.0,
    }


def run_matching_eval(dataset_path: Path, settings: Settings | None = None, split: str = "all") -> dict[str, Any]:
    """Evaluate the matcher on a dataset; returns precision, recall, exclusion_accuracy, n and
    the per-row mistakes (``errors``, Japanese/English mixed messages for developers)."""
    from advisor.evaluation import select_split, split_groups
    from advisor.programs.catalog import load_catalog
    from advisor.programs.matching import match_programs
    from advisor.programs.profile import profile_from_dict

    catalog = load_catalog(settings or get_settings())
    rows = select_split(load_dataset(Path(dataset_path)), split, dataset_path)
    tp = predicted_total = expected_total = 0
    excl_ok = excl_total = 0
    per_row: list[tuple[int, int, int, int, int]] = []  # (tp, predicted, expected, excl_ok, excl_total)
    errors: list[str] = []
    for row in rows:
        rid = row.get("id", "?")
        expected_ids: set[str] = set()
        for name in row["expected"]:
            program = catalog.get(name)
            if program is None:
                raise DatasetError(f"{rid}: unknown program name in expected: {name!r}")
            expected_ids.add(program.id)
        not_expected: list[tuple[str, str]] = []
        for item in row.get("not_expected", []):
            name = item["program"] if isinstance(item, dict) else str(item)
            program = catalog.get(name)
            if program is None:
                raise DatasetError(f"{rid}: unknown program name in not_expected: {name!r}")
            if program.id in expected_ids:
                raise DatasetError(f"{rid}: {name!r} is both expected and not_expected")
            not_expected.append((program.id, item.get("reason", "") if isinstance(item, dict) else ""))
        parse = profile_from_dict(row["profile"])
        results = {r.program_id: r for r in match_programs(parse.profile, catalog)}
        predicted = {pid for pid, r in results.items() if r.status == "fit"}
        row_excl_ok = sum(1 for pid, _ in not_expected if results[pid].status == "no_fit")
        per_row.append((len(predicted & expected_ids), len(predicted), len(expected_ids), row_excl_ok, len(not_expected)))
        tp += len(predicted & expected_ids)
        predicted_total += len(predicted)
        expected_total += len(expected_ids)
        for pid in sorted(expected_ids - predicted):
            errors.append(f"{rid}: missed {pid} (status {results[pid].status})")
        for pid in sorted(predicted - expected_ids):
            errors.append(f"{rid}: unexpected fit {pid}")
        for pid, reason in not_expected:
            excl_total += 1
            if results[pid].status == "no_fit":
                excl_ok += 1
            else:
                errors.append(f"{rid}: not excluded {pid} (status {results[pid].status}; expected reason: {reason})")
    by_split = {
        name: {**_scores(*(sum(per_row[i][j] for i in idx) for j in range(5))), "n": len(idx)}
        for name, idx in split_groups(rows, split).items()
    }
    return {
        "n": len(rows),
        **_scores(tp, predicted_total, expected_total, excl_ok, excl_total),
        "split": split,
        **({"by_split": by_split} if by_split else {}),
        "expected_total": expected_total,
        "predicted_total": predicted_total,
        "not_expected_total": excl_total,
        "errors": errors,
    }


__all__ = ["DatasetError", "load_dataset", "run_matching_eval"]
