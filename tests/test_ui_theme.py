"""Theme: local Japanese fonts only (nothing fetched), readable contrast, safe brand colours."""

from __future__ import annotations

from advisor.config import Settings
from advisor.ui.render import cards_html, citations_html, escape_chat
from advisor.ui.theme import DEFAULT_PRIMARY, brand_primary, build_theme, contrast_ratio, safe_color, text_on


def test_theme_uses_system_fonts_without_stylesheets(tmp_path) -> None:
    theme = build_theme(Settings(data_dir=tmp_path))
    assert theme._stylesheets == []  # a GoogleFont would add a fonts.googleapis.com stylesheet here
    assert "Noto Sans CJK JP" in theme._font and "Hiragino Sans" in theme._font


def test_brand_colour_must_be_readable_with_white_text(tmp_path) -> None:
    assert contrast_ratio(DEFAULT_PRIMARY, "#ffffff") >= 4.5
    assert brand_primary(Settings(data_dir=tmp_path, brand_primary_color="#7a1f3d")) == "#7a1f3d"
    assert brand_primary(Settings(data_dir=tmp_path, brand_primary_color="#ffee00")) == DEFAULT_PRIMARY
    assert safe_color("red; background:url(x)") == DEFAULT_PRIMARY
    assert text_on("#ffee00") == "#111827" and text_on("#1d4f91") == "#ffffff"


def test_rendered_fragments_escape_everything() -> None:
    evil = '<img src=x onerror="alert(1)">'
    assert "<img" not in escape_chat(evil) and "&lt;img" in escape_chat(evil)
    assert escape_chat("5万円~150万円") == "5万円\\~150万円"  # a range, not strikethrough
    assert escape_chat("**補助金（一般型）**について") == "<strong>補助金（一般型）</strong>について"
    assert escape_chat("**<script>**") == "<strong>&lt;script&gt;</strong>"
    html = citations_html([{"title": evil, "issuer": evil, "date": "2026-06", "page": 3, "passage": evil}])
    assert "<img" not in html and "2026年6月" in html and "3ページ" in html
    card = cards_html([{"program": evil, "status": "fit", "reasons": [
        {"outcome": "pass", "explanation": evil, "citation": {"title": evil, "passage": evil}}]}])
    assert "<img" not in card and "対象となりうる" in card
