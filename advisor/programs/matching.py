"""Match a company profile against every program of the catalog, with reasons and citations.

``match_programs(profile, catalog) -> list[MatchResult]`` gives, for every program:

* ``fit`` — every eligibility rule the documents state is met;
* ``no_fit`` — a rule is not met (the reason is the document's rule, with its citation), or the
  program has been superseded (the result points to its successor);
* ``needs_info`` — no rule fails but one needs a fact the profile lacks; ``questions`` holds the
  concrete Japanese follow-up question.

Rules are data (corpus/programs/*.yaml ``eligibility``) evaluated by the generic functions below,
one per rule type. Figures given approximately ("約300人") count as ±10 % so that a value near a
threshold asks instead of deciding. Fits are ranked by relevance: the overlap between the topics of
the owner's goals and pain points and the program's topics (the project's tags), plus a bonus for
programs whose documents state an AX/AI emphasis when the owner wants AI; ``relevance_note`` says
which topics matched.
"""

from __future__ import annotations

import re
from collections import Counter

from advisor.numbers import Quantity, effective_bounds, format_count, format_yen
from advisor.text import nfkc

from .catalog import Catalog
from .models import KIND_LABELS, MatchResult, Profile, Program, Reason, Rule, SizeAssessment
from .profile import REFERENCE_SOURCE, SMALL_EVIDENCE, SME_DEFINITIONS, assess_size

QUESTION_EMPLOYEES = "従業員数（パート含む）を教えてください。"
QUESTION_INDUSTRY = "主な事業の業種（例：製造業、小売業、サービス業）を教えてください。"
QUESTION_CAPITAL = "資本金の額を教えてください。"
QUESTION_CATEGORY = "主な事業は卸売・小売・サービスのどれに当たりますか？"
QUESTION_INVESTMENT = "予定している設備投資の内容と金額（建物・設備・システム等の総額）を教えてください。"
QUESTION_LOCATION = "会社の所在地（都道府県と市区町村）を教えてください。"
QUESTION_100OKU = "「100億宣言」をしていますか？"

_KIND_ORDER = {"subsidy": 0, "tax": 1, "loan": 2, "guarantee": 3, "certification": 4, "network": 5, "training": 6,
               "support_body": 7}


def _effective(q: Quantity) -> tuple[int | None, int | None]:
    return effective_bounds(q)


def _profile_text(profile: Profile) -> str:
    return nfkc(" ".join(profile.goals + profile.pain_points + [profile.investment_purpose] + profile.digital_use))


class _Eval:
    """One rule's outcome: pass / fail / unknown, the company's value and follow-up questions."""

    def __init__(self, outcome: str, value: str, explanation: str, questions: list[str] | None = None) -> None:
        self.outcome = outcome
        self.value = value
        self.explanation = explanation
        self.questions = questions or []


def _size_questions(size: SizeAssessment) -> list[str]:
    mapping = {"industry": QUESTION_INDUSTRY, "employees": QUESTION_EMPLOYEES, "capital_jpy": QUESTION_CAPITAL,
               "industry_category": QUESTION_CATEGORY}
    return [mapping[m] for m in size.missing if m in mapping]


def _eval_size(rule: Rule, profile: Profile, size: SizeAssessment) -> _Eval:
    wanted = set(rule.value)
    value = size.label + (f"（{size.category}）" if size.category else "")
    ok = (size.small is True and "small" in wanted) or (size.sme is True and "sme" in wanted)
    if ok:
        return _Eval("pass", value, f"{rule.label}。御社は{value}に当たるため、この条件を満たします。")
    decided_no = ("sme" in wanted and size.sme is False) or (wanted == {"small"} and size.small is False)
    if decided_no:
        return _Eval("fail", value, f"{rule.label}。御社は{value}のため、この条件を満たしません。")
    questions = _size_questions(size) or [QUESTION_EMPLOYEES]
    return _Eval("unknown", value, f"{rule.label}。会社の規模区分を判定するための情報が足りません。", questions)


