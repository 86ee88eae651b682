"""Content checks for the revised instrument (ids-core 2.0.0, data-stickiness 1.1.0, territoriality 1.1.0).

These tests read the YAML files and the JSON Schema directly; they do not depend on the model, which is
being restructured to use the new fields.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ids_assess.io import yamlio

REPO = Path(__file__).resolve().parents[1]
QDIR = REPO / "questionnaires"
SCHEMA = json.loads((REPO / "ids_assess" / "io" / "schemas" / "questionnaire.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)

#: file -> (id, version, the 1.0.0 file it revises)
NEW = {
    "ids-core@2.0.0.yaml": ("ids-core", "2.0.0", "ids-core.yaml"),
    "data-stickiness@1.1.0.yaml": ("data-stickiness", "1.1.0", "data-stickiness.yaml"),
    "territoriality@1.1.0.yaml": ("territoriality", "1.1.0", "territoriality.yaml"),
}
#: the 1.0.0 files must stay byte-for-byte as released
OLD_SHA256 = {
    "ids-core.yaml": "0aecb90578c5a8d620936c94d07554fb28098c95839e61d2339cdaf57ccbdb36",
    "data-stickiness.yaml": "0ee624757a82c790b65b721776153751a1ed003d9590b5f7e0f98eb92b621bd1",
    "territoriality.yaml": "9105ef046f076fbd2d5d74a23025b34394aa9542702da7aea12675343a883998",
}

#: Statements that contain " and ", "和", "及" or "并且" and still make one claim, with the reason they were
#: kept. Reviewed entry by entry; an entry whose statement no longer matches is an error (see below).
#: Empty at ids-core 2.0.0 / data-stickiness 1.1.0 / territoriality 1.1.0: the three statements first
#: flagged ("between our older systems and shared platforms", "between our agency and the partner" twice)
#: were relations, not two claims, and were reworded rather than allowed; 及时 / 涉及 / 以及 are avoided.
#: Alternatives inside one claim ("on paper or as scanned images", "an agency or district") are not flagged.
ONE_CLAIM_ALLOWED: dict[str, str] = {}

CONJUNCTIONS = re.compile(r" and |和|及|并且")
HAN = re.compile(r"[\u4e00-\u9fff]")
OUR_AGENCY = "本单位"
FORBIDDEN_ZH = ("本部门", "我单位", "我们", "我方", "阵营", "过度形式化", "数据驻留")
FORBIDDEN_EN = re.compile(r"\bcamps?\b", re.I)
SECONDS_PER_ITEM = 12


def load(name: str) -> dict:
    """The project's loader: mapping keys stay strings (the scale labels 1-5), as the schema expects."""
    return yamlio.load(QDIR / name).data


DOCS = {name: load(name) for name in NEW}


def factors(doc: dict):
    for section in doc["sections"]:
        for factor in section["factors"]:
            yield section, factor


def items(doc: dict):
    for section, factor in factors(doc):
        for item in factor["items"]:
            yield section, factor, item


def recommendations(doc: dict):
    for _section, factor in factors(doc):
        for rec in factor["recommendations"]:
            yield factor, rec


def texts(node, where=""):
    """Every bilingual text (a mapping with string en and zh) in a document."""
    if isinstance(node, dict):
        if isinstance(node.get("en"), str) and isinstance(node.get("zh"), str):
            yield where, node
        for key, value in node.items():
            yield from texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from texts(value, f"{where}[{i}]")


def source_refs(doc: dict):
    """Every {ref, section} in a document, with where it is."""
    for _section, factor in factors(doc):
        yield factor["id"], factor["source"]
        for rec in factor["recommendations"]:
            yield f"{factor['id']} recommendation", rec["source"]
        for item in factor["items"]:
            if "source" in item:
                yield item["id"], item["source"]
        if "weight_rationale" in factor:
            yield f"{factor['id']} weight", factor["weight_rationale"]["source"]
    for section in doc["sections"]:
        if "weight_rationale" in section:
            yield f"{section['id']} weight", section["weight_rationale"]["source"]


def reverse_pairs_min(name: str) -> int:
    return 8 if name.startswith("ids-core") else 2


# --- files and schema ---------------------------------------------------------------------------------

def test_old_files_are_unchanged():
    for name in OLD_SHA256:
        digest = hashlib.sha256((QDIR / name).read_bytes()).hexdigest()
        assert digest == OLD_SHA256[name], f"{name} changed; the 1.0.0 files must stay as released"


@pytest.mark.parametrize("name", [*NEW, *(old for _, _, old in NEW.values())])
def test_every_file_validates_against_the_extended_schema(name):
    errors = sorted(VALIDATOR.iter_errors(load(name)), key=lambda e: list(e.absolute_path))
    assert not errors, [(list(e.absolute_path), e.message) for e in errors[:5]]


