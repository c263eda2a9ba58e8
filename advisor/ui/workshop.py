"""Workshop mode for support-network facilitators: workshops, participants, dashboard, exports.

Everything lives in the advisor's database (tables ``ui_workshops`` and
``ui_workshop_participants`` of :mod:`advisor.db.schema`; SQLite or PostgreSQL by
ADVISOR_DATABASE_URL) so that any replica can serve any participant or facilitator.

Access model:
* creating a workshop needs ``settings.facilitator_token``; creation returns the workshop's own
  random *facilitator key* (only its SHA-256 is stored) which opens the dashboard, exports and the
  projector view of that one workshop;
* participants join with the short join code and get a fresh advisor session; their browser keeps
  only their own participant id and session id (random secrets), so no participant-facing call
  can name another participant's data;
* the projector and the handout show aggregates only (counts of programs and of issue topics),
  because everyone in the room sees them, plus the (masked) words of companies that ticked the
  consent box at joining; the per-company table is on the facilitator's dashboard only;
* the projector has its own read-only token (derived from the facilitator key, stored hashed),
  so the address on the room's screen opens nothing else;
* join codes carry 40 bits (8 characters of 32) and every text a participant types passes the
  same cleaning and masking as a chat message (advisor.inbound).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import html
import io
import json
import secrets
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

# Module level: FastAPI resolves the routes' string annotations (`-> Response`) here, and an
# unresolvable one breaks /api/openapi.json for every route.
from fastapi import Request
from fastapi.responses import Response

from sqlalchemy import delete, func, insert, select, update

from advisor.config import Settings
from advisor.inbound import mask_pii, sanitize
from advisor.db import Database, DuplicateRow
from advisor.db.schema import ui_workshop_participants as participants_t
from advisor.db.schema import ui_workshops as workshops_t

from .readiness import ITEMS, evaluate, item_citation

if TYPE_CHECKING:
    from fastapi import FastAPI

    from advisor.session import Advisor

    from .service import Guard

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read off a projector
CODE_LENGTH = 8  # 32^8 = 2^40 codes: guessing is hopeless under the per-client delay and lockout
MAX_PARTICIPANTS = 200

class WorkshopError(Exception):
    """A Japanese message for the person using the workshop screens."""


class UnknownCode(WorkshopError):
    """No workshop has this join code (counts as a failed guess)."""


def normalise_code(code: str) -> str:
    text = unicodedata.normalize("NFKC", code or "").upper()
    return "".join(ch for ch in text if ch.isalnum())


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def projector_token(key: str) -> str:
    """The projector's read-only token: derived from the facilitator key (so the dashboard can show
    its link at any time) and one-way (the projector's address does not reveal the key)."""
    return hmac.new(key.strip().encode(), b"advisor-projector", hashlib.sha256).hexdigest()[:32]


def _now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Workshop:
    id: str
    code: str
    title: str
    created_at: str
    closed: bool = False


@dataclass(frozen=True)
class Participant:
    id: str
    workshop_id: str
    session_id: str
    company: str
    joined_at: str
    readiness: dict[str, str] = field(default_factory=dict)
    share_text: bool = False


@dataclass
class ParticipantRow:
    """One company as the facilitator's dashboard shows it."""

    participant_id: str
    company: str
    joined_at: str
    profile_lines: list[str]
    fits: list[str]
    needs_info: list[str]
    readiness_score: int | None
    readiness_gaps: list[str]
    pain_points: list[str]
    goals: list[str]


@dataclass
class Dashboard:
    workshop: Workshop
    rows: list[ParticipantRow]
    top_programs: list[tuple[str, int]]
    common_issues: list[tuple[str, int]]
    readiness_gaps: list[tuple[str, int]]
    average_readiness: int | None
    shared_voices: list[str] = field(default_factory=list)  # masked words of consenting companies

    @property
    def participant_count(self) -> int:
        return len(self.rows)


class WorkshopStore:
    def __init__(self, settings: Settings, advisor: "Advisor") -> None:
        self.settings = settings
        self.advisor = advisor
        # The advisor's own database (same engine and pool); tables come from its migrations.
        db = getattr(advisor, "db", None)
        self.db: Database = db if isinstance(db, Database) else Database.from_settings(settings)

    def ping(self) -> None:
        self.db.ping()

    # --- facilitator ------------------------------------------------------------------------

    def facilitator_enabled(self) -> bool:
        return bool(self.settings.facilitator_token)

    def check_facilitator(self, token: str) -> None:
        if not self.settings.facilitator_token:
            raise WorkshopError("ファシリテーター用トークンがサーバーに設定されていません（ADVISOR_FACILITATOR_TOKEN）。")
        if not hmac.compare_digest((token or "").strip().encode(), self.settings.facilitator_token.encode()):
            raise WorkshopError("ファシリテーター用トークンが正しくありません。")

    def create(self, token: str, title: str) -> tuple[Workshop, str]:
        """A new workshop and its facilitator key (shown once; only its hash is stored)."""
        self.check_facilitator(token)
        title = mask_pii(sanitize(title or ""))[:100] or "AX勉強会"
        key = secrets.token_urlsafe(24)
        for _ in range(20):  # a clash among 32^6 codes is rare; retry rather than fail
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            workshop = Workshop(secrets.token_hex(8), code, title, _now())
            try:
                with self.db.connect() as con:
                    con.execute(insert(workshops_t).values(id=workshop.id, code=workshop.code, title=workshop.title,
                                                           key_hash=_hash_key(key), created_at=workshop.created_at,
                                                           projector_hash=_hash_key(projector_token(key))))
                return workshop, key
            except DuplicateRow:
                continue
        raise WorkshopError("参加コードを作成できませんでした。もう一度お試しください。")

    _WORKSHOP_COLUMNS = (workshops_t.c.id, workshops_t.c.code, workshops_t.c.title, workshops_t.c.created_at,
                         workshops_t.c.closed)

    def by_code(self, code: str) -> Workshop | None:
        with self.db.connect() as con:
            row = con.execute(select(*self._WORKSHOP_COLUMNS).where(workshops_t.c.code == normalise_code(code))).first()
        return Workshop(row[0], row[1], row[2], row[3], bool(row[4])) if row else None

    def open_as_facilitator(self, code: str, key: str) -> Workshop:
        """The workshop if ``key`` is its facilitator key; WorkshopError otherwise (same message for
        an unknown code and a wrong key, so codes cannot be probed)."""
        with self.db.connect() as con:
            row = con.execute(select(*self._WORKSHOP_COLUMNS, workshops_t.c.key_hash)
                              .where(workshops_t.c.code == normalise_code(code))).first()
        if not row or not hmac.compare_digest(row[5], _hash_key((key or "").strip())):
            raise WorkshopError("参加コードまたはファシリテーターキーが正しくありません。")
        return Workshop(row[0], row[1], row[2], row[3], bool(row[4]))

    def open_as_projector(self, code: str, token: str) -> Workshop:
        """The workshop if ``token`` is its projector token (which opens the projector view only)."""
        with self.db.connect() as con:
            row = con.execute(select(*self._WORKSHOP_COLUMNS, workshops_t.c.projector_hash)
                              .where(workshops_t.c.code == normalise_code(code))).first()
        if not row or not row[5] or not hmac.compare_digest(row[5], _hash_key((token or "").strip())):
            raise WorkshopError("参加コードまたは投影用トークンが正しくありません。")
        return Workshop(row[0], row[1], row[2], row[3], bool(row[4]))

    def remove_participant(self, workshop: Workshop, participant_id: str) -> bool:
        """Take a participant off the workshop (their own conversation stays theirs)."""
        with self.db.connect() as con:
            result = con.execute(delete(participants_t).where(participants_t.c.id == participant_id,
                                                              participants_t.c.workshop_id == workshop.id))
        return result.rowcount > 0

    def set_closed(self, workshop: Workshop, closed: bool) -> None:
        with self.db.connect() as con:
            con.execute(update(workshops_t).where(workshops_t.c.id == workshop.id).values(closed=int(closed)))

    # --- participants ---------------------------------------------------------------------------

    def join(self, code: str, company: str, profile_text: str = "", share_text: bool = False) -> Participant:
        workshop = self.by_code(code)
        if workshop is None:
            raise UnknownCode("参加コードが見つかりません。ファシリテーターが表示しているコードを確認してください。")
        if workshop.closed:
            raise WorkshopError("このワークショップは受付を終了しています。")
        company = " ".join(mask_pii(sanitize(company or "")).split())[:60]
        if not company:
            raise WorkshopError("会社名（またはニックネーム）を入力してください。")
        if len(sanitize(profile_text or "")) > self.settings.max_message_chars:
            raise WorkshopError(f"会社の紹介は{self.settings.max_message_chars:,}文字以内にしてください。")
        with self.db.connect() as con:
            count = con.execute(select(func.count()).select_from(participants_t)
                                .where(participants_t.c.workshop_id == workshop.id)).scalar_one()
        if count >= MAX_PARTICIPANTS:
            raise WorkshopError("参加者数の上限に達しています。ファシリテーターに相談してください。")
        session_id = self.advisor.new_session("workshop")
        participant = Participant(secrets.token_hex(12), workshop.id, session_id, company, _now(), {}, bool(share_text))
        with self.db.connect() as con:
            con.execute(insert(participants_t).values(
                id=participant.id, workshop_id=participant.workshop_id, session_id=participant.session_id,
                company=participant.company, joined_at=participant.joined_at, share_text=int(participant.share_text)))
        return participant

    _PARTICIPANT_COLUMNS = (participants_t.c.id, participants_t.c.workshop_id, participants_t.c.session_id,
                            participants_t.c.company, participants_t.c.joined_at, participants_t.c.readiness,
                            participants_t.c.share_text)

    def participant(self, participant_id: str, session_id: str) -> Participant | None:
        """A participant only by both of its secrets (what that participant's own browser holds)."""
        with self.db.connect() as con:
            row = con.execute(select(*self._PARTICIPANT_COLUMNS).where(
                participants_t.c.id == (participant_id or ""), participants_t.c.session_id == (session_id or ""))).first()
        return self._participant(row) if row else None

    @staticmethod
    def _participant(row: Any) -> Participant:
        return Participant(row[0], row[1], row[2], row[3], row[4], json.loads(row[5] or "{}"), bool(row[6]))

    def save_readiness(self, participant: Participant, answers: dict[str, str]) -> None:
        clean = {k: v for k, v in answers.items() if k in {i.id for i in ITEMS} and v}
        with self.db.connect() as con:
            con.execute(update(participants_t)
                        .where(participants_t.c.id == participant.id, participants_t.c.session_id == participant.session_id)
                        .values(readiness=json.dumps(clean, ensure_ascii=False)))

    def participants(self, workshop: Workshop) -> list[Participant]:
        with self.db.connect() as con:
            rows = con.execute(select(*self._PARTICIPANT_COLUMNS).where(participants_t.c.workshop_id == workshop.id)
                               .order_by(participants_t.c.joined_at, participants_t.c.id)).all()
        return [self._participant(r) for r in rows]

    # --- dashboard and exports (facilitator only: callers pass an opened Workshop) ---------------

    def dashboard(self, workshop: Workshop) -> Dashboard:
        rows: list[ParticipantRow] = []
        programs: Counter[str] = Counter()
        issues: Counter[str] = Counter()
        gaps: Counter[str] = Counter()
        scores: list[int] = []
        voices: list[str] = []
        for p in self.participants(workshop):
            profile = self.advisor.get_profile(p.session_id)
            matches = self.advisor.matches(p.session_id)
            fits = [m.get("program", "") for m in matches if m.get("status") == "fit"]
            needs = [m.get("program", "") for m in matches if m.get("status") == "needs_info"]
            programs.update(fits)
            readiness = evaluate(p.readiness, self.settings) if p.readiness else None
            gap_topics = [r.item.topic for r in readiness.gaps] if readiness else []
            gaps.update(gap_topics)
            pains = list(getattr(profile, "pain_points", []) or [])
            # Aggregates name topics from a fixed list, never a company's own words: the projector
            # and the handout show them to the whole room.
            issues.update(getattr(profile, "topics", []) or [])
            issues.update(f"準備度: {t}" for t in gap_topics)
            if p.share_text:
                voices.extend(mask_pii(v) for v in pains if v not in voices)
            if readiness and readiness.answered:
                scores.append(readiness.score)
            rows.append(ParticipantRow(
                participant_id=p.id,
                company=p.company,
                joined_at=p.joined_at,
                profile_lines=profile.summary_lines() if hasattr(profile, "summary_lines") else [],
                fits=fits,
                needs_info=needs,
                readiness_score=readiness.score if readiness and readiness.answered else None,
                readiness_gaps=gap_topics,
                pain_points=pains,
                goals=list(getattr(profile, "goals", []) or []),
            ))
        return Dashboard(
            workshop=workshop,
            rows=rows,
            top_programs=programs.most_common(10),
            common_issues=issues.most_common(10),
            readiness_gaps=gaps.most_common(),
            average_readiness=round(sum(scores) / len(scores)) if scores else None,
            shared_voices=voices[:12],
        )

    def export_csv(self, workshop: Workshop) -> str:
        board = self.dashboard(workshop)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["会社名", "参加日時", "プロフィール", "対象となりうる制度", "情報が必要な制度", "AX準備度スコア",
                         "準備度の課題", "課題（会話から）", "目標（会話から）"])
        for r in board.rows:
            writer.writerow([
                _csv_safe(r.company), r.joined_at, _csv_safe(" / ".join(r.profile_lines)), _csv_safe(" / ".join(r.fits)),
                _csv_safe(" / ".join(r.needs_info)), "" if r.readiness_score is None else r.readiness_score,
                _csv_safe(" / ".join(r.readiness_gaps)), _csv_safe(" / ".join(r.pain_points)), _csv_safe(" / ".join(r.goals)),
            ])
        # BOM: Excel (what facilitators open CSVs with) otherwise reads UTF-8 Japanese as mojibake.
        return "\ufeff" + out.getvalue()

    def handout_markdown(self, workshop: Workshop) -> str:
        """The printable summary handed to everyone: aggregates only, each advice with its source."""
        board = self.dashboard(workshop)
        lines = [f"# {_md_text(workshop.title)} まとめ", "", f"- 開催: {workshop.created_at[:10]}",
                 f"- 参加企業数: {board.participant_count}社"]
        if board.average_readiness is not None:
            lines.append(f"- AX準備度の平均: {board.average_readiness}点（100点満点）")
        lines += ["", "## 参加企業に多かった課題", ""]
        if board.common_issues:
            lines += [f"- {_md_text(name)}（{n}社）" for name, n in board.common_issues]
        else:
            lines.append("- （まだ集計できる回答がありません）")
        if board.shared_voices:
            lines += ["", "## 参加企業の声（共有に同意した企業のみ）", ""]
            lines += [f"- {_md_text(v)}" for v in board.shared_voices]
        lines += ["", "## 多くの企業で対象となりうる制度", ""]
        if board.top_programs:
            lines += [f"- {name}（{n}社）" for name, n in board.top_programs]
        else:
            lines.append("- （まだプロフィールが十分ではありません）")
        lines += ["", "## 準備度チェックの項目と資料の記載", ""]
        gap_counts = dict(board.readiness_gaps)
        for item in ITEMS:
            c = item_citation(item, self.settings)
            where = f"{c.page}ページ" if c.page is not None else (c.section or "本文")
            count = f"（課題とした企業: {gap_counts[item.topic]}社）" if item.topic in gap_counts else ""
            lines += [
                f"### {item.topic}{count}",
                "",
                f"{item.question}",
                "",
                f"{item.advice}",
                "",
                f"> {c.passage}",
                f">",
                f"> 出典: {c.title}（{c.issuer}、{_date_label(c.date)}）{where}",
                "",
            ]
        lines += [
            "## 次の一歩",
            "",
            "- 対象となりうる制度は、最新の公募要領で要件と締切を確認してください。",
            f"- 個別の相談は{self.settings.brand_contact}へ。",
            "",
            "※ このまとめは公開資料の引用に基づく参考情報です。制度の内容は資料の日付時点のものです。",
        ]
        return "\n".join(lines) + "\n"

    def handout_html(self, workshop: Workshop) -> str:
        return _markdown_page(self.handout_markdown(workshop), f"{workshop.title} まとめ")