def _eval_employees(rule: Rule, profile: Profile, maximum: bool) -> _Eval:
    limit = int(rule.value)
    question = rule.question or QUESTION_EMPLOYEES
    if profile.employees is None:
        return _Eval("unknown", "不明", f"{rule.label}。従業員数が分からないため判定できません。", [question])
    lo, hi = _effective(profile.employees)
    shown = format_count(profile.employees)
    if maximum:
        if hi is not None and hi <= limit:
            return _Eval("pass", shown, f"{rule.label}。御社は{shown}なので条件を満たします。")
        if lo is not None and lo > limit:
            return _Eval("fail", shown, f"{rule.label}。御社は{shown}のため上限を超えています。")
    else:
        if lo is not None and lo >= limit:
            return _Eval("pass", shown, f"{rule.label}。御社は{shown}なので条件を満たします。")
        if hi is not None and hi < limit:
            return _Eval("fail", shown, f"{rule.label}。御社は{shown}のため条件に届きません。")
    return _Eval("unknown", shown, f"{rule.label}。御社の従業員数（{shown}）では境界をまたぐため判定できません。", [question])


def _eval_min_investment(rule: Rule, profile: Profile) -> _Eval:
    question = rule.question or QUESTION_INVESTMENT
    if profile.investment_planned is False:
        return _Eval("fail", "投資予定なし", f"{rule.label}。投資の予定がないとのことなので対象になりません。")
    if profile.planned_investment_jpy is None:
        return _Eval("unknown", "不明", f"{rule.label}。予定投資額が分からないため判定できません。", [question])
    threshold = int(rule.value)
    flag = profile.flags.get(rule.override_flag) if rule.override_flag else None
    if flag is True and rule.override_value is not None:
        threshold = rule.override_value
    lo, hi = _effective(profile.planned_investment_jpy)
    shown = format_yen(profile.planned_investment_jpy)
    if lo is not None and lo >= threshold:
        return _Eval("pass", shown, f"{rule.label}。御社の予定投資額は{shown}なので条件を満たします。")
    lowest = rule.override_value if (rule.override_value is not None and flag is None) else threshold
    if hi is not None and hi < lowest:
        return _Eval("fail", shown, f"{rule.label}。御社の予定投資額は{shown}のため下限に届きません。")
    if hi is not None and hi < threshold and flag is None and rule.override_flag:
        return _Eval("unknown", shown,
                     f"{rule.label}。御社の予定投資額（{shown}）は、100億宣言企業かどうかで判定が変わります。",
                     [QUESTION_100OKU])
    return _Eval("unknown", shown, f"{rule.label}。御社の予定投資額（{shown}）では境界をまたぐため判定できません。", [question])


def _eval_certification(rule: Rule, profile: Profile) -> _Eval:
    held = profile.certifications.get(str(rule.value))
    if held is True:
        return _Eval("pass", f"{rule.value}取得済み", f"{rule.label}。御社は{rule.value}を取得済みです。")
    if held is False:
        return _Eval("fail", f"{rule.value}未取得",
                     f"{rule.label}。御社は{rule.value}を取得していないため、現時点では対象外です（取得すれば対象になりえます）。")
    return _Eval("unknown", "不明", f"{rule.label}。{rule.value}の取得状況が分かりません。",
                 [rule.question or f"{rule.value}を取得していますか？"])


def _eval_region(rule: Rule, profile: Profile) -> _Eval:
    listed = {nfkc(v) for v in rule.value}
    pref, muni = profile.prefecture, profile.municipality
    shown = f"{pref}{muni}" or "不明"
    if muni and muni in listed:
        return _Eval("pass", shown, f"{rule.label}。{muni}は選定地域の一覧にあります。")
    if pref and pref in listed:
        return _Eval("pass", shown, f"{rule.label}。{pref}は選定地域の一覧にあります。")
    if pref and muni:
        return _Eval("fail", shown, f"{rule.label}。{pref}{muni}は選定地域の一覧にありません。")
    question = rule.question or QUESTION_LOCATION
    if pref:
        return _Eval("unknown", shown, f"{rule.label}。{pref}は県単位では一覧にないため、市区町村が必要です。", [question])
    return _Eval("unknown", shown, f"{rule.label}。所在地が分からないため判定できません。", [question])


