"""Drafting chain: program + company profile (+ notes) → the AX section of a business plan.

Headings follow what the program's documents say is evaluated or required: the catalog's AX
emphasis, purpose (生産性), conditions (賃上げ要件, 審査上の考慮), caps, rates, eligible expenses and
schedule, plus retrieved passages that mention 審査/評価/重点 for the program. Figures come only
from the profile (the owner's own numbers) or from cited document passages; everything else is a
visible 【要記入：…】 placeholder. The draft never promises adoption.

The owner's words are cut into clauses and each goes to the slot it is about (``owner_slots``):
problem (effort, shortage, trouble) under 解決したい課題, how work is done today under the current
state, the object of 導入/入れる under 導入する技術・設備, what they want under 取組の目的, their own
figures as the current metric and a stated change (半分, 削減…) as the target. A sentence only goes
under a heading it is about: a subsidy rate is never quoted under 賃上げ.

With an LLM configured, the extractive draft is polished by the model and accepted only if every
placeholder, heading and citation survives and no new figure or promise appears.
"""

from __future__ import annotations

import difflib
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from advisor.chains.evidence import select_evidence
from advisor.chains.grounding import CitationNumbers, clean_sentence, figures, resolve_relative_dates
from advisor.inbound import mask_pii
from advisor.chains.llm import LLMUnavailable, load_prompt, make_llm
from advisor.chains.review_items import MAX_POINTS, GuidelineLookup, ReviewCriteria, ReviewItem, review_criteria
from advisor.config import Settings
from advisor.numbers import format_count, format_yen
from advisor.text import compact, nfkc
from advisor.types import Citation

if TYPE_CHECKING:
    from advisor.chains.llm import ChatBackend
    from advisor.programs import Catalog, Profile, Program
    from advisor.retrieval.hybrid import Retriever

log = logging.getLogger(__name__)

PLACEHOLDER_RE = re.compile(r"【要記入：[^】]*】")
# Promises an application must never make (checked on every draft, LLM or not).
FORBIDDEN = ("必ず採択", "採択確実", "確実に採択", "採択されます", "採択が約束", "採択を約束", "100%採択", "絶対に採択")
_EVALUATED = re.compile(r"審査|評価|重点|加点|考慮|優遇|要件")


class UnknownProgram(ValueError):
    """The program name is not in the catalog; str() is a Japanese message with close names."""


@dataclass
class Draft:
    program_id: str
    program_name: str
    markdown: str
    placeholders: list[str]
    citations: list[Citation]
    warnings: list[str] = field(default_factory=list)
    # The 公募要領 whose 審査項目 the sections follow; None: the fixed headings.
    review_criteria: ReviewCriteria | None = None

    @property
    def structure(self) -> str:
        return "review_items" if self.review_criteria is not None else "fixed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "program_id": self.program_id,
            "program": self.program_name,
            "program_name": self.program_name,
            "markdown": self.markdown,
            "placeholders": list(self.placeholders),
            "citations": [c.to_dict() for c in self.citations],
            "warnings": list(self.warnings),
            "structure": self.structure,
            "review_criteria": self.review_criteria.to_dict() if self.review_criteria is not None else None,
        }

    def to_docx(self) -> bytes:
        """A Word document with real headings and bullets; placeholders highlighted in yellow."""
        return markdown_docx(self.markdown)


