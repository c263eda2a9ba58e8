"""How owners refer to programs without their full name: ordinals (「2つ目の補助金」「一番上のやつ」
「前者」), deictic words (「そっちは？」「それって」), corrections (「いや、ものづくり補助金の方です」),
shortened names (「ものづくり」「省力化補助金」「IT補助金」「新事業進出」) and a type word alone
(「カタログ型の話です」). The frame (advisor/understanding/__init__.py) resolves them against the
catalog and the earlier frames; nothing else reads the message for these.

Names are derived from the catalog, not listed here: a program's *head* is its name without the
leading 中小企業, the bracketed type and the trailing kind word (補助金, 税制, …), e.g.
「中小企業新事業進出補助金」 → 「新事業進出」; owners shorten a head from its start
(「省力化投資」 → 「省力化補助金」, 「IT導入」 → 「IT補助金」).
"""

from __future__ import annotations

import functools
import re
from fractions import Fraction
from typing import TYPE_CHECKING

from advisor.text import compact, nfkc

if TYPE_CHECKING:
    from advisor.programs import Catalog, Program

# 0-based position in a list the owner saw (the recommendations) or in the order programs came up.
_ORDINAL_WORDS: list[tuple[int, str]] = [
    (0, r"一番上|いちばん上|一番目|1番目|一つ目|1つ目|ひとつ[目め]|1個目|一個目|最初|はじめ|初め|トップ|1位|上の方"),
    (1, r"2番目|二番目|二つ目|2つ目|ふたつ[目め]|2個目|二個目|2位|上から2"),
    (2, r"3番目|三番目|三つ目|3つ目|みっつ[目め]|3個目|三個目|3位|上から3"),
    (-1, r"最後|一番下|いちばん下"),
]
# The ordinal must name a program (「最初の補助金」「2つ目のやつ」「最初に出てきた補助金」), not a
# time (「最初に何をすれば」) or a round (「最初の公募」).
_REFERENT = r"(?:に(?:出てきた|出た|挙がった|あった|書いてある|おすすめされた|紹介された|聞いた|きいた|伺った|うかがった|お聞きした|お尋ねした|言った|訊いた|話した|質問した|尋ねた|見た|教えてもらった)|で(?:出てきた|挙がった))?(?:の|例の|あの)?(?:補助金|助成金|制度|税制|融資|支援策?|やつ|奴|もの|方|ほう|あれ|それ)|(?:の|は|って|だと)(?![^、。？?]{0,4}(?:公募|回|年|月|日|手順|ステップ))"
_ORDINALS = [(i, re.compile(f"(?:{words})(?:{_REFERENT})")) for i, words in _ORDINAL_WORDS]
# 「前者」「後者」: of the two programs just compared.
_FORMER_LATTER = re.compile(r"(?P<word>前者|後者)")
# The other one of two programs discussed together: 「もう一つの方は？」「もう片方は？」
_OTHER_ONE = re.compile(r"もう(?:一つ|ひとつ|1つ|片方|一方)|他方|別の方|残りの(?:方|ほう|補助金|制度)|"
                        r"\bthe other (?:one|type|program|subsidy)\b", re.I)
# A pointer at the program under discussion: 「そっちは？」「それって…」「さっきの補助金」
# 「あれの締切は？」: あれ as a pointer only before a particle (「あれ？」 alone is an exclamation).
DEICTIC = re.compile(r"そっち|こっち|あっち|そちら|こちらの(?:制度|補助金)|それって|それは|それの|それも|あれって|あれの|あれは|あれも|その(?:補助金|制度|税制|融資|支援)|"
                     r"さっきの|先ほどの|前の(?:補助金|制度)|同じ(?:補助金|制度)|(?:最初|元|もと)の(?:補助金|制度)に戻|"
                     # 「先ほど教えていただいた補助金」「前に聞いた税制」「さっき言ってたやつ」: a past turn's program
                     r"(?:さっき|先ほど|先程|前に|以前)[^、。？?]{0,12}(?:補助金|制度|税制|融資|やつ)")
# 「さっきの方は？」「前の方の対象経費は？」 after a switch: 方 contrasts with the program now under
# discussion, so the pointer goes to the one discussed before it (「さっきの補助金」 alone does not).
EARLIER_SIDE = re.compile(r"(?:さっき|先ほど|先程|前|以前|元|もと)の(?:方|ほう)(?!法|針|向|式)")
# 「上限が高い方の対象経費は？」「補助率が低いほうは？」: the member of the last pair with the higher or
# lower figure in the catalog; the qualifier itself asks for no slot.
_BY_FIGURE = re.compile(r"(?P<what>上限額?|補助上限額?|補助額|金額|補助率|率)(?:が|の)(?P<how>高い|大きい|多い|低い|小さい|少ない)(?:方|ほう)")
# The program under discussion as it is now: 「いまはどの補助金になってる？」「名前が変わった？」 (not a
# request for matching: the owner asks what became of the program just discussed)
CURRENT_FORM = re.compile(r"(?:いま|今|現在)(?:は|も|だと|の)|後継|名前が変わ|名称が変わ|どうなっ|変わった")
# The owner corrects what the advisor took the question to be about: 「いや、…の方です」「違います、…」
# The openers may repeat (「違う違う、」「いやいや、」「いや、違います。」).
CORRECTION = re.compile(r"^(?:(?:いや|いえ|いいえ|ちがう|違う|違います|違いますよ|そうじゃなく(?:て)?|そうではなく(?:て)?|"
                        r"そっちじゃなく(?:て)?|それじゃなく(?:て)?|じゃなくて|"
                        # 「ごめん間違えた、」「すみません、勘違いしてました。」: the owner's own slip owned
                        # (after an 「あ、」 and in a spoken apology too: 「あ、すんません間違えました、」; NOTES.md "s45-conv")
                        r"(?:(?:あ|あっ|あー|ああ)[、,\s]*)?(?:ごめん(?:なさい)?|すみません|すいません|すんません|すまん|申し訳(?:ない|ありません)|失礼(?:しました)?)?[、,\s]*"
                        r"(?:間違え(?:た|ました|ちゃった)|間違いました|勘違い(?:してた|してました|しました|でした))(?=[、,。!！\s])"
                        r")[、,。!！\s]*)+|"
                        r"(?:の方|のほう|の話)(?:です|でした|だった|やった|だよ|だって|なんです|を聞いて|について)|"
                        # 「…、一般型のほう」: the one meant, said last
                        r"(?:の方|のほう)[。!！\s]*$")
_KIND_SUFFIX = re.compile(r"(?:促進補助金|補助金|助成金|税制|制度|融資|支援)$")
_QUALIFIED = re.compile(r"^(?P<base>.+?)[（(](?P<qual>[^（）()]+)[）)]$")
_ABBREVIATED_KIND = "補助金"
MIN_HEAD_CHARS = 4  # a head standing alone must be this long (「ものづくり」, not 「IT」)
MIN_PREFIX_CHARS = 2  # 「IT補助金」: a shortened head followed by 補助金


def ordinal(text: str) -> int | None:
    """The position a message points at (「2つ目の補助金」 → 1, 「最後の」 → -1), if any."""
    t = re.sub(r"\s+", "", nfkc(text))  # 「最初 の 方」: words typed apart
    for index, pattern in _ORDINALS:
        if pattern.search(t):
            return index
    return None


def former_latter(text: str) -> int | None:
    m = _FORMER_LATTER.search(nfkc(text))
    if m is None:
        return None
    return 0 if m.group("word") == "前者" else 1


def the_other_one(text: str) -> bool:
    return bool(_OTHER_ONE.search(nfkc(text)))


def is_correction(text: str) -> bool:
    return bool(CORRECTION.search(nfkc(text).strip()))


def without_correction(text: str) -> str:
    """The message without its correcting words: 「違います、カタログ型の話です。上限は？」 asks for
    an amount, not a comparison (違い)."""
    return CORRECTION.sub(" ", nfkc(text).strip())


