"""Vector store: Chroma, embedded (PersistentClient) by default or a Chroma server by URL.

Embeddings are always computed by our own backend and passed explicitly: Chroma's default
embedding function downloads a model at first use, which fails offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from advisor.types import Chunk

_BATCH = 1000


def chroma_client(url: str, path: Path | None):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parsed = urlparse(url)
        return chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=chroma_settings,
        )
    if path is None:
        raise ValueError("an embedded Chroma store needs a directory")
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def chunk_metadata(chunk: Chunk, kind: str, program: str = "") -> dict[str, Any]:
    # Chroma metadata values must be scalars: None page becomes -1, no program "".
    return {
        "source_id": chunk.source_id,
        "kind": kind,
        "program": program,
        "page": chunk.page if chunk.page is not None else -1,
        "heading": chunk.heading,
        "order": chunk.order,
    }


class VectorStore:
    def __init__(self, client, collection_name: str) -> None:
        self.client = client
        self.collection = client.get_or_create_collection(
            name=collection_name, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )

    def add(self, ids: Sequence[str], vectors: Sequence[Sequence[float]], texts: Sequence[str], metadatas: Sequence[dict]) -> None:
        for start in range(0, len(ids), _BATCH):
            end = start + _BATCH
            self.collection.upsert(
                ids=list(ids[start:end]),
                embeddings=[list(v) for v in vectors[start:end]],
                documents=list(texts[start:end]),
                metadatas=list(metadatas[start:end]),
            )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _BATCH):
            self.collection.delete(ids=list(ids[start : start + _BATCH]))

    def count(self) -> int:
        return self.collection.count()

    def vectors_for(self, ids: Sequence[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        for start in range(0, len(ids), _BATCH):
            got = self.collection.get(ids=list(ids[start : start + _BATCH]), include=["embeddings"])
            for cid, vec in zip(got["ids"], got["embeddings"]):
                found[cid] = list(vec)
        return found

    def query(self, vector: Sequence[float], k: int, where: dict | None = None) -> list[tuple[str, float]]:
        n = self.count()
        if n == 0:
            return []
        result = self.collection.query(
            query_embeddings=[list(vector)], n_results=min(k, n), where=where or None, include=["distances"]
        )
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(result["ids"][0], result["distances"][0])]
