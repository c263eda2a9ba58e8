"""The index layer: what the writer (advisor.ingest) and the readers (advisor.retrieval, the
catalog) of an index generation share, so that neither side imports the other.

format.py is the on-disk generation format; analysis.py the Sudachi terms BM25 indexes and the
query expansion over glossary.yaml; embeddings.py the embedding backends and their fingerprint;
store.py the Chroma vector store; vector_cache.py the content-hash cache of passage vectors (ingest
embeds chunks through it, the answer chain's semantic quote slot sentences). This package imports nothing from ingest, retrieval or above.
"""
