"""Screens of a workshop series: plain server-rendered HTML forms (they work on any phone, need
no JavaScript, and print well), registered on the FastAPI app by ``register_series_routes``.

Who sees what:
* a facilitator opens a series with its facilitator key (a cookie for /series/<id>, HttpOnly,
  SameSite=Strict, so another site cannot post forms with it): dashboard, each company's progress,
  remove and merge, the ranking, the recognition sheet and the round reports;
* a company joins with a round's join code, the first time with its name and a short
  introduction (which becomes its advisor profile), later with its company key; its browser then
  holds only its own company id and advisor session id (a cookie), so it sees only itself;
* reports and the recognition sheet follow the privacy rules of advisor.workshops.reports.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Mapping

from fastapi import Request  # module level: FastAPI resolves the routes' string annotations here
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from advisor.config import Settings
from advisor.workshops.ranking import CRITERIA_TEXT, change_score, rank_most_changed
from advisor.workshops.reports import (RoundSummary, recognition_sheet_markdown, round_report_markdown,
                                      summarise_round)
from advisor.workshops.series import (ACTION_CATEGORIES, ACTION_STATUSES, AI_STAGES, EVIDENCE_KINDS, MAX_ACTIONS,
                                      Action, Company, CompanyProgress, Readiness, Round, SecretGuessError, Series,
                                      SeriesError,
                                      format_company_key, parse_planned_dates, suggested_actions,
                                      validate_company_name, validate_evidence, validate_plan, validate_series)
from advisor.db import DatabaseError
from advisor.workshops.store import SeriesStore

from .readiness import ANSWER_CHOICES, ITEMS, score_answers

if TYPE_CHECKING:
    from fastapi import FastAPI

    from advisor.session import Advisor

ME_COOKIE = "ax_series_me"
# The company key, held by the company's own browser so that its page and handout can show it:
# the server stores only its hash, and no replica keeps it in memory.
KEY_COOKIE = "ax_series_key"
PRIVATE = {"Cache-Control": "no-store"}  # pages with company data: never cached anywhere

OK_MESSAGES = {
    "joined": "参加しました。下の会社キーを控えてください（次回からはこのキーだけで参加できます）。",
    "returned": "おかえりなさい。前回までの記録を引き継いでいます。",
    "readiness": "AX準備度を記録しました。",
    "plan": "行動計画を保存しました。次の回にも引き継がれます。",
    "checkin": "チェックインを記録しました。",
    "stage": "AI活用の段階を記録しました（ファシリテーターの確認後に確定します）。",
    "evidence": "成果を記録しました。",
    "consent": "掲載の同意を更新しました。",
    "case": "事例を保存しました。",
    "round": "回を開きました。参加コードを参加者に示してください。",
    "closed": "受付を終了しました。",
    "reopened": "受付を再開しました。",
    "confirmed": "段階を確認しました。",
    "removed": "企業を削除しました。",
    "merged": "2つの登録を1社に統合しました。",
}


class SeriesService:
    """The store plus what only the advisor knows: profiles, matches and readiness scores."""

    def __init__(self, store: SeriesStore, advisor: "Advisor", settings: Settings) -> None:
        self.store = store
        self.advisor = advisor
        self.settings = settings

    @staticmethod
    def score(answers: Mapping[str, str]) -> Readiness:
        return Readiness(*score_answers(dict(answers)))

    def profile_facts(self, company: Company) -> tuple[list[str], list[str]]:
        if not self.advisor.has_session(company.session_id):
            return [], []
        profile = self.advisor.get_profile(company.session_id)
        fits = [m.get("program", "") for m in self.advisor.matches(company.session_id) if m.get("status") == "fit"]
        return list(getattr(profile, "topics", []) or []), [f for f in fits if f]

    def progress(self, company: Company) -> CompanyProgress:
        return self.store.progress(company, self.score, self.profile_facts)

    def all_progress(self, series: Series) -> list[CompanyProgress]:
        return [self.progress(c) for c in self.store.companies(series)]

    def join_new(self, code: str, name: str, intro: str) -> tuple[Company, str]:
        self.store.round_for_join(code)  # a closed or unknown round is refused before anything is created
        name = validate_company_name(name)
        if len(intro or "") > self.settings.max_message_chars:
            raise SeriesError(f"会社の紹介は{self.settings.max_message_chars:,}文字以内にしてください。")
        session_id = self.advisor.new_session("series")
        company, key, _ = self.store.join_new(code, name, session_id)
        if intro and intro.strip():
            # The introduction goes through the advisor like a first message: its profile is
            # extracted (and masked) once, and kept for every later round.
            self.advisor.turn(session_id, intro.strip())
        return company, key

    def advisor_note(self, company: Company) -> str:
        """The advisor's latest answer to the company (its next steps), as plain text."""
        if not self.advisor.has_session(company.session_id):
            return ""
        answers = [m for m in self.advisor.history(company.session_id) if m.get("role") == "assistant"]
        return str(answers[-1].get("content", "")) if answers else ""


# --- HTML -----------------------------------------------------------------------------------------

e = html.escape

CSS = """
body { font-family: "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", Meiryo, sans-serif; margin: 0; color: #111827;
  background: #f8fafc; line-height: 1.7; }
header.top { background: #1d4f91; color: #fff; padding: .8em 1.2em; }
header.top a { color: #fff; }
main { max-width: 72em; margin: 0 auto; padding: 1em 1.2em 3em; }
h1 { font-size: 1.5em; margin: .2em 0; } h2 { color: #1d4f91; margin-top: 1.6em; font-size: 1.2em; }
section.card { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: .8em 1.2em; margin: 1em 0; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #e2e8f0; padding: .35em .5em; text-align: left; vertical-align: top; }
th { background: #eef2ff; }
.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 1.4em; font-weight: 700; letter-spacing: .12em;
  color: #1d4f91; }
.key { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 1.8em; font-weight: 800; letter-spacing: .15em; }
.ok { background: #ecfdf5; border: 1px solid #10b981; padding: .5em 1em; border-radius: 8px; }
.err { background: #fef2f2; border: 1px solid #ef4444; padding: .5em 1em; border-radius: 8px; }
.muted { color: #475569; font-size: .92em; }
.badge { display: inline-block; padding: 0 .5em; border-radius: 6px; background: #e2e8f0; font-size: .88em; }
.badge.yes { background: #d1fae5; } .badge.no { background: #fde68a; }
label { display: block; margin-top: .5em; font-weight: 600; }
input[type=text], input[type=password], input[type=number], textarea, select { font: inherit; padding: .3em .4em;
  border: 1px solid #94a3b8; border-radius: 6px; max-width: 100%; box-sizing: border-box; }
input[type=text], textarea { width: 100%; }
button { font: inherit; background: #1d4f91; color: #fff; border: 0; border-radius: 6px; padding: .4em 1em; margin-top: .5em;
  cursor: pointer; }
button.secondary { background: #475569; } button.danger { background: #b91c1c; }
form.inline { display: inline; }
fieldset { border: 1px solid #e2e8f0; border-radius: 8px; margin: .4em 0; }
.plan td input, .plan td select { width: 100%; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
@media (max-width: 700px) { .grid2 { grid-template-columns: 1fr; } .wide { overflow-x: auto; } }
@media print { header.top, form, button, .noprint { display: none !important; } body { background: #fff; } }
"""


