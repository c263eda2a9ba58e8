"""Program catalog, company profile and match result types.

The catalog schema is pydantic so that a malformed corpus/programs/*.yaml fails loudly with the
file, the field and the problem. Every statement about a program is a ``Fact`` carrying the exact
``evidence`` substring of a corpus document it comes from; after loading, each fact also holds the
resolved ``Citation`` (document title, issuer, date, section, passage) shown to owners.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from advisor.numbers import NumberRange, Quantity, format_count, format_yen
from advisor.types import Citation

ProgramKind = Literal[
    "subsidy", "tax", "loan", "guarantee", "certification", "support_body", "network", "training"
]
ProgramStatus = Literal["active", "planned", "superseded"]
# Kinds with no cap and no rate of their own: a figure asked of one of them together with a program that has
# figures (「DX認定事業者向けの公庫の融資の利率」, 「具体的な利率は何%？」 after DX認定 and its loan) is asked of the other.
# Read by understanding (a carried-over pair) and the answer chain (the programs a figure is asked of).
KINDS_WITHOUT_FIGURES: frozenset[str] = frozenset({"certification", "support_body", "network", "training"})
SizeClass = Literal["small", "sme"]
RuleType = Literal[
    "size_class_in", "max_employees", "min_employees", "min_investment_jpy", "certification",
    "region_listed", "plan_includes", "has_planned_investment",
]

KIND_LABELS: dict[str, str] = {
    "subsidy": "補助金", "tax": "税制", "loan": "融資", "guarantee": "信用保証", "certification": "認定制度",
    "support_body": "支援機関", "network": "支援ネットワーク", "training": "人材育成",
}
STATUS_LABELS: dict[str, str] = {"active": "実施中（資料時点）", "planned": "予定・検討中", "superseded": "後継制度へ移行"}

# Topics used to rank fitting programs by the owner's goal. They are the project's own tags (not
# facts from the documents), so they carry no evidence; the vocabulary is closed so that a typo in
# a YAML file is caught instead of silently never matching.
TOPICS: tuple[str, ...] = (
    "AI活用", "省力化・自動化", "ITツール導入", "設備投資", "工場新設・拠点整備", "賃上げ", "人材育成",
    "DX推進", "新製品・新サービス開発", "海外展開", "経営相談", "資金調達", "税負担軽減", "本社移転",
    "事業拡大", "セキュリティ", "地域連携", "産業用地",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Fact(_Strict):
    """One statement about a program and where a document says it.

    ``value`` is the fact as the project states it (often the document's words); ``evidence`` is a
    substring of the source document (matched after NFKC and whitespace removal); ``anchor``, when
    the evidence occurs more than once, is a substring that precedes the intended occurrence.
    """

    value: str
    evidence: str = Field(min_length=2)
    source: str = Field(min_length=1)
    anchor: str = ""
    note: str = ""
    _citation: Citation | None = PrivateAttr(default=None)

    @property
    def citation(self) -> Citation:
        if self._citation is None:
            raise RuntimeError("fact not resolved: load it through advisor.programs.catalog.load_catalog")
        return self._citation


class AmountFact(Fact):
    """A cap or rate with the condition under which it applies, as the document words it."""

    label: str = ""
    condition: str = ""
    amount_jpy: int | None = Field(default=None, ge=0)
    rate: str = ""  # "1/2", "2/3", … as written
    # Machine-checkable part of ``condition`` so that matching can show the cap that applies.
    applies_min_employees: int | None = Field(default=None, ge=0)
    applies_max_employees: int | None = Field(default=None, ge=0)
    applies_size_class: SizeClass | None = None


class StatusFact(Fact):
    value: ProgramStatus  # type: ignore[assignment]
    successor: str = ""

    @model_validator(mode="after")
    def _successor_only_when_superseded(self) -> "StatusFact":
        if self.value == "superseded" and not self.successor:
            raise ValueError("status 'superseded' needs `successor` (the id of the program that replaced it)")
        if self.value != "superseded" and self.successor:
            raise ValueError("`successor` is only allowed when status is 'superseded'")
        return self


class RelatedFact(Fact):
    program: str  # id of another catalog program
    relation: str  # e.g. 後継制度, 前身制度, 認定の特典, 一般型とは別の類型


class Rule(_Strict):
    """An eligibility rule evaluated by generic code in matching.py.

    ``value`` depends on ``type``: a list of size classes, a number of persons or yen, a
    certification name, a list of region names or of plan keywords. ``label`` is the rule as shown
    to owners ("補助対象者は中小・小規模事業者"); ``question`` is asked when the profile lacks what the
    rule needs. ``override_flag``/``override_value`` lower a threshold for companies with a flag
    (e.g. 100億宣言企業は投資額15億円以上), with their own evidence.
    """

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    type: RuleType
    value: Any
    label: str = Field(min_length=2)
    evidence: str = Field(min_length=2)
    source: str = Field(min_length=1)
    anchor: str = ""
    question: str = ""
    override_flag: str = ""
    override_value: int | None = None
    override_evidence: str = ""
    override_anchor: str = ""
    # "unknown" when failing the rule does not exclude the company for sure (e.g. the document
    # names 中堅・中小企業 but defines neither): the result is then "needs_info", not "no_fit".
    fail_outcome: Literal["fail", "unknown"] = "fail"
    note: str = ""
    _citation: Citation | None = PrivateAttr(default=None)
    _override_citation: Citation | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _value_matches_type(self) -> "Rule":
        t, v = self.type, self.value
        if t == "size_class_in":
            if not isinstance(v, list) or not v or any(x not in ("small", "sme") for x in v):
                raise ValueError("size_class_in needs a non-empty list of 'small' / 'sme'")
        elif t in ("max_employees", "min_employees", "min_investment_jpy"):
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                raise ValueError(f"{t} needs a non-negative integer value")
        elif t == "certification":
            if not isinstance(v, str) or not v:
                raise ValueError("certification needs the certification's name as value")
        elif t in ("region_listed", "plan_includes"):
            if not isinstance(v, list) or not v or any(not isinstance(x, str) or not x for x in v):
                raise ValueError(f"{t} needs a non-empty list of strings")
        elif t == "has_planned_investment":
            if v not in (True, None):
                raise ValueError("has_planned_investment takes `value: true`")
        if bool(self.override_flag) != (self.override_value is not None):
            raise ValueError("override_flag and override_value go together")
        if self.override_flag and not self.override_evidence:
            raise ValueError("an override needs its own override_evidence")
        return self

    @property
    def citation(self) -> Citation:
        if self._citation is None:
            raise RuntimeError("rule not resolved: load it through load_catalog")
        return self._citation

    @property
    def override_citation(self) -> Citation | None:
        return self._override_citation


class GuidelineFacts(_Strict):
    """A program's figures as its current-round 公募要領 (or 交付規程) states them.

    These PDFs are not bundled: the block is applied only when ``source`` is in the index (see
    catalog.load_catalog). Applied, its cap, rate, target, eligible expenses and period replace
    the program's (slide) figures everywhere (answers, cards, matching, drafts); the replaced
    figures stay in ``Program.history``. Every fact's ``source`` is this block's ``source``.
    """

    source: str = Field(min_length=1)
    as_of: str = Field(description="the guideline's date, as in the registry")
    round: str = ""
    period: Fact | None = None
    target: list[Fact] = Field(default_factory=list)
    caps: list[AmountFact] = Field(default_factory=list)
    rates: list[AmountFact] = Field(default_factory=list)
    eligible_expenses: list[Fact] = Field(default_factory=list)

    def facts(self) -> list[tuple[str, Fact]]:
        out: list[tuple[str, Fact]] = [("guideline.period", self.period)] if self.period else []
        for name in ("target", "caps", "rates", "eligible_expenses"):
            out += [(f"guideline.{name}[{i}]", f) for i, f in enumerate(getattr(self, name))]
        return out

    @model_validator(mode="after")
    def _facts_cite_the_guideline(self) -> "GuidelineFacts":
        other = [where for where, f in self.facts() if f.source != self.source]
        if other:
            raise ValueError(f"guideline facts must cite the guideline {self.source!r}: {', '.join(other)}")
        return self


class Program(_Strict):
    """One support measure (subsidy, tax measure, loan, certification, support body, network)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: ProgramKind
    name: Fact
    aliases: list[Fact] = Field(default_factory=list)
    issuer: Fact | None = None
    status: StatusFact
    purpose: Fact | None = None
    target: list[Fact] = Field(default_factory=list)  # target size class / beneficiaries as worded
    limits: list[AmountFact] = Field(default_factory=list)  # employee, investment and other limits
    caps: list[AmountFact] = Field(default_factory=list)
    rates: list[AmountFact] = Field(default_factory=list)
    eligible_expenses: list[Fact] = Field(default_factory=list)
    ax_emphasis: list[Fact] = Field(default_factory=list)
    schedule: list[Fact] = Field(default_factory=list)  # verbatim; relative dates use the doc's date
    conditions: list[Fact] = Field(default_factory=list)  # obligations (賃上げ要件 …) shown, not matched
    related: list[RelatedFact] = Field(default_factory=list)
    eligibility: list[Rule] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    as_of: str = Field(description="date of the primary source document, as in sources.yaml")
    source: str = Field(min_length=1, description="primary source id")
    notes: list[str] = Field(default_factory=list)  # the project's caveats about the documents
    guideline: GuidelineFacts | None = None
    # True for programs known only from a guideline PDF (not bundled): the program is in the
    # catalog only while that PDF is in the index.
    requires_guideline: bool = False
    # Facts replaced by the applied guideline ({"caps": [...], "as_of": "2023", ...}): history.
    _history: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def history(self) -> dict[str, Any]:
        return self._history

    @property
    def guideline_applied(self) -> bool:
        return bool(self._history)

    @field_validator("topics")
    @classmethod
    def _known_topics(cls, topics: list[str]) -> list[str]:
        unknown = [t for t in topics if t not in TOPICS]
        if unknown:
            raise ValueError(f"unknown topic(s) {unknown}; allowed: {', '.join(TOPICS)}")
        return topics

    @model_validator(mode="after")
    def _unique_rule_ids(self) -> "Program":
        ids = [r.id for r in self.eligibility]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate eligibility rule id(s): {dupes}")
        return self

    @property
    def names(self) -> list[str]:
        return [self.name.value, *(a.value for a in self.aliases)]

    def facts(self) -> list[tuple[str, Fact]]:
        """Every fact with a path for messages ("caps[1]")."""
        out: list[tuple[str, Fact]] = [("name", self.name), ("status", self.status)]
        if self.issuer:
            out.append(("issuer", self.issuer))
        if self.purpose:
            out.append(("purpose", self.purpose))
        for field_name in ("aliases", "target", "limits", "caps", "rates", "eligible_expenses", "ax_emphasis",
                           "schedule", "conditions", "related"):
            for i, fact in enumerate(getattr(self, field_name)):
                out.append((f"{field_name}[{i}]", fact))
        return out


# --- profile --------------------------------------------------------------------------------------


@dataclass
class Industry:
    """An industry mapped to a JSIC (日本標準産業分類) major group and to the 中小企業基本法 category.

    ``sme_categories`` lists the 中小企業基本法 第2条 categories the industry may fall under; more than
    one means the category is ambiguous for this industry and is surfaced, not guessed.
    """

    jsic_code: str  # "E"
    jsic_name: str  # "製造業"
    detail: str = ""  # "自動車部品"
    sme_categories: list[str] = field(default_factory=list)  # "製造業その他" | "卸売業" | "小売業" | "サービス業"
    raw: str = ""

    @property
    def label(self) -> str:
        return f"{self.jsic_name}（{self.detail}）" if self.detail else self.jsic_name

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SizeAssessment:
    """中小企業者 / 小規模企業者 status derived from industry, employees and capital.

    ``sme``/``small`` are None when the facts given do not decide it; ``missing`` names what would.
    """

    sme: bool | None
    small: bool | None
    category: str = ""
    basis: str = ""
    missing: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.small:
            return "小規模企業者"
        if self.sme:
            return "中小企業者（小規模企業者を除く）" if self.small is False else "中小企業者"
        if self.sme is False:
            return "中小企業者に該当しない（大企業等）"
        return "判定できない"


@dataclass
class Profile:
    """What the owner has told us about the company. Unknown = None / empty."""

    industry: Industry | None = None
    employees: Quantity | None = None
    employees_note: str = ""  # "パート含む" etc.
    capital_jpy: Quantity | None = None
    annual_sales_jpy: Quantity | None = None
    planned_investment_jpy: Quantity | None = None
    investment_planned: bool | None = None  # False when the owner says no investment is planned
    investment_purpose: str = ""
    prefecture: str = ""
    municipality: str = ""
    digital_use: list[str] = field(default_factory=list)
    digital_level: str = ""  # none | basic | ai
    goals: list[str] = field(default_factory=list)
    pain_points: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # TOPICS the goals/pain points touch
    certifications: dict[str, bool] = field(default_factory=dict)  # {"DX認定": True}
    flags: dict[str, bool] = field(default_factory=dict)  # {"declared_100oku": True, "min_wage_near": True}

    def to_dict(self) -> dict[str, Any]:
        def q(v: Quantity | None) -> Any:
            if isinstance(v, NumberRange):
                return {"low": v.low, "high": v.high, "approximate": v.approximate}
            return v

        return {
            "industry": self.industry.to_dict() if self.industry else None,
            "employees": q(self.employees),
            "employees_note": self.employees_note,
            "capital_jpy": q(self.capital_jpy),
            "annual_sales_jpy": q(self.annual_sales_jpy),
            "planned_investment_jpy": q(self.planned_investment_jpy),
            "investment_planned": self.investment_planned,
            "investment_purpose": self.investment_purpose,
            "prefecture": self.prefecture,
            "municipality": self.municipality,
            "digital_use": list(self.digital_use),
            "digital_level": self.digital_level,
            "goals": list(self.goals),
            "pain_points": list(self.pain_points),
            "topics": list(self.topics),
            "certifications": dict(self.certifications),
            "flags": dict(self.flags),
        }

    def summary_lines(self) -> list[str]:
        """Japanese one-liners of what is known, for the CLI and the chat."""
        lines: list[str] = []
        if self.industry:
            lines.append(f"業種: {self.industry.label}（日本標準産業分類 大分類{self.industry.jsic_code}）")
        if self.employees is not None:
            note = f"（{self.employees_note}）" if self.employees_note else ""
            lines.append(f"従業員数: {format_count(self.employees)}{note}")
        if self.capital_jpy is not None:
            lines.append(f"資本金: {format_yen(self.capital_jpy)}")
        if self.annual_sales_jpy is not None:
            lines.append(f"年間売上高: {format_yen(self.annual_sales_jpy)}")
        if self.planned_investment_jpy is not None:
            lines.append(f"予定投資額: {format_yen(self.planned_investment_jpy)}")
        if self.investment_purpose:
            lines.append(f"投資の目的: {self.investment_purpose}")
        if self.prefecture or self.municipality:
            lines.append(f"所在地: {self.prefecture}{self.municipality}")
        if self.digital_use:
            lines.append(f"現在のデジタル・AI活用: {'／'.join(self.digital_use)}")
        if self.goals:
            lines.append(f"目標: {'／'.join(self.goals)}")
        if self.pain_points:
            # (a pain told inside a request for support shows as the need, as on the confirmation line: 「検品に毎日
            # 3時間かかってる」, not 「…ので、何か支援制度はありますか?」; pain_points, which the ranking reads, stay as
            # told — NOTES.md "s46-conv")
            from advisor.programs.profile import need_shown

            lines.append(f"課題: {'／'.join(dict.fromkeys(need_shown(p) for p in self.pain_points))}")
        for name, held in self.certifications.items():
            lines.append(f"{name}: {'取得済み' if held else '未取得'}")
        return lines


@dataclass
class ProfileIssue:
    """Something the parser could not settle: an ambiguity, a contradiction or a rejected value."""

    field: str
    kind: Literal["ambiguity", "contradiction", "rejected"]
    message: str  # Japanese, for the owner
    question: str = ""  # Japanese follow-up question

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ProfileParse:
    """Result of parse_profile: the updated profile and what happened to each piece of text."""

    profile: Profile
    understood: list[str] = field(default_factory=list)  # Japanese: "従業員数: 45人"
    issues: list[ProfileIssue] = field(default_factory=list)

    @property
    def ambiguities(self) -> list[ProfileIssue]:
        return [i for i in self.issues if i.kind == "ambiguity"]

    @property
    def contradictions(self) -> list[ProfileIssue]:
        return [i for i in self.issues if i.kind == "contradiction"]

    @property
    def rejected(self) -> list[ProfileIssue]:
        return [i for i in self.issues if i.kind == "rejected"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile.to_dict(),
            "understood": list(self.understood),
            "issues": [i.to_dict() for i in self.issues],
        }


# --- match results --------------------------------------------------------------------------------

MatchStatus = Literal["fit", "no_fit", "needs_info"]
Outcome = Literal["pass", "fail", "unknown", "info"]


@dataclass
class Reason:
    """Why a program fits or not: the rule, the company's value, the outcome and the citation."""

    rule: str  # Japanese rule text, e.g. "常時使用する従業員数が2,000人以下"
    company_value: str  # Japanese, e.g. "45人" or "不明"
    outcome: Outcome
    citation: Citation | None
    explanation: str = ""  # Japanese sentence combining the above
    rule_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "rule": self.rule,
            "company_value": self.company_value,
            "outcome": self.outcome,
            "explanation": self.explanation,
            "citation": self.citation.to_dict() if self.citation else None,
        }


