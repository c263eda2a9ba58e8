"""Which gate of the decline path loses the rows of a held-out writer group?

    ADVISOR_CV_VECTORS=/tmp/s28/fab-cv.npz python evals/gate_trace.py --read s26,s25 --unread s24,s27 \
        [--out /tmp/s28/fab/trace.json] [--oracle]

Each group (ft_encoder.GROUPS, s27 added) is judged as evals/ft_encoder.py judges it: the exemplar
classifier trained on the exemplars + every dev row but the group's (by leak_key; test twins out),
then the chat path up to the decline decision (blocking_reason, first turn). For every row the
trace records the gate that decided it: the guard, a rule (the frame's reason), e5's verdict on the
whole message, and — for a falsification verdict that was set aside — which of the vetoes after it
held (states_a_plan, asks_about_the_rule, not asks_for_action / not sure, the plain-question
exception, honest_intent, decides_or_plans, the draft pointing back, outside work, …).

READ groups: counts per expected outcome and per gate, and the missed rows with their texts (written
to ``--out``). UNREAD groups: counts only — no row text, id or gate of a missed row is printed or
written (the honesty rule of session 28's brief).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cv_understanding import _memo_embed, dev_rows, label_rows, labeller, leak_key, outcome, test_row_texts  # noqa: E402

GROUPS = {
    "s26": r"^(?:s26-w2[3467]-|h(?:45[5-9]|4[6-9]\d|5[0-6]\d|57[0-2])$)",
    "s25": r"^(?:s25-w(?:19|20|22)-|h(?:37[6-9]|3[89]\d|4[0-4]\d|45[0-4])$)",
    "s24": r"^s24-w\d+-",
    "s27": r"^(?:s27-w(?:29|30)-|h(?:57[3-9]|5[89]\d|60\d|610)$)",
}

VETOES = ("states_a_plan", "asks_about_the_rule", "asks_for_action", "ends_in_a_plain_question", "honest_intent",
          "decides_or_plans", "presents_something", "outside_work_asked")


class Oracle:
    def __init__(self, classes: tuple[str, ...]) -> None:
        self.classes, self.label = classes, classes[0]

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        return {c: float(c == self.label) for c in self.classes}


def trace_row(text: str, settings, catalog) -> dict:  # noqa: ANN001
    """The path's reason and what the falsification gates said about the message."""
    from advisor import understanding as U
    from advisor.evaluation.blocking import blocking_reason
    from advisor.inbound import mask_pii, sanitize
    from advisor.text import nfkc
    from advisor.understanding import romaji, rules
    from advisor.understanding.guard import screen

    reason = blocking_reason(text, settings, catalog)
    cleaned = mask_pii(sanitize(text or ""))
    written = rules.in_hiragana(romaji.to_kana(nfkc(cleaned).strip()))
    scores = U._semantic_scores(nfkc(cleaned).strip(), settings.data_dir / "cache")
    whole = U._semantic_decline(scores)
    whole_wording = U._semantic_decline(scores, U.IN_DOMAIN_WORDING_MARGIN)
    vetoes = {}
    for name in VETOES:
        fn = getattr(rules, name, None)
        try:
            if name == "outside_work_asked":
                vetoes[name] = bool(fn(U._sentences(written), written))
            else:
                vetoes[name] = bool(fn(written))
        except Exception as exc:  # noqa: BLE001
            vetoes[name] = f"error {exc}"
    return {"reason": reason or "", "outcome": outcome(reason), "guard": screen(cleaned).action,
            "rule_fal": bool(rules.falsification_request(written)),
            "p_fal": round(scores.get(U.PROBABILITY_PREFIX + "falsification", 0.0), 3),
            "p": {k[2:]: round(v, 3) for k, v in scores.items() if k.startswith(U.PROBABILITY_PREFIX)},
            "e5_whole": whole or "", "e5_whole_wording": whole_wording or "", "vetoes": vetoes}


