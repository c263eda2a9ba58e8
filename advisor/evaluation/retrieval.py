"""Retrieval evaluation: our owner-style dataset and JSQuAD (a peer's benchmark).

Dataset rows (evals/datasets/retrieval.jsonl): {"id","kind","question","gold":[substring…],
"answer_must_include":[…],"doc":[…],"split":"dev"|"test"}. A gold substring is found when a retrieved chunk contains it
after NFKC and removal of all whitespace; a question is recalled at k when every gold substring is
found in the top k. MRR uses the first rank at which all gold substrings are covered
(advisor.evaluation.metrics).

JSQuAD questions are split by a hash of their id (jsquad_split); dataset rows carry a fixed split
(advisor.evaluation.datasets).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from pathlib import Path

from advisor.config import REPO_ROOT, Settings
from advisor.evaluation.datasets import SPLIT_CHOICES, SPLITS, load_rows, split_groups
from advisor.evaluation.metrics import KS, covering_rank, summarize

JSQUAD_DEFAULT = REPO_ROOT.parent / "shared" / "datasets" / "jsquad" / "valid-v1.3.json"


def jsquad_split(question_id: str) -> str:
    """A fixed dev/test split of JSQuAD questions: the parity of a hash of the question id."""
    return SPLITS[hashlib.sha256(question_id.encode("utf-8")).digest()[0] % 2]


def run_retrieval_eval(
    settings: Settings,
    dataset: Path,
    k: int = 10,
    mode: str | None = None,
    split: str = "all",
    program_from_dataset: bool = False,
    retriever=None,
) -> dict:
    """``program_from_dataset``: a row's ``program`` (catalog id or a name as owners write it)
    is passed to the search as if the conversation had already named it; rows without one run
    as they are. ``retriever``: an already loaded one (the ablation reuses one per index)."""
    from advisor.retrieval.hybrid import Retriever

    rows = load_rows(dataset, split, required=("id", "question", "gold"))
    retriever = retriever or Retriever(settings)
    depth = max(k, max(KS))
    ranks: list[int | None] = []
    by_kind: dict[str, list[int | None]] = defaultdict(list)
    misses: list[dict] = []
    latencies: list[float] = []
    for row in rows:
        started = time.perf_counter()
        program = row.get("program") if program_from_dataset else None
        hits = retriever.search(row["question"], k=depth, mode=mode, program=program or None)  # type: ignore[arg-type]
        latencies.append(time.perf_counter() - started)
        rank = covering_rank([h.chunk.text_with_heading() for h in hits], row["gold"])
        ranks.append(rank)
        by_kind[row.get("kind", "?")].append(rank)
        if rank is None or rank > 5:
            misses.append({"id": row["id"], "kind": row.get("kind"), "question": row["question"], "rank": rank})
    result = summarize(ranks)
    result["mode"] = mode or retriever.settings.retrieval_mode
    result["split"] = split
    result["program_from_dataset"] = program_from_dataset
    groups = split_groups(rows, split)
    if groups:
        result["by_split"] = {s: summarize([ranks[i] for i in idx]) for s, idx in groups.items()}
    result["by_kind"] = {kind: summarize(rs) for kind, rs in sorted(by_kind.items())}
    result["misses_at_5"] = misses
    result["mean_latency_ms"] = 1000 * sum(latencies) / max(1, len(latencies))
    return result


# --- JSQuAD ----------------------------------------------------------------------------------------


def jsquad_settings(settings: Settings, paragraphs: int | None = None) -> Settings:
    """JSQuAD is indexed in a data directory of its own, never mixed with the product index (one
    per subsample size: a subsample indexes only its own paragraphs)."""
    data_dir = settings.data_dir / ("eval-jsquad" if not paragraphs else f"eval-jsquad-first{paragraphs}")
    return settings.model_copy(update={"data_dir": data_dir, "corpus_dir": data_dir / "corpus"})


def read_jsquad(source: Path, paragraphs: int | None = None) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(article title, paragraph context, [(question id, question)]) of the first ``paragraphs``
    paragraphs (all by default); ValueError naming the file when it is not JSQuAD (SQuAD v1) JSON."""
    out: list[tuple[str, str, list[tuple[str, str]]]] = []
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        for article in data["data"]:
            for paragraph in article["paragraphs"]:
                if paragraphs and len(out) >= paragraphs:
                    return out
                qas = [(str(qa["id"]), str(qa["question"])) for qa in paragraph["qas"]]
                out.append((str(article["title"]), str(paragraph["context"]), qas))
    except (ValueError, KeyError, TypeError) as exc:
        reason = f"no {exc}" if isinstance(exc, KeyError) else str(exc)
        raise ValueError(f"{source}: not a JSQuAD file ({reason}); pass --dataset PATH to valid-v1.3.json") from None
    return out


