"""The one place that cleans user text on its way in, and masks personal data in it.

Every path that stores or shows what a person typed (the JSON API, the Gradio events, the workshop
forms, the session layer and its exports) calls ``clean_text`` (refuses with a Japanese message)
or ``sanitize`` (never refuses; for inner layers) and then ``mask_pii``. Doing it once, here, is
what keeps the length check, storage and display in agreement:

* NFKC first, so that the length is counted on what is stored (「㍿」 is 4 characters, 「﷽」 18);
* lone surrogates (from JSON ``\\ud800``) cannot be encoded as UTF-8 and would fail at storage
  or in the UI stream: refused by ``clean_text``, dropped by ``sanitize``;
* NUL and other control characters, bidi overrides and zero-width characters are dropped: they
  are invisible, can reorder what a facilitator reads, and hide words from the guard.

This module sits below everything else (it imports only advisor.text), so the session layer and
the UI may both use it without breaking the one-way flow of data.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from advisor.text import nfkc, sudachi_tokenizer

log = logging.getLogger(__name__)


class InboundTextError(ValueError):
    """User text refused on its way in; ``message`` is Japanese, ``status``/``code`` for HTTP."""

    def __init__(self, message: str, status: int = 400, code: str = "invalid_text") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


_SURROGATE = re.compile("[\ud800-\udfff]")
# C0/C1 controls except tab and newline; soft hyphen; Arabic letter mark; Mongolian vowel
# separator; zero-width space/non-joiner/joiner; LRM/RLM; bidi embeddings, overrides and isolates;
# word joiner and invisible operators; BOM; interlinear annotation marks; tag characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# NFKC can grow a text up to 18-fold; refuse absurd inputs before paying for normalising them.
_RAW_FACTOR = 4


def sanitize(value: str) -> str:
    """NFKC, line ends unified, invisible and control characters and lone surrogates removed, stripped."""
    text = _SURROGATE.sub("", value or "")
    text = nfkc(text.replace("\r\n", "\n").replace("\r", "\n"))
    return _INVISIBLE.sub("", text).strip()


def clean_text(value: Any, max_chars: int, what: str = "メッセージ", required: bool = True) -> str:
    """``value`` as it will be stored (sanitized), or InboundTextError with a Japanese message.

    The length limit applies after normalisation; a lone surrogate is refused (400) rather than
    silently dropped, because it means the client sent broken text."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise InboundTextError(f"{what}を文字で入力してください。", 422, "invalid_message")
    if len(value) > max_chars * _RAW_FACTOR:
        raise InboundTextError(_too_long(what, len(value), max_chars), 413, "message_too_long")
    if _SURROGATE.search(value):
        raise InboundTextError(
            f"{what}に文字化けした文字（読み取れない文字）が含まれています。文字を入力し直して送ってください。",
            400, "invalid_characters",
        )
    text = sanitize(value)
    if not text and required:
        raise InboundTextError(f"{what}を入力してください。", 422, "empty_message")
    if len(text) > max_chars:
        raise InboundTextError(_too_long(what, len(text), max_chars), 413, "message_too_long")
    return text


def _too_long(what: str, length: int, max_chars: int) -> str:
    return (f"{what}が長すぎます（{length:,}文字）。{max_chars:,}文字以内に短くして、"
            "いくつかに分けて送ってください。")


# --- personal data --------------------------------------------------------------------------------

