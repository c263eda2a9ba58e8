"""Data flows one way (documents → chunks → index → retrieval → understanding → chains → session →
UI/CLI/API): a layer never imports a layer above it. Each check imports a layer in a fresh
interpreter and lists the modules of the layers above that came with it."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _imported_with(module: str, forbidden: tuple[str, ...]) -> list[str]:
    code = (
        f"import sys, {module}; "
        f"print('\\n'.join(sorted(m for m in sys.modules if m.startswith({forbidden!r}))))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, timeout=120, capture_output=True, text=True)
    return out.stdout.split()


@pytest.mark.parametrize("module", ["advisor.retrieval.hybrid", "advisor.index.format"])
def test_retrieval_and_the_index_format_do_not_import_ingest(module: str) -> None:
    # Retrieval reads generations through advisor.index.format; the ingest side writes them.
    assert _imported_with(module, ("advisor.ingest",)) == []


def test_understanding_imports_no_chains_session_cli_or_ui() -> None:
    # Understanding sits between retrieval and the chains; the chains read its frame, not the reverse.
    above = ("advisor.chains", "advisor.session", "advisor.evaluation", "advisor.cli", "advisor.ui")
    assert _imported_with("advisor.understanding", above) == []


def test_the_session_and_everything_below_it_import_no_evaluation_cli_or_ui() -> None:
    # The evaluation package drives the session from above, like the CLI and the UI.
    assert _imported_with("advisor.session", ("advisor.evaluation", "advisor.cli", "advisor.ui")) == []


def test_the_cli_entry_point_stays_light() -> None:
    # `advisor --help` imports no layer below until a handler runs (a no-change ingest stays fast).
    heavy = ("advisor.session", "advisor.retrieval", "advisor.chains", "advisor.evaluation", "advisor.ui.server")
    assert _imported_with("advisor.cli", heavy) == []
