"""The Gradio Blocks app: owner chat, draft, readiness check, workshop participant and facilitator.

Only presentation lives here. Every answer, profile, match and draft comes from the session layer
(``advisor.session.Advisor``), the same object the CLI and the JSON API use; every message passes
through the same ``Guard`` (length, rate limit) as /api/ask.

Per-browser state is just the advisor session id (and, in a workshop, the participant id): random
secrets that name rows in the database, so another replica can serve the next event.
"""

from __future__ import annotations

import functools
import inspect
import logging
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import gradio as gr
from gradio.exceptions import AppError

from advisor.config import Settings
from advisor.db import DatabaseError

from .readiness import ANSWER_CHOICES, ITEMS, evaluate
from .render import cards_html, citations_html, dashboard_html, escape_chat, readiness_html
from .service import Guard, UserFacingError, ask_payload, check_message, user_facing

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from advisor.session import Advisor

    from .workshop import WorkshopStore

EXAMPLES: list[str] = [
    "AXとは何ですか？中小企業は何から始めればいいですか？",
    "従業員20人の製造業です。AI導入に使える補助金はありますか？",
    "中小企業省力化投資補助金の補助上限額と補助率を教えてください。",
    "デジタル化・AI導入補助金とものづくり補助金の違いは？",
    "地域の相談窓口はどこですか？",
]

PROFILE_FIELDS: list[tuple[str, str, str]] = [
    # (Profile.to_dict() key, label, placeholder)
    ("industry", "業種", "例: 製造業（自動車部品）"),
    ("employees", "従業員数", "例: 45人"),
    ("prefecture", "所在地（都道府県）", "例: 熊本県"),
    ("annual_sales_jpy", "年間売上高", "例: 5億円"),
    ("planned_investment_jpy", "予定投資額", "例: 1,500万円"),
    ("goals", "やりたいこと・目標（「／」区切り）", "例: 検品の自動化／受発注のデジタル化"),
    ("pain_points", "困っていること（「／」区切り）", "例: 人手不足／属人化"),
]

STATUS_OK = "<div role='status' class='ax-muted'>{}</div>"
STATUS_ERR = "<div role='alert' class='ax-notice'>⚠️ {}</div>"


def _ok(text: str) -> str:
    return STATUS_OK.format(escape_chat(text))


def _err(text: str) -> str:
    return STATUS_ERR.format(escape_chat(text))


def _client(request: gr.Request | None) -> tuple[str | None, dict[str, str]]:
    if request is None:
        return None, {}
    host = request.client.host if getattr(request, "client", None) else None
    headers = {k.lower(): v for k, v in dict(request.headers).items()} if getattr(request, "headers", None) else {}
    return host, headers


# --- formatting ----------------------------------------------------------------------------------


def profile_values(advisor: "Advisor", sid: str) -> list[str]:
    """The profile panel's field texts for a session ("" for unknown)."""
    if not sid or not advisor.has_session(sid):
        return [""] * len(PROFILE_FIELDS)
    from advisor.numbers import format_count, format_yen

    p = advisor.get_profile(sid)
    return [
        p.industry.label if p.industry else "",
        format_count(p.employees) if p.employees is not None else "",
        f"{p.prefecture}{p.municipality}",
        format_yen(p.annual_sales_jpy) if p.annual_sales_jpy is not None else "",
        format_yen(p.planned_investment_jpy) if p.planned_investment_jpy is not None else "",
        "／".join(p.goals),
        "／".join(p.pain_points),
    ]


def assistant_markdown(result: Any) -> str:
    """The chat bubble: the answer, then its sources and next questions, all escaped."""
    answer = result.answer
    parts = [escape_chat(answer.text)]
    if getattr(result, "context_line", ""):
        # Which program a follow-up was taken to be about, so a wrong carry-over is visible.
        parts.insert(0, f"▶ *{escape_chat(result.context_line)}*")
    if answer.citations and not result.blocked:
        lines = []
        for i, c in enumerate(answer.citations, 1):
            where = f"{c.page}ページ" if c.page is not None else (c.section or "本文")
            lines.append(f"[{i}] {c.title}（{c.issuer}、{_date(c.date)}）{where}")
        parts.append("**出典**（右の「出典」欄に引用文）\n" + "\n".join(f"- {escape_chat(line)}" for line in lines))
    for w in list(getattr(answer, "warnings", []) or []) + list(result.notices or []):
        parts.append(f"ℹ️ {escape_chat(w)}")
    if result.understood:
        parts.append("**読み取った会社情報**: " + escape_chat("、".join(result.understood)))
    if result.follow_up_questions and not result.blocked:
        qs = "\n".join(f"- {escape_chat(q)}" for q in result.follow_up_questions[:3])
        parts.append(f"**よろしければ教えてください**\n{qs}")
    return "\n\n".join(parts)