_PREFS = (
    "北海道|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|東京都|神奈川県|新潟県|富山県|"
    "石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|滋賀県|京都府|大阪府|兵庫県|奈良県|和歌山県|鳥取県|島根県|"
    "岡山県|広島県|山口県|徳島県|香川県|愛媛県|高知県|福岡県|佐賀県|長崎県|熊本県|大分県|宮崎県|鹿児島県|沖縄県"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_POSTAL = re.compile(r"〒\s*\d{3}-?\d{4}|(?<!\d)\d{3}-\d{4}(?!\d|-)")
# Separators people put inside phone numbers (after NFKC): hyphens and dashes of every kind, the
# katakana prolonged sound mark typed as a dash, dots, spaces.
_SEP = r"[\s\-.‐‑‒–—―−ー]?"
_OPEN, _CLOSE = r"[(（]", r"[)）]"
_PHONE = re.compile(
    r"(?<![\dA-Za-z.+])(?:"
    rf"\+81{_SEP}(?:{_OPEN}0{_CLOSE}{_SEP})?{_OPEN}?\d{{1,4}}{_CLOSE}?{_SEP}\d{{1,4}}{_SEP}\d{{3,4}}"  # +81 90 1234 5678
    rf"|{_OPEN}0\d{{1,4}}{_CLOSE}{_SEP}\d{{1,4}}{_SEP}\d{{3,4}}"  # (03)1234-5678
    rf"|0\d{{1,4}}{_SEP}{_OPEN}\d{{1,4}}{_CLOSE}{_SEP}\d{{3,4}}"  # 03(1234)5678
    rf"|0\d{{1,4}}{_SEP}\d{{1,4}}{_SEP}\d{{3,4}}"  # 090-1234-5678, 090.1234.5678, 0312345678
    r")(?![\d])"
)
# Card numbers: 13-19 digits, contiguous or in groups, Luhn-valid (so order numbers stay).
_CARD = re.compile(r"(?<!\d)(?<!\d[,.\s\-])\d(?:[\s\-]?\d){12,18}(?!\d|[,.\s\-]\d)")
# 12-digit individual number (マイナンバー), alone or in groups of four; never part of a longer run.
_MY_NUMBER = re.compile(
    r"(?<!\d)(?<!\d[,.\s\-])\d{4}[\s\-]?\d{4}[\s\-]?\d{4}(?!\d|[,.\s\-]\d|\s*(?:円|万|億|人|%))"
)
# Street part of an address: after a municipality (…市/区/町/村), a place name followed by block
# numbers (1-2-3, 1丁目2番3号, 1234番地). The prefecture and municipality are kept: matching needs
# them and they do not identify a person.
_STREET = re.compile(
    r"(?P<muni>(?:" + _PREFS + r")?[\u4e00-\u9fff\u30a0-\u30ffヶケ]{1,8}?[市区町村])"
    r"(?P<street>[\u3040-\u30ff\u4e00-\u9fffヶケ]{0,12}?(?:\d+|[一二三四五六七八九十]+)(?:丁目|番地?|号|[-－‐ー−]\d+)"
    r"(?:\s*(?:\d+|[一二三四五六七八九十]+)(?:番地?|号|[-－‐ー−]\d+))*(?:[-－‐ー−]\d+)?)"
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _card(m: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", m.group(0))
    return "【カード番号】" if 13 <= len(digits) <= 19 and _luhn_ok(digits) else m.group(0)


def _phone(m: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", m.group(0))
    if m.group(0).startswith("+81"):
        ok = 9 <= len(digits) - 2 <= 11
    else:
        ok = 10 <= len(digits) <= 11
    return "【電話番号】" if ok else m.group(0)


# --- names of people -------------------------------------------------------------------------------
# Sudachi tags surnames (人名,姓) and given names (人名,名). A surname alone is too often part of a
# company's name (加藤工業, 山田製作所 — which facilitators must see) or a place, so a name is masked
# only where it is a person: a surname followed by a given name (山田太郎, 伊藤 健), or a name
# followed by an honorific or title (佐藤さん, 田中社長), or after a label that introduces a person
# (担当は鈴木, 弊社の高橋が, 氏名：…). Precision over recall: a lone surname without such context
# stays (「高橋が対応」 is masked only after 弊社の/担当 etc.).
NAME_PLACEHOLDER = "【氏名】"
_HONORIFIC = re.compile(
    r"\s*(?:さん|様|さま|氏|君|くん|ちゃん|殿|先生|社長|副社長|会長|専務|常務|部長|課長|係長|主任|店長|工場長|所長|院長|理事長)"
)
_PERSON_LABEL = re.compile(
    r"(?:氏名|名前|お名前|担当者?|代表者|代表取締役|代表|社長|責任者|弊社の|当社の|うちの|私は|わたしは|僕は|申請者)"
    r"\s*[:：はのが、]?\s*$"
)
_COMPANY_AFTER = re.compile(
    r"\s*(?:工業|製作所|商店|商会|産業|建設|工務店|電機|電気|興業|鉄工|精工|技研|運輸|物産|商事|株式会社|有限会社|"
    r"合同会社|ホールディングス|グループ|組|屋|堂|医院|歯科|病院|事務所|農園|牧場|酒造|印刷|食品|製菓|家具)"
)
# Sudachi refuses inputs over ~48 KB; names never span lines, so long texts go line by line.
_TOKENIZE_MAX_CHARS = 4000
_names_unavailable = False
_KANJI = re.compile(r"[\u4e00-\u9fff々]")


_DOMAIN_COMPOUND = re.compile(r"補助金|助成金|給付金|交付金|奨励金|補助率|助成率")


def _cuts_a_domain_word(text: str, start: int, end: int) -> bool:
    """The span [start, end) overlaps a word of the domain that the tokenizer cut (_DOMAIN_COMPOUND)."""
    return any(m.start() < end and start < m.end() for m in _DOMAIN_COMPOUND.finditer(text, max(0, start - 3), end + 3))


def _name_spans(text: str) -> list[tuple[int, int]]:
    morphemes = [m for m in sudachi_tokenizer().tokenize(text) if m.surface().strip()]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(morphemes):
        m = morphemes[i]
        pos = m.part_of_speech()
        if pos[2] != "人名":
            i += 1
            continue
        start, end = m.begin(), m.end()
        full = False
        if pos[3] == "姓" and i + 1 < len(morphemes):
            nxt = morphemes[i + 1]
            if nxt.part_of_speech()[2:4] == ("人名", "名") and not text[end:nxt.begin()].strip():
                end, full = nxt.end(), True
                i += 1
        after, before = text[end:end + 12], text[max(0, start - 12):start]
        # A name written in hiragana only is far more often a misread word (「しょうりょくかとうしほ
        # じょきん」 parses as 加藤 志保): only spans with a kanji count.
        in_person_context = full or _HONORIFIC.match(after) or (
            _PERSON_LABEL.search(before) and not _COMPANY_AFTER.match(after))
        # (a word of the domain cut by the tokenizer is no name: 「持続化補助金ゆうのも」 parses as 補 + 助金 (surname) +
        # ゆう (given name), and masking it hid the program asked about; NOTES.md "s41-oos")
        if in_person_context and _KANJI.search(text[start:end]) and not _cuts_a_domain_word(text, start, end):
            spans.append((start, end))
        i += 1
    return spans


def mask_names(text: str) -> str:
    """Names of people replaced with 【氏名】 (see above for what counts as a person's name)."""
    global _names_unavailable
    if _names_unavailable or not text or not re.search(r"[\u4e00-\u9fff\u3040-\u30ff]", text):
        return text
    pieces = text.split("\n") if len(text) > _TOKENIZE_MAX_CHARS else [text]
    out: list[str] = []
    for piece in pieces:
        if len(piece) > _TOKENIZE_MAX_CHARS:  # one huge line: names in it past the limit stay
            out.append(mask_names(piece[:_TOKENIZE_MAX_CHARS]) + piece[_TOKENIZE_MAX_CHARS:])
            continue
        try:
            spans = _name_spans(piece)
        except ImportError as exc:  # an install without SudachiPy: the other kinds are still masked
            _names_unavailable = True
            log.warning("names are not masked: %s", exc)
            return text
        for start, end in reversed(spans):
            piece = piece[:start] + NAME_PLACEHOLDER + piece[end:]
        out.append(piece)
    return "\n".join(out)


def mask_pii(text: str) -> str:
    """Replace e-mail addresses, card numbers (Luhn), 12-digit individual numbers (マイナンバー),
    phone numbers in the usual Japanese forms, postal codes, street-level addresses and names of
    people with Japanese placeholders. Expects sanitized (NFKC) text; works on any text."""
    if not text:
        return text
    out = _EMAIL.sub("【メールアドレス】", text)
    out = _CARD.sub(_card, out)
    out = _MY_NUMBER.sub("【個人番号】", out)
    out = _PHONE.sub(_phone, out)
    out = _POSTAL.sub("【郵便番号】", out)
    out = _STREET.sub(lambda m: f"{m.group('muni')}【住所】", out)
    return mask_names(out)


def clean_and_mask(value: Any, max_chars: int, what: str = "メッセージ", required: bool = True) -> str:
    """``clean_text`` then ``mask_pii``: the form in which user text is stored and shown."""
    return mask_pii(clean_text(value, max_chars, what, required))
