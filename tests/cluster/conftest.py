"""One cluster (PostgreSQL, Chroma server, two replicas, nginx) for all cluster tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from tests.cluster.topology import Cluster, tiny_corpus, tools_available


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    missing = tools_available()
    if missing:
        pytest.skip(f"cluster tests need {missing} (.ci/run installs them)")
    root = Path(tempfile.mkdtemp(prefix="advisor-cluster-"))
    c = Cluster(root, tiny_corpus(root / "corpus"))
    try:
        c.start()
        yield c
    finally:
        c.stop()
        if os.environ.get("ADVISOR_KEEP_CLUSTER_LOGS") != "1":  # keep logs for a post-mortem
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def healthy(cluster: Cluster) -> Cluster:
    """The cluster with every replica running (a previous test may have killed one)."""
    cluster.ensure_replicas()
    return cluster
