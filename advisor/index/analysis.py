"""Japanese analysis shared by lexical and dense retrieval: Sudachi tokens and query expansion.

Owners type queries the documents never spell: hiragana (「しょうりょくか」), English
("subsidy rate"), synonyms (助成金 for 補助金). Three cheap bridges close most of that gap:
- every content morpheme is indexed with its katakana reading and its SudachiDict synonym
  group ids as extra tokens;
- kana runs in a query are matched against the corpus's own readings and the kanji spellings are
  added (しょうりょくか → 省力化), with a dictionary built at ingest time from the corpus;
- Latin words are looked up in a small bilingual glossary of the domain's terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from advisor.text import hiragana_to_katakana, nfkc, sudachi_tokenizer

_SKIP_POS = {"助詞", "助動詞", "補助記号", "空白", "記号", "代名詞", "接続詞", "感動詞"}
# Question scaffolding carries no topic: 何, どう, いくら, ある, する, 教える …
_SKIP_SUBPOS = {"非自立可能", "疑問詞"}
_STOP_WORDS = {"何", "どう", "いくら", "どれ", "どの", "どんな", "ある", "する", "いる", "なる", "できる", "教える",
               "言う", "思う", "ます", "です", "もの", "こと", "ため", "よう", "それぞれ", "ほしい", "たい", "くらい", "ぐらい"}
_KANJI = re.compile(r"[\u3400-\u9fff々]")
_KANA_RUN = re.compile(r"[ぁ-ゖァ-ヺー]{3,}")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")
_MIN_READING_CHARS = 3
GLOSSARY_FILE = Path(__file__).with_name("glossary.yaml")
# Bump when index_terms changes: stored term lists of older indexes are then recomputed.
ANALYSIS_VERSION = 4

# One Sudachi dictionary per process, a tokenizer per thread: shared with advisor.inbound's name masking.
_tokenizer = sudachi_tokenizer


def _modes():
    from sudachipy import SplitMode

    return SplitMode.C, SplitMode.A


@dataclass(frozen=True)
class Morpheme:
    surface: str
    normalized: str
    reading: str
    pos: str
    synonym_groups: tuple[int, ...]


def morphemes(text: str) -> list[Morpheme]:
    """Content morphemes in split mode C, each followed by its mode-A parts when it has several."""
    mode_c, mode_a = _modes()
    out: list[Morpheme] = []
    text = nfkc(text)
    # Sudachi rejects inputs over ~49k bytes; analyse long texts by lines.
    for piece in _pieces(text):
        for m in _tokenizer().tokenize(piece, mode_c):
            pos_info = m.part_of_speech()
            pos = pos_info[0]
            if pos in _SKIP_POS or pos_info[1] in _SKIP_SUBPOS or m.normalized_form() in _STOP_WORDS:
                continue
            out.append(Morpheme(m.surface(), m.normalized_form().lower(), m.reading_form(), pos, tuple(m.synonym_group_ids())))
            parts = m.split(mode_a)
            if len(parts) > 1:
                for p in parts:
                    if p.part_of_speech()[0] in _SKIP_POS:
                        continue
                    out.append(Morpheme(p.surface(), p.normalized_form().lower(), p.reading_form(), p.part_of_speech()[0], tuple(p.synonym_group_ids())))
    return out


def _pieces(text: str, limit: int = 12000) -> Iterable[str]:
    if len(text.encode("utf-8")) < 40000:
        yield text
        return
    buf = ""
    for line in text.splitlines(keepends=True):
        if len(buf) + len(line) > limit and buf:
            yield buf
            buf = ""
        while len(line) > limit:
            yield line[:limit]
            line = line[limit:]
        buf += line
    if buf:
        yield buf


def index_terms(text: str) -> list[str]:
    """Terms indexed for a passage: words (w:), katakana readings (r:), synonym groups (g:)."""
    return analyze_passage(text)[0]


def analyze_passage(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Index terms of a passage, and the (katakana reading, kanji spelling) pairs in it that let
    kana-typed queries find kanji terms; one Sudachi pass for both."""
    terms: list[str] = []
    readings: list[tuple[str, str]] = []
    for m in morphemes(text):
        terms.append("w:" + m.normalized)
        if len(m.reading) >= 2 and m.reading != m.surface:
            terms.append("r:" + m.reading)
        terms.extend(f"g:{g}" for g in m.synonym_groups)
        if len(m.reading) >= _MIN_READING_CHARS and _KANJI.search(m.surface):
            readings.append((m.reading, m.surface))
    return terms, readings


@lru_cache(maxsize=1)
def _glossary_file() -> dict:
    return yaml.safe_load(GLOSSARY_FILE.read_text(encoding="utf-8")) or {}


def glossary() -> dict[str, list[str]]:
    return {str(k).lower(): [str(v) for v in vs] for k, vs in _glossary_file().get("terms", {}).items()}


def owner_terms() -> dict[str, list[str]]:
    return {nfkc(str(k)): [str(v) for v in vs] for k, vs in _glossary_file().get("ja_terms", {}).items()}


