"""Shared fixtures: a real index of the bundled corpus, built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Nothing in the test suite may reach the network: make any hub lookup fail fast instead.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from advisor.config import REPO_ROOT, Settings  # noqa: E402

# One chunk-vector cache for the whole test run, and for the next runs and other checkouts on this
# machine: it is keyed by (model fingerprint, chunk text) hash, so an entry can never be stale, and
# written by atomic renames, so concurrent runs may share it. e5 then embeds the bundled corpus
# once per machine, not once per fixture, subprocess or run (0.3 s per chunk on 2 cores). Tests
# that count cache hits pass an embedding_cache_dir of their own.
_USER_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
os.environ.setdefault("ADVISOR_EMBEDDING_CACHE_DIR", str(_USER_CACHE / "advisor" / "test-vectors"))

SHARED_DATASETS = Path(os.environ.get("ADVISOR_SHARED_DATASETS", REPO_ROOT.parent / "shared" / "datasets"))


@pytest.fixture(scope="session")
def bundled_catalog():  # noqa: ANN201 - advisor.programs.Catalog, imported lazily like the app does
    """The program catalog of the bundled corpus, for tests of the understanding stage."""
    from advisor.programs import load_catalog

    return load_catalog(Settings())


def understand_conversation(turns: list[str], catalog) -> list:  # noqa: ANN001 - a Catalog
    """The frames of a conversation's turns, each understood with the frames before it, as the
    session does (the profile parsed from the turn alone)."""
    from advisor.programs import parse_profile
    from advisor.understanding import understand

    history: list = []
    for text in turns:
        history.append(understand(text, catalog=catalog, history=list(history), parsed=parse_profile(text, None)))
    return history


def last_reply(advisor, turns: list[str]):  # noqa: ANN001, ANN201 - an Advisor; its TurnResult
    """The TurnResult of a conversation's last turn, the turns said in one new session."""
    sid = advisor.new_session()
    result = None
    for text in turns:
        result = advisor.turn(sid, text)
    return result


def make_settings(data_dir: Path, **overrides) -> Settings:
    """Settings isolated from the developer's environment and advisor.toml."""
    return Settings(data_dir=data_dir, corpus_dir=REPO_ROOT / "corpus", **overrides)


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose data_dir holds a real index of the bundled corpus (read-only for tests)."""
    from advisor.ingest.indexer import ingest

    settings = make_settings(tmp_path_factory.mktemp("built-index"))
    report = ingest(settings, progress=False)
    assert not report.failed, report.failed
    return settings


@pytest.fixture(scope="session")
def retriever(built_settings: Settings):
    from advisor.retrieval.hybrid import Retriever

    return Retriever(built_settings)


@pytest.fixture()
def advisor(built_settings: Settings, retriever, tmp_path: Path):  # noqa: ANN001, ANN201 - session fixture above
    """An Advisor on a copy of the shared bundled index: the shared retriever reads an identical
    index, the database is this test's own."""
    import shutil

    from advisor.session import Advisor

    data = tmp_path / "data"
    shutil.copytree(built_settings.index_dir, data / "index")
    return Advisor(make_settings(data), retriever=retriever)


@pytest.fixture()
def fresh_settings(tmp_path: Path) -> Settings:
    """Settings with an empty data directory of the test's own."""
    return make_settings(tmp_path / "data")


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    if not SHARED_DATASETS.is_dir():
        pytest.skip(f"real PDFs not available: {SHARED_DATASETS} is missing (set ADVISOR_SHARED_DATASETS)")
    return SHARED_DATASETS


# --- a tiny corpus of its own, for tests that change, delete or break files ------------------------

TINY_DOCS: dict[str, str] = {
    "shoryokuka.md": (
        "# 中小企業省力化投資補助金\n\n"
        "## 補助率\n中小企業の補助率は2分の1です。最低賃金近傍の事業者は3分の2です。"
        "人手不足に悩む中小企業が、IoTやロボットなどの省力化設備を導入する費用を支援します。\n\n"
        "## 補助上限額\n補助上限額は最大1億円です。従業員数101名以上で大幅な賃上げを行う場合に限ります。"
        "カタログに登録された製品を選んで申請することもできます。\n"
    ),
    "digital.txt": (
        "デジタル化・AI導入補助金は、中小企業や小規模事業者がITツールやAIツールを導入する経費の一部を補助します。\n"
        "クラウドサービスの利用料も最大2年分が対象です。\n"
        "申請はIT導入支援事業者と共同で行います。\n"
    ),
    "yorozu.txt": (
        "よろず支援拠点は、中小企業や小規模事業者の経営相談に無料で応じる国の窓口です。\n"
        "全国の都道府県に設置されており、売上拡大やデジタル化の相談ができます。\n"
    ),
}

