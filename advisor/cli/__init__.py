"""Command line: ``advisor ingest | search | eval | match | ask | draft | sources | serve``.

The console script ``advisor = "advisor.cli:main"`` and ``python -m advisor.cli`` enter here.
One module per layer the commands drive; each only parses arguments, calls that layer and prints:
- core.py: ``ingest``, ``search`` and ``eval`` (index, retrieval, evaluation), the parser and main();
- programs.py: ``match`` (advisor.programs);
- session.py: ``ask`` and ``draft`` (advisor.session);
- sources.py: ``sources sync | list`` (advisor.ingest.sync, the source registry advisor.sources);
- serve.py: ``serve`` (the web app, advisor.ui).
Heavy imports happen inside the handlers so that ``advisor --help`` and a no-change
``advisor ingest`` stay fast.
"""

from advisor.cli.core import build_parser, main

__all__ = ["build_parser", "main"]
