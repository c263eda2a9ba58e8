"""Messages typed in half-width katakana only are read as kana-typed Japanese by the rules
(NOTES.md "Out-of-scope: decline, session 25"). Reading word-by-word typed Japanese joined
(rules.unspaced, 656a6fd) was reverted: it lowered the retrieval.jsonl answers guard (see "Lead,
session 25")."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import understand


@pytest.mark.parametrize("text, declined", [
    # session 25: a message typed in half-width katakana only is read as kana-typed Japanese by the
    # rules (e5 reads it as typed)
    ("ｳﾁﾉ ｺｳｼﾞｮｳ ﾆ ﾛﾎﾞｯﾄ ｲﾚﾀｲ. ﾂｶｴﾙ ﾎｼﾞｮｷﾝ ｱﾙ?", False),
    ("ｱｼﾀ ﾉ ﾃﾝｷ ｵｼｴﾃ ｸﾀﾞｻｲ", True),
])
def test_a_katakana_only_message_is_read_in_kana(text: str, declined: bool, bundled_catalog) -> None:
    intent = understand(text, catalog=bundled_catalog, parsed=parse_profile(text, None)).intent
    assert (intent in ("off_topic", "injection", "falsification")) == declined
