"""`advisor eval conversations`: pass rules, the real session path, the datasets' shape."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from advisor.config import REPO_ROOT
from advisor.evaluation.conversations import ConversationDatasetError, holds_draft, load_conversations, turn_problems

DATASETS = REPO_ROOT / "evals" / "datasets"


def _turn(expect: str, include=(), exclude=()) -> dict:
    return {"user": "…", "expect": expect, "must_include": list(include), "must_not_include": list(exclude)}


def test_answer_turn_needs_grounding_a_citation_and_the_strings() -> None:
    good = "補助率は中小企業 1/2 です [1]"
    assert turn_problems(_turn("answer", ["1/2"]), good, blocked=False, grounded=True, n_citations=1) == []
    # the answers metric's normalisation: 2分の1 is 1/2, full-width and spaces do not matter
    assert turn_problems(_turn("answer", ["1 / 2"]), "２分の１です [1]", False, True, 1) == []
    assert turn_problems(_turn("answer", ["1/2"]), good, False, True, 0) == ["no citation"]
    assert turn_problems(_turn("answer", ["1/2"]), good, False, False, 1) == ["not grounded"]
    assert turn_problems(_turn("answer"), good, True, False, 0) == ["blocked"]
    assert turn_problems(_turn("answer", ["2/3"], ["1/2"]), good, False, True, 1) == ["missing '2/3'", "contains '1/2'"]


def test_decline_refusal_and_not_in_documents_rules() -> None:
    assert turn_problems(_turn("decline"), "お答えできません", True, False, 0) == []
    assert turn_problems(_turn("decline"), "お答えできません", False, False, 0) == []
    assert turn_problems(_turn("decline"), "補助率は1/2 [1]", False, True, 1) == ["answered with document sentences"]
    draft = "# ものづくり補助金 事業計画書（AXへの取組）下書き\n\n課題：【要記入】\n効果：【要記入】"
    assert turn_problems(_turn("refuse_fabrication"), draft, False, False, 0) == ["holds a draft"]
    refusal = "虚偽の申請はできません。分からない数値は【要記入】のまま残してください。"
    assert not holds_draft(refusal) and turn_problems(_turn("refuse_fabrication", ["虚偽"]), refusal, True, False, 0) == []
    assert turn_problems(_turn("not_in_documents"), "記載がありません", False, False, 1) == []
    assert turn_problems(_turn("not_in_documents"), "締切は… [1]", False, True, 1) == ["presented as grounded"]
    assert turn_problems(_turn("not_in_documents"), "お答えできません", True, False, 0) == ["blocked"]


def test_malformed_rows_are_reported_with_their_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "c1", "turns": [{"user": "こんにちは", "expect": "greet"}]}) + "\n", encoding="utf-8")
    with pytest.raises(ConversationDatasetError, match="c1 turn 1"):
        load_conversations(bad)


def test_cli_runs_conversations_through_the_session(built_settings, tmp_path: Path) -> None:
    dataset = tmp_path / "conv.jsonl"
    rows = [
        {"id": "c-ok", "split": "dev", "turns": [
            {"user": "中堅等大規模成長投資補助金の補助上限額は？", "expect": "answer", "must_include": ["50億円"], "must_not_include": []},
            {"user": "明日の熊本の天気は？", "expect": "decline", "must_include": [], "must_not_include": ["50億円"]},
        ]},
        {"id": "c-bad", "split": "test", "turns": [
            {"user": "中堅等大規模成長投資補助金の補助上限額は？", "expect": "answer", "must_include": ["存在しない語"], "must_not_include": []},
        ]},
    ]
    dataset.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    # (the understanding module may add its exemplar-vector cache; a database file would be a leak)
    db_before = sorted(p.name for p in built_settings.data_dir.iterdir() if p.name != "cache")
    env = {**os.environ, "ADVISOR_DATA_DIR": str(built_settings.data_dir), "ADVISOR_CORPUS_DIR": str(built_settings.corpus_dir)}
    out = subprocess.run(
        [str(Path(sys.executable).with_name("advisor")), "eval", "conversations", "--dataset", str(dataset), "--json"],
        capture_output=True, text=True, env=env, timeout=300, check=True,
    )
    result = json.loads(out.stdout)
    assert (result["n"], result["n_turns"]) == (2, 3)
    assert result["turn_pass_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["conversation_pass_rate"] == 0.5
    assert result["by_split"]["dev"]["conversation_pass_rate"] == 1.0
    assert result["by_split"]["test"]["turn_pass_rate"] == 0.0
    assert [(f["id"], f["turn"], f["problems"]) for f in result["failures"]] == [("c-bad", 1, ["missing '存在しない語'"])]
    # the evaluation's sessions live in a throw-away database, not the operator's
    assert sorted(p.name for p in built_settings.data_dir.iterdir() if p.name != "cache") == db_before


def _split_script():
    spec = importlib.util.spec_from_file_location("split_datasets", REPO_ROOT / "evals" / "split_datasets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_datasets_have_the_issue_format_and_a_split() -> None:
    conversations = load_conversations(DATASETS / "conversations.jsonl")
    assert len(conversations) >= 40
    assert len({c["id"] for c in conversations}) == len(conversations)
    # Rows written while tuning ("tuning": true, see evals/split_datasets.py) are dev and stay
    # outside the balanced halves, and so do the blind batches split by writer (one writer of a
    # batch wholly test, the others dev: tests/test_splits.py checks those).
    assert all(c["split"] == "dev" for c in conversations if c.get("tuning"))
    writer_split = _split_script().WRITER_SPLIT_BATCHES
    splits = Counter(c["split"] for c in conversations if not c.get("tuning") and not c["id"].startswith(writer_split))
    assert set(splits) == {"dev", "test"} and min(splits.values()) >= 0.4 * sum(splits.values())
    for c in conversations:
        assert set(c) - {"tuning"} == {"id", "split", "turns"}
        for turn in c["turns"]:
            assert set(turn) == {"user", "expect", "must_include", "must_not_include"}
    out_of_scope = [json.loads(line) for line in (DATASETS / "out_of_scope.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(out_of_scope) >= 120
    assert len({r["id"] for r in out_of_scope}) == len(out_of_scope)
    assert all(r["split"] in ("dev", "test") and r["expect"] in ("decline", "refuse_fabrication", "not_in_documents", "safe")
               for r in out_of_scope)
    assert all(r["split"] == "dev" for r in out_of_scope if r.get("tuning"))