def _owner_expansion(query: str) -> list[str]:
    return [term for phrase, terms in owner_terms().items() if phrase in query for term in terms]


_EN_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(trillion|billion|million|thousand)\b", re.IGNORECASE)
_EN_SCALE = {"trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3}


def _japanese_amount(value: float) -> str:
    """3e9 -> 30億, 1.5e6 -> 150万: how the documents write amounts."""
    if value >= 10**12 and value % 10**12 == 0:
        return f"{int(value // 10**12)}兆"
    if value >= 10**8:
        oku = value / 10**8
        return f"{oku:g}億"
    if value >= 10**4:
        return f"{value / 10**4:g}万"
    return f"{value:g}"


def _english_expansion(query: str) -> list[str]:
    words = [w.lower() for w in _LATIN_WORD.findall(query)]
    if not words:
        return []
    table = glossary()
    added: list[str] = [
        _japanese_amount(float(num) * _EN_SCALE[scale.lower()]) + ("円" if "yen" in query.lower() else "")
        for num, scale in _EN_AMOUNT.findall(query)
    ]
    # Longest phrases first (up to three words) so "small business" wins over "business".
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            phrase = " ".join(words[i : i + n])
            if len(words[i : i + n]) == n and phrase in table:
                added.extend(table[phrase])
                i += n
                break
        else:
            singular = words[i].rstrip("s") if len(words[i]) > 3 else words[i]
            added.extend(table.get(singular, []))
            i += 1
    return added


def _kana_expansion(query: str, readings: dict[str, str]) -> list[str]:
    if not readings:
        return []
    added: list[str] = []
    longest = max((len(r) for r in readings), default=0)
    for run in _KANA_RUN.findall(query):
        kata = hiragana_to_katakana(run)
        i = 0
        while i < len(kata):
            for n in range(min(longest, len(kata) - i), _MIN_READING_CHARS - 1, -1):
                spelling = readings.get(kata[i : i + n])
                if spelling:
                    added.append(spelling)
                    i += n
                    break
            else:
                i += 1
    return added


def expand_query(query: str, readings: dict[str, str] | None = None) -> str:
    """The query plus kanji spellings of kana-typed terms and Japanese terms for English words."""
    query = nfkc(query)
    extra = _kana_expansion(query, readings or {}) + _english_expansion(query) + _owner_expansion(query)
    return f"{query} {' '.join(dict.fromkeys(extra))}" if extra else query


# A sentence that asks: ends with a question mark or a question / request ending (〜か, 〜の,
# 〜ください, 〜たい, 〜いい), before any closing punctuation.
# (「…対象にならないんでしたっけ。」「…かしら。」 ask too)
_ASKING_END = re.compile(r"(か|かな|の|っけ|かしら|ください|下さい|たい|いい)[。？?!！]*$|[？?]$")
_SENTENCE_BREAK = re.compile(r"(?<=[。？?!！])")


def split_sentences(query: str) -> list[str]:
    """The sentences of a message (NFKC), cut after 。？?!！."""
    return [s for s in _SENTENCE_BREAK.split(nfkc(query).strip()) if s.strip()]


def asking_sentences(query: str) -> list[str]:
    """The sentences of a message of several sentences that ask (or its last one when none
    does), NFKC; [] for a one-sentence message and for one whose every sentence asks. Owners often put context first (「うちは従業員
    30人の食品工場です。外から人を採るのは難しい。…学び直しも後押ししているんですか？」): the
    context's words are real but secondary, and a bag of words weighs them like the question's."""
    sentences = split_sentences(query)
    if len(sentences) < 2:
        return []
    asking = [s for s in sentences if _ASKING_END.search(s.strip())]
    if len(asking) == len(sentences):
        return []  # every sentence asks: no context to weigh down (and no second e5 query)
    return asking or sentences[-1:]


_COMPARISON_CUE = re.compile(r"それぞれ|違い|違う|比べ|比較|両方|ともに|各々|どちら|\beach\b|\bboth\b|differen|compare", re.IGNORECASE)
_PAIR = re.compile(r"^(?P<pre>.*?)(?P<a>[^、,。？?!！\s]+?)(?:と|や|及び|および|\band\b)(?P<b>[^、,。？?!！\sのはがをにでもへ]+)(?P<rest>.*)$")


def split_comparison(query: str) -> list[str]:
    """Sub-queries for a question about two things ("AとBの補助率はそれぞれ…"), one per thing
    with the shared predicate; [] when the question does not compare. Each thing's passage can
    then reach the top results instead of five passages about whichever thing dominates."""
    query = nfkc(query)
    if not _COMPARISON_CUE.search(query):
        return []
    m = _PAIR.match(query)
    if not m or len(m.group("a")) < 2 or len(m.group("b")) < 2:
        return []
    pre, a, b, rest = m.group("pre"), m.group("a"), m.group("b"), m.group("rest")
    rest = _COMPARISON_CUE.sub(" ", rest)
    return [f"{pre}{a}{rest}".strip(), f"{pre}{b}{rest}".strip()]
