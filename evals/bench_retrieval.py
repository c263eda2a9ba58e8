"""Speed and memory of the retrieval core (issue 2's benchmark). Prints the figures; `--json` also
writes evals/results/bench_retrieval.json.

Measured, each in a fresh temporary data directory:
- full ingestion of the bundled corpus (`advisor ingest` in a new process, wall time) and the
  re-ingestion with nothing changed (same command again), with their ratio;
- pages/s on PDFs: the real PDFs of ../shared/datasets when present (else generated Japanese PDFs),
  for reading (pypdf extraction + normalisation + chunking) and for a full ingest of them;
- cold start to the first search result: a new process that imports the package, loads the index
  and answers one question;
- warm search latency p50/p95 per mode (lexical / dense / hybrid) over the questions of
  evals/datasets/retrieval.jsonl, several passes, in this process after one warm-up query;
- peak RSS (resource.getrusage) of the ingest process, of the cold-start search process and of this
  process while it holds the bundled index.

Not a test: figures depend on the machine and its load; run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from advisor.config import REPO_ROOT, Settings

RESULTS = REPO_ROOT / "evals" / "results" / "bench_retrieval.json"
DATASET = REPO_ROOT / "evals" / "datasets" / "retrieval.jsonl"
REAL_PDF_SOURCES = REPO_ROOT / "evals" / "datasets" / "real_pdfs.sources.yaml"
SHARED_DATASETS = Path(os.environ.get("ADVISOR_SHARED_DATASETS", REPO_ROOT.parent / "shared" / "datasets"))
MODES = ("lexical", "dense", "hybrid")
COLD_QUERY = "中小企業省力化投資補助金の補助上限額は？"

# Runs the real CLI inside a child process and reports that process's own peak RSS afterwards.
_CLI_CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from advisor.cli import main
code = main(sys.argv[1:])
print("BENCH " + json.dumps({"rc": code, "seconds": time.perf_counter() - started,
      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), file=sys.stderr)
"""

