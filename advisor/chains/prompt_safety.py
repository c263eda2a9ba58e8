"""Document text bound for an LLM prompt, made inert: the prompt's own delimiters cannot be forged
from inside a document (a PDF that contains 「<<<」 or 「</document>」 stays data)."""

from __future__ import annotations


def neutralise_document(text: str) -> str:
    """Document text as inert data for an LLM prompt: our delimiters cannot be forged from inside."""
    return text.replace("<<<", "《《《").replace(">>>", "》》》").replace("</document>", "</ document>")
