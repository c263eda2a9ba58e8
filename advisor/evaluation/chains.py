"""Evaluations of the chains: answers, refusals, drafting (``advisor eval answers|refusals|drafting``).

* answers (retrieval.jsonl): must_include_rate = share of ``answer_must_include`` strings present in
  the answer (NFKC, whitespace and thousands commas ignored); citation_coverage = share of answer
  statement sentences carrying a [n] marker (over answers that claim grounding; "not covered"
  replies state no document fact and are listed in ``not_grounded``); figure_grounding = share of figures in those sentences
  found in the passage(s) they cite. Micro-averaged over all questions.
* refusals (out_of_scope.jsonl): accuracy of the expected outcome — decline / refuse_fabrication
  (the guard's verdict), not_in_documents (allowed, answer not grounded), safe (allowed, grounded).
* drafting (drafting.jsonl): must_include_rate over all must_include strings; must_not_violations =
  number of must_not strings found in a draft. Rows whose ``requires_sources`` are not all indexed
  are skipped (listed under ``skipped``).

Every runner takes ``split`` ("dev", "test" or "all", see advisor.evaluation.datasets): the
top-level figures are over the selected rows; over "all", ``by_split`` repeats the headline figure
per split. These runners drive the chains directly; advisor.evaluation.conversations runs answers
and refusals through the whole session instead (what ``advisor eval answers|refusals`` reports).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor.chains.grounding import grounding_stats
from advisor.config import Settings
from advisor.evaluation.datasets import load_rows, rate_by_split
from advisor.evaluation.metrics import contains


def _context(settings: Settings):
    from advisor.programs import load_catalog
    from advisor.retrieval.hybrid import Retriever

    retriever = Retriever(settings)
    return retriever, load_catalog(settings)


def run_answers_eval(dataset_path: Path, settings: Settings, split: str = "all", program_from_dataset: bool = False,
                     frame_for: Callable[[str, Any], Any] | None = None) -> dict[str, Any]:
    """``program_from_dataset``: a row's ``program`` scopes its searches as if the conversation
    had named that program (advisor.retrieval.hybrid.Retriever.scoped). ``frame_for(question,
    catalog)``: the turn's frame from the understanding module (passed in by the caller, a layer
    above the chains); without it no catalog facts are chosen."""
    from advisor.chains.answer import answer_question

    rows = [r for r in load_rows(dataset_path, split, required=("id", "question")) if r.get("answer_must_include")]
    retriever, catalog = _context(settings)
    settings_x = settings.model_copy(update={"llm_backend": "none"})
    found = total = 0
    sentences = cited = figs = grounded_figs = 0
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    not_grounded: list[str] = []
    row_found: list[int] = []
    for row in rows:
        scoped = retriever.scoped(row.get("program")) if program_from_dataset else retriever
        asked = frame_for(row["question"], catalog) if frame_for is not None else None
        answer = answer_question(row["question"], settings=settings_x, retriever=scoped, catalog=catalog, asked=asked)
        if not answer.grounded:
            not_grounded.append(row["id"])
        row_found.append(0)
        for item in row["answer_must_include"]:
            ok = contains(answer.text, item)
            row_found[-1] += ok
            found += ok
            total += 1
            by_kind[row.get("kind", "")][0] += ok
            by_kind[row.get("kind", "")][1] += 1
            if not ok:
                misses.append(f"{row['id']}:{item}")
        if not answer.grounded:
            continue  # "the documents do not cover this" states no document fact (see module doc)
        stats = grounding_stats(answer.text, answer.citations)
        sentences += stats["sentences"]
        cited += stats["cited_sentences"]
        figs += stats["figures"]
        grounded_figs += stats["grounded_figures"]
    return {
        "must_include_rate": found / total if total else 0.0,
        "citation_coverage": cited / sentences if sentences else 1.0,
        "figure_grounding": grounded_figs / figs if figs else 1.0,
        "n": len(rows),
        "split": split,
        **rate_by_split(rows, split, row_found, [len(r["answer_must_include"]) for r in rows], "must_include_rate"),
        "must_include_by_kind": {k: round(v[0] / v[1], 4) for k, v in sorted(by_kind.items()) if v[1]},
        "sentences": sentences,
        "figures": figs,
        "not_grounded": not_grounded,
        "misses": misses,
    }


def refusal_outcome(message: str, settings: Settings, retriever, catalog) -> str:
    """What the advisor did with a message: decline | refuse_fabrication | not_in_documents | safe."""
    from advisor.chains.answer import answer_question
    from advisor.understanding.guard import screen

    verdict = screen(message)
    if verdict.action != "allow":
        return verdict.action
    answer = answer_question(message, settings=settings, retriever=retriever, catalog=catalog)
    return "safe" if answer.grounded else "not_in_documents"


def run_refusals_eval(dataset_path: Path, settings: Settings, split: str = "all",
                      outcome_of: Callable[[str], str] | None = None) -> dict[str, Any]:
    """``outcome_of(message)``: what the advisor did (decline | refuse_fabrication |
    not_in_documents | safe); the CLI passes the whole session's outcome. Default: guard + answer chain."""
    rows = load_rows(dataset_path, split, required=("id", "input", "expect"))
    retriever, catalog = _context(settings)
    settings_x = settings.model_copy(update={"llm_backend": "none"})
    correct = 0
    by_expect: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_split: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors: list[str] = []
    for row in rows:
        got = outcome_of(row["input"]) if outcome_of is not None else refusal_outcome(row["input"], settings_x, retriever, catalog)
        ok = got == row["expect"]
        correct += ok
        by_expect[row["expect"]][0] += ok
        by_expect[row["expect"]][1] += 1
        if row.get("split"):
            by_split[row["split"]][0] += ok
            by_split[row["split"]][1] += 1
        if not ok:
            errors.append(f"{row['id']}: expected {row['expect']}, got {got}")
    result: dict[str, Any] = {
        "accuracy": correct / len(rows) if rows else 0.0,
        "n": len(rows),
        "split": split,
        "accuracy_by_expect": {k: round(v[0] / v[1], 4) for k, v in sorted(by_expect.items())},
        "errors": errors,
    }
    if by_split:  # datasets with a dev/test split report both
        result["accuracy_by_split"] = {k: {"accuracy": round(v[0] / v[1], 4), "n": v[1]} for k, v in sorted(by_split.items())}
    return result


