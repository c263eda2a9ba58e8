"""Fresh s29 conversations (w33, w34), kept out of evals/datasets this session (untuned measure).
must_include from the writers' `about`, in the brief's (documents') wording, chosen before any reply
was seen; recommendation turns name the program only where the brief makes it plain (350人, 25億円
新工場 → 中堅等大規模成長投資補助金; AI software for a 28-person care office → デジタル化・AI導入補助金)."""
import json, sys
SRC, OUT = sys.argv[1], sys.argv[2]
MI = {
 "s29-w33-conv-1": [["1/2"], ["450万円"], ["計4回"], []],
 "s29-w33-conv-2": [["中堅等大規模成長投資補助金"], ["1/3"], []],
 "s29-w33-conv-3": [["税額控除"], [], ["30%"]],
 "s29-w33-conv-4": [["1/2"], ["1/2"], ["1億円"]],
 "s29-w33-conv-5": [[], ["5.0%"], ["返還"]],
 "s29-w33-conv-6": [["DX-Ready"], [], ["基準利率"]],
 "s29-w33-conv-7": [["精通"], ["経済産業省"], []],
 "s29-w33-conv-8": [["1,500万円"], [], ["随時"]],
 "s29-w34-conv-1": [["ITツール"], ["1/2"]],
 "s29-w34-conv-2": [["汎用製品"], ["1,500万円"], []],
 "s29-w34-conv-3": [["5.0%"], ["20億円"], []],
 "s29-w34-conv-4": [["1/2"], [], ["750万円"]],
 "s29-w34-conv-5": [["デジタル化・AI導入補助金"], ["2年"], []],
 "s29-w34-conv-6": [["3,000万円"], ["1億円"]],
 "s29-w34-conv-7": [[], ["活用支援"]],
 "s29-w34-conv-8": [["DX-Ready"], [], ["基準利率"]],
}
out = []
for w in (33, 34):
    for line in open(f"{SRC}/W{w}-conv.jsonl", encoding="utf-8"):
        r = json.loads(line)
        mi = MI[r["id"]]
        assert len(mi) == len(r["turns"]), r["id"]
        turns = [{"user": t["user"], "expect": t["expect"], "must_include": m, "must_not_include": []} for t, m in zip(r["turns"], mi)]
        assert all(not t["must_include"] or t["expect"] == "answer" for t in turns)
        out.append({"id": r["id"], "turns": turns, "split": "dev"})
open(OUT, "w").write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out))
print(len(out), sum(len(r["turns"]) for r in out))