@dataclass
class MatchResult:
    """One program's verdict for one profile (see matching.match_programs)."""

    program_id: str
    program_name: str
    kind: str
    status: MatchStatus
    program_status: str  # active | planned | superseded
    reasons: list[Reason] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    relevance: float = 0.0
    relevance_note: str = ""
    notice: str = ""  # planned / superseded / old-figures notice, Japanese
    successor: str = ""  # successor program name when superseded
    highlights: list[Reason] = field(default_factory=list)  # applicable caps/rates, schedule, AX emphasis
    as_of: str = ""
    round_status: str = ""  # 公募中 | 締切済み | 予定 | 不明 for subsidies ("" for other kinds)
    round_label: str = ""  # "締切済み（第23次・締切 2026年5月8日17:00）"
    recommended: int = 0  # rank among the recommendations (1–3, see ranking.py); 0 = not recommended
    why: str = ""  # one Japanese line of why it is recommended
    why_citation: Citation | None = None  # the document the why-line quotes, when it quotes one
    # Recommended while eligibility waits for the company's size (ranking.size_pending): the facts
    # that decide it (「業種」「従業員数」), named in the reply.
    pending: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "program_id": self.program_id,
            "round_status": self.round_status,
            "round_label": self.round_label,
            "program": self.program_name,
            "kind": self.kind,
            "status": self.status,
            "program_status": self.program_status,
            "relevance": round(self.relevance, 3),
            "relevance_note": self.relevance_note,
            "notice": self.notice,
            "successor": self.successor,
            "as_of": self.as_of,
            "reasons": [r.to_dict() for r in self.reasons],
            "highlights": [r.to_dict() for r in self.highlights],
            "questions": list(self.questions),
            "recommended": self.recommended,
            "why": self.why,
            "why_citation": self.why_citation.to_dict() if self.why_citation else None,
            "pending": list(self.pending),
        }
