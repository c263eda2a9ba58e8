"""The program catalog reads guideline PDFs' pages from the index, never parsing a PDF on the
request path: ingest stores every indexed document's normalised pages in the generation
(documents/<content hash>.json), an ingest with nothing to change fills them into an older
generation, and the server loads the catalog and the index before the first question."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from advisor.config import Settings
from advisor.documents import load_document, load_source_table
from advisor.index.format import DOCUMENTS, current_generation, read_manifest
from advisor.ingest.indexer import ingest
from advisor.programs import catalog as catalog_module

from tests.conftest import tiny_settings
from tests.pdf_factory import cid_font_pdf

PAGES = [
    ["テスト補助金 公募要領", "第1章 補助上限額", "補助上限額は750万円です。"],
    ["第2章 補助率", "補助率は2分の1です。ただし小規模事業者は3分の2です。"],
]
CHANGED_PAGES = [["テスト補助金 公募要領 第2版", "第1章 補助上限額", "補助上限額は1,000万円です。"]]
SOURCE_YAML = "id: test-koubo\ntitle: テスト補助金 公募要領\nissuer: テスト事務局\ndate: '2026-03-01'\nkind: guideline\n"


def _indexed_with_a_guideline(root: Path) -> tuple[Settings, Path]:
    settings = tiny_settings(root)
    programs = settings.programs_dir
    programs.mkdir(parents=True)
    # guideline_documents reads only the guideline block's source id from the program files.
    (programs / "test-program.yaml").write_text("id: test-program\nguideline:\n  source: test-koubo\n", encoding="utf-8")
    (root / "pdfs").mkdir()
    pdf = cid_font_pdf(root / "pdfs" / "koubo.pdf", PAGES)
    (root / "pdfs" / "koubo.pdf.source.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    report = ingest(settings, [settings.documents_dir, pdf], progress=False)
    assert not report.failed, report.failed
    return settings, pdf


def _parsed(pdf: Path, settings: Settings) -> list[tuple[int | None, str]]:
    doc = load_document(pdf, load_source_table(settings.sources_file), settings)
    return [(p.number, p.text) for p in doc.pages]


@pytest.fixture()
def no_pdf_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any pypdf parse from here on fails the test (and nothing parsed earlier is reused)."""
    import advisor.documents

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a PDF was parsed on the request path")

    monkeypatch.setattr(advisor.documents, "_pdf_pages", refuse)
    monkeypatch.setattr(catalog_module, "_GUIDELINE_DOCS", {})