@pytest.mark.parametrize("name", NEW)
def test_new_file_keeps_the_id_with_a_new_version(name):
    qid, version, old = NEW[name]
    doc = DOCS[name]
    assert (doc["id"], doc["version"]) == (qid, version)
    assert load(old)["id"] == qid and load(old)["version"] == "1.0.0"


def test_schema_rejects_bad_values_of_the_new_fields():
    doc = DOCS["ids-core@2.0.0.yaml"]
    bad = []
    broken = copy.deepcopy(doc)
    broken["sections"][0]["factors"][0]["recommendations"][0]["actor"] = "ministry"
    bad.append(broken)
    broken = copy.deepcopy(doc)
    broken["sections"][0]["factors"][0]["items"][0]["origin"] = "guess"
    bad.append(broken)
    broken = copy.deepcopy(doc)
    del broken["sections"][0]["weight"]  # a rationale without a weight
    bad.append(broken)
    broken = copy.deepcopy(doc)
    broken["scoring"]["min_answered"] = 1.5
    bad.append(broken)
    broken = copy.deepcopy(doc)
    broken["reverse_pairs"].append(["one.item"])
    bad.append(broken)
    for candidate in bad:
        assert not VALIDATOR.is_valid(candidate)


# --- items ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NEW)
def test_every_statement_makes_one_claim(name):
    flagged = {}
    for _, _, item in items(DOCS[name]):
        for lang in ("en", "zh"):
            if CONJUNCTIONS.search(item["text"][lang]):
                flagged[item["id"]] = item["text"][lang]
    unexplained = {k: v for k, v in flagged.items() if k not in ONE_CLAIM_ALLOWED}
    assert not unexplained, f"split these into one claim each, or allow-list them with a reason: {unexplained}"


def test_the_one_claim_allow_list_has_no_stale_entries():
    all_ids = {item["id"]: item for doc in DOCS.values() for _, _, item in items(doc)}
    for item_id, reason in ONE_CLAIM_ALLOWED.items():
        assert item_id in all_ids and reason.strip(), item_id
        text = all_ids[item_id]["text"]
        assert CONJUNCTIONS.search(text["en"]) or CONJUNCTIONS.search(text["zh"]), f"{item_id} needs no entry"


@pytest.mark.parametrize("name", NEW)
def test_every_factor_has_at_least_three_items(name):
    small = {f["id"]: len(f["items"]) for _, f in factors(DOCS[name]) if len(f["items"]) < 3}
    assert not small


@pytest.mark.parametrize("name", NEW)
def test_no_duplicate_statements_within_a_file(name):
    for lang in ("en", "zh"):
        seen: dict[str, str] = {}
        for _, _, item in items(DOCS[name]):
            text = " ".join(item["text"][lang].split())
            assert text not in seen, f"{item['id']} repeats {seen.get(text)} ({lang})"
            seen[text] = item["id"]


@pytest.mark.parametrize("name", NEW)
def test_no_duplicate_recommendations_within_a_file(name):
    for lang in ("en", "zh"):
        seen: set[str] = set()
        for factor, rec in recommendations(DOCS[name]):
            text = " ".join(rec["text"][lang].split())
            assert text not in seen, f"{factor['id']}: duplicated action ({lang}): {text}"
            seen.add(text)


def test_ids_core_has_at_most_130_items():
    assert sum(1 for _ in items(DOCS["ids-core@2.0.0.yaml"])) <= 130


@pytest.mark.parametrize("name", NEW)
def test_estimated_minutes_follow_from_the_item_count(name):
    n = sum(1 for _ in items(DOCS[name]))
    assert DOCS[name]["estimated_minutes"] == math.ceil(n * SECONDS_PER_ITEM / 60)


# --- provenance -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NEW)
def test_every_item_has_an_origin_and_a_citation(name):
    for _, _, item in items(DOCS[name]):
        assert item.get("origin") in {"paper", "derived"}, item["id"]
        assert item.get("source", {}).get("section"), item["id"]


@pytest.mark.parametrize("name", NEW)
def test_every_recommendation_has_origin_actor_kind_and_horizon(name):
    for factor, rec in recommendations(DOCS[name]):
        assert rec.get("origin") in {"paper", "derived"}, factor["id"]
        assert rec.get("actor") in {"agency", "with_partner", "higher_level"}, factor["id"]
        assert rec.get("kind") in {"institutional", "ad_hoc"}, factor["id"]
        assert rec.get("horizon") in {"quick_win", "long_term"}, factor["id"]


