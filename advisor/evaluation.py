"""Retrieval evaluation: our owner-style dataset and JSQuAD (a peer's benchmark).

Dataset rows (evals/datasets/retrieval.jsonl): {"id","kind","question","gold":[substring…],
"answer_must_include":[…],"doc":[…]}. A gold substring is found when a retrieved chunk contains it
after NFKC and removal of all whitespace; a question is recalled at k when every gold substring is
found in the top k. MRR uses the first rank at which all gold substrings are covered.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from advisor.config import REPO_ROOT, Settings
from advisor.text import compact

KS = (1, 5, 10)
JSQUAD_DEFAULT = REPO_ROOT.parent / "shared" / "datasets" / "jsquad" / "valid-v1.3.json"


def load_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: invalid JSON ({exc.msg})") from exc
    return rows


def covering_rank(passages: Sequence[str], gold: Sequence[str]) -> int | None:
    """1-based rank at which every gold substring has been seen in passages[:rank], else None."""
    wanted = {compact(g) for g in gold if compact(g)}
    if not wanted:
        return None
    for rank, passage in enumerate(passages, start=1):
        text = compact(passage)
        wanted = {g for g in wanted if g not in text}
        if not wanted:
            return rank
    return None


def summarize(ranks: Sequence[int | None], ks: Sequence[int] = KS) -> dict[str, float]:
    n = len(ranks)
    out: dict[str, float] = {}
    for k in ks:
        out[f"recall@{k}"] = sum(1 for r in ranks if r is not None and r <= k) / n if n else 0.0
    out["mrr"] = sum(1.0 / r for r in ranks if r is not None) / n if n else 0.0
    out["n"] = n
    return out


def run_retrieval_eval(settings: Settings, dataset: Path, k: int = 10, mode: str | None = None) -> dict:
    from advisor.retrieval.hybrid import Retriever

    rows = load_jsonl(dataset)
    retriever = Retriever(settings)
    depth = max(k, max(KS))
    ranks: list[int | None] = []
    by_kind: dict[str, list[int | None]] = defaultdict(list)
    misses: list[dict] = []
    latencies: list[float] = []
    for row in rows:
        started = time.perf_counter()
        hits = retriever.search(row["question"], k=depth, mode=mode)  # type: ignore[arg-type]
        latencies.append(time.perf_counter() - started)
        rank = covering_rank([h.chunk.text_with_heading() for h in hits], row["gold"])
        ranks.append(rank)
        by_kind[row.get("kind", "?")].append(rank)
        if rank is None or rank > 5:
            misses.append({"id": row["id"], "kind": row.get("kind"), "question": row["question"], "rank": rank})
    result = summarize(ranks)
    result["mode"] = mode or settings.retrieval_mode
    result["by_kind"] = {kind: summarize(rs) for kind, rs in sorted(by_kind.items())}
    result["misses_at_5"] = misses
    result["mean_latency_ms"] = 1000 * sum(latencies) / max(1, len(latencies))
    return result


# --- JSQuAD ----------------------------------------------------------------------------------------


def jsquad_settings(settings: Settings) -> Settings:
    """JSQuAD is indexed in a data directory of its own, never mixed with the product index."""
    data_dir = settings.data_dir / "eval-jsquad"
    return settings.model_copy(update={"data_dir": data_dir, "corpus_dir": data_dir / "corpus"})


def prepare_jsquad(settings: Settings, source: Path) -> tuple[Settings, list[tuple[str, str]]]:
    """Write each JSQuAD paragraph as one document and return (question, paragraph id) pairs."""
    import yaml

    eval_settings = jsquad_settings(settings)
    docs_dir = eval_settings.documents_dir
    docs_dir.mkdir(parents=True, exist_ok=True)
    data = json.loads(source.read_text(encoding="utf-8"))
    questions: list[tuple[str, str]] = []
    entries = []
    n = 0
    for article in data["data"]:
        for paragraph in article["paragraphs"]:
            n += 1
            pid = f"jsquad-{n:05d}"
            path = docs_dir / f"{pid}.txt"
            # The context starts with "Title [SEP] ..." in JSQuAD; keep it: it is the paragraph's own text.
            text = paragraph["context"]
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            entries.append({"id": pid, "file": path.name, "title": article["title"], "issuer": "Wikipedia (JSQuAD v1.3, CC BY-SA 4.0)", "date": "2021-11-01", "kind": "encyclopedia"})
            for qa in paragraph["qas"]:
                questions.append((qa["question"], pid))
    sources_yaml = yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False)
    if not eval_settings.sources_file.is_file() or eval_settings.sources_file.read_text(encoding="utf-8") != sources_yaml:
        eval_settings.sources_file.write_text(sources_yaml, encoding="utf-8")
    return eval_settings, questions


def run_jsquad_eval(
    settings: Settings, dataset: Path | None = None, mode: str | None = None, limit: int | None = None, k: int = 10
) -> dict:
    from advisor.ingest.indexer import ingest
    from advisor.retrieval.hybrid import Retriever

    source = dataset or JSQUAD_DEFAULT
    if not source.is_file():
        raise FileNotFoundError(f"JSQuAD file not found: {source} (pass --dataset PATH to valid-v1.3.json)")
    eval_settings, questions = prepare_jsquad(settings, source)
    report = ingest(eval_settings, progress=False)
    if limit:
        questions = questions[:limit]
    retriever = Retriever(eval_settings)
    depth = max(k, max(KS))
    ranks: list[int | None] = []
    for question, pid in questions:
        # Chunks of one paragraph count once: rank by distinct paragraphs.
        hits = retriever.search(question, k=depth * 2, mode=mode)  # type: ignore[arg-type]
        seen: list[str] = []
        for h in hits:
            if h.chunk.source_id not in seen:
                seen.append(h.chunk.source_id)
        ranks.append(seen.index(pid) + 1 if pid in seen[:depth] else None)
    result = summarize(ranks)
    result["mode"] = mode or settings.retrieval_mode
    result["paragraphs"] = report.chunks_total and len(set(p for _q, p in questions))
    return result
