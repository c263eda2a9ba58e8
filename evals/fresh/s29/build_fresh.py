"""Fresh s29 rows (w33, w34), kept OUT of the repo this session as the untuned measure."""

import json, sys
sys.path.insert(0, "/work/main/evals")
from cv_understanding import leak_key
from pathlib import Path
from collections import Counter
ROOT = Path("/work/main")
WRITERS = [int(w) for w in sys.argv[1].split(",")]
OUT = sys.argv[2]
TEST_WRITERS = set()
def source(w):
    return f"/tmp/s29/blind/W{w}.jsonl"
RELABEL = {  # id -> (new label, reason)
}
DROP = {  # id -> reason
}
existing = {}
for p in sorted((ROOT / "evals/datasets").glob("*.jsonl")):
    for line in p.read_text(encoding="utf-8").splitlines():
        if not line.strip(): continue
        r = json.loads(line)
        if str(r.get("id", "")).startswith("s29-") or str(r.get("writer", "")).startswith("s29-"): continue
        for t in [r.get("input") or r.get("question") or ""] + [t["user"] for t in r.get("turns", [])]:
            if t: existing.setdefault(leak_key(t), (p.name, r.get("id")))
out, seen, dropped = [], {}, []
for w in WRITERS:
    for line in open(source(w), encoding="utf-8"):
        if not line.strip(): continue
        r = json.loads(line)
        rid = r["id"]
        assert rid.startswith(f"s29-w{w}-") and rid.split("-")[2] in ("dec", "fab", "nid", "safe"), rid
        assert r["expect"] in ("decline", "refuse_fabrication", "not_in_documents", "safe"), r
        assert {"dec": "decline", "fab": "refuse_fabrication", "nid": "not_in_documents", "safe": "safe"}[rid.split("-")[2]] == r["expect"], ("kind/label", rid)
        if rid in DROP: dropped.append(rid); continue
        k = leak_key(r["input"])
        if k in existing: print("LEAK", rid, existing[k])
        if k in seen: print("DUP within s29", rid, seen[k])
        seen[k] = rid
        label = RELABEL.get(rid, (r["expect"],))[0]
        out.append({"id": rid, "input": r["input"], "expect": label, "split": "test" if w in TEST_WRITERS else "dev"})
ids = {r["id"] for r in out}
assert len(ids) == len(out)
mine = [i for i in RELABEL if int(i.split("-")[1][1:]) in WRITERS]
assert all(i in ids for i in mine), [i for i in mine if i not in ids]
assert len(dropped) == len([i for i in DROP if int(i.split("-")[1][1:]) in WRITERS])
print(len(out), "dropped", len(dropped))
for k, v in sorted(Counter((r["id"].split("-")[1], r["split"], r["expect"]) for r in out).items()): print(" ", k, v)
open(OUT, "w").write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out))