TINY_SOURCES = """sources:
  - id: tiny-shoryokuka
    file: shoryokuka.md
    title: 省力化投資補助金の概要（テスト用）
    issuer: テスト発行者
    date: "2026-01"
    kind: guideline
  - id: tiny-digital
    file: digital.txt
    title: デジタル化・AI導入補助金の概要（テスト用）
    issuer: テスト発行者
    date: "2026-02-01"
    kind: slides
  - id: tiny-yorozu
    file: yorozu.txt
    title: よろず支援拠点（テスト用）
    issuer: テスト発行者
    date: ""
    kind: platform
"""


def write_tiny_corpus(root: Path) -> Path:
    """corpus/documents with three small Japanese documents and a sources.yaml; returns the corpus dir."""
    corpus = root / "corpus"
    docs = corpus / "documents"
    docs.mkdir(parents=True, exist_ok=True)
    for name, text in TINY_DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    (corpus / "sources.yaml").write_text(TINY_SOURCES, encoding="utf-8")
    return corpus


def index_one_guide(root: Path, text: str, source_id: str, title: str) -> Settings:
    """A data dir indexing one text guideline (``guide.txt``: a 公募要領 of テスト事務局 with this id
    and title) under ``root``, small chunks, no LLM: for tests of answer composition on a guide of
    their own."""
    from advisor.ingest.indexer import ingest

    sources_yaml = (
        f"sources:\n  - id: {source_id}\n    file: guide.txt\n    title: {title}\n"
        '    issuer: テスト事務局\n    date: "2026-02-01"\n    kind: guideline\n'
    )

    docs = root / "corpus" / "documents"
    docs.mkdir(parents=True)
    (docs / "guide.txt").write_text(text, encoding="utf-8")
    (root / "corpus" / "sources.yaml").write_text(sources_yaml, encoding="utf-8")
    settings = Settings(data_dir=root / "data", corpus_dir=root / "corpus", chunk_min_tokens=5, llm_backend="none")
    report = ingest(settings, progress=False)
    assert not report.failed, report.failed
    return settings


def one_guide_retriever(root: Path, text: str, source_id: str, title: str) -> tuple[Settings, "Retriever"]:
    """index_one_guide and a retriever over it: the pair the answer-composition tests ask with."""
    from advisor.retrieval.hybrid import Retriever

    settings = index_one_guide(root, text, source_id, title)
    return settings, Retriever(settings)


def tiny_settings(root: Path, **overrides) -> Settings:
    """Settings over a fresh tiny corpus in ``root`` (small min chunk so that sections split)."""
    corpus = write_tiny_corpus(root)
    values = {"data_dir": root / "data", "corpus_dir": corpus, "chunk_min_tokens": 5} | overrides
    return Settings(**values)


def index_tiny_corpus_with(root: Path, documents: dict[str, str], sources_yaml: str) -> Settings:
    """The tiny corpus plus ``documents`` (file name -> text), with ``sources_yaml`` as its
    sources.yaml, ingested into a data dir under ``root``: for retrieval tests that need a few
    passages of their own next to the tiny corpus."""
    from advisor.ingest.indexer import ingest

    settings = tiny_settings(root)
    for name, text in documents.items():
        (settings.documents_dir / name).write_text(text, encoding="utf-8")
    settings.sources_file.write_text(sources_yaml, encoding="utf-8")
    report = ingest(settings, progress=False)
    assert not report.failed, report.failed
    return settings


@pytest.fixture(scope="session")
def registry_documents(shared_datasets: Path) -> dict:
    """source id -> Document (pages, text) of every PDF corpus/registry.yaml lists, read from
    ../shared/datasets once per session (skips with a message when a PDF is missing)."""
    from advisor.documents import load_document
    from advisor.sources import load_registry
    from advisor.types import SourceInfo

    settings = make_settings(Path("/nonexistent-data-dir"))
    found = {p.name: p for p in shared_datasets.rglob("*.pdf")}
    entries = load_registry(settings.registry_path)
    missing = [e.file_name for e in entries if e.file_name not in found]
    if missing:
        pytest.skip(f"registry PDFs missing from {shared_datasets}: {', '.join(missing)}")
    docs = {}
    for e in entries:
        table = {e.file_name: SourceInfo(**{k: v for k, v in e.source_mapping().items() if k in SourceInfo.__dataclass_fields__})}
        docs[e.id] = load_document(found[e.file_name], table, settings)
    return docs


# --- headless Chromium (browser tests and the cluster tests' workshop check share one) --------------
# One sync Playwright per process: a second one cannot start while the first's event loop runs.

CHROMIUM = Path(os.environ.get("ADVISOR_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (install Debian's chromium, or set ADVISOR_CHROMIUM)")
    pytest.importorskip("playwright.sync_api", reason="python package playwright is not installed")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium_path), args=["--no-sandbox"])
        yield b
        b.close()
