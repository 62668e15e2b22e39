"""Build the three shipped criteria workbooks from the plain data below.

    python criteria/build_studies.py            # rewrites criteria/settlement_*.xlsx, three_alternatives.xlsx
    python criteria/build_studies.py OUT_DIR    # writes them into OUT_DIR instead

The workbooks are generated files: edit the tables in this script, run it, and commit the script
and the workbooks together (tests/test_shipped_studies.py fails when they disagree).

Every number here is an analyst's illustrative judgement made to exercise the toolkit, not an
intelligence estimate. The alternatives, criteria and aid categories follow a news summary of NATO
discussions about ending the war in Ukraine (../shared/seed/), paraphrased, never quoted.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# The files are deterministic: same data, same bytes (openpyxl would stamp the save time).
FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)

# --- shared by the studies --------------------------------------------------------------------

# Weights are direct weights on the swing from `low` to `high` of each scale; they sum to 1.
# The same judgement three more ways, for the other weighting methods and for robustness:
# `swing` points (100 for the most valued swing; they give exactly the direct weights), importance
# `rank` (1 = most important, ties shared), and the interval `weight_low`..`weight_high` the
# analysts would accept for each weight (SMAA with --weight-info intervals).
CRITERIA = [
    {
        "criterion": "Deterrence and security",
        "direction": "max",
        "weight": 0.25,
        "unit": "rating 0-10",
        "description": "How well the option protects the defending state from a renewed attack "
                       "(0 = no protection beyond its own forces, 10 = an attack would be all but unthinkable).",
        "low": 0,
        "high": 10,
        "swing": 100,
        "rank": 1,
        "weight_low": 0.20,
        "weight_high": 0.35,
    },
    {
        "criterion": "Escalation risk",
        "direction": "min",
        "weight": 0.20,
        "unit": "rating 0-10",
        "description": "How likely the option is to provoke the aggressor into escalating "
                       "(0 = no added risk, 10 = a direct confrontation becomes likely).",
        "low": 0,
        "high": 10,
        "swing": 80,
        "rank": 2,
        "weight_low": 0.15,
        "weight_high": 0.30,
    },
    {
        "criterion": "Consent required",
        "direction": "min",
        "weight": 0.15,
        "unit": "rating 0-10",
        "description": "How far the option depends on both warring sides agreeing to it "
                       "(0 = can be put in place by one side and its partners, 10 = impossible without both).",
        "low": 0,
        "high": 10,
        "swing": 60,
        "rank": 3,
        "weight_low": 0.10,
        "weight_high": 0.20,
    },
    {
        "criterion": "Enforcement resources",
        "direction": "min",
        "weight": 0.10,
        "unit": "thousand troops",
        "description": "Personnel that partners must commit to make the option hold "
                       "(monitors, patrols, reassurance forces), in thousand troops.",
        "low": 0,
        "high": 60,
        "swing": 40,
        "rank": 6,
        "weight_low": 0.05,
        "weight_high": 0.15,
    },
    {
        "criterion": "Sovereignty preserved",
        "direction": "max",
        "weight": 0.15,
        "unit": "rating 0-10",
        "description": "How much of the defending state's control over its own territory and choices survives "
                       "(0 = little, 10 = fully).",
        "low": 0,
        "high": 10,
        "swing": 60,
        "rank": 3,
        "weight_low": 0.10,
        "weight_high": 0.20,
    },
    {
        "criterion": "Durability",
        "direction": "max",
        "weight": 0.15,
        "unit": "rating 0-10",
        "description": "How likely the arrangement is to keep the fighting from starting again over the "
                       "coming years (0 = no settlement at all, 10 = very likely to last).",
        "low": 0,
        "high": 10,
        "swing": 60,
        "rank": 3,
        "weight_low": 0.10,
        "weight_high": 0.20,
    },
]

# unit_cost in EUR million per unit; strength and risk in points of illustrative indexes
# (negotiating strength, escalation risk) that one unit adds.
AID = [
    {
        "category": "Advanced air defense",
        "unit": "battery",
        "unit_cost": 180,
        "min_units": 2,
        "max_units": 12,
        "integer": "yes",
        "strength_per_unit": 6,
        "risk_per_unit": 1.0,
    },
    {
        "category": "Modern weaponry",
        "unit": "brigade equipment set",
        "unit_cost": 420,
        "min_units": 0,
        "max_units": 8,
        "integer": "yes",
        "strength_per_unit": 10,
        "risk_per_unit": 2.5,
    },
    {
        "category": "Training on new technologies",
        "unit": "training cohort",
        "unit_cost": 25,
        "min_units": 0,
        "max_units": 30,
        "integer": "yes",
        "strength_per_unit": 1.5,
        "risk_per_unit": 0.5,
    },
]

# Strength curves (AidCurve): cumulative strength points at given unit counts, from (0, 0), used
# instead of strength_per_unit. (category, [(units, strength), ...], note).
AID_CURVE = [
    ("Advanced air defense", [(2, 16), (4, 30), (6, 41), (8, 49), (10, 55), (12, 59)],
     "Diminishing returns: the first batteries cover the capital and the power grid, later ones smaller towns "
     "(8, 7, 5.5, 4, 3 then 2 points per battery)."),
    ("Modern weaponry", [(1, 6), (2, 14), (4, 34), (6, 48), (8, 56)],
     "Increasing, then diminishing returns: one brigade set alone is hard to employ, from two on they can be "
     "combined (10 points per set up to four), beyond six they add little (4 per set). Not concave: the "
     "optimizer needs binaries for it."),
]

# Prerequisites (AidLinks): (category, requires, ratio, note).
AID_LINKS = [
    ("Modern weaponry", "Training on new technologies", 2,
     "Each brigade equipment set needs two training cohorts of crews and maintainers before it is usable."),
]

# (setting, value, unit, note). The note column is extra and ignored by the reader.
SETTINGS = [
    ("budget", 4000, "EUR million", "for the whole aid package"),
    ("risk_cap", 20, "risk points", "escalation risk: the most that the package's risk_per_unit may add up to"),
    ("method", "mavt", None, "ranking method: additive value model on the low..high scales"),
    ("weights", "direct", None, "the weights typed in Criteria"),
    ("seed", 0, None, "random seed of the robustness analyses"),
    ("samples", 10000, None, "samples of the robustness analyses"),
]

# What the allocation's optimum is for the scenario MAVT ranks first (Security guarantees, Guarantees
# multilateral: both with multipliers 1, 1.2, 1), checked against a solver by tests/test_shipped_studies.py.
OPTIMUM = {
    "units": {"Advanced air defense": 6, "Modern weaponry": 4, "Training on new technologies": 8},
    "strength": 93.8,
    "risk_used": 20,
    "budget_used": 2960,
}

_SET = {name: value for name, value, _, _ in SETTINGS}
_PACKAGE = "; ".join(f"{a['category'].lower()}: {OPTIMUM['units'][a['category']]} x {a['unit']}" for a in AID)

# The study's identity (About topics the reader knows: decision/workbook/about.py), first in each
# About sheet; the date a date cell, fixed like the files' timestamps. The rows after it are notes.
AUTHOR = "decision project (illustrative study)"
CAVEAT = ("Every figure in this study is an illustrative judgement, chosen to exercise the toolkit: it is not an "
          "intelligence estimate and must not be cited as one.")


def identity(title: str) -> list[tuple]:
    return [("title", title), ("author", AUTHOR), ("organisation", AUTHOR), ("date", FIXED_TIME.date()),
            ("classification", "UNCLASSIFIED \u2014 illustrative"), ("caveat", CAVEAT)]


ABOUT_SHARED = [
    ("Status",
     "Every number in this workbook (scores and their ranges, weights, costs, strengths, risks, the budget and "
     "the risk cap) is an analyst's illustrative judgement, made to demonstrate the method. None of it is an "
     "intelligence estimate, an official figure or a forecast; replace them with your own before relying on any result."),
    ("Source",
     "The options, criteria and aid categories are taken, in paraphrase, from a news summary of NATO discussions "
     "on how the war in Ukraine might end (the project's seed article). The article states aims and risks but gives "
     "no numbers; the Rationale sheet says which judgements lean on it."),
    ("Reading the scales",
     "Criteria lists each criterion with its direction (max: more is better, min: less is better), its weight and "
     "its scale. Ratings run from 0 to 10 with the meaning of each end stated in the description; enforcement "
     "resources are in thousand troops on a 0 to 60 scale. The low and high columns are the scale ends that the "
     "value functions and the weights refer to."),
    ("Weights",
     "Direct weights summing to 1: "
     + ", ".join(f"{c['criterion'].lower()} {c['weight']:.2f}" for c in CRITERIA)
     + ". Each weight values the swing from the worst to the best end of its scale."),
    ("Uncertainty",
     "Scores holds the best judgement; ScoresLow and ScoresHigh hold the lowest and highest plausible value of the "
     "same cell, for the robustness analyses. Rationale gives one sentence of reasoning per score."),
    ("Aid",
     "Three aid categories: advanced air defense (per battery), modern weaponry (per brigade equipment set) and "
     "training on new technologies (per training cohort), bought in whole units. Unit costs are in EUR million; "
     "strength_per_unit and risk_per_unit are points on illustrative indexes of negotiating strength and of "
     "escalation risk. Defensive systems are given the best strength per point of risk."),
    ("Aid curves and links",
     "AidCurve replaces strength_per_unit where returns are not constant: air defense has diminishing returns "
     "(the first batteries protect the capital and the power grid, later ones smaller towns); modern weaponry "
     "has increasing, then diminishing returns (one brigade set alone is hard to employ, beyond six they add "
     "little), a curve that is not concave, so the optimizer uses binaries for it. AidLinks: each brigade "
     "equipment set needs two training cohorts before it is usable."),
    ("Aid effects",
     "AidEffects multiplies each category's strength under each scenario. Guarantees make modern weaponry count "
     "more (x1.2: combat power backs the guarantors' word); a demilitarized zone makes it count less (x0.6 under "
     "European control, x0.5 under an international mission: heavy weapons must stay back from the zone and look "
     "provocative to its monitors) and air defense and training more (missiles and drones still cross a zone; "
     "forces behind it must be ready to return). A single guarantor raises both a little (x1.1); without a "
     "settlement, weapons count most (x1.3)."),
    ("Allocation",
     f"The budget is EUR {_SET['budget']:g} million and the escalation-risk cap is {_SET['risk_cap']:g} points. "
     "Maximizing the strength under the scenario MAVT ranks first, the risk cap binds and the budget does not: "
     f"the best whole-unit package ({_PACKAGE}) adds {OPTIMUM['strength']:g} strength points, uses exactly the "
     f"{OPTIMUM['risk_used']:g} risk points and costs EUR {OPTIMUM['budget_used']:g} million, leaving "
     f"EUR {_SET['budget'] - OPTIMUM['budget_used']:g} million unspent. Raising the cap would buy more strength; "
     "raising the budget alone would not. Under a demilitarized zone the best package has no modern weaponry; "
     "decision allocate --scenario robust finds the package whose worst case over the scenarios is best."),
    ("Settings",
     f"Ranking method {_SET['method']} (additive value model) with the {_SET['weights']} weights; robustness "
     f"analyses use seed {_SET['seed']} and {_SET['samples']} samples."),
]

# AHP judgements (Saaty's 1..9 scale), row criterion against column criterion, upper triangle only:
# the reader takes the reciprocal for a blank mirror cell. Slightly inconsistent on purpose
# (deterrence = escalation and escalation = consent, yet deterrence is 2 x consent), as real
# workshop judgements are; the report shows the consistency ratio and what to revisit.
PAIRWISE = {
    ("Deterrence and security", "Escalation risk"): 1,
    ("Deterrence and security", "Consent required"): 2,
    ("Deterrence and security", "Enforcement resources"): 3,
    ("Deterrence and security", "Sovereignty preserved"): 2,
    ("Deterrence and security", "Durability"): 2,
    ("Escalation risk", "Consent required"): 1,
    ("Escalation risk", "Enforcement resources"): 2,
    ("Escalation risk", "Sovereignty preserved"): 1,
    ("Escalation risk", "Durability"): 1,
    ("Consent required", "Enforcement resources"): 2,
    ("Consent required", "Sovereignty preserved"): 1,
    ("Consent required", "Durability"): 1,
    ("Enforcement resources", "Sovereignty preserved"): 0.5,
    ("Enforcement resources", "Durability"): 0.5,
    ("Sovereignty preserved", "Durability"): 1,
}


# The parts the two settlement studies share (the three-alternative study has its own, and no
# AidCurve, AidLinks, AidEffects or Pairwise sheet): a study's dict names each part it has.
SETTLEMENT_PARTS = {"criteria": CRITERIA, "aid": AID, "aid_curve": AID_CURVE, "aid_links": AID_LINKS,
                    "pairwise": PAIRWISE, "settings": SETTINGS, "optimum": OPTIMUM}

# --- the two-scenario study -------------------------------------------------------------------

# Per alternative and criterion: (score, low, high, rationale).
SCENARIOS = {
    "file": "settlement_scenarios.xlsx",
    "about": identity("Settlement scenarios: security guarantees or a demilitarized zone, and the aid that backs "
                      "the defender's negotiating position") + [
        ("Study",
         "Settlement scenarios: two ways of ending the war compared on six criteria, plus the aid package that "
         "would let the defending state negotiate from strength without provoking escalation."),
        ("Alternatives",
         "Security guarantees (binding commitments to the defending state, possibly shared by several alliance "
         "members) and a demilitarized zone (a buffer strip under European control that keeps the forces apart). "
         "The variants study, settlement_variants.xlsx, splits these into five options."),
    ] + ABOUT_SHARED,
    **SETTLEMENT_PARTS,
    # AidEffects: per alternative, multipliers on the strength of (air defense, weaponry, training).
    "effects": {
        "Security guarantees": (1.0, 1.2, 1.0),
        "Demilitarized zone": (1.2, 0.6, 1.2),
    },
    "alternatives": [
        ("Security guarantees",
         "Binding security guarantees for the defending state, possibly a multilateral agreement with alliance members."),
        ("Demilitarized zone",
         "A demilitarized buffer zone under European control that separates the opposing forces."),
    ],
    "scores": {
        "Security guarantees": {
            "Deterrence and security": (8, 6, 9,
                "Binding commitments backed by alliance members would make a new attack far costlier, which is the "
                "purpose the seed article gives them."),
            "Escalation risk": (7, 5, 9,
                "The seed article warns that the aggressor may treat such guarantees as a threat, so this option "
                "carries the higher escalation risk."),
            "Consent required": (4, 2, 6,
                "Guarantors and the defender can sign guarantees among themselves, though ending the fighting still "
                "needs some arrangement with the other side."),
            "Enforcement resources": (10, 5, 20,
                "Guarantees rest mostly on commitments and the defender's own forces, with modest reassurance "
                "deployments; about ten thousand troops assumed."),
            "Sovereignty preserved": (8, 7, 9,
                "The defending state keeps control of its territory and picks its own partners; only the unresolved "
                "front line limits it."),
            "Durability": (6, 4, 8,
                "Deterrence can hold a settlement, but the forces stay in contact, so renewed clashes remain "
                "possible."),
        },
        "Demilitarized zone": {
            "Deterrence and security": (5, 3, 7,
                "A buffer gives warning time and separation but no promise of help if the zone is crossed."),
            "Escalation risk": (4, 2, 6,
                "Separating the armies without new alliance commitments gives the aggressor less to see as a "
                "threat."),
            "Consent required": (9, 7, 10,
                "As the seed article notes, a buffer zone only works if both sides agree to it and to its line."),
            "Enforcement resources": (40, 25, 60,
                "The seed article stresses the large resources enforcement needs; patrolling a long front line is "
                "judged at about forty thousand troops."),
            "Sovereignty preserved": (5, 3, 7,
                "Part of the defending state's land would sit under a foreign-run regime with limits on its own "
                "forces."),
            "Durability": (7, 5, 9,
                "Keeping the forces apart is the seed article's case for the zone: fewer chances for fighting to "
                "flare up again."),
        },
    },
}

# --- the five-variant study -------------------------------------------------------------------

VARIANTS = {
    "file": "settlement_variants.xlsx",
    "about": identity("Settlement variants: five ways the war could end, from guarantees to no settlement, and the "
                      "aid that backs the defender's negotiating position") + [
        ("Study",
         "Settlement variants: five ways the war could end, including no settlement at all, compared on the same "
         "six criteria, scales and weights as the two-scenario study (settlement_scenarios.xlsx). Two alternatives "
         "leave many ranking methods degenerate; five exercise them."),
        ("Alternatives",
         "Security guarantees given by a single partner (bilateral) or by several alliance members together "
         "(multilateral); a demilitarized zone run by European forces or by an international (for instance "
         "UN-mandated) mission; and a baseline in which neither is agreed and the fighting goes on."),
    ] + ABOUT_SHARED,
    **SETTLEMENT_PARTS,
    "effects": {
        "Guarantees bilateral": (1.1, 1.1, 1.0),
        "Guarantees multilateral": (1.0, 1.2, 1.0),
        "Zone European control": (1.2, 0.6, 1.2),
        "Zone international control": (1.25, 0.5, 1.2),
        "Baseline": (0.9, 1.3, 1.1),
    },
    "alternatives": [
        ("Guarantees bilateral",
         "Binding security guarantees to the defending state from a single partner state."),
        ("Guarantees multilateral",
         "Binding security guarantees to the defending state in a multilateral agreement with alliance members."),
        ("Zone European control",
         "A demilitarized buffer zone separating the forces, run and patrolled by European forces."),
        ("Zone international control",
         "A demilitarized buffer zone separating the forces, run by an international (e.g. UN-mandated) mission."),
        ("Baseline",
         "Neither guarantees nor a zone: no settlement, the fighting continues."),
    ],
    "scores": {
        "Guarantees bilateral": {
            "Deterrence and security": (6, 4, 8,
                "One guarantor deters less than a coalition, and its word depends on a single government's politics."),
            "Escalation risk": (6, 4, 8,
                "A single guarantor is a smaller provocation than an alliance-wide pact, yet still a commitment the "
                "aggressor may read as hostile."),
            "Consent required": (3, 1, 5,
                "Only the defender and one partner must sign, so the aggressor's agreement matters least here."),
            "Enforcement resources": (5, 2, 10,
                "A bilateral pledge needs few deployed troops beyond training and liaison staff."),
            "Sovereignty preserved": (8, 7, 9,
                "The defending state keeps full control of its territory and chooses its guarantor."),
            "Durability": (5, 3, 7,
                "A pact resting on one partner is easier to doubt, and to test, than a collective one."),
        },
        "Guarantees multilateral": {
            "Deterrence and security": (8, 6, 9,
                "Commitments shared among alliance members, which the seed article raises as a possible format, "
                "make an attack much costlier."),
            "Escalation risk": (7, 5, 9,
                "An alliance-wide commitment is the kind of step the seed article says the aggressor may take as a "
                "threat."),
            "Consent required": (4, 2, 6,
                "Several guarantors must agree among themselves, and the fighting must still be stopped with the "
                "other side."),
            "Enforcement resources": (10, 5, 20,
                "Reassurance deployments shared among several members are assumed at about ten thousand troops."),
            "Sovereignty preserved": (8, 7, 9,
                "The defending state keeps control of its territory and its alignment."),
            "Durability": (6, 4, 8,
                "Collective deterrence steadies a settlement, though the forces remain face to face."),
        },
        "Zone European control": {
            "Deterrence and security": (5, 3, 7,
                "European troops in the zone raise the stakes of crossing it but promise no defence of the "
                "defender beyond it."),
            "Escalation risk": (4, 2, 6,
                "Separating the armies adds little that the aggressor could frame as a new threat, though European "
                "troops near its lines carry some risk."),
            "Consent required": (9, 7, 10,
                "The seed article points out that a zone needs both sides to accept it, and the aggressor may "
                "object to European forces in particular."),
            "Enforcement resources": (40, 25, 60,
                "Following the seed article's warning on the resources a zone needs, about forty thousand troops "
                "are assumed to police it."),
            "Sovereignty preserved": (5, 3, 7,
                "A strip of the defender's land would be run by others, with limits on its own forces there."),
            "Durability": (7, 5, 9,
                "A force-separating buffer, as the seed article argues, lowers the odds of fighting breaking out "
                "again."),
        },
        "Zone international control": {
            "Deterrence and security": (4, 2, 6,
                "A broad international mission is slower to act and less willing to resist a determined crossing "
                "than a European one."),
            "Escalation risk": (3, 2, 5,
                "A neutral international mission gives the aggressor the least cause to feel threatened."),
            "Consent required": (8, 6, 10,
                "Both sides must still agree, but a neutral mission is somewhat easier for the aggressor to "
                "accept."),
            "Enforcement resources": (45, 30, 60,
                "International missions tend to be larger and less efficient per kilometre; about forty-five "
                "thousand troops assumed."),
            "Sovereignty preserved": (5, 3, 7,
                "As with any zone, part of the defender's territory is administered by outsiders."),
            "Durability": (6, 4, 8,
                "Separation helps, but a mission with a weaker mandate is easier to push aside."),
        },
        "Baseline": {
            "Deterrence and security": (3, 1, 5,
                "Without guarantees or a buffer, the defender relies on its own forces and the aid it receives."),
            "Escalation risk": (6, 4, 8,
                "Continued fighting keeps a standing risk of wider war, although nothing new is offered that the "
                "aggressor could call a threat."),
            "Consent required": (0, 0, 1,
                "Carrying on needs no agreement from anyone."),
            "Enforcement resources": (0, 0, 0,
                "There is no arrangement to enforce, so partners deploy no troops for it."),
            "Sovereignty preserved": (3, 1, 5,
                "Territory stays contested and may be lost as the front moves."),
            "Durability": (0, 0, 2,
                "There is no settlement to last; at best the front freezes into an unstable lull."),
        },
    },
}

# --- the three-alternative study ---------------------------------------------------------------

# Two settlement options and a baseline, one of them named in Ukrainian (the report and the brief
# must carry Cyrillic text). Scored so that the ranking is close: under the workbook's own weight
# intervals SMAA gives the first rank to neutrality with guarantees about half the time and to the
# zone about two times in five, and a small change of the enforcement weight changes the top; the
# report's robustness ("how sure") has something to say. The settlement studies' criteria, scales
# and weights; the three aid categories bought per unit (no AidCurve, AidLinks, AidEffects) under a
# budget and a risk cap that both shape the package; no Pairwise sheet.
NEUTRALITY = "Нейтралітет з гарантіями"  # "Neutrality with guarantees"
ZONE, NO_SETTLEMENT = "Demilitarized zone", "No settlement"

THREE_SETTINGS = [
    ("budget", 3000, "EUR million", "for the whole aid package"),
    ("risk_cap", 20, "risk points", "escalation risk: the most that the package's risk_per_unit may add up to"),
    ("method", "mavt", None, "ranking method: additive value model on the low..high scales"),
    ("weights", "direct", None, "the weights typed in Criteria"),
    ("seed", 0, None, "random seed of the robustness analyses"),
    ("samples", 10000, None, "samples of the robustness analyses"),
]

# The allocation's optimum (strength per unit, no scenario effects: the same under every scenario),
# checked against a brute force and the solver by tests/test_shipped_studies.py.
THREE_OPTIMUM = {
    "units": {"Advanced air defense": 12, "Modern weaponry": 1, "Training on new technologies": 11},
    "strength": 98.5,
    "risk_used": 20,
    "budget_used": 2855,
}
_SET3 = {name: value for name, value, _, _ in THREE_SETTINGS}
_PACKAGE3 = "; ".join(f"{a['category'].lower()}: {THREE_OPTIMUM['units'][a['category']]} x {a['unit']}" for a in AID)

THREE = {
    "file": "three_alternatives.xlsx",
    "about": identity("Settlement options: neutrality with guarantees, a demilitarized zone, or no settlement") + [
        ("Study",
         "Three ways forward compared on the six criteria, scales and weights of the two settlement studies: a "
         "guarantee format built on neutrality, a demilitarized zone, and no settlement at all; plus the aid "
         "package, bought per unit under a budget and an escalation-risk cap. The two settlement options are "
         "judged close on purpose: the report's robustness sheet shows how sure the ranking is."),
        ("Alternatives",
         f"{NEUTRALITY} (Ukrainian for 'neutrality with guarantees'): several partner states guarantee the "
         "defending state's security while it stays outside military alliances, one possible format of the "
         "guarantees the source mentions. A demilitarized zone under European control that keeps the armies "
         "apart. No settlement: the fighting continues, the baseline against which both are measured."),
        *ABOUT_SHARED[:6],  # Status, Source, Reading the scales, Weights, Uncertainty, Aid
        ("Allocation",
         f"The budget is EUR {_SET3['budget']:g} million and the escalation-risk cap is {_SET3['risk_cap']:g} points; "
         "there are no strength curves, prerequisites or scenario effects, so the best package is the same under "
         f"every option. It is {_PACKAGE3}: {THREE_OPTIMUM['strength']:g} strength points for exactly the "
         f"{THREE_OPTIMUM['risk_used']:g} risk points, at EUR {THREE_OPTIMUM['budget_used']:g} million. Both limits "
         "shape it: a higher risk cap buys more training, a larger budget buys modern weaponry instead."),
        ("Settings",
         f"Ranking method {_SET3['method']} (additive value model) with the {_SET3['weights']} weights; robustness "
         f"analyses use seed {_SET3['seed']} and {_SET3['samples']} samples, and the report samples the weights "
         "within the weight_low..weight_high intervals of Criteria."),
    ],
    "criteria": CRITERIA,
    "aid": AID,
    "settings": THREE_SETTINGS,
    "optimum": THREE_OPTIMUM,
    "alternatives": [
        (NEUTRALITY,
         "Neutrality with guarantees: several partner states guarantee the defending state's security, and it "
         "undertakes to stay outside military alliances."),
        (ZONE, "A demilitarized buffer zone under European control that separates the opposing forces."),
        (NO_SETTLEMENT, "The baseline: neither guarantees nor a zone are agreed, and the fighting goes on."),
    ],
    "scores": {
        NEUTRALITY: {
            "Deterrence and security": (6, 4, 8,
                "Guarantors outside an alliance deter less than alliance members bound by treaty, but an "
                "attacker would still face states pledged to help."),
            "Escalation risk": (5, 3, 7,
                "Staying out of alliances answers a demand the aggressor has voiced, though outside guarantors "
                "still add some risk."),
            "Consent required": (9, 7, 10,
                "Neutrality only has value as a term both warring sides accept in a treaty."),
            "Enforcement resources": (10, 5, 20,
                "Guarantors keep forces ready at home and send monitors; about ten thousand troops assumed."),
            "Sovereignty preserved": (4, 2, 6,
                "The defending state keeps its land but gives up choosing its own alliances."),
            "Durability": (5, 3, 7,
                "A neutral status lasts only while the guarantors stay willing to act, which past cases make "
                "uncertain."),
        },
        ZONE: {
            "Deterrence and security": (5, 3, 7,
                "A buffer gives warning time and separation but no promise of help if the zone is crossed."),
            "Escalation risk": (4, 2, 6,
                "Separating the armies without new alliance commitments gives the aggressor less to see as a "
                "threat."),
            "Consent required": (9, 7, 10,
                "As the seed article notes, a buffer zone only works if both sides agree to it and to its line."),
            "Enforcement resources": (40, 25, 60,
                "The seed article stresses the large resources enforcement needs; patrolling a long front line is "
                "judged at about forty thousand troops."),
            "Sovereignty preserved": (5, 3, 7,
                "Part of the defending state's land would sit under a foreign-run regime with limits on its own "
                "forces."),
            "Durability": (7, 5, 9,
                "Keeping the forces apart is the seed article's case for the zone: fewer chances for fighting to "
                "flare up again."),
        },
        NO_SETTLEMENT: {
            "Deterrence and security": (3, 1, 5,
                "Without guarantees or a buffer, the defender relies on its own forces and the aid it receives."),
            "Escalation risk": (7, 5, 9,
                "Open fighting keeps the danger of a wider war high, even with no new commitment to provoke it."),
            "Consent required": (0, 0, 1,
                "Carrying on needs no agreement from anyone."),
            "Enforcement resources": (0, 0, 0,
                "There is no arrangement to enforce, so partners deploy no troops for it."),
            "Sovereignty preserved": (2, 0, 4,
                "Territory stays contested, and more of it may be lost while the front moves."),
            "Durability": (0, 0, 2,
                "There is no settlement to last; at best the front freezes into an unstable lull."),
        },
    },
}

STUDIES = [SCENARIOS, VARIANTS, THREE]

# --- writing ----------------------------------------------------------------------------------

if str(ROOT) not in sys.path:  # `python criteria/build_studies.py` from a checkout
    sys.path.insert(0, str(ROOT))


def criterion_names(study: dict | None = None) -> list[str]:
    """The criteria's names, in order, of a study (default: the settlement studies' criteria)."""
    return [c["criterion"] for c in (CRITERIA if study is None else study["criteria"])]


def pairwise_rows(study: dict) -> list[list]:
    """The Pairwise sheet's rows below the header: 1 on the diagonal, judgements above it."""
    names = criterion_names(study)
    return [[a] + [1 if a == b else study["pairwise"].get((a, b)) for b in names] for a in names]


