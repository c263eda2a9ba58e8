"""CLI for the source registry: ``advisor sources sync | list``.

``advisor sources sync [--registry F] [--only PROGRAM] [--dry-run]`` downloads, verifies and
ingests the registered official PDFs (advisor.ingest.sync); one line per source, then a summary.
Exit status: 0 when nothing failed, 1 when a source failed, 3 when no server could be reached
(offline), 4 when another ingest holds the index, so that cron mails the operator only when
something needs a look.
``advisor sources list [--json]`` shows every source, its round, status, last sync and deadline.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from advisor.config import Settings

EXIT_FAILED = 1
EXIT_OFFLINE = 3
EXIT_BUSY = 4


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from advisor.ingest.sync import sync

    registry = Path(args.registry) if args.registry else None
    try:
        report = sync(settings, registry, only=args.only, dry_run=args.dry_run, on_line=None if args.json else print)
    except RuntimeError as exc:  # another ingest or sync holds the index lock: nothing was changed
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BUSY
    if args.json:
        print(json.dumps({
            "results": [r.__dict__ for r in report.results], "offline": report.offline, "dry_run": report.dry_run,
            "ingest": report.ingest_summary, "seconds": round(report.seconds, 3),
        }, ensure_ascii=False, indent=1))
    else:
        for line in report.lines()[len(report.results):]:
            print(line, file=sys.stderr if report.offline else sys.stdout)
    if report.offline:
        return EXIT_OFFLINE
    return EXIT_FAILED if report.failed else 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from advisor.sources import list_sources

    rows = list_sources(settings, Path(args.registry) if args.registry else None)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        synced = r["last_sync"] or "未取得"
        deadline = r["next_deadline"] or "-"
        url = r["url"] or "（公式URL未登録）"
        print(f"{r['id']:<30} {r['program']:<22} {r['kind']:<5} {r['round'] or '-':<6} {r['status']:<5} "
              f"締切 {deadline:<18} 最終同期 {synced}  {url}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``sources`` to the advisor CLI (called by advisor/cli/core.py)."""
    p = subparsers.add_parser("sources", help="official source registry: sync | list")
    sub = p.add_subparsers(dest="sources_command", required=True)
    s = sub.add_parser("sync", help="download, verify and ingest the registered PDFs (cron-friendly)")
    s.add_argument("--registry", help="registry file (default: corpus/registry.yaml or ADVISOR_REGISTRY_FILE)")
    s.add_argument("--only", metavar="PROGRAM", help="only this program (catalog id or name) or source id")
    s.add_argument("--dry-run", action="store_true", help="download and verify, show what would change, store nothing")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_sync)
    s = sub.add_parser("list", help="every registered source with its round, status, last sync and deadline")
    s.add_argument("--registry", help="registry file (default: corpus/registry.yaml)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_list)
