"""Conversation orchestration: one turn = guard → profile update → intent → chain → persisted reply.

``Advisor`` is the single entry point for every front end (Gradio app, embed page, JSON API,
``advisor ask``): they all get the same answers under the same rules. All state that matters
(sessions, profile, history, feedback) is in the database via advisor.db, so a restart or another replica
continues any conversation; the only process memory is caches and per-session locks.
"""

from __future__ import annotations

import re
import secrets
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Generator, Iterator

from advisor.inbound import mask_pii
from advisor.understanding.guard import INJECTION_MESSAGE
from advisor.chains.program_advice import advise_programs
from advisor.config import Settings
from advisor.db import Database
from advisor.inbound import sanitize
from advisor.numbers import NumberRange
from advisor.programs import (
    Catalog,
    MatchResult,
    Profile,
    ProfileParse,
    follow_up_questions,
    load_catalog,
    match_and_rank,
    parse_profile,
    profile_from_dict,
)
from advisor.programs.models import Industry
from advisor.text import compact, nfkc
from advisor.types import Answer, Citation
from advisor.understanding import Frame, ProgramRef, understand
from advisor.understanding.rules import THANKS

if TYPE_CHECKING:
    from advisor.chains.drafting import Draft
    from advisor.programs.models import Program
    from advisor.retrieval.hybrid import Retriever

_CITATION_FIELDS = set(Citation.__dataclass_fields__)
HISTORY_TURNS_FOR_CHAINS = 6  # messages (user + assistant) given to the chains as context
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
Intent = str  # question | matching | profile | next_steps | draft | small_talk | blocked

EXAMPLE_QUESTIONS = [
    "AIで検査を自動化したいのですが、使える補助金はありますか？",
    "デジタル化・AI導入補助金の補助率と上限額を教えてください。",
    "中小企業省力化投資補助金の一般型とカタログ型の違いは？",
    "AX（AIトランスフォーメーション）は何から始めればよいですか？",
    "熊本県の製造業、従業員45人です。申請書のAXの部分の下書きを作ってください。",
]


class UnknownSession(KeyError):
    """No conversation with this id (expired, mistyped, or from another database)."""

    def __str__(self) -> str:
        return "会話が見つかりません。新しい会話を始めてください。"


# --- profile <-> JSON -------------------------------------------------------------------------------


def profile_to_json(profile: Profile) -> dict[str, Any]:
    return profile.to_dict()


def profile_from_json(data: dict[str, Any]) -> Profile:
    """Inverse of Profile.to_dict(): exact restore of what the conversation established."""

    def quantity(value: Any) -> Any:
        if isinstance(value, dict):
            return NumberRange(value.get("low"), value.get("high"), bool(value.get("approximate")))
        return value

    profile = Profile()
    if not data:
        return profile
    if data.get("industry"):
        profile.industry = Industry(**data["industry"])
    for key in ("employees", "capital_jpy", "annual_sales_jpy", "planned_investment_jpy"):
        setattr(profile, key, quantity(data.get(key)))
    for key in ("employees_note", "investment_purpose", "prefecture", "municipality", "digital_level"):
        setattr(profile, key, data.get(key) or "")
    profile.investment_planned = data.get("investment_planned")
    for key in ("digital_use", "goals", "pain_points", "topics"):
        setattr(profile, key, list(data.get(key) or []))
    profile.certifications = dict(data.get("certifications") or {})
    profile.flags = dict(data.get("flags") or {})
    return profile


# --- intent -----------------------------------------------------------------------------------------

# The frame's intent as the session reports it (TurnResult.intent, stored messages, the UI):
# a company description is a "profile" turn, every declined turn is "blocked".
_REPORTED_INTENT = {"company_description": "profile", "off_topic": "blocked", "falsification": "blocked",
                    "injection": "blocked"}


def reported_intent(frame: Frame) -> Intent:
    return _REPORTED_INTENT.get(frame.intent, frame.intent)


