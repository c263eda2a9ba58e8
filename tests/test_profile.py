"""Profile extraction from plain Japanese/English and the 中小企業基本法 size classes."""

from __future__ import annotations

import pytest

from advisor.numbers import NumberRange
from advisor.programs.models import Industry, Profile
from advisor.programs.profile import assess_size, detect_industry, parse_profile, profile_from_dict


@pytest.mark.parametrize(
    ("text", "employees", "note"),
    [
        ("従業員30名です。", 30, ""),
        ("社員は三十人です。", 30, ""),
        ("パート含め12人でやっています。", 12, "パート含む"),
        ("従業員は５０人です。", 50, ""),
        ("45人の会社です。", 45, ""),
        ("スタッフは10〜20人です。", NumberRange(10, 20), ""),
    ],
)
def test_employees(text: str, employees, note: str) -> None:
    parsed = parse_profile(text)
    assert parsed.profile.employees == employees
    assert parsed.profile.employees_note == note
    assert not parsed.issues


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("売上5億円です。", "annual_sales_jpy", 500_000_000),
        ("年商3.2億。", "annual_sales_jpy", 320_000_000),
        ("投資は20億円を予定。", "planned_investment_jpy", 2_000_000_000),
        ("設備投資に3,000万円かける予定です。", "planned_investment_jpy", 30_000_000),
        ("投資額は1.5億です。", "planned_investment_jpy", 150_000_000),
        ("資本金1000万円の会社です。", "capital_jpy", 10_000_000),
        ("３，０００万円で新しい機械を導入したい。", "planned_investment_jpy", 30_000_000),
    ],
)
def test_amounts(text: str, field: str, value: int) -> None:
    parsed = parse_profile(text)
    assert getattr(parsed.profile, field) == value, parsed.issues


def test_location_and_industry_with_detail() -> None:
    parsed = parse_profile("熊本県菊陽町の製造業（自動車部品）です。")
    p = parsed.profile
    assert (p.prefecture, p.municipality) == ("熊本県", "菊陽町")
    assert p.industry is not None and p.industry.jsic_code == "E" and p.industry.detail == "自動車部品"


def test_acceptance_sentence() -> None:
    parsed = parse_profile("熊本で自動車部品を作っている従業員45人の会社です。AIで検査を自動化したい")
    p = parsed.profile
    assert p.industry and p.industry.jsic_code == "E" and p.industry.detail == "自動車部品"
    assert p.employees == 45 and p.prefecture == "熊本県"
    assert "AI活用" in p.topics and "省力化・自動化" in p.topics
    assert p.goals == ["AIで検査を自動化したい"]
    assert not parsed.issues


def test_english() -> None:
    parsed = parse_profile(
        "We are an auto parts manufacturer in Kumamoto with 45 employees and sales of 500 million yen. "
        "We want to automate inspection with AI."
    )
    p = parsed.profile
    assert p.industry and p.industry.jsic_code == "E"
    assert (p.employees, p.annual_sales_jpy, p.prefecture) == (45, 500_000_000, "熊本県")
    assert "AI活用" in p.topics


def test_contradiction_is_surfaced_not_guessed() -> None:
    parsed = parse_profile("従業員30人です。いや社員は50人です。")
    assert parsed.profile.employees is None
    assert parsed.contradictions and "30人" in parsed.contradictions[0].message
    assert parsed.contradictions[0].question


def test_regular_and_part_time_counts_become_a_range() -> None:
    parsed = parse_profile("正社員40人、パート含め60人のスーパーです。")
    assert parsed.profile.employees == NumberRange(40, 60)
    size = assess_size(parsed.profile)
    assert size.sme is None  # 小売業 limit 50 lies inside the range; capital unknown
    assert "capital_jpy" in size.missing


@pytest.mark.parametrize(
    ("text", "word"),
    [("従業員-5人です。", "負の値"), ("売上は10^15円です。", "大きすぎます"), ("従業員マイナス3人", "負の値"),
     ("年商1000兆円です。", "大きすぎます")],
)
def test_absurd_values_rejected(text: str, word: str) -> None:
    parsed = parse_profile(text)
    assert parsed.rejected and word in parsed.rejected[0].message
    assert parsed.profile.employees is None and parsed.profile.annual_sales_jpy is None