def by_figure(text: str) -> tuple[str, bool] | None:
    """(「amount」 or 「rate」, highest?) for 「上限が高い方」「補助率が低いほう」, else None."""
    m = _BY_FIGURE.search(nfkc(text))
    if m is None:
        return None
    return ("rate" if "率" in m.group("what") else "amount", m.group("how") in ("高い", "大きい", "多い"))


def figure_of(program: "Program", slot: str) -> float | None:
    """The program's highest cap (yen) or rate (fraction) in the catalog, or None."""
    if slot == "amount":
        amounts = [c.amount_jpy for c in program.caps if c.amount_jpy]
        return float(max(amounts)) if amounts else None
    rates = [Fraction(m.group(1)) for r in program.rates if (m := re.match(r"(\d+/\d+)", r.rate))]
    return float(max(rates)) if rates else None


# 「同じ条件でカタログ型だと？」「同じ質問を中堅で」: the question just asked, about another program; 条件
# here asks for no eligibility.
_SAME_ASK = re.compile(r"同じ(?:条件|質問|内容|こと|聞き方)(?:で|を|は|なら|について)?")


def asks_the_same(text: str) -> bool:
    """「さっきのと同じことを、…で教えて」「同じ質問なんですけど、…だと」: the question just asked, again."""
    return bool(_SAME_ASK.search(nfkc(text)))


# What the owner says the question was not about: 「税制じゃなくてDX認定の方です」「中堅のじゃなくて
# ものづくりの方」 — from the sentence's start to 「じゃなくて」 (not 「じゃなくても使える？」「じゃなくてもいい？」:
# those ask a condition). Its names and kinds of program are what the owner turns away from.
_REJECTED = re.compile(r"(?:^|(?<=[。！!？?\n]))[^。！!？?\n]*?(?:じゃ|では|でわ|や)(?:なく|のう)(?:て|って)(?!も(?:[、,\s？?]|いい|よい|良い|大丈夫|使|OK|対象|でき|申請|$))[、,\s]*")


def without_rejected(text: str) -> str:
    """``text`` without the part the owner corrects away (_REJECTED); the whole text when nothing
    else is left."""
    t = nfkc(text)
    kept = _REJECTED.sub("", t).strip()
    return kept if kept else t


def corrects(text: str) -> bool:
    """The message corrects what the previous answer was about: correcting words (「いや、…の方」) or
    a part turned away from (「中堅のじゃなくて…」)."""
    return is_correction(text) or without_rejected(text) != nfkc(text).strip()


def without_qualifiers(text: str) -> str:
    """The message without correcting words, without a 「上限が高い方」 qualifier and without 「同じ条件で」:
    「違います、カタログ型の話です。上限は？」 asks for an amount, not a comparison (違い); 「上限が高い方の
    対象経費は？」 for expenses; 「同じ条件でカタログ型だと？」 for what was just asked."""
    return _SAME_ASK.sub(" ", _BY_FIGURE.sub(" ", without_correction(text)))


def points_back(text: str) -> bool:
    """The message points at something said before (deictic word, ordinal, 前者/後者)."""
    t = nfkc(text)
    return bool(DEICTIC.search(t)) or ordinal(t) is not None or former_latter(t) is not None or the_other_one(t)


def head(name: str) -> str:
    """「中小企業新事業進出補助金」 → 「新事業進出」; 「IT導入補助金2023」 → 「IT導入」."""
    c = compact(name)
    m = _QUALIFIED.match(c)
    if m:
        c = m.group("base")
    c = re.sub(r"\d{4}$", "", c)
    if c.startswith("中小企業") and len(c) > 8:
        c = c.removeprefix("中小企業")
    return _KIND_SUFFIX.sub("", c)


def _heads(names: list[str]) -> set[str]:
    return {h for n in names if len(h := head(n)) >= MIN_PREFIX_CHARS}


_SIDE = r"の(?:(?:方|ほう)(?!法|針|向|式|々)|やつ|奴)"  # 「省力化の方」「省力化のやつ」
_HIRAGANA = re.compile(r"[ぁ-ゖー]+")  # 「ものの方が安い」: a short kana prefix is an ordinary word
# After a head standing alone: a particle or the end, not an object marker (「IT導入を検討」 is no name);
# に only before returning to or asking about it (「ものづくりに戻って」「ものづくりについて」).
_AFTER_HEAD = r"(?:の|は|って|だと|なら|で|も|と|型|枠|[\u4e00-\u9fff\u30a0-\u30ff]{1,5}?[型枠](?![\u4e00-\u9fff])|補助|に(?:戻|もど|ついて|関して|関する)|$|[?？、。])"
# 「省力化は？」「省力化だとどう？」: the whole message asks what about it (the text compacted); a
# size class is the owner's condition (「小規模だとどうなる？」), not 小規模事業者持続化補助金
_SIZE_WORD = re.compile(r"(?:小規模|中小|中堅|大)(?:企業|事業者)?者?")
_WHAT_ABOUT = r"(?:は|って|だと|なら|では|も)(?:どう(?:なの|なる|ですか|でしょう)?)?[?？。!！]*"
_LEAD_IN = r"(?:(?:じゃあ|じゃ|では|なら|で|それで|ほんで|ほな)[、,]?)?"  # 「で、省力化は？」
_LISTED_TAIL = r"(?:は|って|だと|なら|では|も)?[?？。!！、,]*"  # 「省力化とものづくり」: one part of the list


@functools.lru_cache(maxsize=None)
def _pattern(source: str) -> re.Pattern[str]:
    """The compiled pattern, kept: the patterns built from the catalog's program heads number a few
    thousand, more than re's own cache holds (512), so re.search() recompiled them on every turn
    (0.6 s a turn in evals/bench_chat.py). The set is bounded by the catalog."""
    return re.compile(source)


# The word owners put after a shortened name, by the program's kind: 「地域未来投資の税制」「DX税制」
# 「日本政策金融公庫の融資」 as 「中堅の補助金」「IT補助金」.
_KIND_WORDS = {"subsidy": _ABBREVIATED_KIND, "tax": "税制", "loan": "融資"}


_LOANWORD_START = re.compile(r"^[ァ-ヶー]{4,}")
_LATIN_START = re.compile(r"^[A-Za-z]{2,}")


def _clipped(head_: str) -> list[str]:
    """The clipped forms of a head whose parts are joined by ・: a katakana word of 4+ characters cut to
    its first two, then the Latin word (2+ letters) that starts the next part (デジタル化・AI導入 → デジAI)."""
    parts = head_.split("・")
    clips = []
    for first, second in zip(parts, parts[1:]):
        if (kana := _LOANWORD_START.match(first)) and (latin := _LATIN_START.match(second)):
            clips.append(kana.group(0)[:2] + latin.group(0))
    return clips


def _mentions(key: str, names: list[str], subsidy: bool = True, listed: bool = False, kind: str = "") -> int:
    """See _mentions_uncached; cached because one message is read against every program several
    times a turn (shortened, misspelled and listed mentions), ~50 pattern searches each."""
    return _mentions_cached(key, tuple(names), subsidy, listed, kind)


@functools.lru_cache(maxsize=8192)
def _mentions_cached(key: str, names: tuple[str, ...], subsidy: bool, listed: bool, kind: str) -> int:
    return _mentions_uncached(key, list(names), subsidy, listed, kind)


