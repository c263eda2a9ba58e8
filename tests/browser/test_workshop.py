"""Workshop mode in real browsers: a facilitator and two participants on phones."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.browser_helpers import ANSWER_TIMEOUT_MS, publish_docs_screenshot, FACILITATOR_TOKEN, Visitor, open_tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COMPANIES = [
    ("山田精工", "熊本県の金属加工業で従業員45人です。検品を画像認識AIで自動化したい。人手不足が課題です。"),
    ("みどり食品", "福岡県の食品製造業、従業員12人。受発注を電話とFAXでしていて、デジタル化したい。"),
]


def _join(v: Visitor, code: str, company: str, intro: str) -> None:
    from playwright.sync_api import expect

    page = v.open()
    open_tab(page, "参加コード")
    page.get_by_label("参加コード").fill(code.lower())  # typed on a phone: case does not matter
    page.get_by_label("会社名（ニックネーム可）").fill(company)
    page.get_by_label(re.compile("会社の紹介")).fill(intro)
    page.get_by_role("button", name="参加する").click()
    expect(page.locator("#ax-join-status")).to_contain_text("参加しました", timeout=ANSWER_TIMEOUT_MS)


def test_workshop_facilitator_and_two_participants(browser: Any, server: Any, screenshots: Path) -> None:
    from playwright.sync_api import expect

    facilitator = Visitor(browser, server)
    phones = [Visitor(browser, server, mobile=True) for _ in COMPANIES]
    try:
        page = facilitator.open()
        open_tab(page, "運営者")
        # A wrong token is refused with a Japanese message.
        page.get_by_label("ファシリテーター用トークン").fill("wrong")
        page.get_by_role("button", name="作成する").click()
        expect(page.locator("#ax-fac-status")).to_contain_text("正しくありません")
        page.get_by_label("ファシリテーター用トークン").fill(FACILITATOR_TOKEN)
        page.get_by_label("ワークショップ名").fill("熊本AX勉強会")
        page.get_by_role("button", name="作成する").click()
        code_el = page.locator("#ax-join-code-show")
        expect(code_el).to_be_visible(timeout=30_000)
        code = code_el.inner_text().strip()
        assert re.fullmatch(r"[A-Z2-9]{8}", code)  # 40 bits

        for v, (company, intro) in zip(phones, COMPANIES):
            _join(v, code, company, intro)
        # The first participant gets an answer to the introduction and does the readiness check.
        p1 = phones[0].page
        expect(p1.locator("#ax-chatbot")).to_contain_text("45")
        p1.screenshot(path=str(screenshots / "workshop-participant-chat.png"), full_page=True)
        open_tab(p1, "準備度")
        radios = p1.locator("#ax-tab-readiness fieldset")
        for i in range(radios.count()):
            radios.nth(i).get_by_text("いいえ" if i % 2 else "はい", exact=True).click()
        p1.get_by_role("button", name="診断する").click()
        result = p1.locator("#ax-readiness-result")
        expect(result).to_contain_text("AX準備度")
        # A phone that reloads stays in the workshop with its own conversation.
        p1.reload(wait_until="load")
        expect(p1.locator("#ax-chatbot")).to_contain_text("金属加工", timeout=30_000)
        open_tab(p1, "参加コード")
        expect(p1.locator("#ax-join-status")).to_contain_text("山田精工")
        open_tab(p1, "準備度")
        for i in range(radios.count()):
            radios.nth(i).get_by_text("いいえ" if i % 2 else "はい", exact=True).click()
        p1.get_by_role("button", name="診断する").click()
        expect(result).to_contain_text("AX準備度")
        expect(result.locator(".ax-cite-meta").first).to_contain_text("出典")
        p1.screenshot(path=str(screenshots / "workshop-readiness.png"), full_page=True)

        # Participants never see each other's data.
        open_tab(phones[1].page, "相談する")
        body2 = phones[1].page.locator("body").inner_text()
        assert "山田精工" not in body2 and "金属加工" not in body2
        assert "みどり食品" not in p1.locator("body").inner_text()
        phones[1].page.screenshot(path=str(screenshots / "workshop-participant-2.png"), full_page=True)

        # Dashboard: both companies, their matched programs, common issues.
        page.get_by_role("button", name="ダッシュボードを更新").click()
        table = page.locator("#ax-participants")
        expect(table).to_contain_text("山田精工", timeout=30_000)
        expect(table).to_contain_text("みどり食品")
        expect(page.locator("#ax-participant-count")).to_contain_text("2社")
        assert page.locator("#ax-top-issues li").count() >= 1
        page.screenshot(path=str(screenshots / "workshop-dashboard.png"), full_page=True)
        publish_docs_screenshot(screenshots / "workshop-dashboard.png")

        # CSV export (downloaded through the link on the dashboard).
        with page.expect_download() as dl:
            page.locator("#ax-export-csv").click()
        raw = Path(dl.value.path()).read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(raw)))
        assert rows[0][0] == "会社名"
        assert {r[0] for r in rows[1:]} == {"山田精工", "みどり食品"}
        yamada = next(r for r in rows[1:] if r[0] == "山田精工")
        assert "45" in yamada[2] and yamada[5] != ""  # profile and readiness score

        # Printable handout and projector view (aggregates only, large type).
        key = page.locator("#ax-export-csv").get_attribute("href").split("key=")[1]
        handout = page.context.new_page()
        handout.goto(f"{server.url}/workshop/{code}/handout.html?key={key}")
        expect(handout.locator("h1")).to_contain_text("熊本AX勉強会")
        assert "出典" in handout.locator("body").inner_text()
        handout.screenshot(path=str(screenshots / "workshop-handout.png"), full_page=True)
        projector_href = page.locator("#ax-projector").get_attribute("href")
        assert key not in projector_href  # the room's screen gets its own read-only token
        handout.goto(f"{server.url}/{projector_href}")
        expect(handout.locator("#join-code")).to_have_text(code)
        expect(handout.locator("#participant-count")).to_have_text("2社")
        projector_text = handout.locator("body").inner_text()
        assert "山田精工" not in projector_text and "みどり食品" not in projector_text
        handout.set_viewport_size({"width": 1280, "height": 720})
        handout.screenshot(path=str(screenshots / "workshop-projector.png"))

        # Without the facilitator key nothing is exported.
        denied = httpx.get(f"{server.url}/workshop/{code}/export.csv?key=nope")
        assert denied.status_code == 403 and "正しくありません" in denied.text
    finally:
        for v in [facilitator, *phones]:
            v.close()
    assert facilitator.external == [] and all(v.external == [] for v in phones)
