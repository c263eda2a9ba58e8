"""Hostile input against every public endpoint of a real ``advisor serve`` on 127.0.0.1.

The routes come from the server itself (/api/openapi.json for the FastAPI routes, /gradio_api/info
for the Gradio events), so a route added later is fuzzed too or fails the coverage test. For every
request, bounded in count and size: no status >= 500, no traceback, and a Japanese message on every
error; afterwards the store (every text column of every table of the server's SQLite file) holds no
raw personal data, and a session's history survives hostile and concurrent requests intact.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from advisor.config import Settings
from advisor.text import nfkc
from tests.live_server import LiveServer, copy_index

TOKEN = "hostile-facilitator-token"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
PII = {
    "090-1234-5678": "phone", "(03)1234-5678": "phone", "taro@example.com": "email",
    "4111 1111 1111 1111": "card", "1234 5678 9012": "my number", "123456789012": "my number",
    "山田太郎": "name",
}
PII_TEXT = "担当は山田太郎さん（090-1234-5678、taro@example.com）。個人番号123456789012、カード4111 1111 1111 1111。"
ODD = ["\ud800", "\udfff", "\x00", "\x1b[2J", "\u202e", "\u200b", "\ufeff", "\r\n", "<script>alert(1)</script>",
       "{{7*7}}", "'; DROP TABLE messages; --", "../../etc/passwd", "%00", "補助金", "", " ", "😀" * 3]


@pytest.fixture(scope="module")
def server(built_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("hostile")
    data = copy_index(built_settings.data_dir, root / "data")
    env = {
        "ADVISOR_FACILITATOR_TOKEN": TOKEN,
        "ADVISOR_ADMIN_TOKEN": TOKEN,
        "ADVISOR_RATE_LIMIT_PER_MINUTE": "10000",  # the fuzz is one client; budgets have their own tests
        "ADVISOR_MAX_MESSAGE_CHARS": "400",
    }
    with LiveServer(data, built_settings.corpus_dir, root / "server.log", env) as live:
        yield live


# --- what a response may be -------------------------------------------------------------------------


def message_of(r: httpx.Response) -> str:
    if r.headers.get("content-type", "").startswith("application/json"):
        body = r.json()
        return str(body.get("message") or body.get("detail") or "") if isinstance(body, dict) else ""
    return r.text


def assert_handled(r: httpx.Response, what: str) -> None:
    assert r.status_code < 500, (what, r.status_code, r.text[:300])
    assert "Traceback" not in r.text, what
    if r.status_code >= 400:
        assert JAPANESE.search(message_of(r)), (what, r.status_code, r.text[:300])


def stored_text(server: LiveServer) -> str:
    """Every text value of every table of the server's database."""
    out: list[str] = []
    with sqlite3.connect(server.data_dir / "advisor.sqlite3") as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"'):
                out.extend(v for v in row if isinstance(v, str))
    return "\n".join(out)


def history(server: LiveServer, sid: str) -> list[tuple[str, str]]:
    with sqlite3.connect(server.data_dir / "advisor.sqlite3") as con:
        return [(r[0], r[1]) for r in con.execute(
            "SELECT role, content FROM messages WHERE session_id = ? ORDER BY id", (sid,))]


def gradio_call(server: LiveServer, api_name: str, raw_data: bytes) -> tuple[httpx.Response, list[tuple[str, Any]]]:
    """One Gradio event over HTTP (POST /gradio_api/call/<name>, then its SSE stream)."""
    r = httpx.post(f"{server.url}/gradio_api/call/{api_name}", content=b'{"data":' + raw_data + b"}",
                   headers={"Content-Type": "application/json"}, timeout=60)
    if r.status_code != 200:
        return r, []
    stream = httpx.get(f"{server.url}/gradio_api/call/{api_name}/{r.json()['event_id']}", timeout=120)
    events: list[tuple[str, Any]] = []
    for block in stream.text.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.strip().splitlines() if ": " in line)
        if "event" in lines:
            events.append((lines["event"], json.loads(lines.get("data", "null"))))
    return r, events


# --- the routes ---------------------------------------------------------------------------------------

