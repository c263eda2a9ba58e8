"""corpus/registry.yaml: well-formed, honest about unknown URLs, and every evidence string, sha256
and 公募期間 checked against the PDFs of ../shared/datasets when they are present."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.config import REPO_ROOT, Settings
from advisor.deadlines import document_period
from advisor.documents import file_hash
from advisor.sources import SOURCE_KIND, list_sources, load_registry, program_rounds, state_path
from advisor.text import compact

REGISTRY = REPO_ROOT / "corpus" / "registry.yaml"
PROGRAMS = {p.stem for p in (REPO_ROOT / "corpus" / "programs").glob("*.yaml")}


def test_registry_is_well_formed_and_marks_unknown_urls():
    entries = load_registry(REGISTRY)
    assert len(entries) == 8
    for e in entries:
        assert e.kind in SOURCE_KIND, e.id
        assert len(e.sha256) == 64, e.id
        if not e.url:
            assert e.url_note, f"{e.id}: an empty url must say why (url_note)"
        # program: a catalog id, or the name of a program the catalog lacks (no ASCII slug invented)
        assert e.program in PROGRAMS or not e.program.isascii(), e.id
    assert {e.program for e in entries} >= {"monodukuri", "小規模事業者持続化補助金", "中小企業新事業進出補助金", "digital-ai-donyu"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("sources:\n  - id: a\n    kind: 公募要領\n    title: t\n    issuer: i\n", "lacks program"),
        ("sources:\n  - {id: a, program: p, kind: 公募要領, title: t, issuer: i, colour: red}\n", "unknown keys colour"),
        ("sources:\n  - {id: a, program: p, kind: 公募要領, title: t, issuer: i, url: ftp://x}\n", "url must start"),
        ("sources:\n  - {id: a, program: p, kind: 公募要領, title: t, issuer: i, period: {end: '2026-13-01'}}\n", "period"),
        ("sources:\n  - {id: a, program: p, kind: 公募要領, title: t, issuer: i, period: {end: 2026-13-01}}\n", "not valid YAML"),
        ("sources:\n  - {id: a, program: p, kind: FAQ, title: t, issuer: i}\n  - {id: a, program: p, kind: FAQ, title: t, issuer: i}\n", "duplicate id"),
        ("sources: [\n", "not valid YAML"),
        ("- id: a\n", "expected a mapping with a list under 'sources'"),
        ("sources: 5\n", "expected a mapping with a list under 'sources'"),
    ],
)
def test_malformed_registry_names_the_problem(tmp_path: Path, body: str, message: str):
    path = tmp_path / "registry.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_registry(path)


def test_a_corrupt_sync_state_costs_the_round_labels_not_the_answers(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=REPO_ROOT / "corpus")
    assert program_rounds(settings)  # the bundled registry gives every program a round
    state_path(settings).parent.mkdir(parents=True)
    state_path(settings).write_text('{"version": 1, "sources": {"x": ', encoding="utf-8")  # cut short
    assert program_rounds(settings) == {}  # load_catalog calls this on every turn: it must not raise
    with pytest.raises(ValueError, match="state.json: unreadable sync state"):
        list_sources(settings)  # the operator's view names the file


@pytest.mark.datasets
def test_registry_evidence_sha_and_period_match_the_pdfs(shared_datasets: Path, registry_documents: dict):
    found = {p.name: p for p in shared_datasets.rglob("*.pdf")}
    problems = []
    for e in load_registry(REGISTRY):
        doc = registry_documents[e.id]
        if file_hash(found[e.file_name]) != e.sha256:
            problems.append(f"{e.id}: sha256 differs from {found[e.file_name]}")
        text = compact(doc.text)
        for field, evidence in e.evidence.items():
            if compact(evidence) not in text:
                problems.append(f"{e.id}: evidence.{field} {evidence!r} not in the PDF")
        declared = e.declared_period()
        if declared is not None:
            year = int(e.date[:4]) if e.date[:4].isdigit() else None
            read = document_period([p.text for p in doc.pages], default_year=year, title=e.title)
            if read is None or (read.start, read.end, read.end_time) != (declared.start, declared.end, declared.end_time):
                problems.append(f"{e.id}: period {declared} but the PDF says {read}")
    assert not problems, "\n".join(problems)
