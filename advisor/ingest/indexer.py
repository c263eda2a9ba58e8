"""Idempotent, incremental, atomic indexing.

The index lives in generations (their on-disk format: advisor.index.format). An ingest builds a new generation beside the current one and switches
CURRENT with an atomic rename as its very last step, so a crash, a kill or Ctrl-C at any point
leaves the previous index complete and searchable. Unchanged files cost a hash and nothing more;
a changed file replaces exactly its chunks; a file that disappeared loses its chunks; a file that
fails to load keeps whatever was indexed for it before.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from advisor.config import Settings
from advisor.documents import SIDECAR_SUFFIX, IngestError, discover, file_hash, load_document, load_source_table, source_for
from advisor.index.format import (
    FORMAT_VERSION,
    StoredChunk,
    collect_garbage,
    copy_document,
    current_generation,
    has_document,
    new_generation_dir,
    read_chunks,
    read_manifest,
    switch_current,
    write_chunks,
    write_document,
    write_manifest,
    write_vectors,
    writer_lock,
)
from advisor.ingest.chunking import CHUNKER_VERSION, chunk_document, fixed_size_chunks
from advisor.types import Chunk, SourceInfo

log = logging.getLogger(__name__)

@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one line each: "<path>: <reason>"
    chunks_total: int = 0
    generation: str = ""
    seconds: float = 0.0
    rebuilt: bool = False  # every file re-indexed: first run, --refit, or changed settings/format
    embedded: int = 0  # chunk vectors the model computed in this run
    embedding_cache_hits: int = 0  # chunk vectors taken from the vector cache instead

    @property
    def changed(self) -> int:
        return len(self.added) + len(self.updated) + len(self.removed)

    def summary(self) -> str:
        # Unchanged documents re-indexed because the chunker or embedding settings changed are
        # said so, or "0 changed" after a long run would puzzle the operator.
        rebuilt = "; index rebuilt for changed settings" if self.rebuilt and self.unchanged else ""
        return (
            f"{self.changed} changed documents (added {len(self.added)}, updated {len(self.updated)}, "
            f"removed {len(self.removed)}), {len(self.unchanged)} unchanged, {len(self.failed)} failed; "
            f"{self.chunks_total} chunks in index {self.generation or '(none)'}{rebuilt}; {self.seconds:.2f}s"
        )


# --- the ingest ------------------------------------------------------------------------------------


def _has_sidecar(path: Path) -> bool:
    return path.with_name(path.name + SIDECAR_SUFFIX).is_file()


def _chunks_for(doc, settings: Settings) -> list[Chunk]:
    if settings.chunker == "fixed":
        return fixed_size_chunks(doc, settings.fixed_chunk_chars)
    return chunk_document(doc, settings.chunk_max_tokens, settings.chunk_min_tokens)


def _progress(iterable, total: int, desc: str, enabled: bool):
    """A tqdm bar (count, rate, ETA) on stderr; ``iterable`` None gives a bar updated by hand
    (or None when disabled)."""
    if not enabled:
        return iterable
    from tqdm import tqdm

    # The embedding bar stays on screen: it is the long step, and its rate is worth seeing after.
    return tqdm(
        iterable, total=total, desc=desc, unit="file" if desc.startswith("read") else "chunk", file=sys.stderr,
        leave=desc == "embedding", dynamic_ncols=True,
    )


def ingest(
    settings: Settings,
    paths: list[Path] | None = None,
    refit: bool = False,
    progress: bool = True,
    on_stage: Callable[[str], None] | None = None,
    sources_files: list[Path] | None = None,
) -> IngestReport:
    """Bring the index up to date with ``paths`` (default: the bundled corpus documents)."""
    from advisor.index.analysis import ANALYSIS_VERSION
    from advisor.index.embeddings import embedding_fingerprint

    started = time.perf_counter()
    stage = on_stage or (lambda _name: None)
    index_dir = settings.index_dir
    report = IngestReport()
    with writer_lock(index_dir):
        old_gen = current_generation(index_dir)
        old_manifest = read_manifest(old_gen) if old_gen else {"files": {}}
        fingerprint = embedding_fingerprint(settings)
        chunker_key = (
            f"{settings.chunker}:{settings.chunk_max_tokens}:{settings.chunk_min_tokens}:{settings.fixed_chunk_chars}"
            f":analysis-{ANALYSIS_VERSION}:chunker-v{CHUNKER_VERSION}"
        )
        full_rebuild = (
            old_gen is None
            or refit
            or old_manifest.get("embedding") != fingerprint
            or old_manifest.get("chunker") != chunker_key
            or old_manifest.get("version") != FORMAT_VERSION
        )

        roots = paths or [settings.documents_dir]
        tables: dict[str, SourceInfo] = dict(load_source_table(settings.sources_file))
        for root in roots:
            if root.is_dir():
                tables.update(load_source_table(root / "sources.yaml"))
        for extra in sources_files or []:
            if not extra.is_file():
                raise FileNotFoundError(f"sources file not found: {extra}")
            tables.update(load_source_table(extra))
        files = discover(roots)
        new_files: dict[str, dict] = {}
        new_docs = []  # documents whose chunks must be (re)computed
        stage("read")
        for path in _progress(files, len(files), "reading", progress):
            key = str(path.resolve())
            previous = old_manifest["files"].get(key)
            if not path.exists():
                report.failed.append(f"{path}: file not found")
                continue
            try:
                digest = file_hash(path)
            except OSError as exc:
                report.failed.append(f"{path}: cannot read file ({exc.strerror or exc})")
                if previous:
                    new_files[key] = previous
                continue
            if previous and previous["hash"] == digest and not full_rebuild:
                try:
                    described = asdict(source_for(path, tables)) if path.name in tables or _has_sidecar(path) else previous["source"]
                except IngestError as exc:
                    report.failed.append(str(exc))
                    new_files[key] = previous
                    continue
                if described == previous["source"]:
                    new_files[key] = previous
                    report.unchanged.append(str(path))
                    continue
                if all(described.get(f, "") == previous["source"].get(f, "") for f in ("id", "kind", "program")):
                    # A title/issuer/date edit in sources.yaml: a new generation with the same
                    # chunks. Id, kind and program live in chunk ids and vector metadata: those
                    # re-chunk below (their vectors come from the vector cache).
                    new_files[key] = dict(previous) | {"source": described}
                    report.updated.append(str(path))
                    continue
            try:
                doc = load_document(path, tables, settings)
            except IngestError as exc:
                report.failed.append(str(exc))
                if previous:
                    new_files[key] = previous
                continue
            clash = next((k for k, v in new_files.items() if v["source"]["id"] == doc.source.id and k != key), None)
            if clash:
                report.failed.append(f"{path}: source id {doc.source.id!r} is already used by {clash}; rename the file or give it an id")
                continue
            if previous and previous["hash"] == digest and previous["source"] == asdict(doc.source):
                report.unchanged.append(str(path))
            else:
                (report.updated if previous else report.added).append(str(path))
            new_files[key] = {"hash": digest, "source": asdict(doc.source), "chunk_ids": []}
            new_docs.append((key, doc))
        ids_this_run = {v["source"]["id"] for v in new_files.values()}
        for key, entry in old_manifest["files"].items():
            if key in new_files:
                continue
            if not Path(key).exists() or entry["source"]["id"] in ids_this_run:
                # Gone, or superseded: this run read the same source id from another path (the
                # corpus was copied or moved, e.g. another checkout). Keeping both would index
                # one document twice under the same chunk ids.
                report.removed.append(key)
            else:
                new_files[key] = entry  # not part of this run: keep as is

        if not full_rebuild and report.changed == 0 and not new_docs:
            # A generation written before documents' pages were stored gets them now, so that its
            # readers stop parsing PDFs: additive, each file written atomically.
            _store_documents(old_gen, None, new_files, {}, settings)
            report.generation = old_gen.name if old_gen else ""
            report.chunks_total = sum(len(v["chunk_ids"]) for v in new_files.values())
            report.seconds = time.perf_counter() - started
            return report

        report.rebuilt = full_rebuild
        new_gen = new_generation_dir(index_dir)
        try:
            _build_generation(
                settings, old_gen, new_gen, old_manifest, new_files, new_docs, full_rebuild, fingerprint, chunker_key, progress, stage,
                report,
            )
            stage("switch")
            switch_current(index_dir, new_gen)
        except BaseException:
            shutil.rmtree(new_gen, ignore_errors=True)
            raise
        collect_garbage(index_dir, keep=[new_gen, old_gen])
        report.generation = new_gen.name
        report.chunks_total = sum(len(v["chunk_ids"]) for v in new_files.values())
        report.seconds = time.perf_counter() - started
        return report


def _build_generation(
    settings: Settings,
    old_gen: Path | None,
    new_gen: Path,
    old_manifest: dict,
    new_files: dict[str, dict],
    new_docs: list,
    full_rebuild: bool,
    fingerprint: str,
    chunker_key: str,
    progress: bool,
    stage: Callable[[str], None],
    report: IngestReport,
) -> None:
    from advisor.index.analysis import analyze_passage
    from advisor.index.embeddings import STATIC_MODEL_DIR, fit_corpus_static_model, load_embeddings
    from advisor.index.store import VectorStore, chroma_client, chunk_metadata

    replaced_keys = {key for key, _doc in new_docs}
    kept: list[StoredChunk] = []
    if old_gen is not None:
        live_ids = {cid for key, entry in new_files.items() if key not in replaced_keys for cid in entry["chunk_ids"]}
        kept = [sc for sc in read_chunks(old_gen) if sc.chunk.id in live_ids]

    stage("analyse")
    fresh: list[StoredChunk] = []
    doc_chunks = [(key, _chunks_for(doc, settings)) for key, doc in new_docs]
    total = sum(len(ch) for _k, ch in doc_chunks)
    bar = _progress(range(total), total, "analysing", progress)
    bar_iter = iter(bar)
    # The document title is indexed with each chunk (lexical field only): owners name the program
    # ("ものづくり補助金の補助上限額は？") while a 公募要領's chunks often never repeat it. Measured:
    # held-out hybrid recall@5 0.750 → 0.792, dev set unchanged (evals/README.md).
    titles = {key: doc.source.title for key, doc in new_docs}
    for key, chunks in doc_chunks:
        new_files[key]["chunk_ids"] = [c.id for c in chunks]
        for chunk in chunks:
            terms, readings = analyze_passage(titles[key] + "\n" + chunk.text_with_heading())
            fresh.append(StoredChunk(chunk, terms, readings))
            next(bar_iter, None)
    if hasattr(bar, "close"):
        bar.close()

    all_chunks = kept + fresh
    described = {entry["source"]["id"]: (entry["source"]["kind"], entry["source"].get("program", "")) for entry in new_files.values()}

    def metadata(sc: StoredChunk) -> dict:
        return chunk_metadata(sc.chunk, *described.get(sc.chunk.source_id, ("", "")))

    # Embedding model: fitted anew on a full rebuild, otherwise carried over unchanged so that
    # the vectors of unchanged chunks stay valid.
    stage("fit")
    if settings.embedding_backend == "corpus-static":
        model_dir = new_gen / STATIC_MODEL_DIR
        if full_rebuild or old_gen is None or not (old_gen / STATIC_MODEL_DIR).is_dir():
            fit_corpus_static_model([sc.chunk.text_with_heading() for sc in all_chunks], model_dir, settings.embedding_dim)
        else:
            shutil.copytree(old_gen / STATIC_MODEL_DIR, model_dir)
    embeddings = load_embeddings(settings, new_gen)

    stage("embed")
    collection = f"{settings.collection}-{new_gen.name}"
    if settings.chroma_url:
        client = chroma_client(settings.chroma_url, None)
    else:
        if not full_rebuild and old_gen is not None and (old_gen / "chroma").is_dir():
            shutil.copytree(old_gen / "chroma", new_gen / "chroma")
        client = chroma_client("", new_gen / "chroma")
    if not settings.chroma_url and not full_rebuild and old_gen is not None:
        store = VectorStore(client, old_manifest["collection"])  # the copy, renamed below
        stale = [cid for entry in old_manifest["files"].values() for cid in entry["chunk_ids"] if cid not in {sc.chunk.id for sc in kept}]
        store.delete(stale)
        store.collection.modify(name=collection)
    else:
        store = VectorStore(client, collection)
        if not full_rebuild and old_gen is not None:
            old_store = VectorStore(client, old_manifest["collection"])
            carried = old_store.vectors_for([sc.chunk.id for sc in kept])
            to_carry = [sc for sc in kept if sc.chunk.id in carried]
            store.add(
                [sc.chunk.id for sc in to_carry],
                [carried[sc.chunk.id] for sc in to_carry],
                [sc.chunk.text for sc in to_carry],
                [metadata(sc) for sc in to_carry],
            )
    to_embed = all_chunks if full_rebuild else fresh
    vectors = _embed_chunks(embeddings, settings, fingerprint, [sc.chunk.text_with_heading() for sc in to_embed], progress, report)
    batch = 256
    for start in range(0, len(to_embed), batch):
        part = to_embed[start : start + batch]
        store.add(
            [sc.chunk.id for sc in part],
            vectors[start : start + batch],
            [sc.chunk.text for sc in part],
            [metadata(sc) for sc in part],
        )

    stage("write")
    all_chunks.sort(key=lambda sc: (sc.chunk.source_id, sc.chunk.order))
    write_chunks(new_gen, all_chunks)
    write_vectors(new_gen, _vector_matrix(store, [sc.chunk.id for sc in all_chunks]))
    manifest = {
        "version": FORMAT_VERSION,
        "generation": new_gen.name,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "embedding": fingerprint,
        "chunker": chunker_key,
        "collection": collection,
        "chroma_url": settings.chroma_url,
        "files": new_files,
    }
    _store_documents(new_gen, old_gen, new_files, dict(new_docs), settings)
    write_manifest(new_gen, manifest)
    if settings.chroma_url and old_gen is not None:
        # The server-side collection of the generation before the previous one is garbage now.
        for stale_name in _stale_server_collections(client, settings.collection, keep={collection, old_manifest.get("collection")}):
            client.delete_collection(stale_name)


def _store_documents(gen: Path, old_gen: Path | None, files: dict[str, dict], loaded: dict, settings: Settings) -> None:
    """Make ``gen`` hold the normalised pages of every file in ``files``: the ones loaded this
    run, the previous generation's copies, or (for a generation from before pages were stored) the
    file parsed now — at ingest, so that no reader parses it on the request path."""
    fields = set(SourceInfo.__dataclass_fields__)
    for key, entry in files.items():
        digest = entry["hash"]
        if has_document(gen, digest):
            continue
        if key in loaded:
            write_document(gen, loaded[key])
            continue
        if old_gen is not None and copy_document(old_gen, gen, digest):
            continue
        path = Path(key)
        if not path.is_file():
            continue  # indexed from a path that is gone: its chunks stay searchable, no pages to store
        info = SourceInfo(**{k: v for k, v in entry["source"].items() if k in fields})
        try:
            doc = load_document(path, {path.name: info}, settings)
        except IngestError as exc:
            log.warning("pages of %s not stored: %s", key, exc)
            continue
        if doc.content_hash == digest:  # else the file changed since: the next ingest re-reads it
            write_document(gen, doc)


def _vector_matrix(store, ids: list[str]):
    """The store's vectors of ``ids``, one row each in that order (zeros where one is missing)."""
    import numpy as np

    stored = store.vectors_for(ids)
    dim = len(next(iter(stored.values()))) if stored else 1
    matrix = np.zeros((len(ids), dim), dtype=np.float32)
    for row, cid in enumerate(ids):
        if cid in stored:
            matrix[row] = stored[cid]
    return matrix


