"""A workshop series over three rounds in real browsers against the real server.

Round 1: 山田精工 and みどり食品 join. Round 2: 山田精工 returns with its company key (from another
device), 西部運輸 joins for the first time. Round 3: both round-1 companies return. The action
plan carries over, readiness is kept per round, the ranking follows its stated criteria, the
recognition sheet and the round report contain no unconsented text and no personal data, and a
closed round refuses joins in Japanese.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_helpers import FACILITATOR_TOKEN, Visitor, publish_docs_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

JOIN_TIMEOUT_MS = 90_000
# Written by companies that did NOT agree to be quoted, or personal data: must never reach a report.
UNCONSENTED = ["FAXの置き場所を変えた", "資金繰りが不安", "ラベル印刷の手間が減った", "090-1234-5678", "096-222-3333"]


def answer_readiness(page: Any, yes: int) -> None:
    """はい for the first ``yes`` items, いいえ for the rest."""
    sets = page.locator("#ax-readiness-form fieldset")
    for i in range(sets.count()):
        sets.nth(i).get_by_label("はい" if i < yes else "いいえ", exact=True).check()
    page.get_by_role("button", name="準備度を記録").click()
    page.locator("#ax-series-ok").wait_for()


def join_new(v: Visitor, code: str, name: str, intro: str) -> Any:
    page = v.page
    page.goto(v.server.url + "/series/join")
    form = page.locator("#ax-join-new")
    form.get_by_label("参加コード").fill(code.lower())
    form.get_by_label("会社名（ニックネーム可）").fill(name)
    form.get_by_label(re.compile("会社の紹介")).fill(intro)
    form.get_by_role("button", name="参加する").click()
    page.locator("#ax-company-key").wait_for(timeout=JOIN_TIMEOUT_MS)
    return page


def join_returning(v: Visitor, code: str, key: str) -> Any:
    page = v.page
    page.goto(v.server.url + "/series/join")
    form = page.locator("#ax-join-return")
    form.get_by_label("参加コード").fill(code)
    form.get_by_label(re.compile("会社キー")).fill(key.lower().replace("-", " "))  # typed loosely on a phone
    form.get_by_role("button", name="キーで参加する").click()
    return page


def record(page: Any, form_id: str, fields: dict[str, str], button: str) -> None:
    form = page.locator(form_id)
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    form.get_by_role("button", name=button).click()
    page.locator("#ax-series-ok").wait_for()


def choose_stage(page: Any, stage: str) -> None:
    page.locator("#ax-stage-form").get_by_label(stage, exact=True).check()
    page.get_by_role("button", name="段階を記録").click()
    page.locator("#ax-series-ok").wait_for()


def round_code(dashboard: Any, number: int) -> str:
    return dashboard.locator(f"#ax-rounds [data-round='{number}']").inner_text().strip()


def open_round(dashboard: Any, number: int) -> str:
    dashboard.get_by_role("button", name=f"第{number}回を開く").click()
    dashboard.locator(f"#ax-rounds [data-round='{number}']").wait_for()
    return round_code(dashboard, number)


def confirm_stage(dashboard: Any, company: str) -> None:
    dashboard.get_by_role("button", name=f"{company}の段階を確認").click()
    dashboard.locator("#ax-series-ok").wait_for()


def test_series_over_three_rounds(browser: Any, server: Any, screenshots: Path) -> None:
    from playwright.sync_api import expect

    fac = Visitor(browser, server)
    yamada, midori, yamada_round2, nishi, late = (Visitor(browser, server, mobile=True) for _ in range(5))
    visitors = [fac, yamada, midori, yamada_round2, nishi, late]
    try:
        # --- the facilitator creates the series and opens round 1 ---------------------------------
        dash = fac.page
        dash.goto(server.url + "/series")
        form = dash.locator("#ax-create-series")
        form.get_by_label("ファシリテーター用トークン").fill(FACILITATOR_TOKEN)
        form.get_by_label("シリーズ名").fill("熊本AXゼミ 2026")
        form.get_by_label("地域").fill("熊本県")
        form.get_by_label("主催").fill("熊本県商工会連合会")
        form.get_by_label(re.compile("予定日")).fill("2026-12-01\n2027-01-15\n2027-02-20")
        form.get_by_role("button", name="シリーズを作成").click()
        dash.locator("#ax-open-dashboard").click()
        expect(dash.locator("#ax-series-title")).to_have_text("熊本AXゼミ 2026")
        code1 = open_round(dash, 1)
        assert re.fullmatch(r"[A-Z2-9]{8}", code1)

        # --- round 1: two companies join ---------------------------------------------------------
        y = join_new(yamada, code1, "山田精工", "熊本県の金属加工業で従業員45人です。検品を画像認識AIで自動化したい。"
                                               "人手不足が課題です。担当の電話は090-1234-5678です。")
        yamada_key = y.locator("#ax-company-key").inner_text().strip()
        assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", yamada_key)
        assert "090-1234-5678" not in y.locator("body").inner_text()
        answer_readiness(y, yes=2)
        # The plan is drafted from the advisor's findings; the owner fills in who does what.
        plan = y.locator("#ax-plan-form")
        expect(plan.get_by_label("行動1の内容")).not_to_have_value("")
        for i in range(1, 4):
            plan.get_by_label(f"行動{i}の内容").fill(["AI・デジタル化の担当者を決める", "検品の手順を書き出す",
                                                     "省力化補助金の公募要領を確認する"][i - 1])
            plan.get_by_label(f"行動{i}の担当").fill(["社長", "製造課長", "総務"][i - 1])
        for i in (4, 5):
            plan.get_by_label(f"行動{i}の内容").fill("")
        plan.get_by_role("button", name="行動計画を保存").click()
        expect(y.locator("#ax-series-ok")).to_contain_text("行動計画を保存しました")
        choose_stage(y, "検討")
        y.locator("#ax-consent-form").get_by_label(re.compile("引用してよい")).check()
        y.get_by_role("button", name="同意を更新").click()
        y.locator("#ax-series-ok").wait_for()

        m = join_new(midori, code1, "みどり食品", "福岡県の食品製造業、従業員12人。受発注を電話とFAXでしている。")
        midori_key = m.locator("#ax-company-key").inner_text().strip()
        answer_readiness(m, yes=3)
        record(m, "#ax-checkin-form", {"前回からやったこと": "FAXの置き場所を変えた",
                                        "分かったこと・気づいたこと": "資金繰りが不安"}, "チェックインを記録")
        # Each company sees only itself.
        assert "山田精工" not in m.locator("body").inner_text()

        dash.reload()
        confirm_stage(dash, "山田精工")
        dash.get_by_role("button", name="第1回の受付を終了").click()
        dash.locator("#ax-series-ok").wait_for()

        # --- a closed round refuses joins in Japanese ----------------------------------------------
        late.page.goto(server.url + "/series/join")
        lf = late.page.locator("#ax-join-new")
        lf.get_by_label("参加コード").fill(code1)
        lf.get_by_label("会社名（ニックネーム可）").fill("遅刻商店")
        lf.get_by_role("button", name="参加する").click()
        expect(late.page.locator("#ax-series-error")).to_contain_text("第1回の受付は終了しました")

        # --- round 2: 山田精工 returns with its key from another device; 西部運輸 is new ------------
        code2 = open_round(dash, 2)
        y2 = join_returning(yamada_round2, code2, yamada_key)
        expect(y2.locator("#ax-series-ok")).to_contain_text("前回までの記録を引き継いでいます")
        expect(y2.locator("#ax-company-name")).to_contain_text("第2回")
        # The plan carried over as it was saved in round 1.
        plan2 = y2.locator("#ax-plan-form")
        expect(plan2.get_by_label("行動1の内容")).to_have_value("AI・デジタル化の担当者を決める")
        expect(plan2.get_by_label("行動3の担当")).to_have_value("総務")
        plan2.get_by_label("行動1の状況").select_option("完了")
        plan2.get_by_label("行動2の状況").select_option("着手")
        plan2.get_by_role("button", name="行動計画を保存").click()
        y2.locator("#ax-series-ok").wait_for()
        answer_readiness(y2, yes=5)
        record(y2, "#ax-checkin-form", {"前回からやったこと": "担当者を決めた",
                                         "分かったこと・気づいたこと": "小さく試すと社内の理解が早い"}, "チェックインを記録")
        choose_stage(y2, "試行")
        y2.locator("#ax-evidence-form").get_by_label("成果の種類").select_option("hours_saved")
        record(y2, "#ax-evidence-form", {"数字": "12", "自社の言葉でひとこと": "検品記録の転記が月12時間減った"}, "成果を記録")

        n = join_new(nishi, code2, "西部運輸", "熊本県の運送業、従業員30人。配車を手作業でしている。")
        answer_readiness(n, yes=1)

        dash.reload()
        confirm_stage(dash, "山田精工")

        # --- round 3: both round-1 companies return ---------------------------------------------------
        dash.get_by_role("button", name="第2回の受付を終了").click()
        dash.locator("#ax-series-ok").wait_for()
        code3 = open_round(dash, 3)
        y3 = join_returning(yamada_round2, code3, yamada_key)
        expect(y3.locator("#ax-series-ok")).to_be_visible()
        answer_readiness(y3, yes=7)
        plan3 = y3.locator("#ax-plan-form")
        expect(plan3.get_by_label("行動1の状況")).to_have_value("完了")
        plan3.get_by_label("行動2の状況").select_option("完了")
        plan3.get_by_role("button", name="行動計画を保存").click()
        y3.locator("#ax-series-ok").wait_for()
        choose_stage(y3, "本格導入")
        record(y3, "#ax-case-form", {"課題": "検品が熟練者に頼っていた", "取組": "画像認識AIを試行し、手順を標準化",
                                      "成果": "検品記録の転記を月12時間削減"}, "事例を保存")
        y3.locator("#ax-consent-form").get_by_label(re.compile("公表してよい")).check()
        y3.get_by_role("button", name="同意を更新").click()
        y3.locator("#ax-series-ok").wait_for()

        m3 = join_returning(midori, code3, midori_key)
        answer_readiness(m3, yes=4)
        m3.locator("#ax-evidence-form").get_by_label("成果の種類").select_option("tool_in_use")
        record(m3, "#ax-evidence-form", {"数字": "1", "自社の言葉でひとこと": "ラベル印刷の手間が減った 096-222-3333"},
               "成果を記録")

        # --- the facilitator's views ---------------------------------------------------------------
        dash.reload()
        confirm_stage(dash, "山田精工")
        row = dash.locator("#ax-companies tr[data-company='山田精工']")
        expect(row).to_contain_text("1・2・3")
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        assert cells[2:5] == ["25点", "62点", "88点"]  # readiness per round (2, 5, 7 of 8 はい)
        assert cells[5] == "2／3"
        nishi_cells = [c.strip() for c in dash.locator("#ax-companies tr[data-company='西部運輸']").locator("td").all_inner_texts()]
        assert nishi_cells[2:5] == ["欠席", "12点", "欠席"]
        # Ranking by the stated criteria: 山田精工 +63 readiness, 2 done (20), 2 stages (40), 1 evidence (10) = 133;
        # みどり食品 +12 (38 → 50), 1 evidence = 22; 西部運輸 took part once and is not ranked.
        ranking = dash.locator("#ax-ranking ol li")
        expect(ranking).to_have_count(2)
        expect(ranking.nth(0)).to_contain_text("第1位 山田精工（133点）")
        expect(ranking.nth(1)).to_contain_text("第2位 みどり食品（22点）")
        dash.screenshot(path=str(screenshots / "series-dashboard.png"), full_page=True)
        publish_docs_screenshot(screenshots / "series-dashboard.png")

        # The projector view (its own read-only token): the join code and aggregates, no company names.
        projector = fac.context.new_page()
        projector.goto(server.url + dash.locator("#ax-projector-3").get_attribute("href"))
        expect(projector.locator("#ax-projector-code")).to_have_text(code3)
        expect(projector.locator("#ax-projector-count")).to_have_text("2社")
        room = projector.locator("body").inner_text()
        assert not any(name in room for name in ("山田精工", "みどり食品", "西部運輸", *UNCONSENTED))
        projector.set_viewport_size({"width": 1280, "height": 720})
        projector.screenshot(path=str(screenshots / "series-projector.png"))
        projector.close()

        dash.locator("#ax-companies").get_by_role("link", name="山田精工").click()
        progress = dash.locator("#ax-progress-table")
        expect(progress).to_contain_text("本格導入")
        expect(progress).to_contain_text("小さく試すと社内の理解が早い")
        dash.screenshot(path=str(screenshots / "series-company-progress.png"), full_page=True)
        publish_docs_screenshot(screenshots / "series-company-progress.png")

        # --- recognition sheet and round report: produced, and nothing unconsented in them -------------
        dash.go_back()
        dash.locator("#ax-recognition-link").click()
        expect(dash.locator("h1")).to_contain_text("表彰候補 熊本AXゼミ 2026")
        sheet = dash.locator("body").inner_text()
        assert "第1位 山田精工（合計 133点）" in sheet and "準備度の推移: 第1回 25点 → 第2回 62点 → 第3回 88点" in sheet
        assert "「検品記録の転記が月12時間減った」" in sheet
        assert "使い始めたAI・ツール 1件（本人の言葉は、引用の同意がないため掲載していません）" in sheet
        for secret in UNCONSENTED:
            assert secret not in sheet, secret
        dash.screenshot(path=str(screenshots / "series-recognition-sheet.png"), full_page=True)
        publish_docs_screenshot(screenshots / "series-recognition-sheet.png")

        series_url = dash.url.rsplit("/", 1)[0]
        dash.goto(series_url + "/rounds/3/report.html")
        report = dash.locator("body").inner_text()
        assert "熊本AXゼミ 2026 第3回 報告" in report and "参加企業数: 2社（初参加 0社、継続 2社）" in report
        assert "「小さく試すと社内の理解が早い」" not in report  # a round-2 check-in is not in round 3's report
        assert "- 課題: 検品が熟練者に頼っていた" not in report and "課題: 検品が熟練者に頼っていた" in report
        assert "みどり食品" not in report and "西部運輸" not in report
        for secret in UNCONSENTED:
            assert secret not in report, secret
        docx = fac.context.request.get(series_url + "/rounds/2/report.docx")
        assert docx.ok
        from docx import Document

        text = "\n".join(p.text for p in Document(io.BytesIO(docx.body())).paragraphs)
        assert "熊本AXゼミ 2026 第2回 報告" in text and "参加企業数: 2社（初参加 1社、継続 1社）" in text
        assert "「小さく試すと社内の理解が早い」" in text and "「検品記録の転記が月12時間減った」（削減できた時間: 12時間/月）" in text
        # No company is named in the aggregate; 山田精工 appears only as the case it agreed to publish.
        aggregate, cases = text.split("事例（公表に同意した企業のみ）")
        assert "山田精工" not in aggregate and "西部運輸" not in text
        assert "山田精工\n課題: 検品が熟練者に頼っていた\n取組: 画像認識AIを試行し、手順を標準化" in cases
        for secret in UNCONSENTED:
            assert secret not in text, secret
        # Another browser without the facilitator key gets none of it.
        denied = late.context.request.get(series_url + "/recognition.html")
        assert "山田精工" not in denied.text() and "ファシリテーターキー" in denied.text()
    finally:
        for v in visitors:
            v.close()
    assert all(v.external == [] for v in visitors)