def gate_of(t: dict, wanted: str) -> str:
    """A short name of what decided a row (for the tallies)."""
    r = t["reason"]
    if t["outcome"] == wanted:
        return "ok:" + (r.split(":", 1)[1].strip()[:40] if r else "in_domain")
    if wanted == "falsification":
        if t["outcome"] == "decline":
            return "declined as " + r[:40]
        if t["e5_whole"] == "falsification" or t["e5_whole_wording"] == "falsification":
            v = t["vetoes"]
            held = [k for k in ("states_a_plan", "asks_about_the_rule", "honest_intent", "decides_or_plans") if v.get(k) is True]
            if held:
                return "e5 fal, vetoed by " + "+".join(held)
            if not v.get("asks_for_action"):
                if t["p_fal"] >= 0.95 and v.get("ends_in_a_plain_question"):
                    return "e5 fal sure, plain-question exception"
                return "e5 fal, asks nothing (p<0.95)" if t["p_fal"] < 0.95 else "e5 fal, other veto/gate"
            return "e5 fal, other veto/gate"
        if t["p_fal"] >= 0.5:
            return "p_fal>=0.5 but no e5 verdict (margins/lead/bar)"
        return "e5 not fal (p %.2f)" % t["p_fal"]
    if wanted == "decline":
        if t["outcome"] == "falsification":
            return "refused as falsification: " + r[:40]
        return "answered (e5_whole=%s, wording=%s)" % (t["e5_whole"] or "-", t["e5_whole_wording"] or "-")
    return "declined: " + r[:50]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--read", default="s26,s25")
    parser.add_argument("--unread", default="s24,s27")
    parser.add_argument("--out", default="/tmp/s28/fab/trace.json")
    parser.add_argument("--oracle", action="store_true", help="also a perfect classifier of each row (counts)")
    args = parser.parse_args()

    from advisor.config import Settings
    from advisor.programs import load_catalog
    from advisor.understanding import semantic

    save = _memo_embed()
    memo = semantic.embed
    settings = Settings()
    catalog = load_catalog(settings)
    index = semantic.exemplar_index(settings.data_dir / "cache")
    classes = (semantic.IN_DOMAIN_CLASS, *semantic.DECLINE_LABELS)
    test_texts = test_row_texts()
    rows = [r for r in dev_rows() if leak_key(r["text"]) not in test_texts]
    label_rows(rows, labeller(index), memo)
    out: dict = {}
    for name in [g for g in (args.read.split(",") + args.unread.split(",")) if g]:
        read = name in args.read.split(",")
        rx = re.compile(GROUPS[name])
        held = [r for r in rows if rx.search(str(r["id"]))]
        keys = {leak_key(r["text"]) for r in held}
        train = [(lab, t) for lab, t in zip(index.labels, index.texts) if leak_key(t) not in keys]
        seen: set[str] = set()
        for r in rows:
            if leak_key(r["text"]) not in keys and r["text"] not in seen:
                seen.add(r["text"])
                train.append((r["label"], r["text"]))
        vecs = np.stack([memo(t) for _, t in train])
        base = semantic.train_classifier(semantic.ExemplarIndex(tuple(lab for lab, _ in train), tuple(t for _, t in train), vecs))
        semantic._classifier = (index, base)
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        gates: dict[str, Counter] = defaultdict(Counter)
        missed = []
        for r in held:
            t = trace_row(r["text"], settings, catalog)
            ok = t["outcome"] == r["wanted"]
            per[r["wanted"]][0] += ok
            per[r["wanted"]][1] += 1
            if read:
                gates[r["wanted"]][gate_of(t, r["wanted"])] += 1
                if not ok:
                    missed.append({"id": r["id"], "wanted": r["wanted"], "text": r["text"], **t})
        line = f"[{name}{' READ' if read else ' unread'}] {sum(v[0] for v in per.values())}/{len(held)}  " + \
            "  ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(per.items()))
        print(line, flush=True)
        out[name] = {"counts": {k: v for k, v in per.items()}}
        if read:
            for w, c in gates.items():
                print(f"   {w}: " + "; ".join(f"{g} {n}" for g, n in c.most_common()), flush=True)
            out[name]["missed"] = missed
            out[name]["gates"] = {w: dict(c) for w, c in gates.items()}
        if args.oracle:
            from advisor.evaluation.blocking import blocking_reason
            oracle = Oracle(classes)
            semantic._classifier = (index, oracle)
            po: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for r in held:
                oracle.label = r["label"] if r["label"] in classes else classes[0]
                po[r["wanted"]][0] += outcome(blocking_reason(r["text"], settings, catalog)) == r["wanted"]
                po[r["wanted"]][1] += 1
            print(f"   oracle {sum(v[0] for v in po.values())}/{len(held)}  "
                  + "  ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(po.items())), flush=True)
            out[name]["oracle"] = dict(po)
        save()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
