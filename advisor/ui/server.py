"""FastAPI app: the Gradio UI at "/", the embed page, the JSON API, workshop exports, health.

``create_app(settings)`` is what ``advisor serve`` runs under uvicorn and what the browser tests
start. Routes defined here are registered before Gradio is mounted at "/" so that they win.

Security headers are set by a small ASGI middleware (not BaseHTTPMiddleware, which buffers and
breaks Gradio's streamed responses):
* /embed: a strict CSP whose ``frame-ancestors`` lists the configured prefectural origins;
* everything else: ``frame-ancestors 'self'`` plus X-Frame-Options, so that only /embed can be
  framed by other sites.
"""

from __future__ import annotations

import html
import json
import logging
import os
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from advisor.config import Settings, get_settings
from advisor.db import Database, DatabaseError

from .service import Guard, UserFacingError, ask_payload
from .theme import brand_primary, text_on

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
EMBED_PATHS = ("/embed",)


# --- embedding policy -------------------------------------------------------------------------


def normalise_origin(value: str) -> str | None:
    """``scheme://host[:port]`` or None: anything else (paths, wildcards, quotes) would either never
    match a browser's origin or widen the policy, so it is dropped with a warning."""
    value = value.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query or parts.fragment:
        return None
    if any(ch in value for ch in "*'\"; ,"):
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origins(settings: Settings) -> list[str]:
    out: list[str] = []
    for raw in settings.embed_allowed_origins:
        origin = normalise_origin(raw)
        if origin is None:
            log.warning("ignoring embed_allowed_origins entry %r: expected scheme://host[:port]", raw)
        elif origin not in out:
            out.append(origin)
    return out


def logo_source(settings: Settings) -> tuple[str, str | None]:
    """(URL to use in <img src>, origin to allow in img-src) for the brand logo, or ("", None).

    A local file is served by us (/embed/logo) so that nothing is fetched from elsewhere; an
    http(s) URL is the operator's explicit choice and its origin is added to the page's CSP.
    """
    value = settings.brand_logo_url.strip()
    if not value:
        return "", None
    if value.startswith(("http://", "https://")):
        origin = normalise_origin(f"{urlsplit(value).scheme}://{urlsplit(value).netloc}")
        return (value, origin) if origin else ("", None)
    if Path(value).is_file():
        return "embed/logo", None
    log.warning("brand_logo_url %r is neither an http(s) URL nor an existing file; no logo shown", value)
    return "", None


def embed_csp(settings: Settings) -> str:
    ancestors = " ".join(["'self'", *allowed_origins(settings)])
    _, logo_origin = logo_source(settings)
    img = " ".join(["'self'", "data:", *([logo_origin] if logo_origin else [])])
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
        f"form-action 'self'; frame-ancestors {ancestors}"
    )


class SecurityHeaders:
    """ASGI middleware adding the embedding policy and a few cheap hardening headers."""

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.embed_policy = embed_csp(settings).encode()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        is_embed = any(path == p or path.startswith(p + "/") for p in EMBED_PATHS)

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in
                           (b"content-security-policy", b"x-frame-options")]
                if is_embed:
                    headers.append((b"content-security-policy", self.embed_policy))
                else:
                    headers.append((b"content-security-policy", b"frame-ancestors 'self'"))
                    headers.append((b"x-frame-options", b"SAMEORIGIN"))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"strict-origin-when-cross-origin"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# --- embed page ---------------------------------------------------------------------------------


def embed_html(settings: Settings) -> str:
    e = html.escape
    prefecture = settings.brand_prefecture.strip()
    title = f"{prefecture} AX相談窓口" if prefecture else "地域AXアドバイザー"
    logo_url, _ = logo_source(settings)
    logo = f'<img src="{e(logo_url)}" alt="{e(prefecture or "ロゴ")}">' if logo_url else ""
    contact = settings.brand_contact.strip()
    contact_html = (
        f'<p class="ax-contact">個別のご相談は{e(contact)}へ。回答は公開資料からの引用で、最新の公募要領で確認してください。</p>'
        if contact else ""
    )
    return f"""<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<link rel="stylesheet" href="embed/static/embed.css">
<link rel="stylesheet" href="embed/brand.css">
</head>
<body>
<main id="ax-embed" data-max-chars="{settings.max_message_chars}">
  <header class="ax-head">{logo}<h1>{e(title)}</h1></header>
  <p class="ax-greeting">{e(settings.brand_greeting)}</p>
  <ol id="ax-log" aria-live="polite" aria-label="会話"></ol>
  <form id="ax-form">
    <label for="ax-input">質問（{settings.max_message_chars:,}文字まで）</label>
    <textarea id="ax-input" name="question" rows="2" placeholder="例: 従業員20人の製造業が使えるAI導入の補助金は？"></textarea>
    <button id="ax-send" type="submit">送信</button>
    <span id="ax-counter" class="ax-counter" aria-live="off"></span>
    <span id="ax-status" role="status"></span>
  </form>
  {contact_html}
</main>
<script src="embed/static/embed.js"></script>
</body>
</html>"""


def brand_css(settings: Settings) -> str:
    # Served as a stylesheet (not inline) so the embed CSP can forbid inline styles altogether.
    primary = brand_primary(settings)
    return f":root {{ --ax-primary: {primary}; --ax-on-primary: {text_on(primary)}; }}\n"


# --- app factory ----------------------------------------------------------------------------------


def _json_error(err: UserFacingError) -> JSONResponse:
    headers = {"Retry-After": str(err.retry_after)} if err.retry_after is not None else None
    return JSONResponse(err.to_dict(), status_code=err.status, headers=headers)


