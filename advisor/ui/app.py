"""The Gradio Blocks app: owner chat, draft, readiness check, workshop participant and facilitator.

Only presentation lives here. Every answer, profile, match and draft comes from the session layer
(``advisor.session.Advisor``), the same object the CLI and the JSON API use; every message passes
through the same ``Guard`` (length, rate limit) as /api/ask.

Per-browser state is just the advisor session id (and, in a workshop, the participant id): random
secrets that name rows in the database, so another replica can serve the next event.
"""

from __future__ import annotations

import functools
import logging
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import gradio as gr

from advisor.config import Settings
from advisor.db import DatabaseError

from .readiness import ANSWER_CHOICES, ITEMS, evaluate
from .render import cards_html, citations_html, dashboard_html, escape_chat, readiness_html
from .service import Guard, UserFacingError, ask_payload

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


def _database_safe(fn: Any) -> Any:
    """For a Gradio handler: a database outage shows the Japanese sentence (gr.Error) instead of
    the operator's message that Gradio would otherwise display; the log keeps the cause."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DatabaseError as err:
            logging.getLogger(__name__).error("%s failed: %s", fn.__name__, err)
            raise gr.Error(err.user_message) from None

    return wrapper


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
        messages.append({"role": role, "content": escape_chat(str(m.get("content", "")))})
        if role == "assistant" and m.get("message_id") is not None:
            ids[str(len(messages) - 1)] = int(m["message_id"])
    return messages, ids


def _safe_filename(text: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", text)[:60] or "draft"


def _write_temp(name: str, data: bytes | str) -> str:
    folder = Path(tempfile.mkdtemp(prefix="advisor-ui-"))
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


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

    with gr.Blocks(title=title, analytics_enabled=False) as demo:
        # Kept in the visitor's browser (localStorage, encrypted): a reload or a phone waking up
        # resumes the same conversation, and no replica needs to remember who is who.
        secret = settings.ui_state_secret or None
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
                fac_refresh = gr.Button("ダッシュボードを更新", elem_id="ax-fac-refresh")
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
            except DatabaseError as err:
                yield (history, gr.skip(), _err(err.user_message), *skip_rest, sid, ids)
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
            except DatabaseError as err:  # down or restarting: say so, keep what the visitor typed
                logging.getLogger(__name__).error("chat turn failed: %s", err)
                history[-1] = {"role": "assistant", "content": err.user_message}
                yield (history, gr.skip(), _err(err.user_message), *skip_rest, sid, ids)
                return
            except Exception:  # noqa: BLE001 - the owner gets a message, the log gets the trace
                logging.getLogger(__name__).exception("chat turn failed")
                history[-1] = {"role": "assistant", "content": "申し訳ありません。回答の作成中にエラーが発生しました。もう一度お試しください。"}
                yield (history, gr.skip(), _err("エラーが発生しました。"), *skip_rest, sid, ids)
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

        @_database_safe
        def suggest_program(sid: str, current: str) -> Any:
            """Preselect, for the draft tab, the subsidy that fits best once the profile says so."""
            if not sid or not advisor.has_session(sid):
                return gr.skip()
            for m in advisor.matches(sid):
                if m.get("status") == "fit" and m.get("program") in subsidies:
                    return m["program"] if m["program"] != current else gr.skip()
            return gr.skip()

        msg.submit(respond, chat_inputs, chat_outputs, api_name="chat", concurrency_id="chat").then(
            suggest_program, [sid_state, program], [program], api_visibility="private")
        send.click(respond, chat_inputs, chat_outputs, api_visibility="private", concurrency_id="chat").then(
            suggest_program, [sid_state, program], [program], api_visibility="private")

        @_database_safe
        def new_chat(participant: dict) -> tuple:
            if participant:
                # A workshop participant keeps their one session: the facilitator's dashboard follows it.
                return (gr.skip(),) * (5 + n_profile) + (gr.skip(), gr.skip())
            # A fresh session id rather than "": the browser then forgets the old conversation for sure.
            return ([], "", _ok("新しい相談を始めました。"), citations_html([]), cards_html([]),
                    *[""] * n_profile, advisor.new_session("owner"), {})

        reset.click(new_chat, [participant_state], chat_outputs, api_visibility="private")

        @_database_safe
        def save_profile(sid: str, participant: dict, *values: str) -> tuple:
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

        profile_save.click(save_profile, [sid_state, participant_state, *profile_boxes],
                           [cards, *profile_boxes, profile_status, sid_state], api_visibility="private")

        @_database_safe
        def feedback(rating: int, note: str, sid: str, ids: dict) -> tuple[str, str]:
            if not sid or not ids:
                return _err("評価する回答がまだありません。"), gr.skip()
            last = max(ids, key=lambda k: int(k))
            note = (note or "").strip()[: settings.max_message_chars]
            advisor.record_feedback(sid, ids[last], rating, note)
            return _ok("ご意見を記録しました。ありがとうございます。"), ""

        up.click(lambda n, s, i: feedback(1, n, s, i), [comment, sid_state, ids_state], [feedback_status, comment],
                 api_visibility="private")
        down.click(lambda n, s, i: feedback(-1, n, s, i), [comment, sid_state, ids_state], [feedback_status, comment],
                   api_visibility="private")

        @_database_safe
        def on_like(data: gr.LikeData, note: str, sid: str, ids: dict) -> tuple[str, str]:
            index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
            mid = ids.get(str(index))
            if not sid or mid is None:
                return _err("この回答は評価できません。"), gr.skip()
            advisor.record_feedback(sid, mid, 1 if data.liked else -1, (note or "").strip()[: settings.max_message_chars])
            return _ok("ご意見を記録しました。ありがとうございます。"), ""

        chatbot.like(on_like, [comment, sid_state, ids_state], [feedback_status, comment], api_visibility="private")

        @_database_safe
        def export(sid: str) -> tuple[Any, str]:
            if not sid or not advisor.has_session(sid):
                return None, _err("保存する会話がまだありません。")
            return _write_temp("AX相談の記録.md", advisor.export_markdown(sid)), _ok("会話を保存しました。")

        export_btn.click(export, [sid_state], [export_file, feedback_status], api_visibility="private")

        # --- draft -----------------------------------------------------------------------------------

        @_database_safe
        def make_draft(program_name: str, memo: str, sid: str, participant: dict) -> tuple:
            try:
                from advisor.chains.drafting import UnknownProgram
            except ImportError:  # drafting chain not installed: nothing to catch specially
                UnknownProgram = LookupError  # type: ignore[misc,assignment]

            sid = ensure_session(participant.get("session_id") or sid)
            if len(memo or "") > settings.max_message_chars:
                return _err(f"メモは{settings.max_message_chars:,}文字以内にしてください。"), "", None, None, sid
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

        draft_btn.click(make_draft, [program, notes, sid_state, participant_state],
                        [draft_status, draft_md, draft_docx, draft_mdfile, sid_state], api_name="draft",
                        concurrency_id="chat")

        # --- readiness ---------------------------------------------------------------------------------

        @_database_safe
        def check_readiness(participant: dict, *answers: str) -> str:
            chosen = {item.id: a for item, a in zip(ITEMS, answers) if a}
            result = evaluate(chosen, settings)
            if participant:
                p = workshops.participant(participant.get("id", ""), participant.get("session_id", ""))
                if p is not None:
                    workshops.save_readiness(p, chosen)
            return readiness_html(result)

        readiness_btn.click(check_readiness, [participant_state, *readiness_radios], [readiness_out],
                            api_visibility="private")

        # --- workshop: participant ----------------------------------------------------------------------

        def join(code: str, company: str, intro: str, request: gr.Request) -> tuple:
            from .workshop import WorkshopError

            none = (gr.skip(),) * (5 + n_profile)
            try:
                host, headers = _client(request)
                guard.admit_join(host, headers)
                if intro and intro.strip():
                    intro = guard.admit(host, headers, intro)
                participant = workshops.join(code, company, intro or "")
            except (WorkshopError, UserFacingError, DatabaseError) as err:
                text = err.message if isinstance(err, UserFacingError) else \
                    err.user_message if isinstance(err, DatabaseError) else str(err)
                return (_err(text), gr.skip(), gr.skip(), *none, gr.skip(), gr.skip())
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

        join_btn.click(join, [join_code, join_company, join_intro],
                       [join_status, participant_state, tabs, *chat_outputs], api_visibility="private")

        # --- workshop: facilitator --------------------------------------------------------------------

        @_database_safe
        def board_html(state: dict) -> str:
            if not state:
                return ""
            ws = workshops.open_as_facilitator(state["code"], state["key"])
            return dashboard_html(workshops.dashboard(ws), state["key"])

        def create_workshop(token: str, ws_title: str) -> tuple:
            from .workshop import WorkshopError

            try:
                ws, key = workshops.create(token, ws_title)
            except WorkshopError as err:
                return _err(str(err)), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            except DatabaseError as err:
                return _err(err.user_message), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            state = {"code": ws.code, "key": key}
            note = (f"ワークショップ「{ws.title}」を作成しました。参加コード: {ws.code} ／ "
                    f"ファシリテーターキー: {key} （再び開くときに必要です。控えてください）")
            return _ok(note), state, board_html(state), ws.code, key, gr.Timer(active=True)

        fac_create.click(create_workshop, [fac_token, fac_title],
                         [fac_status, facilitator_state, dashboard, fac_code, fac_key, fac_timer],
                         api_visibility="private")

        def open_workshop(code: str, key: str) -> tuple:
            from .workshop import WorkshopError

            try:
                ws = workshops.open_as_facilitator(code, key)
            except WorkshopError as err:
                return _err(str(err)), gr.skip(), gr.skip(), gr.skip()
            except DatabaseError as err:
                return _err(err.user_message), gr.skip(), gr.skip(), gr.skip()
            state = {"code": ws.code, "key": key.strip()}
            return _ok(f"ワークショップ「{ws.title}」を開きました。"), state, board_html(state), gr.Timer(active=True)

        fac_open.click(open_workshop, [fac_code, fac_key], [fac_status, facilitator_state, dashboard, fac_timer],
                       api_visibility="private")
        fac_refresh.click(board_html, [facilitator_state], [dashboard], api_visibility="private")
        fac_timer.tick(board_html, [facilitator_state], [dashboard], api_visibility="private")

        # --- resume on page load ------------------------------------------------------------------------

        @_database_safe
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

        demo.load(restore, [sid_state, participant_state],
                  [chatbot, citations, cards, *profile_boxes, sid_state, ids_state, participant_state, join_status],
                  api_visibility="private")

        # --- API for integrators (gradio_client): same payload as POST /api/ask ------------------------

        @_database_safe
        def ask(question: str, session_id: str | None = None, request: gr.Request = None) -> dict:  # type: ignore[assignment]
            """Ask one question; returns {"answer", "citations", "session_id", ...} like POST /api/ask."""
            host, headers = _client(request)
            try:
                text = guard.admit(host, headers, question)
            except UserFacingError as err:
                raise gr.Error(err.message) from None
            return ask_payload(advisor, text, session_id or None)

        gr.api(ask, api_name="ask", concurrency_id="chat")

    return demo