def _md_text(value: str) -> str:
    """Text from participants as inert Markdown: markup characters become entities, so a handout
    opened in any Markdown viewer shows ``<img onerror=…>`` as text."""
    return html.escape(" ".join(value.split()), quote=False)


def _csv_safe(value: str) -> str:
    # Spreadsheet formula injection: a company name like "=HYPERLINK(...)" must stay text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _date_label(date: str) -> str:
    if not date:
        return "日付不明"
    units = ["年", "月", "日"]
    return "".join(f"{int(p)}{units[i]}" for i, p in enumerate(date.split("-")[:3]) if p.isdigit())


def _markdown_page(markdown: str, title: str) -> str:
    """The handout's small Markdown subset as a printable, self-contained HTML page (all escaped)."""
    e = html.escape
    body: list[str] = []
    in_list = False
    quote: list[str] = []

    def flush_quote() -> None:
        if quote:
            body.append("<blockquote>" + "<br>".join(e(html.unescape(q)) for q in quote if q) + "</blockquote>")
            quote.clear()

    for line in markdown.splitlines():
        if line.startswith(">"):
            quote.append(line[1:].strip())
            continue
        flush_quote()
        if line.startswith("- "):
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{e(html.unescape(line[2:]))}</li>")
            continue
        if in_list:
            body.append("</ul>")
            in_list = False
        # The Markdown holds entities for participants' markup (_md_text): decode, then escape once.
        if line.startswith("### "):
            body.append(f"<h3>{e(html.unescape(line[4:]))}</h3>")
        elif line.startswith("## "):
            body.append(f"<h2>{e(html.unescape(line[3:]))}</h2>")
        elif line.startswith("# "):
            body.append(f"<h1>{e(html.unescape(line[2:]))}</h1>")
        elif line.strip():
            body.append(f"<p>{e(html.unescape(line))}</p>")
    flush_quote()
    if in_list:
        body.append("</ul>")
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", Meiryo, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.8; color: #111827; }}
h1 {{ border-bottom: 3px solid #1d4f91; }}
h2 {{ margin-top: 1.6em; color: #1d4f91; }}
blockquote {{ border-left: 4px solid #94a3b8; margin: 0.5em 0; padding: 0.2em 1em; color: #334155; background: #f8fafc; }}
@media print {{ body {{ margin: 0; max-width: none; }} h2 {{ break-after: avoid; }} blockquote {{ break-inside: avoid; }} }}
</style></head><body>
{chr(10).join(body)}
</body></html>"""


# --- projector -------------------------------------------------------------------------------------


def projector_html(board: Dashboard, join_url: str) -> str:
    """Large type for a projector: join code, counts and aggregates; no company-level data."""
    e = html.escape
    ws = board.workshop
    issues = "".join(f"<li>{e(n)} <span class='n'>{c}社</span></li>" for n, c in board.common_issues[:6]) or "<li>（集計中）</li>"
    programs = "".join(f"<li>{e(n)} <span class='n'>{c}社</span></li>" for n, c in board.top_programs[:6]) or "<li>（集計中）</li>"
    voices = "".join(f"<li>{e(v)}</li>" for v in board.shared_voices[:6])
    voices_html = f"<section><h2>参加企業の声（共有に同意した企業のみ）</h2><ul>{voices}</ul></section>" if voices else ""
    avg = f"{board.average_readiness}点" if board.average_readiness is not None else "—"
    status = "受付終了" if ws.closed else "参加受付中"
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{e(ws.title)}（投影用）</title>
<meta http-equiv="refresh" content="15">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", Meiryo, sans-serif; margin: 0; padding: 2vw 3vw; background: #0f172a; color: #f8fafc; font-size: 2.2vw; line-height: 1.5; }}
h1 {{ font-size: 3.4vw; margin: 0 0 1vw; }}
.code {{ font-size: 7vw; font-weight: 800; letter-spacing: 0.3em; color: #fde68a; font-family: ui-monospace, Menlo, Consolas, monospace; }}
.grid {{ display: grid; grid-template-columns: 1fr 1fr; gap: 3vw; }}
.stat {{ font-size: 4vw; font-weight: 700; }}
h2 {{ font-size: 2.6vw; color: #93c5fd; margin: 1vw 0; }}
ul {{ margin: 0; padding-left: 1.2em; }}
.n {{ color: #fde68a; font-weight: 700; margin-left: 0.4em; }}
.muted {{ color: #cbd5e1; font-size: 1.6vw; }}
</style></head><body>
<h1>{e(ws.title)}</h1>
<div class="grid">
  <section aria-label="参加方法">
    <div class="muted">{e(status)} ・ 参加コード</div>
    <div class="code" id="join-code">{e(ws.code)}</div>
    <div class="muted">スマートフォンで {e(join_url)} を開き「参加コード」タブでコードを入力</div>
  </section>
  <section aria-label="参加状況">
    <div class="muted">参加企業</div><div class="stat" id="participant-count">{board.participant_count}社</div>
    <div class="muted">AX準備度の平均</div><div class="stat">{e(avg)}</div>
  </section>
  <section><h2>多かった課題</h2><ul>{issues}</ul></section>
  <section><h2>対象となりうる制度</h2><ul>{programs}</ul></section>
  {voices_html}
</div>
<p class="muted">個社の情報は表示していません（共有に同意した企業の声を除く）。15秒ごとに更新します。</p>
</body></html>"""


def register_routes(app: "FastAPI", store: WorkshopStore, settings: Settings, guard: "Guard") -> None:
    """Facilitator URLs: ?key=<facilitator key> (or header X-Facilitator-Key); the projector:
    ?token=<projector token>. Wrong keys count toward the client's delay and lockout."""
    from fastapi.responses import HTMLResponse, PlainTextResponse

    from .service import UserFacingError

    denied = "参加コードまたはファシリテーターキーが正しくありません。"
    # Facilitator pages hold company data: never cache them in shared caches or the browser.
    private = {"Cache-Control": "no-store"}

    def opened(code: str, request: Request, projector: bool = False) -> Workshop | Response:
        client = guard.client(request.client.host if request.client else None, request.headers)
        try:
            guard.facilitator_gate.check(client)
            guard.throttle(request.client.host if request.client else None, request.headers, guard.join_limiter)
        except UserFacingError as err:
            return PlainTextResponse(err.message, status_code=err.status, headers={"Retry-After": str(err.retry_after)})
        try:
            if projector:
                ws = store.open_as_projector(code, request.query_params.get("token", ""))
            else:
                ws = store.open_as_facilitator(code, request.headers.get("x-facilitator-key")
                                               or request.query_params.get("key", ""))
        except WorkshopError as err:
            guard.facilitator_gate.failed(client)
            return PlainTextResponse(str(err) if projector else denied, status_code=403)
        guard.facilitator_gate.succeeded(client)
        return ws

    @app.get("/workshop/{code}/export.csv")
    def workshop_csv(code: str, request: Request) -> Response:
        ws = opened(code, request)
        if not isinstance(ws, Workshop):
            return ws
        return Response(store.export_csv(ws), media_type="text/csv; charset=utf-8", headers={
            **private, "Content-Disposition": f'attachment; filename="workshop-{ws.code}.csv"'})

    @app.get("/workshop/{code}/handout.md")
    def workshop_handout_md(code: str, request: Request) -> Response:
        ws = opened(code, request)
        if not isinstance(ws, Workshop):
            return ws
        return Response(store.handout_markdown(ws), media_type="text/markdown; charset=utf-8", headers={
            **private, "Content-Disposition": f'attachment; filename="workshop-{ws.code}-handout.md"'})

    @app.get("/workshop/{code}/handout.html", response_class=HTMLResponse)
    def workshop_handout_html(code: str, request: Request) -> Response:
        ws = opened(code, request)
        if not isinstance(ws, Workshop):
            return ws
        return HTMLResponse(store.handout_html(ws), headers=private)

    @app.get("/workshop/{code}/projector", response_class=HTMLResponse)
    def workshop_projector(code: str, request: Request) -> Response:
        ws = opened(code, request, projector=True)
        if not isinstance(ws, Workshop):
            return ws
        join_url = settings.public_url or str(request.base_url)
        return HTMLResponse(projector_html(store.dashboard(ws), join_url), headers=private)
