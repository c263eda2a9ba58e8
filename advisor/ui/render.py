"""HTML fragments for the Gradio panels: citations, program cards, readiness results, dashboard.

Every value is passed through html.escape: answers quote documents and echo what owners type,
and a company name or a question like ``<img onerror=…>`` must stay text. Gradio's HTML component
does not sanitise for us, so these functions are the only place markup is made.
"""

from __future__ import annotations

import html
import re
from typing import Any, Iterable, Mapping

from .readiness import ReadinessResult

e = html.escape
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")

STATUS_LABELS = {"fit": "対象となりうる", "needs_info": "要確認（情報が必要）", "no_fit": "対象外の可能性"}
# Marks Japanese forms use (○ × ？ ※): every Japanese font has them, while emoji show as boxes on
# machines without an emoji font (common on prefectural intranet PCs and kiosk browsers).
OUTCOME_MARKS = {"pass": "○", "fail": "×", "unknown": "？", "info": "※"}
OUTCOME_WORDS = {"pass": "満たす", "fail": "満たさない", "unknown": "不明", "info": "参考"}


def escape_chat(text: str) -> str:
    """Chat text made inert for the Markdown chatbot: markup characters become entities, so
    ``<script>`` is shown literally instead of being removed or run; Markdown (bold, lists) stays."""
    # "~" too: ranges such as 5万円~150万円 (NFKC turns ～ into ~) would otherwise render struck through.
    out = html.escape(text or "", quote=False).replace("~", "\\~")
    # **bold** next to Japanese punctuation (「**補助金（一般型）**について」) is not bold under CommonMark's
    # flanking rules; the text is already escaped, so a literal <strong> is safe and always renders.
    return _BOLD.sub(r"<strong>\1</strong>", out)


def date_label(date: str | None) -> str:
    if not date:
        return "日付不明"
    units = ["年", "月", "日"]
    out = "".join(f"{int(p)}{units[i]}" for i, p in enumerate(str(date).split("-")[:3]) if p.isdigit())
    return out or str(date)


def location_label(c: Mapping[str, Any]) -> str:
    page = c.get("page")
    if page is not None:
        return f"{page}ページ"
    return c.get("section") or "本文"


def citation_meta(c: Mapping[str, Any]) -> str:
    """「title」（issuer、date）page — one line, plain text (escape before use in HTML)."""
    return f"「{c.get('title') or '題名不明'}」（{c.get('issuer') or '発行者不明'}、{date_label(c.get('date'))}）{location_label(c)}"


def citations_html(citations: Iterable[Mapping[str, Any]], empty: str = "回答の出典がここに表示されます。") -> str:
    items = []
    for i, c in enumerate(citations, 1):
        items.append(
            "<li class='ax-cite'>"
            f"<div class='ax-cite-head'>[{i}] {e(c.get('title') or '題名不明')}</div>"
            f"<div class='ax-cite-meta'>発行: {e(c.get('issuer') or '発行者不明')} ／ 資料の日付: {e(date_label(c.get('date')))}"
            f" ／ 位置: {e(location_label(c))}</div>"
            f"<blockquote>{e(c.get('passage') or '')}</blockquote>"
            "</li>"
        )
    if not items:
        return f"<p class='ax-muted' id='ax-citations-empty'>{e(empty)}</p>"
    return f"<ol class='ax-cite-list' id='ax-citations' aria-label='出典'>{''.join(items)}</ol>"


def _reason_html(r: Mapping[str, Any]) -> str:
    outcome = r.get("outcome", "info")
    text = r.get("explanation") or f"{r.get('rule', '')}（御社: {r.get('company_value', '不明')}）"
    mark = f"<span aria-label='{e(OUTCOME_WORDS.get(outcome, outcome))}'>{OUTCOME_MARKS.get(outcome, '・')}</span>"
    cite = r.get("citation")
    evidence = ""
    if cite:
        evidence = (f"<details class='ax-evidence'><summary>根拠</summary>{e(citation_meta(cite))}"
                    f"<blockquote>{e(cite.get('passage') or '')}</blockquote></details>")
    return f"<li>{mark} {e(text)}{evidence}</li>"