def markdown_docx(markdown: str) -> bytes:
    """The drafts' Markdown subset (headings, bullets, numbered lines, **bold**, 【要記入：…】
    placeholders highlighted in yellow) as a Word document; also used by the workshop reports."""
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    doc = Document()
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", line)
        if m:
            doc.add_heading(m.group(2).replace("**", ""), level=min(len(m.group(1)), 4) - 1 if len(m.group(1)) > 1 else 0)
            continue
        bullet = re.match(r"^\s*[-*]\s+(.*)$", line)
        numbered = re.match(r"^\s*\d+[.．]\s+(.*)$", line)
        if bullet:
            paragraph = doc.add_paragraph(style="List Bullet")
            text = bullet.group(1)
        elif numbered:
            paragraph = doc.add_paragraph(style="List Number")
            text = numbered.group(1)
        else:
            paragraph = doc.add_paragraph()
            text = line
        for part in re.split(r"(【要記入：[^】]*】|\*\*[^*]+\*\*)", text):
            if not part:
                continue
            if part.startswith("【要記入"):
                run = paragraph.add_run(part)
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                run.bold = True
            elif part.startswith("**"):
                paragraph.add_run(part.strip("*")).bold = True
            else:
                paragraph.add_run(part)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- program lookup -----------------------------------------------------------------------------------


def find_program(name: str, catalog: Catalog) -> Program:
    program = catalog.get(name)
    if program is not None:
        return program
    key = compact(name)
    names = [n for p in catalog.programs for n in p.names]
    partial = [n for n in names if key and (key in compact(n) or compact(n) in key)]
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.3)
    if len(set(catalog.get(n).id for n in partial)) == 1:  # one program contains the typed words
        return catalog.get(partial[0])
    suggestions = list(dict.fromkeys([*partial, *close]))[:5]
    hint = "、".join(f"「{s}」" for s in suggestions) if suggestions else "、".join(f"「{p.name.value}」" for p in catalog.programs[:6])
    raise UnknownProgram(f"「{name}」という制度は資料の制度一覧にありません。次の制度名で指定してください：{hint}")


# --- the owner's words, slot by slot --------------------------------------------------------------

# A clause is about the problem when it states effort, shortage or trouble; about the current state
# when it names how work is done today; a tool is the object of 導入/入れる/使う; the rest that
# wants something is a goal. Figures (hours, people, yen, %) stay in the clause that states them.
_PROBLEM = re.compile(r"(?:時間|分|手間)(?:が|も)?(?:かかる|かかります)|かかって|かけて|掛かって|足りな|不足|困って|悩ん|負担|手間|ミス|遅れ|大変|できない|追いつかない|残業")
_CURRENT = re.compile(r"紙で|紙の|手書き|手作業|エクセル|Excel|FAX|ファックス|電話で|目視")
_TOOL = re.compile(r"^(?P<tool>.+)を(?:[^、。を]{0,12}?)(?:導入|入れ|使|活用|購入|更新)")
_WANT = re.compile(r"たい|目指|予定|つもり|計画")
_TARGET = re.compile(r"半分|半減|削減|短縮|減ら|ゼロ|[0-9０-９]+\s*(?:%|％|割)")
_FIGURE = re.compile(r"[0-9０-９]+(?:[.,][0-9]+)?\s*(?:時間|分|人|名|円|万円|億円|件|日|%|％|割)")


@dataclass
class OwnerSlots:
    """What the owner said, each clause in the slot it is about (see _clauses)."""

    problems: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)  # goals that name a measurable change
    figures: list[str] = field(default_factory=list)  # problem/current clauses that state a figure


def _clauses(sentence: str) -> list[str]:
    """A sentence cut at 、 and 。 (「見積もり作成に毎日3時間かかっており、AIで…を導入したい」 → two)."""
    # A comma between digits is a thousands separator (「1,200万円」), not a clause break.
    return [c.strip(" 　、。") for c in re.split(r"[、。]|,(?![0-9]{3})", nfkc(sentence)) if c.strip(" 　、。")]