def _sheet(wb, title: str, header: list[str], rows: list[list], widths: list[int]):
    from openpyxl.styles import Font

    from decision.xlsx_out import put_text

    ws = wb.create_sheet(title)
    for j, name in enumerate(header, start=1):
        cell = ws.cell(row=1, column=j)
        if name is not None:  # Pairwise leaves A1 blank
            put_text(cell, name)
        cell.font = Font(bold=True)
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j)
            if isinstance(value, str):
                put_text(cell, value)
            else:
                cell.value = value
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = width
    ws.freeze_panes = "A2"
    return ws


def build_workbook(study: dict):
    """The openpyxl Workbook of one study (not saved)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "criteria/build_studies.py"
    wb.properties.title = study["file"]
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME

    about = _sheet(wb, "About", ["topic", "text"], [list(r) for r in study["about"]], [20, 120])
    for row in about.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    _sheet(wb, "Alternatives", ["alternative", "description"], [list(a) for a in study["alternatives"]], [30, 100])
    columns = ["criterion", "direction", "weight", "unit", "description", "low", "high", "swing", "rank",
               "weight_low", "weight_high"]
    _sheet(wb, "Criteria", columns, [[c[k] for k in columns] for c in study["criteria"]],
           [26, 10, 8, 16, 100, 6, 6, 7, 6, 11, 11])

    names = criterion_names(study)
    header = ["alternative"] + names
    for title, index, width in (("Scores", 0, 14), ("ScoresLow", 1, 14), ("ScoresHigh", 2, 14), ("Rationale", 3, 60)):
        rows = [[alt] + [study["scores"][alt][c][index] for c in names] for alt, _ in study["alternatives"]]
        ws = _sheet(wb, title, header, rows, [28] + [width] * len(names))
        if title == "Rationale":
            for row in ws.iter_rows(min_row=2, min_col=2):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")

    # The optional sheets a study may leave out (the three-alternative study has none of them).
    if study.get("pairwise"):
        _sheet(wb, "Pairwise", [None] + names, pairwise_rows(study), [26] + [12] * len(names))

    aid = study["aid"]
    columns = ["category", "unit", "unit_cost", "min_units", "max_units", "integer", "strength_per_unit", "risk_per_unit"]
    _sheet(wb, "Aid", columns, [[a[k] for k in columns] for a in aid], [28, 22, 10, 10, 10, 8, 17, 13])
    if study.get("aid_curve"):
        _sheet(wb, "AidCurve", ["category", "units", "strength", "note"],
               [[name, u, y, note if k == 0 else None]
                for name, points, note in study["aid_curve"] for k, (u, y) in enumerate(points)],
               [28, 8, 10, 100])
    if study.get("aid_links"):
        _sheet(wb, "AidLinks", ["category", "requires", "ratio", "note"], [list(link) for link in study["aid_links"]],
               [28, 28, 8, 100])
    if study.get("effects"):
        alternatives = [a for a, _ in study["alternatives"]]
        _sheet(wb, "AidEffects", ["category", *alternatives],
               [[a["category"], *(study["effects"][alt][k] for alt in alternatives)] for k, a in enumerate(aid)],
               [28] + [16] * len(alternatives))
    _sheet(wb, "Settings", ["setting", "value", "unit", "note"], [list(s) for s in study["settings"]], [12, 10, 14, 80])
    return wb


def _pin_zip(path) -> None:
    """Rewrite the saved archive with fixed timestamps, so that the same data gives the same bytes."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            if name == "docProps/core.xml":  # openpyxl stamps 'modified' with the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", data)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def write_study(study: dict, folder=HERE) -> Path:
    from decision.xlsx_out import save_atomically

    wb = build_workbook(study)
    path = Path(folder) / study["file"]

    def write(tmp):
        wb.save(tmp)
        _pin_zip(tmp)

    save_atomically(path, write)
    return path


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else HERE
    for study in STUDIES:
        print(write_study(study, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