def _mentions_uncached(key: str, names: list[str], subsidy: bool = True, listed: bool = False, kind: str = "") -> int:
    """The length of the longest way ``key`` mentions a program with these names (0: none): its
    head alone, or (a subsidy) a head shortened from its start or from a part after ・, followed by 補助金
    (a tax incentive's by 税制, a loan's by 融資)."""
    best = 0
    word = _KIND_WORDS.get(kind or ("subsidy" if subsidy else ""), "")
    for h in _heads(names):
        if len(h) >= MIN_HEAD_CHARS and _pattern(re.escape(h) + _AFTER_HEAD).search(key):
            best = max(best, len(h))
        # 「ものづくり 締切」「省力化補助率」 (phone-typed): the head or its start, then what is asked
        for n in range(len(h), MIN_SLOT_PREFIX_CHARS - 1, -1):
            # not inside a longer word: 「クラウドサービス対象」 does not name サービス等生産性向上…
            if ((n >= MIN_HEAD_CHARS or not _HIRAGANA.fullmatch(h[:n]))
                    and _pattern(r"(?<![ァ-ヶー\u3400-\u9fffA-Za-z])" + re.escape(h[:n]) + _slot_after_head()).search(key)):
                best = max(best, n)
                break
        # 「省力化は？」「で、DX投資だと？」: a short message asking about the head's first words alone;
        # in a list of programs (listed) a part may be those words alone (「省力化とものづくり、…」)
        for start in _word_prefixes(h):
            if (len(start) >= MIN_SLOT_PREFIX_CHARS and not _HIRAGANA.fullmatch(start) and not _SIZE_WORD.fullmatch(start)
                    and _pattern(_LEAD_IN + re.escape(start) + (_LISTED_TAIL if listed else _WHAT_ABOUT)).fullmatch(key)):
                best = max(best, len(start))
        # 「AXの地域ネットワーク」「AXネットワーク」 for 「AX促進に向けた地域ネットワーク」: a name phrased with
        # a middle clause (kana between its words) shortened to its first word(s) and its last noun
        if (m := _PHRASED_NAME.fullmatch(h)) is not None:
            last = m.group("last")
            lasts = {last, *(t for t in _TAIL_NOUN.findall(last) if len(t) >= 3)}
            for start in {m.group("first"), *_word_prefixes(m.group("first"))}:
                if len(start) >= MIN_PREFIX_CHARS and not _HIRAGANA.fullmatch(start):
                    for tail in lasts:
                        if _pattern(r"(?<![ァ-ヶー\u3400-\u9fffA-Za-z])" + re.escape(start) + r"(?:の)?" + re.escape(tail)).search(key):
                            best = max(best, len(start) + len(tail))
        # 「デジAI」 for 「デジタル化・AI導入」: a loanword clipped to its first two kana (as デジカメ, パソコン) and
        # the Latin word that starts the next part, written together and standing alone
        for clip in _clipped(h):
            if _pattern(r"(?<![ァ-ヶーA-Za-z])" + re.escape(clip) + r"(?![A-Za-z])").search(key):
                best = max(best, len(clip))
        if not word:
            continue
        for part in {h, *h.split("・")}:
            for n in range(len(part), MIN_PREFIX_CHARS - 1, -1):
                if part[:n] + word in key:
                    best = max(best, n)
                    break
        # 「中堅の補助金」「省力化の補助金」「地方拠点の税制」: the head's start, の, 補助金 (not the start of a
        # part after ・: 「AIの補助金」 asks for AI subsidies in general; a whole part is a name, 「AI導入の補助金」)
        for n in range(len(h), MIN_PREFIX_CHARS - 1, -1):
            if not _HIRAGANA.fullmatch(h[:n]) and h[:n] + "の" + word in key:
                best = max(best, n)
                break
        for part in h.split("・")[1:]:
            if len(part) >= MIN_HEAD_CHARS and part + "の" + word in key:
                best = max(best, len(part))
        if not subsidy:
            continue
        # 「中堅の大型投資の補助金」: the head's start, の, a few words sharing a word with the rest of
        # the head (投資), 補助金 — the owner's paraphrase of the name
        for n in range(len(h) - 2, MIN_PREFIX_CHARS - 1, -1):
            rest = h[n:]
            if _HIRAGANA.fullmatch(h[:n]):
                continue
            m = _pattern(re.escape(h[:n]) + r"の(?P<middle>[^、。？?\s]{2,8}?)" + _ABBREVIATED_KIND).search(key)
            if m and any(rest[i:i + 2] in m.group("middle") for i in range(len(rest) - 1)):
                best = max(best, n)
                break
        # 「中堅のほうは？」「省力化の方」: the head's start, then の方/のほう (the head alone is too short)
        for n in range(len(h), MIN_PREFIX_CHARS - 1, -1):
            if (n >= MIN_HEAD_CHARS or not _HIRAGANA.fullmatch(h[:n])) and _pattern(re.escape(h[:n]) + _SIDE).search(key):
                best = max(best, n)
                break
    return best


# A name phrased with a middle clause: its first word(s), kana, …, its last noun (「AX促進に向けた地域ネットワーク」).
_PHRASED_NAME = re.compile(r"(?P<first>[^ぁ-ゖ]{2,})[ぁ-ゖ].*[ぁ-ゖ](?P<last>[^ぁ-ゖ]{2,})")
_TAIL_NOUN = re.compile(r"[ァ-ヶー]+$")  # the katakana noun a last noun ends in (地域ネットワーク → ネットワーク)


def _type_stem(name: str) -> str:
    """「中小企業省力化投資補助金（カタログ型）」 → 「カタログ」 (the bracketed type without 型/枠), or ''."""
    m = _QUALIFIED.match(compact(name))
    stem = re.sub(r"[型枠]$", "", m.group("qual")) if m else ""
    return stem if len(stem) >= 2 else ""


def shortened_programs(text: str, catalog: "Catalog", listed: bool = False) -> list["Program"]:
    """Programs named by a shortened name (「ものづくりだと」「省力化補助金」「IT補助金」). Where
    several share the shortened head (一般型 and カタログ型), the one the unqualified name stands for
    (the catalog's own reading of 「…補助金」) is taken."""
    key = compact(text)
    scored: list[tuple[int, "Program"]] = []
    for program in catalog.programs:
        n = _mentions(key, program.names, program.kind == "subsidy", listed, str(program.kind or ""))
        if n:
            scored.append((n, program))
    if not scored:
        return []
    best = max(n for n, _ in scored)
    found = [p for n, p in scored if n == best]
    if len(found) > 1:
        # 「カタログの省力化補助金」: the type word's stem beside the shortened name decides.
        by_type = [p for p in found if (stem := _type_stem(p.name.value)) and stem in key]
        if len(by_type) == 1:
            return by_type
        # 「省力化補助金」 → what 「省力化投資補助金」 names in the catalog (the 一般型's alias)
        unqualified = {p.id for p in catalog.named_in(head(found[0].name.value) + _ABBREVIATED_KIND)}
        found = [p for p in found if p.id in unqualified] or found[:1]
    current = [current_program(p, catalog) for p in found]
    return [p for i, p in enumerate(current) if p.id not in {q.id for q in current[:i]}]


# Where a message lists programs (「ものづくりとIT補助金」「ものづくり補助金と省力化補助金の違い」).
_COORDINATOR = re.compile(r"と|や|、|,|vs\.?|VS|／|/|か、|それとも|あと")


# A tax incentive half-remembered as a tax cut (「DX投資減税ゆうのがあったやろ」 for DX投資促進税制): 〜減税 after a
# name is read as 〜税制, which the shortened names then match (「DX投資税制」); a cut with no name before it
# (「減税って何？」「法人税の減税」 after の) stays as typed (NOTES.md "s46-oos").
_TAX_CUT = re.compile(r"(?<=[A-Za-zＡ-Ｚａ-ｚ一-龥ァ-ヶー])減税")


def without_tax_cut_names(text: str) -> str:
    return _TAX_CUT.sub("税制", text)


def shortened_programs_each(text: str, catalog: "Catalog") -> list["Program"]:
    """Programs named by shortened names anywhere in the message, in order: each part between
    coordinators (と, や, 、, vs, それとも) is read on its own, so that 「ものづくりとIT補助金」 names
    both (a longer mention does not hide a shorter one elsewhere). One program at most per part."""
    text = without_tax_cut_names(nfkc(text))
    found: list["Program"] = []
    for part in _COORDINATOR.split(nfkc(text)):
        for program in shortened_programs(part, catalog, listed=True):
            if program.id not in {p.id for p in found}:
                found.append(program)
    whole = shortened_programs(text, catalog)
    return found if len(found) > 1 else whole