# Form fields each POST route reads (the rest of a hostile form is noise around them).
FORM_FIELDS = {
    "/series/create": ["token", "name", "region", "organiser", "dates"],
    "/series/join": ["mode", "code", "key", "name", "intro"],
    "/series/{series_id}/login": ["key"],
    "/series/me/readiness": ["vision", "owner", "data"],
    "/series/me/plan": ["round_1", "action_1", "owner_1"],
    "/series/me/checkin": ["done", "learned"],
    "/series/me/stage": ["stage"],
    "/series/me/evidence": ["kind", "figure", "words"],
    "/series/me/consent": ["quote", "case"],
    "/series/me/case": ["challenge", "approach", "result"],
    "/series/{series_id}/companies/{company_id}/confirm": ["round", "confirmed"],
    "/series/{series_id}/companies/{company_id}/plan": ["round_1", "action_1"],
    "/series/{series_id}/companies/{company_id}/remove": ["sure"],
    "/series/{series_id}/merge": ["keep", "drop"],
    "/series/{series_id}/rounds/open": [],
    "/series/{series_id}/rounds/{number}/close": [],
    "/series/{series_id}/rounds/{number}/reopen": [],
    "/api/ask": [],
    "/gradio_api/upload": ["files"],
}
GRADIO_EVENTS = {"chat", "draft", "ask"}

_text = st.one_of(st.sampled_from(ODD), st.sampled_from(list(PII)), st.text(max_size=30),
                  st.integers(300, 5000).map(lambda n: "あ" * n))
_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text,
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                     max_leaves=6)
_segment = st.one_of(st.sampled_from(["0", "-1", "99999999999999999999", "..", "%2e%2e", "a" * 300, "ＡＢＣ", "\x00", "x.y"]),
                     st.text(min_size=1, max_size=20))
_raw = st.sampled_from([b"", b"\xff\xfe\x00", b"not json", b"[1,2]", b'"text"', b"{" * 50, b'{"question": "\\ud800"}',
                        b"a=%ff%fe&b=\x00", b"\x00" * 64, b"x" * (1024 * 1024 + 1)])  # just over every body limit


def _fill(path: str, draw: Any) -> str:
    return re.sub(r"\{[^}]+\}", lambda _m: quote(draw(_segment), safe=""), path)