def test_guideline_pages_come_from_the_index_without_parsing_the_pdf(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    settings, pdf = _indexed_with_a_guideline(tmp_path)
    expected = _parsed(pdf, settings)
    request.getfixturevalue("no_pdf_parsing")

    docs = catalog_module.guideline_documents(settings)

    assert [d.source.id for d in docs] == ["test-koubo"]
    assert [(p.number, p.text) for p in docs[0].pages] == expected  # exactly what the loader produced
    assert docs[0].source.title == "テスト補助金 公募要領"  # described by the manifest's source


def test_an_ingest_with_nothing_to_change_stores_the_pages_of_an_older_generation(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    settings, pdf = _indexed_with_a_guideline(tmp_path)
    gen = current_generation(settings.index_dir)
    assert gen is not None
    stored = sorted(p.name for p in (gen / DOCUMENTS).iterdir())
    assert stored == sorted(f"{e['hash']}.json" for e in read_manifest(gen)["files"].values())  # every document, txt too
    shutil.rmtree(gen / DOCUMENTS)  # as written before pages were stored

    report = ingest(settings, [settings.documents_dir, pdf], progress=False)

    assert report.changed == 0 and report.generation == gen.name  # no new generation for it
    assert sorted(p.name for p in (gen / DOCUMENTS).iterdir()) == stored
    request.getfixturevalue("no_pdf_parsing")
    assert [d.source.id for d in catalog_module.guideline_documents(settings)] == ["test-koubo"]


def test_the_catalog_follows_the_index_when_the_pdf_moves_or_changes(tmp_path: Path) -> None:
    settings, pdf = _indexed_with_a_guideline(tmp_path)
    moved = pdf.with_name("moved-away.pdf")
    pdf.rename(moved)
    # The index still serves this PDF's chunks until the next ingest, so the catalog still reads it.
    assert [d.source.id for d in catalog_module.guideline_documents(settings)] == ["test-koubo"]

    moved.rename(pdf)
    cid_font_pdf(pdf, CHANGED_PAGES)
    assert "1,000万円" not in catalog_module.guideline_documents(settings)[0].text  # not ingested yet
    report = ingest(settings, [settings.documents_dir, pdf], progress=False)
    assert report.updated == [str(pdf)]
    assert "1,000万円" in catalog_module.guideline_documents(settings)[0].text


def test_an_index_without_stored_pages_still_gives_the_catalog_its_guideline(tmp_path: Path) -> None:
    """A generation from before pages were stored (the fallback: the indexed file, parsed once)."""
    settings, pdf = _indexed_with_a_guideline(tmp_path)
    gen = current_generation(settings.index_dir)
    assert gen is not None
    shutil.rmtree(gen / DOCUMENTS)
    catalog_module._GUIDELINE_DOCS.clear()
    docs = catalog_module.guideline_documents(settings)
    assert [(p.number, p.text) for p in docs[0].pages] == _parsed(pdf, settings)


def test_server_warm_up_loads_the_catalog_and_the_index_before_the_first_question(advisor, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from advisor.ui.server import warm_up

    monkeypatch.setattr(catalog_module, "_CACHE", {})
    loaded: list[str] = []
    monkeypatch.setattr(advisor, "warm_up", lambda: loaded.append("understanding"))  # its own tests
    original = advisor.retriever.warm_up
    monkeypatch.setattr(advisor.retriever, "warm_up", lambda: (loaded.append("index"), original())[1])
    done = threading.Event()

    warm_up(advisor, done)

    assert done.is_set() and loaded == ["understanding", "index"]
    assert catalog_module._CACHE, "the catalog was not loaded by the warm-up"


def test_ranking_vectors_survive_a_catalog_reload_and_a_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first match after a start, and after every catalog reload (an ingest, a sync), embedded
    every program's facts again: ~8 s of e5 on the request path."""
    from advisor.config import REPO_ROOT
    from advisor.documents import load_corpus
    from advisor.programs import ranking

    from tests.conftest import make_settings

    documents = load_corpus(make_settings(tmp_path / "data"))
    model = ranking._GoalModel
    monkeypatch.setattr(model, "_vectors", {}, raising=False)  # as in a new process; the disk cache stays
    monkeypatch.setattr(model, "_facts_of", None)
    embeddings = model.embeddings()
    computed: list[str] = []
    original = embeddings.embed_documents
    monkeypatch.setattr(embeddings, "embed_documents", lambda texts: (computed.extend(texts), original(texts))[1])

    first = model.program_facts(catalog_module.build_catalog(REPO_ROOT / "corpus" / "programs", documents))
    assert first
    computed.clear()
    reloaded = catalog_module.build_catalog(REPO_ROOT / "corpus" / "programs", documents)  # a new Catalog object
    second = model.program_facts(reloaded)
    assert computed == [], f"{len(computed)} fact texts embedded again after a reload"
    assert second.keys() == first.keys()

    monkeypatch.setattr(model, "_vectors", {}, raising=False)  # a restart: memory gone, the vector cache on disk stays
    monkeypatch.setattr(model, "_facts_of", None)
    third = model.program_facts(catalog_module.build_catalog(REPO_ROOT / "corpus" / "programs", documents))
    assert computed == [], f"{len(computed)} fact texts embedded again after a restart"
    for pid, (_facts, vectors, together) in third.items():
        assert (vectors == first[pid][1]).all() and (together == first[pid][2]).all()
