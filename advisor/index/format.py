"""The on-disk index format: generations, the CURRENT pointer, manifest, chunks and vectors.

It sits between the two sides of the index: advisor.ingest writes generations through it and
advisor.retrieval reads them through it, so that retrieval never imports ingest.

``<data_dir>/index/<generation>/`` holds the manifest (file hashes, sources, embedding
fingerprint), the chunks with their lexical terms (chunks.jsonl), their unit vectors
(vectors.npy), every indexed document's normalised pages (documents/<content hash>.json, so that a
reader such as the program catalog never parses a PDF on the request path), the fitted embedding
model and, in embedded mode, the Chroma store.
``<data_dir>/index/CURRENT`` names the generation readers use; a writer switches it with an atomic
rename as its very last step, so a reader always sees a complete generation.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.types import Chunk, Document, Page, SourceInfo

if TYPE_CHECKING:
    import numpy as np

MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
# Unit vectors of chunks.jsonl's rows, in its order (float32 .npy): searches read these instead of
# opening Chroma, whose import alone took 1–5 s of a search process's cold start.
VECTORS = "vectors.npy"
CURRENT = "CURRENT"
# One JSON file per indexed document, named by its content hash: the pages exactly as the loader
# normalised them (pypdf takes ~1.5 s per guideline PDF on these cores; reading this, milliseconds).
DOCUMENTS = "documents"
FORMAT_VERSION = 1


@dataclass
class StoredChunk:
    chunk: Chunk
    terms: list[str]
    readings: list[tuple[str, str]]

    def to_json(self) -> str:
        data = asdict(self.chunk)
        data["terms"] = self.terms
        data["readings"] = self.readings
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> "StoredChunk":
        data = json.loads(line)
        terms = data.pop("terms")
        readings = [tuple(r) for r in data.pop("readings")]
        return cls(Chunk(**data), terms, readings)


# --- reading -------------------------------------------------------------------------------------


def current_generation(index_dir: Path) -> Path | None:
    pointer = index_dir / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    gen = index_dir / name
    return gen if (gen / MANIFEST).is_file() else None


def read_manifest(gen: Path) -> dict:
    return json.loads((gen / MANIFEST).read_text(encoding="utf-8"))


def read_chunks(gen: Path) -> list[StoredChunk]:
    with (gen / CHUNKS).open(encoding="utf-8") as fh:
        return [StoredChunk.from_json(line) for line in fh if line.strip()]


def read_vectors(gen: Path, n_chunks: int) -> "np.ndarray | None":
    """The generation's chunk vectors (row-aligned with read_chunks), or None for a generation
    written before they were saved beside the chunks."""
    import numpy as np

    try:
        matrix = np.load(gen / VECTORS)
    except (OSError, ValueError):
        return None
    return matrix if matrix.ndim == 2 and matrix.shape[0] == n_chunks else None


def read_document(gen: Path, content_hash: str, source: SourceInfo) -> Document | None:
    """The stored pages of the document with ``content_hash``, described by ``source`` (the
    manifest's, which an edit of sources.yaml may have changed since the pages were stored); None
    for a generation written before pages were stored, or an unreadable file."""
    try:
        data = json.loads((gen / DOCUMENTS / f"{content_hash}.json").read_text(encoding="utf-8"))
        pages = [Page(p["number"], p["text"]) for p in data["pages"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Document(source=source, path=str(data.get("path", "")), pages=pages, content_hash=content_hash)


def has_document(gen: Path, content_hash: str) -> bool:
    return (gen / DOCUMENTS / f"{content_hash}.json").is_file()


def sources_of(manifest: dict) -> dict[str, SourceInfo]:
    return {entry["source"]["id"]: SourceInfo(**entry["source"]) for entry in manifest["files"].values()}


# --- writing -------------------------------------------------------------------------------------


def fsync_write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def write_manifest(gen: Path, manifest: dict) -> None:
    fsync_write(gen / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))


def write_chunks(gen: Path, chunks: Iterable[StoredChunk]) -> None:
    with (gen / CHUNKS).open("w", encoding="utf-8") as fh:
        for sc in chunks:
            fh.write(sc.to_json() + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def write_document(gen: Path, document: Document) -> None:
    """Store ``document``'s pages under its content hash (atomically: a reader sees the whole file
    or none, which matters when an ingest with nothing to change fills in an older generation)."""
    folder = gen / DOCUMENTS
    folder.mkdir(exist_ok=True)
    data = {"path": document.path, "pages": [{"number": p.number, "text": p.text} for p in document.pages]}
    tmp = folder / f".{document.content_hash}.{os.getpid()}.tmp"
    fsync_write(tmp, json.dumps(data, ensure_ascii=False))
    os.replace(tmp, folder / f"{document.content_hash}.json")


def copy_document(old_gen: Path, new_gen: Path, content_hash: str) -> bool:
    """Carry a stored document over to the next generation (a hard link when possible); False when
    the old generation does not hold it."""
    source = old_gen / DOCUMENTS / f"{content_hash}.json"
    if not source.is_file():
        return False
    (new_gen / DOCUMENTS).mkdir(exist_ok=True)
    target = new_gen / DOCUMENTS / source.name
    try:
        os.link(source, target)
    except FileExistsError:
        pass
    except OSError:
        shutil.copy2(source, target)
    return True


def write_vectors(gen: Path, matrix: "np.ndarray") -> None:
    """Save ``matrix`` (one row per chunk, in chunks.jsonl's order) as unit float32 vectors."""
    import numpy as np

    matrix = matrix.astype(np.float32, copy=True)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    with (gen / VECTORS).open("wb") as fh:
        np.save(fh, matrix)
        fh.flush()
        os.fsync(fh.fileno())


def new_generation_dir(index_dir: Path) -> Path:
    name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 1_000_000:06d}"
    path = index_dir / name
    path.mkdir(parents=True)
    return path


def switch_current(index_dir: Path, gen: Path) -> None:
    tmp = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    fsync_write(tmp, gen.name + "\n")
    os.replace(tmp, index_dir / CURRENT)
    dir_fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def collect_garbage(index_dir: Path, keep: Iterable[Path | None]) -> None:
    """Delete generations other than ``keep`` (the new and the previous one, which a running
    server may still be reading) and leftovers of interrupted runs."""
    keep_names = {p.name for p in keep if p is not None}
    for child in index_dir.iterdir():
        if child.is_dir() and child.name.startswith("gen-") and child.name not in keep_names:
            shutil.rmtree(child, ignore_errors=True)


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """One writer per index directory at a time; a second one fails at once with a clear message."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(f"another ingest is running on {index_dir} (lock held); try again when it ends") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
