"""`advisor sources sync` against a local server holding the guideline PDFs of ../shared/datasets.

Every entry of corpus/registry.yaml is served from 127.0.0.1 (its URL rewritten to the local
server), then, in a fresh data dir:
1. `advisor sources sync` (first run: download, verify, ingest the bundled corpus and every PDF);
2. the same again (must be a no-op: every source unchanged, no new index generation), timed;
3. the acceptance questions: 「ものづくり補助金の申請締切はいつですか？」 with ADVISOR_TODAY
   2026-12-01 (締切済み, date and page) and 2026-04-01 (days left); the catalog's ものづくり補助金
   cap and rate with their pages once the 第23次 公募要領 is indexed.
Target (issue 12): second run < 5 % of the first.

    python evals/bench_sync.py [--datasets ../shared/datasets] [--json] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from advisor.config import Settings  # noqa: E402
from tests.sources_server import Route, SourcesServer  # noqa: E402

QUESTION = "ものづくり補助金の申請締切はいつですか？"


def _status_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "この公募" in line]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default=str(REPO.parent / "shared" / "datasets"))
    parser.add_argument("--keep", help="use (and keep) this data dir instead of a temporary one")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    datasets = Path(args.datasets)
    pdfs = {p.name: p for p in datasets.rglob("*.pdf")}
    if not pdfs:
        print(f"no PDFs under {datasets}; nothing to measure", file=sys.stderr)
        return 2

    from advisor.chains.answer import answer_question
    from advisor.index.format import current_generation
    from advisor.sources import load_registry
    from advisor.ingest.sync import sync
    from advisor.programs.catalog import load_catalog
    from advisor.retrieval.hybrid import Retriever

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-sync-"))
    work.mkdir(parents=True, exist_ok=True)
    out: dict = {}
    with SourcesServer() as server:
        entries = yaml.safe_load((REPO / "corpus" / "registry.yaml").read_text(encoding="utf-8"))["sources"]
        served = []
        for e in entries:
            if e["file"] in pdfs:
                server.routes[f"/{e['file']}"] = Route("pdf", pdfs[e["file"]].read_bytes())
                e["url"] = server.url(f"/{e['file']}")
                served.append(e["id"])
        registry = work / "registry.local.yaml"
        registry.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        settings = Settings(data_dir=work / "data", corpus_dir=REPO / "corpus", registry_file=registry)

        first = sync(settings)
        gen = current_generation(settings.index_dir)
        second = sync(settings)
        out["sources"] = len(load_registry(registry))
        out["served"] = len(served)
        out["first"] = {"seconds": round(first.seconds, 2), "outcomes": {r.id: r.outcome for r in first.results},
                        "ingest": first.ingest_summary}
        out["second"] = {"seconds": round(second.seconds, 3), "outcomes": {r.id: r.outcome for r in second.results},
                         "ingest": second.ingest_summary, "same_generation": current_generation(settings.index_dir) == gen}
        out["second_over_first_pct"] = round(100 * second.seconds / first.seconds, 2)
        out["all_ingested"] = all(o == "downloaded" for o in out["first"]["outcomes"].values()) and len(served) == out["sources"]

    retriever = Retriever(settings)
    for today in ("2026-12-01", "2026-04-01"):
        dated = settings.model_copy(update={"today": today})
        answer = answer_question(QUESTION, settings=dated, retriever=retriever, catalog=load_catalog(dated), llm=None)
        out[f"answer_{today}"] = {
            "status_lines": _status_lines(answer.text),
            "cited_pages": sorted({(c.source_id, c.page) for c in answer.citations if c.source_id.startswith("monozukuri")}, key=str),
        }
    mono = load_catalog(settings)["monodukuri"]
    out["catalog_monodukuri"] = {
        "source": mono.source, "as_of": mono.as_of, "guideline_applied": mono.guideline_applied,
        "caps": [(c.value, c.citation.source_id, c.citation.page) for c in mono.caps],
        "rates": [(r.value, r.citation.source_id, r.citation.page) for r in mono.rates],
    }
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(f"first sync : {out['first']['seconds']:.2f}s  {out['first']['ingest']}")
        print(f"second sync: {out['second']['seconds']:.3f}s  ({out['second_over_first_pct']:.2f} % of the first; "
              f"same index generation: {out['second']['same_generation']})")
        print(f"all {out['served']}/{out['sources']} registered PDFs ingested: {out['all_ingested']}")
        for today in ("2026-12-01", "2026-04-01"):
            print(f"ADVISOR_TODAY={today}: {out[f'answer_{today}']['status_lines']}")
        print(f"catalog ものづくり補助金: {out['catalog_monodukuri']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
