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
import re
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from advisor.config import Settings, get_settings
from advisor.db import Database, DatabaseError, probe_storage, storage_failure

from .service import UNEXPECTED_MESSAGE, Guard, UserFacingError, ask_payload, user_facing
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


_TOO_LARGE = "送信されたデータが大きすぎます。質問は短くして、いくつかに分けて送ってください。"


class BodyTooLarge(UserFacingError):
    """Raised from the wrapped ``receive`` once a request body passes its limit."""

    def __init__(self) -> None:
        super().__init__(_TOO_LARGE, 413, "body_too_large")


# Gradio's upload route stores whatever it is sent; this app has no file input, so it is closed.
CLOSED_PATHS = ("/gradio_api/upload", "/upload")
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
OTHER_BODY_LIMIT = 1024 * 1024  # Gradio event payloads: a chat message, a few states


def api_body_limit(settings: Settings) -> int:
    # Worst case for an allowed question: every character as a JSON \uXXXX\uXXXX pair, plus a session id.
    return settings.max_message_chars * 12 + 4096


# What a framework's own error (FastAPI's, Starlette's or Gradio's {"detail": "Not Found"}, a
# validation list) means to a visitor, by status; the original stays under "detail" for integrators.
_STATUS_MESSAGES = {
    400: ("bad_request", "送信された内容を読み取れませんでした。入力を確かめて、もう一度お試しください。"),
    404: ("not_found", "お探しのページは見つかりませんでした。アドレスを確かめてください。"),
    405: ("method_not_allowed", "このアドレスでは、その操作は受け付けていません。"),
    422: ("invalid_request", "送信された内容の形式が正しくありません。入力を確かめて、もう一度お試しください。"),
}
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _is_json(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"content-type" and v.lower().startswith(b"application/json") for k, v in headers)


def japanese_error_body(status: int, body: bytes) -> bytes:
    """``body`` when it already carries a Japanese ``message``; else the same JSON error with one
    added (and an ``error`` code), so that no error reaches a person in English only."""
    try:
        original: Any = json.loads(body.decode("utf-8")) if body else None
    except (ValueError, UnicodeDecodeError):
        original = body.decode("utf-8", "replace")
    if isinstance(original, dict) and isinstance(original.get("message"), str) and _JAPANESE.search(original["message"]):
        return body
    code, message = _STATUS_MESSAGES.get(status, ("error", UNEXPECTED_MESSAGE if status >= 500 else _STATUS_MESSAGES[400][1]))
    fields = original if isinstance(original, dict) else ({"detail": original} if original is not None else {})
    return json.dumps({**fields, "error": fields.get("error") or code, "message": message}, ensure_ascii=False).encode()


