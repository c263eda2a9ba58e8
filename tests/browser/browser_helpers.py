"""Shared by the browser tests: one visitor's browser context and the screens' constants."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from advisor.config import REPO_ROOT

FACILITATOR_TOKEN = "browser-test-facilitator"
DOCS_SHOTS = REPO_ROOT / "docs" / "screenshots"


def publish_docs_screenshot(shot: Path) -> None:
    """Copy a screenshot to docs/screenshots (the README's pictures) only when asked:
    `make screenshots`. A plain test run must not modify tracked files."""
    if os.environ.get("ADVISOR_UPDATE_DOCS_SCREENSHOTS") == "1":
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, DOCS_SHOTS / shot.name)
QUESTION_LABEL = "質問（Shift+Enterまたは「送信」ボタンで送信）"
ANSWER_TIMEOUT_MS = 90_000


class Visitor:
    """One person's browser (own context), recording every request that leaves the server."""

    def __init__(self, browser: Any, server: Any, mobile: bool = False) -> None:
        viewport = {"width": 390, "height": 844} if mobile else {"width": 1280, "height": 900}
        self.context = browser.new_context(viewport=viewport, accept_downloads=True, locale="ja-JP",
                                           is_mobile=mobile, has_touch=mobile)
        self.page = self.context.new_page()
        self.server = server
        self.external: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", self._on_request)
        self.page.on("dialog", self._on_dialog)

    def _on_request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.server.url) or url.startswith(("data:", "blob:", "about:"))):
            self.external.append(url)

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self) -> Any:
        self.page.goto(self.server.url + "/", wait_until="load")
        self.page.get_by_label(QUESTION_LABEL).wait_for(timeout=60_000)
        # Gradio mounts the example gallery's buttons before it fills in their text; wait until
        # every example shows its question, or checks on the page (accessible names) race the render.
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('.gallery-item')].every(el => el.innerText.trim())",
            timeout=30_000,
        )
        return self.page

    def ask(self, text: str) -> None:
        from playwright.sync_api import expect

        page = self.page
        page.get_by_label(QUESTION_LABEL).fill(text)
        page.get_by_role("button", name="送信", exact=True).click()
        expect(page.locator("#ax-status")).to_contain_text("回答しました", timeout=ANSWER_TIMEOUT_MS)

    def close(self) -> None:
        self.context.close()


def open_tab(page: Any, name: str) -> None:
    """Click a tab by its label, through Gradio's overflow menu ("More tabs") when it is folded."""
    tab = page.get_by_role("tab", name=name, exact=True)
    if tab.count() and tab.first.is_visible():
        tab.first.click()
        return
    page.get_by_role("button", name="More tabs").first.click()
    page.locator(".overflow-dropdown button", has_text=name).first.click()


UNLABELLED_JS = """
() => {
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const named = el => (el.getAttribute('aria-label') || '').trim() || (el.labels && el.labels.length)
    || el.getAttribute('aria-labelledby') || (el.getAttribute('title') || '').trim()
    || (el.tagName === 'BUTTON' && el.innerText.trim());
  return [...document.querySelectorAll('input:not([type=hidden]), textarea, select, button')]
    .filter(el => visible(el) && !named(el)).map(el => el.outerHTML.slice(0, 160));
}
"""