def program_card(m: Mapping[str, Any]) -> str:
    status = m.get("status", "needs_info")
    reasons = "".join(_reason_html(r) for r in m.get("reasons", []) if r.get("outcome") != "info" or status == "fit")
    highlights = "".join(_reason_html(h) for h in m.get("highlights", [])[:3])
    questions = "".join(f"<li>{e(q)}</li>" for q in m.get("questions", [])[:3])
    notice = f"<p class='ax-notice'>{e(m['notice'])}</p>" if m.get("notice") else ""
    rank = int(m.get("recommended") or 0)
    parts = [
        f"<article class='ax-card' data-status='{e(status)}' data-recommended='{rank}' aria-label='{e(m.get('program', ''))}'>",
        f"<h4>{f'{rank}. ' if rank else ''}{e(m.get('program', ''))}</h4>",
        f"<span class='ax-badge ax-{e(status)}'>{e(STATUS_LABELS.get(status, status))}</span>",
        (f" <span class='ax-round' data-round-status='{e(m['round_status'])}'>公募: {e(m.get('round_label') or m['round_status'])}</span>"
         if m.get("round_status") else ""),
        _why_html(m) if rank else "",
        notice,
        f"<ul>{reasons}</ul>" if reasons else "",
        f"<details><summary>金額・時期などのポイント</summary><ul>{highlights}</ul></details>" if highlights else "",
        f"<div><strong>確認したいこと</strong><ul>{questions}</ul></div>" if questions else "",
        "</article>",
    ]
    return "".join(parts)


def _why_html(m: Mapping[str, Any]) -> str:
    """The recommendation's one line of why, with the document it quotes behind 根拠."""
    cite = m.get("why_citation")
    evidence = ""
    if cite:
        evidence = (f"<details class='ax-evidence'><summary>根拠</summary>{e(citation_meta(cite))}"
                    f"<blockquote>{e(cite.get('passage') or '')}</blockquote></details>")
    return f"<div class='ax-why'>{e(m.get('why') or '')}{evidence}</div>"  # a <p> cannot hold <details>


def cards_html(matches: list[Mapping[str, Any]], per_status: int = 4) -> str:
    """The recommended programs first (at most three, ranked, each with its why); the other
    eligible programs behind a fold; then programs that need information and, folded, non-fits."""
    if not matches:
        return ("<p class='ax-muted' id='ax-cards-empty'>業種・従業員数・所在地・やりたいことを教えていただくと、"
                "対象となりうる制度をここに表示します。</p>")
    out = ["<div id='ax-cards'>"]
    recommended = sorted((m for m in matches if m.get("recommended")), key=lambda m: int(m["recommended"]))
    if recommended:
        cards = "".join(program_card(m) for m in recommended)
        out.append(f"<section id='ax-recommended'><h3>おすすめの制度（御社の目標・規模に合う順）</h3>"
                   f"<div class='ax-cards'>{cards}</div></section>")
    other_fits = [m for m in matches if m.get("status") == "fit" and not m.get("recommended")]
    if other_fits:
        cards = "".join(program_card(m) for m in other_fits)
        title = f"ほかに対象となりうる制度（{len(other_fits)}件）" if recommended else f"{STATUS_LABELS['fit']}（{len(other_fits)}件）"
        out.append(f"<details id='ax-more-fits'><summary><strong>{e(title)}</strong></summary>"
                   f"<div class='ax-cards'>{cards}</div></details>")
    for status in ("needs_info", "no_fit"):
        group = [m for m in matches if m.get("status") == status and not m.get("recommended")]
        if not group:
            continue
        cards = "".join(program_card(m) for m in group[:per_status])
        more = f"<p class='ax-muted'>ほか{len(group) - per_status}件</p>" if len(group) > per_status else ""
        body = f"<div class='ax-cards'>{cards}</div>{more}"
        title = f"{STATUS_LABELS[status]}（{len(group)}件）"
        if status == "no_fit":
            out.append(f"<details><summary><strong>{e(title)}</strong></summary>{body}</details>")
        else:
            out.append(f"<h3>{e(title)}</h3>{body}")
    out.append("</div>")
    return "".join(out)


def readiness_html(result: ReadinessResult) -> str:
    if result.answered == 0:
        return "<p class='ax-muted'>各項目に回答して「診断する」を押してください。</p>"
    parts = [
        f"<div id='ax-readiness-result'><p><strong>AX準備度: {result.score}点</strong>（100点満点・回答{result.answered}項目）"
        f" — {e(result.level)}</p>"
    ]
    if result.gaps:
        parts.append("<h3>次に取り組むとよいこと</h3><ol class='ax-cite-list'>")
        for r in result.gaps:
            c = r.citation.to_dict()
            parts.append(
                f"<li class='ax-cite'><div class='ax-cite-head'>{e(r.item.topic)}（回答: {e(r.answer)}）</div>"
                f"<div>{e(r.item.advice)}</div>"
                f"<div class='ax-cite-meta'>出典: {e(citation_meta(c))}</div>"
                f"<blockquote>{e(c.get('passage') or '')}</blockquote></li>"
            )
        parts.append("</ol>")
    else:
        parts.append("<p>すべての項目で準備ができています。制度の活用や具体的なAI導入計画の相談に進みましょう。</p>")
    parts.append("</div>")
    return "".join(parts)


