"""Operator view of the source registry: /admin/sources (HTML) and /admin/sources.json.

The same rows as `advisor sources list --json` (every registered source, its round, 公募 status,
next deadline, last sync, last error), behind the facilitator token or the admin token
(``?key=…`` or header ``X-Admin-Key`` / ``X-Facilitator-Key``). With neither token configured
the view is off (404): there is no anonymous operator page.
"""

from __future__ import annotations

import hmac
from html import escape
from fastapi import FastAPI, Request
from fastapi.responses import Response  # module level: FastAPI resolves the routes' `-> Response` here

from advisor.config import Settings

from .service import Guard, UserFacingError

DENIED = "管理者キー（またはファシリテーターキー）が正しくありません。"
COLUMNS = (("id", "ID"), ("program", "制度"), ("kind", "種類"), ("round", "回"), ("status", "公募状況"),
           ("next_deadline", "次の締切"), ("last_sync", "最終同期"), ("last_error", "直近のエラー"))


def key_ok(settings: Settings, key: str) -> bool:
    tokens = [t for t in (settings.admin_token, settings.facilitator_token) if t]
    return bool(key) and any(hmac.compare_digest(key.encode(), t.encode()) for t in tokens)


def sources_html(rows: list[dict], today: str) -> str:
    head = "".join(f"<th>{escape(label)}</th>" for _, label in COLUMNS) + "<th>公式URL</th><th>sha256</th>"
    body = []
    for r in rows:
        cells = "".join(f"<td>{escape(str(r.get(key) or '-'))}</td>" for key, _ in COLUMNS)
        url = (f"<a href='{escape(r['url'])}' rel='noopener noreferrer'>{escape(r['url'])}</a>" if r["url"]
               else f"未登録（{escape(r.get('url_note') or '公式URL不明')}）")
        body.append(f"<tr data-status='{escape(r['status'])}'>{cells}<td>{url}</td><td><code>{escape(r['sha256'][:12] or '-')}</code></td></tr>")
    return (
        "<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'><title>公式資料の登録状況</title>"
        "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid #cbd5e1;"
        "padding:.3em .5em;font-size:.9rem}tr[data-status='締切済み'] td:nth-child(5){color:#9a3412}"
        "tr[data-status='公募中'] td:nth-child(5){color:#14532d;font-weight:600}</style></head><body>"
        f"<h1>公式資料の登録状況</h1><p>基準日: {escape(today)}（ADVISOR_TODAY）。更新は <code>advisor sources sync</code>。</p>"
        f"<table id='ax-admin-sources'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></body></html>"
    )


def register_admin_routes(app: FastAPI, settings: Settings, guard: "Guard | None" = None) -> None:
    """``guard``: wrong keys count toward the client's delay and lockout (the facilitator token
    opens these pages too, so they must not be a way around the workshop screens' gate)."""
    from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse

    from advisor.sources import list_sources

    private = {"Cache-Control": "no-store"}

    def rows_or_error(request: Request) -> list[dict] | Response:
        if not (settings.admin_token or settings.facilitator_token):
            return PlainTextResponse("管理画面は無効です（ADVISOR_ADMIN_TOKEN を設定してください）。", status_code=404)
        key = request.headers.get("x-admin-key") or request.headers.get("x-facilitator-key") or request.query_params.get("key", "")
        client = guard.client(request.client.host if request.client else None, request.headers) if guard else ""
        if guard is not None:
            try:
                guard.facilitator_gate.check(client)
            except UserFacingError as err:
                return PlainTextResponse(err.message, status_code=err.status, headers={**private, "Retry-After": str(err.retry_after)})
        if not key_ok(settings, key):
            if guard is not None:
                guard.facilitator_gate.failed(client)
            return PlainTextResponse(DENIED, status_code=403, headers=private)
        if guard is not None:
            guard.facilitator_gate.succeeded(client)
        try:
            return list_sources(settings)
        except (FileNotFoundError, ValueError) as exc:  # a broken registry is the operator's to fix
            return PlainTextResponse(f"registry unusable: {exc}", status_code=503, headers=private)

    @app.get("/admin/sources.json")
    def admin_sources_json(request: Request) -> Response:
        rows = rows_or_error(request)
        return rows if isinstance(rows, Response) else JSONResponse(rows, headers=private)

    @app.get("/admin/sources", response_class=HTMLResponse)
    def admin_sources(request: Request) -> Response:
        rows = rows_or_error(request)
        if isinstance(rows, Response):
            return rows
        return HTMLResponse(sources_html(rows, settings.today_date().isoformat()), headers=private)
