"""Calibrate the understanding module's e5 margins on the dev splits only.

    python evals/calibrate_understanding.py [--show]

Rows (split = dev only; test rows are never read): out_of_scope.jsonl, the user turns of
conversations.jsonl and the questions of retrieval.jsonl (in-domain: none may be declined). A
multi-clause message is also measured by its last clause (the request clause, see
advisor.understanding.rules.request_clause), as the module does for off-topic requests.

For each decline label it prints, per floor, the largest lead of an in-domain row over the best
in-domain exemplar (the margin must stay above it: no false positive on dev) and how many rows
that should be declined the floor and that margin would catch; then the rows closest to the line.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from advisor.understanding import IN_DOMAIN, SEMANTIC_FLOOR, SEMANTIC_MARGIN
from advisor.understanding.rules import request_clause
from advisor.understanding.semantic import embed, exemplar_index

DATASETS = Path(__file__).resolve().parent / "datasets"
DECLINES = ("off_topic", "falsification", "injection")
WANTED = {"refuse_fabrication": "falsification", "decline": "decline"}


def _jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATASETS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def dev_rows() -> list[tuple[str, str]]:
    """(text, wanted): wanted is 'falsification', 'decline' (off-topic or injection) or 'in_domain'."""
    rows: list[tuple[str, str]] = []
    for row in _jsonl("out_of_scope.jsonl"):
        if row.get("split") == "dev":
            rows.append((row["input"], WANTED.get(row["expect"], "in_domain")))
    for row in _jsonl("conversations.jsonl"):
        if row.get("split") == "dev":
            rows += [(turn["user"], WANTED.get(turn["expect"], "in_domain")) for turn in row["turns"]]
    rows += [(row["question"], "in_domain") for row in _jsonl("retrieval.jsonl") if row.get("split") == "dev"]
    return rows


def leads(text: str) -> dict[str, tuple[float, float]]:
    """(similarity, lead over the best in-domain exemplar) per decline label."""
    best = exemplar_index().best_by_label(embed(text))
    in_domain = max(best.get(label, -1.0) for label in IN_DOMAIN)
    return {label: (best[label], best[label] - in_domain) for label in DECLINES}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="print every row's scores")
    args = parser.parse_args()
    table = []
    for text, wanted in dev_rows():
        table.append((text, wanted, leads(text)))
        clause = request_clause(text)
        if clause != text:  # the module reads a request clause for off-topic only
            table.append(("[clause] " + clause, wanted, {label: s if label == "off_topic" else (-1.0, -1.0)
                                                         for label, s in leads(clause).items()}))
    for label in DECLINES:
        target = [r for r in table if r[1] == ("falsification" if label == "falsification" else "decline")]
        print(f"== {label} (now: floor {SEMANTIC_FLOOR[label]}, margin {SEMANTIC_MARGIN[label]})")
        for floor in (0.80, 0.82, 0.84, 0.86, 0.88):
            worst = max((r[2][label][1] for r in table if r[1] == "in_domain" and r[2][label][0] >= floor), default=-1.0)
            caught = sum(1 for r in target if r[2][label][0] >= floor and r[2][label][1] > worst)
            print(f"  floor {floor:.2f}: in-domain lead at most {worst:+.3f}; {caught}/{len(target)} caught above it")
        in_domain = sorted((r for r in table if r[1] == "in_domain"), key=lambda r: -r[2][label][1])
        for text, _, scores in in_domain[:5]:
            print(f"  closest in-domain: {scores[label][0]:.3f} {scores[label][1]:+.3f}  {text[:60]}")
        ranked = sorted(table, key=lambda r: -r[2][label][1])
        for text, wanted, scores in ranked if args.show else ranked[:30]:
            sim, lead = scores[label]
            print(f"  {sim:.3f} {lead:+.3f}  {wanted:13} {text[:60]}")


if __name__ == "__main__":
    main()
