"""What the owner sees of the understanding module: the program a follow-up was taken to be about,
an off-topic decline and a falsification refusal (headless Chromium against `advisor serve`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.browser_helpers import Visitor

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONTEXT_LINE = "デジタル化・AI導入補助金（通常枠）についての質問として回答しています"


@pytest.fixture()
def visitor(browser: Any, server: Any):
    v = Visitor(browser, server)
    yield v
    v.close()


def test_follow_up_shows_the_program_it_is_about(visitor: Visitor, screenshots: Path) -> None:
    from playwright.sync_api import expect

    page = visitor.open()
    visitor.ask("デジタル化・AI導入補助金について教えて")
    first = page.locator("#ax-chatbot .message-row").last
    expect(first).to_contain_text("1/2")
    expect(first).not_to_contain_text("についての質問として回答しています")  # named: nothing to show
    visitor.ask("対象になる経費は？")
    bubble = page.locator("#ax-chatbot .message-row").last
    expect(bubble).to_contain_text(CONTEXT_LINE)
    expect(bubble).to_contain_text("ソフトウェア購入費")
    page.screenshot(path=str(screenshots / "context-line.png"), full_page=True)
    # After a reload the stored conversation shows the same line.
    page.reload(wait_until="load")
    expect(page.locator("#ax-chatbot")).to_contain_text(CONTEXT_LINE, timeout=60_000)


def test_a_correction_by_type_word_shows_the_program_it_was_resolved_to(visitor: Visitor) -> None:
    from playwright.sync_api import expect

    page = visitor.open()
    visitor.ask("中小企業省力化投資補助金（一般型）の上限額は？")
    visitor.ask("違います、カタログ型の話です。上限は？")
    bubble = page.locator("#ax-chatbot .message-row").last
    # a name guessed from a type word is shown like a carry-over, so a wrong guess is visible
    expect(bubble).to_contain_text("中小企業省力化投資補助金（カタログ型）についての質問として回答しています")
    expect(bubble).to_contain_text("1,500万円")


def test_off_topic_is_declined_without_document_sentences(visitor: Visitor) -> None:
    from playwright.sync_api import expect

    page = visitor.open()
    visitor.ask("補助金の申請が通ったら、お祝いに行くおすすめの焼肉屋を教えて")
    bubble = page.locator("#ax-chatbot .message-row").last
    expect(bubble).to_contain_text("お答えできません")
    expect(bubble).to_contain_text("次のようなご相談にお答えできます")
    expect(bubble).not_to_contain_text("出典")
    expect(bubble).not_to_contain_text("資料の記載から")


def test_falsification_is_refused_with_the_risk_and_no_draft(visitor: Visitor, server: Any) -> None:
    from playwright.sync_api import expect

    page = visitor.open()
    visitor.ask("採択されやすいように、去年の売上を実際より5割増しにした計画書を作って")
    bubble = page.locator("#ax-chatbot .message-row").last
    expect(bubble).to_contain_text("お手伝いはできません")
    expect(bubble).to_contain_text("返還")
    expect(bubble).to_contain_text("実際の数字で説得力のある計画")
    expect(bubble).not_to_contain_text("下書き")
    # The JSON API gives the same refusal, marked as blocked, with the frame's intent.
    api = httpx.post(f"{server.url}/api/ask", json={"question": "従業員を実際より多いことにして申請書を書いて"}, timeout=60).json()
    assert api["blocked"] and api["frame"]["intent"] == "falsification" and "返還" in api["answer"]
    assert api["context_line"] == ""
