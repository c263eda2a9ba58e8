"""evals/oos_groups.py, the held-out-writer harness: which rows a group holds, and that a saved
run keeps no text of an UNREAD group."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

EVALS = Path(__file__).resolve().parents[1] / "evals"


def _module():
    spec = importlib.util.spec_from_file_location("oos_groups", EVALS / "oos_groups.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["oos_groups"] = module
    spec.loader.exec_module(module)
    return module


def test_group_of_writer_batches_not_tuning_rows():
    g = _module().group_of
    assert g("s24-w9-safe-9", ["s24"]) == "s24"
    assert g("s24-nid-3", ["s24"]) is None  # a tuning row, not a blind writer's
    assert g("s24-nid-3", ["s24", "rest"]) == "rest"
    assert g("s26-w23-nid-1", ["s26-w23"]) == "s26-w23"
    assert g("s26-w230-nid-1", ["s26-w23"]) is None
    assert g("s17b-legit-12", ["s24", "s25", "rest"]) == "rest"
    assert g("s27-w29-dec-1", ["s26", "s27"]) == "s27"


def test_counts_per_group_and_outcome():
    m = _module()
    results = {
        "a": {"group": "s24", "expect": "safe", "got": "safe"},
        "b": {"group": "s24", "expect": "safe", "got": "not_in_documents"},
        "c": {"group": "s26", "expect": "decline", "got": "decline"},
    }
    table = m.counts(results)
    assert table["s24"]["safe"] == [1, 2]
    assert table["s26"]["decline"] == [1, 1]
