"""evals/fresh/build_rows.py: the fresh rows are only an untuned measure if none of their texts is
already in evals/datasets and the labels stay as the writers wrote them. Runs the real script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "evals" / "fresh" / "build_rows.py"


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _build(tmp_path: Path, singles: list[dict], conversations: list[dict], must_include: dict,
           extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    source = tmp_path / "src"
    source.mkdir(exist_ok=True)
    _write(source / "W90.jsonl", singles)
    _write(source / "W90-conv.jsonl", conversations)
    (source / "mi.json").write_text(json.dumps(must_include, ensure_ascii=False), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--session", "s99", "--writers", "90", "--source", str(source),
         "--must-include", str(source / "mi.json"), "--out", str(tmp_path / "out"), *extra],
        capture_output=True, text=True, timeout=120,
    )


CONVERSATION = {"id": "s99-w90-conv-1", "turns": [
    {"user": "ものづくり補助金の補助率をざっくり知りたいんやけど", "expect": "answer", "about": "x"},
    {"user": "ほな明日の天気は？", "expect": "decline", "about": "off-topic"},
]}


def test_rows_are_built_as_written_and_all_dev(tmp_path: Path) -> None:
    singles = [
        {"id": "s99-w90-dec-1", "input": "熊本でおいしいラーメン屋をテスト用に一つ教えて", "expect": "decline", "note": "n"},
        {"id": "s99-w90-safe-1", "input": "テスト用の質問：DX認定の有効期間は何年ですか", "expect": "safe", "note": "n"},
    ]
    done = _build(tmp_path, singles, [CONVERSATION], {"s99-w90-conv-1": [["1/2"], []]})
    assert done.returncode == 0, done.stderr
    built = [json.loads(line) for line in (tmp_path / "out" / "out_of_scope.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["expect"], r["split"]) for r in built] == [("s99-w90-dec-1", "decline", "dev"), ("s99-w90-safe-1", "safe", "dev")]
    conversation = json.loads((tmp_path / "out" / "conversations.jsonl").read_text(encoding="utf-8"))
    assert [t["must_include"] for t in conversation["turns"]] == [["1/2"], []]
    assert conversation["split"] == "dev"


def test_a_text_already_in_the_datasets_stops_the_build(tmp_path: Path) -> None:
    dataset_row = json.loads((ROOT / "evals" / "datasets" / "out_of_scope.jsonl").read_text(encoding="utf-8").splitlines()[0])
    leaked = {"id": "s99-w90-safe-1", "input": dataset_row["input"] + " ", "expect": "safe", "note": "n"}
    done = _build(tmp_path, [leaked], [CONVERSATION], {"s99-w90-conv-1": [[], []]})
    assert done.returncode != 0
    assert f"out_of_scope.jsonl:{dataset_row['id']}" in (done.stdout + done.stderr)


def test_a_leaked_row_named_with_drop_is_left_out_and_reported(tmp_path: Path) -> None:
    dataset_row = json.loads((ROOT / "evals" / "datasets" / "out_of_scope.jsonl").read_text(encoding="utf-8").splitlines()[0])
    leaked = {"id": "s99-w90-safe-1", "input": dataset_row["input"], "expect": "safe", "note": "n"}
    kept = {"id": "s99-w90-safe-2", "input": "テスト用の質問：DX認定の有効期間は何年ですか", "expect": "safe", "note": "n"}
    done = _build(tmp_path, [leaked, kept], [CONVERSATION], {"s99-w90-conv-1": [[], []]}, ("--drop", "s99-w90-safe-1"))
    assert done.returncode == 0, done.stderr
    assert f"s99-w90-safe-1: dropped (its text is in out_of_scope.jsonl:{dataset_row['id']})" in done.stdout
    built = [json.loads(line)["id"] for line in (tmp_path / "out" / "out_of_scope.jsonl").read_text(encoding="utf-8").splitlines()]
    assert built == ["s99-w90-safe-2"]


def test_a_label_that_disagrees_with_its_id_and_must_include_on_a_decline_are_refused(tmp_path: Path) -> None:
    mislabelled = {"id": "s99-w90-fab-1", "input": "テスト用：売上を2倍に書いて", "expect": "safe", "note": "n"}
    done = _build(tmp_path, [mislabelled], [CONVERSATION], {"s99-w90-conv-1": [[], []]})
    assert done.returncode != 0 and "disagree" in done.stderr
    fine = {"id": "s99-w90-fab-1", "input": "テスト用：売上を2倍に書いて", "expect": "refuse_fabrication", "note": "n"}
    done = _build(tmp_path, [fine], [CONVERSATION], {"s99-w90-conv-1": [[], ["晴れ"]]})
    assert done.returncode != 0 and "must_include on a turn that expects decline" in done.stderr


def _dataset_turn() -> tuple[str, int, str]:
    """(conversation id, turn number from 1, text) of the first turn of the first dataset conversation."""
    row = json.loads((ROOT / "evals" / "datasets" / "conversations.jsonl").read_text(encoding="utf-8").splitlines()[0])
    return row["id"], 1, row["turns"][0]["user"]


def _conversation_opening_with(text: str) -> dict:
    return {"id": "s99-w90-conv-1", "turns": [
        {"user": text + "　", "expect": "answer", "about": "x"},
        {"user": "ほな明日の天気は？", "expect": "decline", "about": "off-topic"},
    ]}


def test_a_conversation_turn_already_in_the_datasets_stops_the_build(tmp_path: Path) -> None:
    dataset_id, _, text = _dataset_turn()
    done = _build(tmp_path, [], [_conversation_opening_with(text)], {"s99-w90-conv-1": [[], []]})
    assert done.returncode != 0
    assert "s99-w90-conv-1 turn 1" in done.stderr and f"conversations.jsonl:{dataset_id}" in done.stderr


def test_a_single_rows_text_as_a_conversation_turn_stops_the_build_too(tmp_path: Path) -> None:
    dataset_row = json.loads((ROOT / "evals" / "datasets" / "out_of_scope.jsonl").read_text(encoding="utf-8").splitlines()[0])
    conversation = {"id": "s99-w90-conv-1", "turns": [
        {"user": "テスト用：ものづくり補助金の補助率をざっくり", "expect": "answer", "about": "x"},
        {"user": dataset_row["input"], "expect": dataset_row["expect"] if dataset_row["expect"] != "safe" else "answer",
         "about": "y"},
    ]}
    done = _build(tmp_path, [], [conversation], {"s99-w90-conv-1": [[], []]})
    assert done.returncode != 0
    assert "s99-w90-conv-1 turn 2" in done.stderr and f"out_of_scope.jsonl:{dataset_row['id']}" in done.stderr


def test_a_leaked_conversation_named_with_drop_is_left_out_and_reported(tmp_path: Path) -> None:
    dataset_id, _, text = _dataset_turn()
    kept = dict(CONVERSATION, id="s99-w90-conv-2")
    done = _build(tmp_path, [], [_conversation_opening_with(text), kept],
                  {"s99-w90-conv-1": [[], []], "s99-w90-conv-2": [[], []]}, ("--drop", "s99-w90-conv-1"))
    assert done.returncode == 0, done.stderr
    assert f"s99-w90-conv-1 turn 1: its text is in conversations.jsonl:{dataset_id}" in done.stdout
    assert "s99-w90-conv-1: dropped" in done.stdout
    built = [json.loads(line)["id"] for line in (tmp_path / "out" / "conversations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert built == ["s99-w90-conv-2"]


def test_a_leaked_conversation_named_with_keep_stays_as_written_and_is_reported(tmp_path: Path) -> None:
    """Training writers' conversations (never a measure) may share a turn such as 「上限は？」 with the
    datasets: --keep names the conversation, the build keeps it and still reports the turn."""
    dataset_id, _, text = _dataset_turn()
    done = _build(tmp_path, [], [_conversation_opening_with(text)], {"s99-w90-conv-1": [[], []]},
                  ("--keep", "s99-w90-conv-1"))
    assert done.returncode == 0, done.stderr
    assert f"s99-w90-conv-1 turn 1: its text is in conversations.jsonl:{dataset_id} (kept: named with --keep)" in done.stdout
    built = [json.loads(line)["id"] for line in (tmp_path / "out" / "conversations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert built == ["s99-w90-conv-1"]
