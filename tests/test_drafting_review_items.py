"""Drafts follow the 審査項目 of the program's ingested 公募要領 (issue 10, item 6).

A generated PDF (reportlab, pypdf text as in the product) holds a review section whose items
straddle a page break; a draft for its program takes those items as headings, each with the page
it starts on, and puts the owner's words under the matching item. A program whose only guideline
has no review section, and a program with no guideline at all, keep the fixed headings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from advisor.chains.drafting import FIXED_SECTIONS, draft_section
from advisor.chains.grounding import figure_in, figures
from advisor.chains.review_items import review_criteria
from advisor.config import Settings
from advisor.ingest.indexer import ingest
from advisor.programs import load_catalog, parse_profile
from advisor.retrieval.hybrid import Retriever

from tests.conftest import make_settings
from tests.pdf_factory import cid_font_pdf

KOUBO_TITLE = "中小企業省力化投資補助金（一般型）公募要領（テスト版）"
# Page 1: purpose; page 2: the review section opens; page 3: it goes on, then the bonus items.
KOUBO_PAGES = [
    [
        "1. 事業の目的",
        "本事業は、人手不足に悩む中小企業等の省力化投資を支援するものです。",
        "2. 補助対象者",
        "中小企業者等であって、省力化の効果が見込まれる事業を行う者とします。",
    ],
    [
        "4. 審査",
        "4.1 審査項目",
        "申請書類に基づき、以下の審査項目に沿って審査を行います。",
        "審査項目 1:経営の状況",
        "○ 自社の経営資源と強み・弱みを分析しているか。",
        "審査項目 2:取組の課題と解決方策",
        "○ 省力化の課題が明確化され、課題に対する適切な解決方策が示されているか。",
    ],
    [
        "審査項目 3:省力化の効果",
        "○ 省力化の目標値が設定され、付加価値の向上が見込まれるか。",
        "審査項目 4:実施体制と資金",
        "○ 事業を遂行する体制があり、金融機関等からの資金調達が見込まれるか。",
        "4.2 加点項目",
        "○ 賃上げに取り組む事業者には加点を行います。",
    ],
]
KITEI_PAGES = [
    [
        "第1条 目的",
        "この規程は、補助金の交付に関し必要な事項を定めるものです。",
        "第2条 交付の対象",
        "補助の対象は、中小企業者等が行う事業とします。",
    ],
]
OWNER = ("静岡県の食品製造業です。従業員8人。検品に2人が毎日4時間かけていて人手が足りない。"
         "AI画像検査装置を導入して、検品の時間を半分にしたい。")


@pytest.fixture(scope="module")
def guideline_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Retriever]:
    root = tmp_path_factory.mktemp("review-items")
    koubo = cid_font_pdf(root / "shoryokuka_koubo_test.pdf", KOUBO_PAGES)
    kitei = cid_font_pdf(root / "digital_kitei_test.pdf", KITEI_PAGES)
    sources = root / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [
        {"id": "shoryokuka-koubo-test", "file": koubo.name, "title": KOUBO_TITLE, "issuer": "テスト事務局",
         "date": "2026-03-01", "date_precision": "day", "kind": "guideline", "program": "shoryokuka-ippan"},
        {"id": "digital-kitei-test", "file": kitei.name, "title": "デジタル化・AI導入補助金 交付規程（テスト版）",
         "issuer": "テスト事務局", "date": "2026-01-16", "date_precision": "day", "kind": "guideline",
         "program": "digital-ai-donyu"},
    ]}, allow_unicode=True), encoding="utf-8")
    settings = make_settings(root / "data")
    report = ingest(settings, [koubo, kitei], progress=False, sources_files=[sources])
    assert not report.failed, report.failed
    return settings, Retriever(settings)


def _headings(markdown: str) -> list[str]:
    return [ln[3:] for ln in markdown.splitlines() if ln.startswith("## ")]


def _section(markdown: str, heading_start: str) -> str:
    lines = markdown.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("## " + heading_start))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start + 1:end])


def test_review_items_are_read_with_their_pages(guideline_index: tuple[Settings, Retriever]) -> None:
    _settings, retriever = guideline_index
    criteria = review_criteria(retriever, "shoryokuka-ippan").criteria
    assert criteria is not None and criteria.source.id == "shoryokuka-koubo-test"
    assert [(i.heading, i.page) for i in criteria.items] == [
        ("審査項目 1：経営の状況", 2), ("審査項目 2：取組の課題と解決方策", 2),
        ("審査項目 3：省力化の効果", 3), ("審査項目 4：実施体制と資金", 3),
    ]
    # The bonus item after 「4.2 加点項目」 is not a review item's point.
    assert "自社の経営資源と強み・弱みを分析しているか。" in criteria.items[0].points[0].text
    assert not any("加点" in p.text for i in criteria.items for p in i.points)


def test_draft_headings_follow_the_review_items_with_their_page(guideline_index: tuple[Settings, Retriever]) -> None:
    settings, retriever = guideline_index
    draft = draft_section("中小企業省力化投資補助金（一般型）", parse_profile(OWNER).profile, "", settings=settings,
                          retriever=retriever, catalog=load_catalog(settings))
    md = draft.markdown
    items = [h for h in _headings(md) if h.startswith("審査項目")]
    assert [re.sub(r"\[\d+\]$", "", h) for h in items] == [
        "審査項目 1：経営の状況（2ページ）", "審査項目 2：取組の課題と解決方策（2ページ）",
        "審査項目 3：省力化の効果（3ページ）", "審査項目 4：実施体制と資金（3ページ）",
    ]
    for heading, _blocks in FIXED_SECTIONS:
        assert heading not in _headings(md)
    # Each heading's marker cites the guideline on that page, so the owner can open it.
    for heading in items:
        citation = draft.citations[int(re.search(r"\[(\d+)\]$", heading).group(1)) - 1]
        assert citation.title == KOUBO_TITLE and citation.issuer == "テスト事務局" and citation.date == "2026-03-01"
        assert f"（{citation.page}ページ）" in heading
    assert f"[{draft.citations.index(next(c for c in draft.citations if c.page == 3)) + 1}] {KOUBO_TITLE}" in md
    # The owner's words sit under the item they are about.
    assert "解決したい課題：検品に2人が毎日4時間かけていて人手が足りない" in _section(md, "審査項目 2")
    assert "導入する技術・設備：AI画像検査装置" in _section(md, "審査項目 2")
    assert "現状の指標：検品に2人が毎日4時間かけていて人手が足りない（ご本人の記載）" in _section(md, "審査項目 3")
    assert "従業員数：8人" in _section(md, "審査項目 1")
    assert "自己負担分の資金調達：【要記入：" in _section(md, "審査項目 4")
    # Unknown figures stay visible; no figure the owner or a cited passage did not give.
    assert "【要記入：総投資額（税抜）】" in draft.placeholders
    assert "【要記入：直近期の売上高】" in draft.placeholders
    body = md.split("## 参考資料")[0]
    for fig in figures(body):
        assert figure_in(fig, "検品に2人が毎日4時間 8人 半分") or any(figure_in(fig, c.passage) for c in draft.citations), fig
    data = draft.to_dict()
    assert data["structure"] == "review_items"
    assert data["review_criteria"]["source_id"] == "shoryokuka-koubo-test"
    assert [i["page"] for i in data["review_criteria"]["items"]] == [2, 2, 3, 3]


def test_a_guideline_without_review_items_keeps_the_fixed_headings(guideline_index: tuple[Settings, Retriever]) -> None:
    settings, retriever = guideline_index
    draft = draft_section("デジタル化・AI導入補助金", parse_profile("小売業、従業員10人").profile, "", settings=settings,
                          retriever=retriever, catalog=load_catalog(settings))
    assert [h for h in _headings(draft.markdown) if h[0].isdigit() and not h.startswith("0.")] == [h for h, _ in FIXED_SECTIONS]
    assert "審査項目の記載が見つからなかった" in draft.markdown and "交付規程（テスト版）" in draft.markdown
    assert draft.to_dict()["structure"] == "fixed" and draft.to_dict()["review_criteria"] is None


def test_no_guideline_keeps_the_fixed_headings(built_settings: Settings, retriever: Retriever) -> None:
    draft = draft_section("ものづくり補助金", parse_profile("製造業、従業員30人").profile, "", settings=built_settings,
                          retriever=retriever, catalog=load_catalog(built_settings))
    headings = _headings(draft.markdown)
    for heading, _blocks in FIXED_SECTIONS:
        assert heading in headings
    assert not any(h.startswith("審査項目") for h in headings)
    assert "公募要領が資料に取り込まれていない" in draft.markdown
    assert "【要記入：対象業務の作業時間・工数・不良率などの現状値】" in draft.placeholders
