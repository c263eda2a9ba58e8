"""Japanese typed in the Latin alphabet (romaji), read as kana.

Owners and staff who type on a phone or a foreign keyboard write Japanese in romaji: 「Uchi wa
pan-ya desu. Hojokin tsukaemasu ka?」. Neither e5-small nor the rules read it as Japanese: e5 puts
it next to chit-chat (the decline exemplars hold most of the short Latin-letter messages), and the
rules' words (補助金, 上限, 教えて) are not in it. Written in hiragana the same message is a
kana-typed question, which the rest of understanding already reads (references.respell turns
ほじょきん into 補助金; kana-typed wording raises the bar to decline).

Only a message that is Japanese in romaji is converted: most of its Latin words are romaji
syllables and it holds Japanese function words (desu, masu, wa, ka, kudasai, …). English words in
it (staff, Excel, Brazil) are not syllables and stay as they are; an English message is never
converted (its function words are not Japanese ones).
"""

from __future__ import annotations

import re

_VOWELS = "aiueo"
# Hepburn and kunrei syllables; the longest spelling at a position wins.
_SYLLABLES: dict[str, str] = {
    "a": "あ", "i": "い", "u": "う", "e": "え", "o": "お",
    "ka": "か", "ki": "き", "ku": "く", "ke": "け", "ko": "こ",
    "sa": "さ", "shi": "し", "si": "し", "su": "す", "se": "せ", "so": "そ",
    "ta": "た", "chi": "ち", "ti": "ち", "tsu": "つ", "tu": "つ", "te": "て", "to": "と",
    "na": "な", "ni": "に", "nu": "ぬ", "ne": "ね", "no": "の",
    "ha": "は", "hi": "ひ", "fu": "ふ", "hu": "ふ", "he": "へ", "ho": "ほ",
    "ma": "ま", "mi": "み", "mu": "む", "me": "め", "mo": "も",
    "ya": "や", "yu": "ゆ", "yo": "よ",
    "ra": "ら", "ri": "り", "ru": "る", "re": "れ", "ro": "ろ",
    "wa": "わ", "wo": "を",
    "ga": "が", "gi": "ぎ", "gu": "ぐ", "ge": "げ", "go": "ご",
    "za": "ざ", "ji": "じ", "zi": "じ", "zu": "ず", "ze": "ぜ", "zo": "ぞ",
    "da": "だ", "di": "ぢ", "du": "づ", "dzu": "づ", "de": "で", "do": "ど",
    "ba": "ば", "bi": "び", "bu": "ぶ", "be": "べ", "bo": "ぼ",
    "pa": "ぱ", "pi": "ぴ", "pu": "ぷ", "pe": "ぺ", "po": "ぽ",
    "kya": "きゃ", "kyu": "きゅ", "kyo": "きょ", "sha": "しゃ", "shu": "しゅ", "sho": "しょ", "she": "しぇ",
    "sya": "しゃ", "syu": "しゅ", "syo": "しょ", "cha": "ちゃ", "chu": "ちゅ", "cho": "ちょ", "che": "ちぇ",
    "tya": "ちゃ", "tyu": "ちゅ", "tyo": "ちょ", "nya": "にゃ", "nyu": "にゅ", "nyo": "にょ",
    "hya": "ひゃ", "hyu": "ひゅ", "hyo": "ひょ", "mya": "みゃ", "myu": "みゅ", "myo": "みょ",
    "rya": "りゃ", "ryu": "りゅ", "ryo": "りょ", "gya": "ぎゃ", "gyu": "ぎゅ", "gyo": "ぎょ",
    "ja": "じゃ", "ju": "じゅ", "jo": "じょ", "je": "じぇ", "jya": "じゃ", "jyu": "じゅ", "jyo": "じょ",
    "zya": "じゃ", "zyu": "じゅ", "zyo": "じょ", "bya": "びゃ", "byu": "びゅ", "byo": "びょ",
    "pya": "ぴゃ", "pyu": "ぴゅ", "pyo": "ぴょ", "fa": "ふぁ", "fi": "ふぃ", "fe": "ふぇ", "fo": "ふぉ",
    "ā": "ああ", "ī": "いい", "ū": "うう", "ē": "えい", "ō": "おう",
}
_LONGEST = max(map(len, _SYLLABLES))
_WORD = re.compile(r"[A-Za-zāīūēōĀĪŪĒŌ]+(?:['’-][A-Za-zāīūēō]+)*")
# Words that only Japanese has: copulas and verb endings, particles that are no English word, the
# question words. "no", "to", "de", "a" are English (or French) words too and do not count.
_JAPANESE_MARKER = re.compile(
    r"^(?:desu|desuka|deshou|deshita|masu|masen|mashita|masuka|kudasai|onegai(?:shimasu)?|wa|ga|wo|ka|ni|"
    r"nan|nani|dou|doko|itsu|ikura|dare|dore|nande|naze|arimasu|arimasen|dekimasu|dekiru|dekimasen|"
    r"shitai|hoshii|ii|dame|daijoubu|kedo|dakedo|demo|sore|kore|are|uchi|watashi|boku|ore|"
    r"\w+(?:masu|masen|mashita|tai|nai|desu|shite|tte|ete|ite)|nn?)$")


