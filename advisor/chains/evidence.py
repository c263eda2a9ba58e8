"""Evidence selection: from retrieved chunks and catalog facts to the sentences worth quoting.

Retrieval returns 450-token chunks; an owner needs the two or three sentences in them that answer
the question. Sentences are scored by the question's terms they contain (IDF-weighted with the
index's own statistics, the chunk's heading counting at half weight because "補助上限額:50億円"
only names its program in the heading), plus a small prior for the chunk's retrieval rank.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from advisor.chains.grounding import clean_sentence, figure_in, figures, resolve_relative_dates
from advisor.retrieval.lexical import FIELD_WEIGHTS  # words count more than readings and synonyms, as in BM25
from advisor.index.analysis import asking_sentences
from advisor.index.analysis import split_sentences as message_sentences
from advisor.text import breaks_inside_word, close_word_gaps, compact, nfkc, split_sentences, whole_words
from advisor.types import Citation, ScoredChunk

# Relevance gate for "the documents do not cover this". Calibrated on evals/datasets/retrieval.jsonl
# against the not_in_documents questions of out_of_scope.jsonl (see evals/README.md, chains
# section): the share of the question's IDF mass found in the best chunk does not separate the two
# (paraphrases in owners' words score as low as uncovered questions), but a question naming a
# thing the corpus has never mentioned (雇用調整助成金, 青色申告, 特許) is reliably uncovered.
MIN_COVERAGE = 0.08
MIN_BM25 = 3.0
# Named things: an unknown noun ending like a program/legal term, or directly followed by one.
_NAME_SUFFIX = ("助成金", "補助金", "給付金", "交付金", "制度", "税", "法", "控除", "認定", "申告", "登記", "保険",
                "特許", "出願", "実習", "資格", "試験", "手当", "融資", "法人", "コース", "組合", "免許", "許可")
_NAME_HEADS = {"補助金", "助成金", "給付金", "交付金", "制度", "税制", "認定", "保険", "法", "税", "控除", "コース"}
# A sentence is quoted only when it carries at least this share of the best sentence's score.
RELATIVE_CUTOFF = 0.3
MAX_PER_CHUNK = 4
RANK_PRIOR = 0.08
TOP_CHUNKS = 3
LEADER_CUTOFF = 0.3
MAX_SENTENCE_CHARS = 220
MAX_CAVEATS = 2
# Notes that belong to the sentence before them: ※ caveats, (参考) lines such as
# 「(参考) 現行緑地基準:20%以上」 after the rule that changes it, and examples 「(例:無人駐車場…)」.
_CAVEAT = re.compile(r"^\s*(?:[-・]\s*)?(?:※|[(（]参考[)）]|[(（]?例[)）:：])")
# A slide's table-row label (「グローバル市場開拓枠」) says nothing without the line that follows it.
LABEL_MAX_CHARS = 20
# A heading-like line (「(中小企業AX促進ネットワーク構想の概要 ※詳細検討中)」「AI時代に対応したリスキリング
# 支援」) is no answer either: what it announces is in the lines under it.
HEADING_LINE_MAX_CHARS = 40
# Sentences that continue the one before them and change what it means: an exception (ただし…), a
# rider (なお…), or a sentence about "this" (これには…含まれません, この場合…). Quoted after the
# sentence they qualify, like ※ caveats; a rule quoted without its exception misleads.
_CONTINUATION = re.compile(r"^\s*(?:[-・]\s*)?(?:ただし|但し|なお|尚、|これ(?:に|は|ら)|この場合|その場合|その際)")

# Questions about amounts and rates prefer sentences with figures.
_ASKS_FIGURE = re.compile(r"いくら|どれくらい|どのくらい|なんぼ|何割|負担|規模|金額|上限|最大|何円|何万|何億|補助率|何%|何％|率は|割合|何人|何名|人数|額は|いくつ|how much|rate|cap|maximum", re.I)
# A threshold named as the figure asked (「投資額の最低ラインはいくら」「下限は」): 上限's other side, stated by the documents as
# 「投資額20億円以上」 — the figure asked for, not a thing the documents must name (NOTES.md "s42-en2")
_THRESHOLD_WORD = re.compile(r"下限|最低(?:ライン|額|金額|限|基準)|ボーダー(?:ライン)?|足切り|minimum|threshold", re.I)
_NOISE_SENTENCE = re.compile(r"^(?:\(出所\)|\(注\)|出所|出典|資料[:：]|https?://)")
# What a sentence must show to answer the slot the understanding module read in the question.
_SLOT_SIGNS: dict[str, re.Pattern[str]] = {
    "amount": re.compile(r"\d\s*(?:兆|億|千万|百万|万|千)?\s*円"),
    "rate": re.compile(r"\d\s*/\s*\d|\d\s*分の\s*\d|\d\s*[%％]|定額"),
    "date": re.compile(r"\d{1,2}\s*月|\d{4}\s*年|年度|締切|締め切り|期限|期間|頃"),
    "eligibility": re.compile(r"対象|要件|満たす|限る|限り|除く|できません|できない|不可|認められ"),
    "expenses": re.compile(r"経費|費用|購入費|外注費|委託費|利用料|対象外"),
    "procedure": re.compile(r"申請|提出|手続|電子申請|jGrants|GビズID|登録"),
    "definition": re.compile(r"とは|をいう|を指す|のこと|定義|目的"),
}
SLOT_BONUS = 0.15  # as much as the former "any figure" bonus of a how-much question
# Words (対象, 経費, 申請…) tell less than a figure does, and the slot read from wording can be wrong
# (「費用のどれくらいを国が負担？」 reads as expenses but asks for a rate).
WORD_SLOT_BONUS = 0.05
_FIGURE_SLOTS = {"amount", "rate", "date"}
# A yes/no question about what is allowed (「…登録できますか」「…払っても問題ないですか」「…売っても大丈夫？」)
# (not 「どの制度がいいですか」: a recommendation) is answered by the sentence that allows or forbids (「製造事業者が販売事業者を兼務することが可能」,
# 「支払元口座は、必ず補助事業者の口座とし」), which often shares fewer words with it than the
# procedure around it. Chosen on dev (session 18): 0.2 and 0.3 gained guideline_clauses gc25 and
# lost nothing on the five answer sets; 0.1 and 0.15 changed nothing.
_ASKS_PERMISSION = re.compile(r"(?:でき(?:ます|る|ない|ません)|出来(?:ます|る)|可能|大丈夫|問題(?:ない|ありません)|[てで]も(?:いい|よい|良い)|構いません|かまいません|認められ(?:ます|る)|ダメ|だめ|OK|許され(?:ます|る))(?:です|でしょう)?(?:か|の)?[?？]?\s*$")
_PERMISSION_SIGN = re.compile(r"可能|できる|できます|できない|できません|不可|認め|必ず|必須|限る|限ります|禁止|してはならない|差し支え")
PERMISSION_BONUS = 0.2
# The sentence that defines a term of the question answers it, whatever the question's form
# (「基準年度はいつを設定すれば…」 → 「…その直前の事業年度を基準年度とします」, 「5W1Hって何のこと」 →
# 「5W1H(施策の意義、内容…のことをいう)」): a term is a run of kanji, katakana or Latin letters in the
# question, and a sentence defines it when it says 「…をTとする」「Tとは」「T(…をいう)」.
# Chosen on dev (session 19): 0.2 and 0.4 gained FAQ mf3-01 and lost nothing on the five answer
# sets; 0.4 also makes the definition the answer's first sentence when the sentences around it
# share more words with the question. Seven fresh definition rows (guideline_clauses gc53–gc59,
# written first) passed with and without it: owners usually name the term, which words find.
_TERM_RUN = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9々ー]{2,}")
DEFINITION_BONUS = 0.4


def question_terms(question: str) -> list[str]:
    """Runs of kanji, katakana or Latin letters in the question, longest first (its candidate terms)."""
    return sorted(set(_TERM_RUN.findall(nfkc(question))), key=len, reverse=True)


def defines(term: str, sentence: str) -> bool:
    """Whether ``sentence`` defines ``term`` (「…を基準年度とします」「基準年度とは」「基準年度(…をいう)」)."""
    t = re.escape(compact(term))
    s = compact(nfkc(sentence))
    return bool(re.search(rf"を[「『]?{t}[」』]?と(?:し|する|いう|いい|定め|定義)|{t}[」』]?とは|"
                          rf"{t}[」』]?(?:\(|（|は|とは)[^。]{{0,120}}(?:をいう|を指す|のことをいう|のことです|と定義)", s))


# The terms of a message's context sentences (before the asking ones, advisor.index.analysis.
# asking_sentences) weigh this much in a sentence's score; the asking sentences' fully. Chosen on dev
# (session 19) on s19-retr's long-message rows: 0.5 gained guideline_clauses gc50 and lost nothing;
# 0.3 traded holdout h073 for h056. Applied only when the message ends asking (FAQ mf2-05 lists the
# things it asks about after the question).
CONTEXT_TERM_WEIGHT = 0.5
QUESTION_FIGURE_BONUS = 0.1  # 「従業員5人の町工場」 → the row 「5人以下 750万円」
# 「どれくらいの会社や団体が入っているんですか」 counts 会社 and 団体: a sentence that puts a number right
# before one of them (or a word of its synonym group: 「約170の企業、団体が加盟」) states the count.
_COUNTED = re.compile(r"(?:(?:どれ(?:くらい|ぐらい)|どの(?:くらい|ぐらい)|いくつ)の?|何の)([\u4e00-\u9fff\u30a0-\u30ff]{2,8})(?:や([\u4e00-\u9fff\u30a0-\u30ff]{2,8}))?")
_NUMBER_THEN = re.compile(r"\d[\d,.]*\s*(?:[万億千百]\s*)?(?:の|もの)?\s*(.{1,8})")
COUNTED_BONUS = 0.15


def counted_terms(question: str) -> frozenset[str]:
    """Word and synonym-group terms of the nouns a how-many question counts (see _COUNTED)."""
    out: set[str] = set()
    for m in _COUNTED.finditer(nfkc(question)):
        for noun in m.groups():
            if noun:
                out |= {t for t in _terms(noun) if t.startswith(("w:", "g:"))}
    return frozenset(out)


def states_count(counted: frozenset[str], sentence: str) -> bool:
    return any(counted & _terms_cached(m.group(1)) for m in _NUMBER_THEN.finditer(nfkc(sentence)))


# 「何社ぐらい熊本に進出した」「何機関くらい」「何地域選ばれた」「年に何回」: the counter after 何 is what is
# counted; a sentence with a number right before it (「68社が熊本進出」「90機関が参加」) states the count.
# Two characters or the first one (「何回募集」 is read 回募, then 回). Not 何故/何卒/何処/何事/何物.
_COUNTER_ASKED = re.compile(r"(?:何|なん)(?![故卒処事物])([\u4e00-\u9fff\u30a0-\u30ff%]{1,2})")
_NUMBER = r"\d[\d,.]*\s*(?:[万億千百]\s*)?"


def counters_asked(question: str) -> tuple[str, ...]:
    """The counters a 「何＋counter」 question asks for (see _COUNTER_ASKED), longest first."""
    out: list[str] = []
    for m in _COUNTER_ASKED.finditer(nfkc(question)):
        out.extend(c for c in (m.group(1), m.group(1)[:1]) if c not in out)
    return tuple(out)


# 「何社くらい加盟してる」 counts companies as 「どれくらいの企業が」 does, and the documents count them as
# 「約170の企業、団体が加盟」 as often as 「68社が」: the noun right after the number (「170の企業」), not one a few
# characters on (「1,090件、中小企業」 counts 件).
_COUNTER_NOUNS = {"社": ("企業", "会社")}


def states_counter(counters: tuple[str, ...], sentence: str) -> bool:
    text = nfkc(sentence)
    return any(re.search(_NUMBER + re.escape(c), text) for c in counters) or any(
        re.search(_NUMBER + r"(?:の|もの)?\s*" + re.escape(noun), text)
        for c in counters for noun in _COUNTER_NOUNS.get(c, ()))



# A yes/no question is one without an interrogative word (「…中古品も対象になる？」「…家賃は出ますか？」).
_WH_WORD = re.compile(r"いくら|いつ|何|なに|なん[でのだ]|どう|どんな|どの|どこ|どれ|どちら|どっち|誰|だれ|なぜ|いくつ|"
                      r"\b(?:how|what|when|which|who|why|where)\b", re.I)
_QUESTION_END = re.compile(r"(?:[?？]|か|かな|かね|の)\s*$")


def asks_yes_no(question: str) -> bool:
    """A question without an interrogative word, not a request (「…を教えて」)."""
    q = nfkc(question).strip()
    return bool(_QUESTION_END.search(q)) and not _WH_WORD.search(q)


def shows_slot(slot: str, text: str) -> bool:
    """Whether a sentence shows what a figure slot asks for (a yen amount, a rate, a date)."""
    return slot in _FIGURE_SLOTS and bool(_SLOT_SIGNS[slot].search(nfkc(text)))


def _terms(text: str) -> set[str]:
    from advisor.index.analysis import index_terms

    return set(index_terms(text))


@lru_cache(maxsize=4096)
def _terms_cached(text: str) -> frozenset[str]:
    return frozenset(_terms(text))


class Idf:
    """IDF of index terms from the retriever's BM25 statistics (unknown terms: maximal IDF)."""

    def __init__(self, retriever) -> None:
        self._vocab: dict[str, int] = {}
        self._idf = np.zeros(0)
        self._max = 1.0
        try:
            lexical = retriever._state().lexical  # the BM25 index already holds document frequencies
        except Exception:  # noqa: BLE001 - any retriever without BM25 statistics: flat weights
            return
        df = np.asarray(lexical.matrix.getnnz(axis=0), dtype=np.float64)
        n = max(1, lexical.n_docs)
        self._vocab = lexical.vocabulary
        self._idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        self._max = float(math.log(1.0 + (n + 0.5) / 0.5))

    def known(self, term: str) -> bool:
        return term in self._vocab

    def __call__(self, term: str) -> float:
        col = self._vocab.get(term)
        base = self._max if col is None else float(self._idf[col])
        return base * FIELD_WEIGHTS.get(term[:1], 1.0)


