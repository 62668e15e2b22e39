"""The report's sentences: what the numbers mean, in a decision-maker's words.

Pure functions of results, so the wording can be tested without a workbook.
"""

from __future__ import annotations

import numpy as np

from decision.allocation.result import Limit
from decision.methods.registry import METHODS
from decision.brief.numbers import amount as num  # a figure in a sentence: the brief's wording
from decision.ranking import Ranking

PRICE_SOURCES = {
    "lp": "the linear programme",
    "lp-relaxation": "the LP relaxation, whole units allowed to be fractional",
}
LIMIT_WORDS = {
    "budget": ("one more unit of budget (in the currency of the Aid sheet's unit_cost)", "the budget"),
    "risk": ("one more unit of allowed escalation risk (the Aid sheet's risk_per_unit scale)", "the risk cap"),
}


def method_name(ranking: Ranking) -> str:
    return ranking.method.upper()


def score_name(ranking: Ranking) -> str:
    spec = METHODS.get(ranking.method)
    return spec.score_name if spec else "score"


SETTING_OF = {"budget": "budget", "risk": "risk_cap"}


def price(name: str, limit: Limit, prices_from: str, unit: str | None = None) -> str:
    """What more of a limit buys: the LP's marginal rate and the gain of an actual re-solve.
    With the Settings unit (e.g. EUR million) the sentence names it: 'one more unit of budget (EUR million)'."""
    one_more, the_limit = LIMIT_WORDS[name]
    if unit:
        one_more = f"one more unit of {'budget' if name == 'budget' else 'allowed escalation risk'} ({unit})"
    step = f"{num(limit.step)} {unit}" if unit else num(limit.step)
    source = PRICE_SOURCES.get(prices_from, prices_from)
    gain = ("was not re-solved (the time limit ran out, or the solver could not settle it)" if limit.gain is None
            else f"buys {num(limit.gain)} strength (re-solve)")
    return (f"{one_more[0].upper()}{one_more[1:]} buys {num(limit.shadow_price)} strength "
            f"(marginal rate from {source}); raising {the_limit} by {step} {gain}.")


def prices_from(source: str) -> str:
    """Why the prices are what they are, for the kind of model solved."""
    if source == "lp":
        return ("Prices are the shadow prices of the linear programme: exact marginal rates, valid while "
                "the same limits stay binding.")
    if source == "lp-relaxation":
        return ("Some categories are bought in whole units, so the prices come from the LP relaxation "
                "(fractional units allowed): a marginal rate, not what one more unit of the limit buys "
                "(often nothing, until a whole unit becomes affordable); the re-solve gain says that.")
    return f"Prices from: {source}."


def relaxations(relax: dict | None) -> str | None:
    """What would make an infeasible plan feasible, from NoSolution.relaxations (None: not known)."""
    if not relax:
        return None

    def named(key):
        return "risk cap" if key == "risk" else key

    alone = [f"raise the {named(k)} by {num(v)}" for k, v in relax.items() if k in ("budget", "risk") and v]
    joint = [f"the {named(k)} by {num(v)}" for k, v in (relax.get("joint") or {}).items() if v]
    if not alone and not joint:
        return "No increase of the budget or of the risk cap makes the plan feasible."
    text = "To make the plan feasible: " + (" or ".join(alone) if alone else "no single limit suffices")
    if joint:
        text += f"; or raise both (smallest total relative change): {' and '.join(joint)}"
    return text + "."


def and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def first_places(ranking: Ranking) -> list[str]:
    """The alternatives a ranking puts first (more than one when they tie)."""
    return [ranking.alternatives[i] for i in ranking.order if ranking.ranks[i] == 1]


def all_methods(primary: Ranking, comparison) -> tuple[str, str]:
    """('9 of 11', sentence): how many methods also rank the primary's first alternative first
    (jointly counts), who the others put first, which methods could not run, and the consensus."""
    top = primary.top
    i = primary.alternatives.index(top)
    ran = comparison.rankings
    agree = int(comparison.tables()["consensus"].frame["first places"].iloc[i])
    sentence = f"{agree} of {len(ran)} methods rank {top} first"
    others = [f"{method_name(r)} puts {and_list(first_places(r))} first" for r in ran if r.ranks[i] != 1]
    if others:
        sentence += f" ({'; '.join(others)})"
    sentence += "."
    if comparison.skipped:
        skipped = [m.upper() for m in comparison.skipped]
        sentence += f" {and_list(skipped)} could not run on this study (see the Methods sheet)."
    return f"{agree} of {len(ran)}", f"{sentence} {consensus(comparison)} {agreement_context(len(primary.alternatives))}"


def agreement_context(alternatives: int) -> str:
    """What agreement among methods is worth with this many alternatives."""
    if alternatives <= 2:
        return (f"With only {alternatives} alternatives each method orders a single pair, and methods given the same "
                "weights and scores nearly always order it alike: agreement is expected and says little about how "
                "robust the answer is (see the Robustness sheet).")
    return (f"There are {alternatives} alternatives; the methods share the same weights and scores, so agreement "
            "shows the ranking does not hinge on one aggregation rule, not that the weights are right.")


def consensus(comparison) -> str:
    """Who the Borda count and Copeland's pairwise majority over all methods put first."""
    table = comparison.tables()["consensus"].frame

    def first(name: str, score: str) -> list[str]:  # ranked first, by score (ties in the study's order)
        order = np.argsort(-table[score].to_numpy(), kind="stable")
        return [table.index[i] for i in order if table[f"{name} rank"].iloc[i] == 1]

    borda, copeland = first("borda", "borda points"), first("copeland", "copeland score")
    if borda == copeland:
        tie = " (tied)" if len(borda) > 1 else ""
        return f"Consensus winner (Borda count and Copeland's pairwise majority): {and_list(borda)}{tie}."
    return (f"Consensus winner: {and_list(borda)} by Borda count{' (tied)' if len(borda) > 1 else ''}, "
            f"{and_list(copeland)} by Copeland's pairwise majority{' (tied)' if len(copeland) > 1 else ''}.")
