"""Advisor chains: cited answers (answer.py), next-step plans (next_steps.py), application drafts
(drafting.py), the LLM backend factory (llm.py), the input guard (guard.py) and their evaluation
(evaluation.py). Extractive by default; any OpenAI-compatible LLM when configured.

Modules are imported directly (``from advisor.chains.answer import answer_question``) so that the
guard can be used without loading LangChain.
"""