# Keyed on the loaded index (what the IDF is computed from), not on the retriever object: program-
# scoped views of one retriever (a new object per evaluation row) share one entry. The loaded state
# is held with its IDF so that its id cannot be reused while cached; a handful of generations at most.
_IDF_CACHE: dict[int, tuple[object, Idf]] = {}
_IDF_CACHE_MAX = 4


def idf_for(retriever) -> Idf:
    try:
        state = retriever._state()
    except Exception:  # noqa: BLE001
        state = None
    cached = _IDF_CACHE.get(id(state))
    if cached is not None and cached[0] is state:
        return cached[1]
    idf = Idf(retriever)
    if len(_IDF_CACHE) >= _IDF_CACHE_MAX:
        _IDF_CACHE.clear()
    _IDF_CACHE[id(state)] = (state, idf)
    return idf


@dataclass
class Evidence:
    """One quotable sentence and where it comes from."""

    text: str  # as shown (cleaned, relative dates resolved)
    original: str  # as in the document (for the citation passage)
    citation: Citation  # passage filled in per group by ``group_citations``
    key: str  # grouping key: chunk id or catalog fact id
    group: str  # heading shown above the sentence (program name or section)
    score: float
    rank: int  # retrieval rank of its chunk (catalog facts: 0)
    order: int  # position in its chunk
    has_figure: bool = False
    note: bool = False  # quoted only with the sentence before it (a caveat, exception or label's content)
    similarity: float | None = None  # cosine with the question, for the candidates the semantic slot weighs
    about: str = ""  # "asked" / "other" / "": whether it is about the asked program (see ProgramOf)
    program_kind: str = ""  # catalog facts: their program's kind (subsidy, tax, loan…), for the lead's words


@dataclass
class Selection:
    query: str
    hits: list[ScoredChunk]
    evidence: list[Evidence] = field(default_factory=list)
    coverage: float = 0.0
    best_bm25: float = 0.0
    relevant: bool = False
    unknown_terms: list[str] = field(default_factory=list)  # named things the corpus never mentions


def _query_terms(query: str, retriever) -> set[str]:
    from advisor.index.analysis import expand_query

    try:
        readings = retriever._state().readings
    except Exception:  # noqa: BLE001
        readings = {}
    return _terms(expand_query(query, readings))


def _group_title(hit: ScoredChunk) -> str:
    for part in reversed(hit.chunk.heading_path):
        t = re.sub(r"^(?:#+\s*|【参考】|\(\d+\)\s*|\d+\.(?:[A-Z]\.)?\s*|[①-⑳]\s*)", "", nfkc(part)).strip(" 　:：")
        if 2 <= len(t) <= 40:
            return t
    return hit.source.title


_KANJI_KATAKANA = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff]")


def unknown_named_terms(query: str, retriever) -> list[str]:
    """Program, tax or legal names in the question that no indexed document contains (neither
    the word nor any Sudachi synonym of it)."""
    from advisor.index.analysis import morphemes

    try:
        vocab = retriever._state().lexical.vocabulary
    except Exception:  # noqa: BLE001
        return []
    ms = [m for m in morphemes(query)]
    out: list[str] = []
    for i, m in enumerate(ms):
        if m.pos != "名詞" or len(m.surface) < 2 or not _KANJI_KATAKANA.search(m.surface):
            continue
        if f"w:{m.normalized}" in vocab or any(f"g:{g}" in vocab for g in m.synonym_groups):
            continue
        # The next word of the sentence (skipping this word's own mode-A parts): 持続化|補助金.
        following = [n.surface for n in ms[i + 1:i + 5] if n.surface not in m.surface][:1]
        # Directly followed, in the question's own text: 「結局上げられなかったら補助金は…」 names no
        # program 「結局補助金」 (the verb between is no content morpheme and is skipped above).
        named_head = bool(following) and following[0] in _NAME_HEADS and compact(m.surface + following[0]) in compact(query)
        if m.surface.endswith(_NAME_SUFFIX) or named_head:
            out.append(m.surface)
    return list(dict.fromkeys(out))


_PROGRAM_NAME = re.compile(r"([A-Za-z0-9\u30a0-\u30ff\u4e00-\u9fff々・]{2,30}?)(補助金|助成金|給付金|交付金|支援金|税制|補助事業)")
# Descriptions, not names: "中堅の大型補助金", "国の補助金", "新しい補助金".
_GENERIC_HEADS = {
    "大型", "大規模", "小規模", "中規模", "新規", "国", "県", "市", "町", "村", "地方", "地域", "政府", "公的", "各種",
    "今回", "今年", "今年度", "来年度", "次期", "次回", "同", "別", "他", "既存", "主", "色々", "様々", "複数", "人気",
    "有名", "関連", "対象", "専用", "最新", "高額", "少額",
}
_corpus_text_cache: dict[str, str] = {}


def _corpus_text(retriever, *, lower: bool = False) -> str:
    """All indexed text (with titles), compacted (and lower-cased with ``lower``); cached per loaded
    index generation, so a question never rebuilds or re-cases the whole corpus."""
    state = retriever._state()
    key = str(state.generation)  # a re-ingest switches generation: the text is rebuilt once
    if key not in _corpus_text_cache:
        _corpus_text_cache.clear()
        parts = [c.text_with_heading() for c in state.chunks] + [s.title for s in state.sources.values()]
        _corpus_text_cache[key] = compact("\n".join(parts))
        _corpus_text_cache[key + ":lower"] = _corpus_text_cache[key].lower()
    return _corpus_text_cache[key + ":lower" if lower else key]


