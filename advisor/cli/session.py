"""`advisor ask` (interactive or one question) and `advisor draft` on top of advisor.session."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from advisor.config import Settings
from advisor.types import Answer

_HELP = "コマンド: /profile（プロフィール表示） /match（制度の判定） /export（相談記録を表示） /quit（終了）"


def _print_answer(answer: Answer, out: TextIO) -> None:
    print(answer.text, file=out)
    if answer.citations:
        print("\n出典:", file=out)
        for i, c in enumerate(answer.citations, 1):
            passage = c.passage if len(c.passage) <= 120 else c.passage[:119] + "…"
            print(f"  [{i}] {c.title}（{c.issuer}、{c.date or '日付不明'}、{c.location_label}）", file=out)
            print(f"      「{passage}」", file=out)
    for warning in answer.warnings:
        print(f"※ {warning}", file=out)


def _advisor(settings: Settings):  # noqa: ANN202 - imported lazily: heavy
    from advisor.session import Advisor

    return Advisor(settings)


def _open_session(advisor, session_id: str | None, out: TextIO) -> str:  # noqa: ANN001
    if session_id and advisor.has_session(session_id):
        history = advisor.history(session_id)
        print(f"セッション {session_id} を再開します（これまでのメッセージ {len(history)} 件）。", file=out)
        lines = advisor.get_profile(session_id).summary_lines()
        if lines:
            print("把握している会社の情報: " + "、".join(lines), file=out)
        return session_id
    sid = advisor.new_session("owner", session_id=session_id)
    return sid


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    out = sys.stdout
    advisor = _advisor(settings)
    try:
        sid = _open_session(advisor, args.session, out if not args.json else sys.stderr)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.question:
        result = advisor.turn(sid, " ".join(args.question))
        if args.json:
            print(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            _print_turn(result, out)
            print(f"\n（セッションID: {sid}）", file=out)
        return 0

    print(f"地域AXアドバイザー — セッションID: {sid}（続きから再開: advisor ask --session {sid}）", file=out)
    print(_HELP, file=out)
    while True:
        try:
            line = input("\n質問> ")
        except EOFError:
            print(file=out)
            return 0
        line = line.strip()
        if not line:
            continue
        if line in ("/quit", "/exit", "exit", "quit"):
            return 0
        if line == "/profile":
            print("\n".join(advisor.get_profile(sid).summary_lines()) or "（まだ情報がありません）", file=out)
            continue
        if line == "/export":
            print(advisor.export_markdown(sid), file=out)
            continue
        if line == "/match":
            from advisor.chains.program_advice import advise_programs
            from advisor.programs import match_and_rank

            profile = advisor.get_profile(sid)
            _print_answer(advise_programs(profile, match_and_rank(profile, advisor.catalog)), out)
            continue
        for part in advisor.stream_turn(sid, line):
            if isinstance(part, str):
                print(part, end="", flush=True, file=out)
            else:
                print(file=out)
                _print_turn(part, out, text=False)


def _print_turn(result, out: TextIO, text: bool = True) -> None:  # noqa: ANN001
    # Which program a follow-up was taken to be about, as the web chat shows it (a wrong
    # carry-over must be visible); after a streamed answer it comes last.
    context = f"▶ {result.context_line}" if result.context_line else ""
    if text:
        if context:
            print(context, file=out)
        print(result.answer.text, file=out)
    elif context:
        print(context, file=out)
    answer = Answer("", result.answer.citations, result.answer.grounded, result.answer.warnings)
    if answer.citations or answer.warnings:
        _print_answer(answer, out)
    for notice in result.notices:
        if notice not in answer.warnings:
            print(f"※ {notice}", file=out)


def cmd_draft(args: argparse.Namespace, settings: Settings) -> int:
    from advisor.chains.drafting import UnknownProgram

    advisor = _advisor(settings)
    try:
        sid = _open_session(advisor, args.session, sys.stderr)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.text:
        result = advisor.turn(sid, args.text)  # builds the profile the same way the chat does
        if result.blocked:
            print(f"error: {result.answer.text}", file=sys.stderr)
            return 2
    if args.profile:
        import yaml

        data = yaml.safe_load(Path(args.profile).read_text(encoding="utf-8")) or {}
        parsed = advisor.update_profile(sid, data)
        for issue in parsed.issues:
            print(f"※ {issue.message}", file=sys.stderr)
    try:
        draft = advisor.draft(sid, args.program, args.notes or "")
    except UnknownProgram as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.docx:
        Path(args.docx).write_bytes(draft.to_docx())
        print(f"wrote {args.docx}", file=sys.stderr)
    if args.out:
        Path(args.out).write_text(draft.markdown, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    if args.json:
        print(json.dumps(draft.to_dict(), ensure_ascii=False))
    elif not args.out:
        print(draft.markdown)
    if draft.placeholders:
        print(f"【要記入】{len(draft.placeholders)}件: " + "、".join(draft.placeholders), file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ask", help="相談する（対話、または質問1件）")
    p.add_argument("question", nargs="*", help="質問（省略すると対話モード）")
    p.add_argument("--session", help="続きから再開するセッションID（なければその ID で新規作成）")
    p.add_argument("--json", action="store_true", help="1件の質問の結果を JSON で出力")
    p.set_defaults(handler=cmd_ask)

    p = subparsers.add_parser("draft", help="申請書のAX部分の下書きを作る")
    p.add_argument("--program", required=True, help="制度名（別名・ID も可）")
    p.add_argument("--text", help="会社の説明（自由文）")
    p.add_argument("--profile", help="プロフィール（JSON/YAML）")
    p.add_argument("--notes", help="取組のメモ（下書きに反映）")
    p.add_argument("--session", help="このセッションのプロフィールを使う")
    p.add_argument("--out", help="Markdown の保存先")
    p.add_argument("--docx", help=".docx の保存先")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_draft)
