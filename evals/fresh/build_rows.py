"""Build a session's fresh rows from its writers' files (the untuned measure; evals/fresh/README.md).

One script for every session from s30 on (s27–s29 keep the copies they were built with):

    python evals/fresh/build_rows.py --session s30 --writers 35,36 --source evals/fresh/s30 \
        --must-include evals/fresh/s30/must_include.json --out evals/fresh/s30

writes `out_of_scope.jsonl` (the writers' `W<n>.jsonl`, labels as written, all dev) and
`conversations.jsonl` (`W<n>-conv.jsonl` with the must_include lists of `must_include.json`, which
the lead chooses from the writers' `about` lines BEFORE any reply of the advisor is seen).
A row whose text is already in evals/datasets (a leak) or twice among the writers stops the build:
fresh rows are only worth something if nothing was tuned on them. A leaked row is left out only
when named with `--drop <id>` (its text is then never measured, and the build says so).
Conversation turns are checked the same way: a turn whose text is already in evals/datasets (a
single row's text or another conversation's turn) is reported and stops the build unless its
conversation is named with `--drop <conversation id>` (the conversation is left out) or with
`--keep <conversation id>` (kept as written; for training writers, whose rows are never a measure
and whose short follow-ups such as 「上限は？」 are every writer's).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

EVALS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(EVALS))
from cv_understanding import leak_key  # noqa: E402  (evals/ is scripts, not a package)

KIND_TO_EXPECT = {"dec": "decline", "fab": "refuse_fabrication", "nid": "not_in_documents", "safe": "safe"}
TURN_EXPECTS = {"answer", "decline", "refuse_fabrication", "not_in_documents"}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def dataset_texts(session: str) -> dict[str, str]:
    """leak_key → the dataset row holding it, over every text in evals/datasets (this session's own
    rows excepted, so that the build can be re-run after they moved in)."""
    texts: dict[str, str] = {}
    for path in sorted((EVALS / "datasets").glob("*.jsonl")):
        for row in _jsonl(path):
            if str(row.get("id", "")).startswith(f"{session}-") or str(row.get("writer", "")).startswith(f"{session}-"):
                continue
            for text in [row.get("input") or row.get("question") or ""] + [t["user"] for t in row.get("turns", [])]:
                if text:
                    texts.setdefault(leak_key(text), f"{path.name}:{row.get('id')}")
    return texts


def single_rows(session: str, writers: list[int], source: Path, known: dict[str, str],
                drop: frozenset[str] = frozenset()) -> list[dict]:
    rows: list[dict] = []
    seen: dict[str, str] = {}
    for writer in writers:
        for row in _jsonl(source / f"W{writer}.jsonl"):
            rid = row["id"]
            parts = rid.split("-")
            if not rid.startswith(f"{session}-w{writer}-") or parts[2] not in KIND_TO_EXPECT:
                raise SystemExit(f"{rid}: the id is not {session}-w{writer}-<dec|fab|nid|safe>-k")
            if KIND_TO_EXPECT[parts[2]] != row["expect"]:
                raise SystemExit(f"{rid}: the id's kind and its expect {row['expect']!r} disagree")
            key = leak_key(row["input"])
            if rid in drop:
                print(f"{rid}: dropped ({'its text is in ' + known[key] if key in known else 'named with --drop'})")
                continue
            if key in known:
                raise SystemExit(f"{rid}: its text is already in {known[key]}")
            if key in seen:
                raise SystemExit(f"{rid}: the same text as {seen[key]}")
            seen[key] = rid
            rows.append({"id": rid, "input": row["input"], "expect": row["expect"], "split": "dev"})
    return rows


def conversation_rows(writers: list[int], source: Path, must_include: dict[str, list[list[str]]],
                      known: dict[str, str] | None = None, drop: frozenset[str] = frozenset(),
                      keep: frozenset[str] = frozenset()) -> list[dict]:
    rows: list[dict] = []
    known = known or {}
    for writer in writers:
        for row in _jsonl(source / f"W{writer}-conv.jsonl"):
            leaks = [(n, known[leak_key(turn["user"])]) for n, turn in enumerate(row["turns"], 1)
                     if leak_key(turn["user"]) in known]
            for n, where in leaks:
                named = (" (kept: named with --keep)" if row["id"] in keep
                         else " (dropped with the conversation)" if row["id"] in drop else "")
                print(f"{row['id']} turn {n}: its text is in {where}{named}")
            if row["id"] in drop:
                print(f"{row['id']}: dropped ({'a turn leaked' if leaks else 'named with --drop'})")
                continue
            if leaks and row["id"] not in keep:
                n, where = leaks[0]
                raise SystemExit(f"{row['id']} turn {n}: its text is already in {where} "
                                 "(name the conversation with --drop or --keep)")
            lists = must_include.get(row["id"])
            if lists is None or len(lists) != len(row["turns"]):
                raise SystemExit(f"{row['id']}: must_include.json needs one list per turn ({len(row['turns'])})")
            turns = []
            for turn, needed in zip(row["turns"], lists):
                if turn["expect"] not in TURN_EXPECTS:
                    raise SystemExit(f"{row['id']}: unknown expect {turn['expect']!r}")
                if needed and turn["expect"] != "answer":
                    raise SystemExit(f"{row['id']}: must_include on a turn that expects {turn['expect']}")
                turns.append({"user": turn["user"], "expect": turn["expect"], "must_include": needed, "must_not_include": []})
            rows.append({"id": row["id"], "turns": turns, "split": "dev"})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--session", required=True, help="id prefix, e.g. s30")
    parser.add_argument("--writers", required=True, help="writer numbers, e.g. 35,36")
    parser.add_argument("--source", type=Path, required=True, help="folder with W<n>.jsonl and W<n>-conv.jsonl")
    parser.add_argument("--must-include", type=Path, required=True, help="JSON: conversation id → one list per turn")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--drop", action="append", default=[], metavar="ID",
                        help="leave out this single row or conversation (a leak the build reported); repeatable")
    parser.add_argument("--keep", action="append", default=[], metavar="ID",
                        help="keep this conversation although a turn's text is in the datasets (reported); repeatable")
    args = parser.parse_args()
    writers = [int(w) for w in args.writers.split(",")]
    known = dataset_texts(args.session)
    singles = single_rows(args.session, writers, args.source, known, frozenset(args.drop))
    conversations = conversation_rows(writers, args.source, json.loads(args.must_include.read_text(encoding="utf-8")),
                                      known, frozenset(args.drop), frozenset(args.keep))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("out_of_scope.jsonl", singles), ("conversations.jsonl", conversations)):
        (args.out / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    counts = Counter((r["id"].split("-")[1], r["expect"]) for r in singles)
    print(f"{len(singles)} single rows, {len(conversations)} conversations / {sum(len(c['turns']) for c in conversations)} turns")
    for (writer, expect), n in sorted(counts.items()):
        print(f"  {writer} {expect}: {n}")


if __name__ == "__main__":
    main()