def unknown_program_names(question: str, retriever, catalog) -> list[str]:
    """Program names in the question ("事業再構築補助金") that neither the indexed documents nor the
    catalog know. Owners shorten names ("省力化補助金", "IT補助金"), so a name also counts as known
    when its distinctive head ("省力化", "IT") is part of a catalog program's name or alias.
    Without this, the words of an unknown program's name (事業・再構築・補助金) all exist in the
    corpus and the answer would quote other programs' figures as if they were the one asked about."""
    try:
        corpus = _corpus_text(retriever)
    except Exception:  # noqa: BLE001 - no index: the retrieval step reports that
        return []
    names = [compact(n) for p in (catalog or []) for n in p.names]
    out: list[str] = []
    for m in _PROGRAM_NAME.finditer(nfkc(question)):
        head = re.sub(r"^(?:.*[のでにはがをと、。]|中小企業|小規模事業者|国の|県の|市の|町の)", "", m.group(1))
        name = head + m.group(2)
        if len(head) < 2 or head in _GENERIC_HEADS or compact(name) in corpus:
            continue
        if any(compact(head) in n for n in names):
            continue
        out.append(name)
    return list(dict.fromkeys(out))


def coverage_of(qterms: set[str], text_terms: frozenset[str] | set[str], idf: Idf) -> float:
    total = sum(idf(t) for t in qterms)
    if total <= 0:
        return 0.0
    return sum(idf(t) for t in qterms & text_terms) / total


_SENTENCE_CLOSED = re.compile(r"[。！？!?」』）)】>＞:：]\s*$")
# A line opening with a bullet, list number or bracket starts an item; it never continues the line before.
_ITEM_MARK = re.compile(
    r"^\s*(?:(?P<paren>[(（](?:[ア-ン]|[a-zA-Z]|\d{1,2}|[一二三四五六七八九十]+)[)）])|(?P<num>\d{1,2}[.．)）](?!\d))|(?P<circled>[①-⑳])"
    r"|(?P<bullet>[-*•・⚫●■◆◇○〇▶➢>#※✓✔<＜【\[「\uf000-\uf8ff]))"
)
WRAP_MIN_CHARS = 28
# A wrapped sentence spans two or three lines; a longer run is lines the loader already joined.
WRAP_MAX_CHARS = 160
# A list item is shown with the line that introduces its list when that line says what the list is
# (「以下に該当する経費は補助対象外です」): an item of 補助対象外経費 must never read as an eligible one.
_LIST_LEAD = re.compile(r"[：:]\s*$|以下|下記|次の|次に掲げ|次のいずれか|例\s*$|経費例")
_TRAILING_LEAD = re.compile(r"(?:以下|下記|次)(?:の|に)[^。：:]{0,60}[。：:]\s*$")
LEAD_MAX_CHARS = 120
LEAD_LOOKBACK = 15


def _item_kind(line: str) -> str:
    m = _ITEM_MARK.match(line)
    if not m:
        return ""
    kind = m.lastgroup or ""
    if kind == "paren":
        inner = m.group("paren")[1:-1]
        return "paren-digit" if inner.isdigit() else "paren-kana" if re.match(r"[ア-ン]", inner) else "paren-other"
    return m.group("bullet") if kind == "bullet" else kind


def unwrapped_lines(text: str) -> list[str]:
    """The chunk's lines with the PDF's line wraps joined back (「…計画認定を受けた事」+「業者に対し、…
    税額控除等の特例措置を講じてきた。」): a wrapped line is long or ends with a comma, is not closed by
    sentence-final punctuation, and the next line does not open a new item."""
    out: list[str] = []
    joinable = False
    after_blank = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            after_blank = bool(out)
            continue
        # A page or column break leaves a blank line, even inside a word (「…全社レベ」 ‹blank› 「ルのDX…」):
        # across a blank line only a line broken inside a word continues.
        if after_blank and joinable:
            joinable = breaks_inside_word(out[-1], line)
        after_blank = False
        if out and joinable and not _ITEM_MARK.match(line) and len(out[-1]) + len(line) <= WRAP_MAX_CHARS:
            gap = " " if out[-1][-1:].isascii() and out[-1][-1:].isalnum() and line[:1].isascii() and line[:1].isalnum() else ""
            out[-1] += gap + line
        else:
            out.append(line)
        joinable = not _SENTENCE_CLOSED.search(line) and (len(line) >= WRAP_MIN_CHARS or line.endswith(("、", "，", ",")))
    return out


@dataclass
class _Unit:
    """One sentence of a chunk, with what it needs around it when quoted."""

    raw: str
    line: int
    whole_line: bool  # the sentence is its line (a label or list item)
    lead: str = ""  # the line introducing the list the sentence is an item of


def chunk_units(text: str) -> list[_Unit]:
    lines: list[str] = []
    for line in unwrapped_lines(text):
        cut = _glued_lead(line) if _item_kind(line) else None
        # An item with the next list's lead glued on is two lines: the item, then the lead.
        lines.extend([line[:cut].rstrip(), line[cut:]] if cut is not None else [line])
    units: list[_Unit] = []
    for i, line in enumerate(lines):
        lead = _list_lead(lines, i)
        parts = _balanced(split_sentences(line))
        for part in parts:
            units.append(_Unit(raw=part, line=i, whole_line=len(parts) == 1, lead=lead))
    return units


def _balanced(parts: list[str]) -> list[str]:
    """Sentences of one line with a bracket left open joined to what closes it: 「…(原則、現金払いは
    認められません。また、振込代行サービス等を活用した代行払いは一切認めません)。」 is one sentence."""
    out: list[str] = []
    open_brackets = 0
    for part in parts:
        if out and open_brackets > 0:
            out[-1] += part
        else:
            out.append(part)
        open_brackets = sum(out[-1].count(c) for c in "(（「『") - sum(out[-1].count(c) for c in ")）」』")
    return out


def _glued_lead(line: str) -> int | None:
    """Where a list's lead the loader glued onto this line begins (「(イ) ソフトウェアの購入費|以下の
    経費は補助対象外です。」), or None. 「20人以下の会社。」 is a limit, not a lead: a figure before
    以下 never starts one."""
    m = _TRAILING_LEAD.search(line)
    if not m or m.start() == 0 or re.search(r"[\d人円万億千%％名社件歳時分]$", line[:m.start()]):
        return None
    return m.start()


def _list_lead(lines: list[str], i: int) -> str:
    """The line that introduces the list whose item is ``lines[i]`` ('' when it is no item or the
    list has no introducing line in this chunk). The loader may have glued the lead onto the item
    or heading before it (「(イ) ソフトウェアの購入費以下の経費は補助対象外です。」): the lead is then
    the trailing 「以下の…」 sentence of that line, never a lead further up."""
    kind = _item_kind(lines[i])
    if not kind or kind == "※":
        return ""
    for j in range(i - 1, max(-1, i - 1 - LEAD_LOOKBACK), -1):
        line = nfkc(lines[j])
        glued = _glued_lead(line)
        if glued is not None:
            return clean_sentence(line[glued:])
        if _item_kind(line) == kind or _CAVEAT.match(line):
            continue  # a sibling item or a caveat of one
        lead = clean_sentence(line)
        if len(lead) <= LEAD_MAX_CHARS and _LIST_LEAD.search(lead):
            return lead
        return ""
    return ""


def _is_label(unit: _Unit, sentence: str) -> bool:
    if not unit.whole_line or re.search(r"[。！？!?]$", sentence):
        return False
    if len(sentence) <= LABEL_MAX_CHARS and not figures(sentence):
        return True
    # A list item is no heading: the next line is its sibling, not its content.
    return HEADING_LINE and not unit.lead and not _item_kind(unit.raw) and _is_heading_line(sentence)


HEADING_LINE = True
NEIGHBOURS_OUT = True
BLOCK_TITLE_LOOKBACK = 3  # units looked back for the title lines above a sentence that states a count
CONTINUATIONS = True
LEAD_TERMS = True


def block_title_terms(units: list[_Unit], order: int) -> frozenset[str]:
    """Terms of the title lines (whole short lines that announce, _is_label) among the
    BLOCK_TITLE_LOOKBACK units above unit ``order`` of a chunk (a ○ paragraph's first sentence may sit
    between them); none past a short line with a number."""
    out: set[str] = set()
    for j in range(order - 1, max(-1, order - 1 - BLOCK_TITLE_LOOKBACK), -1):
        line = clean_sentence(units[j].raw)
        if not _is_label(units[j], line):
            continue  # a sentence of the block (the ○ paragraph's first one)
        if re.search(r"\d", nfkc(line)):
            break  # a row with a number (「累計747者認定(R5.7時点)」) is the count's sibling in a table, not its title
        out |= _terms_cached(line)
    return frozenset(out)


def _is_heading_line(sentence: str) -> bool:
    """A line that announces rather than states: short, no sentence end, no colon-separated value,
    either bracketed as a whole or a noun phrase (no verb ending such as する/した/ている)."""
    t = nfkc(sentence).strip()
    if len(t) > HEADING_LINE_MAX_CHARS or re.search(r"[：:]", t):
        return False
    if re.match(r"^[(（<＜【\[].*[)）>＞】\]]$", t):
        return True
    return not re.search(r"(?:する|した|される|された|ている|ていた|です|ます|ない|べき|こと|もの)$", t)


# Whose sentence it is: (sentence, chunk heading path, chunk text, the program its document belongs
# to) → "asked" when it is about the program the question asks about, "other" when about a
# neighbouring program only, "" when neither.
ProgramOf = Callable[[str, str, str, str], str]