def test_unclear_amount_is_an_ambiguity() -> None:
    parsed = parse_profile("1.5億です。")
    assert parsed.ambiguities and "何の金額" in parsed.ambiguities[0].message


def test_two_prefectures_are_ambiguous() -> None:
    parsed = parse_profile("東京都と大阪府に拠点があります。")
    assert parsed.profile.prefecture == ""
    assert any(i.field == "prefecture" for i in parsed.ambiguities)


def test_ambiguous_industry() -> None:
    industry, issues = detect_industry("小売業と建設業をやっています")
    assert industry is None and issues and issues[0].kind == "ambiguity"


def test_goal_amount_is_not_current_sales_and_100oku_flag() -> None:
    parsed = parse_profile("売上100億を目指しています。100億宣言をしました。")
    assert parsed.profile.annual_sales_jpy is None
    assert parsed.profile.flags.get("declared_100oku") is True
    assert not parsed.ambiguities


def test_flags_certification_and_no_investment() -> None:
    p = parse_profile("DX認定を取得済みです。投資の予定はない。").profile
    assert p.certifications == {"DX認定": True}
    assert p.investment_planned is False
    p = parse_profile("DX認定はまだです。").profile
    assert p.certifications == {"DX認定": False}


def test_digital_use_levels() -> None:
    p = parse_profile("受注は紙とFAXで管理しています。").profile
    assert p.digital_level == "none" and p.digital_use
    p = parse_profile("会計ソフトは使っています。").profile
    assert p.digital_level == "basic"


def test_previous_profile_is_updated_and_says_so() -> None:
    first = parse_profile("製造業で従業員30人です。").profile
    second = parse_profile("すみません、従業員は45人でした。", previous=first)
    assert second.profile.employees == 45
    assert second.profile.industry is not None  # kept from the first message
    assert any("更新" in line for line in second.understood)
    assert first.employees == 30  # the previous profile is not mutated


def test_profile_from_dict_accepts_strings_and_codes() -> None:
    parsed = profile_from_dict({"industry": "E", "employees": "10〜20人", "planned_investment_jpy": "20億円",
                                "prefecture": "熊本", "goal": "AIで検査を自動化したい"})
    p = parsed.profile
    assert p.industry and p.industry.jsic_code == "E"
    assert p.employees == NumberRange(10, 20) and p.planned_investment_jpy == 2_000_000_000
    assert p.prefecture == "熊本県" and "AI活用" in p.topics
    bad = profile_from_dict({"employees": -1})
    assert bad.rejected and bad.profile.employees is None


# --- size classes at every threshold of 中小企業基本法 第2条 ----------------------------------------


def _profile(code: str, employees=None, capital=None, cats=None) -> Profile:
    from advisor.programs.profile import JSIC

    return Profile(industry=Industry(code, JSIC[code][0], "", cats or list(JSIC[code][1])), employees=employees,
                   capital_jpy=capital)


@pytest.mark.parametrize(
    ("code", "cats", "employees", "capital", "sme"),
    [
        ("E", None, 300, None, True), ("E", None, 301, None, None), ("E", None, 301, 300_000_000, True),
        ("E", None, 301, 300_000_001, False), ("E", None, None, 300_000_000, True),
        ("I", ["卸売業"], 100, None, True), ("I", ["卸売業"], 101, 100_000_001, False), ("I", ["卸売業"], 101, 100_000_000, True),
        ("I", ["小売業"], 50, None, True), ("I", ["小売業"], 51, 50_000_001, False), ("I", ["小売業"], 51, 50_000_000, True),
        ("R", None, 100, None, True), ("R", None, 101, 50_000_001, False), ("R", None, 101, 50_000_000, True),
        ("M", ["サービス業", "小売業"], 60, None, None),  # 飲食: サービス業 (100) or 小売業 (50): undecided
        ("M", ["サービス業", "小売業"], 60, 30_000_000, True),
        ("M", ["サービス業", "小売業"], 40, None, True),
    ],
)
def test_sme_thresholds(code, cats, employees, capital, sme) -> None:
    assert assess_size(_profile(code, employees, capital, cats)).sme is sme