def ranked_list_html(title: str, items: list[tuple[str, int]], empty: str, elem_id: str) -> str:
    lis = "".join(f"<li>{e(name)} <strong>{n}社</strong></li>" for name, n in items)
    body = f"<ol>{lis}</ol>" if lis else f"<p class='ax-muted'>{e(empty)}</p>"
    return f"<section id='{e(elem_id)}'><h3>{e(title)}</h3>{body}</section>"


def dashboard_html(board: Any, key: str) -> str:
    """The facilitator's dashboard: join code, per-company table, aggregates and export links.

    ``key`` (the facilitator key) goes into the export links only; this HTML is shown only in the
    facilitator's own browser after the key was checked.
    """
    from urllib.parse import quote

    ws = board.workshop
    from .workshop import projector_token

    base = f"workshop/{quote(ws.code)}"
    q = f"?key={quote(key)}"
    projector_q = f"?token={quote(projector_token(key))}"  # read-only: the room sees this address
    links = (
        f"<a id='ax-export-csv' href='{e(base)}/export.csv{e(q)}' download>CSVを保存</a> ・ "
        f"<a id='ax-handout-html' href='{e(base)}/handout.html{e(q)}' target='_blank' rel='noopener'>配布資料（印刷用HTML）</a> ・ "
        f"<a id='ax-handout-md' href='{e(base)}/handout.md{e(q)}' download>配布資料（Markdown）</a> ・ "
        f"<a id='ax-projector' href='{e(base)}/projector{e(projector_q)}' target='_blank' rel='noopener'>投影用画面</a>"
    )
    rows = []
    for number, r in enumerate(board.rows, 1):
        score = "—" if r.readiness_score is None else f"{r.readiness_score}点"
        rows.append(
            "<tr>"
            f"<td>{number}</td>"
            f"<td>{e(r.company)}</td>"
            f"<td>{'<br>'.join(e(x) for x in r.profile_lines) or '（未入力）'}</td>"
            f"<td>{_short_list(r.fits, 5) or '—'}</td>"
            f"<td>{_short_list(r.needs_info, 3) or '—'}</td>"
            f"<td>{e(score)}</td>"
            f"<td>{e('／'.join(r.readiness_gaps + r.pain_points)) or '—'}</td>"
            "</tr>"
        )
    table = (
        "<table id='ax-participants' class='ax-table'><caption>参加企業</caption><thead><tr>"
        "<th scope='col'>番号</th><th scope='col'>会社</th><th scope='col'>プロフィール</th><th scope='col'>対象となりうる制度</th>"
        "<th scope='col'>情報が必要な制度</th><th scope='col'>準備度</th><th scope='col'>課題</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows else "<p class='ax-muted' id='ax-participants-empty'>まだ参加者はいません。</p>"
    )
    avg = "—" if board.average_readiness is None else f"{board.average_readiness}点"
    status = "受付終了" if ws.closed else "参加受付中"
    return (
        f"<section id='ax-dashboard-inner' aria-label='ダッシュボード'>"
        f"<h2>{e(ws.title)}</h2>"
        f"<p>参加コード <strong id='ax-join-code-show' class='ax-code'>{e(ws.code)}</strong>（{e(status)}） ・ "
        f"参加企業 <strong id='ax-participant-count'>{board.participant_count}社</strong> ・ AX準備度の平均 {e(avg)}</p>"
        f"<p>{links}</p>"
        f"{table}"
        "<div class='ax-cards'>"
        + ranked_list_html("多かった課題", board.common_issues, "まだ集計できる回答がありません。", "ax-top-issues")
        + ranked_list_html("対象となりうる制度（社数）", board.top_programs, "まだプロフィールが十分ではありません。", "ax-top-programs")
        + "</div></section>"
    )


def _short_list(items: list[str], limit: int) -> str:
    shown = "<br>".join(e(x) for x in items[:limit])
    return shown + (f"<br><span class='ax-muted'>ほか{len(items) - limit}件</span>" if len(items) > limit else "")