def current_program(program: "Program", catalog: "Catalog") -> "Program":
    """The program as it is now: an informal name (「IT補助金」) means the program owners can apply to
    today, so a superseded program gives way to its successor (IT導入補助金2023 → デジタル化・AI導入
    補助金). Its full name still names the old program: the answer then points to the successor."""
    seen: set[str] = set()
    while program.status.value == "superseded" and program.status.successor and program.id not in seen:
        seen.add(program.id)
        successor = catalog.get(program.status.successor)
        if successor is None:
            break
        program = successor
    return program


# 「一般のほうは？」「カタログだと？」: a type's stem without 型, as a side of the program under discussion
_STEM_SIDE = r"(?:の(?:(?:方|ほう)(?!法|針|向|式|々)|やつ|奴)|だと|なら)"


def type_named(text: str, catalog: "Catalog", family: list[str] | None = None) -> list["Program"]:
    """A program named by its type word alone (「カタログ型の話です」「一般型の対象経費は？」): the
    program whose bracketed type it is, when one program has it, or when it is of the same
    family (same base name) as a program of ``family`` (ids under discussion). Within that family
    the type's stem names it too when it stands for a side (「一般のほうは？」「カタログだと？」):
    alone, 「一般」 is an ordinary word."""
    key = compact(text)
    found: list["Program"] = []
    for program in catalog.programs:
        m = _QUALIFIED.match(compact(program.name.value))
        if m and len(m.group("qual")) >= 2 and m.group("qual") in key:
            found.append(program)
    if not found and family:
        bases = {head(p.name.value) for p in (catalog.get(i) for i in family) if p is not None}
        found = [p for p in catalog.programs if head(p.name.value) in bases and (stem := _type_stem(p.name.value))
                 and _pattern(re.escape(stem) + _STEM_SIDE).search(key)]
        return found if len(found) == 1 else []
    if len(found) > 1 and not family and len({head(p.name.value) for p in found}) == 1:
        # 「一般型とカタログ型の違いは？」: the types of one family, named together, in the message's order
        return sorted(found, key=lambda p: key.find(_QUALIFIED.match(compact(p.name.value)).group("qual")))
    if len(found) <= 1 or not family:
        return found if len(found) == 1 else []
    bases = {head(p.name.value) for p in (catalog.get(i) for i in family) if p is not None}
    return [p for p in found if head(p.name.value) in bases][:1]


# A type described by how it works, with no program name around it (「製品カタログから選ぶタイプの補助金」, in spaced
# kana 「せいひん カタログ から えらぶ タイプ の ほじょきん」 once respelled): the type's stem, a few characters, then タイプ/
# 型/方式 and a word for a program. Not the stem as an ordinary word (「一般的なタイプの補助金」) nor a thing of that
# kind (「カタログで見たタイプのロボット」: no program word after タイプ). NOTES.md "s47-conv".
_DESCRIBED_TYPE_TAIL = r"(?!的)[^、。，,？?！!]{0,10}?(?:タイプ|型|方式)の?(?:補助金|助成金|支援制度|制度)"


def type_described(text: str, catalog: "Catalog") -> list["Program"]:
    """The one program whose bracketed 〜型 type the message describes by its stem (see _DESCRIBED_TYPE_TAIL), or []."""
    key = compact(text)
    found = []
    for program in catalog.programs:
        m = _QUALIFIED.match(compact(program.name.value))
        stem = m.group("qual").removesuffix("型") if m and m.group("qual").endswith("型") else ""
        if len(stem) >= 2 and re.search(re.escape(stem) + _DESCRIBED_TYPE_TAIL, key):
            found.append(program)
    return found if len(found) == 1 else []


def absent_program(text: str, catalog: "Catalog") -> str:
    """The name of a program the owner names that the catalog knows only from a 公募要領 not in
    the index (「新事業進出の方は？」), or ''."""
    key = compact(text)
    for name, names in catalog.absent.items():
        if any(compact(n) in key for n in names) or _mentions(key, names):
            return name
    return ""


# IME slips in a type word (「一般形」「カタログ形」: 形 and 型 are both けい/がた).
_TYPE_SLIP = re.compile(r"(?<=[ァ-ヶー一-龥])形(?=の|は|で|って|と|だと|に|補助|[?？、。]|$)")
MIN_MISSPELLED_CHARS = 7  # a name this long may carry one wrong, missing or extra character


def without_type_slips(text: str) -> str:
    return _TYPE_SLIP.sub("型", nfkc(text))


def _within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance of a and b is at most 1."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i + (len(a) == len(b)):] == b[i + 1:]


# A name half-remembered and given as a name: 「ラボってやつ」「その地域ネットワークってのには」「プラットフォーム
# とかいうの」「よろずなんとか」 — the run of kanji/katakana/Latin before the naming words.
_GIVEN_AS_A_NAME = re.compile(r"([一-龥ァ-ヶーA-Za-zぁ-ん]{2,})(?:って(?:いう|ゆう)?(?:やつ|奴|の(?:は|に|って|が|を|も)?|もの|とこ)|"
                              r"とか(?:いう|ゆう)|なんとか|なんちゃら)")
MIN_TAIL_CHARS = 2
MIN_KANA_START_CHARS = 3  # a hiragana fragment names a program only by its start, and only this long (「よろず」, not 「もの」)


def tail_named(text: str, catalog: "Catalog") -> list["Program"]:
    """The one program whose name or alias (its bracketed type left out) ends in a fragment the owner gives as
    a name (_GIVEN_AS_A_NAME): 「ラボってやつ」 → 地域DX推進ラボ (also 地方版ラボ), 「地域ネットワークってのには」 →
    AX促進に向けた地域ネットワーク. A fragment many programs end in (補助金, 税制, 制度) names none of them."""
    found: list["Program"] = []
    matches = list(_GIVEN_AS_A_NAME.finditer(nfkc(text)))
    if not matches:
        return found
    # each program's names, their bracketed type left out: read once, not per fragment tried
    bases = [(p, [re.sub(r"[（(][^）)]*[）)]$", "", nfkc(n)) for n in _names(p)]) for p in catalog.programs]
    for m in matches:
        run = re.sub(r"(?:なんとか|なんちゃら)$", "", m.group(1))  # 「よろずなんとかってのは」: the name's start, the rest forgotten
        # the run may hold what precedes the name (「例のよろず」「その地域ネットワーク」): its longest ending that
        # names one program
        for start in range(len(run) - MIN_TAIL_CHARS + 1):
            fragment = run[start:]
            if _KIND_SUFFIX.fullmatch(fragment):
                continue
            kana = bool(re.fullmatch(r"[ぁ-ん]+", fragment))
            if kana and len(fragment) < MIN_KANA_START_CHARS:
                continue
            if re.search(r"[ぁ-ん]", fragment) and not kana:
                continue  # a particle inside: not one name
            fitting = [p for p, names in bases
                       if any(b.startswith(fragment) or (not kana and b.endswith(fragment)) for b in names)]
            if fitting:
                if len(fitting) == 1 and fitting[0].id not in {p.id for p in found}:
                    found.append(fitting[0])
                break
    return found


def _names(program: "Program") -> list[str]:
    return [program.name.value, *(a.value for a in getattr(program, "aliases", None) or [])]


def misspelled_programs(text: str, catalog: "Catalog") -> list["Program"]:
    """Programs named with one character wrong, missing or extra (「ものずくり補助金」「中堅大規模成長
    投資補助金」): the catalog name nearest to a part of the message, when only one program is that
    near. Only names of MIN_MISSPELLED_CHARS or more: short names are too close to other words."""
    key = compact(text)
    found: dict[str, "Program"] = {}
    for program in catalog.programs:
        for name in {compact(n).removeprefix("中小企業") for n in program.names}:
            if len(name) < MIN_MISSPELLED_CHARS or name in key:
                continue
            if any(_within_one_edit(name, key[i:i + n]) for n in (len(name) - 1, len(name), len(name) + 1)
                   for i in range(0, max(len(key) - n + 1, 0))):
                found[program.id] = program
                break
    return list(found.values()) if len(found) == 1 else []