def select_evidence(query: str, hits: list[ScoredChunk], retriever, *, max_sentences: int,
                    slots: list[str] | tuple[str, ...] = (), program_of: ProgramOf | None = None) -> Selection:
    """Score every sentence of the retrieved chunks and keep the best few (see module doc).

    ``slots``: what the question asks for (the understanding module's slots, main one first); a
    sentence that shows it (a yen figure for an amount, a fraction for a rate, a month for a date…)
    is preferred, whatever the rank of its chunk.

    ``program_of``: for a question about one program, which sentences are about it; a sentence
    about a neighbouring program only (the next table of the slide, another program's section) is
    never quoted while a sentence not about another program is left: 「ものづくり補助金って、通常枠の
    ほかにどんな申請枠が…」 must list the ものづくり 枠, not the デジタル化・AI導入補助金's 公募 dates."""
    sel = Selection(query=query, hits=hits)
    if not hits:
        return sel
    idf = idf_for(retriever)
    qterms = _query_terms(query, retriever)
    # English words the corpus never uses ("survey", "share") would weigh as the rarest terms and
    # sink an English question's coverage; their glossary translations are in the expansion.
    qterms = {t for t in qterms if idf.known(t) or not t[2:].isascii()} or qterms
    # A message that puts context first (「うちは従業員30人の食品工場です。…学び直しも後押ししているんですか？」):
    # the asking sentences' terms count fully, the context's at CONTEXT_TERM_WEIGHT.
    # Only when the message ends asking: 「…には以下の者は含まれますか。・代表者 ・専従者」 asks about
    # the items after the question, which are no context.
    asking = asking_sentences(query) if CONTEXT_TERM_WEIGHT < 1.0 else []
    asking = asking if asking and nfkc(query).strip().endswith(asking[-1].strip()) else []
    asked_terms = _query_terms(" ".join(asking), retriever) if asking else qterms
    weight = {t: idf(t) * (1.0 if t in asked_terms else CONTEXT_TERM_WEIGHT) for t in qterms}
    total = sum(weight.values()) or 1.0
    sel.best_bm25 = max((h.raw.get("lexical", 0.0) for h in hits), default=0.0)
    asks_figure = bool(_ASKS_FIGURE.search(nfkc(query)))
    signs = [(_SLOT_SIGNS[s], SLOT_BONUS if s in _FIGURE_SLOTS else WORD_SLOT_BONUS) for s in slots[:1] if s in _SLOT_SIGNS]
    asked_figures = figures(query)
    counted = counted_terms(query) if COUNTED_BONUS > 0 else frozenset()
    counters = counters_asked(query) if COUNTED_BONUS > 0 else ()
    asks_permission = bool(_ASKS_PERMISSION.search(nfkc(query)))
    terms = question_terms(query) if DEFINITION_BONUS > 0 else []
    candidates: list[Evidence] = []
    notes: dict[tuple[str, int], Evidence] = {}  # (chunk id, order) -> a ※ caveat or a label's content
    for rank, hit in enumerate(hits, start=1):
        heading_terms = _terms_cached(hit.chunk.heading) if hit.chunk.heading else frozenset()
        chunk_terms = _terms_cached(hit.chunk.text_with_heading())
        sel.coverage = max(sel.coverage, coverage_of(qterms, chunk_terms, idf))
        group = _group_title(hit)
        heading_path = " > ".join(hit.chunk.heading_path)
        units = chunk_units(hit.chunk.text)
        leads = {compact(u.lead) for u in units if u.lead}  # quoted with their items, never alone
        # Orders index the chunk's sentences so that "the sentence after" is the document's next one.
        for order, unit in enumerate(units):
            sentence = close_word_gaps(clean_sentence(unit.raw))  # 「も しくは」 of a PDF reads 「もしくは」
            if len(sentence) < 6 or _NOISE_SENTENCE.match(sentence) or len(sentence) > MAX_SENTENCE_CHARS * 2:
                continue

            def evidence(score: float, shown: str = sentence, original: str = sentence) -> Evidence:
                return Evidence(
                    text=resolve_relative_dates(shown, hit.source), original=original,
                    citation=Citation.from_scored(hit, passage=original), key=hit.chunk.id,
                    group=group, score=score, rank=rank, order=order, has_figure=bool(figures(original)),
                )

            if _CAVEAT.match(nfkc(unit.raw)) or (CONTINUATIONS and order > 0 and _CONTINUATION.match(nfkc(unit.raw))):
                notes[(hit.chunk.id, order)] = evidence(0.0)
            elif order > 0 and _is_label(units[order - 1], clean_sentence(units[order - 1].raw)) and units[order - 1].line != unit.line:
                notes[(hit.chunk.id, order)] = evidence(0.0)  # the content of the label line before it
            s_terms = _terms_cached(sentence)
            own = sum(weight[t] for t in qterms & s_terms) / total
            from_heading = sum(weight[t] for t in (qterms & heading_terms) - s_terms) / total
            counts = bool((counted and states_count(counted, sentence)) or (counters and states_counter(counters, sentence)))
            titled = 0.0
            if counts and BLOCK_TITLE_LOOKBACK:
                # The count stated under a slide's block title (「北海道札幌市ラボ」 / 「○…。約170の企業、団体が
                # 加盟…」) never repeats what it counts the members of: the title lines above it name that,
                # and count for it as the chunk's heading does. Only for the sentence that states the count
                # asked: every other sentence under a title keeps its own words.
                title_terms = block_title_terms(units, order) - s_terms - heading_terms
                titled = sum(weight[t] for t in qterms & title_terms) / total
                from_heading += titled
            # A list item is quoted under its list's lead (「以下のいずれかに該当する場合は、補助金の返還…が
            # 発生する」): the lead's words count for it as the heading's do.
            lead_terms = _terms_cached(unit.lead) - s_terms - heading_terms if LEAD_TERMS and unit.lead else frozenset()
            from_heading += sum(weight[t] for t in qterms & lead_terms) / total
            score = own + 0.5 * from_heading + RANK_PRIOR / rank
            has_fig = bool(figures(sentence))
            shows = [weight for pattern, weight in signs if pattern.search(nfkc(sentence))]
            score += max([SLOT_BONUS] * (asks_figure and has_fig) + shows, default=0.0)
            if asked_figures and any(figure_in(f, sentence) for f in asked_figures):
                score += QUESTION_FIGURE_BONUS
            if counts:
                score += COUNTED_BONUS
            if asks_permission and _PERMISSION_SIGN.search(nfkc(sentence)):
                score += PERMISSION_BONUS
            if terms and any(defines(t, sentence) for t in terms):
                score += DEFINITION_BONUS
            if (own <= 0.0 and not titled) or any(compact(sentence).endswith(lead) for lead in leads):
                # A sentence sharing no word with the question is never quoted, but for the count asked
                # under a title naming what is counted (「何社くらい入ってんの」: 「約170の企業、団体が加盟」).
                continue
            text = sentence if len(sentence) <= MAX_SENTENCE_CHARS else sentence[:MAX_SENTENCE_CHARS] + "…"
            if unit.lead and compact(unit.lead) not in compact(group):
                # The item is quoted under the line that says what its list is.
                candidates.append(evidence(score, shown=f"{unit.lead} {text}", original=f"{unit.lead}\n{sentence}"))
            else:
                candidates.append(evidence(score, shown=text))
            if program_of is not None:
                candidates[-1].about = program_of(sentence, heading_path, hit.chunk.text, hit.source.program)
    sel.unknown_terms = unknown_named_terms(query, retriever)
    sel.relevant = sel.coverage >= MIN_COVERAGE and sel.best_bm25 >= MIN_BM25 and not sel.unknown_terms
    if NEIGHBOURS_OUT and any(c.about != "other" for c in candidates):
        candidates = [c for c in candidates if c.about != "other"]
    sel.evidence = with_caveats(pick(candidates, max_sentences, similarity_to(query, retriever)), notes)
    return sel


# One quote is chosen by meaning rather than by shared words: the dense model's nearest sentence to
# the question among the SEMANTIC_POOL best-scored candidates that the lexical choice left out.
# Chosen on dev (evals/README.md, "Answer composition, session 18"): adding the similarity to every
# candidate's score (weights 0.05–0.3) lost more strings than it gained; one reserved quote gained
# two (retrieval r063 「地域の人事部」, FAQ mf3-12 「福利厚生費」) and lost none; two reserved quotes
# lost three. Pools of 16 and 24 tied; 12 lost mf3-12.
SEMANTIC_SLOTS = 1
SEMANTIC_POOL = 16

Similarity = Callable[[list[Evidence]], "np.ndarray | None"]


def similarity_to(query: str, retriever) -> Similarity:
    """The question's cosine with candidates' sentences (a list item by its own words, not its
    list's lead), or None without a dense model."""
    def similarity(candidates: list[Evidence]) -> np.ndarray | None:
        from advisor.chains.semantic import similarities

        return similarities(query, [e.original.rsplit("\n", 1)[-1] for e in candidates], retriever)

    return similarity


def with_caveats(chosen: list[Evidence], notes: dict[tuple[str, int], Evidence]) -> list[Evidence]:
    """Each quoted sentence keeps the notes that follow it in the document: ※ caveats and (参考)
    lines (※100億宣言企業は4.5%以上, ※未達成率に応じた返還要件あり: a rule quoted without its caveat
    misleads), and a table-row label keeps its content (「グローバル市場開拓枠」 → 「…3,000万円」).

    A note that was also chosen on its own words (「c.事務費・専門家」 and its content 「⇒ 補助上限
    200万円」, both naming what was asked) moves up to follow the sentence it belongs to, as a note:
    quoted apart, the composer's limits could keep the label and drop the value."""
    out: list[Evidence] = []
    chosen_at = {(e.key, e.order): e for e in chosen}
    emitted: set[tuple[str, int]] = set()
    shown = [compact(e.original) for e in chosen]
    for ev in chosen:
        if (ev.key, ev.order) in emitted:
            continue  # quoted already, as the note of the sentence before it
        out.append(ev)
        emitted.add((ev.key, ev.order))
        order = ev.order + 1
        added = 0
        while (ev.key, order) in notes and (ev.key, order) not in emitted and added < MAX_CAVEATS:
            own = chosen_at.get((ev.key, order))
            note = own or notes[(ev.key, order)]
            emitted.add((ev.key, order))
            order += 1
            if own is None and any(compact(note.original) in s for s in shown):
                continue  # already quoted (as a list item under its lead)
            note.score = ev.score
            note.note = True
            out.append(note)
            added += 1
    return out


# Chosen on dev among 0.15 / 0.3 / 0.5: 0.15 gained two strings (retrieval r022, FAQ mf6-05) and
# lost none; 0.3 and 0.5 traded strings.
MMR_LAMBDA = 0.15


def _bigram_set(text: str) -> frozenset[str]:
    t = compact(text)
    return frozenset(t[i:i + 2] for i in range(len(t) - 1))


