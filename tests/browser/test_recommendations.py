"""Recommendations in the browser: the chat reply and the 制度 tab lead with at most three ranked
programs, each with one line of why; the other eligible programs sit behind a fold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_helpers import Visitor, open_tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ESTIMATING_SHOP = ("岐阜県で工務店をしています（建設業、従業員12人）。見積もり作成に毎日3時間かかっており、"
                   "AIで見積もりを作るソフトを導入したい。")


@pytest.fixture()
def visitor(browser: Any, server: Any):
    v = Visitor(browser, server)
    yield v
    v.close()


def test_top_three_recommendation_cards_and_the_fold(visitor: Visitor, screenshots: Path) -> None:
    from playwright.sync_api import expect

    page = visitor.open()
    visitor.ask(ESTIMATING_SHOP)
    # The reply names the IT-tool subsidy first, not the equipment one.
    bubble = page.locator("#ax-chatbot .message-row").last
    expect(bubble).to_contain_text("おすすめの制度")
    # The ranked lines render as an ordered list; its first item is the IT-tool subsidy.
    first = bubble.locator("ol > li").first
    expect(first).to_contain_text("デジタル化・AI導入補助金")
    assert bubble.locator("ol").first.locator("> li").count() == 3

    open_tab(page, "制度")
    recommended = page.locator("#ax-recommended article.ax-card")
    expect(recommended.first).to_be_visible()
    assert recommended.count() == 3
    top = page.locator("#ax-recommended article[data-recommended='1']")
    expect(top.locator("h4")).to_contain_text("デジタル化・AI導入補助金")
    expect(top.locator(".ax-why")).to_contain_text("「")  # the why-line quotes the documents
    # Its evidence opens on demand and names the document.
    top.locator(".ax-why details summary").click()
    expect(top.locator(".ax-why blockquote")).to_be_visible()

    # The other eligible programs are folded: present, hidden until the owner opens the fold.
    fold = page.locator("#ax-more-fits")
    expect(fold).to_be_visible()
    fold_summary = fold.locator("> summary")
    expect(fold_summary).to_contain_text("ほかに対象となりうる制度")
    others = fold.locator("article.ax-card")
    assert others.count() >= 1
    expect(others.first).to_be_hidden()
    assert page.locator("#ax-recommended article[data-recommended='0']").count() == 0
    fold_summary.click()
    expect(others.first).to_be_visible()
    page.screenshot(path=str(screenshots / "recommendations.png"), full_page=True)
    assert visitor.external == [], f"requests left the server: {visitor.external}"