# A message whose every Latin word is a romaji syllable sequence needs only one Japanese function word
# when it has at least this many words (a short request: 「Oishii ramen no mise oshiete」).
SHORT_MESSAGE_WORDS = 4


def kana(word: str) -> str | None:
    """``word`` (Latin letters) in hiragana, or None when it is not a sequence of romaji
    syllables (English words: staff, Excel, drugstore)."""
    if word.isupper() and len(word) <= 4:
        return None  # an acronym (AI, IT, DX, OK) is no romaji word
    w = word.lower().replace("’", "'")
    if re.match(r"n[^aiueoy']", w):
        return None  # no Japanese word starts with ん (Vietnamese Nha, English nth)
    out: list[str] = []
    i = 0
    while i < len(w):
        c = w[i]
        if c in "-'":
            i += 1
            continue
        if c == "n" and (i + 1 == len(w) or w[i + 1] not in _VOWELS + "y"):
            out.append("ん")
            i += 2 if i + 1 < len(w) and w[i + 1] in "n'" and not (i + 2 < len(w) and w[i + 2] in _VOWELS + "y") else 1
            continue
        if i + 1 < len(w) and c == w[i + 1] and c not in _VOWELS + "n" or (c == "t" and w[i + 1:i + 3] == "ch"):
            out.append("っ")
            i += 1
            continue
        for size in range(_LONGEST, 0, -1):
            piece = _SYLLABLES.get(w[i:i + size])
            if piece is not None:
                out.append(piece)
                i += size
                break
        else:
            return None
    return "".join(out)


def japanese_in_romaji(text: str) -> bool:
    """``text`` is Japanese written in romaji: at least three Latin words, most of them romaji
    syllables, two or more of them Japanese function words, and hardly any Japanese script — or a bare
    follow-up of two or three romaji words ending in an asking particle (「jougen wa?」)."""
    words = _WORD.findall(text)
    if 2 <= len(words) <= 3 and _short_romaji_question(text, words):
        return True  # 「jougen wa?」「hojo ritsu wa?」: a bare follow-up, its topic and a particle asking of it
    japanese_script = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
    if len(words) < 3 or japanese_script > sum(map(len, words)) / 2:
        return False
    syllabic = [w for w in words if kana(w) is not None]
    markers = {w.lower() for w in syllabic if _JAPANESE_MARKER.match(w.lower())}
    if len(markers) == 1 and len(syllabic) == len(words) >= SHORT_MESSAGE_WORDS:
        return True  # 「Oishii ramen no mise oshiete」: one marker, but no word of another language
    return len(syllabic) >= 0.6 * len(words) and len(markers) >= 2


# A bare follow-up in romaji is two or three words — the topic, then a particle that asks of it (wa, ha,
# ka) — too short for the function-word count above. The words before the particle make at least two
# syllables' worth of letters, and nothing else is in the message (no English word, no Japanese script).
_ASKING_PARTICLE = re.compile(r"^(?:wa|ha|ka|tte)$")


def _short_romaji_question(text: str, words: list[str]) -> bool:
    return (all(kana(w) is not None for w in words) and bool(_ASKING_PARTICLE.match(words[-1].lower()))
            and not _ASKING_PARTICLE.match(words[0].lower()) and sum(map(len, words[:-1])) >= 4
            and bool(re.fullmatch(r"[\s?？]*", _WORD.sub("", text))))


def to_kana(text: str) -> str:
    """``text`` with every romaji word in hiragana (other words kept), when the text is Japanese
    in romaji (japanese_in_romaji); else ``text`` unchanged."""
    if not japanese_in_romaji(text):
        return text
    return _WORD.sub(lambda m: _TYPE_LOANWORDS.get(m.group(0).lower()) or kana(m.group(0)) or m.group(0), text)


# A program type's loanword typed in its English spelling inside a romaji message (「iya, catalog no hou」):
# read as its katakana sound, so that the type is named (カタログ型); other English words stay as typed.
_TYPE_LOANWORDS = {"catalog": "カタログ", "catalogue": "カタログ", "catalogs": "カタログ"}