def _mmr_order(ranked: list[Evidence], fixed: int, best: float) -> list[Evidence]:
    """The candidates after the first ``fixed`` ones reordered greedily: each next one is the best
    score minus MMR_LAMBDA × best × its highest character-bigram overlap with those before it, so
    that eight slots are not spent on eight wordings of one sentence."""
    out = ranked[:fixed]
    pool = [e for e in ranked[fixed:] if e.score >= best * RELATIVE_CUTOFF]
    rest = [e for e in ranked[fixed:] if e.score < best * RELATIVE_CUTOFF]
    grams = {id(e): _bigram_set(e.original.rsplit("\n", 1)[-1]) for e in ranked}

    def overlap(a: Evidence, b: Evidence) -> float:
        x, y = grams[id(a)], grams[id(b)]
        return len(x & y) / (min(len(x), len(y)) or 1)

    while pool and len(out) < fixed + 16:
        value = lambda e: e.score - MMR_LAMBDA * best * max((overlap(e, o) for o in out), default=0.0)  # noqa: E731
        nxt = max(pool, key=value)
        pool.remove(nxt)
        out.append(nxt)
    return out + pool + rest


def pick(candidates: list[Evidence], max_sentences: int, similarity: Similarity | None = None) -> list[Evidence]:
    """Best sentences first, no near-duplicates, at most MAX_PER_CHUNK from one chunk; the best
    sentence of each of the TOP_CHUNKS highest-ranked chunks is considered first (multi-passage
    questions need one sentence from each passage more than three from one); the others in MMR
    order (``_mmr_order``: a rewording of a quoted sentence yields to a different one). The last
    SEMANTIC_SLOTS quotes go to the candidates ``similarity`` finds nearest the question among the
    SEMANTIC_POOL best that the others left out: only those are embedded (20–50 ms per sentence
    not in the vector cache)."""
    if not candidates:
        return []
    ranked = sorted(candidates, key=lambda e: (-e.score, e.rank, e.order))
    best = ranked[0].score
    pool = [e for e in ranked[:SEMANTIC_POOL] if e.score >= best * RELATIVE_CUTOFF]
    leaders: list[Evidence] = []
    for rank in range(1, TOP_CHUNKS + 1):
        of_rank = [e for e in ranked if e.rank == rank]
        if of_rank and of_rank[0].score >= best * LEADER_CUTOFF:
            leaders.append(of_rank[0])
    ranked = leaders + [e for e in ranked if all(e is not x for x in leaders)]
    if MMR_LAMBDA > 0:
        ranked = _mmr_order(ranked, len(leaders), best)
    chosen: list[Evidence] = []
    seen: list[str] = []
    shown_leads: set[str] = set()
    per_key: dict[str, int] = {}

    def take(ev: Evidence) -> None:
        lines = ev.original.split("\n")
        c = compact(lines[-1])  # a list item's own words, not its list's lead
        lead = compact(lines[0]) if len(lines) > 1 else ""
        if any(c in s or s in c for s in seen) and not (LEAD_TERMS and lead and lead not in shown_leads and not any(lead in s for s in seen)):
            # Said already, unless the item brings its list's lead, which is not shown yet (「以下の
            # いずれかに該当する場合は、補助金の返還…」 above an item another sentence also says).
            return
        if lead:
            shown_leads.add(lead)
        if per_key.get(ev.key, 0) >= MAX_PER_CHUNK:
            return
        chosen.append(ev)
        seen.append(c)
        per_key[ev.key] = per_key.get(ev.key, 0) + 1

    reserve = SEMANTIC_SLOTS if similarity is not None and max_sentences > SEMANTIC_SLOTS else 0
    for ev in ranked:
        if len(chosen) >= max_sentences - reserve or ev.score < best * RELATIVE_CUTOFF:
            break
        take(ev)
    left_out = [e for e in pool if all(e is not c for c in chosen)]
    sims = similarity(left_out) if reserve and left_out and len(chosen) >= max_sentences - reserve else None
    if sims is not None:
        for ev, sim in zip(left_out, sims):
            ev.similarity = float(sim)
        for ev in sorted(left_out, key=lambda e: -(e.similarity or 0.0)):
            if len(chosen) >= max_sentences:
                break
            take(ev)
    for ev in ranked:  # without a dense model, or when the nearest ones were said already
        if len(chosen) >= max_sentences or ev.score < best * RELATIVE_CUTOFF:
            break
        if all(ev is not c for c in chosen):
            take(ev)
    return chosen


def group_citations(evidence: list[Evidence]) -> tuple[list[Citation], dict[int, int]]:
    """One numbered citation per source passage (chunk or catalog fact); its passage is exactly
    the sentences quoted from it, in document order. Returns citations and evidence index → number."""
    keys: list[str] = []
    by_key: dict[str, list[int]] = {}
    for i, ev in enumerate(evidence):
        if ev.key not in by_key:
            keys.append(ev.key)
            by_key[ev.key] = []
        by_key[ev.key].append(i)
    citations: list[Citation] = []
    number: dict[int, int] = {}
    for n, key in enumerate(keys, start=1):
        members = sorted(by_key[key], key=lambda i: evidence[i].order)
        base = evidence[members[0]].citation
        if key.startswith("fact:"):
            passage = base.passage  # the catalog's resolved passage around the evidence
        else:
            passage = "\n".join(evidence[i].original for i in members)
        citations.append(Citation(
            source_id=base.source_id, title=base.title, issuer=base.issuer, date=base.date,
            page=base.page, section=base.section, passage=passage, url=base.url,
        ))
        for i in members:
            number[i] = n
    return citations, number


def fact_evidence(program, field_name: str, fact, label: str, score: float = 1.0) -> Evidence:
    """A catalog fact as quotable evidence: the document's own words (the fact's evidence)."""
    citation = fact.citation
    words = close_word_gaps(_whole_word_quote(clean_sentence(getattr(fact, "evidence", "") or fact.value), citation.passage))
    source_date = citation.date
    text = words
    if label and compact(label) not in compact(words):
        text = f"{label}：{words}"
    return Evidence(
        text=resolve_relative_dates(text, None, date=source_date) if source_date else resolve_relative_dates(text, None),
        original=words, citation=citation, key=f"fact:{program.id}:{field_name}:{compact(words)[:40]}",
        group=program.name.value, score=score, rank=0, order=0, has_figure=bool(figures(words)),
        program_kind=str(getattr(program, "kind", "") or ""),
    )


def _whole_word_quote(words: str, passage: str) -> str:
    """``words`` as they stand in ``passage``, widened to whole words: a catalog evidence string
    copied from a line broken inside a word (「しくは特別償却30%」 of 「…も しくは特別償却」/「30%…」) is
    quoted 「もしくは特別償却30%」. Unchanged when the words are not found in the passage."""
    target = compact(words)
    if not target or not passage:
        return words
    kept = [i for i, ch in enumerate(passage) if not ch.isspace()]
    at = "".join(nfkc(passage[i]) if len(nfkc(passage[i])) == 1 else passage[i] for i in kept).find(target)
    if at < 0:
        return words
    start, end = kept[at], kept[at + len(target) - 1] + 1
    s, e = whole_words(passage, start, end)
    # A quote cut inside a word a few words into its sentence (「ルのDXに向けた計画を…」 of 「部門・拠点ごと
    # ではない全社レベルのDXに…」) starts with the sentence; one that starts on a word (a table row
    # 「6〜20人 1,000万円」 after 「5人以下 750万円」) is left as it is.
    sentence_start = max(passage.rfind(mark, 0, s) for mark in "。！？") + 1
    while sentence_start < s and passage[sentence_start].isspace():
        sentence_start += 1
    if s < start and 0 < s - sentence_start <= SENTENCE_HEAD_MAX_CHARS:
        s = sentence_start
    return words if (s, e) == (start, end) else nfkc(passage[s:start]) + words + nfkc(passage[end:e])


SENTENCE_HEAD_MAX_CHARS = 16


# The thing a question asks about, when the documents never speak of it (「IT導入支援事業者に払う
# 手数料って、相場はいくらぐらいですか」: no retrieved passage says 手数料 or 相場): quoting the program's
# rates and caps instead would present unrelated sentences as the answer. The focus is a noun the
# asking sentence makes its topic (「Xって」「Xとは」「Xは」「Xについては」); it is stated when the word
# itself, or a word the query expansion gives for it, is in a retrieved passage. Sudachi's synonym
# groups are not used here: they join 手数料 with 料金 and 費用, which every subsidy passage has.
_TOPIC_MARK = re.compile(r"(?:って|とは|については|は(?!じめ))")
_FOCUS_POS_SKIP = {"代名詞", "数詞", "非自立可能", "助数詞可能", "副詞可能"}  # 副詞可能: 半分, 今回, 毎月
# Topic nouns that name no thing of their own: what every answer is about anyway.
_FOCUS_GENERIC = {"補助", "補助金", "助成金", "対象", "補助対象", "対象外", "経費", "費用", "申請", "事業", "制度", "支援",
                  "資料", "場合", "会社", "うち", "弊社", "当社", "内容", "条件", "要件", "金額", "上限", "国", "今", "今回",
                  "次", "手続き", "手続", "仕組み", "話", "件", "点", "方", "名前", "結果", "状況", "予定", "期間", "時期",
                  "こと", "もの", "やつ", "ところ", "方法", "違い", "目安",
                  # where a category ends, in owners' words (「中小企業の線引きって従業員何人まで？」): the criterion asked for, no thing
                  "線引き", "境目", "境界", "ボーダー", "ボーダーライン", "区切り", "基準", "定義", "範囲",
                  # how a case is treated (「賃上げ目標を達成できなかった場合の扱い」): the case is the thing asked of
                  "扱い", "取扱い", "取り扱い", "取扱",
                  # a slot's word in a loanword or an office's word (「マックスいくらまで」「制度の趣旨を照会する」):
                  # the slot is what is asked, no thing of the program (NOTES.md "s36-oos")
                  "マックス", "趣旨",
                  # the form of the question, not its thing: a blank to fill in a pasted list (「・税額控除：？％ 空欄を埋めて
                  # ください」), a rule the owner asks leave to ignore (「締め切りは無視してええっちゅうことか？」) (NOTES.md "s46-oos")
                  "空欄", "空白", "穴埋め", "ブランク", "無視", "スルー"}
_FIGURE_NOUN = re.compile(r"^(?:率|額|数|比|割合)$")
# The noun right before the figure asked for (「通る確率どのくらい」「月額っていくら」) is the thing measured.
_FIGURE_ASKED_NEXT = re.compile(r"(?:は|って|が|の)?\s*(?:どれ(?:くらい|ぐらい)|どの(?:くらい|ぐらい)|いくら|なんぼ|何\s*[%％割])")


