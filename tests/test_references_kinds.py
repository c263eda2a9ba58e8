"""A tax incentive or a loan is shortened like a subsidy, with its own kind word (「地方拠点の税制」
「DX税制」「日本政策金融公庫の融資」), a whole part of a name after ・ names it (「AI導入の補助金」), and a
loan's 金利 or a guarantee's 保証料 is asked as its rate (frames on the real catalog; an answer
through a real session on the bundled corpus)."""

from __future__ import annotations

import pytest

from advisor.programs import load_catalog, parse_profile
from advisor.session import Advisor
from advisor.understanding import understand


@pytest.fixture(scope="module")
def catalog(built_settings):
    return load_catalog(built_settings)


@pytest.mark.parametrize(("text", "program"), [
    ("地方拠点の税制はどういう会社が使える？", "chiho-kyoten-kyoka-zeisei"),
    ("DX税制の控除率は？", "dx-toshi-sokushin-zeisei"),
    ("地域未来投資の税制って何？", "chiiki-mirai-toshi-sokushin-zeisei"),
    ("日本政策金融公庫の融資の金利は？", "jfc-dx-loan"),
    ("AI導入の補助金っていくらまで？", "digital-ai-donyu"),
])
def test_a_programs_start_and_its_kind_word_name_it(text: str, program: str, catalog) -> None:
    frame = understand(text, catalog=catalog, parsed=parse_profile(text))
    assert frame.program_ids == [program]


@pytest.mark.parametrize("text", ["AIの補助金っていくらまで？", "賃上げ税制の控除率は？"])
def test_a_word_that_starts_no_catalog_name_names_no_program(text: str, catalog) -> None:
    assert understand(text, catalog=catalog, parsed=parse_profile(text)).program_ids == []


def test_a_loans_interest_is_its_rate(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "日本政策金融公庫の融資って金利は？").answer
    first = answer.text.split("\n")[0]
    assert answer.grounded and first.startswith("日本政策金融公庫による融資（DX認定）の金利は") and "基準利率" in first


def test_two_types_of_one_family_named_together_are_both_compared(catalog) -> None:
    frame = understand("一般型とカタログ型の違いは？", catalog=catalog, parsed=parse_profile("一般型とカタログ型の違いは？"))
    assert frame.program_ids == ["shoryokuka-ippan", "shoryokuka-catalog"] and frame.slots == ["comparison"]
    frame = understand("カタログ型と一般型、どっちが上限高い？", catalog=catalog, parsed=parse_profile("カタログ型と一般型"))
    assert frame.program_ids == ["shoryokuka-catalog", "shoryokuka-ippan"]
