"""In-domain questions the understanding module declines (``advisor eval blocked``).

The refusals metric (out_of_scope.jsonl) rewards declining off-topic, falsification and injection
messages; this one counts the price of that: how many legitimate questions of the in-domain
datasets (retrieval.jsonl, retrieval_holdout.jsonl, faq_monozukuri.jsonl, guideline_clauses.jsonl,
or any JSONL whose rows carry ``question``) the chat would decline. A declined owner question is
worse for users than an odd message let through, so ``blocked_share`` should stay at 0.

Each question takes the path of a chat turn up to the decline decision (session.Advisor.stream_turn):
cleaned and masked as stored, the empty/too-long input check, the profile parse, then
``understand`` with the catalog of the data dir and no history (every row is a first turn). The
retrieval and the chains are not run: they cannot turn a declined turn into an answer.

Output: ``blocked_share`` (blocked / n) over the selected rows, per split and per dataset, and the
ids of the blocked dev rows with the decline reason. Test rows are only counted, never listed
(dev/test discipline: tune on dev, report the test figure).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from advisor.config import Settings

# Rows of a mixed dataset (out_of_scope.jsonl) that expect a decline are not in-domain questions.
DECLINE_EXPECTATIONS = ("decline", "refuse_fabrication")


def in_domain_questions(path: Path, split: str) -> list[dict[str, Any]]:
    """(id, split, question) of the in-domain rows of ``path`` in ``split``. ValueError naming the
    row when it has no ``id`` or no question (``question``, or ``input`` for out_of_scope-style rows)."""
    from advisor.evaluation.datasets import load_jsonl, select_split

    rows = select_split(load_jsonl(path), split, path)
    questions = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise ValueError(f"{path}: row {n}: expected a JSON object")
        if row.get("expect") in DECLINE_EXPECTATIONS:
            continue
        question = row.get("question", row.get("input"))
        if "id" not in row or not isinstance(question, str):
            raise ValueError(f"{path}: row {n}: an in-domain row needs 'id' and 'question' (text)")
        questions.append({"id": str(row["id"]), "split": row.get("split", ""), "question": question})
    return questions


def blocking_reason(message: str, settings: Settings, catalog: Any) -> str | None:
    """Why a chat turn would decline ``message`` as its first turn, or None when it goes on to
    retrieval and an answer. The same steps, in the same order, as Advisor.stream_turn."""
    from advisor.inbound import mask_pii, sanitize
    from advisor.programs import parse_profile
    from advisor.understanding import understand

    text = mask_pii(sanitize(message or ""))
    if not text or len(text) > settings.max_message_chars:
        return "input problem"
    frame = understand(text, catalog=catalog, history=[], parsed=parse_profile(text, None),
                       cache_dir=settings.data_dir / "cache")
    return f"{frame.intent}: {frame.reason}" if frame.declines else None


def _share(blocked: int, n: int) -> dict[str, Any]:
    return {"blocked_share": round(blocked / n, 4) if n else 0.0, "blocked": blocked, "n": n}


def run_blocked_eval(dataset_paths: list[Path], settings: Settings, split: str = "all") -> dict[str, Any]:
    """``blocked_share`` of the in-domain questions of ``dataset_paths`` (see the module doc)."""
    from advisor.programs import load_catalog

    catalog = load_catalog(settings)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # split → [blocked, n]
    per_dataset: dict[str, dict[str, list[int]]] = {}
    blocked_dev: list[dict[str, str]] = []
    for path in dataset_paths:
        questions = in_domain_questions(path, split)
        mine: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in questions:
            reason = blocking_reason(row["question"], settings, catalog)
            for key in (row["split"], "*"):
                for table in (counts, mine):
                    table[key][0] += reason is not None
                    table[key][1] += 1
            if reason is not None and row["split"] == "dev":
                blocked_dev.append({"dataset": path.name, "id": row["id"], "reason": reason})
        per_dataset[path.name] = {**_share(*mine["*"]),
                                  "by_split": {s: _share(*mine[s]) for s in ("dev", "test") if s in mine}}
    return {
        **_share(*counts["*"]),
        "split": split,
        "by_split": {s: _share(*counts[s]) for s in ("dev", "test") if s in counts},
        "by_dataset": per_dataset,
        "blocked_dev": blocked_dev,
    }
