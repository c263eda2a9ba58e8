"""The model of a workshop series and its rules, free of storage and screens.

A *series* (name, region, organiser, planned dates) has numbered *rounds*, each with its own join
code. A *company* joins once and keeps a short *company key*; with it, the company is recognised
in later rounds without retyping anything. Per company the series keeps an *action plan* (3–5
actions, carried over between rounds), a *check-in* and a readiness check per round, the AI use
*stage* it chose (and whether the facilitator confirmed it), *evidence* of change (figures with
the company's own words), a *case write-up* and two consent flags (may be quoted; may publish the
case). Everything a person typed passes through ``clean_text`` (personal data masked) before it
is stored, so nothing downstream ever sees an unmasked phone number or address.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from advisor.inbound import mask_pii
from advisor.inbound import sanitize
from advisor.text import nfkc

ACTION_STATUSES: tuple[str, ...] = ("未着手", "着手", "完了", "断念")
AI_STAGES: tuple[str, ...] = ("検討", "試行", "本格導入")
MIN_ACTIONS, MAX_ACTIONS = 3, 5
MAX_ROUNDS = 20

# What an action is about. The round report counts completed actions by category rather than
# quoting their text: action text is the company's own words and is shown only with consent.
ACTION_CATEGORIES: tuple[str, ...] = (
    "目指す姿・課題の整理", "推進体制づくり", "業務の見える化", "データの記録・活用", "人材育成・研修",
    "情報管理ルール", "外部への相談", "補助金・支援制度の申請", "AI・ツールの試行", "AI・ツールの本格導入", "その他",
)

# Evidence of change: a figure with a unit, and the company's own words about it.
EVIDENCE_KINDS: dict[str, tuple[str, str]] = {
    "hours_saved": ("削減できた時間", "時間/月"),
    "tool_in_use": ("使い始めたAI・ツール", "件"),
    "cost_saved": ("削減できた費用", "万円/月"),
    "other": ("その他の成果", ""),
}

# Codes are read off a projector or a handout: no 0/O or 1/I.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8  # 32^8 = 2^40: not guessable by trying codes within a workshop's lifetime
COMPANY_KEY_LENGTH = 10  # 2^50, printed as two groups of five: "K7QMX-2PA9R"

TEXT_LIMITS = {"name": 60, "short": 100, "action": 120, "note": 300, "long": 800}


class SeriesError(Exception):
    """A Japanese message for the facilitator or the company using the series screens."""


class SecretGuessError(SeriesError):
    """A wrong join code, company key, facilitator key or projector token: the failures that the
    brute-force gate counts (a typo in a company name or a closed round is not a guess)."""


def clean_text(text: object, limit: int) -> str:
    """One line or paragraph as stored: NFKC, tidy spaces, personal data masked, bounded length.

    Masking happens before truncation so that a cut can never leave half a phone number visible."""
    # advisor.inbound: NFKC, line ends, control/bidi/zero-width characters and lone surrogates out.
    value = sanitize(str(text or ""))
    lines = [" ".join(line.split()) for line in value.split("\n")]
    value = "\n".join(lines).strip()
    while "\n\n\n" in value:
        value = value.replace("\n\n\n", "\n\n")
    return mask_pii(value)[:limit].strip()


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    """What a person typed (lower case, full-width, hyphens, spaces) as the stored form."""
    text = unicodedata.normalize("NFKC", code or "").upper()
    return "".join(ch for ch in text if ch.isalnum())


def format_company_key(key: str) -> str:
    key = normalise_code(key)
    return f"{key[:5]}-{key[5:]}" if len(key) > 5 else key


# --- the model ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    id: str
    name: str
    region: str
    organiser: str
    planned_dates: tuple[str, ...]
    created_at: str


@dataclass(frozen=True)
class Round:
    id: str
    series_id: str
    number: int
    code: str
    opened_at: str
    closed: bool = False

    @property
    def label(self) -> str:
        return f"第{self.number}回"


@dataclass(frozen=True)
class Company:
    id: str
    series_id: str
    name: str
    session_id: str  # the company's advisor session: its profile, kept across rounds
    joined_at: str
    consent_quote: bool = False  # may its words appear in reports and on the recognition sheet
    consent_case: bool = False  # may its case write-up be published


@dataclass(frozen=True)
class Action:
    text: str
    category: str
    owner: str
    due_round: int
    status: str = "未着手"
    note: str = ""


@dataclass(frozen=True)
class CheckIn:
    round_number: int
    done: str
    learned: str


@dataclass(frozen=True)
class StageRecord:
    round_number: int
    chosen: str
    confirmed: bool = False


@dataclass(frozen=True)
class Evidence:
    round_number: int
    kind: str
    figure: float
    words: str

    @property
    def label(self) -> str:
        return EVIDENCE_KINDS.get(self.kind, EVIDENCE_KINDS["other"])[0]

    @property
    def unit(self) -> str:
        return EVIDENCE_KINDS.get(self.kind, EVIDENCE_KINDS["other"])[1]

    def figure_text(self) -> str:
        figure = int(self.figure) if float(self.figure).is_integer() else round(self.figure, 1)
        return f"{figure}{self.unit}"


@dataclass(frozen=True)
class CaseWriteUp:
    """The documents' own case format: 課題 → 取組 → 成果."""

    challenge: str
    approach: str
    result: str

    @property
    def complete(self) -> bool:
        return bool(self.challenge and self.approach and self.result)