def _eval_plan(rule: Rule, profile: Profile) -> _Eval:
    text = _profile_text(profile)
    for keyword in rule.value:
        if re.search(re.escape(nfkc(keyword)), text, re.IGNORECASE):
            return _Eval("pass", f"目標・計画に「{keyword}」", f"{rule.label}。御社の目標・計画に「{keyword}」が含まれています。")
    # A stated purpose is not an exclusion: when the owner's plans do not mention it we ask.
    shown = "目標・計画に記載なし" if text.strip() else "不明"
    return _Eval("unknown", shown, f"{rule.label}。御社の目標・計画からは当てはまるか分かりません。",
                 [rule.question or f"{rule.label}に当たる計画はありますか？"])


def _eval_has_investment(rule: Rule, profile: Profile) -> _Eval:
    if profile.investment_planned is True or profile.planned_investment_jpy is not None:
        shown = format_yen(profile.planned_investment_jpy) if profile.planned_investment_jpy is not None else "予定あり（金額未定）"
        return _Eval("pass", shown, f"{rule.label}。御社には投資の予定があります（{shown}）。")
    if profile.investment_planned is False:
        return _Eval("fail", "投資予定なし", f"{rule.label}。投資の予定がないとのことなので対象になりません。")
    return _Eval("unknown", "不明", f"{rule.label}。投資の予定が分かりません。", [rule.question or QUESTION_INVESTMENT])


def evaluate_rule(rule: Rule, profile: Profile, size: SizeAssessment) -> _Eval:
    """Outcome of one eligibility rule for one profile (see the module docstring)."""
    if rule.type == "size_class_in":
        result = _eval_size(rule, profile, size)
    elif rule.type == "max_employees":
        result = _eval_employees(rule, profile, maximum=True)
    elif rule.type == "min_employees":
        result = _eval_employees(rule, profile, maximum=False)
    elif rule.type == "min_investment_jpy":
        result = _eval_min_investment(rule, profile)
    elif rule.type == "certification":
        result = _eval_certification(rule, profile)
    elif rule.type == "region_listed":
        result = _eval_region(rule, profile)
    elif rule.type == "plan_includes":
        result = _eval_plan(rule, profile)
    elif rule.type == "has_planned_investment":
        result = _eval_has_investment(rule, profile)
    else:  # the schema restricts types; kept for type checkers
        raise ValueError(f"unknown rule type {rule.type}")
    if result.outcome == "fail" and rule.fail_outcome == "unknown":
        note = f"（{rule.note}）" if rule.note else ""
        result = _Eval("unknown", result.value, result.explanation + f" ただし資料からは対象外と断定できません{note}。",
                       result.questions)
    return result


def _size_reference(catalog: Catalog, size: SizeAssessment) -> Reason | None:
    """The SME definition applied, cited from the project's reference summary of the law."""
    if not size.category:
        return None
    cats = [c for c in size.category.split("・") if c in SME_DEFINITIONS]
    if not cats:
        return None
    try:
        citation = catalog.cite(SME_DEFINITIONS[cats[0]].evidence, REFERENCE_SOURCE)
    except (ValueError, RuntimeError):
        return None
    return Reason(rule="規模区分の判定基準（中小企業基本法 第2条）", company_value=size.label, outcome="info",
                  citation=citation, explanation=size.basis, rule_id="sme_definition")


def _small_reference(catalog: Catalog) -> Reason | None:
    try:
        citation = catalog.cite(SMALL_EVIDENCE, REFERENCE_SOURCE)
    except (ValueError, RuntimeError):
        return None
    return Reason(rule="小規模企業者の判定基準（中小企業基本法 第2条第5項）", company_value="", outcome="info",
                  citation=citation, rule_id="small_definition")


