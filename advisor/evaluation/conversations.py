"""Session-level evaluations: conversations, and the refusals and answers metrics with the
understanding module in the loop (``advisor eval conversations|refusals|answers``).

Dataset rows (evals/datasets/conversations.jsonl)::

    {"id", "split": "dev"|"test", "turns": [{"user", "expect": "answer|decline|refuse_fabrication|not_in_documents",
                                             "must_include": […], "must_not_include": […]}]}

Each conversation runs turn by turn through one fresh session of the real ``Advisor`` (the same
path as the chat UI and /api/ask), extractive backend, in a throw-away SQLite file so that an
evaluation never writes into the operator's conversation store.

A turn passes when its outcome matches ``expect`` and every ``must_include`` string is present and
every ``must_not_include`` string absent (the answers metric's normalisation: NFKC, whitespace and
thousands commas ignored, 3分の2 = 2/3):

* ``answer``: not blocked, grounded, at least one citation;
* ``decline``: blocked, or not grounded with no citations;
* ``refuse_fabrication``: as ``decline``, and the reply holds no draft;
* ``not_in_documents``: not blocked and not presented as grounded (the reply says the documents do
  not state it; it may quote what they do say).

A conversation passes when all its turns pass. Figures are given over all rows and per split.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from advisor.config import Settings

EXPECTATIONS = ("answer", "decline", "refuse_fabrication", "not_in_documents")
_DRAFT_HEADING = re.compile(r"^#{1,6}\s.*下書き", re.M)


class ConversationDatasetError(ValueError):
    """A malformed conversations row; the message names the line and the problem."""


def load_conversations(path: Path) -> list[dict[str, Any]]:
    from advisor.evaluation.datasets import load_jsonl

    rows = load_jsonl(path)
    for n, row in enumerate(rows, 1):
        turns = row.get("turns") if isinstance(row, dict) else None
        if not isinstance(turns, list) or not turns or "id" not in row:
            raise ConversationDatasetError(f"{path}: row {n}: a conversation needs 'id' and a non-empty 'turns' list")
        for t, turn in enumerate(turns, 1):
            if not isinstance(turn, dict) or not isinstance(turn.get("user"), str) or turn.get("expect") not in EXPECTATIONS:
                raise ConversationDatasetError(
                    f"{path}: {row['id']} turn {t}: needs 'user' (text) and 'expect' (one of {', '.join(EXPECTATIONS)})")
    return rows


def holds_draft(text: str) -> bool:
    """An application draft: a heading naming a draft, or several 【要記入】 gaps (a refusal may
    mention the placeholder once, telling the owner to leave unknown figures open)."""
    return text.count("【要記入】") >= 2 or bool(_DRAFT_HEADING.search(text))


def turn_problems(turn: dict[str, Any], text: str, blocked: bool, grounded: bool, n_citations: int) -> list[str]:
    """Why a turn fails (empty when it passes); see the module doc for the rules."""
    from advisor.evaluation.metrics import contains

    expect = turn["expect"]
    problems: list[str] = []
    declined = blocked or (not grounded and n_citations == 0)
    if expect == "answer":
        if blocked:
            problems.append("blocked")
        elif not grounded:
            problems.append("not grounded")
        elif n_citations == 0:
            problems.append("no citation")
    elif expect in ("decline", "refuse_fabrication"):
        if not declined:
            problems.append("answered with document sentences")
        if expect == "refuse_fabrication" and holds_draft(text):
            problems.append("holds a draft")
    elif expect == "not_in_documents":
        if blocked:
            problems.append("blocked")
        elif grounded:
            problems.append("presented as grounded")
    problems += [f"missing {s!r}" for s in turn.get("must_include", []) if not contains(text, s)]
    problems += [f"contains {s!r}" for s in turn.get("must_not_include", []) if contains(text, s)]
    return problems


def _rates(turns_ok: list[bool], convs_ok: list[bool]) -> dict[str, Any]:
    return {
        "turn_pass_rate": round(sum(turns_ok) / len(turns_ok), 4) if turns_ok else 0.0,
        "conversation_pass_rate": round(sum(convs_ok) / len(convs_ok), 4) if convs_ok else 0.0,
        "n_turns": len(turns_ok),
        "n": len(convs_ok),
    }


def _advisor(settings: Settings, tmp: str):
    from advisor.db import Database
    from advisor.retrieval.hybrid import Retriever
    from advisor.session import Advisor

    settings_x = settings.model_copy(update={"llm_backend": "none"})
    return Advisor(settings_x, retriever=Retriever(settings_x), database=Database(Path(tmp) / "eval.sqlite3"))


def run_refusals_eval(dataset_path: Path, settings: Settings, split: str = "all") -> dict[str, Any]:
    """out_of_scope.jsonl through the whole session (understanding → chain), one fresh session per
    row: decline / refuse_fabrication = the turn was declined as off-topic or injection / as a
    falsification request; not_in_documents = answered, not grounded; safe = answered, grounded."""
    from advisor.evaluation.chains import run_refusals_eval as run

    with tempfile.TemporaryDirectory(prefix="advisor-eval-oos-") as tmp:
        advisor = _advisor(settings, tmp)

        def outcome_of(message: str) -> str:
            result = advisor.turn(advisor.new_session(kind="eval"), message)
            if result.blocked:
                return "refuse_fabrication" if result.frame.get("intent") == "falsification" else "decline"
            return "safe" if result.answer.grounded else "not_in_documents"

        return run(dataset_path, settings, split=split, outcome_of=outcome_of)


def run_answers_eval(dataset_path: Path, settings: Settings, split: str = "all",
                     program_from_dataset: bool = False) -> dict[str, Any]:
    """The answers metric with each question's frame from the understanding module (as in a chat turn)."""
    from advisor.evaluation.chains import run_answers_eval as run
    from advisor.understanding import understand

    return run(dataset_path, settings, split=split, program_from_dataset=program_from_dataset, frame_for=lambda question, catalog: understand(question, catalog=catalog,
                                                                                        cache_dir=settings.data_dir / "cache"))


def run_conversations_eval(dataset_path: Path, settings: Settings, split: str | None = None) -> dict[str, Any]:
    rows = load_conversations(dataset_path)
    if split:
        rows = [r for r in rows if r.get("split") == split]
    turns_by_split: dict[str, list[bool]] = defaultdict(list)
    convs_by_split: dict[str, list[bool]] = defaultdict(list)
    failures: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="advisor-eval-conv-") as tmp:
        advisor = _advisor(settings, tmp)
        for row in rows:
            sid = advisor.new_session(kind="eval")
            all_ok = True
            for t, turn in enumerate(row["turns"], 1):
                result = advisor.turn(sid, turn["user"])
                problems = turn_problems(turn, result.answer.text, result.blocked, result.answer.grounded,
                                         len(result.answer.citations))
                ok = not problems
                all_ok &= ok
                turns_by_split[row.get("split", "")].append(ok)
                if not ok:
                    failures.append({"id": row["id"], "turn": t, "user": turn["user"], "expect": turn["expect"],
                                     "intent": result.intent, "problems": problems, "reply": result.answer.text[:300]})
            convs_by_split[row.get("split", "")].append(all_ok)
    all_turns = [ok for v in turns_by_split.values() for ok in v]
    all_convs = [ok for v in convs_by_split.values() for ok in v]
    return {
        **_rates(all_turns, all_convs),
        "by_split": {s: _rates(turns_by_split[s], convs_by_split[s]) for s in sorted(convs_by_split) if s},
        "failures": failures,
    }