# Kana-typed words (phones without conversion: 「ものづくりほじょきんの じょうげんは？」, half-width
# 「ﾓﾉﾂﾞｸﾘ補助金」) are respelled with the words the rules know: program names and their heads, type
# words, and the slot words below. Matching is on katakana readings (Sudachi's for kanji), so the
# vocabulary is derived, not listed twice.
RESPELLED_SLOT_WORDS = (
    "上限", "上限額", "補助上限額", "補助率", "補助額", "対象経費", "補助対象経費", "経費", "対象", "要件", "条件",
    "締切", "締め切り", "期限", "公募", "募集", "申請", "申請方法", "申し込み", "申込", "手続き", "特別償却", "税額控除", "控除率",
    "補助金", "税制", "違い", "比較",
)
MIN_SLOT_PREFIX_CHARS = 3  # 「省力化」 before a slot word; 「IT上限」 is too short to say which program


@functools.lru_cache(maxsize=1)
def _slot_after_head() -> str:
    """A slot word right after a head (the text compacted: 「ものづくり 締切」 → 「ものづくり締切」)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(RESPELLED_SLOT_WORDS) - {"補助金", "税制"}, key=len, reverse=True)) + ")"


MIN_RESPELLED_READING = 3  # 経費 (ケイヒ), 公募 (コウボ); shorter readings are too often other words
# A reading shorter than this must begin and end where Sudachi's words do: 「どっちがいい」 holds チガイ
# (違い) across two words; longer ones may not (a kana run like 「しょうりょくかとうし」 is cut anywhere).
MIN_UNALIGNED_READING = 5
_KANA_ONLY = re.compile(r"[ぁ-ゖァ-ヺー]+")
_BRACKET = re.compile(r"[()（）「」『』\[\]【】]")


def _reading_pieces(text: str) -> list[tuple[str, int, int]]:
    """(katakana reading, start, end) per piece of ``text``: a kana character reads as itself (its
    own piece, so a word may start anywhere inside a kana run), a kanji word as Sudachi reads it,
    anything else (Latin, digits) as itself; spaces and punctuation are dropped. Word starts are
    the pieces whose start is a Sudachi word start (see _word_starts)."""
    from sudachipy import SplitMode

    from advisor.text import hiragana_to_katakana, sudachi_tokenizer

    pieces: list[tuple[str, int, int]] = []
    pos = 0
    for m in sudachi_tokenizer().tokenize(text, SplitMode.C):
        surface = m.surface()
        start, pos = pos, pos + len(surface)
        if not surface.strip() or (m.part_of_speech()[0] in ("補助記号", "空白") and not _SMALL_KANA.match(surface)):
            continue  # (a small kana with its long mark, 「てぃー」's 「ぃー」, is tagged a symbol: kept)
        if _KANA_ONLY.fullmatch(surface):
            pieces += [(hiragana_to_katakana(ch), start + i, start + i + 1) for i, ch in enumerate(surface)]
        elif _KANJI_CHAR.search(surface):
            pieces.append((m.reading_form(), start, pos))
        else:
            pieces += [(ch.upper(), start + i, start + i + 1) for i, ch in enumerate(surface)]
    return pieces


_KANJI_CHAR = re.compile(r"[\u3400-\u9fff々]")
_SMALL_KANA = re.compile(r"(?:[ぁぃぅぇぉゃゅょァィゥェォャュョ]ー*|ー+)$")


def _word_starts(text: str) -> set[int]:
    from sudachipy import SplitMode

    from advisor.text import sudachi_tokenizer

    starts, pos = {len(text)}, 0
    for m in sudachi_tokenizer().tokenize(text, SplitMode.C):
        starts.add(pos)
        pos += len(m.surface())
    return starts


def _reading(text: str) -> str:
    return "".join(r for r, _, _ in _reading_pieces(text))


_VOCABULARY: dict[tuple[str, ...], list[tuple[str, str]]] = {}


@functools.lru_cache(maxsize=512)
def _word_prefixes(term: str) -> list[str]:
    """The term's starts that end where a Sudachi word does (「省力化投資」 → 「省力化」): owners type a
    shortened name as its first words (「しょうりょくか」)."""
    from sudachipy import SplitMode

    from advisor.text import sudachi_tokenizer

    out, pos = [], 0
    for m in list(sudachi_tokenizer().tokenize(term, SplitMode.C))[:-1]:
        pos += len(m.surface())
        if pos >= MIN_PREFIX_CHARS:
            out.append(term[:pos])
    return out


# A kanji word in the patterns of what the documents do not state (rules.NOT_STATED, the procedure
# rules' asking patterns): 採択率, 交付決定, 消費税, 返済期間 — typed in kana they are the same question
# (「さいたくりつ」「こうふけってい」), so the respelling reads them from the rules, not from a list here.
# Only words of three kanji or more: two-kanji words share their readings with everyday words
# (工場/向上, 吸収/九州, 指定/している) and would be respelled inside ordinary kana.
_RULE_WORD = re.compile(r"[一-龥々]{3,}")
_CHARACTER_CLASS = re.compile(r"\[[^\]]*\]")


@functools.lru_cache(maxsize=1)
def _rule_words() -> tuple[str, ...]:
    from advisor.understanding import rules

    patterns = [p.pattern for _, p in rules.NOT_STATED] + [r.asked.pattern for r in rules.PROCEDURE_RULES]
    return tuple(sorted({w for p in patterns for w in _RULE_WORD.findall(_CHARACTER_CLASS.sub(" ", p))}))


def _respelling_vocabulary(catalog: "Catalog", extra: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(reading, spelling) of the words respelled, longest reading first."""
    terms: set[str] = set(RESPELLED_SLOT_WORDS) | set(_rule_words()) | set(extra)
    # (the programs known only by a 公募要領 not in the index are named in kana too:
    # 「しんじぎょうしんしゅつほじょきん」, 「じぞくかほじょきん」)
    names = [n for program in catalog.programs for n in program.names] + [n for ns in catalog.absent.values() for n in ns]
    for name in names:
        terms.add(compact(name))
        if len(h := head(name)) >= MIN_PREFIX_CHARS:
            terms.add(h)
            terms.update(_word_prefixes(h))
        if stem := _type_stem(name):
            terms.add(stem + "型")
    key = tuple(sorted(terms))
    if key not in _VOCABULARY:
        # (a katakana word reads as itself: kept when asked for, ロボット for ろぼっと in romaji)
        pairs = {(spoken, t) for t in terms for spoken in _spoken_letters(_reading(t))
                 if len(spoken) >= MIN_RESPELLED_READING and (spoken != t or t in extra)}
        _VOCABULARY[key] = sorted(pairs, key=lambda rt: (-len(rt[0]), rt[1]))
    return _VOCABULARY[key]


# The names owners type for the Latin letters of an acronym (IT, DX, AI) when they type kana
# (「あいてぃーどうにゅうほじょきん」「でぃーえっくすにんてい」); the commonest spellings of each.
_LETTER_NAMES: dict[str, tuple[str, ...]] = {
    "A": ("エー", "エイ"), "B": ("ビー",), "C": ("シー",), "D": ("ディー", "ディ", "デー"), "E": ("イー",),
    "F": ("エフ",), "G": ("ジー",), "H": ("エッチ", "エイチ"), "I": ("アイ",), "J": ("ジェー", "ジェイ"),
    "K": ("ケー", "ケイ"), "L": ("エル",), "M": ("エム",), "N": ("エヌ",), "O": ("オー",), "P": ("ピー",),
    "Q": ("キュー",), "R": ("アール",), "S": ("エス",), "T": ("ティー", "ティ", "テー"), "U": ("ユー",),
    "V": ("ブイ",), "W": ("ダブリュー",), "X": ("エックス",), "Y": ("ワイ",), "Z": ("ゼット",),
}
_ACRONYM = re.compile(r"[A-Z]{2,4}")
MAX_SPOKEN_VARIANTS = 12


def _spoken_letters(reading: str) -> list[str]:
    """``reading`` as typed, and with each acronym's letters spelled as their names in katakana
    (「ITドウニュウ」 → also 「アイティードウニュウ」「アイティドウニュウ」…)."""
    variants = [reading]
    for m in _ACRONYM.finditer(reading):
        spelled = [""]
        for letter in m.group(0):
            spelled = [s + name for s in spelled for name in _LETTER_NAMES.get(letter, (letter,))]
        variants = [v.replace(m.group(0), s, 1) for v in variants for s in [m.group(0), *spelled]]
        variants = variants[:MAX_SPOKEN_VARIANTS]
    return variants