def first_recommendation(results: list[MatchResult], catalog: Catalog, shown: str | None = None) -> list[ProgramRef]:
    """The programs a follow-up after a company description refers to: the recommendations in
    their order (advisor.programs.ranking), then the subsidy most relevant to the owner's goal when
    none of them is a subsidy (the ranking recommends only programs that fit already; a subsidy that
    still needs facts is discussed in the reply too). The understanding module picks the first one
    of the kind the follow-up names (「その補助金」 = the first subsidy), else the first. ``shown``:
    the reply's text; a program only mentioned counts when the reply names it (「その融資」 has no
    referent in a reply that shows no loan)."""
    refs = [ProgramRef(r.program_id, r.program_name, "recommended")
            for r in sorted((r for r in results if r.recommended), key=lambda r: r.recommended)]
    if not any(r.kind == "subsidy" for r in results if r.recommended):
        subsidies = [r for r in results if r.kind == "subsidy" and r.status != "no_fit"]
        candidates = subsidies or ([] if refs else [r for r in results if r.status == "fit"])
        if candidates:
            best = max(candidates, key=lambda r: (r.status == "fit", r.relevance))
            refs.append(ProgramRef(best.program_id, best.program_name, "recommended"))
    # Then, per kind of program none of those is (a tax incentive, a loan), the one the reply shows
    # first among those that fit or need a fact: 「その税制の控除率は？」 refers to it.
    listed = {ref.id for ref in refs}
    kinds = {r.kind for r in results if r.program_id in listed}
    for result in sorted((r for r in results if r.status != "no_fit" and r.kind not in kinds),
                         key=lambda r: (r.status != "fit", -r.relevance)):
        if result.kind not in kinds:
            kinds.add(result.kind)
            refs.append(ProgramRef(result.program_id, result.program_name, "mentioned"))
    if shown is not None:
        refs = [r for r in refs if r.origin != "mentioned" or _named_in(r, shown, catalog)]
    return refs


def programs_shown(text: str, catalog: Catalog) -> list[ProgramRef]:
    """The programs a reply shows: named in it, or one of their catalog facts quoted in the document's
    words (the AX network's 「…支援機関等の地域ごとのネットワーク構築を検討」 under a heading that names no
    program). Kept with a question's frame that had no program, so that 「そのネットワークには…」 next has
    a referent."""
    shown = {p.id: p for p in catalog.named_in(text)}
    key = compact(nfkc(text))
    for program in catalog.programs:
        if program.id in shown:
            continue
        facts = [getattr(program, "purpose", None), *(getattr(program, "target", None) or [])]
        if any(f is not None and len(c := compact(nfkc(str(getattr(f, "evidence", "") or "")))) >= 12 and c in key for f in facts):
            shown[program.id] = program
    # In the order the reply shows them (「その補助金」 next means the one the answer led with)
    return [ProgramRef(p.id, p.name.value, "mentioned") for p in sorted(shown.values(), key=lambda p: _shown_at(p, key))]


def _shown_at(program: "Program", key: str) -> int:
    """Where the reply (compact) first shows the program: a name of it, else a quoted purpose or target."""
    facts = [getattr(program, "purpose", None), *(getattr(program, "target", None) or [])]
    spots = [key.find(compact(nfkc(n))) for n in program.names]
    spots += [key.find(compact(nfkc(str(getattr(f, "evidence", "") or "")))) for f in facts if f is not None and getattr(f, "evidence", "")]
    found = [i for i in spots if i >= 0]
    return min(found) if found else len(key)


def _named_in(ref: ProgramRef, text: str, catalog: Catalog) -> bool:
    program = catalog.get(ref.id)
    return any(name in text for name in (program.names if program is not None else [ref.name]))


# --- results ----------------------------------------------------------------------------------------


@dataclass
class TurnResult:
    session_id: str
    message_id: int
    intent: Intent
    answer: Answer
    profile: dict[str, Any]
    understood: list[str] = field(default_factory=list)
    matches: list[dict[str, Any]] = field(default_factory=list)
    follow_up_questions: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    blocked: bool = False
    frame: dict[str, Any] = field(default_factory=dict)

    @property
    def context_line(self) -> str:
        """「…についての質問として回答しています」 when the program came from the conversation."""
        return str(self.frame.get("context_line", ""))

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "message_id": self.message_id,
            "intent": self.intent,
            "answer": self.answer.to_dict(),
            "profile": self.profile,
            "understood": list(self.understood),
            "matches": self.matches,
            "follow_up_questions": list(self.follow_up_questions),
            "notices": list(self.notices),
            "blocked": self.blocked,
            "frame": dict(self.frame),
            "context_line": self.context_line,
        }


def _chunks(text: str, size: int = 24) -> Iterator[str]:
    for i in range(0, len(text), size):
        yield text[i : i + size]


