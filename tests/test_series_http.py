"""Workshop series over HTTP, in process (FastAPI TestClient) over a real index and SQLite:
who may see what, Japanese refusals, carry-over, and the reports' privacy."""

from __future__ import annotations

import io
import re
from typing import Iterator

import pytest
from fastapi.testclient import TestClient

from advisor.config import Settings
from tests.live_server import copy_index

TOKEN = "series-token"


@pytest.fixture(scope="module")
def app(built_settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    from advisor.ui.server import create_app

    data = copy_index(built_settings.data_dir, tmp_path_factory.mktemp("series-http") / "data")
    return create_app(Settings(data_dir=data, corpus_dir=built_settings.corpus_dir, facilitator_token=TOKEN,
                               rate_limit_per_minute=1000, workshop_joins_per_minute=25))


@pytest.fixture()
def browser_of(app) -> Iterator:
    clients: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(app)
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


def _create(fac: TestClient) -> str:
    r = fac.post("/series/create", data={"token": TOKEN, "name": "熊本AXゼミ", "region": "熊本県",
                                          "organiser": "商工会", "dates": "2026-12-01\n2027-01-15\n2027-02-20"})
    assert r.status_code == 200
    return re.search(r"/series/([0-9a-f]{16})", r.text).group(1)


def _round_code(fac: TestClient, series_id: str, number: int) -> str:
    return re.search(rf"data-round='{number}'>([A-Z2-9]{{8}})<", fac.get(f"/series/{series_id}").text).group(1)


def test_series_refusals_are_japanese_and_data_stays_private(browser_of) -> None:
    fac = browser_of()
    r = fac.post("/series/create", data={"token": "wrong", "name": "x"})
    assert r.status_code == 403 and "トークンが正しくありません" in r.text
    series_id = _create(fac)
    # Without the facilitator key (another browser) the dashboard is a login form, nothing more.
    stranger = browser_of()
    r = stranger.get(f"/series/{series_id}")
    assert "ファシリテーターキー" in r.text and "熊本AXゼミ" not in r.text
    assert "熊本AXゼミ" not in stranger.get(f"/series/{series_id}/recognition.html").text
    r = stranger.post(f"/series/{series_id}/rounds/open")
    assert r.status_code == 403

    fac.post(f"/series/{series_id}/rounds/open")
    code = _round_code(fac, series_id, 1)
    a, b = browser_of(), browser_of()
    r = a.post("/series/join", data={"mode": "new", "code": code.lower(), "name": "山田精工",
                                     "intro": "熊本県の金属加工業で従業員45人です。電話は090-1234-5678です。"})
    assert r.status_code == 200 and "山田精工" in r.text and "参加しました" in r.text
    key = re.search(r"id='ax-company-key'>([A-Z2-9]{5}-[A-Z2-9]{5})<", r.text).group(1)
    b.post("/series/join", data={"mode": "new", "code": code, "name": "みどり食品", "intro": ""})
    # Each company sees only itself.
    assert "山田精工" not in b.get("/series/me").text
    assert "090-1234-5678" not in a.get("/series/me").text

    # Empty name, unknown code, closed round: clear Japanese messages, nothing created.
    r = browser_of().post("/series/join", data={"mode": "new", "code": code, "name": " "})
    assert r.status_code == 400 and "会社名" in r.text
    r = browser_of().post("/series/join", data={"mode": "new", "code": "ZZZZZZZZ", "name": "x"})
    assert r.status_code == 400 and "参加コードが見つかりません" in r.text
    fac.post(f"/series/{series_id}/rounds/1/close")
    r = browser_of().post("/series/join", data={"mode": "new", "code": code, "name": "遅刻商店"})
    assert r.status_code == 400 and "第1回の受付は終了しました" in r.text
    assert "遅刻商店" not in fac.get(f"/series/{series_id}").text

    # A plan of two actions is refused; three are saved and come back in round 2 with the key.
    plan = {f"text_{i}": f"行動{i}" for i in (1, 2)} | {f"owner_{i}": "社長" for i in (1, 2, 3)} | {
        f"due_{i}": "2" for i in (1, 2, 3)} | {f"status_{i}": "未着手" for i in (1, 2, 3)}
    r = a.post("/series/me/plan", data=plan)
    assert r.status_code == 400 and "3〜5件" in r.text
    r = a.post("/series/me/plan", data=plan | {"text_3": "担当者を決める 連絡先 096-123-4567"})
    assert "行動計画を保存しました" in r.text and "096-123-4567" not in r.text
    fac.post(f"/series/{series_id}/rounds/open")
    code2 = _round_code(fac, series_id, 2)
    returning = browser_of()
    r = returning.post("/series/join", data={"mode": "return", "code": code2, "key": key.lower().replace("-", " ")})
    assert "おかえりなさい" in r.text and "山田精工" in r.text and "担当者を決める" in r.text
    assert f"id='ax-company-key'>{key}<" in r.text
    r = browser_of().post("/series/join", data={"mode": "return", "code": code2, "key": "ABCDE-FGHJK"})
    assert r.status_code == 400 and "会社キーが見つかりません" in r.text

    # Reports: for the facilitator only, .docx opens, no unconsented text.
    returning.post("/series/me/checkin", data={"done": "担当者を決めた", "learned": "秘密の学び"})
    docx_bytes = fac.get(f"/series/{series_id}/rounds/2/report.docx").content
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx_bytes)).paragraphs)
    assert "熊本AXゼミ 第2回 報告" in text and "参加企業数: 1社" in text
    assert "秘密の学び" not in text and "山田精工" not in text
    assert stranger.get(f"/series/{series_id}/rounds/2/report.docx").headers["content-type"].startswith("text/html")

    # The projector's own token opens the projector only: the room sees the code and aggregates,
    # and a company's words once it agrees to be quoted.
    projector_url = re.search(r"href='(/series/[0-9a-f]+/rounds/2/projector\?token=[0-9a-f]{32})'",
                              fac.get(f"/series/{series_id}").text).group(1)
    shown = stranger.get(projector_url)
    assert shown.status_code == 200 and code2 in shown.text and "1社" in shown.text
    assert "山田精工" not in shown.text and "秘密の学び" not in shown.text
    returning.post("/series/me/consent", data={"quote": "1"})
    assert "「秘密の学び」" in stranger.get(projector_url).text
    token = projector_url.rsplit("=", 1)[1]
    as_key = stranger.get(f"/series/{series_id}", headers={"X-Facilitator-Key": token})  # not a facilitator key
    assert "ファシリテーターキー" in as_key.text and "山田精工" not in as_key.text
    assert stranger.get(projector_url[:-4] + "0000").status_code == 403


def test_forms_posted_from_another_site_are_refused(browser_of) -> None:
    fac = browser_of()
    r = fac.post("/series/create", data={"token": TOKEN, "name": "x"}, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and "別のサイト" in r.text


def test_guessing_keys_is_throttled(browser_of) -> None:
    """Runs last in this module: it spends the client's join budget (25 a minute here)."""
    guesser = browser_of()
    statuses = [guesser.post("/series/join", data={"mode": "return", "code": "ZZZZZZZZ", "key": f"AAAAA-{i:05d}"})
                for i in range(30)]
    assert statuses[0].status_code == 400
    assert statuses[-1].status_code == 429 and "短い時間に集中しています" in statuses[-1].text
    r = guesser.post("/series/0000000000000000/login", data={"key": "guess"})
    assert r.status_code == 429