def page(title: str, body: str, *, ok: str = "", error: str = "") -> str:
    notice = ""
    if ok:
        notice += f"<p class='ok' role='status' id='ax-series-ok'>{e(ok)}</p>"
    if error:
        notice += f"<p class='err' role='alert' id='ax-series-error'>⚠️ {e(error)}</p>"
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}</style></head><body>
<header class="top"><strong>地域AXアドバイザー</strong> ・ ワークショップシリーズ</header>
<main>{notice}{body}</main>
</body></html>"""


def _select(name: str, options: list[tuple[str, str]], selected: str, label: str) -> str:
    opts = "".join(f"<option value='{e(v)}'{' selected' if v == selected else ''}>{e(t)}</option>" for v, t in options)
    return f"<select name='{e(name)}' aria-label='{e(label)}'>{opts}</select>"


def readiness_cells(progress: CompanyProgress, rounds: list[Round]) -> str:
    cells = []
    for r in rounds:
        value = progress.readiness.get(r.number)
        if r.number not in progress.rounds_attended:
            cells.append("<td class='muted'>欠席</td>")
        elif value is None or value.score is None:
            cells.append("<td class='muted'>未回答</td>")
        else:
            cells.append(f"<td>{value.score}点</td>")
    return "".join(cells)


def stage_label(progress: CompanyProgress, number: int) -> str:
    record = progress.stages.get(number)
    if record is None:
        return "<span class='muted'>未選択</span>"
    badge = "<span class='badge yes'>確認済み</span>" if record.confirmed else "<span class='badge no'>確認待ち</span>"
    return f"{e(record.chosen)} {badge}"


def progress_section(progress: CompanyProgress, rounds: list[Round]) -> str:
    """A company's progress across rounds: readiness, stage, check-ins, plan, evidence, consent."""
    head = "".join(f"<th>{e(r.label)}</th>" for r in rounds)
    checkins = "".join(
        f"<td>{('<b>やったこと</b>: ' + e(c.done) + '<br>') if (c := progress.checkins.get(r.number)) and c.done else ''}"
        f"{('<b>分かったこと</b>: ' + e(c.learned)) if c and c.learned else ''}</td>" for r in rounds)
    stages = "".join(f"<td>{stage_label(progress, r.number) if r.number in progress.rounds_attended else '—'}</td>"
                     for r in rounds)
    rows = "".join(
        f"<tr><td>{i}</td><td>{e(a.text)}</td><td>{e(a.category)}</td><td>{e(a.owner)}</td><td>第{a.due_round}回</td>"
        f"<td>{e(a.status)}</td><td>{e(a.note)}</td></tr>" for i, a in enumerate(progress.actions, start=1))
    plan = (f"<table class='plan' id='ax-plan-table'><tr><th>#</th><th>行動</th><th>分類</th><th>担当</th><th>期限</th>"
            f"<th>状況</th><th>メモ</th></tr>{rows}</table>") if rows else "<p class='muted'>行動計画はまだありません。</p>"
    evidence = "".join(f"<li>第{ev.round_number}回: {e(ev.label)} <b>{e(ev.figure_text())}</b> 「{e(ev.words)}」</li>"
                       for ev in progress.evidence) or "<li class='muted'>まだ記録がありません。</li>"
    score = change_score(progress)
    consent = (f"引用: {'同意あり' if progress.company.consent_quote else '同意なし'} ／ "
               f"事例の公表: {'同意あり' if progress.company.consent_case else '同意なし'}")
    case = progress.case
    case_html = (f"<ul><li>課題: {e(case.challenge)}</li><li>取組: {e(case.approach)}</li><li>成果: {e(case.result)}</li></ul>"
                 if case else "<p class='muted'>まだ書かれていません。</p>")
    return f"""
<section class="card" id="ax-progress">
<h2>回ごとの変化</h2>
<div class="wide"><table id="ax-progress-table">
<tr><th></th>{head}</tr>
<tr><th>AX準備度</th>{readiness_cells(progress, rounds)}</tr>
<tr><th>AI活用の段階</th>{stages}</tr>
<tr><th>チェックイン</th>{checkins}</tr>
</table></div>
<p>完了した行動: <b id="ax-actions-done">{progress.actions_completed}</b>／{len(progress.actions)}件 ・
準備度の伸び: <b>{score.readiness_gain:+d}</b>ポイント ・ 段階の前進: <b>{score.stage_steps}</b>段階 ・
成果の記録: <b>{len(progress.evidence)}</b>件</p>
<h2>行動計画</h2>{plan}
<h2>成果の記録</h2><ul id="ax-evidence">{evidence}</ul>
<h2>事例（課題 → 取組 → 成果）</h2>{case_html}
<p class="muted">{e(consent)}</p>
</section>"""


def plan_form(action: str, actions: list[Action], last_round: int, note: str = "") -> str:
    rows = []
    padded = list(actions) + [None] * (MAX_ACTIONS - len(actions))
    due_options = [(str(n), f"第{n}回") for n in range(1, last_round + 6)]
    for i, a in enumerate(padded[:MAX_ACTIONS], start=1):
        rows.append(
            f"<tr><td>{i}</td>"
            f"<td><input type='text' name='text_{i}' aria-label='行動{i}の内容' value='{e(a.text if a else '')}'></td>"
            f"<td>{_select(f'category_{i}', [(c, c) for c in ACTION_CATEGORIES], a.category if a else 'その他', f'行動{i}の分類')}</td>"
            f"<td><input type='text' name='owner_{i}' aria-label='行動{i}の担当' value='{e(a.owner if a else '')}' "
            f"placeholder='例: 社長'></td>"
            f"<td>{_select(f'due_{i}', due_options, str(a.due_round if a else last_round + 1), f'行動{i}の期限')}</td>"
            f"<td>{_select(f'status_{i}', [(s, s) for s in ACTION_STATUSES], a.status if a else '未着手', f'行動{i}の状況')}</td>"
            f"<td><input type='text' name='note_{i}' aria-label='行動{i}のメモ' value='{e(a.note if a else '')}'></td></tr>")
    hint = f"<p class='muted'>{e(note)}</p>" if note else ""
    return f"""
<form method="post" action="{e(action)}" id="ax-plan-form">
{hint}<p class="muted">3〜5件。担当は役職や役割で書いてください（個人名・連絡先は不要です）。空の行は保存されません。</p>
<div class="wide"><table class="plan"><tr><th>#</th><th>行動</th><th>分類</th><th>担当</th><th>期限</th><th>状況</th><th>メモ</th></tr>
{''.join(rows)}</table></div>
<button type="submit">行動計画を保存</button></form>"""