@st.composite
def requests(draw: Any, routes: list[tuple[str, str]]) -> dict[str, Any]:
    method, path = draw(st.sampled_from(routes))
    request: dict[str, Any] = {"method": method, "url": _fill(path, draw), "template": path}
    query = draw(st.dictionaries(st.sampled_from(["key", "token", "ok", "code", "number"]), _text, max_size=2))
    request["params"] = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in query.items()}
    request["cookies"] = draw(st.dictionaries(st.sampled_from(["ax_series_me", "ax_series_key"]),
                                              st.sampled_from(["", "x.y", "0.0", "a" * 200, "..", "%00"]), max_size=2))
    if method == "POST":
        origin = draw(st.sampled_from([None, None, "https://evil.example", "null"]))  # cross-site posts are refused
        kind = draw(st.sampled_from(["json", "form", "raw"]))
        if kind == "json":
            body = draw(st.dictionaries(st.sampled_from(["question", "session_id", *FORM_FIELDS.get(path, [])]), _json, max_size=4))
            request["content"] = json.dumps(body).encode()  # lone surrogates become \\ud800 escapes
            request["headers"] = {"Content-Type": "application/json"}
        elif kind == "form":
            fields = FORM_FIELDS.get(path, []) or ["x"]
            form = draw(st.dictionaries(st.sampled_from(fields), _text, max_size=len(fields)))
            request["content"] = "&".join(f"{quote(k)}={quote(v, safe='', errors='surrogatepass')}" for k, v in form.items()).encode()
            request["headers"] = {"Content-Type": "application/x-www-form-urlencoded"}
        else:
            request["content"] = draw(_raw)
            request["headers"] = {"Content-Type": draw(st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded"]))}
        if origin:
            request["headers"]["Origin"] = origin
    return request


def public_routes(server: LiveServer) -> list[tuple[str, str]]:
    r = httpx.get(f"{server.url}/api/openapi.json", timeout=30)
    assert r.status_code == 200, r.text[:300]
    # Gradio's upload route is not in the document; the server closes it, and it is probed too.
    return sorted({(method.upper(), path) for path, ops in r.json()["paths"].items() for method in ops}
                  | {("POST", "/gradio_api/upload")})


FUZZ = hsettings(max_examples=120, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def test_every_public_route_and_event_is_fuzzed(server: LiveServer) -> None:
    routes = public_routes(server)
    posts = {path for method, path in routes if method == "POST"}
    assert posts == set(FORM_FIELDS), "a POST route without its fields in FORM_FIELDS: add them"
    assert {p for _, p in routes} >= {"/api/ask", "/embed", "/healthz", "/workshop/{code}/export.csv", "/series/join"}
    info = httpx.get(f"{server.url}/gradio_api/info", timeout=30).json()
    named = {name.strip("/") for name in info["named_endpoints"]}
    assert named == GRADIO_EVENTS, named


# --- regressions found by the fuzz above (each failed before its fix) ------------------------------------


def test_the_openapi_document_is_served(server: LiveServer) -> None:
    """The workshop and admin routes' `-> Response` annotations named a class imported inside a
    function: building the document failed for every route (a 503 with a logged traceback)."""
    r = httpx.get(f"{server.url}/api/openapi.json", timeout=30)
    assert r.status_code == 200
    assert {"/workshop/{code}/export.csv", "/admin/sources.json", "/api/ask"} <= set(r.json()["paths"])


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/no/such/page", 404),  # Gradio's catch-all: {"detail": "Not Found"}
    ("GET", "/companies/0", 404),
    ("DELETE", "/api/ask", 404),  # another method: Gradio's catch-all again
    ("GET", "/series/abc/rounds/x/projector", 422),  # FastAPI's validation list for an int path parameter
])
def test_framework_errors_reach_the_visitor_in_japanese(server: LiveServer, method: str, path: str, status: int) -> None:
    r = httpx.request(method, f"{server.url}{path}", timeout=30)
    assert r.status_code == status
    body = r.json()
    assert JAPANESE.search(body["message"]) and body["error"], body
    assert "detail" in body  # the framework's own words stay for integrators
    assert "x-content-type-options" in r.headers and int(r.headers["content-length"]) == len(r.content)


def test_a_gradio_event_with_missing_inputs_gets_a_japanese_error(server: LiveServer) -> None:
    """Gradio's own input check failed in English with component reprs (`object at 0x…`)."""
    for event in sorted(GRADIO_EVENTS):
        _, events = gradio_call(server, event, b"[]")
        kind, data = events[-1]
        assert kind == "error" and JAPANESE.search(data["error"]) and "0x" not in data["error"], (event, data)


def test_every_route_answers_hostile_requests_without_a_server_error(server: LiveServer) -> None:
    routes = [r for r in public_routes(server) if r[1] != "/healthz"]  # /healthz takes no input

    @FUZZ
    @given(request=requests(routes))
    def probe(request: dict[str, Any]) -> None:
        with httpx.Client(base_url=server.url, cookies=request.pop("cookies"), timeout=60) as client:
            template = request.pop("template")
            r = client.request(**request)
        assert_handled(r, f"{request['method']} {template} ({request['url'][:80]})")

    probe()


_args = st.lists(_json, max_size=6)


@hsettings(max_examples=30, deadline=None, derandomize=True, database=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(event=st.sampled_from(sorted(GRADIO_EVENTS)), args=_args)
def test_gradio_events_answer_wrong_types_in_japanese(server: LiveServer, event: str, args: list[Any]) -> None:
    r, events = gradio_call(server, event, json.dumps(args).encode())
    assert r.status_code < 500, (event, r.status_code, r.text[:300])
    if r.status_code != 200:
        assert JAPANESE.search(message_of(r)), (event, args, r.status_code, r.text[:300])
        return
    assert events, (event, args)
    kind, data = events[-1]
    assert kind in ("complete", "error"), (event, args, events[-1:])
    if kind == "error":
        assert data and JAPANESE.search(str(data.get("error") if isinstance(data, dict) else data)), (event, args, data)


# --- a session under hostile and concurrent requests ---------------------------------------------------


def ask(server: LiveServer, body: Any = None, raw: bytes | None = None) -> httpx.Response:
    content = raw if raw is not None else json.dumps(body).encode()
    return httpx.post(f"{server.url}/api/ask", content=content, headers={"Content-Type": "application/json"}, timeout=120)


def test_a_session_survives_hostile_and_concurrent_requests_intact(server: LiveServer) -> None:
    first = ask(server, {"question": "ものづくり補助金の補助率は？"})
    assert first.status_code == 200
    sid = first.json()["session_id"]
    before = history(server, sid)
    assert [role for role, _ in before] == ["user", "assistant"]

    hostile = [
        {"question": "あ" * 401, "session_id": sid}, {"question": "", "session_id": sid},
        {"question": "\x00\x00", "session_id": sid}, {"question": ["補助金"], "session_id": sid},
        {"question": {"q": 1}, "session_id": sid}, {"question": 12, "session_id": sid},
        {"question": "補助金", "session_id": 12}, {"question": "補助金", "session_id": ["x"]},
        {"question": "補助金", "session_id": "../" + sid}, {"question": "補助金", "session_id": sid + "\x00"},
        {"session_id": sid},
    ]
    for body in hostile:
        r = ask(server, body)
        assert_handled(r, json.dumps(body)[:80])
        assert r.status_code != 200 or r.json().get("session_id") != sid, body
    assert_handled(ask(server, raw=b'{"question": "\\ud800", "session_id": "' + sid.encode() + b'"}'), "surrogate")
    assert history(server, sid) == before  # nothing refused was stored, nothing stored was lost

    unknown = ask(server, {"question": "IT導入補助金とは？", "session_id": "f" * 32})
    assert_handled(unknown, "unknown session id")
    assert history(server, sid) == before

    # Concurrent writes to one session: each accepted turn adds exactly its question and answer.
    questions = [f"質問{i}: 省力化投資補助金の対象経費は？" for i in range(6)]
    results: dict[str, httpx.Response] = {}

    def send(q: str) -> None:
        results[q] = ask(server, {"question": q, "session_id": sid})

    threads = [threading.Thread(target=send, args=(q,)) for q in questions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for q, r in results.items():
        assert_handled(r, q)
    accepted = [q for q, r in results.items() if r.status_code == 200]
    assert len(accepted) == len(questions), [r.status_code for r in results.values()]
    after = history(server, sid)
    assert after[: len(before)] == before
    added = after[len(before):]
    assert [role for role, _ in added] == ["user", "assistant"] * len(accepted)  # turns never interleave
    assert sorted(text for role, text in added if role == "user") == sorted(nfkc(q) for q in accepted)  # stored NFKC


# --- personal data: masked in what is stored and in what is shown ---------------------------------------


def test_personal_data_sent_to_every_storing_endpoint_is_masked_in_the_store_and_the_responses(server: LiveServer) -> None:
    shown: list[str] = []
    r = ask(server, {"question": PII_TEXT + "使える補助金は？"})
    assert r.status_code == 200
    sid = r.json()["session_id"]
    shown.append(r.text)
    _, events = gradio_call(server, "chat", json.dumps([PII_TEXT, [], sid, {}, {}]).encode())
    assert events and events[-1][0] == "complete", events[-1:]
    shown.append(json.dumps(events[-1][1], ensure_ascii=False))
    _, events = gradio_call(server, "draft", json.dumps(["ものづくり補助金", PII_TEXT, sid, {}]).encode())
    assert events and events[-1][0] == "complete", events[-1:]
    shown.append(json.dumps(events[-1][1], ensure_ascii=False))
    _, events = gradio_call(server, "ask", json.dumps([PII_TEXT, sid]).encode())
    shown.append(json.dumps(events[-1][1], ensure_ascii=False) if events else "")

    # A workshop series: a company joins with personal data in its name and introduction, then
    # writes it into every form of its page.
    with httpx.Client(base_url=server.url, timeout=60) as facilitator:
        created = facilitator.post("/series/create", data={"token": TOKEN, "name": "熊本AXゼミ", "region": "熊本県",
                                                            "organiser": "商工会", "dates": "2026-12-10"})
        assert created.status_code == 200, created.text[:300]
        series_id = re.search(r"/series/([0-9a-f]+)", created.text).group(1)  # type: ignore[union-attr]
        opened = facilitator.post(f"/series/{series_id}/rounds/open")
        assert opened.status_code in (200, 303), opened.text[:300]
        dashboard = facilitator.get(f"/series/{series_id}").text
    code = re.search(r"data-round='1'>([A-Z2-9]{8})<", dashboard)
    assert code, dashboard[:2000]
    with httpx.Client(base_url=server.url, timeout=60) as company:
        joined = company.post("/series/join", data={"mode": "new", "code": code.group(1), "name": "山田太郎商店 090-1234-5678",
                                                     "intro": PII_TEXT})
        assert joined.status_code in (200, 303), joined.text[:500]
        for path, form in (("/series/me/checkin", {"done": PII_TEXT, "learned": PII_TEXT}),
                           ("/series/me/case", {"challenge": PII_TEXT, "approach": PII_TEXT, "result": PII_TEXT}),
                           ("/series/me/evidence", {"kind": "time", "figure": "10", "words": PII_TEXT})):
            r = company.post(path, data=form)
            assert_handled(r, path)
        page = company.get("/series/me")
        assert page.status_code == 200
        shown.append(page.text)

    stored = stored_text(server)
    for placeholder in ("【電話番号】", "【メールアドレス】", "【個人番号】", "【カード番号】", "【氏名】"):
        assert placeholder in stored, placeholder  # the messages were stored, masked
    for raw, kind in PII.items():
        assert raw not in stored, f"raw {kind} stored: {raw}"
        for text in shown:
            assert raw not in text, f"raw {kind} shown: {raw}"