def _applies(fact, profile: Profile, size: SizeAssessment) -> bool | None:
    """Whether a cap/rate's machine-readable condition holds (None = cannot tell / no condition)."""
    return fact_applies(fact, _effective(profile.employees) if profile.employees is not None else None, size.small)


def fact_applies(fact, employees: tuple[int | None, int | None] | None, small: bool | None) -> bool | None:
    """Whether a cap/rate's machine-readable condition (headcount bounds, 小規模) holds for a company
    with this headcount (effective low, high; None: not known) and 小規模 status (None: cannot tell).
    None: cannot tell, or no condition."""
    checks: list[bool | None] = []
    if fact.applies_min_employees is not None or fact.applies_max_employees is not None:
        if employees is None:
            checks.append(None)
        else:
            lo, hi = employees
            ok_min = fact.applies_min_employees is None or (lo is not None and lo >= fact.applies_min_employees)
            ok_max = fact.applies_max_employees is None or (hi is not None and hi <= fact.applies_max_employees)
            bad_min = fact.applies_min_employees is not None and hi is not None and hi < fact.applies_min_employees
            bad_max = fact.applies_max_employees is not None and lo is not None and lo > fact.applies_max_employees
            checks.append(True if ok_min and ok_max else (False if bad_min or bad_max else None))
    if fact.applies_size_class == "small":
        checks.append(small)
    if not checks:
        return None
    if False in checks:
        return False
    return True if all(c is True for c in checks) else None


def _highlights(program: Program, profile: Profile, size: SizeAssessment) -> list[Reason]:
    out: list[Reason] = []
    for label, facts in (("補助上限額など", program.caps), ("補助率など", program.rates)):
        applicable = [f for f in facts if _applies(f, profile, size) is not False]
        for fact in applicable:
            mark = "（御社に該当）" if _applies(fact, profile, size) is True else ""
            out.append(Reason(rule=fact.label or label, company_value=mark, outcome="info", citation=fact.citation,
                              explanation=fact.value + (f" ※{fact.note}" if fact.note else ""), rule_id="highlight"))
    for fact in program.schedule[:1]:
        out.append(Reason(rule="公募・スケジュール", company_value="", outcome="info", citation=fact.citation,
                          explanation=fact.value, rule_id="schedule"))
    for fact in program.ax_emphasis[:1]:
        out.append(Reason(rule="AXの重点", company_value="", outcome="info", citation=fact.citation,
                          explanation=fact.value, rule_id="ax"))
    return out


def relevance(program: Program, profile: Profile) -> tuple[float, str]:
    """Score and explanation of how well the program's purpose fits the owner's goals."""
    if not profile.topics:
        return 0.0, "目標・課題が分からないため、目的との関連は評価していません。"
    overlap = [t for t in program.topics if t in profile.topics]
    # Earlier topics in the program's list are more central to its purpose.
    score = sum(1.0 / (1 + 0.25 * program.topics.index(t)) for t in overlap)
    notes = []
    if overlap:
        notes.append(f"目的との関連: {'・'.join(overlap)}")
    if "AI活用" in profile.topics and program.ax_emphasis:
        score += 0.5
        notes.append("資料にAX/AIの重点の記載あり")
    if not notes:
        notes.append("御社の目標との直接の関連は見つかりませんでした")
    return score, "／".join(notes)


