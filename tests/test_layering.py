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


@pytest.mark.parametrize("module", ["advisor.retrieval.hybrid", "advisor.index_format"])
def test_retrieval_and_the_index_format_do_not_import_ingest(module: str) -> None:
    # Retrieval reads generations through advisor.index_format; the ingest side writes them.
    assert _imported_with(module, ("advisor.ingest",)) == []
