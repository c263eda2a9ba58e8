"""Fresh s28 conversations (w31, w32), kept out of evals/datasets this session (untuned measure).
must_include from the writers' `about`, in the documents' wording, chosen before any reply was seen;
recommendation turns carry the program name only where the documents make it plain (software-only
→ デジタル化・AI導入補助金; 450人, 25億円 拠点新設 → 中堅等大規模成長投資補助金); DX認定 → 税制 outcome only."""
import json
MI = {
 "s28-w31-conv-1": [["試作品"], ["750万円"], ["2/3"]],
 "s28-w31-conv-2": [["1,500万円"], [], ["リース"]],
 "s28-w31-conv-3": [["デジタル化・AI導入補助金"], ["450万円"], ["計4回"], []],
 "s28-w31-conv-4": [["1/2"], ["1億円"], ["機械装置"]],
 "s28-w31-conv-5": [[], ["5.0%"], ["返還"]],
 "s28-w31-conv-6": [["DX-Ready"], [], ["別枠"]],
 "s28-w31-conv-7": [["静岡県"], [], ["経営支援"]],
 "s28-w31-conv-8": [["5%"], [], ["30%"]],
 "s28-w32-conv-1": [["中堅等大規模成長投資補助金"], ["1/3"], ["50億円"]],
 "s28-w32-conv-2": [[], ["計4回"], []],
 "s28-w32-conv-3": [[], ["1/2"]],
 "s28-w32-conv-4": [["1/2"], ["1/2"], []],
 "s28-w32-conv-5": [["2,000人"], ["20億円"], []],
 "s28-w32-conv-6": [["DX-Ready"], [], []],
 "s28-w32-conv-7": [["デジタル化・AI導入補助金"], ["450万円"], ["2年"]],
 "s28-w32-conv-8": [[], [], ["経営支援"], []],
}
out = []
for w in (31, 32):
    for line in open(f"/tmp/s28/blind/W{w}-conv.jsonl", encoding="utf-8"):
        r = json.loads(line)
        mi = MI[r["id"]]
        assert len(mi) == len(r["turns"]), r["id"]
        turns = [{"user": t["user"], "expect": t["expect"], "must_include": m, "must_not_include": []} for t, m in zip(r["turns"], mi)]
        assert all(not t["must_include"] or t["expect"] == "answer" for t in turns)
        out.append({"id": r["id"], "turns": turns, "split": "dev"})
open("/tmp/s28/fresh/conversations.jsonl", "w").write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out))
print(len(out), sum(len(r["turns"]) for r in out))
