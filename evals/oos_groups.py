"""out_of_scope dev rows of chosen writer groups through the whole session, counted per group and
expected outcome — the held-out-writer harness of s28-nid.

    PYTHONPATH=$WT ADVISOR_DATA_DIR=<index copy> python evals/oos_groups.py \
        --read s24,s25 --unread s26,s27 [--expect not_in_documents,safe] [--save run.json] \
        [--compare before.json] [--replies]

A group is a writer batch (``s24`` = every ``s24-w…`` row, ``s26-w23`` = one writer; ``rest`` = the
other dev rows). Counts are printed for every group; the failing rows' ids and outcomes (and with
``--replies`` the message and the reply) only for the READ groups — the UNREAD groups are the
measure of a change and must not be looked at row by row. ``--compare`` prints, against a saved
run, the rows that changed in the READ groups and the count deltas of every group. Dev rows only:
the test split is never loaded here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from advisor.config import Settings
from advisor.evaluation.conversations import _advisor
from advisor.evaluation.datasets import load_rows

OUTCOMES = ("decline", "refuse_fabrication", "not_in_documents", "safe")
DATASET = Path(__file__).parent / "datasets" / "out_of_scope.jsonl"


WRITER = re.compile(r"s(?:2[4-9]|3[0-9])-w[0-9]+-")


def group_of(row_id: str, groups: list[str]) -> str | None:
    """The first group the row belongs to: ``s24`` = the blind writer rows ``s24-w…-`` (not the
    tuning rows ``s24-nid-…``), ``s26-w23`` = one writer, ``rest`` = every other dev row (older
    batches and tuning rows)."""
    for g in groups:
        if g == "rest":
            if not WRITER.match(row_id):
                return g
        elif re.match(re.escape(g) + (r"-" if "-w" in g else r"-w[0-9]+-"), row_id):
            return g
    return None


def run(groups: list[str], expects: set[str] | None, read: list[str], datasets: list[Path] | None = None) -> dict[str, dict]:
    rows = [r for d in (datasets or [DATASET]) for r in load_rows(d, "dev", required=("id", "input", "expect"))
            if group_of(r["id"], groups) and (not expects or r["expect"] in expects)]
    settings = Settings()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="advisor-oos-groups-") as tmp:
        advisor = _advisor(settings, tmp)
        for row in rows:
            result = advisor.turn(advisor.new_session(kind="eval"), row["input"])
            if result.blocked:
                got = "refuse_fabrication" if result.frame.get("intent") == "falsification" else "decline"
            else:
                got = "safe" if result.answer.grounded else "not_in_documents"
            group = group_of(row["id"], groups)
            results[row["id"]] = {"group": group, "expect": row["expect"], "got": got}
            if group in read:  # the texts of UNREAD rows are not kept
                results[row["id"]].update(input=row["input"], reply=result.answer.text)
    return results


def counts(results: dict[str, dict]) -> dict[str, dict[str, list[int]]]:
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for r in results.values():
        cell = table[r["group"]][r["expect"]]
        cell[0] += r["got"] == r["expect"]
        cell[1] += 1
    return table


def print_table(results: dict[str, dict], read: list[str], unread: list[str], before: dict | None = None) -> None:
    now, old = counts(results), counts(before) if before else None
    for side, groups in (("READ", read), ("UNREAD", unread)):
        total = defaultdict(lambda: [0, 0])
        for g in groups:
            cells = []
            for e in OUTCOMES:
                if e not in now[g]:
                    continue
                ok, n = now[g][e]
                total[e][0] += ok
                total[e][1] += n
                delta = ""
                if old is not None and g in old and e in old[g]:
                    d = ok - old[g][e][0]
                    delta = f" ({d:+d})" if d else ""
                cells.append(f"{e[:4]} {ok}/{n}{delta}")
            print(f"{side:6} {g:10} " + "  ".join(cells))
        all_ok = sum(v[0] for v in total.values())
        all_n = sum(v[1] for v in total.values())
        print(f"{side:6} {'total':10} " + "  ".join(f"{e[:4]} {total[e][0]}/{total[e][1]}" for e in OUTCOMES if total[e][1])
              + f"  = {all_ok}/{all_n}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--read", default="", help="comma-separated groups whose failures are printed")
    p.add_argument("--unread", default="", help="comma-separated groups counted only")
    p.add_argument("--expect", default="", help="only rows of these expected outcomes (comma-separated)")
    p.add_argument("--save", help="write the run (every row's outcome) to this JSON file")
    p.add_argument("--compare", help="a run saved earlier: print changes against it")
    p.add_argument("--dataset", action="append", help="out_of_scope JSONL file(s) instead of evals/datasets' (repeatable)")
    p.add_argument("--replies", action="store_true", help="print the message and reply of READ failures")
    args = p.parse_args(argv)
    read = [g for g in args.read.split(",") if g]
    unread = [g for g in args.unread.split(",") if g]
    if set(read) & set(unread):
        p.error("a group is either read or unread")
    expects = {e for e in args.expect.split(",") if e} or None
    results = run(read + unread, expects, read, [Path(d) for d in args.dataset] if args.dataset else None)
    if args.save:
        Path(args.save).write_text(json.dumps(results, ensure_ascii=False, indent=0))
    before = json.loads(Path(args.compare).read_text()) if args.compare else None
    print_table(results, read, unread, before)
    for rid, r in results.items():
        if r["group"] not in read:
            continue
        if before is not None:
            old = before.get(rid)
            if old and old["got"] != r["got"]:
                print(f"CHANGED {rid}: expected {r['expect']}, {old['got']} -> {r['got']}")
            continue
        if r["got"] != r["expect"]:
            print(f"FAIL {rid}: expected {r['expect']}, got {r['got']}")
            if args.replies:
                print(f"   Q: {r['input']}")
                print("   A: " + r["reply"][:400].replace("\n", " / "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
