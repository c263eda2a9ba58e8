"""The operator's registry view (/admin/sources, /admin/sources.json): same rows as
`advisor sources list --json`, only with the admin or facilitator token, escaped HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from advisor.sources import list_sources, write_state
from advisor.ui.admin import register_admin_routes

from tests.conftest import make_settings


def _client(settings) -> TestClient:
    app = FastAPI()
    register_admin_routes(app, settings)
    return TestClient(app)


@pytest.fixture()
def settings(tmp_path: Path):
    registry = tmp_path / "registry.yaml"
    registry.write_text(yaml.safe_dump({"sources": [
        {"id": "m23", "program": "monodukuri", "kind": "公募要領", "round": "第23次", "title": "公募要領<script>",
         "issuer": "事務局", "url": "", "url_note": "公式URL不明", "period": {"start": "2026-02-06", "end": "2026-05-08T17:00"}},
        {"id": "faq", "program": "monodukuri", "kind": "FAQ", "title": "FAQ", "issuer": "事務局", "url": "https://example.jp/faq.pdf"},
    ]}, allow_unicode=True), encoding="utf-8")
    s = make_settings(tmp_path / "data", registry_file=registry, admin_token="adm", facilitator_token="fac", today="2026-04-01")
    write_state(s, {"faq": {"sha256": "ab" * 32, "synced_at": "2026-03-30T03:20:00Z", "path": "/x/faq.pdf"}})
    return s


def test_rows_need_a_token(settings) -> None:
    client = _client(settings)
    assert client.get("/admin/sources.json").status_code == 403
    assert client.get("/admin/sources.json?key=wrong").status_code == 403
    by_admin = client.get("/admin/sources.json", headers={"X-Admin-Key": "adm"})
    by_facilitator = client.get("/admin/sources.json?key=fac")
    assert by_admin.status_code == by_facilitator.status_code == 200
    assert by_admin.json() == list_sources(settings)
    assert by_admin.headers["cache-control"] == "no-store"
    rows = {r["id"]: r for r in by_admin.json()}
    assert rows["m23"]["status"] == "公募中" and rows["m23"]["next_deadline"] == "2026年5月8日17:00"
    assert rows["faq"]["last_sync"] == "2026-03-30T03:20:00Z" and rows["m23"]["last_sync"] == ""


def test_html_lists_every_source_escaped(settings) -> None:
    page = _client(settings).get("/admin/sources?key=adm")
    assert page.status_code == 200
    assert page.text.count("<tr data-status=") == 2
    assert "<tr data-status='公募中'>" in page.text and "第23次" in page.text
    assert "<script>" not in page.text  # titles are not in the table; nothing from the registry runs
    assert "未登録（公式URL不明）" in page.text and "2026-03-30T03:20:00Z" in page.text


def test_view_is_off_without_tokens(tmp_path: Path) -> None:
    client = _client(make_settings(tmp_path / "data"))
    assert client.get("/admin/sources?key=").status_code == 404