@pytest.mark.parametrize(
    ("code", "cats", "employees", "small"),
    [("E", None, 20, True), ("E", None, 21, False), ("I", ["小売業"], 5, True), ("I", ["小売業"], 6, False),
     ("R", None, 5, True), ("R", None, 6, False), ("D", None, NumberRange(10, 20), True),
     ("E", None, NumberRange(15, 25), None)],
)
def test_small_business_thresholds(code, cats, employees, small) -> None:
    assert assess_size(_profile(code, employees, None, cats)).small is small


def test_size_unknown_without_industry() -> None:
    size = assess_size(Profile())
    assert size.sme is None and size.small is None and {"industry", "employees"} <= set(size.missing)


@pytest.mark.parametrize(
    ("employees", "capital", "sme", "small"),
    [
        (10, None, True, None),  # 中小 in every category (the lowest limit is 小売業's 50人); 小規模 depends (20 / 5人)
        (4, None, True, True),  # 小規模 in every category (商業・サービス 5人)
        (50, None, True, False),  # too many for 小規模 anywhere (20 / 5人)
        (60, None, None, None),  # 小売業 (50) says no, the others yes: the industry decides
        (500, None, None, None),  # over every headcount limit, but a small capital would still make it an SME
        (500, 30_000_000, True, False),  # 資本金3,000万円: under every capital limit (5,000万円)
        (500, 400_000_000, False, False),  # over every limit of both
        (NumberRange(30, 60), None, None, None),
    ],
)
def test_size_without_industry_when_every_category_agrees(employees, capital, sme, small) -> None:
    size = assess_size(Profile(employees=employees, capital_jpy=capital))
    assert size.sme is sme and size.small is small
    assert ("industry" in size.missing) is (small is None), size.missing


@pytest.mark.parametrize(("text", "employees", "code", "prefecture"), [
    ("We are a 12-person metal parts shop in Gifu and want AI for quoting", 12, "E", "岐阜県"),
    ("I run a 10-person printing company in Osaka. We want AI software for quotes.", 10, "E", "大阪府"),
    ("We're a small food processing company in Kagawa, a team of 6, and we want to automate packing.", 6, "E", "香川県"),
])
def test_english_description_with_a_hyphenated_head_count_and_an_activity(text: str, employees: int, code: str,
                                                                          prefecture: str) -> None:
    # "12-person", "a team of 6" and an activity word ("metal parts shop", "printing") are what
    # owners write; the understood lines stay Japanese.
    parsed = parse_profile(text)
    p = parsed.profile
    assert (p.employees, p.prefecture) == (employees, prefecture)
    assert p.industry is not None and p.industry.jsic_code == code
    assert p.goals and not parsed.issues
    assert any(line.startswith("従業員数: ") for line in parsed.understood)


@pytest.mark.parametrize("message", [
    # the owner's contact details, masked before the profile reads them (advisor.inbound.mask_pii)
    "連絡先は【メールアドレス】です。倉庫の人手不足に困っています。",
    "担当の【氏名】（【電話番号】、【メールアドレス】）です。製造業、従業員30人です。",
])
def test_a_masked_contact_is_not_the_companys_digital_use(message: str) -> None:
    # 【メールアドレス】 is our own placeholder, not the owner saying the company uses e-mail
    parsed = parse_profile(message)
    assert parsed.profile.digital_level == ""
    assert not any(line.startswith("現在のデジタル・AI活用") for line in parsed.understood)


def test_e_mail_told_as_a_tool_still_counts() -> None:
    parsed = parse_profile("受注はメールとエクセルで管理しています。連絡先は【メールアドレス】です。")
    assert parsed.profile.digital_level == "basic"