@dataclass(frozen=True)
class Readiness:
    """One round's readiness check, already scored by the readiness module."""

    score: int | None  # 0–100, None when nothing was answered
    gaps: tuple[str, ...] = ()  # topics answered いいえ/一部


@dataclass
class CompanyProgress:
    """Everything the series knows about one company, as the facilitator's views need it."""

    company: Company
    rounds_attended: list[int] = field(default_factory=list)
    readiness: dict[int, Readiness] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)
    checkins: dict[int, CheckIn] = field(default_factory=dict)
    stages: dict[int, StageRecord] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    case: CaseWriteUp | None = None
    topics: list[str] = field(default_factory=list)  # the profile's topics (a fixed vocabulary, never free text)
    programs: list[str] = field(default_factory=list)  # programs that may fit its profile

    def scored_rounds(self) -> list[int]:
        return sorted(n for n, r in self.readiness.items() if r.score is not None)

    @property
    def readiness_gain(self) -> int:
        """Latest score minus first score (0 with fewer than two scored rounds)."""
        scored = self.scored_rounds()
        if len(scored) < 2:
            return 0
        return int(self.readiness[scored[-1]].score or 0) - int(self.readiness[scored[0]].score or 0)

    @property
    def actions_completed(self) -> int:
        return sum(1 for a in self.actions if a.status == "完了")

    def confirmed_stages(self) -> list[StageRecord]:
        return [self.stages[n] for n in sorted(self.stages) if self.stages[n].confirmed]

    @property
    def current_stage(self) -> str:
        """The latest stage the facilitator confirmed ("" when none)."""
        confirmed = self.confirmed_stages()
        return confirmed[-1].chosen if confirmed else ""

    @property
    def stage_steps(self) -> int:
        """How many stages the company moved, counted on confirmed stages only.

        A company is taken to start at 検討 unless its first confirmed stage says otherwise, so a
        company confirmed at 試行 in its first round has not moved (it started there)."""
        confirmed = self.confirmed_stages()
        if not confirmed:
            return 0
        first = AI_STAGES.index(confirmed[0].chosen)
        return max(0, AI_STAGES.index(confirmed[-1].chosen) - first)


# --- rules ------------------------------------------------------------------------------------------


def parse_planned_dates(text: str) -> tuple[str, ...]:
    """Dates typed one per line or separated by commas ("2026-12-01, 2027-01-15")."""
    parts = [p.strip() for p in nfkc(text or "").replace("、", ",").replace("\n", ",").split(",")]
    return tuple(clean_text(p, 30) for p in parts if p.strip())[:MAX_ROUNDS]


def validate_series(name: str, region: str, organiser: str) -> tuple[str, str, str]:
    name = clean_text(name, TEXT_LIMITS["short"])
    if not name:
        raise SeriesError("シリーズ名を入力してください。")
    return name, clean_text(region, TEXT_LIMITS["name"]), clean_text(organiser, TEXT_LIMITS["short"])


def validate_company_name(name: str) -> str:
    name = clean_text(name, TEXT_LIMITS["name"]).replace("\n", " ")
    if not name:
        raise SeriesError("会社名（またはニックネーム）を入力してください。")
    return name