@pytest.mark.parametrize("name", NEW)
def test_every_citation_resolves_to_a_defined_source_and_a_labelled_section(name):
    doc = DOCS[name]
    for where, ref in source_refs(doc):
        assert ref["ref"] in doc["sources"], f"{where}: unknown source {ref['ref']}"
        labels = doc["sources"][ref["ref"]].get("section_labels", {})
        for part in ref["section"].split("; "):
            numbered = re.fullmatch(r"\d+(\.\d+)*", part)
            assert numbered or part in labels, f"{where}: section '{part}' has no bilingual label"


def test_no_recommendation_has_an_agency_take_a_stake_in_its_contractor():
    for doc in DOCS.values():
        for factor, rec in recommendations(doc):
            zh = rec["text"]["zh"]
            if "参股" in zh:
                assert "不采取" in zh, factor["id"]
            if "stake" in rec["text"]["en"]:
                assert "instead of" in rec["text"]["en"], factor["id"]


# --- language ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NEW)
def test_every_text_is_in_english_and_simplified_chinese(name):
    found = list(texts(DOCS[name]))
    assert len(found) > 40
    for where, text in found:
        assert text["en"].strip() and text["zh"].strip(), where
        assert HAN.search(text["zh"]), f"{where}: zh has no Chinese"
        assert not re.search(r"[\u4e00-\u9fff]{2,}", text["en"]), f"{where}: en is Chinese"


@pytest.mark.parametrize("name", NEW)
def test_our_agency_is_always_ben_danwei(name):
    raw = (QDIR / name).read_text(encoding="utf-8")
    assert OUR_AGENCY in raw
    for word in FORBIDDEN_ZH:
        assert word not in raw, f"{name} uses {word}"
    assert not FORBIDDEN_EN.search(raw), f"{name} speaks of camps"


def test_the_glossary_fixes_the_terms_the_files_use():
    glossary = (REPO / "docs" / "translation.md").read_text(encoding="utf-8")
    for term in ("本单位", "合作部门", "程序过度繁琐", "数据存放位置", "部门本位与考核竞争", "该数据集", "近12个月内"):
        assert term in glossary, term
        assert any(term in (QDIR / name).read_text(encoding="utf-8") for name in NEW), term


# --- structure: reverse pairs, scoring, sections, weights -------------------------------------------

@pytest.mark.parametrize("name", NEW)
def test_reverse_pairs_reference_items_of_opposite_polarity(name):
    doc = DOCS[name]
    by_id = {item["id"]: item for _, _, item in items(doc)}
    pairs = doc.get("reverse_pairs", [])
    assert len(pairs) >= reverse_pairs_min(name)
    for a, b in pairs:
        assert a in by_id and b in by_id and a != b, (a, b)
        assert by_id[a]["polarity"] != by_id[b]["polarity"], (a, b)
    assert len({frozenset(p) for p in pairs}) == len(pairs)


@pytest.mark.parametrize("name", NEW)
def test_scoring_block(name):
    old = load(NEW[name][2])
    old_threshold = (old.get("relationship") or {}).get("threshold", 5)
    assert DOCS[name]["scoring"] == {"margin": 5, "min_answered": 0.5, "min_coverage": 0.5,
                                     "tension_threshold": old_threshold, "push_alert": 25}


def test_relationship_and_outcomes_stay_out_of_the_overall_score():
    doc = DOCS["ids-core@2.0.0.yaml"]
    in_overall = {s["id"]: s.get("in_overall", True) for s in doc["sections"]}
    assert in_overall == {"technological": True, "organisational": True, "legal_political": True,
                          "relationship": False, "outcomes": False}
    outcome_items = [i for s in doc["sections"] if s["id"] == "outcomes" for f in s["factors"] for i in f["items"]]
    assert len(outcome_items) >= 3
    for item in outcome_items:
        assert item["text"]["en"].startswith("In the past 12 months"), item["id"]
        assert item["text"]["zh"].startswith("近12个月内"), item["id"]
        assert "partner" in item["text"]["en"] and "合作部门" in item["text"]["zh"], item["id"]


@pytest.mark.parametrize("name", NEW)
def test_every_weight_has_a_rationale(name):
    doc = DOCS[name]
    for section in doc["sections"]:
        assert ("weight" in section) == ("weight_rationale" in section), section["id"]
    for _, factor in factors(doc):
        assert ("weight" in factor) == ("weight_rationale" in factor), factor["id"]
    for _, _, item in items(doc):
        assert "weight" not in item, f"{item['id']}: item weights are left at 1 in the revised files"