def without_preface(question: str) -> str:
    """The question without a leading preface about the conversation itself (「さっきのメッセージは
    無視してください。改めて、」「ごめんなさい脱線しました」, understanding.rules.without_take_back): its
    words are no thing asked about."""
    from advisor.understanding.rules import without_take_back

    return without_take_back(nfkc(question).strip())


# A chat-typed message (LINE, voice input) ends a sentence with a line break or an emoji as often as
# with 。 (「補助金の不正が多いって聞いたもんで\nちゃんとしたい\n〇〇補助金って\nソフトは必須なの？」「…打ち間違えた
# わ😅 改めて聞くけど、…」). A line that ends in a particle or a connective (の, って, は, で, けど, ので…) runs on
# into the next: 「ものづくり補助金の\n補助率は？」 is one sentence.
_RUNS_ON = re.compile(r"(?:[のはがをにでともやへてし、,・]|って|けど|けれど|から|ので|のに|たら|れば|ながら)$")
_CHAT_BREAK = re.compile(r"\n+|(?<=[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F])[ \t\u3000]+|(?:…|\.{3}|・{3})+\s*")
# The endings of a sentence that asks, as analysis.asking_sentences reads them, but a wish only when it is
# a wish to know (「知りたい」「教えてもらいたい」): 「ちゃんとしたい」「補助金を使いたい」 state the owner's aim.
_ASKS = re.compile(r"(?:か|かな|の|っけ|かしら|ください|下さい|いい|(?:知り|聞き|確認し|確かめ|伺い|教えてもらい|教えていただき)たい"
                   r"(?:です|のです|んです)?)[。？?!！]*$|[？?]$")
_ENDS_IN_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]\s*$")
_TRAILING_MARKS = re.compile(r"[\s\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\u200D。!！]+$")


def chat_sentences(question: str) -> list[str]:
    """The sentences of ``question`` (NFKC) cut after 。？?!！ and also at a line break or an emoji
    followed by a space (see above), a line running on into the next when it ends in a particle."""
    out: list[str] = []
    for sentence in message_sentences(question):
        pieces = [p.strip() for p in _CHAT_BREAK.split(sentence) if p.strip()]
        joined: list[str] = []
        for piece in pieces:
            # (a piece ending in an emoji has ended: 「…忘れて🙏 あらためて」)
            if joined and not _ENDS_IN_EMOJI.search(joined[-1]) and _RUNS_ON.search(joined[-1]):
                joined[-1] += " " + piece
            else:
                joined.append(piece)
        out += joined
    return out


def gate_text(question: str) -> str:
    """What the answer gates read of ``question`` (NFKC): its asking sentences, a chat-typed message cut
    into sentences at its line breaks, emoji and ellipses (chat_sentences), and a sentence that states the
    owner's aim (「ちゃんとしたい」「顧問先には正確に伝えたい」) or tells what happened before (「…打ち間違えたわ😅」)
    kept out when another sentence asks; else analysis.asking_sentences, or the whole message."""
    sentences = chat_sentences(question)
    if len(sentences) > 1:
        asking = [s for s in sentences if _ASKS.search(_TRAILING_MARKS.sub("", s) or s)]
        if asking and len(asking) < len(sentences):
            return " ".join(asking)
    return " ".join(asking_sentences(question)) or nfkc(question)


