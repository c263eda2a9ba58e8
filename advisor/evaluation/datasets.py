"""Evaluation datasets: JSONL rows and their fixed dev/test split.

Every dataset row carries a fixed ``split`` (dev/test, evals/split_datasets.py). Runners take
``split`` ("dev", "test" or "all"): the top-level figures are over the selected rows, and over
"all" a ``by_split`` object repeats them per split, so tuning can look at dev only while reports
show both.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SPLITS = ("dev", "test")
SPLIT_CHOICES = ("all", *SPLITS)


def load_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: invalid JSON ({exc.msg})") from exc
    return rows


def select_split(rows: list[dict], split: str, dataset: Path | str = "dataset") -> list[dict]:
    """The rows of one split ("dev"/"test"), or all rows for "all"."""
    if split not in SPLIT_CHOICES:
        raise ValueError(f"unknown split {split!r} (choose from {', '.join(SPLIT_CHOICES)})")
    if split == "all":
        return rows
    if not any("split" in row for row in rows):
        raise ValueError(f"{dataset}: rows have no 'split' field; use --split all")
    return [row for row in rows if row.get("split") == split]


def split_groups(rows: list[dict], split: str) -> dict[str, list[int]]:
    """Row indices per split to report under ``by_split``: both splits when evaluating "all" on a
    dataset that has splits, nothing otherwise (the top level is then the one split)."""
    if split != "all":
        return {}
    groups: dict[str, list[int]] = {s: [] for s in SPLITS}
    for i, row in enumerate(rows):
        if row.get("split") in groups:
            groups[row["split"]].append(i)
    return {s: idx for s, idx in groups.items() if idx}


def load_rows(path: Path, split: str = "all", required: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The rows of ``path`` in ``split`` ("dev", "test" or "all"). ValueError naming the row when one
    is not a JSON object or lacks a ``required`` field (most often: another evaluation's dataset)."""
    rows = load_jsonl(path)
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise ValueError(f"{path}: row {n}: expected a JSON object")
        missing = [name for name in required if name not in row]
        if missing:
            raise ValueError(f"{path}: row {n} ({row.get('id', 'no id')}) lacks {', '.join(missing)}; "
                             "is this the dataset of this evaluation?")
    return select_split(rows, split, path)


def rate_by_split(rows: list[dict[str, Any]], split: str, hits: list[int], totals: list[int], key: str) -> dict[str, Any]:
    """``{"by_split": {split: {key: rate, "n": rows}}}`` over "all" on a dataset with splits, else {}."""
    groups = split_groups(rows, split)
    if not groups:
        return {}
    out = {}
    for name, idx in groups.items():
        total = sum(totals[i] for i in idx)
        out[name] = {key: sum(hits[i] for i in idx) / total if total else 0.0, "n": len(idx)}
    return {"by_split": out}