def run_drafting_eval(dataset_path: Path, settings: Settings, split: str = "all") -> dict[str, Any]:
    from advisor.chains.drafting import draft_section
    from advisor.programs import profile_from_dict

    all_rows = load_rows(dataset_path, split, required=("id", "program"))
    retriever, catalog = _context(settings)
    settings_x = settings.model_copy(update={"llm_backend": "none"})
    # A row may need documents the bundled corpus lacks (``requires_sources``: the real 公募要領
    # PDFs); on an index without them it is skipped and listed, never counted as a miss.
    indexed = set(retriever.sources)
    rows = [r for r in all_rows if set(r.get("requires_sources") or []) <= indexed]
    skipped = [r["id"] for r in all_rows if r not in rows]
    row_found: list[int] = []
    found = total = violations = 0
    misses: list[str] = []
    violated: list[str] = []
    for row in rows:
        profile = profile_from_dict(row.get("profile") or {}).profile
        draft = draft_section(row["program"], profile, row.get("notes", ""), settings=settings_x, retriever=retriever, catalog=catalog)
        row_found.append(0)
        for item in row.get("must_include", []):
            ok = contains(draft.markdown, item)
            row_found[-1] += ok
            found += ok
            total += 1
            if not ok:
                misses.append(f"{row['id']}:{item}")
        for item in row.get("must_not", []):
            if contains(draft.markdown, item):
                violations += 1
                violated.append(f"{row['id']}:{item}")
    return {
        "must_include_rate": found / total if total else 0.0,
        "must_not_violations": violations,
        "n": len(rows),
        "split": split,
        **rate_by_split(rows, split, row_found, [len(r.get("must_include", [])) for r in rows], "must_include_rate"),
        "misses": misses,
        "violations": violated,
        "skipped": skipped,
    }
