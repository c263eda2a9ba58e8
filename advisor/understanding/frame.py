"""The frame: what one turn asks for, decided once before any chain runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Intent = Literal[
    "question", "company_description", "matching", "next_steps", "draft", "small_talk",
    "off_topic", "falsification", "injection",
]
# overview = 「〜について教えて」: the program's card (purpose, target, cap, rate, expenses, schedule)
Slot = Literal[
    "amount", "rate", "date", "eligibility", "expenses", "procedure", "definition", "comparison",
    "recommendation", "overview",
]
# shortened: named by a shortened name or a type word alone (「ものづくりだと」「カタログ型の話です」),
# resolved against the catalog; shown in the context line like a carried-over program.
# mentioned: in the reply to a company description without being recommended (a tax incentive that
# needs a fact first); 「その税制」 refers to it when no recommended program is of that kind.
ProgramOrigin = Literal["named", "shortened", "carried_over", "recommended", "mentioned"]
# What the documents cannot say, whatever is retrieved: a specific deadline day, a named person,
# a prefecture's or municipality's own program, results of a past round (採択率, 採択件数), a
# program whose 公募要領 is not in the index (unindexed_program: its name is in the catalog's files),
# a rule of a subsidy's administration (procedure_rule: 交付決定前の発注, 実績報告, 財産処分… — the
# 公募要領 and 交付規程 state them; the chain answers from a retrieved passage that does).
NotStated = Literal["", "deadline", "person", "local_program", "statistics", "forecast", "sanctions", "unindexed_program",
                    "procedure_rule"]

DECLINING_INTENTS = frozenset({"off_topic", "falsification", "injection"})
Figure = tuple[str, float]  # (unit, value): ("人", 20.0), ("円", 5e7), ("%", 15.0)


@dataclass(frozen=True)
class ProgramRef:
    id: str  # catalog id, or "guideline:<name>" for a program known only from an ingested 公募要領
    name: str
    origin: ProgramOrigin

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "origin": self.origin}


@dataclass
class Frame:
    intent: Intent
    programs: list[ProgramRef] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)  # the first is the main one
    follow_up: bool = False  # leans on the conversation (「その補助金の上限は？」「補助率は？」)
    multi_part: bool = False  # two questions in one message: no narrowing to one program
    yes_no_target: str = ""  # for 「パソコンは対象になりますか」: パソコン
    not_stated: NotStated = ""
    reason: str = ""  # short English, for logs and the evaluation's failure lists
    # What the owner has said about the company so far (this message and earlier ones), for the
    # facts that depend on it (「従業員5人なんだけど、それだと変わる？」: the 小規模 rate first):
    # headcount (low, high) and 小規模企業者 or not (None: not stated / cannot tell).
    owner_employees: tuple[int | None, int | None] | None = None
    owner_small: bool | None = None
    scores: dict[str, float] = field(default_factory=dict)  # best e5 similarity per exemplar label
    # What a refused falsification request asked to be written against the facts and what it stated
    # as them (rules.refused_content; with those of the refusals before it in the conversation): a
    # later turn that restates a false figure or claim asks for the same deceit (「じゃあ20人で下書きを」
    # after 「本当は6人だけど20人ということにして」), one that states a true figure for the honest
    # version (「6人で書いて」). Stored with the reply, like the rest of the frame.
    false_figures: list[Figure] = field(default_factory=list)
    true_figures: list[Figure] = field(default_factory=list)
    false_claims: list[str] = field(default_factory=list)  # 〜済み claimed of what is not done: 導入済
    # A falsification request asked as leave or as whether it would be noticed (「…って書いても大丈夫？」
    # 「…って書いたら審査でばれる？」, rules.asks_leave): the refusal answers that question first.
    asked_leave: bool = False
    # The message as the rules read it, when that differs from what was typed: romaji in kana, kana-typed
    # words of the domain respelled (「げんかしょうきゃくは」 → 「減価償却は」). The answer chain retrieves
    # and applies its own rules (what a passage states, the procedure rules) on this reading.
    reading: str = ""
    # Programs the reply showed without the question naming or carrying any (a passage quoted about the AX
    # network, never named): 「そのネットワークには…」 next refers to it (session.programs_shown).
    shown: list[ProgramRef] = field(default_factory=list)
    # the kind of thing the message asked whether there is (「…国の仕組みってある？」: 仕組み), for a bare それ next
    asked_kind: str = ""

    @property
    def slot(self) -> Slot | None:
        return self.slots[0] if self.slots else None

    @property
    def declines(self) -> bool:
        return self.intent in DECLINING_INTENTS

    @property
    def program_ids(self) -> list[str]:
        return [p.id for p in self.programs]

    @property
    def carried_over(self) -> list[ProgramRef]:
        return [p for p in self.programs if p.origin != "named"]

    def context_line(self) -> str:
        """「…についての質問として回答しています」 when the programs came from the conversation, so
        that a wrong carry-over is visible and the owner can correct it by naming the program."""
        names = [p.name for p in self.carried_over]
        if not names or self.intent != "question":
            return ""
        return "・".join(names) + "についての質問として回答しています（別の制度についてのご質問なら、制度名を添えてください）"

    @property
    def refused_content(self) -> tuple[list[Figure], list[Figure], list[str]]:
        return self.false_figures, self.true_figures, self.false_claims

    def to_dict(self) -> dict[str, Any]:
        refused = {"false_figures": [list(f) for f in self.false_figures], "true_figures": [list(f) for f in self.true_figures],
                   "false_claims": list(self.false_claims)}
        return {
            "intent": self.intent,
            "programs": [p.to_dict() for p in self.programs],
            "slots": list(self.slots),
            "follow_up": self.follow_up,
            "multi_part": self.multi_part,
            "yes_no_target": self.yes_no_target,
            "not_stated": self.not_stated,
            "reason": self.reason,
            "context_line": self.context_line(),
            **({"refused": refused} if any(refused.values()) else {}),
            **({"shown": [p.to_dict() for p in self.shown]} if self.shown else {}),
            **({"asked_kind": self.asked_kind} if self.asked_kind else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "Frame | None":
        if not data or data.get("intent") is None:
            return None
        programs = [ProgramRef(p["id"], p["name"], p.get("origin", "named")) for p in data.get("programs", [])
                    if isinstance(p, dict) and p.get("id") and p.get("name")]
        shown = [ProgramRef(p["id"], p["name"], "mentioned") for p in data.get("shown", []) or []
                 if isinstance(p, dict) and p.get("id") and p.get("name")]
        return cls(intent=data["intent"], programs=programs, slots=list(data.get("slots", [])),
                   follow_up=bool(data.get("follow_up")), multi_part=bool(data.get("multi_part")),
                   yes_no_target=data.get("yes_no_target", ""), not_stated=data.get("not_stated", ""),
                   reason=data.get("reason", ""), shown=shown, asked_kind=str(data.get("asked_kind") or ""),
                   **_refused_from(data.get("refused")))


def _refused_from(data: Any) -> dict[str, Any]:
    """The refused content of a stored frame (Frame.to_dict's "refused"), malformed entries dropped."""
    if not isinstance(data, dict):
        return {}

    def figures(key: str) -> list[Figure]:
        return [(str(f[0]), float(f[1])) for f in data.get(key) or []
                if isinstance(f, (list, tuple)) and len(f) == 2 and isinstance(f[1], (int, float))]
    return {"false_figures": figures("false_figures"), "true_figures": figures("true_figures"),
            "false_claims": [str(c) for c in data.get("false_claims") or [] if c]}
