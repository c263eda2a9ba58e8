"""Evaluation: ``advisor eval retrieval | jsquad | matching | answers | refusals | blocked | drafting | conversations``.

The package sits at the top of the layers, beside the CLI (conversations drive the whole session);
nothing in advisor/ below the session imports it. The datasets, benchmarks and dataset checkers
stay under evals/.
- datasets.py: JSONL rows, the fixed dev/test split, per-split figures;
- metrics.py: recall@k and MRR of retrieval ranks, the answers' normalised string matching;
- retrieval.py: retrieval.jsonl and JSQuAD (advisor.retrieval);
- matching.py: matching.jsonl, verdicts and top-3 recommendations (advisor.programs);
- chains.py: answers, refusals and drafting through the chains alone;
- conversations.py: conversations, and answers/refusals through the understanding module and the
  session, as in a chat turn (what the CLI reports);
- blocking.py: the share of in-domain questions the understanding module would decline.
"""
