"""Speed and memory of the retrieval core (issues 2 and 9). Prints the figures; `--json` also
writes evals/results/bench_retrieval.json.

Measured, each in a fresh temporary data directory with an EMPTY chunk-vector cache (so a first
ingest pays for every e5 embedding, as on a new machine):
- full ingestion of the bundled corpus (`advisor ingest` in a new process, wall time) and the
  re-ingestion with nothing changed (same command again), with their ratio;
- the product index of issue 9: the bundled corpus plus the six guideline PDFs of
  ../shared/datasets (FAQ PDFs not indexed), ingested with the progress bar on (the bench checks
  that the bar with its ETA was shown), then re-ingested with nothing changed (target < 5 %);
- pages/s for reading the real PDFs (pypdf extraction + normalisation + chunking);
- cold start to the first search result: a new process that imports the package, loads the index
  and answers one question (target < 5 s);
- warm search latency p50/p95 per mode over the questions of evals/datasets/retrieval.jsonl and
  faq_monozukuri.jsonl, each search embedding its question anew (target p95 < 100 ms), with the time
  of each stage (embedding / lexical / dense / fusion / other) and the process CPU per search (the
  work, which the machine's load barely changes), then hybrid on questions asked before (the
  query-vector cache's hits); `--index DIR --warm-only` prints only these;
- `advisor serve` on that index under load (simulated owners through POST /api/ask, as in
  evals/bench_load.py): the server's peak RSS (VmHWM, target < 1 GB);
- peak RSS (resource.getrusage) of the ingest processes and of the cold-start search process.

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
FAQ_DATASET = REPO_ROOT / "evals" / "datasets" / "faq_monozukuri.jsonl"
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
usage = resource.getrusage(resource.RUSAGE_SELF)
print("BENCH " + json.dumps({"rc": code, "seconds": time.perf_counter() - started,
      "cpu_s": usage.ru_utime + usage.ru_stime, "maxrss_mb": usage.ru_maxrss / 1024}), file=sys.stderr)
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
    # The vector cache lives in the data dir (the default): every bench data dir starts empty.
    env |= {"ADVISOR_DATA_DIR": str(data_dir), "ADVISOR_CORPUS_DIR": str(REPO_ROOT / "corpus"),
            "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return env


def run_cli(args: list[str], data_dir: Path) -> dict:
    """`advisor <args>` in a new process: wall time seen from here, plus the child's own figures."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CLI_CHILD, *args], env=_child_env(data_dir), capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"advisor {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    wall = time.perf_counter() - started
    marker = next(line for line in reversed(proc.stderr.splitlines()) if line.startswith("BENCH "))
    return {"wall_s": wall, **json.loads(marker[6:]), "stdout": proc.stdout.strip(), "stderr": proc.stderr}


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


def _stage_summary(samples: list[dict[str, float]], totals_ms: list[float]) -> dict[str, dict]:
    """Per-stage p50/p95/mean in ms; "other" is the rest of each search (comparison split,
    program detection, the index pointer check, building the results)."""
    from advisor.retrieval.timing import STAGES

    out: dict[str, dict] = {}
    for stage in (*STAGES, "other"):
        if stage == "other":
            values = [total - 1000 * sum(sample.values()) for sample, total in zip(samples, totals_ms)]
        else:
            values = [1000 * sample[stage] for sample in samples]
        out[stage] = {"p50_ms": percentile(values, 0.50), "p95_ms": percentile(values, 0.95), "mean_ms": statistics.fmean(values)}
    return out