def owner_slots(profile: Profile) -> OwnerSlots:
    slots = OwnerSlots()
    sentences = list(dict.fromkeys([*profile.pain_points, *profile.digital_use, *profile.goals]))
    for sentence in sentences:
        for clause in _clauses(sentence):
            tool = _TOOL.match(clause)
            if tool and _WANT.search(sentence):
                # 「AI画像検査装置を500万円で導入して」: the tool without the amount (kept in 予定投資額).
                name = re.sub(r"\s*[0-9０-９,.]+\s*(?:万円|億円|円)で?$", "", tool.group("tool")).strip()
                if name and name not in slots.tools:
                    slots.tools.append(name)
                slots.goals.append(clause)
            elif _PROBLEM.search(clause):
                slots.problems.append(clause)
            elif _CURRENT.search(clause):
                slots.current.append(clause)
            elif _WANT.search(clause):
                slots.goals.append(clause)
            else:
                # An unmarked clause belongs with the sentence's kind (a pain point or a usage).
                (slots.problems if sentence in profile.pain_points else slots.current if sentence in profile.digital_use
                 else slots.goals).append(clause)
    slots.targets = [g for g in slots.goals if _TARGET.search(g)]
    slots.figures = [c for c in [*slots.problems, *slots.current] if _FIGURE.search(c)]
    purpose = profile.investment_purpose.strip()
    # A purpose given as such (a form field, 「クラウド型の生産管理システム」) is the tool; one the
    # parser cut out of a sentence (blanks where the amount was, a whole goal) is not.
    if purpose and not slots.tools and not re.search(r"\s|、|。", purpose) and not _PROBLEM.search(purpose) \
            and not any(compact(purpose) in compact(g) for g in profile.goals):
        slots.tools.append(purpose)
    return slots


# --- composition ---------------------------------------------------------------------------------------


class _Builder(CitationNumbers):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def quote(self, lead: str, citation: Citation, words: str = "") -> str:
        text = resolve_relative_dates(clean_sentence(words or citation.passage.replace("\n", " ")), None, date=citation.date)
        return f"{lead}「{text}」[{self.cite(citation)}]"

    def h(self, text: str, level: int = 2) -> None:
        if self.lines:
            self.lines.append("")
        self.lines.append(f"{'#' * level} {text}")

    def p(self, text: str) -> None:
        self.lines.append(text)

    def b(self, text: str) -> None:
        self.lines.append(f"- {text}")


def _ph(what: str) -> str:
    return f"【要記入：{what}】"


def _facts(program: Program, field_name: str) -> list:
    value = getattr(program, field_name, None)
    return value if isinstance(value, list) else ([value] if value is not None else [])


def _fact_words(fact) -> str:
    return getattr(fact, "evidence", "") or fact.value


def _evaluated_passages(program: Program, settings: Settings, retriever) -> list:
    """Retrieved sentences about how this program is evaluated (審査・評価・重点・要件)."""
    if retriever is None:
        return []
    query = f"{program.name.value} 審査 評価 重点 AXの取組 要件"
    try:
        hits = retriever.search(query, k=settings.answer_passages)
    except Exception:  # noqa: BLE001 - no index: the catalog alone still gives a structure
        return []
    names = [compact(n) for n in program.names if len(compact(n)) >= 3]
    hits = [h for h in hits if any(n in compact(h.chunk.text_with_heading()) for n in names)]
    selection = select_evidence(query, hits, retriever, max_sentences=6)
    return [e for e in selection.evidence if _EVALUATED.search(e.original)]


# --- structure: fixed headings, or the 公募要領's 審査項目 -----------------------------------------

# The draft's content in blocks; each writes its bullets under whatever heading the structure gives it.
BLOCKS = ("overview", "current", "problem", "goal", "tool", "notes", "change", "organisation", "policy",
          "productivity", "wages", "investment", "schedule")

# Without an ingested 公募要領 that states its 審査項目: these headings and the blocks under each.
FIXED_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("1. 事業の概要と現状の課題", ("overview", "current", "problem")),
    ("2. AX（AI活用）の取組内容", ("goal", "tool", "notes", "change", "organisation", "policy")),
    ("3. 生産性向上の効果", ("productivity",)),
    ("4. 賃上げ・雇用への取組", ("wages",)),
    ("5. 投資計画と資金", ("investment",)),
    ("6. 実施スケジュール", ("schedule",)),
)

