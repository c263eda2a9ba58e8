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

Recommendations (advisor.programs.ranking), on the rows that have ``recommend`` (1–3 programs that
belong among the first three recommendations, best first) and optionally ``acceptable_top1``
(programs equally right as the first recommendation; default: the first of ``recommend``):

* top1 = share of rows whose first recommendation is acceptable;
* recall@3 = |first three recommendations ∩ recommend| / |recommend|, micro-averaged over rows.

``split`` ("dev", "test" or "all", see advisor.evaluation.datasets) selects rows; over "all", ``by_split``
repeats every figure per split.
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


def _program_ids(catalog: Any, rid: str, key: str, names: list[str]) -> list[str]:
    ids: list[str] = []
    for name in names:
        program = catalog.get(name)
        if program is None:
            raise DatasetError(f"{rid}: unknown program name in {key}: {name!r}")
        ids.append(program.id)
    return ids


_COUNTS = ("tp", "predicted", "expected", "excl_ok", "excl_total", "ranked", "top1_hits", "recommend_total",
           "recommend_hits")


def run_matching_eval(dataset_path: Path, settings: Settings | None = None, split: str = "all") -> dict[str, Any]:
    """Evaluate the matcher and the ranking on a dataset (the rows of ``split``: dev, test or all);
    returns precision, recall, exclusion_accuracy, top1, recall@3, n, ``by_split`` and the per-row
    mistakes (``errors``, Japanese/English mixed messages for developers)."""
    from advisor.evaluation.datasets import select_split, split_groups
    from advisor.programs.catalog import load_catalog

    catalog = load_catalog(settings or get_settings())
    rows = select_split(load_dataset(Path(dataset_path)), split, dataset_path)
    per_row = [_evaluate_row(row, catalog) for row in rows]
    result = _aggregate([counts for counts, _ in per_row])
    result["split"] = split
    by_split = {name: _aggregate([per_row[i][0] for i in idx]) for name, idx in split_groups(rows, split).items()}
    if by_split:
        result["by_split"] = by_split
    result["errors"] = [e for _, errors in per_row for e in errors]
    return result


def _aggregate(rows: list[dict[str, int]]) -> dict[str, Any]:
    total = {key: sum(r[key] for r in rows) for key in _COUNTS}

    def share(hits: str, of: str) -> float:
        return total[hits] / total[of] if total[of] else 1.0

    return {
        "n": len(rows),
        "precision": share("tp", "predicted"),
        "recall": share("tp", "expected"),
        "exclusion_accuracy": share("excl_ok", "excl_total"),
        "top1": share("top1_hits", "ranked"),
        "recall@3": share("recommend_hits", "recommend_total"),
        "n_ranked": total["ranked"],
        "expected_total": total["expected"],
        "predicted_total": total["predicted"],
        "not_expected_total": total["excl_total"],
    }


def _evaluate_row(row: dict[str, Any], catalog: Any) -> tuple[dict[str, int], list[str]]:
    from advisor.programs.matching import match_programs
    from advisor.programs.profile import profile_from_dict
    from advisor.programs.ranking import recommend_programs

    counts = dict.fromkeys(_COUNTS, 0)
    errors: list[str] = []
    rid = row.get("id", "?")
    expected_ids = set(_program_ids(catalog, rid, "expected", row["expected"]))
    not_expected: list[tuple[str, str]] = []
    for item in row.get("not_expected", []):
        name = item["program"] if isinstance(item, dict) else str(item)
        (pid,) = _program_ids(catalog, rid, "not_expected", [name])
        if pid in expected_ids:
            raise DatasetError(f"{rid}: {name!r} is both expected and not_expected")
        not_expected.append((pid, item.get("reason", "") if isinstance(item, dict) else ""))
    parse = profile_from_dict(row["profile"])
    matched = match_programs(parse.profile, catalog)
    results = {r.program_id: r for r in matched}
    predicted = {pid for pid, r in results.items() if r.status == "fit"}
    counts["tp"] = len(predicted & expected_ids)
    counts["predicted"] = len(predicted)
    counts["expected"] = len(expected_ids)
    for pid in sorted(expected_ids - predicted):
        errors.append(f"{rid}: missed {pid} (status {results[pid].status})")
    for pid in sorted(predicted - expected_ids):
        errors.append(f"{rid}: unexpected fit {pid}")
    for pid, reason in not_expected:
        counts["excl_total"] += 1
        if results[pid].status == "no_fit":
            counts["excl_ok"] += 1
        else:
            errors.append(f"{rid}: not excluded {pid} (status {results[pid].status}; expected reason: {reason})")
    if row.get("recommend"):
        wanted = _program_ids(catalog, rid, "recommend", row["recommend"])
        acceptable = set(_program_ids(catalog, rid, "acceptable_top1", row.get("acceptable_top1") or row["recommend"][:1]))
        shown = [rec.result.program_id for rec in recommend_programs(parse.profile, matched, catalog)]
        counts["ranked"] = 1
        counts["top1_hits"] = int(bool(shown) and shown[0] in acceptable)
        counts["recommend_total"] = len(wanted)
        counts["recommend_hits"] = len(set(wanted) & set(shown[:3]))
        if not counts["top1_hits"]:
            errors.append(f"{rid}: first recommendation {shown[:1]} not in {sorted(acceptable)}")
        errors.extend(f"{rid}: {pid} not among the first three recommendations {shown[:3]}"
                      for pid in wanted if pid not in shown[:3])
    return counts, errors


__all__ = ["DatasetError", "load_dataset", "run_matching_eval"]