# A one-word kana turn whose reading is too short for the general respelling (「りつは」「りつ？」):
# alone in the message it can only be that slot word.
_BARE_SLOT_READINGS = {"リツ": "補助率"}
_BARE_TAIL = re.compile(r"(?:は|わ|って|ハ|ワ)?[?？!！。\s]*$")


def _bare_slot_word(text: str) -> str:
    word = _BARE_TAIL.sub("", text.strip())
    if not word or not _KANA_ONLY.fullmatch(word):
        return ""
    return _BARE_SLOT_READINGS.get(_reading(word), "")


# The words of the rules' domain and AX-goal patterns (rules.DOMAIN_WORD, rules.AX_GOAL) that a message
# typed in romaji spells in kana (「robotto wo iretai」 → ろぼっと を いれたい): respelled only in such a
# message, whose every word is kana, and in one typed (almost) all in hiragana (rules.kana_typed: by
# voice or on a phone, kana by how it was typed, not by choice) — in a Japanese message with kanji
# words 「しえん」「せいど」 are typed as kana by choice, and its kanji words already say what it is about.
ROMAJI_RESPELLED_WORDS = (
    "制度", "支援", "助成", "融資", "税制", "税金", "減税", "控除", "投資", "設備", "認定", "採択", "審査", "交付", "交付決定",
    "事務局", "申請書", "計画書", "事業計画", "賃上げ", "中堅",
    "中小企業", "小規模", "事業者", "従業員", "行政", "役所", "システム", "ロボット", "自動化", "省力化", "効率化",
    "デジタル", "ソフト", "クラウド", "センサー", "入れたい", "使いたい", "導入",
)


# The words respelled in a kana-typed message besides ROMAJI_RESPELLED_WORDS: the kanji words of the
# rules' kinds of program (rules._KIND_WORDS: 税金, 融資, 公庫, 金利, 保証 …), of the facts an
# application states (rules._APPLICATION_FACT: 売上, 人数, 実績, 給与, 見積 …) and of the documents that
# state them (rules._PLAN_DOCUMENT: 計画, 書類), read from the rules as
# _rule_words reads NOT_STATED — an owner typing by voice says 「こうこのゆうし」「うりあげ」 for them.
_KANJI_WORD = re.compile(r"[一-龥々]{2,}")
# ...and the words of the rules that decline or refuse a message: the professional work outside the
# domain (rules.OUTSIDE_WORK: 内容証明, 年末調整, 翻訳 …) and the advisor's own instructions asked for or
# dropped (rules.SELF_DISCLOSURE: its loanwords ルール, プロンプト …) — a loanword, which a message typed in
# hiragana spells 「るーる」「ぷろんぷと」 — so that 「ないようしょうめい の ぶん かいて」「るーるの ない AI として」
# are read as those rules read them (NOTES.md "s36-oos"). Katakana words of three or more characters only
# (「メール」, not 「LP」 or 「SNS」, which are not typed in kana).
_KATAKANA_WORD = re.compile(r"[ァ-ヶ][ァ-ヶー]{2,}")


@functools.lru_cache(maxsize=1)
def kana_typed_words() -> tuple[str, ...]:
    from advisor.understanding import rules

    patterns = [p.pattern for _, p in rules._KIND_WORDS] + [rules._APPLICATION_FACT, rules._PLAN_DOCUMENT.pattern]
    words = {w for p in patterns for w in _KANJI_WORD.findall(_CHARACTER_CLASS.sub(" ", p))}
    # (the artefacts' words, not whom a letter goes to: 「きぎょうしゃ」 holds 「ぎょうしゃ」)
    outside = _CHARACTER_CLASS.sub(" ", rules.OUTSIDE_WORK.pattern.replace(rules.LETTER_RECIPIENTS, ""))
    own = _CHARACTER_CLASS.sub(" ", rules.SELF_DISCLOSURE.pattern)
    # (SELF_DISCLOSURE's kanji words are spelled in kana in it already — しじ, さいしょ, ぜんぶ — and its
    # others are everyday words: 内容, 自身 would respell 「まちがえないように」「じしん」)
    words |= {*_KANJI_WORD.findall(outside), *_KATAKANA_WORD.findall(outside), *_KATAKANA_WORD.findall(own)}
    return tuple(dict.fromkeys([*ROMAJI_RESPELLED_WORDS, *sorted(words)]))


# Where a word typed in kana begins and ends when Sudachi cannot tell (it splits unconverted kana at
# random: 「こう|この|ゆう|しが」): at the message's ends, a space or mark, another script, or a particle.
_KANA_WORD_EDGE = "のがはをにでもとやへかねよっ"


def _kana_bounded(t: str, start: int, end: int) -> bool:
    before = t[start - 1] if start else " "
    after = t[end] if end < len(t) else " "
    return all(c in _KANA_WORD_EDGE or not _KANA_ONLY.match(c) for c in (before, after))


def respell(text: str, catalog: "Catalog | None", extra: tuple[str, ...] = (), typed_in_kana: bool = False) -> str:
    """``text`` with kana-typed words of the domain written as the catalog and the rules spell them
    (「でじたるかAIどうにゅうほじょきんの じょうげんわ？」 → 「デジタル化・AI導入補助金の 上限わ？」).
    Only spans with at least one kana character are respelled; other text is left as it is.
    ``extra``: more words to respell (ROMAJI_RESPELLED_WORDS for a message typed in romaji).
    ``typed_in_kana``: the message is typed all in kana (kana_typed): a word also ends at a particle."""
    t = nfkc(text)
    if catalog is None or not _KANA_ONLY.search(t):
        return t
    if bare := _bare_slot_word(t):
        return bare + t.strip()[len(_BARE_TAIL.sub("", t.strip())):]
    pieces = _reading_pieces(t)
    words = _word_starts(t)
    rule_words = set(_rule_words())
    piece_at: dict[int, int] = {}  # reading offset where a piece starts → piece index
    offset = 0
    for i, (r, _, _) in enumerate(pieces):
        piece_at[offset] = i
        offset += len(r)
    piece_at[offset] = len(pieces)
    reading = "".join(r for r, _, _ in pieces)
    # (built once per message, not once per reading offset: it walks the whole catalog)
    vocabulary = _respelling_vocabulary(catalog, extra)

    def match_at(k: int) -> tuple[int, int, int, str] | None:
        """(reading length, start, end, spelling) of the longest word read at offset k."""
        for r, spelling in vocabulary:
            if not reading.startswith(r, k) or k + len(r) not in piece_at:
                continue
            start, end = pieces[piece_at[k]][1], pieces[piece_at[k + len(r)] - 1][2]
            aligned = (start in words and (end in words or not t[end:].strip())
                       or (typed_in_kana and _kana_bounded(t, start, end)))
            # (a rule word is a whole word typed from its start in kana: 「申請しょるい」 holds シンセイショ
            # (申請書) before るい; 「さいたく率」 is 採択率)
            if spelling in rule_words and _KANJI_CHAR.match(t[start]):
                continue
            if aligned or len(r) >= MIN_UNALIGNED_READING:
                return len(r), start, end, spelling
        return None

    replacements: list[tuple[int, int, str]] = []
    k = 0
    while k < len(reading):
        found = match_at(k) if k in piece_at else None
        if found is None:
            k += 1
            continue
        length, start, end, spelling = found
        # (a span with brackets is one Sudachi word read without its bracketed part: 「事業者（ベンダー）」;
        # a word already spelled, with its okurigana, stays: 「相見積もり」「精算払い」)
        if (_KANA_ONLY.search(t[start:end]) and not t[start:end].startswith(spelling)
                and not _BRACKET.search(t[start:end])):
            replacements.append((start, end, spelling))
        k += length
    for start, end, spelling in reversed(replacements):
        t = t[:start] + spelling + t[end:]
    return t


