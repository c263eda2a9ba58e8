"""CLI for the program layer: ``advisor match --text "…" | --profile FILE [--json]``.

advisor/cli/core.py calls ``register(subparsers)`` (``advisor eval matching`` is its ``eval``).
The human-readable output is Japanese and grouped:
対象になりうる制度 / 確認が必要な制度 / 対象外の制度, each with rule, company value and the quoted
evidence (title, issuer, date, section), then 追加で教えていただきたいこと.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from advisor.config import Settings, get_settings
from advisor.types import Citation


def _load_profile_file(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of profile fields")
    return data.get("profile", data) if isinstance(data.get("profile"), dict) else data


def run_match(text: str | None = None, profile_data: dict[str, Any] | None = None,
              settings: Settings | None = None) -> dict[str, Any]:
    """Parse the profile, match every program and return everything the CLI/UI shows."""
    from advisor.programs.catalog import load_catalog
    from advisor.programs.matching import follow_up_questions
    from advisor.programs.ranking import match_and_rank
    from advisor.programs.profile import assess_size, parse_profile, profile_from_dict

    catalog = load_catalog(settings or get_settings())
    parse = profile_from_dict(profile_data) if profile_data is not None else parse_profile(text or "")
    results = match_and_rank(parse.profile, catalog)
    issue_questions = [i.question for i in parse.issues if i.question]
    size = assess_size(parse.profile)
    return {
        "parse": parse,
        "size": size,
        "results": results,
        "questions": follow_up_questions(results, issue_questions),
    }


def _cite(c: Citation | None) -> str:
    if c is None:
        return ""
    date = _date_label(c.date)
    where = c.location_label
    return f"{c.title}（{c.issuer}、{date}）{where}"


def _date_label(date: str) -> str:
    if not date:
        return "日付不明"
    labels = ["年", "月", "日"]
    return "".join(f"{int(p)}{labels[i]}" for i, p in enumerate(date.split("-")) if p.isdigit())


_MARK = {"pass": "○", "fail": "×", "unknown": "？", "info": "・"}


def format_match_text(data: dict[str, Any]) -> str:
    """Japanese report of run_match's result."""
    from advisor.programs.models import KIND_LABELS

    parse, results, size = data["parse"], data["results"], data["size"]
    lines: list[str] = ["【お聞きした内容】"]
    summary = parse.profile.summary_lines()
    lines.extend(f"  {s}" for s in summary) if summary else lines.append("  （会社の情報を読み取れませんでした）")
    lines.append(f"  規模区分: {size.label}" + (f"（{size.category}）" if size.category else ""))
    size_refs = {id(r.citation): r for res in results for r in res.reasons if r.rule_id == "sme_definition" and r.citation}
    for ref in list(size_refs.values())[:1]:
        lines.append(f"    判定基準: {ref.explanation}")
        lines.append(f"    出典: 「{ref.citation.passage}」 — {_cite(ref.citation)}")
    for issue in parse.issues:
        kind = {"ambiguity": "あいまい", "contradiction": "食い違い", "rejected": "受け付けられない値"}[issue.kind]
        lines.append(f"  ⚠ {kind}: {issue.message}")
    recommended = [r for r in results if r.recommended]
    if recommended:
        lines.append("")
        lines.append("■ おすすめの制度（御社の目標・規模に合う順）")
        for r in recommended:
            lines.append(f"{r.recommended}. {r.program_name}：{r.why}")
            if r.why_citation:
                lines.append(f"     出典: {_cite(r.why_citation)}")
    groups = (("fit", "対象になりうる制度"), ("needs_info", "確認が必要な制度"), ("no_fit", "対象外の制度"))
    for status, title in groups:
        group = [r for r in results if r.status == status]
        lines.append("")
        lines.append(f"■ {title}（{len(group)}件）")
        if not group:
            lines.append("  なし")
        for n, r in enumerate(group, 1):
            lines.append(f"{n}. {r.program_name}〔{KIND_LABELS.get(r.kind, r.kind)}〕")
            if r.round_status:
                lines.append(f"   公募: {r.round_label}")
            if r.notice:
                lines.append(f"   ※ {r.notice}")
            if status == "fit" and r.relevance_note:
                lines.append(f"   関連度: {r.relevance:.2f}（{r.relevance_note}）")
            for reason in r.reasons:
                if reason.rule_id in ("sme_definition", "small_definition"):
                    continue  # shown once under 規模区分 above; kept per program in --json
                lines.append(f"   {_MARK[reason.outcome]} 要件: {reason.rule}")
                if reason.company_value:
                    lines.append(f"     御社: {reason.company_value}")
                if reason.explanation:
                    lines.append(f"     判定: {reason.explanation}")
                if reason.citation:
                    lines.append(f"     根拠: 「{reason.citation.passage}」")
                    lines.append(f"           — {_cite(reason.citation)}")
            if status != "no_fit":
                for h in r.highlights:
                    suffix = f" {h.company_value}" if h.company_value else ""
                    lines.append(f"   ・{h.rule}{suffix}: {h.explanation}")
                    if h.citation:
                        lines.append(f"     出典: 「{h.citation.passage}」 — {_cite(h.citation)}")
            if r.questions and status == "needs_info":
                lines.append(f"   確認したいこと: {' / '.join(r.questions)}")
    lines.append("")
    lines.append("■ 追加で教えていただきたいこと")
    if data["questions"]:
        lines.extend(f"  {i}. {q}" for i, q in enumerate(data["questions"], 1))
    else:
        lines.append("  ありません。")
    lines.append("")
    lines.append("※ 判定は資料に書かれた要件だけに基づく目安です。申請の可否は各制度の公募要領や支援機関でご確認ください。")
    return "\n".join(lines)


def match_to_dict(data: dict[str, Any]) -> dict[str, Any]:
    size = data["size"]
    return {
        "profile": data["parse"].to_dict(),
        "size_class": {"sme": size.sme, "small": size.small, "category": size.category, "label": size.label,
                       "basis": size.basis, "missing": size.missing},
        "results": [r.to_dict() for r in data["results"]],
        "follow_up_questions": data["questions"],
    }


def cmd_match(args: argparse.Namespace, settings: Settings | None = None) -> int:
    from advisor.programs.catalog import CatalogError

    if not args.text and not args.profile:
        print("error: --text か --profile のどちらかを指定してください。", file=sys.stderr)
        return 2
    try:
        profile_data = _load_profile_file(Path(args.profile)) if args.profile else None
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"error: プロフィールファイルを読めません: {exc}", file=sys.stderr)
        return 2
    try:
        data = run_match(args.text, profile_data, settings)
    except CatalogError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(match_to_dict(data), ensure_ascii=False, indent=1))
    else:
        print(format_match_text(data))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``match`` to the advisor CLI (called by advisor/cli/core.py)."""
    p = subparsers.add_parser("match", help="会社の情報から支援制度の対象可否を判定する")
    p.add_argument("--text", help="会社の説明（日本語・英語の自由文）")
    p.add_argument("--profile", help="プロフィールファイル（JSON または YAML）")
    p.add_argument("--json", action="store_true", help="JSON で出力")
    p.set_defaults(handler=cmd_match)