# Which 審査項目 a block goes under: cue words in the item's title (weight 3) and its points (1);
# the best item wins, the earlier on a tie. Items for some applicants only (「…申請者のみ」) take no
# block: an owner who is not one of them would otherwise fill in the wrong section.
_BLOCK_CUES: dict[str, re.Pattern[str]] = {name: re.compile(cues) for name, cues in {
    "overview": r"適格性|対象者|基礎審査|経営の?状況|企業概要|会社概要",
    "current": r"経営の?状況|内部環境|経営資源|強み|現状",
    "problem": r"課題|問題意識",
    "goal": r"経営目標|実現したい|経営方針|方針|新規事業",
    "tool": r"解決方策|解決策|取組内容|ITツール|補助事業計画|デジタル技術を有効|導入する",
    "organisation": r"体制|人材|育成",
    "policy": r"政策|先端的なデジタル|イノベーション",
    "productivity": r"目標値|付加価値|生産性",
    "wages": r"賃上げ|賃金|給与",
    "investment": r"費用対効果|経費|資金|積算|事業費|補助金交付額",
    "schedule": r"スケジュール|遂行方法|実施時期",
}.items()}
# A block no item is about goes with a neighbour (the notes and the change of work with the tool).
_FALLBACK = {"notes": ("tool", "goal"), "change": ("tool", "goal"), "problem": ("current", "overview"),
             "current": ("overview",), "goal": ("tool",), "tool": ("goal",), "productivity": ("goal", "tool"),
             "organisation": ("schedule",), "schedule": ("organisation",)}
OTHER_HEADING = "その他の記載事項（審査項目に直接対応しない項目）"


def assign_blocks(items: Sequence[ReviewItem]) -> tuple[dict[int, list[str]], list[str]]:
    """Block names per item index, in BLOCKS order, and the blocks no item is about."""
    where: dict[str, int] = {}
    for block, cues in _BLOCK_CUES.items():
        scores = [0 if item.conditional else 3 * len(cues.findall(item.title)) + len(cues.findall(item.text))
                  for item in items]
        if scores and max(scores) > 0:
            where[block] = scores.index(max(scores))
    for _ in range(2):  # a fallback may lean on another fallback
        for block, neighbours in _FALLBACK.items():
            if block not in where:
                found = next((where[n] for n in neighbours if n in where), None)
                if found is not None:
                    where[block] = found
    per_item: dict[int, list[str]] = {i: [b for b in BLOCKS if where.get(b) == i] for i in range(len(items))}
    return per_item, [b for b in BLOCKS if b not in where]


# --- composition ---------------------------------------------------------------------------------------


