"""Regenerate the retrieval ablation table in evals/README.md (one command: `make ablation`).

Indexes (each in its own data dir under --work-dir, all sharing one chunk-vector cache, so a
re-run embeds nothing):
- bundled: corpus/documents with e5 (the product) — retrieval.jsonl and retrieval_holdout.jsonl;
- bundled-static: the same documents with the former corpus-static model (the baseline that e5
  replaces);
- real: corpus/documents + the six guideline PDFs of ../shared/datasets (FAQ PDFs not indexed)
  with e5 — faq_monozukuri.jsonl, without and with program context (filter / boost);
- JSQuAD v1.3 validation (its own data dir) — lexical / dense / hybrid.

Every figure is given for the dev and the test split. Choices (fusion method and weight, MMR,
what the dense side embeds, filter vs boost) are made on dev rows only, by mean dev recall@5 over
the tuning sets (retrieval, holdout, faq_monozukuri), MRR breaking ties; the chosen row is
marked and its test figures are the ones to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import yaml

from advisor.config import REPO_ROOT, Settings
from advisor.evaluation.retrieval import jsquad_settings, run_jsquad_eval, run_retrieval_eval
from advisor.ingest.indexer import ingest
from advisor.retrieval.hybrid import Retriever

README = REPO_ROOT / "evals" / "README.md"
RESULTS = REPO_ROOT / "evals" / "results" / "ablation.json"
START, END = "<!-- ablation:start -->", "<!-- ablation:end -->"
DATASETS = REPO_ROOT / "evals" / "datasets"
REAL_SOURCES = DATASETS / "real_pdfs.sources.yaml"
SHARED = Path(os.environ.get("ADVISOR_SHARED_DATASETS", REPO_ROOT.parent / "shared" / "datasets"))
JSQUAD = SHARED / "jsquad" / "valid-v1.3.json"
METRICS = ("recall@1", "recall@5", "recall@10", "mrr")

# Hybrid variants tried on dev (settings overrides).
FUSIONS: dict[str, dict] = {
    "blend w0.3 (old default)": {"fusion": "blend", "dense_weight": 0.3},
    "blend w0.5": {"fusion": "blend", "dense_weight": 0.5},
    "blend w0.7": {"fusion": "blend", "dense_weight": 0.7},
    "rrf k60": {"fusion": "rrf", "rrf_k": 60},
    "rrf k20": {"fusion": "rrf", "rrf_k": 20},
    "calibrated w0.3": {"fusion": "calibrated", "dense_weight": 0.3},
    "calibrated w0.4": {"fusion": "calibrated", "dense_weight": 0.4},
    "calibrated w0.5": {"fusion": "calibrated", "dense_weight": 0.5},
    "calibrated w0.6": {"fusion": "calibrated", "dense_weight": 0.6},
}
SECONDARY: dict[str, dict] = {
    "no MMR": {"mmr_penalty": 0.0},
    "MMR 0.1": {"mmr_penalty": 0.1},
    "dense embeds expanded query": {"dense_query": "expanded"},
}


class _MemoEmbeddings:
    """Query vectors computed once per question for the whole ablation (dozens of variants ask
    the same questions); documents are never embedded here."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.memo: dict[str, list[float]] = {}

    def embed_query(self, text: str) -> list[float]:
        if text not in self.memo:
            self.memo[text] = self.inner.embed_query(text)
        return self.memo[text]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)


def _retriever(settings: Settings) -> Retriever:
    retriever = Retriever(settings)
    state = retriever._state()  # noqa: SLF001 - evaluation tooling: memoise the loaded model
    state.embeddings = _MemoEmbeddings(state.embeddings)
    return retriever


def _with(retriever: Retriever, base: Settings, overrides: dict) -> Retriever:
    retriever.settings = base.model_copy(update=overrides)
    return retriever


def _split_figures(result: dict) -> dict[str, dict]:
    by_split = result.get("by_split") or {}
    return {s: {m: by_split[s][m] for m in (*METRICS, "n")} for s in ("dev", "test") if s in by_split}


def _real_pdfs() -> list[Path]:
    entries = yaml.safe_load(REAL_SOURCES.read_text(encoding="utf-8"))["sources"]
    found = {p.name: p for p in SHARED.rglob("*.pdf")} if SHARED.is_dir() else {}
    # The "six guideline PDFs": FAQ PDFs are evaluation material, never indexed here.
    return [found[e["file"]] for e in entries if e["kind"] != "faq" and e["file"] in found]


