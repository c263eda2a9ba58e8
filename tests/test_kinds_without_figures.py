"""Kinds without figures of their own (a certification, a support body, a network, a training platform:
advisor.programs.models.KINDS_WITHOUT_FIGURES) are one property of the catalog read by understanding (a
carried-over pair asked a figure) and by the answer chain (the programs a figure is asked of); the wording of
"how much tax comes off" and of "a cap asked" lives in rules and is read by both (real catalog)."""

from __future__ import annotations

import pytest

from advisor.chains.answer import _figured, _tax_off_asked
from advisor.programs.models import KINDS_WITHOUT_FIGURES
from advisor.understanding import rules, understand


def _programs(catalog, *ids: str) -> list:  # noqa: ANN001 - a Catalog
    return [catalog.get(i) for i in ids]


def test_the_catalogs_kinds_without_figures_are_real_kinds(bundled_catalog) -> None:  # noqa: ANN001
    kinds = {p.kind for p in bundled_catalog.programs}
    assert KINDS_WITHOUT_FIGURES <= kinds | {"training"}
    for program in bundled_catalog.programs:
        if program.kind in KINDS_WITHOUT_FIGURES:
            assert not program.caps and not program.rates, program.id


@pytest.mark.parametrize("without", ["dx-nintei", "yorozu-shien-kyoten", "chiiki-dx-suishin-lab", "digital-jinzai-ikusei-pf"])
def test_a_figure_is_asked_of_the_program_that_has_figures(bundled_catalog, without: str) -> None:  # noqa: ANN001
    pair = _programs(bundled_catalog, without, "shoryokuka-catalog")
    assert [p.id for p in _figured(pair)] == ["shoryokuka-catalog"]


def test_two_programs_with_figures_both_stay(bundled_catalog) -> None:  # noqa: ANN001
    pair = _programs(bundled_catalog, "shoryokuka-catalog", "digital-ai-donyu")
    assert [p.id for p in _figured(pair)] == ["shoryokuka-catalog", "digital-ai-donyu"]


@pytest.mark.parametrize("text", ["控除の上限は？", "MAXでいくら戻ってくる？", "最大でなんぼ？"])
def test_a_cap_asked_is_the_cap(text: str) -> None:
    assert rules.CAP_ASKED.search(text)


def test_tax_taken_off_is_one_wording_for_both_layers(bundled_catalog) -> None:  # noqa: ANN001
    tax = _programs(bundled_catalog, "dx-toshi-sokushin-zeisei")
    assert _tax_off_asked(tax, "法人税はどのくらい減るんですか")
    assert not _tax_off_asked(tax, "法人税の控除はMAXでどのくらい減る？")  # a cap asked
    frame = understand("DX投資促進税制で税金はなんぼ安くなる？", catalog=bundled_catalog)
    assert frame.slots[:1] == ["rate"]
    frame = understand("DX投資促進税制の控除は最大でなんぼ？", catalog=bundled_catalog)
    assert frame.slots[:1] == ["amount"]
