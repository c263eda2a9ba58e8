"""Program catalog: every fact traceable to the corpus, schema errors that name file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from advisor.config import REPO_ROOT, Settings
from advisor.documents import load_corpus
from advisor.programs.catalog import CatalogError, build_catalog, load_catalog, name_key, parse_program_file
from advisor.programs.profile import REFERENCE_SOURCE, SMALL_EVIDENCE, SME_DEFINITIONS
from advisor.text import compact

PROGRAMS_DIR = REPO_ROOT / "corpus" / "programs"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("catalog"), corpus_dir=REPO_ROOT / "corpus")


@pytest.fixture(scope="module")
def documents(settings: Settings):
    return load_corpus(settings)


@pytest.fixture(scope="module")
def catalog(settings: Settings):
    return load_catalog(settings)


@pytest.fixture(scope="module")
def corpus_by_source(documents) -> dict[str, str]:
    # Independent of the catalog's own index: NFKC + whitespace removal of each document.
    return {d.source.id: compact(d.text) for d in documents}


def _all_evidence(catalog):
    for program in catalog:
        for where, fact in program.facts():
            yield program.id, where, fact.evidence, fact.source
        for rule in program.eligibility:
            yield program.id, f"eligibility.{rule.id}", rule.evidence, rule.source
            if rule.override_evidence:
                yield program.id, f"eligibility.{rule.id}.override", rule.override_evidence, rule.source


def test_every_evidence_string_is_in_its_source_document(catalog, corpus_by_source) -> None:
    missing = [
        f"{pid} {where}: {evidence!r} not in {source}"
        for pid, where, evidence, source in _all_evidence(catalog)
        if compact(evidence) not in corpus_by_source.get(source, "")
    ]
    assert not missing, "\n".join(missing)


def test_every_citation_quotes_its_evidence(catalog) -> None:
    for program in catalog:
        for where, fact in program.facts():
            c = fact.citation
            assert c.source_id == fact.source and c.title and c.issuer
            assert len(c.passage) <= 200, (program.id, where)
            # The passage is the evidence in context (or the evidence cut to 200 characters).
            assert compact(fact.evidence)[:40] in compact(c.passage) or compact(c.passage)[:20] in compact(fact.evidence), (program.id, where)


def _facts_in_files():
    """Every fact of every program file (the guideline sections included), as written."""
    def walk(node, path):
        if isinstance(node, dict):
            if isinstance(node.get("value"), str) and node.get("evidence"):
                yield path, node
            for key, child in node.items():
                yield from walk(child, f"{path}.{key}")
        elif isinstance(node, list):
            for child in node:
                yield from walk(child, path)

    for file in sorted(PROGRAMS_DIR.glob("*.yaml")):
        yield from ((f"{file.stem}{path}", fact) for path, fact in walk(yaml.safe_load(file.read_text(encoding="utf-8")), ""))


def test_every_stated_rate_and_amount_is_in_its_own_evidence() -> None:
    # Replies quote a fact's evidence as the document's words: a 2/3 rate whose evidence stops
    # before 「2/3」 would be "cited" by a quote that does not say it.
    import re

    missing = []
    for where, fact in _facts_in_files():
        evidence = compact(str(fact["evidence"]))
        figures = [str(fact["rate"])] if fact.get("rate") else []
        if fact.get("amount_jpy") is not None:
            figures += re.findall(r"[\d,]+(?:億|万)円", compact(fact["value"]))
        missing += [f"{where}: {figure!r} not in {fact['evidence']!r}" for figure in figures if compact(figure) not in evidence]
    assert not missing, "\n".join(missing)


def test_sme_definitions_are_in_the_reference_document(corpus_by_source) -> None:
    reference = corpus_by_source[REFERENCE_SOURCE]
    for definition in SME_DEFINITIONS.values():
        assert compact(definition.evidence) in reference
    assert compact(SMALL_EVIDENCE) in reference


def test_reference_document_is_registered_as_a_summary(documents) -> None:
    source = next(d.source for d in documents if d.source.id == REFERENCE_SOURCE)
    assert source.kind == "reference" and source.date == "2026-11-22"
    assert "第2条" in source.issuer and "要約" in source.note


def test_catalog_covers_the_programs_named_in_the_issue(catalog) -> None:
    for name in ["中堅等大規模成長投資補助金", "デジタル化・AI導入補助金（通常枠）", "IT導入補助金2023",
                 "中小企業省力化投資補助金（一般型）", "中小企業省力化投資補助金（カタログ型）", "ものづくり補助金",
                 "中小企業成長加速化補助金", "DX投資促進税制", "DX認定", "日本政策金融公庫による融資（DX認定）",
                 "中小企業信用保険法の特例", "地域未来投資促進税制", "よろず支援拠点", "地域DX推進ラボ",
                 "デジタル人材育成プラットフォーム", "AX促進に向けた地域ネットワーク"]:
        assert catalog.get(name) is not None, name


def test_lookup_by_alias_ignores_width_and_spaces(catalog) -> None:
    assert catalog.get("デジタル化・AI導入補助金 (通常枠)").id == "digital-ai-donyu"
    assert catalog.get("ＩＴ導入補助金").id == "it-donyu-2023"
    assert catalog.get("モノ補助").id == "monodukuri"
    assert catalog.get("中小企業 AX促進ネットワーク").id == "ax-chiiki-network"
    assert name_key("Ａ Ｂ") == name_key("AB")
    assert catalog.get("存在しない補助金") is None


def test_statuses(catalog) -> None:
    it = catalog["it-donyu-2023"]
    assert it.status.value == "superseded" and it.status.successor == "digital-ai-donyu"
    assert catalog["ax-chiiki-network"].status.value == "planned"
    assert catalog["sangyo-yochi-seibi-shien"].status.value == "planned"
    assert catalog["chuken-daikibo-seicho-toshi"].status.value == "active"


def test_schedule_is_verbatim_with_document_date(catalog) -> None:
    chuken = catalog["chuken-daikibo-seicho-toshi"]
    assert "本年6月頃から、第6次公募を予定" in chuken.schedule[0].value
    assert chuken.as_of == "2026" and chuken.schedule[0].citation.date == "2026"


def test_as_of_is_the_primary_source_date(catalog) -> None:
    for program in catalog:
        assert program.as_of == catalog.sources[program.source].date, program.id


def test_catalog_is_cached(settings) -> None:
    assert load_catalog(settings) is load_catalog(settings)


# --- malformed files fail loudly, naming file, field and problem -----------------------------------


def _copy_catalog(tmp_path: Path) -> Path:
    target = tmp_path / "programs"
    shutil.copytree(PROGRAMS_DIR, target)
    return target


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _errors(programs_dir: Path, documents) -> str:
    with pytest.raises(CatalogError) as info:
        build_catalog(programs_dir, documents)
    return str(info.value)


def test_missing_required_field(tmp_path, documents) -> None:
    d = _copy_catalog(tmp_path)
    _edit(d / "monodukuri.yaml", lambda data: data.pop("status"))
    msg = _errors(d, documents)
    assert "monodukuri.yaml: status: Field required" in msg


def test_wrong_type_and_unknown_field(tmp_path, documents) -> None:
    d = _copy_catalog(tmp_path)
    _edit(d / "monodukuri.yaml", lambda data: data.update(kind="grant", colour="red"))
    msg = _errors(d, documents)
    assert "monodukuri.yaml: kind:" in msg and "monodukuri.yaml: colour: Extra inputs are not permitted" in msg


def test_bad_rule_value(tmp_path, documents) -> None:
    d = _copy_catalog(tmp_path)
    _edit(d / "chuken-daikibo-seicho-toshi.yaml", lambda data: data["eligibility"][0].update(value="many"))
    msg = _errors(d, documents)
    assert "chuken-daikibo-seicho-toshi.yaml: eligibility.0:" in msg and "max_employees needs a non-negative integer" in msg


def test_yaml_syntax_error(tmp_path, documents) -> None:
    d = _copy_catalog(tmp_path)
    (d / "broken.yaml").write_text("id: broken\nname: [unclosed\n", encoding="utf-8")
    msg = _errors(d, documents)
    assert "broken.yaml: (file): YAML syntax error (line" in msg


def test_evidence_not_in_corpus(tmp_path, documents) -> None:
    d = _copy_catalog(tmp_path)
    _edit(d / "digital-ai-donyu.yaml", lambda data: data["caps"][0].update(evidence="補助上限額：1億円（架空）"))
    msg = _errors(d, documents)
    assert "digital-ai-donyu.yaml: caps[0]: evidence '補助上限額：1億円（架空）' not found in meti-regional-ax-2026" in msg


def test_ambiguous_evidence_needs_anchor(tmp_path, documents) -> None:
    d = _copy_catalog(tmp_path)
    _edit(d / "digital-ai-donyu.yaml", lambda data: data["target"][0].pop("anchor"))
    msg = _errors(d, documents)
    assert "digital-ai-donyu.yaml: target[0]:" in msg and "occurs 2 times" in msg and "anchor" in msg


def test_unknown_successor_and_source(tmp_path, documents) -> None:
    d = _copy_catalog(tmp_path)
    _edit(d / "it-donyu-2023.yaml", lambda data: data["status"].update(successor="no-such-program"))
    _edit(d / "monodukuri.yaml", lambda data: data["name"].update(source="no-such-source"))
    msg = _errors(d, documents)
    assert "it-donyu-2023.yaml: status.successor: unknown program id 'no-such-program'" in msg
    assert "monodukuri.yaml: name: unknown source 'no-such-source'" in msg


def test_superseded_without_successor_and_unknown_topic(tmp_path, documents) -> None:
    d = _copy_catalog(tmp_path)
    _edit(d / "it-donyu-2023.yaml", lambda data: data["status"].pop("successor"))
    _edit(d / "monodukuri.yaml", lambda data: data.update(topics=["宇宙旅行"]))
    msg = _errors(d, documents)
    assert "it-donyu-2023.yaml: status:" in msg and "needs `successor`" in msg
    assert "monodukuri.yaml: topics:" in msg and "unknown topic" in msg


def test_file_name_must_match_id(tmp_path) -> None:
    d = _copy_catalog(tmp_path)
    (d / "monodukuri.yaml").rename(d / "other-name.yaml")
    with pytest.raises(CatalogError) as info:
        parse_program_file(d / "other-name.yaml")
    assert "other-name.yaml: id:" in str(info.value)


def test_as_of_must_match_source_date(tmp_path, documents) -> None:
    d = _copy_catalog(tmp_path)
    _edit(d / "monodukuri.yaml", lambda data: data.update(as_of="2026"))
    assert "monodukuri.yaml: as_of: '2026' differs from the date of source" in _errors(d, documents)


def test_region_list_entries_must_be_in_the_source(tmp_path, documents) -> None:
    d = _copy_catalog(tmp_path)
    _edit(d / "chiiki-dx-suishin-lab.yaml", lambda data: data["eligibility"][0]["value"].append("架空市"))
    assert "not in kyushu-meti-dx-support-2023: ['架空市']" in _errors(d, documents)


# --- facts from the current guideline (PDFs of ../shared/datasets, not bundled) --------------------


def test_guideline_only_programs_wait_for_their_pdf(catalog) -> None:
    """Without the guideline PDFs (the default corpus) the catalog keeps the slide figures and
    leaves out the programs known only from a guideline."""
    assert catalog.get("小規模事業者持続化補助金") is None and catalog.get("中小企業新事業進出補助金") is None
    mono = catalog["monodukuri"]
    assert not mono.guideline_applied and mono.as_of == "2023" and mono.guideline.round == "第23次"


def test_requires_guideline_needs_a_guideline_block(tmp_path, documents) -> None:
    d = tmp_path / "programs"
    shutil.copytree(PROGRAMS_DIR, d)
    data = yaml.safe_load((d / "jizokuka.yaml").read_text(encoding="utf-8"))
    del data["guideline"]
    (d / "jizokuka.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert "jizokuka.yaml: requires_guideline: needs a `guideline` block" in _errors(d, documents)


def test_guideline_facts_must_cite_the_guideline(tmp_path, documents) -> None:
    d = tmp_path / "programs"
    shutil.copytree(PROGRAMS_DIR, d)
    data = yaml.safe_load((d / "monodukuri.yaml").read_text(encoding="utf-8"))
    data["guideline"]["caps"][0]["source"] = "kyushu-meti-dx-support-2023"
    (d / "monodukuri.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert "guideline facts must cite the guideline 'monozukuri-23-koubo': guideline.caps[0]" in _errors(d, documents)


@pytest.fixture(scope="module")
def guideline_catalog(documents, registry_documents):
    """The catalog with the guideline PDFs available, every guideline fact checked strictly."""
    return build_catalog(PROGRAMS_DIR, documents, list(registry_documents.values()), strict_guidelines=True)


@pytest.mark.datasets
def test_every_guideline_evidence_string_is_in_its_pdf(guideline_catalog, registry_documents) -> None:
    text = {sid: compact(doc.text) for sid, doc in registry_documents.items()}
    checked = 0
    for program in guideline_catalog:
        facts = program.guideline.facts() if program.guideline else []
        if program.requires_guideline:
            facts += program.facts()
        for where, fact in facts:
            assert compact(fact.evidence) in text[fact.source], f"{program.id}: {where}: {fact.evidence!r}"
            assert fact.citation.page is not None, f"{program.id}: {where} has no page"
            checked += 1
    assert checked >= 40


@pytest.mark.datasets
def test_monodukuri_cap_and_rate_come_from_the_23rd_round_guideline(guideline_catalog) -> None:
    mono = guideline_catalog["monodukuri"]
    assert mono.guideline_applied and mono.source == "monozukuri-23-koubo" and mono.as_of == "2026-02-06"
    caps = {c.label: (c.amount_jpy, c.citation.page) for c in mono.caps}
    assert caps["補助上限額（製品・サービス高付加価値化枠・21〜50人）"] == (15_000_000, 8)
    assert caps["補助上限額（グローバル枠）"] == (30_000_000, 9)
    assert [(r.rate, r.citation.page) for r in mono.rates] == [("1/2", 8), ("2/3", 8)]
    assert mono.schedule[0].citation.page == 1 and "5月8日" in mono.schedule[0].citation.passage
    # The 2023 slide figures stay as history, with their own citations.
    assert mono.history["as_of"] == "2023"
    assert any("21人以下" in c.evidence for c in mono.history["caps"])
    assert all(c.citation.source_id == "kyushu-meti-dx-support-2023" for c in mono.history["caps"])


@pytest.mark.datasets
def test_guideline_programs_enter_the_catalog_with_their_pdf(guideline_catalog) -> None:
    jizokuka = guideline_catalog["持続化補助金"]
    assert guideline_catalog.get("小規模事業者持続化補助金") is jizokuka
    assert [c.amount_jpy for c in jizokuka.caps][:1] == [500_000] and jizokuka.rates[0].rate == "2/3"
    shinjigyo = guideline_catalog["中小企業新事業進出補助金"]
    assert guideline_catalog.get("中小企業新事業進出促進補助金") is shinjigyo
    assert shinjigyo.caps[0].applies_max_employees == 20 and shinjigyo.rates[0].rate == "1/2"
    digital = guideline_catalog["digital-ai-donyu"]
    assert digital.source == "digital-ai-2026-kitei-tsujyo" and digital.caps[1].amount_jpy == 4_500_000
    assert digital.history["caps"][0].citation.source_id == "meti-regional-ax-2026"


def test_another_version_of_the_guideline_keeps_the_slide_figures(documents, tmp_path) -> None:
    """An ingested PDF whose text no longer holds the evidence (a new round under the same id) is
    not applied, and a guideline-only program is left out, instead of breaking the catalog."""
    from advisor.types import Document, Page, SourceInfo

    info = SourceInfo(id="monozukuri-23-koubo", title="公募要領", issuer="事務局", date="2026-02-06", kind="guideline")
    other = Document(info, "x.pdf", [Page(1, "公募期間:2027年2月5日(金)~5月7日(金)17:00 補助上限額 900万円")], "h")
    info2 = SourceInfo(id="jizokuka-17-koubo", title="公募要領", issuer="事務局", date="2025-04", kind="guideline")
    other2 = Document(info2, "y.pdf", [Page(1, "小規模事業者持続化補助金 第18回")], "h2")
    catalog = build_catalog(PROGRAMS_DIR, documents, [other, other2])
    assert not catalog["monodukuri"].guideline_applied and catalog["monodukuri"].as_of == "2023"
    assert catalog.get("小規模事業者持続化補助金") is None


@pytest.mark.datasets
def test_guideline_figures_reach_answers_cards_and_matching(guideline_catalog) -> None:
    """The consumers read the program's figures, so the applied guideline is what owners see."""
    from advisor.chains.answer import catalog_evidence
    from advisor.programs.matching import match_program
    from advisor.programs.profile import parse_profile
    from advisor.ui.render import program_card
    from advisor.understanding import understand

    question = "ものづくり補助金の補助上限額は？"
    evidence = catalog_evidence(question, guideline_catalog, understand(question, catalog=guideline_catalog))
    assert evidence and all(e.citation.source_id == "monozukuri-23-koubo" and e.citation.page == 8 for e in evidence)
    profile = parse_profile("製造業、従業員30人、愛知県。設備投資で生産性を上げたい。").profile
    result = match_program(guideline_catalog["monodukuri"], profile, guideline_catalog)
    caps = [h for h in result.highlights if "補助上限額" in h.rule]
    assert caps and caps[0].rule.endswith("21〜50人）") and caps[0].citation.page == 8
    assert "2023" not in result.notice  # the slide-era notice is gone with the slide figures
    assert "1,500万円" in program_card(result.to_dict())
