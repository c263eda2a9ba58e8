"""Support programs: the catalog (corpus/programs/*.yaml), company profiles and matching.

Entry points used by the chains and the UI:

* ``load_catalog(settings) -> Catalog`` — validated, citation-resolved, cached; ``Catalog.get(name)``
  accepts a program's name or alias (NFKC, whitespace-insensitive).
* ``parse_profile(text, previous=None) -> ProfileParse`` — profile from plain Japanese/English, with
  what was understood, ambiguities, contradictions and rejected values (Japanese messages).
* ``match_programs(profile, catalog) -> list[MatchResult]`` — fit / no_fit / needs_info per program,
  each reason with rule, company value and Citation; ``follow_up_questions(results)``.
* ``match_and_rank(profile, catalog)`` — the same verdicts with at most three recommended programs
  (ranked by fit to the owner's goal and stage, each with one line of why) marked and first.
* ``MatchResult.to_dict()`` / ``ProfileParse.to_dict()`` for JSON and the UI.
"""

from .catalog import Catalog, CatalogError, load_catalog
from .matching import follow_up_questions, match_programs
from .models import MatchResult, Profile, ProfileParse, Program, Reason
from .profile import assess_size, parse_profile, profile_from_dict
from .ranking import match_and_rank, rank_matches, recommend_programs

__all__ = [
    "Catalog", "CatalogError", "MatchResult", "Profile", "ProfileParse", "Program", "Reason", "assess_size",
    "follow_up_questions", "load_catalog", "match_and_rank", "match_programs", "parse_profile", "profile_from_dict",
    "rank_matches", "recommend_programs",
]