def _embed_chunks(embeddings, settings: Settings, fingerprint: str, texts: list[str], progress: bool, report: IngestReport) -> list:
    """Vectors of ``texts``: from the vector cache where the same text was embedded before (by any
    generation), from the model otherwise, with a progress bar and ETA over the model's share."""
    from advisor.index.vector_cache import CachedEmbeddings, VectorCache
    from advisor.index.embeddings import cacheable

    if not texts:
        return []
    if not cacheable(settings):
        report.embedded += len(texts)
        bar = _progress(None, len(texts), "embedding", progress)
        vectors: list = []
        for start in range(0, len(texts), 32):
            vectors.extend(embeddings.embed_documents(texts[start : start + 32]))
            if bar is not None:
                bar.update(min(32, len(texts) - start))
        if bar is not None:
            bar.close()
        return vectors
    cached = CachedEmbeddings(embeddings, VectorCache(settings.vector_cache_dir, fingerprint))
    bar = None

    def plan(n: int) -> None:
        nonlocal bar
        if n:
            bar = _progress(None, n, "embedding", progress)

    def advance(n: int) -> None:
        if bar is not None:
            bar.update(n)

    try:
        vectors = cached.embed_documents(texts, on_plan=plan, on_embedded=advance)
    finally:
        if bar is not None:
            bar.close()
    report.embedded += cached.cache.stats.misses
    report.embedding_cache_hits += cached.cache.stats.hits
    return vectors


def _stale_server_collections(client, prefix: str, keep: set) -> list[str]:
    names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
    return [n for n in names if n.startswith(f"{prefix}-gen-") and n not in keep]
