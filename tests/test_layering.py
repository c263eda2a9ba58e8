"""Data flows one way (documents → chunks → index → retrieval → understanding → chains → session →
UI/CLI/API): a layer never imports a layer above it. Most checks import a layer in a fresh
interpreter and list the modules of the layers above that came with it; the ingest and index-layer
checks read the import statements of their files, so a lazy import inside a function counts too."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ADVISOR = Path(__file__).resolve().parents[1] / "advisor"
# The layers above the index layer; ingest sits beside retrieval on the index, not above it.
ABOVE_THE_INDEX = ("advisor.retrieval", "advisor.programs", "advisor.understanding", "advisor.chains",
                   "advisor.session", "advisor.workshops", "advisor.evaluation", "advisor.cli", "advisor.ui")


def _imported_with(module: str, forbidden: tuple[str, ...]) -> list[str]:
    code = (
        f"import sys, {module}; "
        f"print('\\n'.join(sorted(m for m in sys.modules if m.startswith({forbidden!r}))))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, timeout=120, capture_output=True, text=True)
    return out.stdout.split()


def _imports_in_package(package: str) -> dict[str, set[str]]:
    """Every module a package's files import, function-level imports included (ingest imported
    retrieval lazily inside functions, which a fresh interpreter's sys.modules does not show)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ADVISOR.parent / package.replace(".", "/")).rglob("*.py")):
        module = ".".join(path.relative_to(ADVISOR.parent).with_suffix("").parts)
        own_package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = own_package.rsplit(".", node.level - 1)[0] if node.level > 1 else own_package
                    base = f"{parent}.{base}" if base else parent
                # `from advisor import retrieval` imports the subpackage, so count the names too.
                imported.add(base)
                imported.update(f"{base}.{alias.name}" for alias in node.names)
        found[module] = imported
    return found


def _offending(package: str, forbidden: tuple[str, ...]) -> list[str]:
    found = _imports_in_package(package)
    assert found, f"{package} has no modules"
    below_forbidden = tuple(f"{prefix}." for prefix in forbidden)
    return sorted(f"{module} imports {name}" for module, names in found.items() for name in names
                  if name in forbidden or name.startswith(below_forbidden))


def test_ingest_imports_no_retrieval_or_anything_above_the_index() -> None:
    # Ingest writes the index through advisor.index (format, analysis, embeddings, store), the same
    # modules retrieval reads it through; it never reaches across into retrieval.
    assert _offending("advisor.ingest", ABOVE_THE_INDEX) == []


def test_the_index_layer_imports_neither_its_writer_nor_its_readers() -> None:
    assert _offending("advisor.index", ("advisor.ingest", *ABOVE_THE_INDEX)) == []


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