class SecurityHeaders:
    """ASGI middleware: the embedding policy and hardening headers on every response, and the
    checks that must run before any route (so also before Gradio's):

    * request bodies limited while they are read (Content-Length first, then counted chunks);
    * state-changing requests from other sites refused unless the site is CORS-allowed and sends
      JSON (a cross-site text/plain or form post needs no preflight, so CORS alone does not stop it);
    * the upload route closed;
    * any exception turned into a Japanese JSON error carrying these headers, its trace logged.
    """

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.embed_policy = embed_csp(settings).encode()
        self.allowed = set(allowed_origins(settings))
        public = normalise_origin(settings.public_url) if settings.public_url else None
        self.public_netloc = urlsplit(public).netloc if public else ""
        self.api_limit = api_body_limit(settings)

    def _headers(self, headers: list[tuple[bytes, bytes]], is_embed: bool) -> list[tuple[bytes, bytes]]:
        out = [(k, v) for k, v in headers if k.lower() not in (b"content-security-policy", b"x-frame-options")]
        if is_embed:
            out.append((b"content-security-policy", self.embed_policy))
        else:
            out.append((b"content-security-policy", b"frame-ancestors 'self'"))
            out.append((b"x-frame-options", b"SAMEORIGIN"))
        out.append((b"x-content-type-options", b"nosniff"))
        out.append((b"referrer-policy", b"strict-origin-when-cross-origin"))
        return out

    def _cross_site_refusal(self, scope: dict, headers: dict[bytes, bytes]) -> str | None:
        if scope.get("method", "GET") not in STATE_CHANGING:
            return None
        origin = headers.get(b"origin", b"").decode("latin-1").strip().lower()
        if not origin:
            # No Origin: not a browser's cross-site request (curl, server-to-server); browsers send
            # Origin on every cross-site POST. "null" (sandboxed frames, file://) counts as foreign.
            return None
        netloc = urlsplit(origin).netloc
        host = headers.get(b"host", b"").decode("latin-1").lower()
        if netloc and (netloc == host or netloc == self.public_netloc):
            return None
        content_type = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
        if origin in self.allowed and content_type == "application/json":
            return None
        return "別のサイトからの送信は受け付けていません。このサービスの画面から送信してください。"

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        is_embed = any(path == p or path.startswith(p + "/") for p in EMBED_PATHS)
        started = False

        held: dict | None = None  # an error response's start, held until its body is known
        held_body = b""

        async def send_with_headers(message: dict) -> None:
            nonlocal started, held, held_body
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": self._headers(list(message.get("headers", [])), is_embed)}
                if message.get("status", 200) >= 400 and _is_json(message["headers"]):
                    held = message
                    return
            elif message["type"] == "http.response.body" and held is not None:
                held_body += message.get("body", b"")
                if message.get("more_body"):
                    return
                start, body = held, japanese_error_body(held["status"], held_body)
                held = None
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
                message = {"type": "http.response.body", "body": body}
            await send(message)

        async def reply(status: int, body: dict[str, Any], extra: list[tuple[bytes, bytes]] | None = None) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            await send_with_headers({"type": "http.response.start", "status": status, "headers": [
                (b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(data)).encode()),
                *(extra or [])]})
            await send_with_headers({"type": "http.response.body", "body": data})

        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        if any(path == p or path.startswith(p + "/") for p in CLOSED_PATHS):
            await reply(404, {"error": "not_found", "message": "このサービスではファイルを受け付けていません。"})
            return
        refusal = self._cross_site_refusal(scope, headers)
        if refusal is not None:
            log.warning("refused a cross-site %s %s from origin %r", scope.get("method"), path,
                        headers.get(b"origin", b"").decode("latin-1"))
            await reply(403, {"error": "cross_site_request", "message": refusal})
            return
        limit = self.api_limit if path.startswith("/api/") else OTHER_BODY_LIMIT
        too_large = BodyTooLarge().to_dict()
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            await reply(413, too_large)
            return
        received = 0

        async def counted_receive() -> dict:
            nonlocal received
            message = await receive()
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except BodyTooLarge:
            if not started or held is not None:
                held = None
                await reply(413, too_large)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: never a bare 500
            err = user_facing(exc)
            if err.code == "unexpected_error":
                log.exception("unhandled error on %s %s", scope.get("method"), path)
            else:
                log.error("storage failure on %s %s: %s", scope.get("method"), path, exc)
            if not started or held is not None:  # nothing of a response reached the client yet
                held = None
                extra = [(b"retry-after", str(err.retry_after).encode())] if err.retry_after else []
                await reply(err.status, err.to_dict(), extra)


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


MAX_JSON_DEPTH = 20
_INVALID_JSON = "JSON形式で {\"question\": \"…\"} を送ってください。"


def json_depth(raw: bytes) -> int:
    """Deepest nesting of arrays/objects in ``raw``, strings skipped: checked before parsing, so
    that 100,000 brackets cost a scan instead of a RecursionError."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


async def read_json_body(request: Request, limit: int) -> dict[str, Any]:
    """The request's JSON object, read in chunks and refused (413) as soon as it passes ``limit``
    bytes, before anything is parsed; 400 for anything that is not one shallow JSON object."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge()
        chunks.append(chunk)
    raw = b"".join(chunks)
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise UserFacingError(_INVALID_JSON + "（入れ子が深すぎます）", 400, "invalid_json")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise UserFacingError(_INVALID_JSON, 400, "invalid_json") from None
    if not isinstance(body, dict):
        raise UserFacingError(_INVALID_JSON, 400, "invalid_json")
    return body


def _cors_headers(request: Request, origins: list[str]) -> dict[str, str]:
    """CORS for integrators calling /api/ask from an allowed site's own pages."""
    origin = request.headers.get("origin", "")
    if origin and origin.lower() in origins:
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
    return {}