def _cors_headers(request: Request, origins: list[str]) -> dict[str, str]:
    """CORS for integrators calling /api/ask from an allowed site's own pages."""
    origin = request.headers.get("origin", "")
    if origin and origin.lower() in origins:
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
    return {}


def create_app(settings: Settings | None = None, advisor: Any = None) -> FastAPI:
    """The whole web service. ``advisor`` may be passed in to share one across apps (tests)."""
    settings = settings or get_settings()
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    from .app import build_blocks
    from .theme import JS_SET_LANG, build_theme, css_for
    from .workshop import WorkshopStore

    if advisor is None:
        from advisor.session import Advisor

        advisor = Advisor(settings)
    db = getattr(advisor, "db", None)
    guard = Guard.from_settings(settings, db if isinstance(db, Database) else None)
    limiters: list[anyio.CapacityLimiter] = []  # made on first use: a limiter needs the running loop
    workshops = WorkshopStore(settings, advisor)
    origins = allowed_origins(settings)
    started = time.time()

    app = FastAPI(title="地域AXアドバイザー", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.settings = settings
    app.state.advisor = advisor
    app.state.guard = guard
    app.state.workshops = workshops

    @app.exception_handler(DatabaseError)
    async def database_error(request: Request, exc: DatabaseError) -> JSONResponse:
        # The database is down or restarting: a Japanese sentence for the visitor, the precise
        # cause (URL without password, driver message) in the log for the operator. 503 so that
        # clients and proxies know to retry.
        log.error("%s %s: %s", request.method, request.url.path, exc)
        return JSONResponse({"error": "database_unavailable", "message": exc.user_message}, status_code=503,
                            headers={"Retry-After": "5", **_cors_headers(request, origins)})

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        """For load balancers: 200 when the index and the database answer, 503 otherwise."""
        checks: dict[str, Any] = {}
        ok = True
        try:
            checks["index"] = bool(advisor.ready()) if hasattr(advisor, "ready") else settings.index_dir.exists()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            checks["index"] = False
            checks["index_error"] = str(exc)
        ok = ok and bool(checks["index"])
        try:
            workshops.ping()
            checks["database"] = True
        except Exception as exc:  # noqa: BLE001
            checks["database"] = False
            checks["database_error"] = str(exc)
            ok = False
        body = {"status": "ok" if ok else "unavailable", "uptime_s": round(time.time() - started, 1), **checks}
        return JSONResponse(body, status_code=200 if ok else 503)

    @app.options("/api/ask")
    def ask_preflight(request: Request) -> Response:
        headers = _cors_headers(request, origins)
        if headers:
            headers |= {"Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type",
                        "Access-Control-Max-Age": "600"}
        return Response(status_code=204, headers=headers)

    @app.post("/api/ask")
    async def api_ask(request: Request) -> JSONResponse:
        cors = _cors_headers(request, origins)
        try:
            try:
                body = await request.json()
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise UserFacingError("JSON形式で {\"question\": \"…\"} を送ってください。", 400, "invalid_json")
            if not isinstance(body, dict):
                raise UserFacingError("JSON形式で {\"question\": \"…\"} を送ってください。", 400, "invalid_json")
            client = request.client.host if request.client else None
            question = guard.admit(client, request.headers, body.get("question"))
            session_id = body.get("session_id")
            if session_id is not None and not isinstance(session_id, str):
                raise UserFacingError("session_id は文字列で指定してください。", 422, "invalid_session_id")
        except UserFacingError as err:
            resp = _json_error(err)
            resp.headers.update(cors)
            return resp
        # The advisor is synchronous (retrieval, SQLite); run it off the event loop, in at most
        # ui_concurrency threads: more threads than that only queue on the CPUs, and every thread that
        # touches torch/numpy grows the process by its own buffers and malloc arena.
        if not limiters:
            limiters.append(anyio.CapacityLimiter(max(1, settings.ui_concurrency)))
        payload = await anyio.to_thread.run_sync(ask_payload, advisor, question, session_id, limiter=limiters[0])
        return JSONResponse(payload, headers=cors)

    # --- embed ---------------------------------------------------------------------------------
    embed_page = embed_html(settings)
    embed_brand = brand_css(settings)

    @app.get("/embed", response_class=HTMLResponse)
    def embed() -> HTMLResponse:
        return HTMLResponse(embed_page, headers={"Cache-Control": "no-cache"})

    @app.get("/embed/brand.css")
    def embed_brand_css() -> Response:
        return Response(embed_brand, media_type="text/css")

    @app.get("/embed/logo")
    def embed_logo() -> Response:
        path = Path(settings.brand_logo_url)
        if not settings.brand_logo_url or not path.is_file():
            return PlainTextResponse("ロゴは設定されていません。", status_code=404)
        return FileResponse(path)

    app.mount("/embed/static", StaticFiles(directory=STATIC_DIR), name="embed-static")

    # --- workshops (facilitator exports and projector; key-protected) ---------------------------
    from .workshop import register_routes

    register_routes(app, workshops, settings)
    from .admin import register_admin_routes  # /admin/sources: the source registry (issue 12)

    register_admin_routes(app, settings)
    from .series_ui import register_series_routes  # workshop series: /series (facilitators and companies)

    register_series_routes(app, advisor, settings)

    # --- Gradio at "/" -------------------------------------------------------------------------
    blocks = build_blocks(settings, advisor, guard, workshops)
    blocks.queue(default_concurrency_limit=max(1, settings.ui_concurrency))
    gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        theme=build_theme(settings),
        css=css_for(settings),
        js=JS_SET_LANG,
        footer_links=["api"],
        ssr_mode=False,  # SSR needs a Node server; the SPA needs nothing beyond this process
        show_error=True,
        enable_monitoring=False,
        mcp_server=False,
        pwa=False,
    )
    app.add_middleware(SecurityHeaders, settings=settings)
    return app
