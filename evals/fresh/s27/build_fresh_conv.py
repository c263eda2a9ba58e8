"""Fresh s27 conversations (w29, w30), kept out of the repo this session (untuned measure).
must_include from the writers' `about`, in the documents' wording, before any reply was seen;
recommendation turns (and pointers to the top recommendation whose fact depends on which program
comes first) carry no must_include, as in s26."""
import json
MI = {
 "s27-w29-conv-1": [[], [], []],
 "s27-w29-conv-2": [["1/2"], ["2年"], []],
 "s27-w29-conv-3": [["1,000万円"], [], ["1/2"]],
 "s27-w29-conv-4": [["1,500万円"], ["1億円"], ["1/2"], []],
 "s27-w29-conv-5": [["450万円"], ["150万円", "450万円"]],
 "s27-w29-conv-6": [["1/2"], []],
 "s27-w29-conv-7": [["DX-Ready"], ["低い利率"], []],
 "s27-w29-conv-8": [["1/3"], [], ["20億円"]],
 "s27-w30-conv-1": [[], []],
 "s27-w30-conv-2": [["1,250万円"], ["1/2"], []],
 "s27-w30-conv-3": [["2年"], [], ["1/2"]],
 "s27-w30-conv-4": [["1,500万円"], ["1億円"], []],
 "s27-w30-conv-5": [["100人"], ["300人"], ["20人"]],
 "s27-w30-conv-6": [["5%", "3%"], [], ["低い利率", "別枠"]],
 "s27-w30-conv-7": [["20億円"], [], ["50億円"]],
 "s27-w30-conv-8": [[], [], []],
}
out = []
for w in (29, 30):
    for line in open(f"/tmp/s27/blind/W{w}-conv.jsonl", encoding="utf-8"):
        r = json.loads(line)
        mi = MI[r["id"]]
        assert len(mi) == len(r["turns"]), r["id"]
        turns = [{"user": t["user"], "expect": t["expect"], "must_include": m, "must_not_include": []} for t, m in zip(r["turns"], mi)]
        assert all(not t["must_include"] or t["expect"] == "answer" for t in turns)
        out.append({"id": r["id"], "turns": turns, "split": "dev"})
open("/tmp/s27/fresh/conversations.jsonl", "w").write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out))
print(len(out), sum(len(r["turns"]) for r in out))
