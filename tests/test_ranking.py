"""Recommendations: at most three eligible programs ranked by fit to goal and stage, each with why."""

from __future__ import annotations

import pytest

from advisor.chains.program_advice import advise_programs
from advisor.config import REPO_ROOT, Settings
from advisor.programs import load_catalog, match_and_rank, match_programs, parse_profile, recommend_programs
from advisor.programs.ranking import RankingWeights
from advisor.ui.render import cards_html

DATASET = REPO_ROOT / "evals" / "datasets" / "matching.jsonl"
ESTIMATING = "岐阜県で工務店をしています。従業員12人です。見積もり作成に毎日3時間かかっており、AIで見積もりを作るソフトを導入したい。"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("ranking"), corpus_dir=REPO_ROOT / "corpus")


@pytest.fixture(scope="module")
def catalog(settings: Settings):
    return load_catalog(settings)


def test_ai_estimating_software_recommends_the_it_tool_subsidy_first(catalog) -> None:
    profile = parse_profile(ESTIMATING).profile
    results = match_and_rank(profile, catalog)
    recommended = [r for r in results if r.recommended]
    assert [r.recommended for r in recommended] == [1, 2, 3]
    assert recommended[0].program_id == "digital-ai-donyu"
    assert results[:3] == recommended  # the recommendations lead
    for r in recommended:
        assert r.status == "fit" and r.why
    # Quoting a document means citing it: the quote is a substring of the cited passage's fact.
    first = recommended[0]
    assert first.why_citation is not None and "「" in first.why
    # Matching still gives every program a verdict.
    assert len(results) == len(catalog) and {r.program_id for r in results} == {p.id for p in catalog}


def test_equipment_goal_recommends_the_labour_saving_subsidy_first(catalog) -> None:
    profile = parse_profile("広島県の製造業、従業員60人。AI搭載の溶接ロボットを導入して人手不足を解消したい。投資額は6,000万円。").profile
    first = recommend_programs(profile, match_programs(profile, catalog), catalog)[0]
    assert first.result.program_id in {"shoryokuka-ippan", "shoryokuka-catalog"}


def test_large_investment_leads_with_the_large_investment_program_and_quotes_its_threshold(catalog) -> None:
    profile = parse_profile("愛知県の製造業で従業員250人。100億宣言をしています。売上100億を目指して工場を新設したい。投資額は15億円。").profile
    recs = recommend_programs(profile, match_programs(profile, catalog), catalog)
    assert recs[0].result.program_id == "chuken-daikibo-seicho-toshi"
    assert "15億円" in recs[0].why and recs[0].citation is not None
    assert "15億円" in recs[0].citation.passage.replace(" ", "")
    # Small subsidies do not lead a 15億円 plan: their cap is under 5 % of it.
    assert all(r.result.program_id not in {"digital-ai-donyu", "shoryokuka-catalog"} for r in recs)


def test_advice_request_recommends_advice_first(catalog) -> None:
    profile = parse_profile("何から手をつければいいか相談したい").profile
    recs = recommend_programs(profile, match_programs(profile, catalog), catalog)
    assert recs and recs[0].result.kind in {"support_body", "network", "training"}


def test_no_fit_no_recommendation_and_limit(catalog) -> None:
    profile = parse_profile(ESTIMATING).profile
    results = match_programs(profile, catalog)
    assert recommend_programs(profile, [r for r in results if r.status != "fit"], catalog) == []
    assert len(recommend_programs(profile, results, catalog, limit=1)) == 1


def test_weights_change_the_order(catalog) -> None:
    """The ranking really depends on its weights (a constant order would pass the other tests by luck)."""
    profile = parse_profile(ESTIMATING).profile
    results = match_programs(profile, catalog)
    default = [r.result.program_id for r in recommend_programs(profile, results, catalog, limit=20)]
    flipped = RankingWeights(investment_kind=-3.0, advice_kind_penalty=-3.0)
    other = [r.result.program_id for r in recommend_programs(profile, results, catalog, limit=20, weights=flipped)]
    assert sorted(default) == sorted(other) and default[:3] != other[:3]


def test_reply_leads_with_recommendations_and_names_the_others(catalog) -> None:
    profile = parse_profile(ESTIMATING).profile
    results = match_and_rank(profile, catalog)
    answer = advise_programs(profile, results)
    text = answer.text
    assert text.index("■ おすすめの制度") < text.index("■ ほかに対象となる可能性が高い制度")
    first_line = next(line for line in text.splitlines() if line.startswith("1. "))
    assert first_line.startswith("1. デジタル化・AI導入補助金") and "[1]" in first_line
    assert "3. " in text and "4. " not in text
    others = [r for r in results if r.status == "fit" and not r.recommended]
    assert f"（{len(others)}件）" in text
    assert answer.citations and answer.grounded


def test_cards_lead_with_recommendations_and_fold_the_other_fits(catalog) -> None:
    profile = parse_profile(ESTIMATING).profile
    html = cards_html([m.to_dict() for m in match_and_rank(profile, catalog)])
    rec_start, fold_start = html.index("id='ax-recommended'"), html.index("<details id='ax-more-fits'>")
    assert rec_start < fold_start
    recommended_section = html[rec_start:fold_start]
    assert recommended_section.count("<article") == 3
    assert recommended_section.index("デジタル化・AI導入補助金") < recommended_section.index("data-recommended='2'")
    fold = html[fold_start:]
    assert "ほかに対象となりうる制度" in fold[:120] and "data-recommended='0'" in fold
    assert "data-recommended='1'" not in fold


def test_a_line_to_automate_leads_with_the_custom_equipment_type_not_the_catalog_type(catalog) -> None:
    # The documents: カタログ型 = 汎用製品 chosen from the 製品カタログ; 一般型 = equipment and systems
    # the catalog cannot cover (カスタマイズ機器やソフト＋ハード). Scores nearly tie: the type whose
    # documents state the terms leads unless the owner names the other type (「カタログ」).
    profile = parse_profile("従業員50人の食品工場です。包装ラインをロボットで自動化したい").profile
    recommended = [r.program_id for r in match_and_rank(profile, catalog) if r.recommended]
    assert recommended[:2] == ["shoryokuka-ippan", "shoryokuka-catalog"]
    off_the_shelf = parse_profile("従業員8人の飲食店です。カタログに載っている配膳ロボットを1台入れたい").profile
    recommended = [r.program_id for r in match_and_rank(off_the_shelf, catalog) if r.recommended]
    assert recommended[0] == "shoryokuka-catalog"