def plan_rows(form: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"text": form.get(f"text_{i}", ""), "category": form.get(f"category_{i}", ""),
             "owner": form.get(f"owner_{i}", ""), "due_round": form.get(f"due_{i}", ""),
             "status": form.get(f"status_{i}", ""), "note": form.get(f"note_{i}", "")} for i in range(1, MAX_ACTIONS + 1)]


def readiness_form(answers: Mapping[str, str]) -> str:
    fields = []
    for item in ITEMS:
        radios = "".join(
            f"<label class='inline' style='display:inline;font-weight:400;margin-right:1em'>"
            f"<input type='radio' name='{e(item.id)}' value='{e(c)}'{' checked' if answers.get(item.id) == c else ''}> {e(c)}</label>"
            for c in ANSWER_CHOICES)
        fields.append(f"<fieldset><legend>{e(item.topic)}: {e(item.question)}</legend>{radios}</fieldset>")
    return (f"<form method='post' action='/series/me/readiness' id='ax-readiness-form'>{''.join(fields)}"
            f"<button type='submit'>準備度を記録</button></form>")


# --- facilitator pages ------------------------------------------------------------------------------


def dashboard_page(series: Series, rounds: list[Round], progresses: list[CompanyProgress], projector_token: str,
                   ok: str = "", error: str = "") -> str:
    base = f"/series/{e(series.id)}"
    round_rows = "".join(
        f"<tr><td>{e(r.label)}</td><td class='code' data-round='{r.number}'>{e(r.code)}</td>"
        f"<td>{'受付終了' if r.closed else '受付中'}</td>"
        f"<td>{sum(1 for p in progresses if r.number in p.rounds_attended)}社</td>"
        f"<td><form class='inline' method='post' action='{base}/rounds/{r.number}/{'reopen' if r.closed else 'close'}'>"
        f"<button type='submit' class='secondary'>{f'{r.label}の受付を再開' if r.closed else f'{r.label}の受付を終了'}</button></form> "
        f"<a href='{base}/rounds/{r.number}/projector?token={e(projector_token)}' id='ax-projector-{r.number}'>投影</a> ・ "
        f"<a href='{base}/rounds/{r.number}/report.html'>報告（印刷用）</a> ・ "
        f"<a href='{base}/rounds/{r.number}/report.docx'>報告（Word）</a></td></tr>" for r in rounds)
    head = "".join(f"<th>{e(r.label)}</th>" for r in rounds)
    company_rows = []
    for p in progresses:
        latest = max(p.rounds_attended) if p.rounds_attended else 0
        record = p.stages.get(latest)
        confirm = ""
        if record and not record.confirmed:
            confirm = (f"<form class='inline' method='post' action='{base}/companies/{e(p.company.id)}/confirm'>"
                       f"<input type='hidden' name='round' value='{latest}'>"
                       f"<button type='submit' aria-label='{e(p.company.name)}の段階を確認'>確認する</button></form>")
        company_rows.append(
            f"<tr data-company='{e(p.company.name)}'><td><a href='{base}/companies/{e(p.company.id)}'>{e(p.company.name)}</a></td>"
            f"<td>{'・'.join(str(n) for n in p.rounds_attended)}</td>{readiness_cells(p, rounds)}"
            f"<td>{p.actions_completed}／{len(p.actions)}</td>"
            f"<td>{stage_label(p, latest) if latest else '—'} {confirm}</td><td>{change_score(p).total}</td>"
            f"<td><form class='inline' method='post' action='{base}/companies/{e(p.company.id)}/remove'>"
            f"<label style='display:inline;font-weight:400'><input type='checkbox' name='sure' value='1' required> 確認</label>"
            f"<button type='submit' class='danger' aria-label='{e(p.company.name)}を削除'>削除</button></form></td></tr>")
    options = [(p.company.id, p.company.name) for p in progresses]
    merge = ""
    if len(options) >= 2:
        merge = (f"<form method='post' action='{base}/merge' id='ax-merge-form'><h2>同じ会社の2つの登録を統合</h2>"
                 f"<p class='muted'>キーを忘れて新しく参加した場合など。残す登録の記録が優先され、もう一方の記録で空欄を補います。"
                 f"どちらのキーでも次回から参加できます。</p>"
                 f"<label>残す登録 {_select('keep', options, options[0][0], '残す登録')}</label>"
                 f"<label>統合する登録 {_select('drop', options, options[1][0], '統合する登録')}</label>"
                 f"<button type='submit' class='secondary'>統合する</button></form>")
    ranked = rank_most_changed(progresses)
    ranking = "".join(
        f"<li><b>第{r.rank}位 {e(r.progress.company.name)}</b>（{r.score.total}点）<br>"
        f"<span class='muted'>{e(' ／ '.join(r.score.explanation()))}</span></li>" for r in ranked
    ) or "<li class='muted'>2回以上参加した企業がまだありません。</li>"
    dates = "、".join(series.planned_dates) or "未定"
    next_label = f"第{len(rounds) + 1}回を開く"
    return page(f"{series.name}（ファシリテーター）", f"""
<h1 id="ax-series-title">{e(series.name)}</h1>
<p>地域: {e(series.region or '—')} ・ 主催: {e(series.organiser or '—')} ・ 予定日: {e(dates)}</p>
<section class="card"><h2>回と参加コード</h2>
<table id="ax-rounds"><tr><th>回</th><th>参加コード</th><th>受付</th><th>参加</th><th></th></tr>{round_rows}</table>
<form method="post" action="{base}/rounds/open"><button type="submit">{e(next_label)}</button></form>
<p class="muted">参加者は <b>/series/join</b> を開き、参加コードを入力します。2回目からは会社キーだけで、プロフィールの再入力は不要です。</p>
</section>
<section class="card"><h2>参加企業（回ごとのAX準備度）</h2>
<div class="wide"><table id="ax-companies"><tr><th>企業</th><th>参加回</th>{head}<th>完了した行動</th><th>AI活用の段階</th>
<th>変化ポイント</th><th></th></tr>{''.join(company_rows)}</table></div>
{merge}</section>
<section class="card" id="ax-ranking"><h2>変化の大きかった企業</h2>
<ol style="list-style:none;padding-left:0">{ranking}</ol>
<details><summary>選考基準</summary><ul>{''.join(f'<li>{e(c)}</li>' for c in CRITERIA_TEXT)}</ul></details>
<p><a href="{base}/recognition.html" id="ax-recognition-link">表彰候補シート（印刷用）</a> ・
<a href="{base}/recognition.docx">表彰候補シート（Word）</a></p>
</section>
<p class="muted">この画面には個社の情報が含まれます。投影や配布には「報告」を使ってください（集計と掲載に同意した内容だけです）。</p>
""", ok=ok, error=error)