def validate_plan(rows: Sequence[Mapping[str, object]], last_round: int) -> list[Action]:
    """An action plan from form rows: blank rows are skipped, then 3–5 actions must remain, each
    with an owner, a due round between 1 and ``last_round`` + 5, a known status and category."""
    actions: list[Action] = []
    for index, row in enumerate(rows, start=1):
        text = clean_text(row.get("text"), TEXT_LIMITS["action"]).replace("\n", " ")
        if not text:
            continue
        owner = clean_text(row.get("owner"), TEXT_LIMITS["name"]).replace("\n", " ")
        if not owner:
            raise SeriesError(f"行動{index}の担当（役職や役割で構いません）を入力してください。")
        try:
            due = int(str(row.get("due_round") or "").strip())
        except ValueError:
            raise SeriesError(f"行動{index}の期限（第何回までに）を数字で選んでください。") from None
        if not 1 <= due <= min(MAX_ROUNDS, last_round + 5):
            raise SeriesError(f"行動{index}の期限は第1回〜第{min(MAX_ROUNDS, last_round + 5)}回から選んでください。")
        status = str(row.get("status") or "未着手")
        if status not in ACTION_STATUSES:
            raise SeriesError(f"行動{index}の状況は「{'」「'.join(ACTION_STATUSES)}」から選んでください。")
        category = str(row.get("category") or "その他")
        if category not in ACTION_CATEGORIES:
            category = "その他"
        actions.append(Action(text, category, owner, due, status, clean_text(row.get("note"), TEXT_LIMITS["note"])))
    if not MIN_ACTIONS <= len(actions) <= MAX_ACTIONS:
        raise SeriesError(f"行動計画は{MIN_ACTIONS}〜{MAX_ACTIONS}件で作成してください（いま{len(actions)}件）。")
    return actions


def validate_stage(stage: str) -> str:
    if stage not in AI_STAGES:
        raise SeriesError(f"AI活用の段階は「{'」→「'.join(AI_STAGES)}」から選んでください。")
    return stage


def validate_evidence(kind: str, figure: object, words: object, round_number: int) -> Evidence:
    if kind not in EVIDENCE_KINDS:
        raise SeriesError("成果の種類を選んでください。")
    try:
        value = float(nfkc(str(figure or "")).replace(",", "").strip())
    except ValueError:
        raise SeriesError("成果は数字で入力してください（例: 12）。") from None
    if not 0 < value < 1_000_000:
        raise SeriesError("成果の数字は0より大きい値で入力してください。")
    text = clean_text(words, TEXT_LIMITS["note"])
    if not text:
        raise SeriesError("成果について、自社の言葉でひとこと書いてください（例: 請求書の入力が半日から1時間に）。")
    return Evidence(round_number, kind, value, text)


def suggested_actions(gap_topics: Sequence[str], programs: Sequence[str], round_number: int) -> list[Action]:
    """A first plan drafted from the advisor's findings: readiness gaps become the first actions,
    programs that may fit become "check the guidelines" actions; the owner edits before saving."""
    by_topic = {
        "ビジョン": ("5〜10年後の目指す姿と、解決したい課題を1枚に書き出す", "目指す姿・課題の整理"),
        "目的起点": ("顧客にどんな価値を生むかから、AIを使う業務を1つ選ぶ", "目指す姿・課題の整理"),
        "推進体制": ("AI・デジタル化の担当者（兼務可）を決める", "推進体制づくり"),
        "業務の見える化": ("主な業務の手順を書き出し、属人化している作業を洗い出す", "業務の見える化"),
        "データ記録": ("売上・顧客・在庫のうち1つをデジタルで記録し始める", "データの記録・活用"),
        "人材育成": ("従業員がAI・デジタルを学ぶ研修やオンライン講座を1つ受ける", "人材育成・研修"),
        "セキュリティ": ("AIに入力してよい情報・いけない情報のルールを決める", "情報管理ルール"),
        "相談先": ("地域の支援機関に、経営とAIの両方を相談する", "外部への相談"),
    }
    out: list[Action] = []
    for topic in gap_topics:
        if topic in by_topic and len(out) < MAX_ACTIONS:
            text, category = by_topic[topic]
            out.append(Action(text, category, "", round_number + 1))
    for program in programs:
        if len(out) >= MAX_ACTIONS:
            break
        out.append(Action(f"「{program}」の最新の公募要領で要件と締切を確認する", "補助金・支援制度の申請", "",
                          round_number + 1))
    return out