def compose_draft(program: Program, profile: Profile, notes: str, *, settings: Settings, retriever,
                  guideline: GuidelineLookup | None = None) -> tuple[str, list[Citation]]:
    d = _Builder()
    name = program.name.value
    guideline = guideline if guideline is not None else review_criteria(retriever, program.id)
    criteria = guideline.criteria
    d.h(f"{name} 事業計画書（AXへの取組）下書き", 1)
    company = profile.industry.label if profile.industry else _ph("業種・主な製品／サービス")
    d.p(
        f"本書は、{name}の申請に向けた事業計画のうち、AI（人工知能）を活用した変革（AX）への取組を記載する部分の下書きです。"
        "数値は会社からいただいた情報と資料の記載のみを用い、分からない箇所は【要記入】として残しています。"
    )
    if criteria is not None:
        where = f"{criteria.page}ページ" if criteria.page is not None else "本文"
        d.p(f"見出しは、{criteria.source.title}（{criteria.source.issuer}、{criteria.source.date_label}）の"
            f"「{criteria.section.split(' > ')[-1]}」（{where}〜）の審査項目に沿っています。"
            "各見出しの番号の資料・ページで原文を確認できます。")
    elif guideline.guidelines:
        titles = "、".join(f"「{s.title}」" for s in guideline.guidelines[:2])
        d.p(f"※ 取り込まれている{titles}には審査項目の記載が見つからなかったため、標準の見出しで構成しています。")
    else:
        d.p("※ この制度の公募要領が資料に取り込まれていないため、標準の見出しで構成しています。"
            "公募要領が追加されると、その審査項目に沿った見出しになります。")

    # What the documents say is evaluated / emphasised.
    emphasis = _facts(program, "ax_emphasis")
    conditions = _facts(program, "conditions")
    # With 審査項目 to follow, the document's own items say what is evaluated: no search for more.
    evaluated = _evaluated_passages(program, settings, retriever) if criteria is None else []
    if emphasis or conditions or evaluated:
        d.h("0. 資料で重視されている点（記載の根拠）")
        seen: set[str] = set()
        for fact in [*emphasis, *conditions]:
            words = _fact_words(fact)
            if compact(words) in seen:
                continue
            seen.add(compact(words))
            d.b(d.quote("資料の記載：", fact.citation, words))
        for ev in evaluated[:3]:
            if any(compact(ev.original) in s or s in compact(ev.original) for s in seen):
                continue
            seen.add(compact(ev.original))
            d.b(d.quote("資料の記載：", Citation(**{**ev.citation.to_dict(), "passage": ev.original})))

    slots = owner_slots(profile)
    blocks = _Blocks(d, program, profile, notes, slots, company, emphasis, conditions)
    if criteria is None:
        for heading, names in FIXED_SECTIONS:
            d.h(heading)
            for block in names:
                blocks.write(block)
    else:
        per_item, leftover = assign_blocks(criteria.items)
        for i, item in enumerate(criteria.items):
            citation = criteria.citation(item)
            number = d.cite(citation)
            page = f"（{item.page}ページ）" if item.page is not None else ""
            # 「<1と2は選択制>」: full-width brackets, or a Markdown viewer takes it for an HTML tag.
            d.h(f"{item.heading.replace('<', '＜').replace('>', '＞')}{page}[{number}]")
            points = item.points[:MAX_POINTS]
            more = f"ほか{len(item.points) - len(points)}点" if len(item.points) > len(points) else ""
            if points:
                d.b("審査の観点（公募要領の記載）：" + "".join(f"「{clean_sentence(p.text)}」" for p in points) + more + f"[{number}]")
            if item.conditional:
                d.b(f"該当する場合のみ記載：{_ph(f'{item.title}に沿った計画')}")
                continue
            for block in per_item[i]:
                blocks.write(block)
            d.b(f"この審査項目に沿って補う内容：{_ph(f'「{item.title}」の審査の観点に沿った具体的な記載')}")
        if leftover:
            d.h(OTHER_HEADING)
            for block in leftover:
                blocks.write(block)

    d.p("")
    d.p("※ 審査の結果は事務局の審査で決まります。この下書きは申請の準備のためのもので、内容は必ず最新の公募要領と照らしてご確認ください。")
    d.h("参考資料", 2)
    for i, c in enumerate(d.citations, start=1):
        where = f"{c.page}ページ" if c.page is not None else (c.section or "本文")
        d.p(f"[{i}] {c.title}（{c.issuer}、{c.date or '日付不明'}）{where}")
    return "\n".join(d.lines).strip() + "\n", d.citations