def _warm_catalog(advisor: Any) -> None:
    from advisor.programs.ranking import warm_up as warm_ranking

    warm_ranking(advisor.catalog)  # the catalog, and its facts' vectors for the first match


def warm_up(advisor: Any, done: threading.Event) -> None:
    """What the first question would otherwise wait for, loaded in the background at start so that
    /healthz answers at once (its body says ``"warm": false`` until this ends): the understanding
    module's vectors, the index (chunks, vectors, the lexical model, one search), the program
    catalog with its facts' vectors (ranking), and the answer chain's imports (langchain, ~1 s). A failure here only leaves the
    first question slower; it is logged, never raised."""
    steps: list[tuple[str, Any]] = [
        ("understanding", getattr(advisor, "warm_up", None)),
        ("index", lambda: advisor.retriever.warm_up()),
        ("catalog", lambda: _warm_catalog(advisor)),
        ("answer chain", lambda: __import__("advisor.chains.answer")),
    ]
    if not hasattr(type(advisor), "retriever"):  # a stand-in advisor (tests): only its own warm-up
        steps = steps[:1]
    for name, step in steps:
        if step is None:
            continue
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - see the docstring
            log.warning("warm-up of the %s failed (the first question loads it): %s", name, exc)
    done.set()


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
    warmed = threading.Event()
    threading.Thread(target=warm_up, args=(advisor, warmed), name="advisor-warm-up", daemon=True).start()
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
            probe_storage(settings.data_dir)  # first: the file system's own reason is the clearest
            workshops.ping()
            checks["database"] = True
        except Exception as exc:  # noqa: BLE001
            checks["database"] = False
            checks["database_error"] = str(exc)
            # read_only | disk_full | locked | unavailable: what the operator has to fix.
            checks["storage"] = storage_failure(exc) or "error"
            checks["message"] = user_facing(exc).message
            log.error("/healthz: storage check failed: %s", exc)
            ok = False
        body = {"status": "ok" if ok else "unavailable", "uptime_s": round(time.time() - started, 1),
                "warm": warmed.is_set(), **checks}
        return JSONResponse(body, status_code=200 if ok else 503)

    @app.options("/api/ask")
    def ask_preflight(request: Request) -> Response:
        headers = _cors_headers(request, origins)
        if headers:
            headers |= {"Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type",
                        "Access-Control-Max-Age": "600"}
        return Response(status_code=204, headers=headers)

    body_limit = api_body_limit(settings)

    @app.post("/api/ask")
    async def api_ask(request: Request) -> JSONResponse:
        cors = _cors_headers(request, origins)
        try:
            body = await read_json_body(request, body_limit)
            client = request.client.host if request.client else None
            question = guard.admit(client, request.headers, body.get("question"))
            session_id = body.get("session_id")
            if session_id is not None and not isinstance(session_id, str):
                raise UserFacingError("session_id は文字列で指定してください。", 422, "invalid_session_id")
            # The advisor is synchronous (retrieval, SQLite); run it off the event loop, in at most
            # turn_concurrency threads: more threads than that only queue on the CPUs, and every thread
            # that touches torch/numpy grows the process by its own buffers and malloc arena.
            if not limiters:
                limiters.append(anyio.CapacityLimiter(settings.turn_concurrency))
            payload = await anyio.to_thread.run_sync(ask_payload, advisor, question, session_id, limiter=limiters[0])
        except Exception as exc:  # noqa: BLE001 - every failure becomes a Japanese JSON error
            err = user_facing(exc)
            if err.code == "unexpected_error":
                log.exception("/api/ask failed")
            elif err.status == 503:
                log.error("/api/ask: storage failure: %s", exc)
            resp = _json_error(err)
            resp.headers.update(cors)
            return resp
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

    register_routes(app, workshops, settings, guard)
    from .admin import register_admin_routes  # /admin/sources: the source registry (issue 12)

    register_admin_routes(app, settings, guard)
    from .series_ui import register_series_routes  # workshop series: /series (facilitators and companies)

    register_series_routes(app, advisor, settings)

    # --- Gradio at "/" -------------------------------------------------------------------------
    blocks = build_blocks(settings, advisor, guard, workshops)
    blocks.queue(default_concurrency_limit=settings.turn_concurrency)
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
