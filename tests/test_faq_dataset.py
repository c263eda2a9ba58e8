"""The real-question dataset evals/datasets/faq_monozukuri.jsonl is verified against the two PDFs
it is built from (../shared/datasets; skipped with a message when they are absent): gold strings in
the 第23次 公募要領 and never in the FAQ, must-include strings in the official answer, every FAQ
question either a row or listed as excluded with its reason."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from advisor.config import REPO_ROOT

pytestmark = pytest.mark.datasets

spec = importlib.util.spec_from_file_location("check_faq_dataset", REPO_ROOT / "evals" / "check_faq_dataset.py")
checker = importlib.util.module_from_spec(spec)
assert spec.loader is not None
sys.modules["check_faq_dataset"] = checker  # its dataclass looks its module up while being defined
spec.loader.exec_module(checker)


@pytest.fixture(scope="module")
def shared(shared_datasets: Path) -> Path:
    for pdf in (checker.FAQ_PDF, checker.KOUBO_PDF):
        if not (shared_datasets / pdf).is_file():
            pytest.skip(f"FAQ dataset check skipped: {shared_datasets / pdf} is missing")
    return shared_datasets


def test_dataset_verifies_against_both_pdfs(shared: Path) -> None:
    errors, warnings, summary = checker.check(checker.DATASET, checker.EXCLUDED, shared)
    assert errors == [], "\n".join(errors)
    assert summary["rows"] >= 30
    assert summary["rows"] + sum(summary["excluded"].values()) == checker.FAQ_QUESTIONS
    assert set(summary["per_split"]) == {"dev", "test"}
    assert abs(summary["per_split"]["dev"] - summary["per_split"]["test"]) <= 1


def test_checker_rejects_gold_from_the_faq_and_facts_not_in_the_answer(shared: Path, tmp_path: Path) -> None:
    rows = [json.loads(line) for line in checker.DATASET.read_text(encoding="utf-8").splitlines()]
    by_no = {row["faq_no"]: row for row in rows}
    # 1-3: the FAQ answer repeats the 公募要領's sentence with 「としています」; its shared stem is in both.
    by_no["1-3"]["gold"] = ["遅くとも2か月以内"]
    # 5-4: TTB is a rate the official answer does not name (it says TTM).
    by_no["5-4"]["answer_must_include"] = ["公表仲値", "TTB"]
    # 5-8: wording of neither document.
    by_no["5-8"]["gold"] = ["事務用のノートパソコンは対象外"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    # Dropping one excluded question leaves a FAQ question unaccounted for.
    excluded = checker.EXCLUDED.read_text(encoding="utf-8").splitlines()
    short = tmp_path / "excluded.jsonl"
    short.write_text("\n".join(excluded[1:]) + "\n", encoding="utf-8")
    errors, _warnings, _summary = checker.check(bad, short, shared)
    joined = "\n".join(errors)
    assert "'遅くとも2か月以内' occurs in the FAQ PDF" in joined
    assert "'TTB' is not in the official answer of FAQ 5-4" in joined
    assert "'事務用のノートパソコンは対象外' not found in the 公募要領" in joined
    assert f"{checker.FAQ_QUESTIONS - 1} FAQ questions accounted for" in joined
    assert len(errors) == 4, joined