def company_page_for_facilitator(series: Series, rounds: list[Round], progress: CompanyProgress, ok: str = "",
                                 error: str = "") -> str:
    base = f"/series/{e(series.id)}"
    last = max([r.number for r in rounds] or [1])
    return page(f"{progress.company.name}（{series.name}）", f"""
<p><a href="{base}">← ダッシュボードへ戻る</a></p>
<h1 id="ax-company-name">{e(progress.company.name)}</h1>
{progress_section(progress, rounds)}
<section class="card"><h2>行動計画を編集（ファシリテーター）</h2>
{plan_form(f"{base}/companies/{e(progress.company.id)}/plan", progress.actions, last)}</section>
""", ok=ok, error=error)


def projector_page(series: Series, round_: Round, summary: RoundSummary, join_url: str) -> str:
    """Large type for the room: the join code and aggregates; words only from consenting companies."""
    def items(counter: Any, unit: str = "社") -> str:
        return "".join(f"<li>{e(k)} <span class='n'>{v}{unit}</span></li>" for k, v in counter.most_common(5)) or "<li>（集計中）</li>"

    quotes = "".join(f"<li>{e(q)}</li>" for q in summary.quotes[:4])
    avg = f"{summary.average_readiness}点" if summary.average_readiness is not None else "—"
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{e(series.name)} {e(round_.label)}（投影用）</title>
<meta http-equiv="refresh" content="15"><meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", Meiryo, sans-serif; margin: 0; padding: 2vw 3vw;
  background: #0f172a; color: #f8fafc; font-size: 2.1vw; line-height: 1.5; }}