class _Blocks:
    """The draft's content, block by block (see BLOCKS); each writes bullets into the builder."""

    def __init__(self, d: _Builder, program: Program, profile: Profile, notes: str, slots: OwnerSlots, company: str,
                 emphasis: list, conditions: list) -> None:
        self.d, self.program, self.profile, self.notes, self.slots = d, program, profile, notes, slots
        self.company, self.emphasis, self.conditions = company, emphasis, conditions

    def write(self, block: str) -> None:
        getattr(self, f"_{block}")()

    def _overview(self) -> None:
        d, profile = self.d, self.profile
        location = f"{profile.prefecture}{profile.municipality}" or _ph("所在地（都道府県・市区町村）")
        employees = format_count(profile.employees) + (f"（{profile.employees_note}）" if profile.employees_note else "") if profile.employees is not None else _ph("従業員数（常時使用する従業員）")
        d.b(f"業種：{self.company}")
        d.b(f"所在地：{location}")
        d.b(f"従業員数：{employees}")
        d.b(f"年間売上高：{format_yen(profile.annual_sales_jpy) if profile.annual_sales_jpy is not None else _ph('直近期の売上高')}")
        if profile.capital_jpy is not None:
            d.b(f"資本金：{format_yen(profile.capital_jpy)}")

    def _current(self) -> None:
        current = self.slots.current or [c for c in self.profile.digital_use if c not in self.slots.problems]
        self.d.b(f"現在のデジタル・AIの活用状況：{'、'.join(current) if current else _ph('現在使っているシステム・ツールと活用の程度')}")

    def _problem(self) -> None:
        pains = "、".join(self.slots.problems) if self.slots.problems else _ph("人手不足・作業時間など、解決したい経営課題")
        self.d.b(f"解決したい課題：{pains}")

    def _goal(self) -> None:
        goal = "、".join(self.slots.goals) if self.slots.goals else _ph("AIで実現したいこと（例：検査の自動化、需要予測）")
        self.d.b(f"取組の目的：{goal}")

    def _tool(self) -> None:
        tools = "、".join(self.slots.tools) if self.slots.tools else _ph("導入するAI・システム・設備の名称と機能")
        self.d.b(f"導入する技術・設備：{tools}")

    def _notes(self) -> None:
        if self.notes.strip():
            self.d.b(f"補足（ご担当者のメモ）：{nfkc(self.notes).strip()}")

    def _change(self) -> None:
        self.d.b(f"業務の変え方：{_ph('AI導入の前後で、誰が・どの業務を・どう変えるか')}")

    def _organisation(self) -> None:
        self.d.b(f"社内の推進体制と人材育成：{_ph('責任者、担当者、外部の支援者、社員の学び直しの計画')}")

    def _policy(self) -> None:
        name = self.program.name.value
        for fact in self.emphasis[:1]:
            self.d.b(self.d.quote(f"{name}の重点との関係：資料では", fact.citation, _fact_words(fact)) + f" とされており、本取組は{_ph('重点との具体的な対応')}の点で合致します。")

    def _productivity(self) -> None:
        d, slots = self.d, self.slots
        if self.program.purpose is not None:
            d.b(d.quote("制度の目的：", self.program.purpose.citation, _fact_words(self.program.purpose)))
        # The owner's own figures where they gave them; never a figure they did not state.
        now = "、".join(slots.figures) + "（ご本人の記載）" if slots.figures else _ph("対象業務の作業時間・工数・不良率などの現状値")
        d.b(f"現状の指標：{now}")
        target = ("、".join(slots.targets) + f"（{_ph('目標値の達成時期と根拠となる試算')}）") if slots.targets else _ph("同じ指標の目標値と達成時期（根拠となる試算）")
        d.b(f"導入後の目標：{target}")
        d.b(f"労働生産性（付加価値額／従業員数）の見込み：{_ph('現状値と計画終了時の目標値')}")

    def _wages(self) -> None:
        d = self.d
        wage_facts = [f for f in self.conditions if re.search(r"賃上げ|給与|賃金", _fact_words(f) + f.value)]
        for fact in wage_facts[:2]:
            d.b(d.quote("資料に示された要件：", fact.citation, _fact_words(fact)))
        d.b(f"賃上げの計画：{_ph('給与支給総額・一人当たり賃金の引上げ計画（年率○%、対象期間）')}")
        d.b(f"雇用・人材の計画：{_ph('採用・配置転換・育成の計画')}")

    def _investment(self) -> None:
        d, program = self.d, self.program
        invest = format_yen(self.profile.planned_investment_jpy) if self.profile.planned_investment_jpy is not None else _ph("総投資額（税抜）")
        d.b(f"予定投資額：{invest}")
        for fact in _facts(program, "eligible_expenses")[:1]:
            d.b(d.quote("補助対象経費（資料の記載）：", fact.citation, _fact_words(fact)))
        shown: set[str] = set()
        for fact in [*_facts(program, "caps")[:2], *_facts(program, "rates")[:1]]:
            words = _fact_words(fact)
            if compact(words) in shown:
                continue
            shown.add(compact(words))
            d.b(d.quote("補助上限額・補助率（資料の記載）：", fact.citation, words))
        d.b(f"経費の内訳と見積額：{_ph('経費区分ごとの内容・金額・見積先')}")
        d.b(f"自己負担分の資金調達：{_ph('自己資金・金融機関からの借入の予定')}")

    def _schedule(self) -> None:
        for fact in _facts(self.program, "schedule")[:1]:
            self.d.b(self.d.quote("公募の時期（資料の記載）：", fact.citation, _fact_words(fact)))
        self.d.b(f"導入・稼働の予定：{_ph('発注・導入・試行・本稼働の時期')}")