def _date(date: str | None) -> str:
    from .render import date_label

    return date_label(date)


def _history_messages(advisor: "Advisor", sid: str) -> tuple[list[dict[str, str]], dict[str, int]]:
    """Stored history as chatbot messages (escaped) and chat index -> message id for feedback."""
    messages: list[dict[str, str]] = []
    ids: dict[str, int] = {}
    for m in advisor.history(sid):
        role = "user" if m.get("role") == "user" else "assistant"
        content = escape_chat(str(m.get("content", "")))
        context_line = (m.get("frame") or {}).get("context_line", "") if role == "assistant" else ""
        if context_line:
            content = f"▶ *{escape_chat(context_line)}*\n\n{content}"
        messages.append({"role": role, "content": content})
        if role == "assistant" and m.get("message_id") is not None:
            ids[str(len(messages) - 1)] = int(m["message_id"])
    return messages, ids


def _safe_filename(text: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", text)[:60] or "draft"


# Drafts and conversation exports are written here for Gradio to serve, then deleted after
# TEMP_TTL_S (Gradio's own copy in its cache is deleted on the same schedule, see delete_cache).
TEMP_ROOT = Path(tempfile.gettempdir()) / "advisor-ui-downloads"
TEMP_TTL_S = 10 * 60


def sweep_temp(now: float | None = None, root: Path = TEMP_ROOT, ttl_s: float = TEMP_TTL_S) -> int:
    """Delete download folders older than ``ttl_s``; returns how many were deleted."""
    now = time.time() if now is None else now
    removed = 0
    if not root.is_dir():
        return 0
    for folder in root.iterdir():
        try:
            if now - folder.stat().st_mtime > ttl_s:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed


def _write_temp(name: str, data: bytes | str) -> str:
    sweep_temp()
    TEMP_ROOT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="dl-", dir=TEMP_ROOT))
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


def _as_gr_error(exc: BaseException, where: str) -> gr.Error:
    err = user_facing(exc)
    if err.code == "unexpected_error":
        log.exception("UI event %s failed", where)
    elif err.status == 503:
        log.error("UI event %s: storage failure: %s", where, exc)
    return gr.Error(err.message, print_exception=False)


