"""``advisor ingest | search | eval``, the argument parser of every command, and main().

The other commands live beside this module (see advisor/cli/__init__.py) and register their
subparsers in build_parser().
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from advisor.config import Settings, get_settings


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))


# --- ingest / search ---------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from advisor.ingest.indexer import ingest

    paths = [Path(p) for p in args.paths] or None
    report = ingest(
        settings,
        paths,
        refit=args.refit,
        progress=(not args.quiet and sys.stderr.isatty()) or args.progress,
        sources_files=[Path(p) for p in args.sources or []],
    )
    for line in report.failed:
        print(f"SKIPPED {line}", file=sys.stderr)
    if args.json:
        _print_json(report.__dict__ | {"changed": report.changed})
    else:
        print(report.summary())
    return 0 if not report.failed or report.chunks_total else 1


def format_hit(rank: int, hit) -> str:
    page = f"p.{hit.chunk.page}" if hit.chunk.page is not None else (hit.chunk.heading or "-")
    passage = hit.chunk.text.replace("\n", " ")
    if len(passage) > 240:
        passage = passage[:240] + "…"
    return (
        f"[{rank}] score={hit.score:.4f}  {hit.source.title}（{hit.source.issuer}、{hit.source.date_label}）{page}\n"
        f"     {hit.chunk.heading}\n     {passage}"
    )


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from advisor.retrieval.hybrid import EmptyQuery, IndexNotReady, Retriever

    retriever = Retriever(settings)
    try:
        hits = retriever.search(
            args.query, k=args.k, mode=args.mode, sources=args.source or None, kinds=args.kind or None, program=args.program or None
        )
    except EmptyQuery as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except IndexNotReady as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        _print_json(
            [
                {
                    "rank": i,
                    "score": h.score,
                    "id": h.chunk.id,
                    "source_id": h.source.id,
                    "title": h.source.title,
                    "issuer": h.source.issuer,
                    "date": h.source.date,
                    "page": h.chunk.page,
                    "section": h.chunk.heading,
                    "passage": h.chunk.text,
                }
                for i, h in enumerate(hits, 1)
            ]
        )
        return 0
    if not hits:
        print("該当する箇所が見つかりませんでした。")
    for i, hit in enumerate(hits, 1):
        print(format_hit(i, hit))
    return 0


# --- eval ----------------------------------------------------------------------------------------


def figures_only(result: dict) -> dict:
    """``result`` without its lists (failed row ids, errors, texts), at every depth.

    Test rows are read as aggregates only: a developer who sees which test row failed, or its
    text, starts tuning on it. Scalars and nested figures (by_split, by_dataset…) stay."""
    return {key: figures_only(value) if isinstance(value, dict) else value
            for key, value in result.items() if not isinstance(value, (list, tuple))}


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    kind = args.kind
    if kind == "blocked":
        from advisor.evaluation.blocking import run_blocked_eval

        result = run_blocked_eval([Path(d) for d in args.dataset], settings, split=args.split)
        if not args.json and not args.figures_only:  # the blocked dev rows are the figure to act on: list them
            for key in ("blocked_share", "blocked", "n", "split"):
                print(f"{key:>20}: {result[key]}")
            for name, figures in [*result["by_split"].items(), *result["by_dataset"].items()]:
                print(f"{name:>20}: blocked_share {figures['blocked_share']:.4f} ({figures['blocked']}/{figures['n']})")
            for row in result["blocked_dev"]:
                print(f"{'blocked (dev)':>20}: {row['dataset']} {row['id']} — {row['reason']}")
            return 0
    elif kind == "retrieval":
        from advisor.evaluation.retrieval import run_retrieval_eval

        result = run_retrieval_eval(
            settings, Path(args.dataset[-1]), k=args.k, mode=args.mode, split=args.split, program_from_dataset=args.program_from_dataset
        )
    elif kind == "jsquad":
        from advisor.evaluation.retrieval import run_jsquad_eval

        result = run_jsquad_eval(
            settings, Path(args.dataset[-1]) if args.dataset else None, mode=args.mode, limit=args.limit, k=args.k, split=args.split
        )
    elif kind == "matching":
        from advisor.evaluation.matching import run_matching_eval

        result = run_matching_eval(Path(args.dataset[-1]), settings, split=args.split)
    elif kind == "conversations":
        from advisor.evaluation.conversations import run_conversations_eval

        # This runner reports both splits itself and takes None for "all rows".
        result = run_conversations_eval(Path(args.dataset[-1]), settings, split=None if args.split == "all" else args.split)
    elif kind in ("answers", "refusals"):
        # Through the understanding module, as in a chat turn (it sits above the chains).
        from advisor.evaluation import conversations

        options = {"program_from_dataset": args.program_from_dataset} if kind == "answers" else {}
        result = getattr(conversations, f"run_{kind}_eval")(Path(args.dataset[-1]), settings, split=args.split, **options)
    elif kind == "drafting":
        from advisor.evaluation.chains import run_drafting_eval

        result = run_drafting_eval(Path(args.dataset[-1]), settings, split=args.split)
    else:  # argparse restricts choices; kept for type checkers
        raise SystemExit(f"unknown eval kind {kind}")
    if args.figures_only:
        result = figures_only(result)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            if isinstance(value, float):
                print(f"{key:>20}: {value:.4f}")
            elif not isinstance(value, (list, dict)):
                print(f"{key:>20}: {value}")
        for name, figures in result.get("by_split", {}).items():
            line = ", ".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items())
            print(f"{name:>20}: {line}")
    return 0


# --- parser ---------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="advisor", description="地域AXアドバイザー (AX Advisor)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="index documents (default: the bundled corpus)")
    p.add_argument("paths", nargs="*", help="files or folders (.txt .md .pdf)")
    p.add_argument(
        "--refit", action="store_true",
        help="rebuild every chunk (corpus-static: refit its model); cached vectors of unchanged text are reused",
    )
    p.add_argument("--sources", action="append", help="extra sources.yaml giving title/issuer/date of the files (repeatable)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--progress", action="store_true", help="progress bar even when stderr is not a terminal")
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("search", help="show the passages retrieved for a question")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--mode", choices=["lexical", "dense", "hybrid"], default=None)
    p.add_argument("--source", action="append", help="only this source id (repeatable)")
    p.add_argument("--kind", action="append", help="only this document kind (repeatable)")
    p.add_argument(
        "--program", action="append",
        help="search this program's documents first (catalog id or name, e.g. ものづくり補助金; repeatable)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser(
        "eval", help="evaluate: retrieval | jsquad | matching | answers | refusals | blocked | drafting | conversations")
    p.add_argument("kind", choices=["retrieval", "jsquad", "matching", "answers", "refusals", "blocked", "drafting", "conversations"])
    p.add_argument(
        "--dataset", action="append", default=None,
        help="JSONL dataset; blocked: repeatable (in-domain questions: the share the chat would decline)",
    )
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--mode", choices=["lexical", "dense", "hybrid"], default=None)
    p.add_argument("--limit", type=int, default=None, help="jsquad: evaluate only the first N questions")
    p.add_argument(
        "--split", choices=["all", "dev", "test"], default="all",
        help="rows of one split only (tune on dev, report test); default all, with per-split figures under by_split",
    )
    p.add_argument(
        "--program-from-dataset", action="store_true",
        help="retrieval/answers: a row's `program` is searched as if the conversation had named it",
    )
    p.add_argument(
        "--figures-only", action="store_true",
        help="print aggregates only, no row ids or texts (read a test split this way: tune on dev, never on test rows)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_eval)

    from advisor.cli import programs, serve, session, sources

    for module in (programs, session, sources, serve):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "eval" and args.kind != "jsquad" and not args.dataset:
        parser.error(f"eval {args.kind} needs --dataset PATH")
    if args.command == "eval" and args.kind != "blocked" and args.dataset and len(args.dataset) > 1:
        parser.error(f"eval {args.kind} takes one --dataset (only eval blocked takes several)")
    settings = get_settings()
    handler = args.handler
    from advisor.db import DatabaseError
    from advisor.retrieval.hybrid import IndexNotReady

    try:
        return int(handler(args, settings) or 0)
    except IndexNotReady as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DatabaseError as exc:  # down, corrupt, newer schema: one precise line (password hidden)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, IsADirectoryError) as exc:
        print(f"error: {exc.filename or exc}: not found or not a file", file=sys.stderr)
        return 2
    except ValueError as exc:
        if args.verbose:
            raise
        # Malformed input files (datasets, profiles) come here with their path and line.
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; nothing already stored was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours; silence the flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
