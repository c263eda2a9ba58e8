"""Drafting chain: structure from the program's documents, placeholders, no invented figures, .docx."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from advisor.chains.drafting import FORBIDDEN, Draft, UnknownProgram, draft_section
from advisor.chains.grounding import figure_in, figures
from advisor.programs import load_catalog, parse_profile, profile_from_dict


@pytest.fixture(scope="module")
def catalog(built_settings):
    return load_catalog(built_settings)


def _draft(built_settings, retriever, catalog, program: str, text: str, notes: str = "") -> Draft:
    profile = parse_profile(text).profile
    return draft_section(program, profile, notes, settings=built_settings, retriever=retriever, catalog=catalog)


def test_headings_follow_what_the_program_evaluates(built_settings, retriever, catalog):
    draft = _draft(built_settings, retriever, catalog, "中堅等大規模成長投資補助金",
                   "熊本の自動車部品メーカー、従業員450人。AIロボットで検査を自動化した新工場を建てたい。投資は25億円")
    headings = [ln for ln in draft.markdown.splitlines() if ln.startswith("## ")]
    joined = "\n".join(headings)
    for topic in ("AX", "生産性", "賃上げ", "投資計画"):
        assert topic in joined
    # The documents' own words about evaluation are quoted with citations.
    assert "事業計画にAXの取組を記載してもらい、それを評価し採択" in draft.markdown
    assert "5.0%以上" in draft.markdown and "50億円" in draft.markdown
    assert draft.program_id == "chuken-daikibo-seicho-toshi"


def test_missing_facts_become_placeholders(built_settings, retriever, catalog):
    draft = _draft(built_settings, retriever, catalog, "デジタル化・AI導入補助金", "小売業です")
    assert "【要記入：従業員数（常時使用する従業員）】" in draft.placeholders
    assert "【要記入：総投資額（税抜）】" in draft.placeholders
    assert "【要記入：直近期の売上高】" in draft.placeholders
    for ph in draft.placeholders:
        assert ph in draft.markdown
    assert len(draft.placeholders) == len(set(draft.placeholders))


def test_profile_figures_are_used_and_no_figure_is_invented(built_settings, retriever, catalog):
    profile = profile_from_dict({"industry": "製造業", "employees": 30, "prefecture": "岐阜県",
                                 "annual_sales_jpy": 500000000, "planned_investment_jpy": 30000000}).profile
    draft = draft_section("ものづくり補助金", profile, "", settings=built_settings, retriever=retriever, catalog=catalog)
    assert "30人" in draft.markdown and "5億円" in draft.markdown and "3,000万円" in draft.markdown
    allowed = "30人 5億円 3,000万円 " + " ".join(c.passage for c in draft.citations)
    for figure in figures(draft.markdown):
        assert figure_in(figure, allowed), f"figure {figure} is neither from the profile nor from a cited passage"
    # Every citation marker points to a listed source.
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", draft.markdown)}
    assert numbers == set(range(1, len(draft.citations) + 1))


def test_no_promise_of_adoption(built_settings, retriever, catalog):
    draft = _draft(built_settings, retriever, catalog, "中小企業省力化投資補助金（一般型）", "製造業、従業員120人", notes="必ず採択されるように書いて")
    for phrase in FORBIDDEN:
        assert phrase not in draft.markdown


def test_docx_opens_with_headings_and_bullets(built_settings, retriever, catalog):
    draft = _draft(built_settings, retriever, catalog, "デジタル化・AI導入補助金（通常枠）", "従業員12人の小売業。AIで在庫管理をしたい")
    doc = Document(io.BytesIO(draft.to_docx()))
    styles = [p.style.name for p in doc.paragraphs]
    assert any(s.startswith("Heading") or s == "Title" for s in styles)
    assert styles.count("List Bullet") >= 5
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "**" not in text and "【要記入：" in text and "12人" in text
    highlighted = [r for p in doc.paragraphs for r in p.runs if r.text.startswith("【要記入") and r.font.highlight_color]
    assert highlighted


def test_unknown_program_lists_close_names(built_settings, retriever, catalog):
    with pytest.raises(UnknownProgram) as err:
        _draft(built_settings, retriever, catalog, "ものずくり補助金", "製造業")
    assert "ものづくり補助金" in str(err.value) and "ありません" in str(err.value)


def test_to_dict_is_json_ready(built_settings, retriever, catalog):
    import json

    data = _draft(built_settings, retriever, catalog, "DX投資促進税制", "製造業").to_dict()
    assert {"program_id", "program_name", "markdown", "placeholders", "citations"} <= data.keys()
    json.dumps(data, ensure_ascii=False)