def unstated_focus(question: str, hits: list[ScoredChunk], retriever, names: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The topic nouns of the question (see above) that no retrieved passage states; [] when
    every one is stated, when the question has none, or when nothing was retrieved."""
    if not hits:
        return []
    question = without_preface(question)
    text = gate_text(question)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(nfkc(name), " ") if name else text  # 「中堅等大規模…」 asks for no 規模
    if not _ASKS_FIGURE.search(text):
        return []  # only a figure asked about a thing: a list of the program's figures is no answer to it
    focus = [(m.surface(), m.reading_form()) for m in _thing_nouns(text)
             if not _ASKS_FIGURE.search(m.surface())  # 「人数は」「金額は」 name the figure asked for, not a thing
             and not _THRESHOLD_WORD.search(m.surface())
             and (_TOPIC_MARK.match(text, m.end()) or _FIGURE_ASKED_NEXT.match(text, m.end()))
             and not _set_aside(text, m.end())  # 「裏ワザはいらんで、…上限だけ」: not asked
             and not _said_by(m.surface(), text, m.end())]  # 「知り合いは「1000万」って言うてた」: who said it, not asked
    if not focus:
        return []
    return _unstated_words(focus, hits, retriever)


# The topic noun is who said what the owner checks (「知り合いは「1000万」って言うてたけど合ってる？」「知人が〜と言ってました」):
# the rumour's speaker, a person of the owner's story — not a thing the documents must name (NOTES.md "s43-oos").
# A person only (「領収書の日付は業者がなんとかするって言ってる」 keeps 日付), and speech only (「…という理解」「…という
# ことにして」 say nothing). (The asking sentences cut a quote at its own 「？」: 「知り合いは「それモノ補助ちゃう?」 — a
# quote opened after the speaker and never closed is what was said.)
_SPEAKER = re.compile(r"(?:知り合い|知人|友人|友達|ともだち|仲間|同業者?|先輩|後輩|社長|会長|専務|常務|部長|課長|上司|息子|娘|妻|嫁|"
                      r"旦那|主人|親父|おやじ|税理士|会計士|社労士|診断士|コンサル[タント]*|担当者?|営業マン|業者|先生|人|方|さん|みんな|皆|"
                      r"ネット|噂|うわさ)$")
_SAID_BY = re.compile(r"(?:は|が|も|って)(?:[^。？?「」『』]|「[^」]{0,40}」|『[^』]{0,40}』){0,40}?(?:って|と)\s*"
                      r"(?:言(?:う(?:て|とる|とった|てた)|っ(?:て|た)|われ)|い(?:うて|っ(?:てた|てる|てま|とった|た))|ゆう(?:て|とった|とる|てた))|"
                      r"(?:は|が|も)\s*[「『](?![^」』]*[」』])")


def _said_by(noun: str, text: str, at: int) -> bool:
    """``noun`` (a topic noun ending at ``at``) is a person and what follows tells what they said."""
    return bool(_SPEAKER.search(noun) and _SAID_BY.match(text, at))


def unstated_target(target: str, hits: list[ScoredChunk], retriever) -> list[str]:
    """The nouns of a yes-no question's thing (「中古の機械」 → 中古, 機械) that no retrieved passage
    states; [] when each is stated, when there is no thing, or when nothing was retrieved. A rule
    about a thing the documents never name cannot be quoted: the answer says it is not stated."""
    if not hits or not target:
        return []
    focus = [(m.surface(), m.reading_form()) for m in _thing_nouns(nfkc(target))]
    return _unstated_words(focus, hits, retriever) if focus else []


def unstated_modifier(target: str, hits: list[ScoredChunk], retriever, facts: list[Evidence]) -> list[str]:
    """With catalog facts for a yes-no question (「中古の設備でも…の対象になりますか」 gets the program's
    補助対象者), the nouns of the thing's modifiers (中古 of 中古の設備) that no retrieved passage, no
    fact, no indexed document and no synonym of an indexed word states: the facts answer for the kind
    of thing (設備, a category the catalog covers), not for the condition the question puts on it.
    Not a run of nouns holding a category word (「AIチャットボットのシステム」), not the head noun."""
    from sudachipy import SplitMode

    from advisor.text import sudachi_tokenizer

    if not hits or not target:
        return []
    ms = list(sudachi_tokenizer().tokenize(nfkc(target), SplitMode.C))
    runs: list[list[Any]] = [[]]
    for m in ms:
        if m.part_of_speech()[0] in ("名詞", "接頭辞", "接尾辞"):
            runs[-1].append(m)
        elif runs[-1]:
            runs.append([])
    runs = [r for r in runs if r][:-1]  # the last run is the head: the kind of thing asked about
    things = {m.begin() for m in _thing_nouns(nfkc(target))}
    focus = [(m.surface(), m.reading_form()) for run in runs if not any(_CATEGORY_WORD.search(m.surface()) for m in run)
             for m in run if m.begin() in things]
    if not focus:
        return []
    stated = compact(" ".join(f.original for f in facts)).lower()
    unstated = [w for w in _unstated_words(focus, hits, retriever) if compact(w).lower() not in stated]
    if not unstated:
        return []
    try:
        corpus = _corpus_text(retriever, lower=True)
    except Exception:  # noqa: BLE001
        return []
    return [w for w in unstated if not _mentioned_in(w, corpus) and not _synonym_mentioned(w, retriever)]


def _thing_nouns(text: str) -> Iterator[Any]:
    """Sudachi's morphemes of ``text`` that can name a thing: nouns of two characters or more, not a
    pronoun, numeral or counter, not one of _FOCUS_GENERIC, and not typed in hiragana (「じょうげん」
    is read as じょう|げん: no reliable noun)."""
    from sudachipy import SplitMode

    from advisor.text import sudachi_tokenizer

    for m in sudachi_tokenizer().tokenize(text, SplitMode.C):
        pos = m.part_of_speech()
        surface = m.surface()
        if pos[0] != "名詞" or len(surface) < 2 or _FOCUS_POS_SKIP & set(pos[1:4]) or surface in _FOCUS_GENERIC:
            continue
        if _KANJI_KATAKANA.search(surface) and not _in_terms_of(surface):
            yield m


def _in_terms_of(surface: str) -> bool:
    """「法律上」「税務上」「制度上」: "in terms of X" says how the question is meant, it names no thing."""
    from sudachipy import SplitMode

    from advisor.text import sudachi_tokenizer

    if len(surface) < 3 or not surface.endswith("上"):
        return False
    last = list(sudachi_tokenizer().tokenize(surface, SplitMode.A))[-1]
    return last.surface() == "上" and last.part_of_speech()[0] == "接尾辞"


def _unstated_words(focus: list[tuple[str, str]], hits: list[ScoredChunk], retriever) -> list[str]:
    from sudachipy import SplitMode

    from advisor.index.analysis import expand_query
    from advisor.text import sudachi_tokenizer

    try:
        readings = retriever._state().readings
    except Exception:  # noqa: BLE001
        readings = {}
    stated: set[str] = set()
    for hit in hits:
        stated |= _terms_cached(hit.chunk.text_with_heading())
    unstated: list[str] = []
    for word, reading in dict.fromkeys(focus):
        if f"r:{reading}" in stated:
            continue  # a word that sounds like one of the passages' (「用件」 typed for 「要件」)
        parts = [m.normalized_form().lower() for m in sudachi_tokenizer().tokenize(word, SplitMode.A)]
        if len(parts) > 1 and _FIGURE_NOUN.search(parts[-1]) and any(f"w:{part}" in stated for part in parts[:-1]):
            continue  # a figure of a stated thing: 「控除率」 of a passage on 税額控除
        own = {t for t in _terms(word) if t.startswith("w:")}
        own_parts = own - {f"w:{m.normalized_form().lower()}" for m in sudachi_tokenizer().tokenize(word, SplitMode.C)}
        expanded = {t for t in _terms(expand_query(word, readings)) if t.startswith("w:")} - own_parts
        if not (expanded & stated):
            unstated.append(word)
    return unstated


# The thing any question asks about, when the documents never mention it (「補助金って、もらった後に
# 税金はかかるの？」「webサイトの制作費って対象？」「電子申請に必要なアカウントはいつまでに…」): the
# retrieved passages share the question's other words (補助金, 経費, 申請) and would be quoted as if
# they answered it. The thing is the noun phrase the asking sentence makes its topic (「Xは」「Xって」
# 「Xとは」「Xには」「Xについては」, X a run of nouns joined by の/や: 「認定支援機関の確認書は」). Unlike
# the figure gate (unstated_focus), which needs a figure question, this one fires for any question,
# so it asks more of "not stated": no retrieved passage states the word (nor a word of its query
# expansion or its reading) AND no indexed document contains it anywhere (neither the word nor, for
# a compound such as 優遇措置, each of its parts). A word the corpus has elsewhere may be a
# retrieval miss or a paraphrase (「ハードル」「段階」), not a fact the documents leave out.
_TOPIC_PARTICLES = ("って", "とは", "については", "には")
_TOPIC_SKIP_POS = {"形状詞可能"}  # 大型, 必須, 具体的: what the thing is like, not the thing
_AUDIENCE_SUFFIX = re.compile(r"(?:向け|向き|用)$")  # 「企業向けの補助」: the thing is 企業
_HONORIFIC_PREFIXES = {"お", "ご", "御"}  # 「ご相談」 is 相談
# The action nouns and objects of the asking clause are asked about too (asked_nouns).
ASKED_NOUNS = True


# Words naming the kinds of things the programs' expense categories cover (software, systems, AI
# tools, training): a topic phrase holding one (「生成AIを使った社内文書の検索システムは」) is answered by
# the catalog's categories even when its other words are in no document.
_CATEGORY_WORD = re.compile(r"AI|ＡＩ|IT|ＩＴ|DX|ＤＸ|IoT|システム|ソフト|ツール|アプリ|クラウド|ロボット|デジタル|研修|開発|設備|機械", re.I)
# Words that name what the catalog's facts answer (「今年のスケジュールは？」 after a program was named):
# with facts for the asked slot they are no thing of their own.
_SLOT_NOUNS = {"スケジュール", "日程", "締切", "締め切り", "〆切", "公募", "期限", "対象者", "目的", "概要", "特徴", "流れ",
               "手順", "メリット", "ポイント", "補助対象者", "対象経費", "補助対象経費", "下限",
               # owners' words for the round itself (the documents say 公募): 「次の募集はいつ頃？」
               # 「年に何回募集してる？」「受付はいつから」
               "募集", "受付", "受け付け", "応募", "申込", "申し込み", "エントリー",
               # 「申請のタイミングはそれぞれどう違いますか」「申し込みの時期」: when to apply
               "タイミング", "時期"}
# 「公募回数」「募集の回数」: the count of a program's rounds is its schedule (「計4回の公募」「年3～4回」), a
# slot the catalog's facts answer — 回数 after a round noun is no thing of its own (「申請回数」 is: how often
# one may apply is not stated).
_ROUND_NOUNS = {"公募", "募集", "受付", "応募"}
_COUNT_NOUNS = {"回数"}
# Words pointing back at programs of the conversation (「前者の対象経費は？」「後者は？」): the frame
# resolves them to a program; they name no thing of their own.
_POINTER_NOUNS = {"前者", "後者", "両者", "両方", "片方", "一方", "他方",
                  # 「本当の賃上げ要件」「実際の採択率」「正式な名前」: which X is meant (the real one), not a thing of its
                  # own — the noun after it is asked (NOTES.md "s44-oos")
                  "本当", "ほんと", "ホント", "本来", "実際", "正式", "正確", "本物",
                  # 「返還の決まりはありますか」「加点のルールは」: a rule on X — X is the thing the documents must state, the
                  # word for "a rule" names none (NOTES.md "s44-oos")
                  "決まり", "きまり", "ルール", "定め", "取り決め"}


# A topic the owner sets aside (「裏ワザはいらんで、」「細かい条件は不要です。」「能書きはいいから」「手数料は
# どうでもええ」「攻略法はけっこうです」「その話は置いといて」): he says he does not want it, so it is no
# thing asked — unless the clause asks whether it is needed (「見積書はいらないの？」「…は不要ですか」).
_SET_ASIDE = re.compile(
    r"(?:は|って|とかは|なんかは)(?:もう|別に|べつに)?(?:いら(?:ん|ない|ねえ|ねー|へん|ないです|ないっす)|要ら(?:ん|ない)|不要|結構|けっこう|"
    r"どうでも(?:いい|ええ|よい|よか)|(?:いい|ええ|よか)(?:から|けん|んで|ので)|置いと|おいと|置いておいて|抜きで|なしで)")
_CLAUSE_ASKS = re.compile(r"(?:か|かな|の|ん|のか|んですか|っすか)?[？?]|(?:です|でしょう|ます|ない|ん)か(?:ね|な)?(?=$|[。、,\s])|ないの(?=$|[。、,\s])")


# 「どのような罰則がございますか」「どんな手続きがあるの」: a question whether, or of what kind, a thing
# exists asks about the thing as a topic particle does.
_WHAT_KIND = re.compile(r"(?:どのような|どんな|どういう|どういった|どげな|どがいな|どないな|どんげな|なんか|何か|何らかの)\s*$")
_THERE_IS = re.compile(r"\s*(?:あり|ある|あん|ござい|あっ|あれ)")


def _set_aside(text: str, at: int) -> bool:
    """Whether the topic particle at ``at`` is followed by the owner setting the thing aside."""
    m = _SET_ASIDE.match(text, at)
    if m is None:
        return False
    clause = re.split(r"[、。,，！!\n]", text[m.end():], maxsplit=1)[0]
    return not _CLAUSE_ASKS.search(text[m.start():m.end()] + clause)


def topic_nouns(text: str, skip_categories: bool = False) -> list[tuple[str, str]]:
    """(surface, reading) of the thing nouns (see _thing_nouns) of every noun phrase of ``text``
    that a topic particle follows, in order. ``skip_categories`` (catalog facts answer the asked
    slot): not of a phrase that holds a _CATEGORY_WORD, and no _SLOT_NOUNS."""
    from sudachipy import SplitMode

    from advisor.text import sudachi_tokenizer

    ms = list(sudachi_tokenizer().tokenize(text, SplitMode.C))
    things = {m.begin() for m in _thing_nouns(text)}
    out: list[tuple[str, str]] = []
    phrase: list[Any] = []
    for j, m in enumerate(ms):
        pos = m.part_of_speech()
        if pos[0] in ("名詞", "接頭辞", "接尾辞") and pos[1] != "数詞":
            phrase.append(m)
            continue
        if phrase and pos[0] == "助詞" and m.surface() in ("の", "や"):
            phrase.append(m)
            continue
        after = "".join(n.surface() for n in ms[j:j + 3])
        topic = after.startswith(_TOPIC_PARTICLES) or (m.surface() == "は" and pos[0] == "助詞" and not after.startswith("はじめ"))
        if not topic and phrase and m.surface() == "が" and pos[0] == "助詞":
            # 「どのような罰則がありますか」「どんな支援がある？」: what kind of X there is — X is asked
            topic = bool(_WHAT_KIND.search(text[:phrase[0].begin()]) and _THERE_IS.match(text, m.end()))
        if phrase and topic and _set_aside(text, m.begin()):
            phrase = []  # 「裏ワザはいらないので、上限だけ教えて」: the owner does not want it
            continue
        if phrase and topic and _said_by("".join(n.surface() for n in phrase), text, m.begin()):
            phrase = []  # 「知り合いは「1000万」って言うてた」: who said what the owner checks, not asked
            continue
        if phrase and topic and not (skip_categories and _CATEGORY_WORD.search("".join(n.surface() for n in phrase))):
            for i, n in enumerate(phrase):
                if (n.begin() not in things or _TOPIC_SKIP_POS & set(n.part_of_speech()[1:4]) or n.surface() in _POINTER_NOUNS
                        or (skip_categories and n.surface() in _SLOT_NOUNS)
                        or (skip_categories and n.surface() in _COUNT_NOUNS
                            and any(b.surface() in _ROUND_NOUNS for b in phrase[:i]))
                        or _ASKS_FIGURE.search(n.surface()) or _AUDIENCE_SUFFIX.search(n.surface())):
                    continue
                before = phrase[i - 1] if i else None
                if before is not None and before.part_of_speech()[0] == "接頭辞" and before.surface() not in _HONORIFIC_PREFIXES:
                    # 「相見積り」 is read 相|見積り: the prefix is part of the thing (見積り alone is stated)
                    out.append((before.surface() + n.surface(), before.reading_form() + n.reading_form()))
                else:
                    out.append((n.surface(), n.reading_form()))
        phrase = []
    return out


# What a question asks to be done or had, besides its topic (「期間終了後に売却することはできますか」
# 「会社を解散した場合、どうなりますか」「配送用の軽トラックを買う費用に使えますか」): an action noun before
# する (売却, 解散, 重複) or the object before を, in the asking clause. Not one inside a clause that
# describes another thing (「防犯カメラをAIで解析するシステム」「自己診断した中小企業」「上乗せしてもらえる
# 仕組み」: the thing asked about is the システム, the 中小企業, the 仕組み), not one before a context
# clause's end (「…させたいけど、」「…入れたいのですが、」), not a phrase holding a category word.
_CLAUSE_END = {"が", "けど", "けれど", "けれども", "ので", "から"}
# Nouns a describing clause may end on and still state the asked action or thing (「売却すること」
# 「解散した場合」「買う費用」).
_CLAUSE_HEADS = {"こと", "事", "の", "場合", "とき", "時", "際", "ところ", "後", "前", "ため", "費用", "経費", "代", "代金",
                 "購入費", "分", "額", "金額", "方法", "必要"}


def _not_asked(ms: list[Any], j: int) -> bool:
    """Whether the predicate starting at ``ms[j]`` (a verb, or する after an action noun) is the
    owner's wish (「チャットボットを導入したい」「券売機を省力化したい」: what the company wants, which
    the program's categories answer) or ends in a form that describes the noun after it, and that
    noun names a thing of its own (「解析するシステム」)."""
    for m in ms[j:]:
        if m.part_of_speech()[:2] == ("補助記号", "句点"):
            break
        if m.part_of_speech()[0] == "助動詞" and m.dictionary_form() == "たい":
            return True  # 「…役割を与えて接客させたい」: the sentence states a wish
    k = j
    while k < len(ms) and (ms[k].part_of_speech()[0] in ("動詞", "助動詞") or (k > j and ms[k].surface() in ("て", "で"))):
        k += 1
    if k >= len(ms) or ms[k - 1].surface() in ("て", "で"):
        return False
    nxt = ms[k]
    return nxt.part_of_speech()[0] == "名詞" and nxt.surface() not in _CLAUSE_HEADS


_REQUEST_VERBS = {"下さる", "くださる", "くれる", "呉れる", "欲しい", "ほしい", "貰う", "もらう", "頂く", "いただく"}


def _asks_the_advisor(ms: list[Any], j: int) -> bool:
    """Whether the する at ``ms[j]`` is in a request made of the advisor (「さっきのは無視してください」
    「確認してほしい」): what the owner asks the advisor to do, not a thing the question is about."""
    return (j + 2 < len(ms) and ms[j + 1].surface() in ("て", "で")
            and ms[j + 2].dictionary_form() in _REQUEST_VERBS)


def _ends_predicate(m: Any) -> bool:
    pos = m.part_of_speech()
    return pos[0] in ("動詞", "助動詞", "形容詞") or (pos[0] == "助詞" and pos[1] in ("終助詞", "接続助詞"))


# (after a verb: 「書くとして、」「実測したとして、」; not 「前提として、」「案内役として、」, which name a role)
_SUPPOSITION = re.compile(r"(?<=[うくぐすつぬぶむるた])(?:として|とすると|とすれば|としたら|とした場合)[、,]")


def asked_nouns(text: str) -> list[tuple[str, str]]:
    """(surface, reading) of the action nouns and objects a question asks about (see above)."""
    from sudachipy import SplitMode

    from advisor.text import sudachi_tokenizer

    ms = list(sudachi_tokenizer().tokenize(text, SplitMode.C))
    # The asking clause: after the last context clause's end (接続助詞 が/けど/ので/から), or after a
    # space that follows a finished predicate (owners typing without 。: 「さっき聞いたとは無視して
    # よかです 私が聞き間違えとった 省力化の一般型の補助率ば…」), not a space between a noun and its particle.
    start = 0
    for j, m in enumerate(ms):
        if m.part_of_speech()[:2] == ("助詞", "接続助詞") and m.surface() in _CLAUSE_END:
            start = j + 1
        elif j and j + 1 < len(ms) and not m.surface().strip() and _ends_predicate(ms[j - 1]):
            start = j + 1
    # A supposition before it (「実測した「月40時間削減」で書くとして、…目的ってどう書いてあります？」) is the
    # owner's context, as a context clause's end is: what follows it is asked.
    supposed = max((m.end() for m in _SUPPOSITION.finditer(text)), default=0)
    while start < len(ms) and ms[start].begin() < supposed:
        start += 1
    ms = ms[start:]
    things = {m.begin() for m in _thing_nouns(text)}
    out: list[tuple[str, str]] = []
    for j, m in enumerate(ms[:-1]):
        pos = m.part_of_speech()
        if m.begin() not in things or _TOPIC_SKIP_POS & set(pos[1:4]) or _CATEGORY_WORD.search(m.surface()):
            continue
        nxt = ms[j + 1]
        if pos[2] == "サ変可能" and nxt.part_of_speech()[0] == "動詞" and nxt.dictionary_form() in ("する", "出来る"):
            if not _not_asked(ms, j + 1) and not _asks_the_advisor(ms, j + 1):
                out.append((m.surface(), m.reading_form()))
            continue
        if nxt.surface() == "を" and nxt.part_of_speech()[0] == "助詞":
            phrase = [m]
            i = j - 1
            while i >= 0 and (ms[i].part_of_speech()[0] == "名詞" or ms[i].surface() in ("の", "や")):
                phrase.insert(0, ms[i])
                i -= 1
            if any(_CATEGORY_WORD.search(n.surface()) for n in phrase):
                continue
            verb = next((k for k in range(j + 2, len(ms)) if ms[k].part_of_speech()[0] == "動詞"), None)
            if verb is not None and not _not_asked(ms, verb):
                out.append((m.surface(), m.reading_form()))
    return out


def _synonym_mentioned(word: str, retriever) -> bool:
    """Whether a word of one of ``word``'s SudachiDict synonym groups is indexed (お金 → 資金, 商売 →
    事業, 中身 → 内容): a paraphrase of something the documents say, not a thing they leave out."""
    from advisor.index.analysis import morphemes

    try:
        vocab = retriever._state().lexical.vocabulary
    except Exception:  # noqa: BLE001 - no BM25 statistics: nothing can be said to be absent
        return True
    return any(f"g:{g}" in vocab for m in morphemes(word) for g in m.synonym_groups)


def unstated_topic(question: str, hits: list[ScoredChunk], retriever, names: list[str] | tuple[str, ...] = (),
                   skip_categories: bool = False, paraphrases: bool = False) -> list[str]:
    """The topic nouns of the question's asking sentences (see above) that no retrieved passage
    states and no indexed document mentions; [] otherwise or when nothing was retrieved.
    ``skip_categories``: see topic_nouns (when catalog facts answer the asked program's slot).
    ``paraphrases``: a topic noun whose synonym group is indexed is stated too (「中身は」 asked of a
    program's card, whose facts are its 内容)."""
    from sudachipy import SplitMode

    from advisor.text import sudachi_tokenizer

    if not hits:
        return []
    question = without_preface(question)
    text = gate_text(question)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(nfkc(name), " ") if name else text  # the program's own name is no topic
    focus = topic_nouns(text, skip_categories)
    # With facts for the asked slot, an action that is the slot itself (「年に何回募集してる？」) is no thing.
    asked = [f for f in asked_nouns(text) if f not in focus and not (skip_categories and f[0] in _SLOT_NOUNS)] if ASKED_NOUNS else []
    focus += asked
    if not focus:
        return []
    # A prefixed word (相見積り) is no single index term: its own words would count it as stated.
    joined = {word for word, _ in focus if len(sudachi_tokenizer().tokenize(word, SplitMode.C)) > 1}
    passages = compact(" ".join(h.chunk.text_with_heading() for h in hits)).lower() if joined else ""
    unstated = [w for w in _unstated_words([f for f in focus if f[0] not in joined], hits, retriever)]
    unstated += [w for w in dict.fromkeys(w for w, _ in focus if w in joined) if compact(w).lower() not in passages]
    if not unstated:
        return []
    try:
        corpus = _corpus_text(retriever, lower=True)  # 「webサイト」 and 「Webサイト」 are one word
    except Exception:  # noqa: BLE001 - no corpus text: nothing can be said to be absent from it
        return []
    asked_words = {w for w, _ in asked}
    return [word for word in unstated if not _mentioned_in(word, corpus)
            and not ((paraphrases or word in asked_words) and _synonym_mentioned(word, retriever))]


def stated_by_facts(words: list[str], facts: list[Evidence]) -> list[str]:
    """The ``words`` that the catalog facts chosen for a figure slot state: the word, its reading or
    a word of its SudachiDict synonym group (「金利はどのくらい下がる？」 and the fact 「基準利率よりも低い
    利率」: 金利 and 利率 are one group). Only the whole word's own terms count, not its parts'. The
    facts are the program's caps, rates or schedule, so the broad groups (手数料 → 費用) do not reach
    the passages every subsidy shares. A word naming the slot itself (_SLOT_NOUNS: 「次の募集はいつ頃？」)
    is answered by them too."""
    from sudachipy import SplitMode

    from advisor.index.analysis import morphemes
    from advisor.text import sudachi_tokenizer

    if not facts:
        return []
    stated: set[str] = set()
    for fact in facts:
        stated |= _terms_cached(fact.original)
    out = []
    for word in words:
        whole = [m for m in morphemes(word) if m.surface == word] if len(sudachi_tokenizer().tokenize(word, SplitMode.C)) == 1 else []
        own = {f"w:{m.normalized}" for m in whole} | {f"r:{m.reading}" for m in whole} | {f"g:{g}" for m in whole for g in m.synonym_groups}
        if own & stated or word in _SLOT_NOUNS:
            out.append(word)
    return out


def _mentioned_in(word: str, corpus: str) -> bool:
    """Whether the compacted, lower-cased corpus text has ``word``, or every part (two characters or more) of a
    compound of at least two such parts (優遇措置: 優遇 and 措置)."""
    from sudachipy import SplitMode

    from advisor.text import sudachi_tokenizer

    if compact(word).lower() in corpus:
        return True
    parts = [m.surface() for m in sudachi_tokenizer().tokenize(word, SplitMode.A) if len(m.surface()) >= 2]
    return len(parts) >= 2 and all(compact(p).lower() in corpus for p in parts)
