"""Guideline-aware chunking: a line of a 「補助対象外経費」 list is never indexed (or found by a search)
under 「補助対象経費」, list items keep their continuation lines and lead-in, Q&A blocks start
chunks, and page numbers stay exact. On a generated PDF (reportlab) and, when ../shared/datasets is
present, on the real ものづくり補助金 公募要領."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.config import REPO_ROOT, Settings
from advisor.ingest.chunking import chunk_document
from advisor.ingest.indexer import ingest
from advisor.ingest.loaders import load_document, load_source_table
from advisor.retrieval.hybrid import Retriever
from advisor.types import Chunk

from tests.pdf_factory import cid_font_pdf

ELIGIBLE = "2.7.1 補助対象経費"
INELIGIBLE = "2.7.2 補助対象外経費"
# Page 1: a short table of eligible expenses (far below the minimum chunk size), then the
# ineligible list. The old chunker let the tiny table swallow the next heading and its list.
PAGES = [
    [
        "2.7 補助対象経費等",
        ELIGIBLE,
        "機械装置費 専用の検査装置の購入費",
        "外注費 加工の外注費",
        INELIGIBLE,
        "● 事務用のパソコン・プリンタの購入費",
        "● 自動車等車両の購入費・車検費用",
        "● 商品券等の金券",
    ],
    [
        "● 収入印紙及び振込手数料",
        "● 飲食、娯楽、接待等の費用",
        "2.8 よくある質問",
        "Q1. パソコンは補助対象になりますか。",
        "A. 事務用のパソコンは補助対象外です。専用のものは相談してください。",
        "Q2. 中古の検査装置は対象になりますか。",
        "A. 三者以上の相見積りがあれば対象になります。",
    ],
]
INELIGIBLE_ITEMS = ("パソコン・プリンタ", "自動車等車両", "商品券等の金券", "収入印紙", "接待等の費用")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, list[Chunk]]:
    root = tmp_path_factory.mktemp("guideline-chunks")
    docs = root / "corpus" / "documents"
    docs.mkdir(parents=True)
    pdf = cid_font_pdf(docs / "koubo_taishougai.pdf", PAGES)
    settings = Settings(data_dir=root / "data", corpus_dir=root / "corpus")
    document = load_document(pdf, {}, settings)
    return settings, chunk_document(document, settings.chunk_max_tokens, settings.chunk_min_tokens)


def _with(chunks: list[Chunk], needle: str) -> list[Chunk]:
    return [c for c in chunks if needle in c.text]


def test_ineligible_list_is_never_under_the_eligible_heading(generated: tuple[Settings, list[Chunk]]) -> None:
    _settings, chunks = generated
    for item in INELIGIBLE_ITEMS:
        holders = _with(chunks, item)
        assert holders, item
        for chunk in holders:
            if "Q1." in chunk.text:
                continue  # the Q&A quotes パソコン under its own heading, checked below
            assert chunk.heading_path[-1] == INELIGIBLE, (item, chunk.heading_path, chunk.text)
    eligible = [c for c in chunks if c.heading_path and c.heading_path[-1] == ELIGIBLE]
    assert eligible and all("外注費" in c.text or "機械装置費" in c.text for c in eligible)
    assert not any(item in c.text for c in eligible for item in INELIGIBLE_ITEMS)


def test_pages_stay_exact_across_a_list_that_continues_on_the_next_page(generated: tuple[Settings, list[Chunk]]) -> None:
    _settings, chunks = generated
    assert {c.page for c in _with(chunks, "商品券等の金券")} == {1}
    assert {c.page for c in _with(chunks, "収入印紙")} == {2}
    # The continuation on page 2 still carries the heading that gives the list its meaning.
    assert _with(chunks, "収入印紙")[0].heading_path[-1] == INELIGIBLE


def test_each_question_starts_a_chunk_with_its_answer(generated: tuple[Settings, list[Chunk]]) -> None:
    _settings, chunks = generated
    q1, q2 = _with(chunks, "Q1."), _with(chunks, "Q2.")
    assert len(q1) == len(q2) == 1 and q1[0] is not q2[0]
    assert q1[0].text.startswith("Q1.") and "事務用のパソコンは補助対象外です" in q1[0].text
    assert q2[0].text.startswith("Q2.") and "三者以上の相見積り" in q2[0].text
    assert q1[0].heading_path[-1] == "2.8 よくある質問"


def test_search_finds_the_ineligible_line_under_its_own_heading(generated: tuple[Settings, list[Chunk]]) -> None:
    settings, _chunks = generated
    report = ingest(settings, progress=False)
    assert not report.failed, report.failed
    hits = Retriever(settings).search("自動車の車検費用は補助対象経費ですか", k=3, mode="lexical")
    top = next(h for h in hits if "自動車等車両" in h.chunk.text)
    assert top.chunk.heading_path[-1] == INELIGIBLE and top.chunk.page == 1
    assert "補助対象外経費" in top.chunk.text_with_heading()


def test_a_full_chunk_is_cut_in_front_of_an_item_never_inside_one() -> None:
    from advisor.types import Document, Page, SourceInfo

    items = []
    for n in range(1, 13):
        items += [f"({n}) 第{n}の対象外経費は、事業に直接関係しない汎用的な設備の購入費です。", f"例:第{n}の例として事務用の機器があります。"]
    text = "\n".join(["2.7.2 補助対象外経費", "次の(1)~(12)のいずれかに該当する経費は補助対象外です。", *items])
    source = SourceInfo(id="t", title="t", issuer="i", date="", kind="guideline")
    chunks = chunk_document(Document(source=source, path="t.txt", pages=[Page(3, text)], content_hash="h"), max_tokens=120, min_tokens=20)
    assert len(chunks) > 2
    for chunk in chunks:
        first = chunk.text.splitlines()[0]
        # Every chunk opens with an item or the list's lead-in: no 「例」 line is cut off its item.
        assert first.startswith(("(", "次の")), chunk.text
        assert chunk.heading_path == ["2.7.2 補助対象外経費"] and chunk.page == 3
    assert chunks[0].text.splitlines()[:2] == ["次の(1)~(12)のいずれかに該当する経費は補助対象外です。", items[0]]


# --- the real 公募要領 ------------------------------------------------------------------------------

KOUBO = Path("monozukuri-23-koubo") / "monodukuri_23_kouboyouryou.pdf"
# Items of the 公募要領's own 「2.7.2 補助対象外となる経費」 and 「2.3.3 補助対象外となる事業」 lists.
REAL_INELIGIBLE = {
    "事務用のパソコン・プリンタ": "2.7.2 補助対象外となる経費",
    "商品券等の金券": "2.7.2 補助対象外となる経費",
    "収入印紙": "2.7.2 補助対象外となる経費",
    "自動車等車両の購入費": "2.7.2 補助対象外となる経費",
    "無人駐車場": "2.3.3 補助対象外となる事業",
    "公序良俗に反する事業": "2.3.3 補助対象外となる事業",
}


@pytest.mark.datasets
def test_real_koubo_ineligible_items_sit_under_their_ineligible_heading_on_their_page(shared_datasets: Path) -> None:
    from pypdf import PdfReader

    from advisor.text import compact

    pdf = shared_datasets / KOUBO
    if not pdf.is_file():
        pytest.skip(f"real 公募要領 missing: {pdf}")
    settings = Settings()
    table = load_source_table(REPO_ROOT / "evals" / "datasets" / "real_pdfs.sources.yaml")
    chunks = chunk_document(load_document(pdf, table, settings), settings.chunk_max_tokens, settings.chunk_min_tokens)
    pages = [compact(p.extract_text() or "") for p in PdfReader(str(pdf)).pages]
    for item, heading in REAL_INELIGIBLE.items():
        holders = [c for c in chunks if compact(item) in compact(c.text)]
        assert holders, item
        for chunk in holders:
            assert chunk.heading_path[-1] == heading, (item, chunk.heading_path)
            assert compact(item) in pages[chunk.page - 1], (item, chunk.page)
    # No chunk under an eligible heading holds a line of the 2.7.2 list.
    eligible = [c for c in chunks if c.heading_path and c.heading_path[-1] == "2.7.1 補助対象経費"]
    assert eligible
    for chunk in eligible:
        for item in ("事務用のパソコン・プリンタ", "商品券等の金券", "収入印紙"):
            assert compact(item) not in compact(chunk.text), chunk.text[:80]