def _jsquad_rows(args: argparse.Namespace, common: dict, chosen_name: str, record) -> None:
    """JSQuAD v1.3 validation in its own index: lexical, dense, the chosen hybrid and the old default."""
    if args.skip_jsquad or not JSQUAD.is_file():
        return
    chosen = FUSIONS[chosen_name]
    jbase = Settings(data_dir=args.work_dir, **common)
    started = time.perf_counter()
    sub = args.jsquad_paragraphs
    jname = "JSQuAD v1.3 valid" + (f" (first {sub} paragraphs)" if sub else "")
    first = run_jsquad_eval(jbase, JSQUAD, mode="lexical", limit=args.jsquad_limit, paragraphs=sub)  # also ingests
    record(jname, "own index e5", "lexical", first)
    jr = _retriever(jsquad_settings(jbase, sub))
    for config, mode, overrides in (("dense", "dense", {}), (f"hybrid {chosen_name}", "hybrid", chosen),
                                    ("hybrid blend w0.3 (old default)", "hybrid", FUSIONS["blend w0.3 (old default)"])):
        _with(jr, jsquad_settings(jbase, sub), overrides)
        record(jname, "own index e5", config,
               run_jsquad_eval(jbase, JSQUAD, mode=mode, limit=args.jsquad_limit, retriever=jr, paragraphs=sub))
    print(f"JSQuAD {time.perf_counter() - started:.0f}s", flush=True)


