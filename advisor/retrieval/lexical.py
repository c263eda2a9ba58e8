"""BM25 over Sudachi terms (words, readings, synonym groups), as a sparse matrix.

Term lists per chunk are computed once at ingest time and stored with the index; the matrix is
rebuilt from them when an index is opened, which takes milliseconds for thousands of chunks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from advisor.index.analysis import index_terms

# Readings and synonym groups bridge spelling variants but are less precise than the word itself.
FIELD_WEIGHTS = {"w": 1.0, "r": 0.5, "g": 0.4}


class BM25Index:
    def __init__(self, term_lists: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[float] = []
        lengths = np.zeros(len(term_lists), dtype=np.float64)
        for row, terms in enumerate(term_lists):
            counts = Counter(terms)
            lengths[row] = len(terms)
            for term, tf in counts.items():
                col = self.vocabulary.setdefault(term, len(self.vocabulary))
                rows.append(row)
                cols.append(col)
                tfs.append(tf)
        n_docs = max(1, len(term_lists))
        shape = (len(term_lists), max(1, len(self.vocabulary)))
        tf_matrix = sparse.csr_matrix((np.asarray(tfs, dtype=np.float64), (rows, cols)), shape=shape)
        df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=shape[1]).astype(np.float64)
        idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        avg_len = float(lengths.mean()) if len(lengths) else 1.0
        norm = k1 * (1.0 - b + b * lengths / max(avg_len, 1e-9))
        tf_coo = tf_matrix.tocoo()
        weights = tf_coo.data * (k1 + 1.0) / (tf_coo.data + norm[tf_coo.row]) * idf[tf_coo.col]
        self.matrix = sparse.csc_matrix((weights, (tf_coo.row, tf_coo.col)), shape=shape)
        self.n_docs = len(term_lists)

    def query_vector(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        weights: dict[int, float] = {}
        for term in terms:
            col = self.vocabulary.get(term)
            if col is None:
                continue
            # Repeated query terms count once: queries are short and repetition is noise.
            weights[col] = FIELD_WEIGHTS.get(term[:1], 1.0)
        cols = np.fromiter(weights.keys(), dtype=np.int64, count=len(weights))
        vals = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))
        return cols, vals

    def scores(self, query_text: str) -> np.ndarray:
        if self.n_docs == 0:
            return np.zeros(0)
        cols, vals = self.query_vector(index_terms(query_text))
        if len(cols) == 0:
            return np.zeros(self.n_docs)
        return np.asarray(self.matrix[:, cols] @ vals).ravel()