def guarded(fn: Any) -> Any:
    """An event handler whose failures reach the person as a Japanese message (never a raw
    exception text such as "attempt to write a readonly database"), and the log as a trace."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def stream(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from fn(*args, **kwargs)
            except gr.Error:
                raise
            except Exception as exc:  # noqa: BLE001
                raise _as_gr_error(exc, fn.__name__) from None
        return stream

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:  # noqa: BLE001
            raise _as_gr_error(exc, fn.__name__) from None
    return call


# --- the app -------------------------------------------------------------------------------------


def build_blocks(settings: Settings, advisor: "Advisor", guard: Guard, workshops: "WorkshopStore") -> gr.Blocks:
    from advisor.programs import load_catalog

    # Drafts are for applications: subsidies first (active before planned/superseded), then the rest.
    catalog = list(load_catalog(settings))
    catalog.sort(key=lambda p: (p.kind != "subsidy", getattr(p.status, "value", "active") != "active"))
    program_names = [p.name.value for p in catalog]
    prefecture = settings.brand_prefecture.strip()
    title = f"{prefecture} 地域AXアドバイザー" if prefecture else "地域AXアドバイザー"

    def ensure_session(sid: str, kind: str = "owner") -> str:
        return sid if sid and advisor.has_session(sid) else advisor.new_session(kind)

    def throttled(request: gr.Request | None) -> None:
        host, headers = _client(request)
        try:
            guard.throttle(host, headers)
        except UserFacingError as err:
            raise gr.Error(err.message, print_exception=False) from None

    # delete_cache: Gradio's copies of downloads (drafts, exports) are removed after TEMP_TTL_S.
    with gr.Blocks(title=title, analytics_enabled=False, delete_cache=(60, TEMP_TTL_S)) as demo:
        # Kept in the visitor's browser (localStorage): a reload or a phone waking up resumes the
        # same conversation, and no replica needs to remember who is who. Only opaque random ids are
        # stored. Gradio encrypts BrowserState in the page with a key it publishes in /config, so the
        # key here is a fixed, public constant: it hides nothing, and no operator secret is exposed.
        secret = "ax-browser-state-v1"
        sid_state = gr.BrowserState("", storage_key="ax-session", secret=secret)
        participant_state = gr.BrowserState({}, storage_key="ax-participant", secret=secret)  # {"id", "session_id", "company"}
        ids_state = gr.State({})  # chat message index -> advisor message id (for 👍/👎), rebuilt on load
        facilitator_state = gr.State({})  # {"code", "key"} once a workshop is opened

        gr.HTML(
            f"<header class='ax-header'><h1>{escape_chat(title)}</h1>"
            "<p class='ax-muted'>AI活用（AX）や補助金について、国の政策資料・公募資料に基づき出典付きでお答えします。"
            "回答は資料の日付時点の内容です。申請前に最新の公募要領をご確認ください。</p></header>"
        )
        with gr.Tabs(elem_id="ax-tabs") as tabs:
            # --- owner chat ------------------------------------------------------------------
            with gr.Tab("相談する", id="chat", elem_id="ax-tab-chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=320):
                        chatbot = gr.Chatbot(
                            label="会話",
                            show_label=False,
                            elem_id="ax-chatbot",
                            height="min(560px, 68vh)",
                            sanitize_html=True,
                            render_markdown=True,
                            buttons=["copy"],
                            feedback_options=("Like", "Dislike"),
                            placeholder="下の例から選ぶか、質問を入力してください。",
                        )
                        msg = gr.Textbox(
                            label="質問（Shift+Enterまたは「送信」ボタンで送信）",
                            placeholder="例: 従業員20人の製造業が使えるAI導入の補助金は？",
                            lines=2,
                            max_lines=8,
                            elem_id="ax-input",
                            autofocus=False,
                        )
                        with gr.Row():
                            send = gr.Button("送信", variant="primary", elem_id="ax-send", scale=2)
                            reset = gr.Button("新しい相談を始める", elem_id="ax-reset", scale=1)
                        status = gr.HTML("", elem_id="ax-status")
                        gr.Examples(examples=[[q] for q in EXAMPLES], inputs=[msg], label="質問の例（クリックで入力）")
                        with gr.Accordion("この回答の評価・会話の保存", open=False, elem_id="ax-feedback"):
                            comment = gr.Textbox(label="コメント（任意）", lines=1, elem_id="ax-comment")
                            with gr.Row():
                                up = gr.Button("👍 役に立った", elem_id="ax-up")
                                down = gr.Button("👎 役に立たなかった", elem_id="ax-down")
                            feedback_status = gr.HTML("", elem_id="ax-feedback-status")
                            export_btn = gr.Button("会話をMarkdownで保存", elem_id="ax-export")
                            export_file = gr.File(label="会話の記録", interactive=False, elem_id="ax-export-file")
                    with gr.Column(scale=2, min_width=300):
                        with gr.Tabs():
                            with gr.Tab("出典", elem_id="ax-tab-citations"):
                                citations = gr.HTML(citations_html([]), elem_id="ax-citations-panel")
                            with gr.Tab("制度", elem_id="ax-tab-cards"):
                                cards = gr.HTML(cards_html([]), elem_id="ax-cards-panel")
                            with gr.Tab("プロフィール", elem_id="ax-tab-profile"):
                                gr.HTML("<p class='ax-muted'>会話から読み取った内容です。直して「更新」を押すと、制度の判定に反映します。</p>")
                                profile_boxes = [
                                    gr.Textbox(label=label, placeholder=ph, elem_id=f"ax-profile-{key}", lines=1)
                                    for key, label, ph in PROFILE_FIELDS
                                ]
                                profile_save = gr.Button("プロフィールを更新", variant="primary", elem_id="ax-profile-save")
                                profile_status = gr.HTML("", elem_id="ax-profile-status")

            # --- workshop participant --------------------------------------------------------------
            with gr.Tab("参加コード", id="join", elem_id="ax-tab-join"):
                gr.HTML("<h2 class='ax-h2'>ワークショップに参加</h2><p class='ax-muted'>会場で表示された参加コードと会社の情報を入力してください。"
                        "入力内容はファシリテーターの集計にのみ使われ、他の参加者には表示されません。</p>")
                join_code = gr.Textbox(label="参加コード", placeholder="例: K7P2QX", elem_id="ax-join-code")
                join_company = gr.Textbox(label="会社名（ニックネーム可）", elem_id="ax-join-company")
                join_intro = gr.Textbox(label="会社の紹介（業種・従業員数・所在地・やりたいこと）", lines=3,
                                        elem_id="ax-join-intro",
                                        placeholder="例: 熊本県の食品製造業で従業員30人。受発注を電話とFAXで行っており、人手不足が課題です。")
                join_share = gr.Checkbox(
                    value=False, elem_id="ax-join-share",
                    label="困っていることの文章を、会社名を伏せて会場の投影画面・配布資料で共有してよい（任意）")
                join_btn = gr.Button("参加する", variant="primary", elem_id="ax-join-go")
                join_status = gr.HTML("", elem_id="ax-join-status")

            # --- draft -------------------------------------------------------------------------
            with gr.Tab("下書き", id="draft", elem_id="ax-tab-draft"):
                gr.HTML("<h2 class='ax-h2'>申請書の下書き</h2><p class='ax-muted'>会話とプロフィールから、補助金申請書の「AXへの取組」部分の下書きを作ります。"
                        "分からない数値は【要記入：…】として残し、数字を作りません。</p>")
                with gr.Row():
                    program = gr.Dropdown(choices=program_names, value=program_names[0] if program_names else None,
                                          label="制度", elem_id="ax-draft-program", scale=2)
                    notes = gr.Textbox(label="取組のメモ（任意）", lines=3, scale=3, elem_id="ax-draft-notes",
                                       placeholder="例: 検品工程に画像認識AIを導入し、検査時間を短縮したい")
                draft_btn = gr.Button("下書きを作成", variant="primary", elem_id="ax-draft-make")
                draft_status = gr.HTML("", elem_id="ax-draft-status")
                draft_md = gr.Markdown("", elem_id="ax-draft-preview", sanitize_html=True)
                with gr.Row():
                    draft_docx = gr.File(label="Word形式（.docx）", interactive=False, elem_id="ax-draft-docx")
                    draft_mdfile = gr.File(label="Markdown形式（.md）", interactive=False, elem_id="ax-draft-md")

            # --- readiness -----------------------------------------------------------------------
            with gr.Tab("準備度", id="readiness", elem_id="ax-tab-readiness"):
                gr.HTML("<h2 class='ax-h2'>AX準備度チェック</h2><p class='ax-muted'>8つの質問に答えると、次に取り組むとよいことを資料の記載とともに示します。</p>")
                readiness_radios = [
                    gr.Radio(choices=ANSWER_CHOICES, label=f"{i}. {item.question}", elem_id=f"ax-ready-{item.id}")
                    for i, item in enumerate(ITEMS, 1)
                ]
                readiness_btn = gr.Button("診断する", variant="primary", elem_id="ax-ready-go")
                readiness_out = gr.HTML("", elem_id="ax-ready-out")

            # --- facilitator ------------------------------------------------------------------------
            with gr.Tab("運営者", id="facilitator", elem_id="ax-tab-facilitator"):
                gr.HTML("<h2 class='ax-h2'>ワークショップの運営（ファシリテーター）</h2>")
                if not workshops.facilitator_enabled():
                    gr.HTML("<p class='ax-muted'>ワークショップ機能は無効です（管理者が ADVISOR_FACILITATOR_TOKEN を設定すると使えます）。</p>")
                with gr.Row():
                    with gr.Column(min_width=280):
                        gr.HTML("<h3>新しいワークショップ</h3>")
                        fac_token = gr.Textbox(label="ファシリテーター用トークン", type="password", elem_id="ax-fac-token")
                        fac_title = gr.Textbox(label="ワークショップ名", value="AX勉強会", elem_id="ax-fac-title")
                        fac_create = gr.Button("作成する", variant="primary", elem_id="ax-fac-create")
                    with gr.Column(min_width=280):
                        gr.HTML("<h3>作成済みのワークショップを開く</h3>")
                        fac_code = gr.Textbox(label="参加コード", elem_id="ax-fac-code")
                        fac_key = gr.Textbox(label="ファシリテーターキー", type="password", elem_id="ax-fac-key")
                        fac_open = gr.Button("開く", elem_id="ax-fac-open")
                fac_status = gr.HTML("", elem_id="ax-fac-status")
                with gr.Row():
                    fac_refresh = gr.Button("ダッシュボードを更新", elem_id="ax-fac-refresh")
                    fac_close = gr.Button("参加の受付を終了／再開", elem_id="ax-fac-close")
                    fac_remove_no = gr.Number(label="外す参加企業の番号", precision=0, minimum=1, elem_id="ax-fac-remove-no")
                    fac_remove = gr.Button("この参加企業を外す", elem_id="ax-fac-remove")
                dashboard = gr.HTML("", elem_id="ax-dashboard")
                fac_timer = gr.Timer(15, active=False)

        chat_outputs = [chatbot, msg, status, citations, cards, *profile_boxes, sid_state, ids_state]
        n_profile = len(profile_boxes)

        # --- chat handlers --------------------------------------------------------------------------

        def respond(message: str, history: list[dict], sid: str, ids: dict, participant: dict,
                    request: gr.Request) -> Iterator[tuple]:
            history = list(history or [])
            skip_rest = [gr.skip()] * (2 + n_profile)
            try:
                host, headers = _client(request)
                text = guard.admit(host, headers, message)
            except UserFacingError as err:
                yield (history, gr.skip(), _err(err.message), *skip_rest, sid, ids)
                return
            try:
                sid = ensure_session(participant.get("session_id") or sid)
            except DatabaseError as exc:  # down, restarting, read-only: say so in the status line
                yield (history, gr.skip(), _err(user_facing(exc).message), *skip_rest, sid, ids)
                return
            history = history + [{"role": "user", "content": escape_chat(text)},
                                 {"role": "assistant", "content": "…"}]
            yield (history, "", _ok("回答を作成しています…"), *skip_rest, sid, ids)
            acc = ""
            result = None
            try:
                for part in advisor.stream_turn(sid, text):
                    if isinstance(part, str):
                        acc += part
                        history[-1] = {"role": "assistant", "content": escape_chat(acc)}
                        yield (history, gr.skip(), gr.skip(), *skip_rest, sid, ids)
                    else:
                        result = part
            except Exception as exc:  # noqa: BLE001 - the owner gets a message, the log gets the trace
                err = user_facing(exc)
                if err.status == 503 and err.code != "unexpected_error":
                    log.error("chat turn: storage failure: %s", exc)
                else:
                    log.exception("chat turn failed")
                history[-1] = {"role": "assistant", "content": escape_chat(err.message)}
                yield (history, gr.skip(), _err(err.message), *skip_rest, sid, ids)
                return
            if result is None:
                yield (history, gr.skip(), _err("回答を作成できませんでした。"), *skip_rest, sid, ids)
                return
            history[-1] = {"role": "assistant", "content": assistant_markdown(result)}
            ids = {**ids, str(len(history) - 1): int(result.message_id)}
            cites = [c.to_dict() for c in result.answer.citations]
            matches = result.matches or advisor.matches(sid)
            yield (history, gr.skip(), _ok("回答しました。出典は右の「出典」欄に表示しています。"),
                   citations_html(cites) if cites else gr.skip(), cards_html(matches),
                   *profile_values(advisor, sid), sid, ids)

        chat_inputs = [msg, chatbot, sid_state, ids_state, participant_state]
        subsidies = set(program_names[: sum(1 for p in catalog if p.kind == "subsidy")])

        def suggest_program(sid: str, current: str) -> Any:
            """Preselect, for the draft tab, the subsidy that fits best once the profile says so."""
            if not sid or not advisor.has_session(sid):
                return gr.skip()
            for m in advisor.matches(sid):
                if m.get("status") == "fit" and m.get("program") in subsidies:
                    return m["program"] if m["program"] != current else gr.skip()
            return gr.skip()

        msg.submit(guarded(respond), chat_inputs, chat_outputs, api_name="chat", concurrency_id="chat").then(
            guarded(suggest_program), [sid_state, program], [program], api_visibility="private")
        send.click(guarded(respond), chat_inputs, chat_outputs, api_visibility="private", concurrency_id="chat").then(
            guarded(suggest_program), [sid_state, program], [program], api_visibility="private")

        def new_chat(participant: dict, request: gr.Request) -> tuple:
            throttled(request)
            if participant:
                # A workshop participant keeps their one session: the facilitator's dashboard follows it.
                return (gr.skip(),) * (5 + n_profile) + (gr.skip(), gr.skip())
            # A fresh session id rather than "": the browser then forgets the old conversation for sure.
            return ([], "", _ok("新しい相談を始めました。"), citations_html([]), cards_html([]),
                    *[""] * n_profile, advisor.new_session("owner"), {})

        reset.click(guarded(new_chat), [participant_state], chat_outputs, api_visibility="private")

        def save_profile(sid: str, participant: dict, *values: str, request: gr.Request = None) -> tuple:  # type: ignore[assignment]
            throttled(request)
            sid = ensure_session(participant.get("session_id") or sid)
            fields: dict[str, Any] = {}
            for (key, _, _), value in zip(PROFILE_FIELDS, values):
                value = (value or "").strip()
                if not value:
                    continue
                if len(value) > settings.max_message_chars:
                    return (gr.skip(), *[gr.skip()] * n_profile, _err("入力が長すぎます。"), sid)
                fields[key] = [v.strip() for v in re.split(r"[／/、,]", value) if v.strip()] if key in ("goals", "pain_points") else value
            parsed = advisor.update_profile(sid, fields)
            notes = [i.message for i in getattr(parsed, "issues", [])]
            msg_html = _err("／".join(notes)) if notes else _ok("プロフィールを更新し、制度の判定をやり直しました。")
            return (cards_html(advisor.matches(sid)), *profile_values(advisor, sid), msg_html, sid)

        profile_save.click(guarded(save_profile), [sid_state, participant_state, *profile_boxes],
                           [cards, *profile_boxes, profile_status, sid_state], api_visibility="private")

        def feedback(rating: int, note: str, sid: str, ids: dict, request: gr.Request | None) -> tuple[str, str]:
            if not sid or not ids:
                return _err("評価する回答がまだありません。"), gr.skip()
            throttled(request)
            last = max(ids, key=lambda k: int(k))
            note = (note or "").strip()[: settings.max_message_chars]
            advisor.record_feedback(sid, ids[last], rating, note)
            return _ok("ご意見を記録しました。ありがとうございます。"), ""

        def feedback_up(note: str, sid: str, ids: dict, request: gr.Request) -> tuple[str, str]:
            return feedback(1, note, sid, ids, request)

        def feedback_down(note: str, sid: str, ids: dict, request: gr.Request) -> tuple[str, str]:
            return feedback(-1, note, sid, ids, request)

        up.click(guarded(feedback_up), [comment, sid_state, ids_state], [feedback_status, comment], api_visibility="private")
        down.click(guarded(feedback_down), [comment, sid_state, ids_state], [feedback_status, comment],
                   api_visibility="private")

        def on_like(data: gr.LikeData, note: str, sid: str, ids: dict, request: gr.Request) -> tuple[str, str]:
            index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
            mid = ids.get(str(index))
            if not sid or mid is None:
                return _err("この回答は評価できません。"), gr.skip()
            throttled(request)
            advisor.record_feedback(sid, mid, 1 if data.liked else -1, (note or "").strip()[: settings.max_message_chars])
            return _ok("ご意見を記録しました。ありがとうございます。"), ""

        chatbot.like(guarded(on_like), [comment, sid_state, ids_state], [feedback_status, comment], api_visibility="private")

        def export(sid: str, request: gr.Request) -> tuple[Any, str]:
            if not sid or not advisor.has_session(sid):
                return None, _err("保存する会話がまだありません。")
            throttled(request)
            return _write_temp("AX相談の記録.md", advisor.export_markdown(sid)), _ok("会話を保存しました。")

        export_btn.click(guarded(export), [sid_state], [export_file, feedback_status], api_visibility="private")

        # --- draft -----------------------------------------------------------------------------------

        def make_draft(program_name: str, memo: str, sid: str, participant: dict, request: gr.Request) -> tuple:
            try:
                from advisor.chains.drafting import UnknownProgram
            except ImportError:  # drafting chain not installed: nothing to catch specially
                UnknownProgram = LookupError  # type: ignore[misc,assignment]

            try:
                memo = check_message(memo, settings, "メモ") if (memo or "").strip() else ""
                guard.throttle(*_client(request))
            except UserFacingError as err:
                return _err(err.message), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            sid = ensure_session(participant.get("session_id") or sid)
            try:
                draft = advisor.draft(sid, program_name or "", (memo or "").strip())
            except UnknownProgram:
                return _err("その制度はカタログにありません。一覧から選んでください。"), "", None, None, sid
            base = _safe_filename(f"AX取組_下書き_{getattr(draft, 'program_name', '') or program_name}")
            placeholders = list(getattr(draft, "placeholders", []) or [])
            note = (f"下書きを作成しました。【要記入】が{len(placeholders)}か所あります。" if placeholders
                    else "下書きを作成しました。")
            return (_ok(note), escape_chat(draft.markdown), _write_temp(f"{base}.docx", draft.to_docx()),
                    _write_temp(f"{base}.md", draft.markdown), sid)

        draft_btn.click(guarded(make_draft), [program, notes, sid_state, participant_state],
                        [draft_status, draft_md, draft_docx, draft_mdfile, sid_state], api_name="draft",
                        concurrency_id="chat")

        # --- readiness ---------------------------------------------------------------------------------

        def check_readiness(participant: dict, *answers: str, request: gr.Request = None) -> str:  # type: ignore[assignment]
            chosen = {item.id: a for item, a in zip(ITEMS, answers) if a}
            result = evaluate(chosen, settings)
            if participant:
                throttled(request)
                p = workshops.participant(participant.get("id", ""), participant.get("session_id", ""))
                if p is not None:
                    workshops.save_readiness(p, chosen)
            return readiness_html(result)

        readiness_btn.click(guarded(check_readiness), [participant_state, *readiness_radios], [readiness_out],
                            api_visibility="private")

        # --- workshop: participant ----------------------------------------------------------------------

        def join(code: str, company: str, intro: str, share: bool, request: gr.Request) -> tuple:
            from .workshop import UnknownCode, WorkshopError

            none = (gr.skip(),) * (5 + n_profile)
            host, headers = _client(request)
            client = guard.client(host, headers)
            try:
                guard.join_gate.check(client)  # guessing codes: per-client delay and lockout
                guard.admit_join(host, headers)
                intro = check_message(intro, settings, "会社の紹介") if intro and intro.strip() else ""
                participant = workshops.join(code, company, intro, share_text=bool(share))
            except (WorkshopError, UserFacingError, DatabaseError) as err:
                if isinstance(err, UnknownCode):
                    guard.join_gate.failed(client)
                text = str(err) if isinstance(err, WorkshopError) else user_facing(err).message
                return (_err(text), gr.skip(), gr.skip(), *none, gr.skip(), gr.skip())
            guard.join_gate.succeeded(client)
            state = {"id": participant.id, "session_id": participant.session_id, "company": participant.company}
            sid = participant.session_id
            history: list[dict] = []
            ids: dict[str, int] = {}
            cites_html = citations_html([])
            if intro and intro.strip():
                result = advisor.turn(sid, intro.strip())
                history = [{"role": "user", "content": escape_chat(intro.strip())},
                           {"role": "assistant", "content": assistant_markdown(result)}]
                ids = {"1": int(result.message_id)}
                cites_html = citations_html([c.to_dict() for c in result.answer.citations])
            return (_ok(f"{participant.company} として参加しました。「相談する」タブで質問し、「準備度」タブのAX準備度チェックにも回答してください。"),
                    state, gr.Tabs(selected="chat"),
                    history, "", _ok("ワークショップに参加中です。"), cites_html, cards_html(advisor.matches(sid)),
                    *profile_values(advisor, sid), sid, ids)

        join_btn.click(guarded(join), [join_code, join_company, join_intro, join_share],
                       [join_status, participant_state, tabs, *chat_outputs], api_visibility="private")

        # --- workshop: facilitator --------------------------------------------------------------------

        def board_html(state: dict) -> str:
            if not state:
                return ""
            ws = workshops.open_as_facilitator(state["code"], state["key"])
            return dashboard_html(workshops.dashboard(ws), state["key"])

        def facilitator_attempt(request: gr.Request | None, attempt: Any) -> Any:
            """Run ``attempt`` (a token or key check) under the per-client delay and lockout."""
            from .workshop import WorkshopError

            host, headers = _client(request)
            client = guard.client(host, headers)
            try:
                guard.facilitator_gate.check(client)
                guard.throttle(host, headers)
            except UserFacingError as err:
                raise WorkshopError(err.message) from None
            try:
                result = attempt()
            except WorkshopError:
                if workshops.facilitator_enabled():
                    guard.facilitator_gate.failed(client)
                raise
            guard.facilitator_gate.succeeded(client)
            return result

        def create_workshop(token: str, ws_title: str, request: gr.Request) -> tuple:
            from .workshop import WorkshopError

            try:
                ws, key = facilitator_attempt(request, lambda: workshops.create(token, ws_title))
            except (WorkshopError, DatabaseError) as err:
                text = str(err) if isinstance(err, WorkshopError) else user_facing(err).message
                return _err(text), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            state = {"code": ws.code, "key": key}
            note = (f"ワークショップ「{ws.title}」を作成しました。参加コード: {ws.code} ／ "
                    f"ファシリテーターキー: {key} （再び開くときに必要です。控えてください）")
            return _ok(note), state, board_html(state), ws.code, key, gr.Timer(active=True)

        fac_create.click(guarded(create_workshop), [fac_token, fac_title],
                         [fac_status, facilitator_state, dashboard, fac_code, fac_key, fac_timer],
                         api_visibility="private")

        def open_workshop(code: str, key: str, request: gr.Request) -> tuple:
            from .workshop import WorkshopError

            try:
                ws = facilitator_attempt(request, lambda: workshops.open_as_facilitator(code, key))
            except (WorkshopError, DatabaseError) as err:
                text = str(err) if isinstance(err, WorkshopError) else user_facing(err).message
                return _err(text), gr.skip(), gr.skip(), gr.skip()
            state = {"code": ws.code, "key": key.strip()}
            return _ok(f"ワークショップ「{ws.title}」を開きました。"), state, board_html(state), gr.Timer(active=True)

        fac_open.click(guarded(open_workshop), [fac_code, fac_key], [fac_status, facilitator_state, dashboard, fac_timer],
                       api_visibility="private")
        fac_refresh.click(guarded(board_html), [facilitator_state], [dashboard], api_visibility="private")
        fac_timer.tick(guarded(board_html), [facilitator_state], [dashboard], api_visibility="private")

        def toggle_closed(state: dict, request: gr.Request) -> tuple:
            if not state:
                return _err("先にワークショップを作成するか開いてください。"), gr.skip()
            throttled(request)
            ws = workshops.open_as_facilitator(state["code"], state["key"])
            workshops.set_closed(ws, not ws.closed)
            note = "参加の受付を再開しました。" if ws.closed else "参加の受付を終了しました。新しい参加はできません。"
            return _ok(note), board_html(state)

        fac_close.click(guarded(toggle_closed), [facilitator_state], [fac_status, dashboard], api_visibility="private")

        def remove_participant(state: dict, number: float | None, request: gr.Request) -> tuple:
            if not state:
                return _err("先にワークショップを作成するか開いてください。"), gr.skip()
            throttled(request)
            ws = workshops.open_as_facilitator(state["code"], state["key"])
            rows = workshops.dashboard(ws).rows
            if number is None or not 1 <= int(number) <= len(rows):
                return _err(f"参加企業の表の「番号」（1〜{len(rows)}）を入力してください。"), gr.skip()
            row = rows[int(number) - 1]
            workshops.remove_participant(ws, row.participant_id)
            return _ok(f"{row.company} をワークショップから外しました。"), board_html(state)

        fac_remove.click(guarded(remove_participant), [facilitator_state, fac_remove_no], [fac_status, dashboard],
                         api_visibility="private")

        # --- resume on page load ------------------------------------------------------------------------

        def restore(sid: str, participant: dict) -> tuple:
            participant = participant if isinstance(participant, dict) else {}
            if participant and workshops.participant(participant.get("id", ""), participant.get("session_id", "")) is None:
                participant = {}  # the workshop database was reset, or the value is stale
            sid = participant.get("session_id") or (sid if isinstance(sid, str) else "")
            if not sid or not advisor.has_session(sid):
                return ([], citations_html([]), cards_html([]), *[""] * n_profile, "", {}, participant,
                        _ok("") if not participant else gr.skip())
            messages, ids = _history_messages(advisor, sid)
            last_cites: list[dict] = []
            for m in reversed(advisor.history(sid)):
                if m.get("role") == "assistant":
                    last_cites = list(m.get("citations") or [])
                    break
            joined = _ok(f"{participant['company']} としてワークショップに参加中です。") if participant else gr.skip()
            return (messages, citations_html(last_cites), cards_html(advisor.matches(sid)), *profile_values(advisor, sid),
                    sid, ids, participant, joined)

        demo.load(guarded(restore), [sid_state, participant_state],
                  [chatbot, citations, cards, *profile_boxes, sid_state, ids_state, participant_state, join_status],
                  api_visibility="private")

        # --- API for integrators (gradio_client): same payload as POST /api/ask ------------------------

        def ask(question: str, session_id: str | None = None, request: gr.Request = None) -> dict:  # type: ignore[assignment]
            """Ask one question; returns {"answer", "citations", "session_id", ...} like POST /api/ask."""
            host, headers = _client(request)
            try:
                text = guard.admit(host, headers, question)
            except UserFacingError as err:
                raise gr.Error(err.message) from None
            return ask_payload(advisor, text, session_id or None)

        gr.api(guarded(ask), api_name="ask", concurrency_id="chat")

    localize_framework_errors(demo)
    return demo


_MALFORMED_EVENT = "送信された内容の形式が正しくありません。画面を読み込み直して、もう一度お試しください。"


def localize_framework_errors(demo: gr.Blocks) -> None:
    """Gradio's own checks run before any handler (input count, a component's value of the wrong
    type) and fail in English, with object reprs, which ``show_error`` sends to the caller. Our
    handlers turn their failures into Japanese ``gr.Error``s themselves (``guarded``), so anything
    else that escapes an event is the framework refusing the caller's payload: it reaches the
    person as one Japanese sentence, the operator's log keeps the original."""
    process_api = demo.process_api

    @functools.wraps(process_api)
    async def localized(*args: Any, **kwargs: Any) -> Any:
        try:
            return await process_api(*args, **kwargs)
        except AppError:
            raise
        except Exception as exc:  # noqa: BLE001 - see the docstring
            fn = kwargs.get("block_fn")
            log.warning("UI event %s refused its payload: %s", getattr(fn, "name", "?"), str(exc).splitlines()[0][:200])
            raise gr.Error(_MALFORMED_EVENT, print_exception=False) from None

    demo.process_api = localized  # type: ignore[method-assign]
