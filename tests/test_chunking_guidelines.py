"""Guideline-aware chunking: a line of a 「補助対象外経費」 list is never indexed (or found by a search)
under 「補助対象経費」, list items keep their continuation lines and lead-in, Q&A blocks start
chunks, and page numbers stay exact. On a generated PDF (reportlab) and, when ../shared/datasets is
present, on the real ものづくり補助金 公募要領."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from advisor.config import REPO_ROOT, Settings
from advisor.documents import load_document, load_source_table
from advisor.ingest.chunking import chunk_document
from advisor.ingest.indexer import ingest
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


# --- headings and lists as other secretariats print them (issue 9 item 4, s17) -------------------

STRUCTURE_PAGES = [
    [
        # A contents page whose entries are joined into one line by the loader, then the body.
        "(3)その他経費(事務費・専門家費)",
        "目次",
        "1.事業の目的 .............................. 2",
        "2.補助対象者 .............................. 2",
        "3.補助対象事業の概要 ...................... 3",
        "1.事業の目的",
        "本補助金は、中小企業等の新市場への進出を支援することを目的とする。",
    ],
    [
        "2.補助対象者",
        "2-1.補助対象者",
        "(1)中小企業者",
        "資本金又は常勤従業員数が下表の数字以下となる会社又は個人であること。",
        "2-2.補助対象外となる事業者",
        "以下に該当する事業者は補助対象外です。",
        "1. 本補助金の申請締切日を起点にして16か月以内に補助金交付候補者として採択された事業者",
        "2. 採択の取消を受けた事業者",
        "3. 応募申請時点で従業員数が0名の事業者",
        "3.補助対象事業の概要",
        "(1)補助金額",
        "補助金額は750万円から9,000万円とする。",
    ],
    [
        "3-1 補助対象経費の内容",
        "(5) 補助対象外となる経費",
        "(ア) 交通費、宿泊費。",
        "(イ) ソフトウェアの購入費",
        "以下の経費は補助対象外です。",
        "(ウ) 公租公課",
        "3-2 補助対象経費、補助率及び補助額",
        "補助対象経費に対して、補助率を乗じて得られた額の合計について、",
        "以下の補助額の範囲内で補助する。",
    ],
    [
        # A chapter whose sections are numbered 1., 2. again, then the next chapter.
        "4.申請に必要な書類",
        "1.申請者が必須の提出書類",
        "事業支援計画書を商工会議所から受け取り提出する。",
        "2.特例により追加的に必要となる書類",
        "賃金引上げ特例には賃金台帳を提出する。",
        "5.採択審査",
        "審査は提出書類による書面審査とする。",
    ],
    [
        "別紙2:データ利活用ポリシー",
        "本ポリシーは、補助金の申請で得たデータの利活用について定める。",
    ],
]


@pytest.fixture(scope="module")
def structured(tmp_path_factory: pytest.TempPathFactory) -> list[Chunk]:
    root = tmp_path_factory.mktemp("guideline-structure")
    pdf = cid_font_pdf(root / "koubo_structure.pdf", STRUCTURE_PAGES)
    settings = Settings(data_dir=root / "data", corpus_dir=root / "corpus")
    document = load_document(pdf, {}, settings)
    return chunk_document(document, settings.chunk_max_tokens, settings.chunk_min_tokens)


def _holder(chunks: list[Chunk], needle: str) -> Chunk:
    holders = _with(chunks, needle)
    assert len(holders) == 1, (needle, [(c.heading_path, c.text) for c in holders])
    return holders[0]


def test_a_list_lead_in_is_not_glued_onto_the_item_before_it(structured: list[Chunk]) -> None:
    lines = [line for chunk in structured for line in chunk.text.splitlines()]
    assert "(イ) ソフトウェアの購入費" in lines, lines
    assert "以下の経費は補助対象外です。" in lines
    # A break inside one sentence (after 「について、」) is still joined.
    assert "補助対象経費に対して、補助率を乗じて得られた額の合計について、以下の補助額の範囲内で補助する。" in lines


def test_a_hyphen_numbered_clause_is_the_heading_of_its_lines(structured: list[Chunk]) -> None:
    rate = _holder(structured, "補助率を乗じて")
    assert rate.heading_path[-1] == "3-2 補助対象経費、補助率及び補助額", rate.heading_path
    assert "(5) 補助対象外となる経費" not in rate.heading_path and rate.page == 3
    travel = _holder(structured, "交通費、宿泊費")
    assert travel.heading_path[-2:] == ["3-1 補助対象経費の内容", "(5) 補助対象外となる経費"], travel.heading_path
    assert "補助率を乗じて" not in travel.text


def test_numbered_list_items_are_not_chapter_headings(structured: list[Chunk]) -> None:
    for item in ("採択の取消を受けた事業者", "従業員数が0名の事業者"):
        chunk = _holder(structured, item)
        assert chunk.heading_path == ["2.補助対象者", "2-2.補助対象外となる事業者"], (item, chunk.heading_path)
        assert chunk.page == 2
    eligible = _holder(structured, "資本金又は常勤従業員数")
    assert eligible.heading_path == ["2.補助対象者", "2-1.補助対象者", "(1)中小企業者"], eligible.heading_path
    amount = _holder(structured, "750万円から9,000万円")
    assert amount.heading_path == ["3.補助対象事業の概要", "(1)補助金額"], amount.heading_path


def test_a_table_of_contents_is_under_no_heading_and_the_body_after_it_is(structured: list[Chunk]) -> None:
    toc = _holder(structured, "3.補助対象事業の概要 ...")
    assert toc.heading_path == [] and toc.page == 1, toc.heading_path
    assert "新市場への進出" not in toc.text
    purpose = _holder(structured, "新市場への進出")
    assert purpose.heading_path == ["1.事業の目的"] and purpose.page == 1


def test_an_appendix_closes_the_chapter_before_it(structured: list[Chunk]) -> None:
    policy = _holder(structured, "データの利活用について定める")
    assert policy.heading_path == ["別紙2:データ利活用ポリシー"] and policy.page == 5


def test_sections_numbered_again_inside_a_chapter_stay_under_it(structured: list[Chunk]) -> None:
    plan = _holder(structured, "事業支援計画書を商工会議所から")
    assert plan.heading_path == ["4.申請に必要な書類", "1.申請者が必須の提出書類"], plan.heading_path
    wages = _holder(structured, "賃金台帳を提出する")
    assert wages.heading_path == ["4.申請に必要な書類", "2.特例により追加的に必要となる書類"], wages.heading_path
    review = _holder(structured, "書面審査とする")
    assert review.heading_path == ["5.採択審査"] and review.page == 4


def _chunks_of(text: str, max_tokens: int = 320, min_tokens: int = 60) -> list[Chunk]:
    from advisor.types import Document, Page, SourceInfo

    source = SourceInfo(id="t", title="t", issuer="i", date="", kind="guideline")
    return chunk_document(Document(source=source, path="t.pdf", pages=[Page(7, text)], content_hash="h"), max_tokens, min_tokens)


def test_an_article_opens_its_chunk_with_its_caption() -> None:
    first = "第1条 " + "本規程は、補助金の交付に関し必要な事項を定めるものであり、事務局はこれに従って手続を行う。" * 3
    second = "第2条 本規程において「補助事業」とは、ITツールを導入する事業をいう。"
    chunks = _chunks_of("\n".join(["(通則)", first, "(定義)", second]))
    assert [c.text.splitlines()[0] for c in chunks] == ["(通則)", "(定義)"], [c.text for c in chunks]
    assert chunks[1].text.splitlines()[1] == second and chunks[1].page == 7


def test_a_labelled_ineligible_list_is_filed_under_its_label() -> None:
    example = [f"・不適切な販売方法の第{n}の例として、補助事業者の自己負担額を実質的に減額する値引きがある。" for n in range(1, 5)]
    ineligible = [f"{n}補助対象外となる第{n}の経費として、対外的に無償で提供されているものがある。" for n in range(1, 9)]
    text = "\n".join(["(1)製品本体価格について", "<本事業において不適切と見なされる具体例>", *example, "<補助対象外となる経費>", *ineligible, "", "(2) 導入経費について", "導入経費は製品本体価格の2割を上限とする。"])
    chunks = _chunks_of(text, max_tokens=200, min_tokens=20)
    for chunk in chunks:
        if any(f"補助対象外となる第{n}の経費" in chunk.text for n in range(1, 9)):
            assert chunk.heading_path == ["(1)製品本体価格について", "<補助対象外となる経費>"], (chunk.heading_path, chunk.text)
            assert "不適切な販売方法" not in chunk.text
    install = _holder(chunks, "導入経費は製品本体価格の2割")
    assert install.heading_path == ["(2) 導入経費について"]


def test_a_label_keeps_its_block_with_the_item_above_and_ends_at_the_gap() -> None:
    text = "\n".join(["【重点政策加点】", "1赤字賃上げ加点 賃金引上げ特例に申請する赤字の事業者に加点する。", "<必要な手続>", "✓ 特例を希望すれば自動的に適用される。", "", "2事業環境変化加点 物価高騰の影響を受ける事業者に加点する。"])
    chunks = _chunks_of(text, max_tokens=200, min_tokens=10)
    assert len(chunks) == 1 and "<必要な手続>" in chunks[0].text
    assert chunks[0].heading_path == ["【重点政策加点】"], chunks[0].heading_path


# Lines of three other real 公募要領 with the heading they must be indexed under: IT導入補助金2025's
# 「2-3」 was read as body text glued to the line above and filed under 「(5) 補助対象外となる経費」;
# 新事業進出's ineligible-business items 「2. …」「7. …」 were taken for chapters; 省力化's
# 「<補助対象外となる経費>」 items sat under 「(1)製品本体価格について」 alone.
REAL_HEADINGS = [
    (Path("it-donyu-2025-koubo") / "it2025_koubo_tsujyo.pdf", "補助対象経費に対して、補助率を乗じて得られた額", "2-3 補助対象経費、補助率及び補助額", 16),
    (Path("it-donyu-2025-koubo") / "it2025_koubo_tsujyo.pdf", "(ク) 中古品。", "(5) 補助対象外となる経費", 15),
    (Path("shinjigyo-03-koubo") / "shinjigyo_03_kouboyouryou.pdf", "応募申請時点で従業員数が0名の事業者", "2-2.補助対象外となる事業者", 10),
    (Path("shinjigyo-03-koubo") / "shinjigyo_03_kouboyouryou.pdf", "宗教法人", "2-2.補助対象外となる事業者", 11),
    (Path("shoryokuka-catalog-koubo") / "shoryokuka_catalog_kouboyouryou.pdf", "6公租公課(消費税)。", "<補助対象外となる経費>", 10),
]


@pytest.mark.datasets
@pytest.mark.parametrize(("pdf_path", "line", "heading", "page"), REAL_HEADINGS, ids=["it-2-3", "it-5", "shin-7", "shin-16", "sho-label"])
def test_real_koubo_lines_sit_under_their_own_heading(shared_datasets: Path, pdf_path: Path, line: str, heading: str, page: int) -> None:
    from advisor.text import compact

    pdf = shared_datasets / pdf_path
    if not pdf.is_file():
        pytest.skip(f"real 公募要領 missing: {pdf}")
    chunks = _real_chunks(pdf)
    holders = [c for c in chunks if compact(line) in compact(c.text)]
    assert holders, line
    for chunk in holders:
        assert chunk.heading_path and chunk.heading_path[-1] == heading, (line, chunk.heading_path)
        assert chunk.page == page, (line, chunk.page)


@lru_cache(maxsize=4)
def _real_chunks(pdf: Path) -> list[Chunk]:
    settings = Settings()
    table = load_source_table(REPO_ROOT / "evals" / "datasets" / "real_pdfs.sources.yaml")
    return chunk_document(load_document(pdf, table, settings), settings.chunk_max_tokens, settings.chunk_min_tokens)


def test_chapters_after_a_contents_list_without_leaders_are_not_nested() -> None:
    chunks = _chunks_of("\n".join(["1.事業の概要", "2.補助対象", "1.事業の概要", "本事業は省力化投資を支援する。", "2.補助対象", "補助対象は中小企業等とする。"]), min_tokens=5)
    assert _holder(chunks, "省力化投資を支援").heading_path == ["1.事業の概要"]
    assert _holder(chunks, "中小企業等とする").heading_path == ["2.補助対象"]


def test_the_items_of_a_regulation_stay_on_their_own_lines_and_are_cut_points(tmp_path: Path) -> None:
    processes = ["一 顧客対応・販売支援", "二 決済・債権債務・資金回収", "三 供給・在庫・物流", "ア 別紙1第二号に規定する小規模事業者"]
    clauses = []
    for n, kanji in enumerate("一二三四五六七八", start=1):
        clauses += [f"{kanji} 交付決定時の第{n}の条件に適合しなかった場合", f"※ 第{n}の場合でも、事務局が認めたときはこの限りでない。"]
    lead = "第27条 事務局は、補助事業者が次の各号のいずれかに該当するときは、交付決定を取り消すことができる。"
    pdf = cid_font_pdf(tmp_path / "kitei.pdf", [["第6条 ITツールは次の工程の機能を有するもの", *processes], [lead, *clauses]])
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    chunks = chunk_document(load_document(pdf, {}, settings), max_tokens=120, min_tokens=20)
    lines = [line for chunk in chunks for line in chunk.text.splitlines()]
    assert all(item in lines for item in processes + clauses), lines
    on_page_2 = [c for c in chunks if c.page == 2]
    assert len(on_page_2) > 1
    for chunk in on_page_2:
        # A full chunk is cut in front of an item (号), never between an item and its ※ line.
        assert chunk.text.startswith(("第27条", *(f"{k} " for k in "一二三四五六七八"))), chunk.text


def test_a_page_counter_footer_is_dropped_not_glued_onto_the_last_line(tmp_path: Path) -> None:
    pages = [["補助対象事業について", "採択割合は締切回毎に変わります。", "2025/4/18追加", f"{n} / 3 ページ"] for n in (1, 2, 3)]
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    document = load_document(cid_font_pdf(tmp_path / "faq.pdf", pages), {}, settings)
    assert not any("ページ" in page.text for page in document.pages), [p.text for p in document.pages]
    assert document.pages[1].text.splitlines()[-1] == "2025/4/18追加"


def test_a_number_inside_a_page_labels_its_item_and_a_page_number_is_dropped(tmp_path: Path) -> None:
    page = ["12", "次の1~3のいずれかに該当する事業者は、みなし大企業とする。", "1", "発行済株式の総数の2分の1以上を同一の大企業が所有している中小企業",
            "2", "大企業の役員が役員総数の2分の1以上を占めている中小企業", "3", "1~2に該当する中小企業が株式を所有している中小企業"]
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    document = load_document(cid_font_pdf(tmp_path / "koubo.pdf", [page]), {}, settings)
    lines = document.pages[0].text.splitlines()
    assert "12" not in lines and not lines[0].startswith("12"), lines
    assert "1 発行済株式の総数の2分の1以上を同一の大企業が所有している中小企業" in lines
    assert "3 1~2に該当する中小企業が株式を所有している中小企業" in lines


def test_each_numbered_question_of_an_faq_table_starts_a_chunk(tmp_path: Path) -> None:
    from advisor.types import SourceInfo

    pages = []
    for first in (1, 4):
        page = ["No. 質問 回答"]
        for n in range(first, first + 3):
            page += [str(n), f"第{n}の質問として、補助事業実施期間内に事業を終えることができない場合はどうなりますか。",
                     f"第{n}の回答として、原則、補助事業実施期間内に補助事業が完了しなかった場合は、交付決定取消しとなります。"]
        pages.append(page + [f"{len(pages) + 1} / 2 ページ"])
    pdf = cid_font_pdf(tmp_path / "faq.pdf", pages)
    faq = SourceInfo(id="faq", title="よくあるご質問", issuer="事務局", date="", kind="faq")
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    chunks = chunk_document(load_document(pdf, {pdf.name: faq}, settings), settings.chunk_max_tokens, settings.chunk_min_tokens)
    for n in range(1, 7):
        holder = _holder(chunks, f"第{n}の質問")
        assert holder.text.startswith(f"{n} 第{n}の質問"), holder.text
        assert f"第{n}の回答" in holder.text and f"第{n + 1}の質問" not in holder.text
        assert holder.page == (1 if n <= 3 else 2)


@pytest.mark.parametrize("caption", ["基本要件1:付加価値額の増加要件", "<本事業において不適切と見なされる具体例>"])
def test_a_caption_goes_with_the_items_under_it_when_the_chunk_is_cut(caption: str) -> None:
    intro = [f"第{n}に、補助事業者は交付規程に従い、事務局の指示に基づいて補助事業を適正に実施しなければならない。" for n in range(1, 4)]
    items = [f"・第{n}の具体例として、購入額の一部を口座振込や現金により補助事業者に還元する行為がある。" for n in range(1, 5)]
    chunks = _chunks_of("\n".join(["(1)製品本体価格について", *intro, caption, *items]), max_tokens=150, min_tokens=20)
    holder = _holder(chunks, caption)
    assert holder.text.startswith(caption) and "第1の具体例" in holder.text, [c.text for c in chunks]


# Four pages with a running header and a page number (removed as such), where body lines wrap at a
# fixed width as in a typeset guideline. Page 1 ends inside a sentence; page 2 ends with a short
# list item that the next page does not continue.
_HEADER = "小規模事業者持続化補助金 公募要領"
_BROKEN_PAGES = [
    [_HEADER, "7.加点審査", "本補助金では、重点政策加点と政策加点を設けています。女性の職業生活におけ",
     "る活躍の推進に関する法律に基づく「えるぼし認定」を受けている事業者に対して、採", "択審査時に政策的観点から加点(=くるみん・えるぼし加点)を行いま", "- 1 -"],
    [_HEADER, "す。(以下、本公募要領において同じ。)", "加点を受けるには申請時に認定通知書の写しを提出してください。提出がない場合は加", "点されませんので、申請前に必ず書類がそろっているか確認をしてください。",
     "・ 認定等の事実、認定日等", "- 2 -"],
    [_HEADER, "なお、上記のデータ区分は、以下のとおりです。", "認定等の事実は、事業者の名称、認定の種類及び認定を受けた日付をいいます。", "- 3 -"],
    [_HEADER, "8.補助事業の実施", "補助事業は交付決定日から実施期間の終了日までに完了させてください。", "- 4 -"],
]


def test_a_sentence_across_a_page_break_is_whole_on_the_page_where_it_starts(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    document = load_document(cid_font_pdf(tmp_path / "koubo.pdf", _BROKEN_PAGES), {}, settings)
    chunks = chunk_document(document, settings.chunk_max_tokens, settings.chunk_min_tokens)
    assert not any(_HEADER in c.text for c in chunks)
    whole = "採択審査時に政策的観点から加点(=くるみん・えるぼし加点)を行います。(以下、本公募要領において同じ。)"
    holder = _holder(chunks, whole)
    assert holder.page == 1 and holder.heading_path == ["7.加点審査"], holder
    # Everything else keeps its page: the rest of page 2, the short item at its foot, and the
    # sentence that opens page 3 (a new sentence after a list item, not the item's continuation).
    assert _holder(chunks, "加点を受けるには申請時に").page == 2
    assert not _holder(chunks, "加点を受けるには申請時に").text.startswith("す。")
    assert _holder(chunks, "認定等の事実、認定日等").page == 2
    assert "なお" not in _holder(chunks, "認定等の事実、認定日等").text
    assert _holder(chunks, "なお、上記のデータ区分は").page == 3
    assert _holder(chunks, "交付決定日から実施期間").page == 4


# A 補助上限額 table drawn cell by cell (label cell, then its value cell beside it, higher up where
# the value takes two lines), and a two-column 対象 / 対象外 example table drawn column by column.
_TABLE_RUNS = [
    (60, 780, "(1)インボイス特例の適用要件について"),
    (60, 740, "概要"), (160, 756, "免税事業者が適格請求書発行事業者への転換に伴う"), (160, 740, "事業環境変化に対応する事業者を支援します。"),
    (60, 700, "要件"), (160, 704, "補助事業の終了時点で登録を受けていること。"),
    (60, 660, "補助上限"), (160, 660, "50万円"),
    (60, 620, "対象となる経費例"), (320, 620, "対象とならない経費例"),
    (60, 600, "・生産販売拡大のための鍋・オーブン"), (60, 584, "・新たなサービス提供のための製造機"),
    (320, 600, "汎用性が高く目的外使用になりえるもの"), (320, 584, "・古い機械装置等の撤去・廃棄費用"),
    (60, 540, "(2)賃金引上げ特例の適用要件について"), (60, 520, "事業場内最低賃金を50円以上引き上げること。"),
]


def test_table_cells_drawn_side_by_side_are_not_glued_together(tmp_path: Path) -> None:
    from tests.pdf_factory import positioned_pdf

    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    document = load_document(positioned_pdf(tmp_path / "koubo.pdf", _TABLE_RUNS), {}, settings)
    lines = document.pages[0].text.splitlines()
    # A one-line label cell stays in front of its value, as one line of the quote.
    assert "概要 免税事業者が適格請求書発行事業者への転換に伴う事業環境変化に対応する事業者を支援します。" in lines, lines
    assert "要件 補助事業の終了時点で登録を受けていること。" in lines, lines
    # The second column is not run on from the last line of the first (「…製造機汎用性が高く…」).
    assert "・新たなサービス提供のための製造機" in lines, lines
    assert "汎用性が高く目的外使用になりえるもの" in lines, lines
    chunks = chunk_document(document, settings.chunk_max_tokens, settings.chunk_min_tokens)
    assert _holder(chunks, "汎用性が高く").heading_path == ["(1)インボイス特例の適用要件について"]
    after = _holder(chunks, "事業場内最低賃金を50円")
    assert after.page == 1 and after.heading_path == ["(2)賃金引上げ特例の適用要件について"]


def test_circled_numbers_of_a_pdf_stay_as_printed_and_open_items(tmp_path: Path) -> None:
    page = ["2.5 補助対象要件", "以下の基本要件①~③を全て満たす事業計画を策定すること。",
            "①付加価値額の年平均成長率を3.0%以上増加させること。", "②給与支給総額の年平均成長率を2.0%以上増加させること。",
            "なお、主たる実施場所の最低賃金を、「基本要件", "③:事業所内最低賃金水準要件」の達成状況として報告してください。"]
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    document = load_document(cid_font_pdf(tmp_path / "koubo.pdf", [page]), {}, settings)
    lines = document.pages[0].text.splitlines()
    # A quote reads as the page does (NFKC printed 「基本要件1~3」, 「1付加価値額…」), each item on its
    # own line.
    assert "以下の基本要件①~③を全て満たす事業計画を策定すること。" in lines, lines
    assert "①付加価値額の年平均成長率を3.0%以上増加させること。" in lines, lines
    assert "②給与支給総額の年平均成長率を2.0%以上増加させること。" in lines, lines
    # A reference to ③ that a line break put at the start of a line stays inside its sentence.
    assert "なお、主たる実施場所の最低賃金を、「基本要件③:事業所内最低賃金水準要件」の達成状況として報告してください。" in lines, lines
    chunks = chunk_document(document, settings.chunk_max_tokens, settings.chunk_min_tokens)
    assert "①付加価値額" in _holder(chunks, "付加価値額の年平均成長率").text
    # Search normalises both sides: 「基本要件1」 typed with a plain digit still finds ①'s line.
    from advisor.index.analysis import index_terms

    assert set(index_terms("基本要件1~3")) <= set(index_terms(lines[1]))


def test_a_page_whose_positions_cannot_be_read_keeps_its_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PageObject

    plain = PageObject.extract_text

    def positions_fail(self: PageObject, *args: object, **kwargs: object) -> str:
        if kwargs.get("visitor_text"):
            raise TypeError("unsupported operand type(s) for *: 'NoneType' and 'float'")  # a broken matrix
        return plain(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", positions_fail)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    document = load_document(cid_font_pdf(tmp_path / "koubo.pdf", [["2.補助対象経費", "機械装置費は補助対象です。"]]), {}, settings)
    assert document.pages[0].text.splitlines() == ["2.補助対象経費", "機械装置費は補助対象です。"]