# --- the message read by sound against the domain's closed vocabularies (NOTES.md "s33-nid") ---
# An owner typing by voice or on a phone spells a prefecture in kana (「こうちけん」) or a program-type
# word with other kanji of the same sound (「業務改善女性金」: ジョセイキン). The prefectures and the
# program-type words are closed classes: a run that reads as one of them is that word.
_PROGRAM_TYPE_WORDS = ("助成金", "補助金", "給付金")
_KANJI_RUN_EDGE = re.compile(r"[\u3400-\u9fff々]")


@functools.lru_cache(maxsize=1)
def _prefecture_readings() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(the prefecture's reading in hiragana or katakana as a whole kana word, its name), longest first."""
    from advisor.programs.profile import PREFECTURES
    from advisor.text import hiragana_to_katakana

    found = []
    for name in PREFECTURES:
        katakana = "".join(r for r, _, _ in _reading_pieces(name))
        hiragana = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in katakana)
        assert hiragana_to_katakana(hiragana) == katakana, name
        edge = re.escape(_KANA_WORD_EDGE)
        found.append((re.compile(rf"(?:(?<![ぁ-ゖァ-ヺー])|(?<=[{edge}]))(?:{hiragana}|{katakana})"
                                 rf"(?=$|[^ぁ-ゖァ-ヺー]|[{edge}])"), name))
    return tuple(sorted(found, key=lambda p: -len(p[1])))


# ...and the slot words of three kanji or more (補助率, 上限額, 控除率): 「それ補助律は」 typed by voice is 補助率 —
# unread, a bare follow-up inherited the slot of the turn before (NOTES "s37-conv"). Two-kanji words are left
# out: their readings are everyday words' too (公募/酵母, 経費/警備).
_SLOT_WORD_BY_SOUND = re.compile(r"[\u3400-\u9fff々]{3,}")


@functools.lru_cache(maxsize=1)
def _words_by_reading() -> dict[str, str]:
    """The words by_sound restores from a run of kanji of the same sound: the program-type words and the
    slot words of three kanji or more, keyed by their reading."""
    words = (*_PROGRAM_TYPE_WORDS, *(w for w in RESPELLED_SLOT_WORDS if _SLOT_WORD_BY_SOUND.fullmatch(w)))
    return {"".join(r for r, _, _ in _reading_pieces(w)): w for w in words}


# ...and a program-type word the voice input heard one sound off (「保持金」ホジキン, 「保守金」ホシュキン for
# ホジョキン; NOTES.md "s41-oos"): a run of two Sudachi words or more, every sound the word's but one inside it —
# its first sound and its 〜キン kept, as a slip keeps the word's edges. A real word of that shape is one Sudachi
# word (保証金, 保険金) or differs in more than one sound (補償金 ホショウキン, 扶助金 フジョキン), and is kept.
_MORA = re.compile(r"[ァ-ヺ][ァィゥェォャュョヮ]?ー?")


@functools.lru_cache(maxsize=256)
def _program_word_slipped(reading: str) -> str | None:
    """The program-type word (_PROGRAM_TYPE_WORDS) ``reading`` (katakana) is one inner sound off from, else None."""
    morae = _MORA.findall(reading)
    if "".join(morae) != reading or len(morae) < 4 or morae[-2:] != ["キ", "ン"]:
        return None
    for word in _PROGRAM_TYPE_WORDS:
        target = _MORA.findall(_program_word_readings()[word])
        if len(target) == len(morae) and morae[0] == target[0] and morae[-2:] == target[-2:]:
            if sum(a != b for a, b in zip(morae[1:-2], target[1:-2])) == 1:
                return word
    return None


@functools.lru_cache(maxsize=1)
def _program_word_readings() -> dict[str, str]:
    return {w: "".join(r for r, _, _ in _reading_pieces(w)) for w in _PROGRAM_TYPE_WORDS}


_SLIP_CANDIDATE = re.compile(r"(?!補助金|助成金|給付金)[\u3400-\u9fff々]{2}金")


def program_word_slips_read(text: str) -> str:
    """``text`` with a program-type word heard one sound off written as the word (「じぞっか保持金」 → 「じぞっか補助金」);
    the rules that decline or refuse read this before anything else, so that 「保持金で故障診断機」 is the domain's
    (補助金), not a doctor's (診断). Everything else is left as typed."""
    if not _SLIP_CANDIDATE.search(text):
        return text
    pieces = _reading_pieces(text)
    out, last = [], 0
    for (r1, s1, e1), (r2, s2, e2) in zip(pieces, pieces[1:]):
        if e1 == s2 and r2 == "キン" and text[s2:e2] == "金" and e2 - s1 == 3 and s1 >= last \
                and all(_KANJI_RUN_EDGE.match(c) for c in text[s1:e2]) and (word := _program_word_slipped(r1 + r2)):
            out += [text[last:s1], word]
            last = e2
    return "".join(out) + text[last:] if out else text


# 「けんの補助金」 after a prefecture was named: the prefecture's 県, typed alone at a word's start
_BARE_KEN = re.compile(r"(?:(?<=^)|(?<=[\s、。,]))(?:けん|ケン)(?=[のがで])")


# Japanese mixed with English (a writer who drops English nouns and verbs of the domain into a Japanese
# sentence: 「県独自のsubsidyってある？」「AX促進のnetwork、どうやったらjoinできる？いつstartするの？」): the rules
# read those words as the Japanese word they stand for (NOTES.md "s37-oos"); e5 reads the message as typed,
# and a message with no Japanese in it (English) is left as it is.
_ENGLISH_IN_JAPANESE = {"subsidy": "補助金", "subsidies": "補助金", "grant": "助成金", "grants": "助成金",
                        "funding": "補助金", "network": "ネットワーク", "join": "参加", "start": "開始",
                        "apply": "申請", "application": "申請", "deadline": "締切", "loan": "融資",
                        # a program's type in English (「Catalog type 省力化 subsidy」「省力化 general type」): the type word
                        # picks one of a program's types, as 一般型/カタログ型 do (NOTES.md "s40-nid")
                        "general type": "一般型", "catalog type": "カタログ型", "catalogue type": "カタログ型"}
_ENGLISH_WORD_IN_JAPANESE = re.compile(r"(?<![A-Za-z\-'])(" + "|".join(sorted(_ENGLISH_IN_JAPANESE, key=len, reverse=True))
                                       + r")(?![A-Za-z\-'])", re.I)
_JAPANESE_CHARACTER = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def english_words_read(text: str) -> str:
    """``text`` with the domain's English words that stand inside a Japanese sentence written as the
    Japanese word (_ENGLISH_IN_JAPANESE); a sentence without Japanese is left as typed."""
    if not _JAPANESE_CHARACTER.search(text) or not _ENGLISH_WORD_IN_JAPANESE.search(text):
        return text
    return "".join(_ENGLISH_WORD_IN_JAPANESE.sub(lambda m: _ENGLISH_IN_JAPANESE[m.group(1).lower()], part)
                   if _JAPANESE_CHARACTER.search(part) else part for part in re.split(r"(?<=[。！!？?\n])", text))


# A program named in English or in romaji inside an English (or mixed) message (「the dejitaru-ka・AI dōnyū hojokin」
# "DX nintei", "the labor-saving investment subsidy", "yorozu shien kyoten"): the rules read the catalog's Japanese
# name, so that the program is named, its slot carried and what its documents leave out checked as for the Japanese
# name (NOTES.md "s42-en"). Long-vowel marks (ō, ū) and doubled vowels are read alike; the romaji word for a program
# kind (hojokin, zeisei, nintei) or an English kind word (subsidy, certification) must stand beside the head, so
# that a head alone as an English word ("certification of suppliers", "labor costs", "the yorozu store") is kept.
_LONG_VOWELS = str.maketrans({"ā": "a", "ī": "i", "ū": "u", "ē": "e", "ō": "o", "Ā": "A", "Ī": "I", "Ū": "U", "Ē": "E",
                              "Ō": "O", "â": "a", "î": "i", "û": "u", "ê": "e", "ô": "o"})
