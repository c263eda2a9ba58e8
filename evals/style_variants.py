"""Meaning-preserving style variants of the classifier's training rows (an experiment, session 41).

Measured leave-one-writer-out by evals/cv_classifier_grid.py --augment and NOT adopted (NOTES.md
"Classifier training rows augmented with style variants, session 41"): the product trains on its
rows only. Kept so the measurement can be repeated with other kinds.

The e5 classifier (semantic.py) learns from the dev rows' texts, written in the voices of the
writers we have; an unseen writer's voice (voice input without punctuation, a business letter's
greeting, a casual aside, a company introduced before the ask) moves a message in the e5 space
away from every row of its label. A variant of a row keeps its label and changes only that
voice, so the classifier is shown that the voice does not decide the label.

One variant per row, its kind and wording chosen by a hash of the row's text: deterministic
(the same rows always give the same variants, so the shipped weights' key is stable) and a quarter
of the rows per kind, so the cost of training is one more embedding per row, not four.

Kinds (chosen for the forms outsiders' rows take that the rows we train on rarely do):
- ``voice``: punctuation and spaces removed (phone voice input, sleepy fragments);
- ``polite``: a business letter's opening and closing around the message;
- ``casual``: a casual opening and a 「笑」-style ending;
- ``preamble``: a short self-introduction of the business first (a domain-worded sentence before
  an off-topic or dishonest ask is how many outsiders' decline and falsification rows look).
"""

from __future__ import annotations

import hashlib
import unicodedata

KINDS = ("voice", "polite", "casual", "preamble")

_POLITE_OPEN = ("お世話になっております。", "突然のご連絡失礼いたします。", "いつもお世話になっております。")
_POLITE_CLOSE = ("よろしくお願いいたします。", "ご教示いただけますと幸いです。", "何卒よろしくお願い申し上げます。")
_CASUAL_OPEN = ("ちょっと聞きたいんだけど、", "あのさ、", "急ぎじゃないんだけど、")
_CASUAL_CLOSE = ("笑", "（笑）", "よろしくー")
_PREAMBLE = (
    "うちは従業員20人の製造業です。",
    "当社は社員8名の建設会社です。",
    "小さな飲食店を経営しています。",
    "従業員5人の美容室をやっています。",
    "家族経営の農家です。",
)


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _unpunctuated(text: str) -> str:
    """Punctuation (Unicode P*) and spaces (Z*, tabs, newlines) removed; emoji and symbols kept."""
    return "".join(c for c in text if not unicodedata.category(c).startswith(("P", "Z", "C")))


def variant_kind(text: str) -> str:
    """The kind of variant ``text`` gets (by a hash of the text)."""
    return KINDS[_hash(text) % len(KINDS)]


def variant(text: str, kind: str | None = None) -> str:
    """``text`` in the voice of ``kind`` (default: variant_kind(text)); the wording of a wrapper is
    chosen by the same hash. May equal ``text`` (``voice`` of a text without punctuation)."""
    kind = kind or variant_kind(text)
    h = _hash(text) // len(KINDS)
    body = text.strip()
    if kind == "voice":
        return _unpunctuated(body)
    if kind == "polite":
        return _POLITE_OPEN[h % 3] + body + ("" if body.endswith(("。", "？", "?", "！", "!")) else "。") + _POLITE_CLOSE[h // 3 % 3]
    if kind == "casual":
        return _CASUAL_OPEN[h % 3] + body + _CASUAL_CLOSE[h // 3 % 3]
    if kind == "preamble":
        return _PREAMBLE[h % len(_PREAMBLE)] + body
    raise ValueError(f"unknown variant kind: {kind}")


def style_variants(rows: tuple[tuple[str, str], ...], kinds: tuple[str, ...] = KINDS) -> tuple[tuple[str, str, str], ...]:
    """(label, variant text, kind) for every (label, text) of ``rows`` whose kind is in ``kinds``,
    in the rows' order; a variant equal to a text of ``rows`` or to an earlier variant is left out
    (it would only weigh that text twice)."""
    seen = {text for _, text in rows}
    out: list[tuple[str, str, str]] = []
    for label, text in rows:
        kind = variant_kind(text)
        if kind not in kinds:
            continue
        new = variant(text, kind)
        if not new or new in seen:
            continue
        seen.add(new)
        out.append((label, new, kind))
    return tuple(out)
