"""The request path's caches (registry, program names, mentions, NFKC) give what the uncached
code gives, follow an edited registry at once, and hand out nothing a caller can corrupt."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.config import Settings
from advisor.programs.catalog import load_catalog
from advisor.sources import load_registry
from advisor import text as text_module
from advisor.text import compact, nfkc
from advisor.understanding import references

ENTRY = "sources:\n  - {{id: a, program: p, kind: 公募要領, title: {title}, issuer: i, period: {{end: '2026-06-30'}}}}\n"


def test_an_edited_registry_is_read_again(tmp_path: Path):
    path = tmp_path / "registry.yaml"
    path.write_text(ENTRY.format(title="第1回"), encoding="utf-8")
    assert [e.title for e in load_registry(path)] == ["第1回"]
    path.write_text(ENTRY.format(title="第2回"), encoding="utf-8")
    assert [e.title for e in load_registry(path)] == ["第2回"]
    path.write_text("sources: [", encoding="utf-8")  # a broken edit fails every time, never served stale
    for _ in range(2):
        with pytest.raises(ValueError, match="not valid YAML"):
            load_registry(path)


def test_registry_entries_changed_by_a_caller_do_not_reach_the_next_caller(tmp_path: Path):
    path = tmp_path / "registry.yaml"
    path.write_text(ENTRY.format(title="第1回"), encoding="utf-8")
    first = load_registry(path)[0]
    first.title = "changed"
    first.period["end"] = "2099-01-01"
    again = load_registry(path)[0]
    assert again.title == "第1回" and again.period["end"] == "2026-06-30"


def test_nfkc_maps_the_radical_supplement_with_and_without_the_cache():
    for text in ("神⼾市", "⻑野県の⻄側", "一步", "1‚000円", "ＡＩ導入"):
        expected = text_module._nfkc(text)
        assert nfkc(text) == expected == nfkc(text)
    assert nfkc("⻑野") == "長野" and compact("神 ⼾") == "神戸"
    long_text = "⻑野" * 400  # past the cached length: the same mapping
    assert nfkc(long_text) == "長野" * 400


def test_cached_mentions_equal_the_uncached_reading():
    catalog = load_catalog(Settings())
    messages = ["ものづくり 締切", "省力化補助率は？", "中堅の補助金の上限", "IT補助金とものづくり", "DX税制の控除率",
                "省力化のほうは？", "中堅の大型投資の補助金", "今日はいい天気"]
    seen = 0
    for text in messages:
        key = compact(text)
        for program in catalog.programs:
            args = (key, program.names, program.kind == "subsidy", False, str(program.kind or ""))
            uncached = references._mentions_uncached(*args)
            assert references._mentions(*args) == uncached == references._mentions(*args)
            seen += bool(uncached)
    assert seen >= 6  # the messages do name programs: the comparison is not between zeros