_SUBSIDY_EN = r"(?:hojokin|hojo-kin|subsid(?:y|ies)|grants?)"
_ENGLISH_PROGRAM_NAMES: list[tuple[re.Pattern[str], str]] = [(re.compile(pattern, re.I), name) for pattern, name in (
    (r"\bdejitaru[- ]?ka\s*[・･/,&\- ]?\s*(?:and\s+)?AI\s*[- ]?\s*do(?:u|o)?nyu(?:u)?\s*" + _SUBSIDY_EN + r"?", "デジタル化・AI導入補助金"),
    (r"\bdigital(?:i[sz]ation)?\s*(?:and|&|・|/)?\s*AI\s+(?:introduction|adoption|implementation)\s+" + _SUBSIDY_EN, "デジタル化・AI導入補助金"),
    (r"\bmono[sz]?u?kuri\s+" + _SUBSIDY_EN, "ものづくり補助金"),
    (r"\bjizokuka\s+" + _SUBSIDY_EN, "持続化補助金"),
    (r"\bsho(?:u|o)?ryoku-?ka\s+(?:to(?:u|o)?shi\s+)?" + _SUBSIDY_EN, "省力化投資補助金"),
    (r"\blabou?r[- ]saving\s+(?:investment\s+)?" + _SUBSIDY_EN, "省力化投資補助金"),
    (r"\b(?:chu(?:u)?sho(?:u)?\s+kigyo(?:u)?\s+)?seicho(?:u)?\s+kasoku-?ka\s+" + _SUBSIDY_EN, "中小企業成長加速化補助金"),
    (r"\bchu(?:u)?ken\s+(?:[a-z\-]+\s+){0,4}?" + _SUBSIDY_EN, "中堅等大規模成長投資補助金"),
    (r"\byorozu\s+(?:shien\s+kyoten|support\s+(?:cent(?:er|re)s?|bases?|offices?))", "よろず支援拠点"),
    (r"\bDX\s+nintei(?:\s+seido)?\b", "DX認定"),
    (r"\bDX\s+certification\b", "DX認定"),
    (r"\bDX\s+to(?:u|o)?shi\s+sokushin\s+zeisei\b", "DX投資促進税制"),
    (r"\bDX\s+investment\s+(?:promotion\s+)?tax\s+(?:incentives?|breaks?|credits?|system|scheme)\b", "DX投資促進税制"),
    (r"\bnihon\s+seisaku\s+kin'?y(?:u|uu)\s+ko(?:u|o)?ko\b", "日本政策金融公庫"),
    (r"\bJapan\s+Finance\s+Corporation\b", "日本政策金融公庫"),
    (r"\b(?:the\s+)?(?:SME\s+)?AX\s+(?:promotion\s+)?network\b", "中小企業AX促進ネットワーク"),
    # the type of a program, in romaji: 「(tsūjō-waku)」「ippan-gata」「katarogu-gata」
    (r"\btsu(?:u)?jo(?:u)?[- ]?waku\b", "通常枠"),
    (r"\bippan[- ]?gata\b", "一般型"),
    (r"\bkatarogu[- ]?gata\b", "カタログ型"),
    # the type in English beside a program named in English ("labor-saving investment subsidy, catalog type")
    (r"\bcatalogu?e?[- ]type\b", "カタログ型"),
    # ...and the type as the subsidy's own name ("the 省力化 catalog subsidy"; NOTES.md "s43-oos")
    # (the English kind word may be read as 補助金 already, english_words_read)
    (r"\bcatalogu?e?\s*(?:(?:subsid(?:y|ies)|grants?|hojokin)\b|補助金)", "カタログ型"),
    (r"\bgeneral[- ]type\b", "一般型"),
)]


def english_program_names_read(text: str) -> str:
    """``text`` with the programs named in English or romaji (_ENGLISH_PROGRAM_NAMES) written as their
    Japanese names; a message without Latin letters is returned as it is."""
    if not re.search(r"[A-Za-zĀ-ſ]", text):
        return text
    read = text.translate(_LONG_VOWELS)
    for pattern, name in _ENGLISH_PROGRAM_NAMES:
        read = pattern.sub(name, read)
    return read if read != text.translate(_LONG_VOWELS) else text


def by_sound(text: str) -> str:
    """``text`` with a prefecture typed in kana written as its name (「こうちけんの」 → 「高知県の」), a bare
    「けん」 after a named prefecture as 県, and a run of kanji that reads as a program-type word or a slot word
    of three kanji but is spelled otherwise (「女性金」「補助禁」「補助律」) as that word. Everything else is left
    as typed."""
    t = text
    if _KANA_ONLY.search(t):
        for pattern, name in _prefecture_readings():
            t = pattern.sub(name, t)
    from advisor.programs.profile import PREFECTURES

    if any(p in t for p in PREFECTURES):
        t = _BARE_KEN.sub("県", t)
    if _KANJI_RUN_EDGE.search(t):
        pieces = _reading_pieces(t)
        readings = _words_by_reading()
        replacements = []
        for i in range(len(pieces)):
            reading, start = "", pieces[i][1]
            for j in range(i, min(i + 3, len(pieces))):
                r, s, e = pieces[j]
                if not _KANJI_RUN_EDGE.fullmatch(t[s:e][0]) or (j > i and s != pieces[j - 1][2]):
                    break
                reading += r
                word = readings.get(reading) or _program_word_slipped(reading)
                if word and t[start:e] != word and j > i and all(_KANJI_RUN_EDGE.match(c) for c in t[start:e]):
                    replacements.append((start, e, word))
                    break
        for start, end, word in reversed(replacements):
            t = t[:start] + word + t[end:]
    return t


# 「カタログやないほうの」「一般型じゃない方の上限」: a program pointed at as the one that is NOT a type of its
# family — the other type of that family (NOTES.md "s45-conv"). The type's stem or name comes right before
# じゃ/や/では + ない + 方/ほう/やつ; a family of more than two types names none (which other is meant is unsaid).
_NOT_THE_ONE = re.compile(r"(?P<x>[^\s、。，,！!？?「」『』]{2,16}?)(?:じゃ|や|では|でわ)(?:ない|ねえ|ねぇ|ねー)(?:ほう|方|やつ|奴)(?!法|針|向|式|々)")


def not_the_one(text: str, catalog: "Catalog") -> str:
    """``text`` with each 「<type>じゃない方」 replaced by the name of the family's other type, when the type
    words name exactly one type of a family of two; otherwise ``text`` unchanged."""
    def other(m: "re.Match[str]") -> str:
        x = compact(m.group("x"))
        typed = [p for p in catalog.programs if (stem := _type_stem(p.name.value)) and stem in x]
        if len(typed) != 1:
            return m.group(0)
        family = [p for p in catalog.programs if _type_stem(p.name.value) and head(p.name.value) == head(typed[0].name.value)]
        rest = [p for p in family if p.id != typed[0].id]
        return rest[0].name.value + "の方" if len(family) == 2 and len(rest) == 1 else m.group(0)
    return _NOT_THE_ONE.sub(other, nfkc(text))


def frame_of_its_own(program: "Program", typed: "Program") -> bool:
    """Whether ``program`` (the one under discussion) has a frame (枠/型) of its own by the bracketed type word
    of ``typed`` (another family's program): ものづくり補助金's caps and rates are told per 「通常枠」, so
    「通常枠だと？」「元に戻って。…通常枠の上限は」 after it asks of ものづくり's 通常枠, not of デジタル化・AI導入補助金
    （通常枠）. Read from the program's cap, rate, expense and target facts as the catalog words them (NOTES.md
    "s45-conv")."""
    m = _QUALIFIED.match(compact(typed.name.value))
    qual = m.group("qual") if m else ""
    if len(qual) < 3 or qual[-1] not in "型枠" or head(program.name.value) == head(typed.name.value):
        return False
    facts = [*program.caps, *program.rates, *program.eligible_expenses, *program.target]
    return any(qual in compact(f.value) or qual in compact(getattr(f, "label", "") or "") for f in facts)
