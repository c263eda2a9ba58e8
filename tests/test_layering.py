"""Data flows one way (documents → chunks → index → retrieval → understanding → chains → session →
UI/CLI/API): a layer never imports a layer above it, nor a sibling beside it. ``LAYERS`` places every
``advisor`` package and module; the order checks read the import statements of every file, so a lazy
import inside a function counts too. The request path (everything that serves an owner) never
imports the operator's write path, advisor.ingest (pypdf, httpx, the chunker). The CLI check imports
the entry point in a fresh interpreter and lists the heavy layers that came with it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ADVISOR = Path(__file__).resolve().parents[1] / "advisor"

# Bottom to top. A unit (a package, or a module directly under advisor/) may import its own unit,
# the foundation, and the units of lower layers; never a sibling of its own layer, never upwards.
FOUNDATION = frozenset({"advisor", "advisor.config", "advisor.types", "advisor.text", "advisor.numbers",
                        "advisor.deadlines", "advisor.inbound", "advisor.sources"})
LAYERS: tuple[frozenset[str], ...] = (
    FOUNDATION,  # plain data, settings, text, numbers, 公募期間, PII masking, the source registry (read)
    frozenset({"advisor.documents"}),  # .txt/.md/.pdf → normalised pages; sources.yaml tables
    frozenset({"advisor.index", "advisor.db"}),  # the index format and store; the database
    frozenset({"advisor.ingest", "advisor.retrieval"}),  # the index's writer and its reader
    frozenset({"advisor.programs"}),
    frozenset({"advisor.understanding"}),
    frozenset({"advisor.chains"}),
    frozenset({"advisor.session", "advisor.workshops"}),
    frozenset({"advisor.evaluation"}),  # drives the session from above, like the UI and the CLI
    frozenset({"advisor.ui"}),
    frozenset({"advisor.cli"}),  # `advisor serve` starts the UI
)
# Not the request path: the operator's write path itself and the operator's tools above it.
OPERATOR_ONLY = frozenset({"advisor.ingest", "advisor.evaluation", "advisor.cli"})


def _imported_with(module: str, forbidden: tuple[str, ...]) -> list[str]:
    code = (
        f"import sys, {module}; "
        f"print('\\n'.join(sorted(m for m in sys.modules if m.startswith({forbidden!r}))))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, timeout=120, capture_output=True, text=True)
    return out.stdout.split()


def _imports_in_package(package: str, root: Path = ADVISOR.parent) -> dict[str, set[str]]:
    """Every module a package's files import, function-level imports included (ingest imported
    retrieval lazily inside functions, which a fresh interpreter's sys.modules does not show)."""
    found: dict[str, set[str]] = {}
    for path in sorted((root / package.replace(".", "/")).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        module = ".".join(parts[:-1] if path.name == "__init__.py" else parts)  # advisor.chains, not …__init__
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


def _unit(module: str) -> str:
    """advisor.chains.answer → advisor.chains; advisor.text.compact (a name) → advisor.text."""
    return ".".join(module.split(".")[:2])


def _layer_of(unit: str) -> int | None:
    return next((rank for rank, units in enumerate(LAYERS) if unit in units), None)


def layering_offences(root: Path = ADVISOR.parent) -> list[str]:
    """Every import that goes up the order or sideways, every unit LAYERS does not place, and every
    request-path import of advisor.ingest."""
    offences: list[str] = []
    for module, names in _imports_in_package("advisor", root).items():
        unit = _unit(module)
        rank = _layer_of(unit)
        if rank is None:
            offences.append(f"{unit} is in no layer: place it in tests/test_layering.py LAYERS")
            continue
        for name in sorted(names):
            target = _unit(name)
            if not name.startswith("advisor.") or target == unit or target in FOUNDATION:
                continue
            if name.rpartition(".")[0] in names - {"advisor"}:
                continue  # a name imported from a module already listed: one offence per import
            target_rank = _layer_of(target)
            if target_rank is None or target_rank >= rank:
                where = "a sibling" if target_rank == rank else "above it" if target_rank is not None else "unplaced"
                offences.append(f"{module} imports {name} ({where})")
            elif target == "advisor.ingest" and unit not in OPERATOR_ONLY:
                offences.append(f"{module} imports {name} (the request path imports the operator's write path)")
    return sorted(set(offences))


def test_no_module_imports_up_the_order_sideways_or_into_ingest_from_the_request_path() -> None:
    # Covers: ingest and retrieval never import each other (both go through advisor.index, the
    # format below them); the index layer imports neither; the chains read the source registry from
    # advisor.sources and count tokens with advisor.text, the catalog reads the documents through
    # advisor.documents, never through advisor.ingest.
    assert layering_offences() == []


def test_the_layering_check_sees_lazy_upward_sideways_and_write_path_imports(tmp_path: Path) -> None:
    # The order check above passes on a clean tree; this shows it fails on each kind of offence.
    files = {
        "advisor/__init__.py": "",
        "advisor/text.py": "",
        "advisor/ingest/__init__.py": "",
        "advisor/ingest/chunking.py": "from advisor.text import x\n",
        "advisor/index/format.py": "def f():\n    from advisor.ingest import chunking\n",
        "advisor/retrieval/hybrid.py": "from ..ingest.chunking import count_tokens\n",
        "advisor/chains/answer.py": "def g():\n    from advisor.ingest.chunking import count_tokens\n",
        "advisor/programs/catalog.py": "from advisor.documents import load_corpus\nfrom advisor.ingest.sync import sync\n",
        "advisor/gadgets/x.py": "",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    assert layering_offences(tmp_path) == [
        "advisor.chains.answer imports advisor.ingest.chunking (the request path imports the operator's write path)",
        "advisor.gadgets is in no layer: place it in tests/test_layering.py LAYERS",
        "advisor.index.format imports advisor.ingest (above it)",
        "advisor.programs.catalog imports advisor.ingest.sync (the request path imports the operator's write path)",
        "advisor.retrieval.hybrid imports advisor.ingest.chunking (a sibling)",
    ]


def test_the_cli_entry_point_stays_light() -> None:
    # `advisor --help` imports no layer below until a handler runs (a no-change ingest stays fast).
    heavy = ("advisor.session", "advisor.retrieval", "advisor.chains", "advisor.evaluation", "advisor.ui.server")
    assert _imported_with("advisor.cli", heavy) == []
