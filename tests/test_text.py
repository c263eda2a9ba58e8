"""Japanese normalisation, line joining, page-number removal, sentence splitting, headings."""

from __future__ import annotations

import pytest

from advisor.text import (
    compact,
    drop_repeated_lines,
    heading_level,
    hiragana_to_katakana,
    nfkc,
    normalize_lines,
    normalize_text,
    split_sentences,
)


def test_nfkc_folds_width_and_kangxi_radicals() -> None:
    # Full-width Latin/digits, half-width katakana and the ideographic space are PDF/slide debris.
    assert nfkc("ＡＩ１２３") == "AI123"
    assert nfkc("ｶﾀｶﾅ") == "カタカナ"
    # U+2F08 KANGXI RADICAL MAN: NFKC alone maps it to 人.
    assert nfkc("\u2f08材") == "人材"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u2ed1期", "長期"),  # ⻑ CJK RADICALS SUPPLEMENT: NFKC leaves it, our table maps it
        ("\u2ec4日本", "西日本"),  # ⻄
        ("\u2ea0間", "民間"),  # ⺠
        ("神\u6236", "神戸"),  # 戶 (what NFKC makes of ⼾) -> 戸
        ("一\u6b65", "一歩"),  # 步 -> 歩
        ("1\u201a000", "1,000"),  # low-9 quote used as a thousands comma
    ],
)
def test_radical_supplement_and_variant_mapping(raw: str, expected: str) -> None:
    assert nfkc(raw) == expected


def test_compact_removes_all_whitespace_after_nfkc() -> None:
    assert compact(" Ａ Ｉ\n導入\u3000支援 ") == "AI導入支援"


def test_hiragana_to_katakana() -> None:
    assert hiragana_to_katakana("しょうりょくか") == "ショウリョクカ"
    assert hiragana_to_katakana("AIとロボ") == "AIトロボ"


def test_lines_broken_inside_a_sentence_are_joined() -> None:
    lines = ["中小企業の生産性を", "向上させるための", "支援です。", "次の文です。"]
    assert normalize_lines(lines) == ["中小企業の生産性を向上させるための支援です。", "次の文です。"]


def test_lines_are_not_joined_across_sentence_ends_bullets_and_headings() -> None:
    lines = ["第1章 総則", "この要領は", "補助金について定める。", "・対象者", "・対象経費", "(1) 補助率", "2分の1"]
    out = normalize_lines(lines)
    assert out[0] == "第1章 総則"  # heading stays on its own line
    assert out[1] == "この要領は補助金について定める。"
    assert "・対象者" in out and "・対象経費" in out  # each bullet starts a block
    assert out[-2] == "(1) 補助率"


@pytest.mark.parametrize("page_line", ["12", "- 3 -", "12/40", "P.5", "p 17", "　８　"])
def test_lone_page_numbers_are_dropped(page_line: str) -> None:
    assert normalize_lines(["本文です。", page_line, "続きです。"]) == ["本文です。", "続きです。"]


def test_subsidy_rate_fraction_is_not_taken_for_a_page_number() -> None:
    # "1/2" with a one-digit denominator is a rate in a flattened table, never "page 1 of 2".
    out = normalize_lines(["補助率", "", "1/2", "", "2/3"])
    assert "1/2" in out and "2/3" in out


def test_blank_lines_collapse_and_markdown_emphasis_goes() -> None:
    assert normalize_text("**重要**な点。\n\n\n\n次の段落。\n\n") == "重要な点。\n\n次の段落。"


def test_running_headers_are_dropped_when_repeated_on_most_pages() -> None:
    pages = [f"公募要領（第23次）\n本文{i}です。" for i in range(1, 6)]
    assert drop_repeated_lines(pages) == [f"本文{i}です。" for i in range(1, 6)]
    # Too few pages to tell a running header from content: left alone.
    assert drop_repeated_lines(pages[:2]) == pages[:2]


def test_sentence_split_keeps_closing_brackets_and_list_items() -> None:
    text = "補助率は1/2です。上限は1億円！「対象は？」と聞く。\n・項目A\n・項目B"
    assert split_sentences(text) == ["補助率は1/2です。", "上限は1億円！", "「対象は？」と聞く。", "・項目A", "・項目B"]


def test_sentence_split_does_not_break_inside_a_quote() -> None:
    assert split_sentences("「はい。」と答えた。次。") == ["「はい。」と答えた。", "次。"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("# 見出し", (1, "見出し")),
        ("### 小見出し", (3, "小見出し")),
        ("第1章 総則", (1, "第1章 総則")),
        ("第二章 補助対象", (1, "第二章 補助対象")),
        ("第2節 目的", (2, "第2節 目的")),
        ("1. 補助対象者", (3, "1. 補助対象者")),
        ("三、申請手続", (3, "三、申請手続")),
        ("2.3 補助対象事業", (4, "2.3 補助対象事業")),
        ("2.3.2 特例措置", (4, "2.3.2 特例措置")),
        ("（1）補助率", (5, "（1）補助率")),
        ("【補助上限額】", (5, "【補助上限額】")),
    ],
)
def test_heading_levels(line: str, expected: tuple[int, str]) -> None:
    assert heading_level(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "補助率は2分の1です。",  # a sentence
        "1.5億円",  # a decimal amount, not "1." numbering
        "2.5 倍",
        "1.5 億円",
        "3.0%以上",
        "(1)対象経費について説明します。",  # ends like a sentence
        "1. " + "あ" * 70,  # far too long for a heading
        "",
    ],
)
def test_plain_lines_are_not_headings(line: str) -> None:
    assert heading_level(line) is None