def match_program(program: Program, profile: Profile, catalog: Catalog, size: SizeAssessment | None = None) -> MatchResult:
    """One program's verdict; see match_programs."""
    size = size or assess_size(profile)
    result = MatchResult(
        program_id=program.id, program_name=program.name.value, kind=program.kind, status="fit",
        program_status=program.status.value, as_of=program.as_of,
    )
    source = catalog.sources.get(program.source)
    date_label = source.date_label if source else program.as_of
    if program.kind == "subsidy":  # rounds (公募) exist for subsidies only
        current = catalog.round_of(program)
        result.round_status = current.status if current else "不明"
        result.round_label = current.label if current else "不明（公募要領が登録されていません）"
    if program.status.value == "superseded":
        successor = catalog.get(program.status.successor)
        result.successor = successor.name.value if successor else program.status.successor
        result.status = "no_fit"
        note = f"（{program.status.note}）" if program.status.note else ""
        result.reasons.append(Reason(
            rule="制度の状態: 後継制度へ移行", company_value="—", outcome="fail", citation=program.status.citation,
            explanation=f"この制度（{date_label}の資料）は後継の「{result.successor}」に移行しています。後継制度を確認してください{note}。",
            rule_id="status",
        ))
        result.notice = f"後継制度: {result.successor}"
        return result
    if program.status.value == "planned":
        result.notice = f"予定・検討中の制度です（{date_label}の資料時点）。内容・時期は確定していません。"
    elif source and source.date[:4].isdigit() and int(source.date[:4]) < 2026:
        result.notice = f"金額・要件は{date_label}の資料の記載です。最新の公募要領で確認してください。"
    outcomes: list[str] = []
    has_size_rule = False
    for rule in program.eligibility:
        ev = evaluate_rule(rule, profile, size)
        outcomes.append(ev.outcome)
        has_size_rule = has_size_rule or rule.type == "size_class_in"
        explanation = ev.explanation
        if rule.override_flag and rule.override_citation is not None and profile.flags.get(rule.override_flag):
            explanation += f"（特例: {rule.override_citation.passage}）"
        result.reasons.append(Reason(rule=rule.label, company_value=ev.value, outcome=ev.outcome,  # type: ignore[arg-type]
                                     citation=rule.citation, explanation=explanation, rule_id=rule.id))
        for q in ev.questions:
            if q not in result.questions:
                result.questions.append(q)
    if has_size_rule:
        ref = _size_reference(catalog, size)
        if ref:
            result.reasons.append(ref)
        if any(r.type == "size_class_in" and "small" in r.value for r in program.eligibility):
            small = _small_reference(catalog)
            if small:
                result.reasons.append(small)
    if "fail" in outcomes:
        result.status = "no_fit"
        result.questions = []  # the missing facts cannot change a documented exclusion
    elif "unknown" in outcomes:
        result.status = "needs_info"
    else:
        result.status = "fit"
        if not program.eligibility:
            result.reasons.append(Reason(
                rule="対象要件", company_value="—", outcome="info",
                citation=(program.target[0].citation if program.target else program.name.citation),
                explanation="資料には対象を限定する要件の記載がありません（" + KIND_LABELS[program.kind] + "）。",
                rule_id="no_rules",
            ))
    result.relevance, result.relevance_note = relevance(program, profile)
    result.highlights = _highlights(program, profile, size)
    return result


def match_programs(profile: Profile, catalog: Catalog) -> list[MatchResult]:
    """Every program's verdict for the profile: fits first (most relevant first), then programs
    that need information, then those that do not fit. Each MatchResult has ``to_dict()``."""
    size = assess_size(profile)
    results = [match_program(p, profile, catalog, size) for p in catalog.programs]
    order = {"fit": 0, "needs_info": 1, "no_fit": 2}
    results.sort(key=lambda r: (order[r.status], -r.relevance, _KIND_ORDER.get(r.kind, 9), r.program_name))
    return results


def follow_up_questions(results: list[MatchResult], extra: list[str] | None = None) -> list[str]:
    """The questions whose answers would settle the most programs first (Japanese)."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for r in results:
        if r.status != "needs_info":
            continue
        for q in r.questions:
            counts[q] += 1
            first_seen.setdefault(q, len(first_seen))
    ordered = sorted(counts, key=lambda q: (-counts[q], first_seen[q]))
    out: list[str] = []
    for q in [*(extra or []), *ordered]:
        if q and q not in out:
            out.append(q)
    return out


__all__ = ["evaluate_rule", "follow_up_questions", "match_program", "match_programs", "relevance"]
