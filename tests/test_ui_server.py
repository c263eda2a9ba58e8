"""The web service's HTTP contract, in process (FastAPI TestClient) over a real index and SQLite:
embedding policy headers, branding, /api/ask limits, CORS, workshop store access rules."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from advisor.config import Settings
from tests.live_server import copy_index

ALLOWED = "https://www.pref.example.jp"


@pytest.fixture(scope="module")
def client(built_settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    from advisor.ui.server import create_app

    data = copy_index(built_settings.data_dir, tmp_path_factory.mktemp("ui-server") / "data")
    settings = Settings(
        data_dir=data, corpus_dir=built_settings.corpus_dir, rate_limit_per_minute=5, max_message_chars=200,
        facilitator_token="tok", embed_allowed_origins=[ALLOWED, "not an origin", "https://*.example.jp"],
        brand_prefecture="<b>架空県</b>", brand_primary_color="#ffff00",
    )
    app = create_app(settings)
    with TestClient(app) as c:
        c.app_state = app.state  # type: ignore[attr-defined]
        yield c


def test_embed_csp_lists_only_valid_allowed_origins(client: TestClient) -> None:
    r = client.get("/embed")
    csp = r.headers["content-security-policy"]
    assert f"frame-ancestors 'self' {ALLOWED}" in csp
    assert "*" not in csp and "not an origin" not in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "x-frame-options" not in r.headers
    # Branding is escaped; a colour too light for white text falls back to the readable default.
    assert "&lt;b&gt;架空県&lt;/b&gt;" in r.text and "<b>架空県" not in r.text
    assert "#1d4f91" in client.get("/embed/brand.css").text


def test_other_pages_cannot_be_framed(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.headers["content-security-policy"] == "frame-ancestors 'self'"
    assert r.headers["x-frame-options"] == "SAMEORIGIN"


def test_cors_only_for_allowed_origin(client: TestClient) -> None:
    ok = client.options("/api/ask", headers={"Origin": ALLOWED})
    assert ok.headers.get("access-control-allow-origin") == ALLOWED
    other = client.options("/api/ask", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_rate_limit_and_length_in_japanese(client: TestClient) -> None:
    headers = {"X-Forwarded-For": "1.2.3.4"}  # not a trusted proxy: ignored, the peer counts
    too_long = client.post("/api/ask", json={"question": "あ" * 201}, headers=headers)
    assert too_long.status_code == 413 and "200文字以内" in too_long.json()["message"]
    # The limit counts in fixed one-minute windows (shared by replicas through the database): when
    # the answers are slow, the six requests may straddle a window boundary, and the new window
    # admits five more. So: five answers, then a 429 within the next window's budget.
    codes: list[int] = []
    while len(codes) < 11 and 429 not in codes:
        codes.append(client.post("/api/ask", json={"question": "AXとは？"}, headers=headers).status_code)
    assert codes[:5] == [200] * 5 and codes[-1] == 429 and set(codes[:-1]) == {200}
    limited = client.post("/api/ask", json={"question": "AXとは？"})
    assert limited.status_code == 429
    assert "秒ほど待って" in limited.json()["message"] and int(limited.headers["retry-after"]) >= 1


def test_workshop_store_isolation_and_csv(client: TestClient) -> None:
    from advisor.ui.workshop import WorkshopError

    store = client.app_state.workshops  # type: ignore[attr-defined]
    with pytest.raises(WorkshopError):
        store.create("wrong", "x")
    ws, key = store.create("tok", "勉強会")
    a = store.join(ws.code.lower(), "=HYPERLINK(\"http://x\")")
    b = store.join(ws.code, "B社")
    # A participant is reachable only with both of its own secrets.
    assert store.participant(a.id, a.session_id) is not None
    assert store.participant(a.id, b.session_id) is None
    with pytest.raises(WorkshopError):
        store.open_as_facilitator(ws.code, "wrong-key")
    assert store.open_as_facilitator(ws.code, key).id == ws.id
    rows = list(csv.reader(io.StringIO(store.export_csv(ws).lstrip("\ufeff"))))
    assert {r[0] for r in rows[1:]} == {"'=HYPERLINK(\"http://x\")", "B社"}  # formula injection defused
    denied = client.get(f"/workshop/{ws.code}/export.csv")
    assert denied.status_code == 403
    ok = client.get(f"/workshop/{ws.code}/export.csv", headers={"X-Facilitator-Key": key})
    assert ok.status_code == 200 and ok.headers["cache-control"] == "no-store"
    handout = client.get(f"/workshop/{ws.code}/handout.md?key={key}").text
    assert "出典:" in handout and "B社" not in handout  # aggregates only
    store.set_closed(ws, True)
    with pytest.raises(WorkshopError):
        store.join(ws.code, "C社")


def test_admin_sources_view_is_mounted_behind_the_facilitator_token(client: TestClient) -> None:
    assert client.get("/admin/sources.json").status_code == 403
    rows = client.get("/admin/sources.json", headers={"X-Facilitator-Key": "tok"}).json()
    assert {r["id"] for r in rows} >= {"monozukuri-23-koubo", "jizokuka-17-koubo"}
    assert all(r["status"] in ("公募中", "締切済み", "予定", "不明") for r in rows)