def _relay(stream: Iterator[str | Answer]) -> Generator[str, None, Answer]:
    """Pass a chain's text on in small deltas and return its final Answer.

    The extractive backend produces its answer at once; small deltas keep the UI's progressive
    rendering identical for both backends."""
    final: Answer | None = None
    for part in stream:
        if isinstance(part, Answer):
            final = part
        else:
            yield from _chunks(part)
    if final is None:
        raise RuntimeError("the chain ended without an Answer")
    return final


def _now_label() -> str:
    return datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")


# --- the advisor ------------------------------------------------------------------------------------


class Advisor:
    """Conversations over the bundled (or configured) corpus; thread-safe, state in the database (advisor.db)."""

    def __init__(self, settings: Settings, retriever: "Retriever | None" = None, llm: Any = None,
                 database: Database | None = None) -> None:
        self.settings = settings
        # An evaluation passes its own throw-away database so it never writes into the operator's.
        self.db = database if database is not None else Database.from_settings(settings)
        self._retriever = retriever
        self._llm = llm
        self._llm_loaded = llm is not None
        self._init_lock = threading.Lock()
        self._session_locks: dict[str, threading.Lock] = {}

    # Heavy parts load on first use so that `advisor serve` answers /healthz at once.
    @property
    def retriever(self) -> "Retriever":
        if self._retriever is None:
            with self._init_lock:
                if self._retriever is None:
                    from advisor.retrieval.hybrid import Retriever

                    self._retriever = Retriever(self.settings)
        return self._retriever

    def ready(self) -> bool:
        """For /healthz: the index exists and was embedded by the configured model (cheap: no
        vectors are loaded). Raises with the operator's reason otherwise."""
        self.retriever.check_index()
        return True

    @property
    def catalog(self) -> Catalog:
        # Asked of load_catalog each time (it caches on the files' mtimes, the rounds on the sync
        # state and the date): a running server sees a guideline that a sync or an ingest brought,
        # and a round's status (公募中 → 締切済み) follows the calendar instead of the start day.
        return load_catalog(self.settings)

    @property
    def llm(self) -> Any:
        if not self._llm_loaded:
            with self._init_lock:
                if not self._llm_loaded:
                    from advisor.chains.llm import make_llm

                    self._llm = make_llm(self.settings)
                    self._llm_loaded = True
        return self._llm

    def warm_up(self) -> None:
        """Load what the first turn would otherwise wait for (the understanding module's vectors)."""
        from advisor.understanding import warm_up

        try:
            warm_up(self.settings.data_dir / "cache")
        except Exception as exc:  # noqa: BLE001 - a failed warm-up only makes the first turn slower
            import logging

            logging.getLogger(__name__).warning("warm-up failed: %s", exc)

    def _lock_for(self, sid: str) -> threading.Lock:
        """This process's lock for one session (its threads take turns); between replicas the
        profile's read-modify-write is serialised by the database (Database.modify_profile)."""
        with self._init_lock:
            return self._session_locks.setdefault(sid, threading.Lock())

    # --- sessions -------------------------------------------------------------------------------

    def new_session(self, kind: str = "owner", session_id: str | None = None) -> str:
        sid = session_id or secrets.token_hex(16)
        if not SESSION_ID.match(sid):
            raise ValueError("セッションIDには英数字・ハイフン・アンダースコア（64文字以内）を使ってください。")
        if not self.db.session_exists(sid):
            self.db.create_session(sid, kind)
        return sid

    def has_session(self, sid: str) -> bool:
        return bool(sid) and bool(SESSION_ID.match(sid)) and self.db.session_exists(sid)

    def _require(self, sid: str) -> None:
        if not self.has_session(sid):
            raise UnknownSession(sid)

    def get_profile(self, sid: str) -> Profile:
        self._require(sid)
        return profile_from_json(self.db.load_profile(sid))

    def update_profile(self, sid: str, fields: dict[str, Any]) -> ProfileParse:
        """Apply edits from the profile panel; values are re-parsed so the same limits apply."""
        self._require(sid)
        fields = {k: _masked(v) for k, v in fields.items()}
        with self._lock_for(sid):
            base = {k: v for k, v in fields.items() if v not in (None, "", [])}
            parsed = profile_from_dict(base)
            # A rejected value (負の従業員数, 10^15 yen) must never replace what we already know.
            edited = set(base) - {issue.field for issue in parsed.rejected}
            stored = self.db.modify_profile(sid, lambda current: profile_to_json(
                _merge_profiles(profile_from_json(current), parsed.profile, edited)))
            parsed.profile = profile_from_json(stored)
        return parsed

    def matches(self, sid: str) -> list[dict[str, Any]]:
        profile = self.get_profile(sid)
        if not profile.summary_lines():
            return []
        return [m.to_dict() for m in match_and_rank(profile, self.catalog)]

    def history(self, sid: str) -> list[dict[str, Any]]:
        self._require(sid)
        return [m.to_dict() for m in self.db.messages(sid)]

    def record_feedback(self, sid: str, message_id: int, rating: int, comment: str = "") -> None:
        self._require(sid)
        if rating not in (-1, 1):
            raise ValueError("評価は 👍（1）か 👎（-1）で指定してください。")
        if not self.db.message_in_session(sid, int(message_id)):
            raise ValueError("評価する回答が見つかりません。")
        comment = mask_pii(sanitize(comment or ""))[: self.settings.max_message_chars]
        self.db.add_feedback(sid, int(message_id), rating, comment)

    # --- turns ----------------------------------------------------------------------------------

    def turn(self, sid: str, message: str) -> TurnResult:
        result: TurnResult | None = None
        for part in self.stream_turn(sid, message):
            if isinstance(part, TurnResult):
                result = part
        assert result is not None  # stream_turn always ends with a TurnResult
        return result

    def stream_turn(self, sid: str, message: str) -> Iterator[str | TurnResult]:
        """Text deltas as they are produced, then the TurnResult (already persisted)."""
        self._require(sid)
        # Cleaned and masked before anything else sees it: the profile, the confirmation, the
        # stored history, the API payload and every export then hold only the masked text.
        text = mask_pii(sanitize(message or ""))
        with self._lock_for(sid):
            problem = self._input_problem(text)
            if problem is not None:
                yield problem
                yield self._finish(sid, text, Frame("off_topic", reason="input problem"), Answer(problem, [], grounded=False),
                                   None, blocked=True)
                return
            previous = profile_from_json(self.db.load_profile(sid))
            parsed = parse_profile(text, previous)
            frame = understand(text, catalog=self.catalog, history=self._frames(sid), parsed=parsed,
                               cache_dir=self.settings.data_dir / "cache", told=previous)
            if frame.declines:
                answer = self._decline(text, frame)
                yield from _chunks(answer.text)
                yield self._finish(sid, text, frame, answer, None, blocked=True)
                return

            notices = [issue.message for issue in parsed.issues]
            answer: Answer | None = None
            if frame.intent == "question":
                answer = yield from self._stream_answer(sid, text, frame)
                if not frame.programs and answer.grounded:
                    frame.shown = programs_shown(answer.text, self.catalog)
            elif frame.intent == "next_steps":
                answer = yield from self._stream_next_steps(text, parsed.profile)
                if answer.grounded:  # 「よろずって…」「そういう研修は？」 next refer to what the steps showed
                    frame.shown = programs_shown(answer.text, self.catalog)
            elif frame.intent == "draft":
                answer = self._draft_answer(frame, parsed.profile)
                yield from _chunks(answer.text)
            elif frame.intent in ("matching", "company_description"):
                answer, recommended = self._matching_answer(parsed)
                # A certification the company states it holds (「DX認定を取得済み」) is a fact of the
                # profile, not the program the owner asks about: follow-ups mean the recommendations.
                held = [name for name, value in parsed.profile.certifications.items() if value]
                topics = [p for p in frame.programs if not any(name in p.name for name in held)]
                frame.programs = topics or recommended
                yield from _chunks(answer.text)
            else:
                answer = self._small_talk(text)
                yield from _chunks(answer.text)
            yield self._finish(sid, text, frame, answer, parsed, notices=notices)

    def _frames(self, sid: str) -> list[Frame]:
        """The frames of the recent turns, oldest first (stored with each reply)."""
        frames = [Frame.from_dict(m.payload.get("frame")) for m in self.db.messages(sid, limit=2 * HISTORY_TURNS_FOR_CHAINS)
                  if m.role == "assistant"]
        return [f for f in frames if f is not None]

    def _decline(self, text: str, frame: Frame) -> Answer:
        from advisor.chains.declines import falsification_reply, off_topic_reply

        if frame.intent == "falsification":
            return falsification_reply(self.retriever, asked_leave=frame.asked_leave)
        if frame.intent == "injection":
            return Answer(INJECTION_MESSAGE, [], grounded=False)
        return off_topic_reply(EXAMPLE_QUESTIONS)

    def _input_problem(self, text: str) -> str | None:
        if not text:
            return "ご質問を入力してください。"
        if len(text) > self.settings.max_message_chars:
            return f"メッセージが長すぎます（{len(text):,}文字）。{self.settings.max_message_chars:,}文字以内に分けて送ってください。"
        return None

    def _chain_history(self, sid: str) -> list[dict[str, str]]:
        """Recent turns for the chains; declined turns are left out (an off-topic message is no
        context for the next question)."""
        messages = self.db.messages(sid, limit=2 * HISTORY_TURNS_FOR_CHAINS)
        kept = [{"role": m.role, "content": m.content} for m in messages if m.intent != "blocked"]
        return kept[-HISTORY_TURNS_FOR_CHAINS:]

    def _stream_answer(self, sid: str, text: str, frame: Frame) -> Generator[str, None, Answer]:
        from advisor.chains.answer import stream_answer

        return (yield from _relay(stream_answer(text, settings=self.settings, retriever=self.retriever,
                                                catalog=self.catalog, history=self._chain_history(sid), llm=self.llm,
                                                asked=frame)))

    def _stream_next_steps(self, text: str, profile: Profile) -> Generator[str, None, Answer]:
        from advisor.chains.next_steps import stream_next_steps

        return (yield from _relay(stream_next_steps(profile, text, settings=self.settings, retriever=self.retriever,
                                                    catalog=self.catalog, llm=self.llm)))

    def _matching_answer(self, parsed: ProfileParse) -> tuple[Answer, list[ProgramRef]]:
        """The matching reply and the program a follow-up will refer to (the first recommendation)."""
        results = match_and_rank(parsed.profile, self.catalog)
        answer = advise_programs(parsed.profile, results)
        if parsed.understood:
            # Each line may end a sentence of the owner's (「…補助金はあるか。」): one period closes the list.
            lines = [line.rstrip("。．.") for line in parsed.understood]
            confirmation = "次の内容を理解しました（違っていれば訂正してください）：" + "、".join(lines) + "。"
            answer.text = confirmation + "\n\n" + answer.text
        return answer, first_recommendation(results, self.catalog, answer.text) if parsed.profile.summary_lines() else []

    def _draft_answer(self, frame: Frame, profile: Profile) -> Answer:
        program_id = frame.programs[0].id if frame.programs else None
        if program_id is None:
            fits = [m for m in match_and_rank(profile, self.catalog) if m.status != "no_fit" and m.kind == "subsidy"] \
                if profile.summary_lines() else []
            names = "、".join(f"「{m.program_name}」" for m in fits[:4]) or "「デジタル化・AI導入補助金（通常枠）」「ものづくり補助金」など"
            return Answer(
                f"どの制度の申請書の下書きを作りますか？ 制度名を添えてもう一度お送りください（例：{names}）。"
                "「下書き」タブからも作成できます。",
                [],
            )
        draft = self._make_draft(program_id, profile)  # the request itself is not a note for the draft
        note = ""
        if draft.placeholders:
            note = f"\n\n【要記入】の箇所（{len(draft.placeholders)}件）は、資料やプロフィールから分からないため空けてあります。"
        return Answer(draft.markdown + note, list(draft.citations))

    def _make_draft(self, program: str, profile: Profile, notes: str = "") -> "Draft":
        from advisor.chains.drafting import draft_section

        return draft_section(program, profile, notes, settings=self.settings, retriever=self.retriever,
                             catalog=self.catalog, llm=self.llm)

    def _small_talk(self, text: str) -> Answer:
        if THANKS.search(text):
            return Answer("どういたしまして。ほかにも補助金やAXの進め方について、お気軽にご質問ください。", [])
        examples = "\n".join(f"・{q}" for q in EXAMPLE_QUESTIONS[:3])
        return Answer(f"{self.settings.brand_greeting}\n例えば次のようにお尋ねください。\n{examples}", [])

    def _finish(self, sid: str, text: str, frame: Frame, answer: Answer, parsed: ProfileParse | None,
                blocked: bool = False, notices: list[str] | None = None) -> TurnResult:
        intent = reported_intent(frame)
        notices = list(notices or []) + list(answer.warnings)
        # Personal data is masked before anything is stored (the log of record is the database).
        self.db.add_message(sid, "user", mask_pii(text) if text else "", intent)
        profile = parsed.profile if parsed is not None else profile_from_json(self.db.load_profile(sid))
        if parsed is not None and parsed.understood:
            # The message is parsed again onto the profile as stored now, under the row lock: another
            # replica may have changed it while this turn was being answered (the per-process lock
            # only covers this replica's threads), and its change must not be overwritten.
            profile = profile_from_json(self.db.modify_profile(
                sid, lambda current: profile_to_json(parse_profile(text, profile_from_json(current)).profile)))
        # The frame is stored with the reply: the next turn's follow-ups resolve against it.
        payload = {"citations": [c.to_dict() for c in answer.citations], "grounded": answer.grounded,
                   "warnings": list(answer.warnings), "frame": frame.to_dict()}
        message_id = self.db.add_message(sid, "assistant", answer.text, intent, payload)
        results: list[MatchResult] = match_and_rank(profile, self.catalog) if profile.summary_lines() else []
        return TurnResult(
            session_id=sid,
            message_id=message_id,
            intent=intent,
            answer=answer,
            profile=profile_to_json(profile),
            understood=list(parsed.understood) if parsed is not None else [],
            matches=[m.to_dict() for m in results],
            follow_up_questions=follow_up_questions(results)[:5] if results else [],
            notices=notices,
            blocked=blocked,
            frame=frame.to_dict(),
        )

    # --- drafts and export ----------------------------------------------------------------------

    def draft(self, sid: str, program: str, notes: str = "") -> "Draft":
        """AX section draft for ``program`` (name, alias or id) from this session's profile."""
        profile = self.get_profile(sid)
        notes = mask_pii(sanitize(notes or ""))[: self.settings.max_message_chars]
        draft = self._make_draft(program, profile, notes)
        self.db.add_message(
            sid, "assistant", draft.markdown, "draft",
            {"citations": [c.to_dict() for c in draft.citations], "draft_program": draft.program_name,
             "placeholders": list(draft.placeholders)},
        )
        return draft

    def export_markdown(self, sid: str) -> str:
        """The whole conversation with its citations, for the owner's records or a support body."""
        profile = self.get_profile(sid)
        # No session id: it is a bearer secret that opens the whole history, and exports get shared.
        lines = ["# 地域AXアドバイザー 相談記録", "", f"- 出力日時: {_now_label()}", ""]
        lines.append("## 会社のプロフィール")
        lines.append("")
        lines.extend(f"- {line}" for line in profile.summary_lines() or ["（まだ情報がありません）"])
        lines.extend(["", "## 相談内容", ""])
        for m in self.db.messages(sid):
            if m.role == "user":
                lines.extend([f"### ご質問（{m.created_at}）", "", m.content, ""])
                continue
            lines.extend(["#### 回答", "", m.content, ""])
            cites = [Citation(**{k: v for k, v in c.items() if k in _CITATION_FIELDS}) for c in m.payload.get("citations", [])]
            if cites:
                lines.append("出典：")
                for i, c in enumerate(cites, 1):
                    lines.append(f"{i}. {c.title}（{c.issuer}、{c.date or '日付不明'}、{c.location_label}）「{c.passage}」")
                lines.append("")
        lines.append("※ 本記録は資料に基づく参考情報です。申請の可否・採択を保証するものではありません。最新の公募要領を必ずご確認ください。")
        return "\n".join(lines) + "\n"


def _masked(value: Any) -> Any:
    """A profile field as typed in the panel, cleaned and masked like a chat message."""
    if isinstance(value, str):
        return mask_pii(sanitize(value))
    if isinstance(value, list):
        return [mask_pii(sanitize(v)) if isinstance(v, str) else v for v in value]
    return value


def _merge_profiles(current: Profile, edited: Profile, keys: set[str]) -> Profile:
    """Fields the user edited replace the current ones; everything else is kept."""
    merged = profile_from_json(profile_to_json(current))
    mapping = {"goal": "goals"}
    edited_dict = asdict(edited)
    for key in keys:
        attr = mapping.get(key, key)
        if attr in edited_dict and hasattr(merged, attr):
            setattr(merged, attr, getattr(edited, attr))
    if "goals" in keys or "goal" in keys or "pain_points" in keys or "investment_purpose" in keys:
        merged.topics = list(edited.topics) or merged.topics
    if "planned_investment_jpy" in keys and merged.planned_investment_jpy is not None:
        merged.investment_planned = True
    return merged