def _write_table(results: dict[str, dict], chosen_name: str, no_write: bool) -> int:
    """The ablation table into evals/README.md (between its markers) and evals/results/ablation.json."""
    header = ("| dataset | index | configuration | dev r@1 | dev r@5 | dev r@10 | dev MRR | test r@1 | test r@5 | test r@10 | test MRR | n dev/test |\n"
              "|---|---|---|---|---|---|---|---|---|---|---|---|")
    lines = [header]
    for key, figures in results.items():
        dataset, index, config = key.split(" | ")
        mark = " **(chosen)**" if config == f"hybrid {chosen_name}" else ""
        cells = []
        for s in ("dev", "test"):
            f = figures.get(s)
            cells += [f"{f[m]:.3f}" if f else "–" for m in METRICS]
        n = "/".join(str(figures[s]["n"]) if s in figures else "0" for s in ("dev", "test"))
        lines.append(f"| {dataset} | {index} | {config}{mark} | " + " | ".join(cells) + f" | {n} |")
    generated = f"_Generated by `make ablation` (evals/ablation.py) on {time.strftime('%Y-%m-%d')}; fusion chosen on dev: {chosen_name}._"
    block = "\n".join([START, generated, "", *lines, END])
    print(block)
    if no_write:
        return 0
    text = README.read_text(encoding="utf-8") if README.is_file() else f"# Evaluation\n\n{START}\n{END}\n"
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text += "\n" + block + "\n"
    README.write_text(text, encoding="utf-8")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"chosen": chosen_name, "results": results}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"table written to {README}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work-dir", type=Path, default=REPO_ROOT / ".advisor-data" / "ablation")
    parser.add_argument("--jsquad-limit", type=int, default=None, help="evaluate only the first N JSQuAD questions")
    parser.add_argument("--skip-jsquad", action="store_true")
    parser.add_argument("--only-jsquad", action="store_true",
                        help="run only the JSQuAD rows (e.g. on the full set, which takes long); the other rows and the "
                             "fusion chosen on dev are kept from the previous run's evals/results/ablation.json")
    parser.add_argument("--jsquad-paragraphs", type=int, default=None,
                        help="index only the first N JSQuAD paragraphs and ask their questions (a stated subsample)")
    parser.add_argument("--skip-static", action="store_true", help="skip the corpus-static baseline index")
    parser.add_argument("--skip-real", action="store_true", help="skip the bundled + guideline PDFs index (faq_monozukuri)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave evals/README.md alone")
    parser.add_argument("--vector-cache", type=Path, default=None,
                        help="chunk-vector cache to share (default: ADVISOR_EMBEDDING_CACHE_DIR, else <work-dir>/vector-cache)")
    args = parser.parse_args()

    env_cache = os.environ.get("ADVISOR_EMBEDDING_CACHE_DIR")
    cache = args.vector_cache or (Path(env_cache) if env_cache else args.work_dir / "vector-cache")
    common = {"corpus_dir": REPO_ROOT / "corpus", "embedding_cache_dir": cache}
    results: dict[str, dict] = {}

    def record(dataset: str, index: str, config: str, result: dict) -> None:
        key = f"{dataset} | {index} | {config}"
        results[key] = _split_figures(result)
        shown = "  ".join(f"{s}: r@1 {f['recall@1']:.3f} r@5 {f['recall@5']:.3f} mrr {f['mrr']:.3f}" for s, f in results[key].items())
        print(f"{key}: {shown}", flush=True)

    def evaluate(retriever: Retriever, base: Settings, dataset: str, index: str, config: str, mode: str, overrides: dict, program: bool = False) -> None:
        _with(retriever, base, overrides)
        record(dataset, index, config, run_retrieval_eval(base, DATASETS / dataset, mode=mode, program_from_dataset=program, retriever=retriever))

    if args.only_jsquad:
        previous = json.loads(RESULTS.read_text(encoding="utf-8"))
        results.update({key: figures for key, figures in previous["results"].items() if not key.startswith("JSQuAD")})
        _jsquad_rows(args, common, previous["chosen"], record)
        return _write_table(results, previous["chosen"], args.no_write)

    # --- bundled corpus ------------------------------------------------------------------------
    bundled = Settings(data_dir=args.work_dir / "bundled", **common)
    print("ingest bundled (e5):", ingest(bundled, progress=True).summary(), flush=True)
    owner_sets = [d for d in ("retrieval.jsonl", "retrieval_holdout.jsonl") if (DATASETS / d).is_file()]
    r = _retriever(bundled)
    for ds in owner_sets:
        evaluate(r, bundled, ds, "bundled e5", "lexical", "lexical", {})
        evaluate(r, bundled, ds, "bundled e5", "dense", "dense", {})
        for name, overrides in FUSIONS.items():
            evaluate(r, bundled, ds, "bundled e5", f"hybrid {name}", "hybrid", overrides)
    if not args.skip_static:
        static = Settings(data_dir=args.work_dir / "bundled-static", embedding_backend="corpus-static", **common)
        print("ingest bundled (corpus-static):", ingest(static, progress=False).summary(), flush=True)
        rs = _retriever(static)
        for ds in owner_sets:
            evaluate(rs, static, ds, "bundled corpus-static", "dense", "dense", {})
            evaluate(rs, static, ds, "bundled corpus-static", "hybrid blend w0.3 (old default)", "hybrid", FUSIONS["blend w0.3 (old default)"])

    # --- bundled + six guideline PDFs: the secretariat's FAQ ---------------------------------------
    faq = "faq_monozukuri.jsonl"
    pdfs = [] if args.skip_real else _real_pdfs()
    real = Settings(data_dir=args.work_dir / "real", **common)
    if pdfs and (DATASETS / faq).is_file():
        report = ingest(real, [bundled.documents_dir, *pdfs], progress=True, sources_files=[REAL_SOURCES])
        print("ingest bundled + guideline PDFs (e5):", report.summary(), flush=True)
        rr = _retriever(real)
        no_q = {"program_from_question": False}
        evaluate(rr, real, faq, "bundled+6 PDFs e5", "lexical", "lexical", no_q)
        evaluate(rr, real, faq, "bundled+6 PDFs e5", "dense", "dense", no_q)
        for name, overrides in FUSIONS.items():
            evaluate(rr, real, faq, "bundled+6 PDFs e5", f"hybrid {name}", "hybrid", overrides | no_q)
    else:
        print(f"faq_monozukuri skipped: PDFs under {SHARED} or the dataset missing", file=sys.stderr)

    # --- choose the fusion on dev ----------------------------------------------------------------
    def dev_score(config: str) -> tuple[float, float]:
        rows = [v["dev"] for k, v in results.items() if k.endswith(f"| {config}") and "e5" in k and "dev" in v]
        return (sum(x["recall@5"] for x in rows) / len(rows), sum(x["mrr"] for x in rows) / len(rows)) if rows else (0.0, 0.0)

    chosen_name = max(FUSIONS, key=lambda name: dev_score(f"hybrid {name}"))
    chosen = FUSIONS[chosen_name]
    print(f"chosen on dev: {chosen_name} {dev_score('hybrid ' + chosen_name)}", flush=True)
    for name, overrides in SECONDARY.items():
        for ds in owner_sets:
            evaluate(r, bundled, ds, "bundled e5", f"hybrid {chosen_name} + {name}", "hybrid", chosen | overrides)
        if pdfs and (DATASETS / faq).is_file():
            evaluate(rr, real, faq, "bundled+6 PDFs e5", f"hybrid {chosen_name} + {name}", "hybrid", chosen | overrides | {"program_from_question": False})

    # --- program context on the FAQ -------------------------------------------------------------
    if pdfs and (DATASETS / faq).is_file():
        for mode in ("lexical", "dense", "hybrid"):
            for scope in ("filter", "boost"):
                evaluate(rr, real, faq, "bundled+6 PDFs e5", f"{mode} + program ({scope})", mode,
                         chosen | {"program_scope": scope}, program=True)
        evaluate(rr, real, faq, "bundled+6 PDFs e5", "hybrid + program named in the question only", "hybrid",
                 chosen | {"program_from_question": True})

    _jsquad_rows(args, common, chosen_name, record)
    return _write_table(results, chosen_name, args.no_write)


if __name__ == "__main__":
    sys.exit(main())