def placeholders_of(markdown: str) -> list[str]:
    return list(dict.fromkeys(PLACEHOLDER_RE.findall(markdown)))


def _acceptable_polish(original: str, polished: str, profile_text: str) -> str | None:
    """Why an LLM rewrite is rejected (None when it is acceptable)."""
    if any(p not in polished for p in placeholders_of(original)):
        return "placeholder lost"
    headings = [ln for ln in original.splitlines() if ln.startswith("#")]
    if any(h not in polished for h in headings):
        return "heading lost"
    allowed = set(figures(original)) | set(figures(profile_text))
    new = [f for f in figures(polished) if f not in allowed]
    if new:
        return f"new figures {new}"
    if any(w in polished for w in FORBIDDEN):
        return "promise of adoption"
    return None


def draft_section(program: str, profile: Profile, notes: str = "", *, settings: Settings, retriever: Retriever,
                  catalog: Catalog, llm: ChatBackend | None = None) -> Draft:
    prog = find_program(program, catalog)
    guideline = review_criteria(retriever, prog.id)
    markdown, citations = compose_draft(prog, profile, notes, settings=settings, retriever=retriever, guideline=guideline)
    warnings: list[str] = []
    backend = llm if llm is not None else make_llm(settings)
    if backend is not None:
        profile_text = "\n".join(profile.summary_lines()) + "\n" + notes
        messages = [
            {"role": "system", "content": load_prompt("drafting_system")},
            {"role": "user", "content": "次の下書きを整えてください。\n\n<<<下書き\n" + mask_pii(markdown) + "\n>>>"},
        ]
        try:
            polished = backend.complete(messages).strip()
            problem = _acceptable_polish(markdown, polished, profile_text)
            if problem is None and polished:
                markdown = polished if polished.endswith("\n") else polished + "\n"
            else:
                log.info("LLM draft rejected: %s", problem)
                warnings.append("AIによる文章の調整結果に資料や入力にない内容が含まれたため、調整前の下書きを表示しています。")
        except LLMUnavailable:
            warnings.append("AI（言語モデル）のサーバーに接続できなかったため、資料の記載から組み立てた下書きを表示しています。")
    for w in FORBIDDEN:
        markdown = markdown.replace(w, "")
    # NFKC turned the documents' ～ into "~", which Markdown viewers read as strikethrough
    # ("5万円~150万円、…~450万円"); a Japanese application uses the wave dash anyway.
    markdown = markdown.replace("~", "〜")
    return Draft(
        program_id=prog.id, program_name=prog.name.value, markdown=markdown,
        placeholders=placeholders_of(markdown), citations=citations, warnings=warnings,
        review_criteria=guideline.criteria,
    )
