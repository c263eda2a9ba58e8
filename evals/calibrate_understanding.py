"""Calibrate the understanding module's e5 margins on the dev splits only.

    python evals/calibrate_understanding.py [--show]

Rows: out_of_scope.jsonl (split = dev), the user turns of conversations.jsonl (split = dev) and
the questions of retrieval.jsonl (in-domain: none may be declined; the held-out set is not read).
For each decline label it prints the rows whose label leads the best in-domain label, so the
floor and margin in advisor/understanding/__init__.py can be set where no in-domain row is lost.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from advisor.understanding import IN_DOMAIN
from advisor.understanding.semantic import embed, exemplar_index

DATASETS = Path(__file__).resolve().parent / "datasets"
DECLINES = ("off_topic", "falsification", "injection")


def dev_rows() -> list[tuple[str, str]]:
    """(text, wanted): wanted is a decline label, or 'in_domain'."""
    rows: list[tuple[str, str]] = []
    for line in (DATASETS / "out_of_scope.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("split") != "dev":
            continue
        wanted = {"refuse_fabrication": "falsification", "decline": "decline"}.get(row["expect"], "in_domain")
        rows.append((row["input"], wanted))
    for line in (DATASETS / "conversations.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("split") != "dev":
            continue
        for turn in row["turns"]:
            wanted = {"refuse_fabrication": "falsification", "decline": "decline"}.get(turn["expect"], "in_domain")
            rows.append((turn["user"], wanted))
    for line in (DATASETS / "retrieval.jsonl").read_text(encoding="utf-8").splitlines():
        rows.append((json.loads(line)["question"], "in_domain"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="print every row's best labels")
    args = parser.parse_args()
    index = exemplar_index()
    table = []
    for text, wanted in dev_rows():
        best = index.best_by_label(embed(text))
        in_domain = max(best.get(label, -1.0) for label in IN_DOMAIN)
        table.append((text, wanted, {label: (round(best[label], 3), round(best[label] - in_domain, 3)) for label in DECLINES}))
    for label in DECLINES:
        print(f"== {label}: rows by lead over the best in-domain exemplar (sim, lead)")
        ranked = sorted(table, key=lambda r: -r[2][label][1])
        for text, wanted, scores in ranked[:25] if not args.show else ranked:
            print(f"  {scores[label]}  {wanted:13} {text[:60]}")


if __name__ == "__main__":
    main()
