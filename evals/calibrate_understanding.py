"""Calibrate the understanding module's e5 margins on the dev splits only.

    python evals/calibrate_understanding.py [--show] [--classifier-only]

Rows (split = dev only; test rows are never read): out_of_scope.jsonl, the user turns of
conversations.jsonl and the questions of retrieval.jsonl, retrieval_holdout.jsonl and
faq_monozukuri.jsonl (in-domain: none may be declined). A
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

from advisor.understanding import (CLASSIFIER_PROBABILITY, IN_DOMAIN, IN_DOMAIN_WORDING_PROBABILITY, SEMANTIC_FLOOR,
                                   SEMANTIC_MARGIN)
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
    for name in ("retrieval.jsonl", "retrieval_holdout.jsonl", "faq_monozukuri.jsonl"):
        rows += [(row["question"], "in_domain") for row in _jsonl(name) if row.get("split") == "dev"]
    return rows


def _cache_dir() -> Path:
    """The data dir's cache (ADVISOR_DATA_DIR), where the app keeps the exemplar vectors too."""
    from advisor.config import Settings

    return Settings().data_dir / "cache"


def leads(text: str) -> dict[str, tuple[float, float]]:
    """(similarity, lead over the best in-domain exemplar) per decline label."""
    best = exemplar_index(_cache_dir()).best_by_label(embed(text))
    in_domain = max(best.get(label, -1.0) for label in IN_DOMAIN)
    return {label: (best[label], best[label] - in_domain) for label in DECLINES}


def classifier_table(table_rows: list[tuple[str, str]]) -> None:
    """The exemplar classifier's thresholds: per probability, how many in-domain dev rows reach it
    (split by whether the rules see an in-domain request in the wording, which gets the higher
    threshold) and how many rows to decline do."""
    from advisor.config import Settings
    from advisor.programs import load_catalog
    from advisor.understanding import _named_programs, _without_names, in_domain_wording
    from advisor.understanding.rules import slots_of
    from advisor.understanding.semantic import exemplar_classifier

    catalog = load_catalog(Settings())
    classifier = exemplar_classifier(_cache_dir())
    scored = []
    for text, wanted in table_rows:
        slots = slots_of(_without_names(text, _named_programs(text, catalog), catalog))
        p = classifier.probabilities(embed(text))
        scored.append((text, wanted, in_domain_wording(text, slots), p))
    print(f"== classifier (now: {CLASSIFIER_PROBABILITY}; in-domain wording {IN_DOMAIN_WORDING_PROBABILITY})")
    for label in DECLINES:
        target = [r for r in scored if r[1] == ("falsification" if label == "falsification" else "decline")]
        for threshold in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98):
            fp_plain = sum(1 for r in scored if r[1] == "in_domain" and not r[2] and r[3][label] >= threshold)
            fp_wording = sum(1 for r in scored if r[1] == "in_domain" and r[2] and r[3][label] >= threshold)
            caught = sum(1 for r in target if r[3][label] >= threshold)
            print(f"  {label} p >= {threshold:.2f}: in-domain rows above it {fp_plain} (+{fp_wording} with in-domain wording); "
                  f"{caught}/{len(target)} to decline above it")
        closest = sorted((r for r in scored if r[1] == "in_domain"), key=lambda r: -r[3][label])[:5]
        for text, _, wording, p in closest:
            print(f"    closest in-domain: {p[label]:.3f} {'(wording)' if wording else '         '} {text[:60]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="print every row's scores")
    parser.add_argument("--classifier-only", action="store_true", help="only the classifier's table")
    args = parser.parse_args()
    rows = dev_rows()
    classifier_table(rows)
    if args.classifier_only:
        return
    table = []
    for text, wanted in rows:
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