def bench_warm(data_dir: Path, passes: int) -> dict:
    """Warm latency per mode, the query embedded anew for every search (the query-vector cache is
    emptied before each one), with the time of each stage; then hybrid on questions asked before
    (cache hits), as when a turn searches the same question again or an owner repeats it."""
    from advisor.evaluation.datasets import load_jsonl
    from advisor.index.embeddings import E5Embeddings
    from advisor.retrieval.hybrid import Retriever
    from advisor.retrieval.timing import collect_stage_times

    questions = [row["question"] for row in load_jsonl(DATASET)]
    if FAQ_DATASET.is_file():
        questions += [row["question"] for row in load_jsonl(FAQ_DATASET)]
    retriever = Retriever(Settings(data_dir=data_dir, corpus_dir=REPO_ROOT / "corpus"))

    def timed(mode: str, cached: bool) -> dict:
        latencies: list[float] = []
        cpu: list[float] = []
        stages: list[dict[str, float]] = []
        if cached:
            for question in questions:  # every question's vector into the query-vector cache
                retriever.search(question, k=5, mode=mode)
        for _ in range(passes):
            for question in questions:
                if not cached:
                    E5Embeddings.clear_query_cache()
                with collect_stage_times() as times:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    retriever.search(question, k=5, mode=mode)
                    latencies.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                stages.append(dict(times))
        return {
            "p50_ms": percentile(latencies, 0.50),
            "p95_ms": percentile(latencies, 0.95),
            "max_ms": max(latencies),
            "mean_ms": statistics.fmean(latencies),
            "searches": len(latencies),
            # CPU time of the whole process (every thread) per search: the work, whatever the load.
            "cpu_p50_ms": percentile(cpu, 0.50),
            "cpu_p95_ms": percentile(cpu, 0.95),
            "stages": _stage_summary(stages, latencies),
        }

    out: dict[str, dict] = {}
    for mode in MODES:
        retriever.search(questions[0], k=5, mode=mode)  # warm-up: index, model, caches
        out[mode] = timed(mode, cached=False)
    out["hybrid_repeated"] = timed("hybrid", cached=True)
    out["questions"] = len(questions)
    out["passes"] = passes
    out["process_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def print_warm(warm: dict) -> None:
    print(f"warm search over {warm['questions']} questions × {warm['passes']} passes (k=5), query embedded anew every time:")
    for mode in (*MODES, "hybrid_repeated"):
        w = warm[mode]
        label = "hybrid, question asked before (query-vector cache hit)" if mode == "hybrid_repeated" else mode
        target = "" if mode == "hybrid_repeated" else " (target p95 < 100 ms)"
        print(f"  {label:>7}: p50 {w['p50_ms']:.1f} ms, p95 {w['p95_ms']:.1f} ms, max {w['max_ms']:.1f} ms{target}; "
              f"CPU per search (all threads) p50 {w['cpu_p50_ms']:.1f} ms, p95 {w['cpu_p95_ms']:.1f} ms")
        shown = [f"{stage} {f['mean_ms']:.1f}/{f['p50_ms']:.1f}/{f['p95_ms']:.1f}" for stage, f in w["stages"].items()
                 if f["p95_ms"] >= 0.05 or stage == "other"]
        print(f"           stages mean/p50/p95 ms: {', '.join(shown)}")


def _real_pdfs(guidelines_only: bool = False) -> list[Path] | None:
    import yaml

    if not SHARED_DATASETS.is_dir():
        return None
    entries = yaml.safe_load(REAL_PDF_SOURCES.read_text(encoding="utf-8"))["sources"]
    wanted = [e["file"] for e in entries if not (guidelines_only and e["kind"] == "faq")]
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


def _pdfs_for_bench(work: Path) -> tuple[list[Path], str]:
    pdfs = _real_pdfs(guidelines_only=True)
    if pdfs is None:
        return _generated_pdfs(work / "generated-pdfs"), "generated Japanese PDFs (CID font HeiseiMin-W3); ../shared/datasets not found"
    return pdfs, "the six guideline PDFs of ../shared/datasets (FAQ PDFs not indexed)"


def bench_pdf_reading(pdfs: list[Path], work: Path) -> dict:
    from pypdf import PdfReader

    from advisor.ingest.chunking import chunk_document
    from advisor.documents import load_document, load_source_table

    settings = Settings(data_dir=work / "pdfs", corpus_dir=REPO_ROOT / "corpus")
    table = load_source_table(REAL_PDF_SOURCES)
    pages = sum(len(PdfReader(str(p)).pages) for p in pdfs)
    started = time.perf_counter()
    chunks = 0
    for path in pdfs:
        doc = load_document(path, table, settings)
        chunks += len(chunk_document(doc, settings.chunk_max_tokens, settings.chunk_min_tokens))
    read_s = time.perf_counter() - started
    return {"files": len(pdfs), "pages": pages, "chunks": chunks, "read_s": read_s, "read_pages_per_s": pages / read_s}


def bench_product_ingest(work: Path, pdfs: list[Path]) -> dict:
    """Bundled corpus + guideline PDFs, first with the progress bar on, then again unchanged."""
    data_dir = work / "product"
    args = ["ingest", "--json", "--progress", "--sources", str(REAL_PDF_SOURCES), str(REPO_ROOT / "corpus" / "documents"), *map(str, pdfs)]
    first = run_cli(args, data_dir)
    again = run_cli(args, data_dir)
    first_report, again_report = json.loads(first["stdout"]), json.loads(again["stdout"])
    bar = [line for line in first["stderr"].replace("\r", "\n").splitlines() if line.startswith("embedding")]
    return {
        "documents": len(first_report["added"]),
        "chunks": first_report["chunks_total"],
        "embedded": first_report["embedded"],
        "first_wall_s": first["wall_s"],
        "first_cpu_s": first["cpu_s"],
        "first_maxrss_mb": first["maxrss_mb"],
        "progress_bar_lines": len(bar),
        "progress_bar_last": bar[-1].strip() if bar else "",
        "progress_bar_has_eta": any("<" in line and "chunk/s" in line for line in bar),
        "again_wall_s": again["wall_s"],
        "again_changed": again_report["changed"],
        "again_embedded": again_report["embedded"],
        "again_ratio": again["wall_s"] / first["wall_s"],
        "data_dir": str(data_dir),
    }


def _vm_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def bench_serve_under_load(data_dir: Path, users: int, duration: float) -> dict:
    """`advisor serve` on the product index, ``users`` simulated owners for ``duration`` seconds
    (evals/bench_load.py's users), then the server's peak resident memory (VmHWM)."""
    import asyncio

    import httpx

    sys.path.insert(0, str(REPO_ROOT / "evals"))
    from bench_load import die_with_parent, free_port, run, stop_process, wait_healthy

    port = free_port()
    env = _child_env(data_dir) | {"ADVISOR_TRUSTED_PROXIES": '["127.0.0.1/32"]', "GRADIO_ANALYTICS_ENABLED": "False"}
    started = time.perf_counter()
    log = tempfile.TemporaryFile()  # not an unread pipe, which could fill up and block the server
    proc = subprocess.Popen([sys.executable, "-m", "advisor.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=log, preexec_fn=die_with_parent)
    url = f"http://127.0.0.1:{port}"
    try:
        problem = wait_healthy(proc, url)
        if problem is not None:
            log.seek(0)
            raise SystemExit(f"server {problem}: {log.read().decode(errors='replace')[-2000:]}")
        healthy_s = time.perf_counter() - started
        first = time.perf_counter()
        httpx.post(f"{url}/api/ask", json={"question": "ものづくり補助金の補助上限額は？"}, timeout=180,
                   headers={"X-Forwarded-For": "10.99.0.1"})
        first_answer_s = time.perf_counter() - first
        stats = asyncio.run(run(url, users, duration, (1.0, 2.0), proc.pid))
        lat = sorted(stats.latencies)
        return {
            "users": users, "duration_s": duration, "requests_ok": len(lat), "errors": len(stats.errors),
            "p50_s": percentile(lat, 0.5), "p95_s": percentile(lat, 0.95),
            "healthy_after_s": healthy_s, "first_answer_s": first_answer_s,
            "rss_mb_end": _vm_kb(proc.pid, "VmRSS") / 1024, "peak_rss_mb": _vm_kb(proc.pid, "VmHWM") / 1024,
            "first_errors": stats.errors[:3],
        }
    finally:
        stop_process(proc, timeout=20)
        log.close()


def main() -> int:
    parser = argparse.ArgumentParser(description="Retrieval-core benchmark: ingestion, PDFs, cold start, warm latency, memory.")
    parser.add_argument("--json", action="store_true", help=f"also write {RESULTS.relative_to(REPO_ROOT)}")
    parser.add_argument("--passes", type=int, default=2, help="passes over the questions for warm latency (default 2)")
    parser.add_argument("--users", type=int, default=10, help="simulated owners for the serve-under-load figure")
    parser.add_argument("--duration", type=float, default=45.0, help="seconds of load on `advisor serve`")
    parser.add_argument("--skip-bundled", action="store_true", help="skip the bundled-corpus-only ingest figures")
    parser.add_argument("--index", type=Path, default=None,
                        help="data dir of an existing product index: skip the fresh ingest (no ingest figures; "
                             "re-ingest with nothing changed is still timed)")
    parser.add_argument("--warm-only", action="store_true",
                        help="with --index: only the warm search latency and its per-stage breakdown (no ingest, cold start, "
                             "serve or results file)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directories")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    results: dict = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()},
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    if args.warm_only:  # prints only: the full run's results file stays as it was
        if not args.index:
            parser.error("--warm-only needs --index DATA_DIR")
        print_warm(bench_warm(args.index, args.passes))
        print(f"load average at start {results['machine']['load_avg_at_start'][0]:.1f}, at end {os.getloadavg()[0]:.1f}")
        return 0
    try:
        if not args.skip_bundled:
            print("ingesting the bundled corpus into a fresh data dir (empty vector cache) …", flush=True)
            ing = results["ingest"] = bench_ingest(work)
            print(f"  full ingest: {ing['documents']} documents, {ing['chunks']} chunks in {ing['first_wall_s']:.1f} s wall "
                  f"({ing['first_in_process_s']:.1f} s inside `advisor ingest`), peak RSS {ing['first_maxrss_mb']:.0f} MB")
            print(f"  re-ingest, nothing changed: {ing['again_wall_s']:.2f} s wall ({ing['again_in_process_s']:.3f} s inside), "
                  f"{ing['again_changed']} changed; {100 * ing['again_ratio']:.1f}% of the first run")
            ing.pop("data_dir", None)

        pdfs, pdf_kind = _pdfs_for_bench(work)
        print(f"PDFs: {pdf_kind}", flush=True)
        pdf = results["pdfs"] = bench_pdf_reading(pdfs, work) | {"source": pdf_kind}
        print(f"  {pdf['files']} files, {pdf['pages']} pages, {pdf['chunks']} chunks; reading (pypdf + normalise + chunk): "
              f"{pdf['read_s']:.1f} s = {pdf['read_pages_per_s']:.1f} pages/s")

        if args.index:
            again = run_cli(["ingest", "--json", "--sources", str(REAL_PDF_SOURCES), str(REPO_ROOT / "corpus" / "documents"),
                             *map(str, pdfs)], args.index)
            report = json.loads(again["stdout"])
            prod = results["product_ingest"] = {"existing_index": str(args.index), "chunks": report["chunks_total"],
                                                "again_wall_s": again["wall_s"], "again_changed": report["changed"],
                                                "again_embedded": report["embedded"], "data_dir": str(args.index)}
            print(f"  existing index {args.index}: {report['chunks_total']} chunks; re-ingest with nothing changed "
                  f"{again['wall_s']:.2f} s wall, {report['changed']} changed, {report['embedded']} embedded")
        else:
            print("ingesting the bundled corpus + those PDFs into a fresh data dir (empty vector cache, progress bar on) …", flush=True)
            prod = results["product_ingest"] = bench_product_ingest(work, pdfs)
            print(f"  full ingest: {prod['documents']} documents, {prod['chunks']} chunks ({prod['embedded']} embedded) in "
                  f"{prod['first_wall_s']:.1f} s wall = {prod['first_wall_s'] / 60:.1f} min (target < 10 min), {prod['first_cpu_s']:.0f} s CPU "
                  f"(user+sys: what the run costs a quiet machine, whatever the load), peak RSS {prod['first_maxrss_mb']:.0f} MB")
            print(f"  progress bar shown: {prod['progress_bar_lines']} updates, ETA shown: {prod['progress_bar_has_eta']}; last: {prod['progress_bar_last']}")
            print(f"  re-ingest, nothing changed: {prod['again_wall_s']:.2f} s wall, {prod['again_changed']} changed, "
                  f"{prod['again_embedded']} embedded; {100 * prod['again_ratio']:.1f}% of the first run (target < 5%)")

        data_dir = Path(prod["data_dir"])
        cold = results["cold_start"] = bench_cold_start(data_dir)
        print(f"cold start to first result: {cold['wall_s']:.2f} s wall (import {cold['import_s']:.2f} s, load index "
              f"{cold['load_s']:.2f} s, first query {cold['first_query_s']:.2f} s; peak RSS {cold['maxrss_mb']:.0f} MB) "
              f"(target < 5 s); `advisor search` end to end {cold['cli_search_wall_s']:.2f} s")

        print_warm(results.setdefault("warm_search", bench_warm(data_dir, args.passes)))

        print(f"`advisor serve` under load: {args.users} simulated owners for {args.duration:.0f} s …", flush=True)
        serve = results["serve_under_load"] = bench_serve_under_load(data_dir, args.users, args.duration)
        print(f"  healthy after {serve['healthy_after_s']:.1f} s, first answer {serve['first_answer_s']:.2f} s; "
              f"{serve['requests_ok']} answers, {serve['errors']} errors, p50 {serve['p50_s']:.2f} s, p95 {serve['p95_s']:.2f} s")
        print(f"  server peak RSS (VmHWM) {serve['peak_rss_mb']:.0f} MB (target < 1 GB), RSS at the end {serve['rss_mb_end']:.0f} MB")
        prod.pop("data_dir", None)
        results["peak_rss_mb"] = {
            "ingest_product": prod.get("first_maxrss_mb"),
            "search_cold_process": cold["maxrss_mb"],
            "serve_under_load": serve["peak_rss_mb"],
        }
        results["machine"]["load_avg_at_end"] = os.getloadavg()
        print(f"load average at start {results['machine']['load_avg_at_start'][0]:.1f}, at end {results['machine']['load_avg_at_end'][0]:.1f} "
              f"on {results['machine']['cpus']} CPUs (figures are only as quiet as the machine)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    if args.json:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