def effective_shares(doc: dict) -> dict[str, float]:
    """Each factor's share of the overall score: section weight share times factor weight share."""
    sections = [s for s in doc["sections"] if s.get("in_overall", True)]
    total = sum(s.get("weight", 1) for s in sections)
    shares = {}
    for s in sections:
        inner = sum(f.get("weight", 1) for f in s["factors"])
        for f in s["factors"]:
            shares[f["id"]] = s.get("weight", 1) / total * f.get("weight", 1) / inner
    return shares


@pytest.mark.parametrize("name", NEW)
def test_section_weights_remove_implicit_weighting_by_factor_count(name):
    doc = DOCS[name]
    for s in doc["sections"]:
        if s.get("in_overall", True) and "weight" in s:
            factor_weights = [f.get("weight", 1) for f in s["factors"]]
            expected = sum(factor_weights) / (2 if s["id"] == "technological" else 1)
            assert s["weight"] == pytest.approx(expected), s["id"]


def test_no_technology_factor_counts_more_than_an_organisational_one():
    doc = DOCS["ids-core@2.0.0.yaml"]
    shares = effective_shares(doc)
    by_section = {s["id"]: [f["id"] for f in s["factors"]] for s in doc["sections"]}
    tech = max(shares[f] for f in by_section["technological"])
    organisational = min(shares[f] for f in by_section["organisational"])
    assert tech < organisational
    leadership = [shares["agency_leadership"], shares["top_executive_support"]]
    assert min(leadership) == max(shares.values())  # section 7: leadership mattered extraordinarily
    assert sum(shares.values()) == pytest.approx(1)


# --- research coverage -------------------------------------------------------------------------------

def test_replaced_factors_account_for_every_1_0_0_factor():
    for name, (_, _, old) in NEW.items():
        new_ids = {f["id"] for _, f in factors(DOCS[name])}
        replaced = {r for _, f in factors(DOCS[name]) for r in f.get("replaces", [])}
        old_ids = {f["id"] for _, f in factors(load(old))}
        assert replaced <= old_ids, replaced - old_ids
        assert old_ids <= new_ids | replaced, f"{name}: 1.0.0 factors dropped silently: {old_ids - new_ids - replaced}"


def test_merged_duplicates_have_one_home_across_the_files():
    all_ids = {item["id"] for doc in DOCS.values() for _, _, item in items(doc)}
    for gone in ("costs_benefits.resistance_to_change", "staff_resistance.prefer_old_process",
                 "costs_benefits.information_as_power", "interagency_partnership.data_as_leverage",
                 "centralization.approval_needed", "control_marking.leader_signoff",
                 "political_determination.compliance_only", "sharing_willingness.minimum_required"):
        assert gone not in all_ids, gone
    for home in ("staff_resistance.habit", "interagency_partnership.data_as_power",
                 "control_marking.signoff_beyond_rules", "sharing_willingness.declined_unrequired_fields"):
        assert home in all_ids, home


def test_ids_core_covers_the_findings_the_issue_names():
    doc = DOCS["ids-core@2.0.0.yaml"]
    by_id = {item["id"]: item for _, _, item in items(doc)}
    factor = {f["id"]: f for _, f in factors(doc)}
    for needed in ("institutionalisation.survives_staff_change", "management_model.fixed_without_spending",
                   "crisis_leadership.leader_stepped_in", "centralization_localization.local_practice_absorbed",
                   "cross_agency_complexity.overlapping_clients", "cross_agency_complexity.partner_unable",
                   "staff_resistance.layoff_fear", "informatisation_consensus.trend_accepted",
                   "interpersonal_ties.leaders_rapport"):
        assert needed in by_id, needed
    assert {"staff_motivation", "tiao_ties", "kuai_ties", "rivalry"} <= set(factor)
    assert "partisan_dynamics" not in factor and factor["rivalry"]["replaces"] == ["partisan_dynamics"]
    assert "2.3" in factor["rivalry"]["source"]["section"] and "Table 1" in factor["rivalry"]["source"]["section"]
    assert by_id["political_determination.feel_compelled"]["polarity"] == "enabler"  # a pull, not a push
    determinants = [f["id"] for f in factor.values() if f.get("determinant")]
    assert len(determinants) == 7
    behavioural = [i for i in by_id.values() if i["text"]["en"].startswith("In the past")]
    assert len(behavioural) >= 20


def test_data_stickiness_is_about_one_dataset_and_one_requesting_agency():
    doc = DOCS["data-stickiness@1.1.0.yaml"]
    assert [f["id"] for f in doc["header_fields"]] == ["dataset"]
    for _, _, item in items(doc):
        en, zh = item["text"]["en"], item["text"]["zh"]
        assert "this dataset" in en.lower() or "the partner" in en, item["id"]
        assert "该数据集" in zh or "合作部门" in zh, item["id"]