h1 {{ font-size: 3.2vw; margin: 0 0 1vw; }} h2 {{ font-size: 2.4vw; color: #93c5fd; margin: 1vw 0; }}
.code {{ font-size: 7vw; font-weight: 800; letter-spacing: .25em; color: #fde68a; font-family: ui-monospace, Menlo, monospace; }}
.grid {{ display: grid; grid-template-columns: 1fr 1fr; gap: 2.5vw; }} .stat {{ font-size: 3.6vw; font-weight: 700; }}
.n {{ color: #fde68a; font-weight: 700; margin-left: .4em; }} .muted {{ color: #cbd5e1; font-size: 1.5vw; }}
ul {{ margin: 0; padding-left: 1.2em; }}
</style></head><body>
<h1>{e(series.name)} {e(round_.label)}</h1>
<div class="grid">
<section><div class="muted">{'受付終了' if round_.closed else '参加受付中'} ・ 参加コード</div>
<div class="code" id="ax-projector-code">{e(round_.code)}</div>
<div class="muted">{e(join_url)}series/join を開き、参加コードを入力（2回目からは会社キーも）</div></section>
<section><div class="muted">参加企業</div><div class="stat" id="ax-projector-count">{len(summary.present)}社</div>
<div class="muted">AX準備度の平均</div><div class="stat">{e(avg)}</div></section>
<section><h2>多かった課題</h2><ul>{items(summary.gaps)}</ul></section>
<section><h2>完了した行動</h2><ul>{items(summary.worked, "件")}</ul></section>
</div>
{f"<section><h2>参加企業の声（引用に同意した企業のみ）</h2><ul id='ax-projector-quotes'>{quotes}</ul></section>" if quotes else ""}
<p class="muted">個社名や個別の回答は表示していません。15秒ごとに更新します。</p>
</body></html>"""


def markdown_page(markdown: str, title: str) -> str:
    from .workshop import _markdown_page

    return _markdown_page(markdown, title)


# --- company pages -------------------------------------------------------------------------------


JOIN_FORM = """
<h1>ワークショップに参加する</h1>
<div class="grid2">
<section class="card"><h2>はじめて参加する</h2>
<form method="post" action="/series/join" id="ax-join-new">
<input type="hidden" name="mode" value="new">
<label for="j-code">参加コード</label><input type="text" id="j-code" name="code" autocomplete="off" autocapitalize="characters">
<label for="j-name">会社名（ニックネーム可）</label><input type="text" id="j-name" name="name">
<label for="j-intro">会社の紹介（業種・所在地・従業員数・困っていること）</label>
<textarea id="j-intro" name="intro" rows="4" placeholder="例: 熊本県の金属加工業で従業員45人です。検品を自動化したい。"></textarea>
<p class="muted">電話番号・メールアドレス・個人名は書かないでください（書かれた場合は伏せて保存します）。</p>
<button type="submit">参加する</button></form></section>
<section class="card"><h2>2回目以降（会社キーで参加）</h2>
<form method="post" action="/series/join" id="ax-join-return">
<input type="hidden" name="mode" value="return">
<label for="r-code">参加コード</label><input type="text" id="r-code" name="code" autocomplete="off" autocapitalize="characters">
<label for="r-key">会社キー（配布資料に印刷された10文字）</label><input type="text" id="r-key" name="key" autocomplete="off"
 autocapitalize="characters" placeholder="例: K7QMX-2PA9R">
<button type="submit">キーで参加する</button></form></section>
</div>"""


def me_page(series: Series, rounds: list[Round], progress: CompanyProgress, key: str, advisor_note: str,
            ok: str = "", error: str = "") -> str:
    current = max(progress.rounds_attended)
    last = max([r.number for r in rounds] or [current])
    current_answers = progress.readiness.get(current)
    readiness_note = (f"今回（第{current}回）の準備度: {current_answers.score}点" if current_answers and current_answers.score is not None
                      else f"第{current}回の準備度チェックにまだ回答していません。")
    answers = {}
    plan_note = ""
    actions = progress.actions
    if not actions:
        gaps = current_answers.gaps if current_answers else ()
        actions = suggested_actions(gaps, progress.programs, current)
        if actions:
            plan_note = "アドバイザーの提案（準備度の課題と対象となりうる制度）から下書きしました。担当を入れ、必要なら直して保存してください。"
    checkin = progress.checkins.get(current)
    stage = progress.stages.get(current)
    stage_opts = "".join(
        f"<label style='display:inline;font-weight:400;margin-right:1em'><input type='radio' name='stage' value='{s}'"
        f"{' checked' if stage and stage.chosen == s else ''}> {s}</label>" for s in AI_STAGES)
    kinds = [(k, f"{label}（{unit}）" if unit else label) for k, (label, unit) in EVIDENCE_KINDS.items()]
    key_html = (f"<p>会社キー: <span class='key' id='ax-company-key'>{e(format_company_key(key))}</span></p>"
                "<p class='muted'>次回はこのキーと参加コードだけで参加できます。控えるか、"
                "<a href='/series/me/handout'>控え</a>を印刷してください。</p>") if key else (
        "<p class='muted'>会社キーは初回に表示し、控えに印刷したものです。</p>")
    note = ""
    if advisor_note:
        note = (f"<details><summary>アドバイザーの回答（初回の紹介から）</summary>"
                f"<div class='muted' style='white-space:pre-wrap'>{e(advisor_note[:1500])}</div></details>")
    case = progress.case
    return page(f"{progress.company.name}（{series.name}）", f"""
<h1 id="ax-company-name">{e(progress.company.name)} <span class="muted">／ {e(series.name)} 第{current}回</span></h1>
<section class="card">{key_html}{note}</section>
<section class="card"><h2>第{current}回のチェックイン</h2>
<form method="post" action="/series/me/checkin" id="ax-checkin-form">
<label for="c-done">前回からやったこと</label><textarea id="c-done" name="done" rows="2">{e(checkin.done if checkin else '')}</textarea>
<label for="c-learned">分かったこと・気づいたこと</label><textarea id="c-learned" name="learned" rows="2">{e(checkin.learned if checkin else '')}</textarea>
<button type="submit">チェックインを記録</button></form></section>
<section class="card"><h2>AX準備度チェック（第{current}回）</h2><p id="ax-readiness-note">{e(readiness_note)}</p>
{readiness_form(answers)}</section>
<section class="card"><h2>行動計画（3〜5件・次の回に引き継がれます）</h2>
{plan_form('/series/me/plan', actions, last, plan_note)}</section>
<section class="card"><h2>AI活用の段階（第{current}回）</h2>
<form method="post" action="/series/me/stage" id="ax-stage-form"><fieldset><legend>いまの段階（検討 → 試行 → 本格導入）</legend>
{stage_opts}</fieldset><p class="muted">選んだ段階は、ファシリテーターが確認して確定します。</p>
<button type="submit">段階を記録</button></form></section>
<section class="card"><h2>成果の記録（数字と自社の言葉で）</h2>
<form method="post" action="/series/me/evidence" id="ax-evidence-form">
<label>種類 {_select('kind', kinds, 'hours_saved', '成果の種類')}</label>
<label for="ev-figure">数字</label><input type="number" id="ev-figure" name="figure" step="0.1" min="0">
<label for="ev-words">自社の言葉でひとこと</label><input type="text" id="ev-words" name="words" placeholder="例: 請求書の入力が半日から1時間に">
<button type="submit">成果を記録</button></form></section>
<section class="card"><h2>事例（課題 → 取組 → 成果）</h2>
<form method="post" action="/series/me/case" id="ax-case-form">
<label for="cs-ch">課題</label><textarea id="cs-ch" name="challenge" rows="2">{e(case.challenge if case else '')}</textarea>
<label for="cs-ap">取組</label><textarea id="cs-ap" name="approach" rows="2">{e(case.approach if case else '')}</textarea>
<label for="cs-re">成果</label><textarea id="cs-re" name="result" rows="2">{e(case.result if case else '')}</textarea>
<button type="submit">事例を保存</button></form></section>
<section class="card"><h2>掲載の同意</h2>
<form method="post" action="/series/me/consent" id="ax-consent-form">
<label style="font-weight:400"><input type="checkbox" name="quote" value="1"{' checked' if progress.company.consent_quote else ''}>
 チェックインや成果の言葉を、企業名を伏せて報告書に引用してよい（表彰候補シートにも載ります）</label>
<label style="font-weight:400"><input type="checkbox" name="case" value="1"{' checked' if progress.company.consent_case else ''}>
 事例（課題 → 取組 → 成果）を企業名とともに公表してよい</label>
<button type="submit">同意を更新</button></form>
<p class="muted">同意がない内容は、報告書・投影・表彰候補シートに載りません。ほかの企業があなたの記録を見ることはありません。</p></section>
{progress_section(progress, [r for r in rounds if r.number <= last])}
""", ok=ok, error=error)


def handout_page(series: Series, company: Company, key: str, actions: list[Action]) -> str:
    plan = "".join(f"<li>{e(a.text)}（担当: {e(a.owner)}、第{a.due_round}回まで、{e(a.status)}）</li>" for a in actions)
    return page("会社キーの控え", f"""
<h1>{e(series.name)}</h1><p>{e(company.name)} さまの控え</p>
<p>会社キー: <span class="key">{e(format_company_key(key)) if key else '（初回に表示したキー）'}</span></p>
<p>次回は「/series/join」を開き、その回の参加コードとこの会社キーを入力してください。</p>
<h2>行動計画</h2><ul>{plan or '<li>（まだありません）</li>'}</ul>
<p class="muted">この控えは会社の中だけで保管してください。</p>""")


# --- routes ------------------------------------------------------------------------------------------


def _is_cross_site(request: Request) -> bool:
    """A form posted from another site (Origin present and not ours)."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return bool(origin)
    host = request.headers.get("host", "")
    return re.sub(r"^https?://", "", origin).rstrip("/") != host


def register_series_routes(app: "FastAPI", advisor: "Advisor", settings: Settings) -> SeriesService:
    """All /series URLs. The series tables live in the same database as the conversations."""
    store = SeriesStore(app.state.workshops.db)  # the advisor's one database (same engine and pool)
    service = SeriesService(store, advisor, settings)
    app.state.series = service

    def html_response(body: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(body, status_code=status, headers=PRIVATE)

    def fac_cookie(series_id: str) -> str:
        return f"ax_series_fac_{re.sub(r'[^0-9a-f]', '', series_id)}"

    def facilitator(series_id: str, request: Request) -> Series | None:
        key = request.cookies.get(fac_cookie(series_id), "") or request.headers.get("x-facilitator-key", "")
        try:
            return store.open_series(series_id, key)
        except SeriesError:
            return None

    def login_page(series_id: str, error: str = "", status: int = 403) -> HTMLResponse:
        return html_response(page("ファシリテーターのログイン", f"""
<h1>シリーズを開く</h1>
<form method="post" action="/series/{e(series_id)}/login"><label for="f-key">ファシリテーターキー</label>
<input type="password" id="f-key" name="key" autocomplete="off"><button type="submit">開く</button></form>""", error=error),
                             status=status if error else 200)

    def me(request: Request) -> Company | None:
        raw = request.cookies.get(ME_COOKIE, "")
        company_id, _, session_id = raw.partition(".")
        return store.company(company_id, session_id)

    def rounds_of(series: Series) -> list[Round]:
        return store.rounds(series)

    async def form_of(request: Request) -> dict[str, str]:
        form = await request.form()
        return {k: str(v) for k, v in form.items()}

    def ok_of(request: Request) -> str:
        return OK_MESSAGES.get(request.query_params.get("ok", ""), "")

    def throttled(request: Request) -> str:
        """A Japanese message when this client tried too many codes or keys (joins, facilitator
        logins and creations share the workshop join budget), else ""."""
        from .service import UserFacingError

        try:
            app.state.guard.admit_join(request.client.host if request.client else None, request.headers)
        except UserFacingError as err:
            return err.message
        return ""

    def gated(request: Request, gate_name: str) -> tuple[Any, str, str]:
        """(gate, client, message): the per-client delay and lockout for guessed secrets
        (``facilitator_gate``: the facilitator token and series keys; ``join_gate``: codes and
        company keys), shared with the workshop screens so that neither is a way around the other."""
        from .service import UserFacingError

        guard = app.state.guard
        gate = getattr(guard, gate_name)
        client = guard.client(request.client.host if request.client else None, request.headers)
        try:
            gate.check(client)
        except UserFacingError as err:
            return gate, client, err.message
        return gate, client, ""

    # --- landing and creation -----------------------------------------------------------------

    @app.get("/series", response_class=HTMLResponse)
    @_database_errors_as_page
    def series_home(request: Request) -> HTMLResponse:
        return html_response(page("ワークショップシリーズ", """
<h1>ワークショップシリーズ</h1>
<p><a href="/series/join" id="ax-go-join">参加する（企業の方）</a></p>
<section class="card"><h2>シリーズを作成する（ファシリテーター）</h2>
<form method="post" action="/series/create" id="ax-create-series">
<label for="s-token">ファシリテーター用トークン</label><input type="password" id="s-token" name="token" autocomplete="off">
<label for="s-name">シリーズ名</label><input type="text" id="s-name" name="name" placeholder="例: 熊本AXゼミ 2026">
<label for="s-region">地域</label><input type="text" id="s-region" name="region" placeholder="例: 熊本県">
<label for="s-org">主催</label><input type="text" id="s-org" name="organiser" placeholder="例: 熊本県商工会連合会">
<label for="s-dates">予定日（1行に1回、または「,」区切り）</label><textarea id="s-dates" name="dates" rows="3"></textarea>
<button type="submit">シリーズを作成</button></form></section>"""))

    @app.post("/series/create", response_class=HTMLResponse)
    @_database_errors_as_page
    async def series_create(request: Request) -> Response:
        if _is_cross_site(request):
            return html_response(page("エラー", "", error="別のサイトからの送信は受け付けません。"), 403)
        gate, client, waiting = gated(request, "facilitator_gate")
        if message := throttled(request) or waiting:
            return html_response(page("シリーズの作成", "", error=message), 429)
        form = await form_of(request)
        workshops = app.state.workshops
        try:
            workshops.check_facilitator(form.get("token", ""))
        except Exception as err:  # WorkshopError: the shared facilitator token check
            gate.failed(client)
            return html_response(page("シリーズの作成", f"<p><a href='/series'>戻る</a></p>", error=str(err)), 403)
        gate.succeeded(client)
        try:
            name, region, organiser = validate_series(form.get("name", ""), form.get("region", ""), form.get("organiser", ""))
        except SeriesError as err:
            return html_response(page("シリーズの作成", "<p><a href='/series'>戻る</a></p>", error=str(err)), 400)
        series, key = store.create_series(name, region, organiser, parse_planned_dates(form.get("dates", "")))
        response = html_response(page("シリーズを作成しました", f"""
<h1>「{e(series.name)}」を作成しました</h1>
<section class="card"><p>ファシリテーターキー（再び開くときに必要です。控えてください。この画面でしか表示しません）:</p>
<p class="key" id="ax-fac-key" style="font-size:1.1em;word-break:break-all">{e(key)}</p>
<p>シリーズのアドレス: <b id="ax-series-url">/series/{e(series.id)}</b></p>
<p><a href="/series/{e(series.id)}" id="ax-open-dashboard">ダッシュボードを開く</a></p></section>"""))
        response.set_cookie(fac_cookie(series.id), key, httponly=True, samesite="strict", path=f"/series/{series.id}",
                            max_age=60 * 60 * 24 * 180)
        return response

    @app.post("/series/{series_id}/login", response_class=HTMLResponse)
    @_database_errors_as_page
    async def series_login(series_id: str, request: Request) -> Response:
        gate, client, waiting = gated(request, "facilitator_gate")
        if message := throttled(request) or waiting:
            return login_page(series_id, message, status=429)
        form = await form_of(request)
        try:
            series = store.open_series(series_id, form.get("key", ""))
        except SeriesError as err:
            gate.failed(client)
            return login_page(series_id, str(err))
        gate.succeeded(client)
        response = RedirectResponse(f"/series/{series.id}", status_code=303)
        response.set_cookie(fac_cookie(series.id), form.get("key", "").strip(), httponly=True, samesite="strict",
                            path=f"/series/{series.id}", max_age=60 * 60 * 24 * 180)
        return response

    # --- companies -----------------------------------------------------------------------------------

    @app.get("/series/join", response_class=HTMLResponse)
    @_database_errors_as_page
    def series_join_form() -> HTMLResponse:
        return html_response(page("ワークショップに参加", JOIN_FORM))

    @app.post("/series/join", response_class=HTMLResponse)
    @_database_errors_as_page
    async def series_join(request: Request) -> Response:
        if _is_cross_site(request):
            return html_response(page("参加", JOIN_FORM, error="別のサイトからの送信は受け付けません。"), 403)
        gate, client, waiting = gated(request, "join_gate")
        if message := throttled(request) or waiting:
            return html_response(page("ワークショップに参加", JOIN_FORM, error=message), 429)
        form = await form_of(request)
        try:
            if form.get("mode") == "return":
                company, _ = store.join_returning(form.get("code", ""), form.get("key", ""))
                key, ok = "", "returned"
            else:
                company, key = service.join_new(form.get("code", ""), form.get("name", ""), form.get("intro", ""))
                ok = "joined"
        except SeriesError as err:
            if isinstance(err, SecretGuessError):  # unknown codes and keys; an empty name or a closed round is no guess
                gate.failed(client)
            return html_response(page("ワークショップに参加", JOIN_FORM, error=str(err)), 400)
        gate.succeeded(client)
        response = RedirectResponse(f"/series/me?ok={ok}", status_code=303)
        year = 60 * 60 * 24 * 365
        response.set_cookie(ME_COOKIE, f"{company.id}.{company.session_id}", httponly=True, samesite="strict",
                            path="/series", max_age=year)
        response.set_cookie(KEY_COOKIE, format_company_key(key or form.get("key", "")), httponly=True,
                            samesite="strict", path="/series", max_age=year)
        return response

    def my_key(company: Company, request: Request) -> str:
        key = request.cookies.get(KEY_COOKIE, "")
        return key if key and store.company_has_key(company, key) else ""

    def me_view(company: Company, request: Request, ok: str = "", error: str = "", status: int = 200) -> HTMLResponse:
        series = _series_of(company)
        progress = service.progress(company)
        return html_response(me_page(series, rounds_of(series), progress, my_key(company, request),
                                     service.advisor_note(company), ok, error), status)

    def _series_of(company: Company) -> Series:
        return store.series_by_id(company.series_id)

    @app.get("/series/me", response_class=HTMLResponse)
    @_database_errors_as_page
    def series_me(request: Request) -> Response:
        company = me(request)
        if company is None:
            return RedirectResponse("/series/join", status_code=303)
        return me_view(company, request, ok=ok_of(request))

    @app.get("/series/me/handout", response_class=HTMLResponse)
    @_database_errors_as_page
    def series_me_handout(request: Request) -> Response:
        company = me(request)
        if company is None:
            return RedirectResponse("/series/join", status_code=303)
        return html_response(handout_page(_series_of(company), company, my_key(company, request), store.actions(company)))

    def company_post(path: str, handler: Callable[[Company, int, dict[str, str]], str]) -> None:
        async def endpoint(request: Request) -> Response:
            company = me(request)
            if company is None or _is_cross_site(request):
                return RedirectResponse("/series/join", status_code=303)
            form = await form_of(request)
            attended = store.rounds_attended(company)
            current = max(attended) if attended else 1
            try:
                ok = handler(company, current, form)
            except SeriesError as err:
                return me_view(company, request, error=str(err), status=400)
            return RedirectResponse(f"/series/me?ok={ok}", status_code=303)

        app.add_api_route(path, _database_errors_as_page(endpoint), methods=["POST"], response_class=HTMLResponse)

    # --- facilitator ------------------------------------------------------------------------------

    @app.get("/series/{series_id}", response_class=HTMLResponse)
    @_database_errors_as_page
    def series_dashboard(series_id: str, request: Request) -> Response:
        series = facilitator(series_id, request)
        if series is None:
            return login_page(series_id)
        return html_response(dashboard_page(series, rounds_of(series), service.all_progress(series), store.projector_token(series),
                                            ok=ok_of(request)))

    def facilitator_post(path: str, handler: Callable[[Series, dict[str, str], str], str]) -> None:
        """A facilitator form: run ``handler``; on success back to the dashboard with a message."""

        async def endpoint(series_id: str, request: Request, number: int = 0, company_id: str = "") -> Response:
            series = facilitator(series_id, request)
            if series is None or _is_cross_site(request):
                return login_page(series_id, "シリーズまたはファシリテーターキーが正しくありません。")
            form = await form_of(request)
            form["number"], form["company_id"] = str(number), company_id
            try:
                target = handler(series, form, company_id)
            except SeriesError as err:
                if company_id and target_company_exists(series, company_id):
                    progress = service.progress(store.company_in_series(series, company_id))
                    return html_response(company_page_for_facilitator(series, rounds_of(series), progress, error=str(err)), 400)
                return html_response(dashboard_page(series, rounds_of(series), service.all_progress(series),
                                                    store.projector_token(series), error=str(err)), 400)
            return RedirectResponse(target, status_code=303)

        app.add_api_route(path, _database_errors_as_page(endpoint), methods=["POST"], response_class=HTMLResponse)

    def target_company_exists(series: Series, company_id: str) -> bool:
        try:
            store.company_in_series(series, company_id)
            return True
        except SeriesError:
            return False

    def open_round(series: Series, form: dict[str, str], _: str) -> str:
        store.open_next_round(series)
        return f"/series/{series.id}?ok=round"

    def close_round(series: Series, form: dict[str, str], _: str) -> str:
        store.set_round_closed(series, int(form["number"]), True)
        return f"/series/{series.id}?ok=closed"

    def reopen_round(series: Series, form: dict[str, str], _: str) -> str:
        store.set_round_closed(series, int(form["number"]), False)
        return f"/series/{series.id}?ok=reopened"

    def confirm(series: Series, form: dict[str, str], company_id: str) -> str:
        try:
            number = int(form.get("round", "0"))
        except ValueError:
            raise SeriesError("回の指定が正しくありません。") from None
        store.confirm_stage(series, company_id, number, form.get("confirmed", "1") != "0")
        return f"/series/{series.id}?ok=confirmed"

    def remove(series: Series, form: dict[str, str], company_id: str) -> str:
        if form.get("sure") != "1":
            raise SeriesError("削除するには「確認」にチェックを入れてください。")
        store.remove_company(series, company_id)
        return f"/series/{series.id}?ok=removed"

    def merge(series: Series, form: dict[str, str], _: str) -> str:
        store.merge_companies(series, form.get("keep", ""), form.get("drop", ""))
        return f"/series/{series.id}?ok=merged"

    def facilitator_plan(series: Series, form: dict[str, str], company_id: str) -> str:
        company = store.company_in_series(series, company_id)
        last = max([r.number for r in rounds_of(series)] or [1])
        store.save_plan(company, validate_plan(plan_rows(form), last))
        return f"/series/{series.id}/companies/{company.id}?ok=plan"

    facilitator_post("/series/{series_id}/rounds/open", open_round)
    facilitator_post("/series/{series_id}/rounds/{number}/close", close_round)
    facilitator_post("/series/{series_id}/rounds/{number}/reopen", reopen_round)
    facilitator_post("/series/{series_id}/companies/{company_id}/confirm", confirm)
    facilitator_post("/series/{series_id}/companies/{company_id}/remove", remove)
    facilitator_post("/series/{series_id}/companies/{company_id}/plan", facilitator_plan)
    facilitator_post("/series/{series_id}/merge", merge)

    @app.get("/series/{series_id}/companies/{company_id}", response_class=HTMLResponse)
    @_database_errors_as_page
    def series_company(series_id: str, company_id: str, request: Request) -> Response:
        series = facilitator(series_id, request)
        if series is None:
            return login_page(series_id)
        try:
            company = store.company_in_series(series, company_id)
        except SeriesError as err:
            return html_response(page("企業", f"<p><a href='/series/{e(series.id)}'>戻る</a></p>", error=str(err)), 404)
        return html_response(company_page_for_facilitator(series, rounds_of(series), service.progress(company),
                                                          ok=ok_of(request)))

    def report_round(series: Series, number: int) -> Round | None:
        return next((r for r in rounds_of(series) if r.number == number), None)

    @app.get("/series/{series_id}/rounds/{number}/report.{ext}")
    @_database_errors_as_page
    def series_report(series_id: str, number: int, ext: str, request: Request) -> Response:
        series = facilitator(series_id, request)
        if series is None:
            return login_page(series_id)
        round_ = report_round(series, number)
        if round_ is None or ext not in ("html", "docx", "md"):
            return html_response(page("報告", "", error=f"第{number}回の報告は見つかりません。"), 404)
        markdown = round_report_markdown(series, round_, service.all_progress(series))
        return _document(markdown, f"{series.name} {round_.label} 報告", f"series-round{number}-report", ext)

    @app.get("/series/{series_id}/rounds/{number}/projector", response_class=HTMLResponse)
    @_database_errors_as_page
    def series_projector(series_id: str, number: int, request: Request) -> Response:
        try:
            series = store.open_as_projector(series_id, request.query_params.get("token", ""))
        except SeriesError as err:
            return html_response(page("投影", "", error=str(err)), 403)
        round_ = report_round(series, number)
        if round_ is None:
            return html_response(page("投影", "", error=f"第{number}回は見つかりません。"), 404)
        join_url = settings.public_url or str(request.base_url)
        if not join_url.endswith("/"):
            join_url += "/"
        return html_response(projector_page(series, round_, summarise_round(round_, service.all_progress(series)), join_url))

    @app.get("/series/{series_id}/recognition.{ext}")
    @_database_errors_as_page
    def series_recognition(series_id: str, ext: str, request: Request) -> Response:
        series = facilitator(series_id, request)
        if series is None:
            return login_page(series_id)
        if ext not in ("html", "docx", "md"):
            return html_response(page("表彰候補", "", error="形式は html・docx・md のいずれかです。"), 404)
        rounds = rounds_of(series)
        markdown = recognition_sheet_markdown(series, rounds, rank_most_changed(service.all_progress(series)),
                                              date.today().isoformat())
        return _document(markdown, f"表彰候補 {series.name}", "series-recognition", ext)

    def me_readiness(company: Company, current: int, form: dict[str, str]) -> str:
        valid = {i.id for i in ITEMS}
        answers = {k: v for k, v in form.items() if k in valid and v in ANSWER_CHOICES}
        if not answers:
            raise SeriesError("準備度チェックの質問に1つ以上回答してください。")
        store.save_readiness(company, current, answers)
        return "readiness"

    def me_plan(company: Company, current: int, form: dict[str, str]) -> str:
        series = _series_of(company)
        last = max([r.number for r in rounds_of(series)] or [current])
        store.save_plan(company, validate_plan(plan_rows(form), last))
        return "plan"

    def me_checkin(company: Company, current: int, form: dict[str, str]) -> str:
        store.save_checkin(company, current, form.get("done", ""), form.get("learned", ""))
        return "checkin"

    def me_stage(company: Company, current: int, form: dict[str, str]) -> str:
        store.choose_stage(company, current, form.get("stage", ""))
        return "stage"

    def me_evidence(company: Company, current: int, form: dict[str, str]) -> str:
        store.add_evidence(company, validate_evidence(form.get("kind", ""), form.get("figure", ""),
                                                      form.get("words", ""), current))
        return "evidence"

    def me_consent(company: Company, current: int, form: dict[str, str]) -> str:
        store.set_consent(company, form.get("quote") == "1", form.get("case") == "1")
        return "consent"

    def me_case(company: Company, current: int, form: dict[str, str]) -> str:
        store.save_case(company, form.get("challenge", ""), form.get("approach", ""), form.get("result", ""))
        return "case"

    for name, handler in (("readiness", me_readiness), ("plan", me_plan), ("checkin", me_checkin), ("stage", me_stage),
                          ("evidence", me_evidence), ("consent", me_consent), ("case", me_case)):
        company_post(f"/series/me/{name}", handler)
    return service


def _database_errors_as_page(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """A database that does not answer becomes a Japanese page with 503, never a traceback."""
    import asyncio
    import functools

    def unavailable(err: DatabaseError) -> HTMLResponse:
        return HTMLResponse(page("ただいま利用できません", "", error=err.user_message), status_code=503,
                            headers={**PRIVATE, "Retry-After": "30"})

    if asyncio.iscoroutinefunction(endpoint):
        @functools.wraps(endpoint)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            try:
                return await endpoint(*args, **kwargs)
            except DatabaseError as err:
                return unavailable(err)

        return run_async

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        except DatabaseError as err:
            return unavailable(err)

    return run


def _document(markdown: str, title: str, filename: str, ext: str) -> Response:
    if ext == "html":
        return HTMLResponse(markdown_page(markdown, title), headers=PRIVATE)
    if ext == "md":
        return Response(markdown, media_type="text/markdown; charset=utf-8", headers={
            **PRIVATE, "Content-Disposition": f'attachment; filename="{filename}.md"'})
    from advisor.chains.drafting import markdown_docx

    return Response(markdown_docx(markdown), headers={
        **PRIVATE, "Content-Disposition": f'attachment; filename="{filename}.docx"'},
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
