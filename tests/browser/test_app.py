"""The owner chat, draft, XSS and embedding, driven in headless Chromium against `advisor serve`."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_helpers import ANSWER_TIMEOUT_MS, publish_docs_screenshot, QUESTION_LABEL, UNLABELLED_JS, Visitor, open_tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

@pytest.fixture()
def visitor(browser: Any, server: Any):
    v = Visitor(browser, server)
    yield v
    v.close()


def test_question_answered_with_visible_citation(visitor: Visitor, screenshots: Path) -> None:
    from playwright.sync_api import expect

    page = visitor.open()
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert page.evaluate(UNLABELLED_JS) == [], "every control needs an accessible name"
    # Example questions are offered on a first visit, and clicking one fills the input.
    page.get_by_text("中小企業省力化投資補助金の補助上限額と補助率を教えてください。").click()
    expect(page.get_by_label(QUESTION_LABEL)).to_have_value("中小企業省力化投資補助金の補助上限額と補助率を教えてください。")
    page.get_by_role("button", name="送信", exact=True).click()
    expect(page.locator("#ax-status")).to_contain_text("回答しました", timeout=ANSWER_TIMEOUT_MS)

    bubble = page.locator("#ax-chatbot .message-row").last
    expect(bubble).to_contain_text("出典")
    cites = page.locator("#ax-citations li.ax-cite")
    expect(cites.first).to_be_visible()
    first = cites.first.inner_text()
    assert "発行:" in first and "資料の日付:" in first and "位置:" in first
    assert len(cites.first.locator("blockquote").inner_text().strip()) > 20  # the quoted passage itself
    # The answer's [n] markers point into the citation list.
    assert re.search(r"\[\d\]", bubble.inner_text())

    assert bubble.locator("strong").count() >= 1  # bold next to Japanese punctuation still renders
    # The README's picture: the answer's beginning in view next to its citations.
    bubble.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(screenshots / "chat.png"), full_page=True)
    publish_docs_screenshot(screenshots / "chat.png")

    # Feedback goes to the database (the session layer's feedback table).
    page.get_by_text("この回答の評価・会話の保存").click()
    page.get_by_label("コメント（任意）").fill("分かりやすい")
    page.get_by_role("button", name="👍 役に立った").click()
    expect(page.locator("#ax-feedback-status")).to_contain_text("記録しました")
    # Conversation export.
    with page.expect_download() as dl:
        page.get_by_role("button", name="会話をMarkdownで保存").click()
        page.locator("#ax-export-file a").first.click()
    exported = Path(dl.value.path()).read_text(encoding="utf-8")
    assert "中小企業省力化投資補助金" in exported

    page.screenshot(path=str(screenshots / "chat-feedback-export.png"), full_page=True)
    assert visitor.external == [], f"requests left the server (fonts/CDN?): {visitor.external}"

    import sqlite3

    with sqlite3.connect(visitor.server.data_dir / "advisor.sqlite3") as con:
        rows = con.execute("SELECT rating, comment FROM feedback").fetchall()
    assert (1, "分かりやすい") in rows


def test_profile_from_conversation_and_program_cards(visitor: Visitor, screenshots: Path) -> None:
    from playwright.sync_api import expect

    page = visitor.open()
    visitor.ask("熊本県の食品製造業で、従業員は45人です。受発注の手作業をAIで省力化したいです。")
    cards = page.locator("#ax-cards-panel")
    open_tab(page, "制度")
    expect(cards.locator("article.ax-card").first).to_be_visible()
    assert cards.locator("article[data-status='fit']").count() >= 1
    page.screenshot(path=str(screenshots / "cards.png"), full_page=True)

    open_tab(page, "プロフィール")
    expect(page.get_by_role("textbox", name="従業員数", exact=True)).to_have_value(re.compile("45"))
    expect(page.get_by_role("textbox", name="所在地（都道府県）", exact=True)).to_have_value(re.compile("熊本"))
    expect(page.get_by_role("textbox", name="業種", exact=True)).to_have_value(re.compile("製造"))
    # Editing the panel re-runs matching on the stored profile.
    page.get_by_role("textbox", name="従業員数", exact=True).fill("2500人")
    page.get_by_role("button", name="プロフィールを更新").click()
    expect(page.locator("#ax-profile-status")).to_be_visible()
    expect(page.get_by_role("textbox", name="従業員数", exact=True)).to_have_value(re.compile("2,?500"), timeout=30_000)
    page.screenshot(path=str(screenshots / "profile.png"), full_page=True)

    # A reload (or a phone waking up) resumes the same conversation from the database.
    page.reload(wait_until="load")
    expect(page.locator("#ax-chatbot")).to_contain_text("受発注の手作業", timeout=30_000)
    open_tab(page, "プロフィール")
    expect(page.get_by_role("textbox", name="従業員数", exact=True)).to_have_value(re.compile("2,?500"))
    # "新しい相談を始める" forgets it (shared computers).
    open_tab(page, "相談する")
    page.get_by_role("button", name="新しい相談を始める").click()
    expect(page.locator("#ax-status")).to_contain_text("新しい相談を始めました")
    page.reload(wait_until="load")
    page.get_by_label(QUESTION_LABEL).wait_for()
    page.wait_for_timeout(1500)
    assert "受発注の手作業" not in page.locator("#ax-chatbot").inner_text()


def test_draft_downloaded_as_docx(visitor: Visitor, screenshots: Path) -> None:
    pytest.importorskip("advisor.chains.drafting", reason="drafting chain not available")
    import docx
    from playwright.sync_api import expect

    page = visitor.open()
    visitor.ask("熊本県の金属加工業、従業員30人です。検品工程にAIの画像検査を入れたいです。")
    open_tab(page, "下書き")
    page.get_by_label("取組のメモ（任意）").fill("検品工程に画像認識AIを導入し、目視検査の負担を減らしたい")
    page.get_by_role("button", name="下書きを作成").click()
    expect(page.locator("#ax-draft-status")).to_contain_text("下書きを作成しました", timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#ax-draft-preview")).to_contain_text("AX")
    assert page.locator("#ax-draft-preview del, #ax-draft-preview s").count() == 0  # "5万円~150万円" stays a range
    with page.expect_download() as dl:
        page.locator("#ax-draft-docx a").first.click()
    download = dl.value
    assert download.suggested_filename.endswith(".docx")
    document = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert len(text) > 100 and "AX" in text
    with page.expect_download() as dl_md:
        page.locator("#ax-draft-md a").first.click()
    assert dl_md.value.suggested_filename.endswith(".md")
    page.screenshot(path=str(screenshots / "draft.png"), full_page=True)


def test_markup_in_messages_is_inert(visitor: Visitor, screenshots: Path) -> None:
    from playwright.sync_api import expect

    page = visitor.open()
    payload = ('<script>window.__axPwned = 1; alert("xss")</script>'
               '<img src="x" onerror="window.__axPwned = 2; alert(\'xss\')"> 補助金について')
    page.get_by_label(QUESTION_LABEL).fill(payload)
    page.get_by_label(QUESTION_LABEL).press("Shift+Enter")  # keyboard only (plain Enter is a newline, safe with Japanese IME)
    expect(page.locator("#ax-status")).to_contain_text("回答しました", timeout=ANSWER_TIMEOUT_MS)
    chat = page.locator("#ax-chatbot")
    # Shown as text, not removed and not run.
    expect(chat).to_contain_text("<script>")
    expect(chat).to_contain_text("onerror")
    assert chat.locator("script").count() == 0
    assert chat.locator("img[onerror]").count() == 0
    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.__axPwned") == "undefined"
    assert visitor.dialogs == []
    page.screenshot(path=str(screenshots / "xss-inert.png"), full_page=True)


def _frame_page(browser: Any, server: Any, origin: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": 900, "height": 800}, locale="ja-JP")
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    page.goto(f"{origin}/", wait_until="load")
    return context, page, console


def test_embed_in_iframe_of_allowed_origin(browser: Any, server: Any, screenshots: Path) -> None:
    from playwright.sync_api import expect

    context, page, _ = _frame_page(browser, server, server.allowed_origin)
    try:
        frame = page.frame_locator("#ax-frame")
        expect(frame.locator("#ax-embed")).to_be_visible(timeout=30_000)
        expect(frame.locator("h1")).to_contain_text("テスト県")
        frame.get_by_label(re.compile("質問")).fill('デジタル化・AI導入補助金の補助率は？<img src=x onerror="alert(1)">')
        frame.get_by_role("button", name="送信").click()
        answer = frame.locator(".ax-assistant").first
        expect(answer).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
        expect(frame.locator(".ax-user").first).to_contain_text("<img")  # echoed as text
        assert frame.locator(".ax-user img").count() == 0
        answer.locator("summary").click()
        expect(answer.locator(".ax-cite").first).to_be_visible()
        # A follow-up carries the program over, and the widget says so, as the full chat does.
        frame.get_by_label(re.compile("質問")).fill("補助上限額は？")
        frame.get_by_role("button", name="送信").click()
        follow_up = frame.locator(".ax-assistant").nth(1)
        expect(follow_up).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
        expect(follow_up.locator(".ax-context")).to_contain_text(re.compile("▶ デジタル化・AI導入補助金.*についての質問として回答しています"))
        assert frame.locator(".ax-assistant").first.locator(".ax-context").count() == 0  # named: nothing carried
        page.screenshot(path=str(screenshots / "embed-allowed.png"), full_page=True)
    finally:
        context.close()


def test_embed_refused_for_other_origin(browser: Any, server: Any, screenshots: Path) -> None:
    import httpx

    # The policy is in the header...
    csp = httpx.get(f"{server.url}/embed").headers["content-security-policy"]
    assert f"frame-ancestors 'self' {server.allowed_origin}" in csp
    assert server.refused_origin not in csp
    assert "frame-ancestors 'self'" in httpx.get(f"{server.url}/").headers["content-security-policy"]
    # ...and the browser enforces it: the frame's document never loads.
    context, page, console = _frame_page(browser, server, server.refused_origin)
    try:
        page.wait_for_timeout(1500)
        frame = next(f for f in page.frames if f != page.main_frame)
        assert frame.locator("#ax-embed").count() == 0
        assert any("frame-ancestors" in line for line in console), console
        page.screenshot(path=str(screenshots / "embed-refused.png"), full_page=True)
    finally:
        context.close()


def test_message_too_long_is_refused_with_japanese_message(visitor: Visitor) -> None:
    from playwright.sync_api import expect

    page = visitor.open()
    page.get_by_label(QUESTION_LABEL).fill("あ" * 2100)
    page.get_by_role("button", name="送信", exact=True).click()
    expect(page.locator("#ax-status")).to_contain_text("メッセージが長すぎます", timeout=30_000)