# Cold start: import, open the index, answer one question; each phase timed inside the child.
_COLD_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from advisor.config import Settings
from advisor.retrieval.hybrid import Retriever
t1 = time.perf_counter()
retriever = Retriever(Settings())
retriever.generation()  # loads chunks, BM25 matrix, vectors and the embedding model
t2 = time.perf_counter()
hits = retriever.search(sys.argv[1], k=5)
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_query_s": t3 - t2, "hits": len(hits),
                  "top_source": hits[0].chunk.source_id if hits else None,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env |= {"ADVISOR_DATA_DIR": str(data_dir), "ADVISOR_CORPUS_DIR": str(REPO_ROOT / "corpus"),
            "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return env


def run_cli(args: list[str], data_dir: Path) -> dict:
    """`advisor <args>` in a new process: wall time seen from here, plus the child's own figures."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CLI_CHILD, *args], env=_child_env(data_dir), capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"advisor {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    marker = next(line for line in reversed(proc.stderr.splitlines()) if line.startswith("BENCH "))
    return {"wall_s": wall, **json.loads(marker[6:]), "stdout": proc.stdout.strip()}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    # Nearest-rank percentile: the value below which q of the observations fall.
    rank = max(1, min(len(ordered), round(q * len(ordered) + 0.5)))
    return ordered[rank - 1]


def bench_ingest(work: Path) -> dict:
    data_dir = work / "bundled"
    first = run_cli(["ingest", "--json", "--quiet"], data_dir)
    again = run_cli(["ingest", "--json", "--quiet"], data_dir)
    first_report, again_report = json.loads(first["stdout"]), json.loads(again["stdout"])
    return {
        "documents": len(first_report["added"]),
        "chunks": first_report["chunks_total"],
        "first_wall_s": first["wall_s"],
        "first_in_process_s": first_report["seconds"],
        "first_maxrss_mb": first["maxrss_mb"],
        "again_wall_s": again["wall_s"],
        "again_in_process_s": again_report["seconds"],
        "again_changed": again_report["changed"],
        "again_ratio": again["wall_s"] / first["wall_s"],
        "data_dir": str(data_dir),
    }


def bench_cold_start(data_dir: Path) -> dict:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _COLD_CHILD, COLD_QUERY], env=_child_env(data_dir), capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"cold start failed:\n{proc.stderr[-2000:]}")
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    cli_started = time.perf_counter()
    run_cli(["search", COLD_QUERY, "-k", "5"], data_dir)
    return {"wall_s": wall, **child, "cli_search_wall_s": time.perf_counter() - cli_started}


def bench_warm(data_dir: Path, passes: int) -> dict:
    from advisor.evaluation import load_jsonl
    from advisor.retrieval.hybrid import Retriever

    questions = [row["question"] for row in load_jsonl(DATASET)]
    retriever = Retriever(Settings(data_dir=data_dir, corpus_dir=REPO_ROOT / "corpus"))
    out: dict[str, dict] = {}
    for mode in MODES:
        retriever.search(questions[0], k=5, mode=mode)  # warm-up: index, model, caches
        latencies: list[float] = []
        for _ in range(passes):
            for question in questions:
                started = time.perf_counter()
                retriever.search(question, k=5, mode=mode)
                latencies.append((time.perf_counter() - started) * 1000)
        out[mode] = {
            "p50_ms": percentile(latencies, 0.50),
            "p95_ms": percentile(latencies, 0.95),
            "max_ms": max(latencies),
            "mean_ms": statistics.fmean(latencies),
            "searches": len(latencies),
        }
    out["questions"] = len(questions)
    out["passes"] = passes
    out["process_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _real_pdfs() -> list[Path] | None:
    import yaml

    if not SHARED_DATASETS.is_dir():
        return None
    wanted = [e["file"] for e in yaml.safe_load(REAL_PDF_SOURCES.read_text(encoding="utf-8"))["sources"]]
    found = {p.name: p for p in SHARED_DATASETS.rglob("*.pdf")}
    paths = [found[name] for name in wanted if name in found]
    return paths or None


def _generated_pdfs(folder: Path) -> list[Path]:
    sys.path.insert(0, str(REPO_ROOT / "tests"))
    from pdf_factory import cid_font_pdf  # needs reportlab (test extra)

    # Every line differs: identical lines on most pages would be dropped as running headers.
    pages = [
        [f"第{i}章 補助対象"]
        + [f"第{i}章第{j}項 中小企業省力化投資補助金は、従業員{i * j}人の事業者の省力化投資を{j}年間支援します。" for j in range(1, 31)]
        for i in range(1, 41)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    return [cid_font_pdf(folder / f"generated-{n}.pdf", pages) for n in range(3)]


def bench_pdfs(work: Path, full_ingest: bool) -> dict:
    from pypdf import PdfReader

    from advisor.ingest.chunking import chunk_document
    from advisor.ingest.loaders import load_document, load_source_table

    pdfs = _real_pdfs()
    kind = "real PDFs from ../shared/datasets"
    if pdfs is None:
        pdfs = _generated_pdfs(work / "generated-pdfs")
        kind = "generated Japanese PDFs (CID font HeiseiMin-W3); ../shared/datasets not found"
    settings = Settings(data_dir=work / "pdfs", corpus_dir=REPO_ROOT / "corpus")
    table = load_source_table(REAL_PDF_SOURCES)
    pages = sum(len(PdfReader(str(p)).pages) for p in pdfs)
    started = time.perf_counter()
    chunks = 0
    for path in pdfs:
        doc = load_document(path, table, settings)
        chunks += len(chunk_document(doc, settings.chunk_max_tokens, settings.chunk_min_tokens))
    read_s = time.perf_counter() - started
    out = {"source": kind, "files": len(pdfs), "pages": pages, "chunks": chunks, "read_s": read_s, "read_pages_per_s": pages / read_s}
    if full_ingest:
        extra = ["--sources", str(REAL_PDF_SOURCES)] if _real_pdfs() else []
        result = run_cli(["ingest", "--json", "--quiet", *extra, *map(str, pdfs)], work / "pdf-index")
        out |= {"ingest_wall_s": result["wall_s"], "ingest_pages_per_s": pages / result["wall_s"], "ingest_maxrss_mb": result["maxrss_mb"]}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description="Retrieval-core benchmark: ingestion, PDFs, cold start, warm latency, memory.")
    parser.add_argument("--json", action="store_true", help=f"also write {RESULTS.relative_to(REPO_ROOT)}")
    parser.add_argument("--passes", type=int, default=3, help="passes over the questions for warm latency (default 3)")
    parser.add_argument("--no-pdf-ingest", action="store_true", help="only time PDF reading, not a full ingest of the PDFs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directories")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    results: dict = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()},
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    try:
        print("ingesting the bundled corpus into a fresh data dir …", flush=True)
        ing = results["ingest"] = bench_ingest(work)
        print(f"  full ingest: {ing['documents']} documents, {ing['chunks']} chunks in {ing['first_wall_s']:.1f} s wall "
              f"({ing['first_in_process_s']:.1f} s inside `advisor ingest`), peak RSS {ing['first_maxrss_mb']:.0f} MB")
        print(f"  re-ingest, nothing changed: {ing['again_wall_s']:.2f} s wall ({ing['again_in_process_s']:.3f} s inside), "
              f"{ing['again_changed']} changed; {100 * ing['again_ratio']:.1f}% of the first run (target < 10%)")

        data_dir = Path(ing["data_dir"])
        cold = results["cold_start"] = bench_cold_start(data_dir)
        print(f"cold start to first result: {cold['wall_s']:.2f} s wall (import {cold['import_s']:.2f} s, load index "
              f"{cold['load_s']:.2f} s, first query {cold['first_query_s']:.2f} s; peak RSS {cold['maxrss_mb']:.0f} MB); "
              f"`advisor search` end to end {cold['cli_search_wall_s']:.2f} s")

        warm = results["warm_search"] = bench_warm(data_dir, args.passes)
        print(f"warm search over {warm['questions']} questions × {warm['passes']} passes (k=5):")
        for mode in MODES:
            w = warm[mode]
            print(f"  {mode:>7}: p50 {w['p50_ms']:.1f} ms, p95 {w['p95_ms']:.1f} ms, max {w['max_ms']:.1f} ms (target p95 < 100 ms)")
        print(f"  peak RSS of this process holding the index: {warm['process_maxrss_mb']:.0f} MB")

        print("PDFs …", flush=True)
        pdf = results["pdfs"] = bench_pdfs(work, full_ingest=not args.no_pdf_ingest)
        print(f"  {pdf['source']}: {pdf['files']} files, {pdf['pages']} pages, {pdf['chunks']} chunks")
        print(f"  reading (pypdf + normalise + chunk): {pdf['read_s']:.1f} s = {pdf['read_pages_per_s']:.1f} pages/s")
        if "ingest_wall_s" in pdf:
            print(f"  full ingest (+ Sudachi analysis, embedding fit, Chroma): {pdf['ingest_wall_s']:.1f} s = "
                  f"{pdf['ingest_pages_per_s']:.1f} pages/s, peak RSS {pdf['ingest_maxrss_mb']:.0f} MB")
        results["peak_rss_mb"] = {
            "ingest_bundled": ing["first_maxrss_mb"],
            "search_cold_process": cold["maxrss_mb"],
            "this_process": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "largest_child": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        }
        print("peak RSS (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in results["peak_rss_mb"].items()))
        results["machine"]["load_avg_at_end"] = os.getloadavg()
        print(f"load average at start {results['machine']['load_avg_at_start'][0]:.1f}, at end {results['machine']['load_avg_at_end'][0]:.1f} "
              f"on {results['machine']['cpus']} CPUs (figures are only as quiet as the machine)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    if args.json:
        ing = results["ingest"]
        ing.pop("data_dir", None)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