def prepare_jsquad(
    settings: Settings, source: Path, paragraphs: int | None = None
) -> tuple[Settings, list[tuple[str, str, str]]]:
    """Write each JSQuAD paragraph as one document and return (question, paragraph id, split).
    ``paragraphs``: only the first N paragraphs (in file order) and their questions."""
    import yaml

    read = read_jsquad(source, paragraphs)  # before anything is written
    eval_settings = jsquad_settings(settings, paragraphs)
    docs_dir = eval_settings.documents_dir
    docs_dir.mkdir(parents=True, exist_ok=True)
    questions: list[tuple[str, str, str]] = []
    entries = []
    for n, (title, text, qas) in enumerate(read, 1):
        pid = f"jsquad-{n:05d}"
        path = docs_dir / f"{pid}.txt"
        # The context starts with "Title [SEP] ..." in JSQuAD; keep it: it is the paragraph's own text.
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        entries.append({"id": pid, "file": path.name, "title": title, "issuer": "Wikipedia (JSQuAD v1.3, CC BY-SA 4.0)", "date": "2021-11-01", "kind": "encyclopedia"})
        questions.extend((question, pid, jsquad_split(qid)) for qid, question in qas)
    sources_yaml = yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False)
    if not eval_settings.sources_file.is_file() or eval_settings.sources_file.read_text(encoding="utf-8") != sources_yaml:
        eval_settings.sources_file.write_text(sources_yaml, encoding="utf-8")
    return eval_settings, questions


def run_jsquad_eval(
    settings: Settings,
    dataset: Path | None = None,
    mode: str | None = None,
    limit: int | None = None,
    k: int = 10,
    split: str = "all",
    retriever=None,
    paragraphs: int | None = None,
) -> dict:
    """``paragraphs``: index only the first N paragraphs and ask only their questions (a subsample
    for machines where embedding all 1,145 paragraphs is too slow; reports say so)."""
    from advisor.ingest.indexer import ingest
    from advisor.retrieval.hybrid import Retriever

    if split not in SPLIT_CHOICES:  # before minutes of indexing, not after
        raise ValueError(f"unknown split {split!r} (choose from {', '.join(SPLIT_CHOICES)})")
    source = dataset or JSQUAD_DEFAULT
    if not source.is_file():
        raise FileNotFoundError(f"JSQuAD file not found: {source} (pass --dataset PATH to valid-v1.3.json)")
    eval_settings, questions = prepare_jsquad(settings, source, paragraphs)
    report = ingest(eval_settings, progress=False)
    if split != "all":
        questions = [q for q in questions if q[2] == split]
    if limit:
        questions = questions[:limit]
    retriever = retriever or Retriever(eval_settings)
    depth = max(k, max(KS))
    ranks: list[int | None] = []
    for question, pid, _split in questions:
        # Chunks of one paragraph count once: rank by distinct paragraphs.
        hits = retriever.search(question, k=depth * 2, mode=mode)  # type: ignore[arg-type]
        seen: list[str] = []
        for h in hits:
            if h.chunk.source_id not in seen:
                seen.append(h.chunk.source_id)
        ranks.append(seen.index(pid) + 1 if pid in seen[:depth] else None)
    result = summarize(ranks)
    result["mode"] = mode or settings.retrieval_mode
    result["split"] = split
    if split == "all":
        result["by_split"] = {
            s: summarize([r for r, q in zip(ranks, questions) if q[2] == s]) for s in SPLITS
        }
    result["paragraphs"] = report.chunks_total and len(set(q[1] for q in questions))
    return result
