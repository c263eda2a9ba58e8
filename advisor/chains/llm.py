"""LLM backends: ``none`` (extractive, no model) or ``openai`` (any OpenAI-compatible server).

The chains talk to a ``ChatBackend``: ``complete(messages)`` and ``stream(messages)`` over plain
``{"role", "content"}`` dicts. Every transport failure (connection refused, timeout, HTTP error)
becomes ``LLMUnavailable`` so the chains can fall back to the extractive answer with a notice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

from advisor.config import Settings

log = logging.getLogger(__name__)

PROMPTS_DIR = Path(__file__).with_name("prompts")

NOTICE_UNAVAILABLE = (
    "AI（言語モデル）のサーバーに接続できなかったため、資料から該当する文をそのまま抜き出した回答を表示しています。"
)


class LLMUnavailable(RuntimeError):
    """The LLM server is down, timed out or answered with an HTTP error."""


@runtime_checkable
class ChatBackend(Protocol):
    name: str

    def complete(self, messages: list[dict[str, str]]) -> str: ...

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]: ...


def _to_langchain(messages: list[dict[str, str]]):
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds.get(m["role"], HumanMessage)(content=m["content"]) for m in messages]


def _is_transport_error(exc: BaseException) -> bool:
    import httpx
    import openai

    return isinstance(exc, (openai.APIError, httpx.HTTPError, TimeoutError, ConnectionError, OSError))


class OpenAIChat:
    """langchain-openai ``ChatOpenAI`` against ``settings.llm_base_url`` (vLLM, Ollama,
    llama.cpp server, Azure OpenAI's compatible endpoint …)."""

    name = "openai"

    def __init__(self, settings: Settings) -> None:
        from langchain_openai import ChatOpenAI

        self.settings = settings
        # No retries: a user is waiting, and the extractive answer is a good fallback.
        self._model = ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key or "not-needed",
            timeout=settings.llm_timeout_s,
            max_retries=0,
            temperature=settings.llm_temperature,
            max_tokens=settings.llm_answer_tokens,
        )

    def complete(self, messages: list[dict[str, str]]) -> str:
        try:
            reply = self._model.invoke(_to_langchain(messages))
        except Exception as exc:  # noqa: BLE001 - classified below
            if _is_transport_error(exc):
                log.warning("LLM unavailable: %s", type(exc).__name__)
                raise LLMUnavailable(f"{type(exc).__name__}: {exc}") from exc
            raise
        return str(reply.content or "")

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]:
        try:
            for chunk in self._model.stream(_to_langchain(messages)):
                text = chunk.content if isinstance(chunk.content, str) else ""
                if text:
                    yield text
        except Exception as exc:  # noqa: BLE001 - classified below
            if _is_transport_error(exc):
                log.warning("LLM unavailable while streaming: %s", type(exc).__name__)
                raise LLMUnavailable(f"{type(exc).__name__}: {exc}") from exc
            raise


def make_llm(settings: Settings) -> ChatBackend | None:
    """The configured backend, or None for the extractive backend (``llm_backend = "none"``)."""
    if settings.llm_backend == "none":
        return None
    if settings.llm_backend == "openai":
        return OpenAIChat(settings)
    raise ValueError(f"unknown llm_backend {settings.llm_backend!r}")


# --- prompts --------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def load_prompt(name: str) -> str:
    return (PROMPTS_DIR / f"{name}.txt").read_text(encoding="utf-8")
