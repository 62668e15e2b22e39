"""The `decision` command: parse, call, print. The only module that prints.

Results go to stdout (one JSON document under --json), warnings and errors to stderr.
Exit codes: 0 done, 2 bad input, 3 no solution, 1 a bug (traceback only with --debug).
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
import traceback
from pathlib import Path
from typing import List, Optional

import typer
from typer import exceptions as typer_exceptions

from decision.clock import limit_solving, solving_time
from decision.errors import InputError, NoSolution, option_names
from decision.limits import MAX_POINTS, MAX_SAMPLES, MAX_TIME_LIMIT

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Decision analysis: check criteria workbooks, rank alternatives, allocate aid, write Excel reports and PDF briefs.",
)

WORKBOOK = typer.Argument(None, help="Criteria workbook (.xlsx); default: the shipped settlement study.", show_default=False)
JSON = typer.Option(False, "--json", help="Print one JSON document on stdout.")


@app.callback()
def _limits(
    max_size: float = typer.Option(
        100.0, "--max-size", metavar="MB",
        help="Refuse a workbook whose file or inflated parts exceed this many MB (zip bombs).", show_default=True),
    max_ratio: float = typer.Option(
        200.0, "--max-ratio",
        help="Refuse a workbook part (above 1 MB) that inflates more than this ratio (zip bombs).", show_default=True),
    max_cells: int = typer.Option(
        100_000, "--max-cells",
        help="Refuse a workbook whose sheets read hold more cells in use (and its XML more than 4 elements a cell, plus 100,000).",
        show_default=True),
    time_limit: Optional[float] = typer.Option(
        None, "--time-limit", metavar="S",
        help="Seconds of solving for the whole command, shared by its solves (default: Settings 'time_limit', else 60); "
             "a solve stopped by it gives its best plan so far, marked 'stopped'."),
):
    """Global options, before the command: the limits on what a workbook may hold (docs/bad-input.md)
    and on the command's solving time."""
    from decision.workbook.files import MB, Limits

    problems = [f"{name}: expected a number > 0, found {value:g}" for name, value in
                (("--max-size", max_size), ("--max-ratio", max_ratio), ("--max-cells", max_cells))
                if not 0 < value < float("inf")]
    if time_limit is not None and not 0 < time_limit <= MAX_TIME_LIMIT:
        problems.append(f"--time-limit: expected seconds > 0 and at most {MAX_TIME_LIMIT:,.0f}, found {time_limit:g}")
    if problems:
        raise InputError(problems)
    global _LIMITS, _TIME_LIMIT
    _LIMITS = Limits(max_size=int(max_size * MB), max_ratio=max_ratio, max_cells=max_cells)
    _TIME_LIMIT = time_limit


_LIMITS = None  # set by _limits for the command being run (main() resets it)
_TIME_LIMIT = None  # --time-limit, likewise

# The analyses name an option by its parameter; the command prints the flag that sets it: by
# default `--` and the name with dashes (`weight_info` -> `--weight-info`), else as listed here,
# else as the running command overrides (`decision weights` chooses the weighting with --method).
FLAGS = {"weighting": "--weights", "parameters": "--param", "axis": "--frontier", "distribution": "--scores",
         "meta": "--meta-weights"}
_FLAG_OVERRIDES: dict[str, str] = {}  # main() clears it after each command


def _flag(name: str) -> str:
    return _FLAG_OVERRIDES.get(name) or FLAGS.get(name) or "--" + name.replace("_", "-")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _console(**options):
    """A rich console for stdout; the workbook's names are text, never markup or emoji codes."""
    from rich.console import Console

    return Console(markup=False, emoji=False, **options)


def _emit_json(doc: dict) -> None:
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def _load(workbook: Optional[Path], needs=("ranking",)):
    from decision.workbook.read import read_study
    from decision.workbook.shipped import shipped_study

    study = read_study(workbook or shipped_study(), needs=needs, limits=_LIMITS)
    for line in study.warnings:
        _err(f"warning: {line}")
    return study


def _options(study, problems=(), **arguments):
    """The command's options resolved once (arguments, then Settings, then defaults), with any
    problems the command found in its flags listed beside theirs; starts the solving clock."""
    from decision.pipeline.options import resolve

    try:
        options = resolve(study, time_limit=_TIME_LIMIT, **arguments)
    except InputError as exc:
        raise InputError([*problems, *exc.problems]) from None
    if problems:
        raise InputError(list(problems))
    limit_solving(options.time_limit)
    return options


def _parameters(items: List[str]) -> dict:
    params, problems = {}, []
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            problems.append(f"--param: expected key=value, found {item!r}")
            continue
        try:
            params[key.strip()] = float(value)
        except ValueError:
            params[key.strip()] = value.strip()
    if problems:
        raise InputError(problems)
    return params


@app.command()
def template(
    path: Path = typer.Argument(..., help="Where to write the blank workbook (.xlsx)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
):
    """Write a blank criteria workbook with instructions, input cells and drop-downs."""
    from decision.workbook.template import write_template
    from decision.xlsx_out import check_target

    check_target(path, force=force)
    write_template(path)
    _err(f"wrote {path}")


@app.command()
def validate(workbook: Optional[Path] = WORKBOOK, as_json: bool = JSON):
    """Check a workbook: exit 0, or 2 with every error."""
    study = _load(workbook)
    summary = {
        "status": "valid",
        "workbook": str(workbook or study.source),
        "alternatives": len(study.alternatives),
        "criteria": len(study.criteria),
        "aid_categories": len(study.aid),
        "uncertainty": study.has_uncertainty,
        "pairwise": study.pairwise is not None,
        "warnings": list(study.warnings),
    }
    if as_json:
        _emit_json(summary)
    else:
        typer.echo(
            f"{Path(study.source).name}: valid: {summary['alternatives']} alternatives, {summary['criteria']} criteria, "
            f"{summary['aid_categories']} aid categories"
        )


@app.command("rank")
def rank_command(
    workbook: Optional[Path] = WORKBOOK,
    method: Optional[str] = typer.Option(None, "--method", help="Ranking method (default: Settings 'method', else mavt)."),
    param: List[str] = typer.Option([], "--param", help="Method parameter key=value (repeatable)."),
    weights: Optional[str] = typer.Option(None, "--weights", help="Weighting method (default: Settings 'weights', else direct)."),
    as_json: bool = JSON,
):
    """Rank the alternatives (--method all: every method side by side, with agreement and consensus)."""
    from decision.pipeline.ranked import rank_study

    study = _load(workbook)
    parameters = _parameters(param)
    if method == "all":
        options = _options(study, weighting=weights)
        return _rank_all(study, parameters, options.weighting, as_json, _packages(study, options))
    options = _options(study, method=method, weighting=weights)
    packages = _packages(study, options)
    result = rank_study(study, options.method, parameters=parameters, weighting=options.weighting, packages=packages)
    _warn_stopped(packages)
    if as_json:
        _emit_json(result.to_dict())
        return
    from rich.table import Table

    table = Table(title=f"{study.name}: {result.method} ({'higher' if result.higher_is_better else 'lower'} is better)")
    for column in ("rank", "alternative", "score"):
        table.add_column(column, justify="right" if column != "alternative" else "left")
    ranking = result.tables()["ranking"]
    for alternative, (score, rank) in zip(ranking.frame.index, ranking.rows(["score", "rank"])):
        table.add_row(str(rank), alternative, f"{score:.4f}")
    _console().print(table)


def _rank_all(study, parameters: dict, weighting: Optional[str], as_json: bool, packages) -> None:
    from decision.pipeline.ranked import compare_study

    result = compare_study(study, parameters=parameters, weighting=weighting, packages=packages)
    _warn_stopped(packages)
    for method, reason in result.skipped.items():
        _err(f"warning: {method} skipped: {reason}")
    if as_json:
        _emit_json(result.to_dict())
        return
    from rich.table import Table

    ranks = result.tables()["ranks"]
    columns = [str(c) for c in ranks.frame.columns]  # each method, then the consensus: borda, copeland
    table = Table(title=f"{study.name}: ranks by method (1 = best)")
    table.add_column("alternative", no_wrap=True)
    for column in columns:
        table.add_column(column, justify="right", no_wrap=True)
    for alternative, row in zip(ranks.frame.index, ranks.rows()):
        table.add_row(alternative, *(str(int(r)) for r in row))
    width = max(len(a) for a in ranks.frame.index) + sum(len(c) + 3 for c in columns) + 4
    _console(width=max(80, width)).print(table)


@app.command("weights")
def weights_command(
    workbook: Optional[Path] = WORKBOOK,
    method: Optional[str] = typer.Option(None, "--method", help="Weighting method (default: Settings 'weights', else direct)."),
    param: List[str] = typer.Option([], "--param", help="Weighting parameter key=value, e.g. priority=geometric."),
    as_json: bool = JSON,
):
    """Derive criterion weights."""
    from decision.pipeline.weights import weights_of

    _FLAG_OVERRIDES["weighting"] = "--method"
    study = _load(workbook)
    options = _options(study, weighting=method)
    packages = _packages(study, options)
    result = weights_of(study, options.weighting, _parameters(param), packages=packages)
    _warn_stopped(packages)
    if as_json:
        _emit_json(result.to_dict())
        return
    for name, w in result.as_dict().items():
        typer.echo(f"{w:8.4f}  {name}")
    if result.method == "ahp":
        _print_ahp_consistency(result.details)


def _print_ahp_consistency(d: dict) -> None:
    """The consistency figures under the AHP weights, and the judgement to revisit first."""
    from decision.weights.ahp import judgement_text

    verdict = "inconsistent: above 0.10" if d["inconsistent"] else "acceptable: at most 0.10"
    typer.echo(f"consistency ratio {d['consistency_ratio']:.3f} ({verdict}; random-index table {d['random_index_table']}), "
               f"lambda_max {d['lambda_max']:.4f}, priorities by {d['priority']}")
    if "geometric_consistency_index" in d:
        threshold = d["geometric_consistency_threshold"]
        limit = "no threshold for two criteria" if threshold is None else (
            f"{'above' if d['geometric_inconsistent'] else 'at most'} the threshold {threshold:.2f}")
        typer.echo(f"geometric consistency index {d['geometric_consistency_index']:.3f} ({limit})")
    if d["revisit"]:
        first = d["revisit"][0]
        typer.echo(f"revisit first: {first['row']} over {first['column']}, judged {judgement_text(first['judgement'])}, "
                   f"the weights imply {first['implied']:.3g}")


@app.command()
def allocate(
    workbook: Optional[Path] = WORKBOOK,
    budget: Optional[float] = typer.Option(None, "--budget", help="Budget (default: Settings 'budget')."),
    risk_cap: Optional[float] = typer.Option(None, "--risk-cap", help="Escalation-risk cap (default: Settings 'risk_cap')."),
    solver: str = typer.Option("highs", "--solver", help="highs or cbc."),
    scenario: Optional[str] = typer.Option(None, "--scenario", help="Maximize the strength under this scenario (an alternative), or 'robust': the worst case over the scenarios (default with AidEffects: the scenario MAVT ranks first)."),
    frontier: Optional[str] = typer.Option(None, "--frontier", help="risk or budget: the efficient frontier of strength against it."),
    sweep: Optional[str] = typer.Option(None, "--sweep", help="budget: which scenario ranks first as the budget varies."),
    points: Optional[int] = typer.Option(None, "--points", help="Points of --frontier or --sweep (default 20)."),
    export_model: Optional[Path] = typer.Option(None, "--export-model", help="Also write the model to PATH (.lp or .mps)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing --export-model file."),
    as_json: bool = JSON,
):
    """Find the aid package of greatest negotiating strength within the budget and risk cap."""
    from decision.pipeline import Packages, choose_scenario

    flags = _allocate_arguments(frontier, sweep, points, scenario, budget)
    study = _load(workbook, needs=("ranking", "allocation") if sweep else ("allocation",))
    options = _options(study, flags, solver=solver, budget=budget, risk_cap=risk_cap)
    if export_model is not None:
        from decision.report.model_export import model_format
        from decision.xlsx_out import check_target

        model_format(export_model)
        check_target(export_model, force=force, protected=(Path(study.source),))
    if sweep:
        from decision.pipeline.sweep import sweep_budget

        with _progress_bar() as progress:
            result = sweep_budget(study, points or 20, risk_cap=options.risk_cap, solver=options.solver,
                                  progress=progress)
        for note in result.notes:
            _err(f"note: {note}")
        if result.stopped:
            _err(f"warning: {_stopped_words(result.stopped)}: those strengths are of the best plans found, not proven optimal")
        return _emit_json(result.to_dict()) if as_json else _print_sweep(study, result)
    packages = Packages(study, budget=options.budget, risk_cap=options.risk_cap, solver=options.solver)
    objective, source = choose_scenario(study, packages, scenario)
    _warn_stopped(packages, shown=(objective,))  # the scenario came from them; its own package warns below
    p = packages.problem.with_objective(objective)
    if source == "mavt":
        _err(f"note: maximizing the strength under '{objective}', the scenario MAVT ranks first (--scenario to choose)")
    if export_model is not None:
        from decision.report.model_export import export_model as write_model

        _err(f"wrote {write_model(p, export_model)}")
    if frontier:
        from decision.allocation.frontier import frontier as trace

        with _progress_bar() as progress:
            result = trace(p, frontier, points or 20, solver=solver, progress=progress)
        if result.stopped:
            _err(f"warning: {_stopped_words(result.stopped)}: {result.unproven} frontier "
                 "points are not proven non-dominated")
        elif result.unproven:
            _err(f"warning: {result.unproven} frontier points rest on solves that {solver} "
                 "could not settle within its tolerances (numbers of very different sizes): not proven non-dominated")
        if result.unsettled:
            _err(f"warning: {result.unsettled} solves of the {frontier} frontier could not be settled by {solver} within "
                 "its tolerances (numbers of very different sizes): those grid values are left unsolved")
        if result.unreached:
            _err(f"warning: the time limit on solving ran out with {result.unreached} of {len(result.grid)} grid "
                 f"values of the {frontier} frontier unsolved: raise it with --time-limit or Settings time_limit")
        return _emit_json(result.to_dict()) if as_json else _print_frontier(study, result)
    result = packages.allocation(objective, source)
    if result.status == "stopped":
        gap = "unknown" if result.gap is None else f"{100 * result.gap:.3g}%"
        _err(f"warning: {_stopped_words(1)} before proving the package optimal (gap to the best bound: {gap}): "
             "the best package found is shown")
    if as_json:
        _emit_json(result.to_dict())
        return
    _print_allocation(study, result, solver)


def _print_allocation(study, a, solver: str) -> None:
    which = {None: "", "robust": " (robust: the worst case over the scenarios)"}.get(a.scenario, f" (scenario {a.scenario})")
    typer.echo(f"{study.name}: {a.status}, total strength {a.objective:.4g}{which} ({solver})")
    for p in a.purchases:
        typer.echo(f"  {p.units:>8g}  {p.category}  (cost {p.cost:.4g}, strength {p.strength:.4g}, risk {p.risk:.4g})")
    for key, limit in (("budget", a.budget), ("risk", a.risk)):
        typer.echo(f"  {key}: used {limit.used:.4g} of {limit.limit:.4g}; price {limit.shadow_price:.4g} strength per unit ({a.prices_from})")
    if a.by_scenario:
        typer.echo("  strength under each scenario: " + "; ".join(f"{k} {v:.4g}" for k, v in a.by_scenario.items()))
    for link in a.links:
        typer.echo(f"  {link.requires} >= {link.ratio:g} x {link.category}: {link.bought:g} bought, "
                   f"{link.required:g} required{' (binding)' if link.binding else ''}")


def _packages(study, options):
    """The run's aid packages when the study has scores to take from the allocation, else None."""
    if not study.needs_allocation_scores:
        return None
    from decision.pipeline import Packages

    return Packages(study, budget=options.budget, risk_cap=options.risk_cap, solver=options.solver)


def _warn_stopped(packages, shown=()) -> None:
    """A warning when scores (or the scenario) came from packages the time limit left unproven."""
    stopped = [o for o in (packages.stopped if packages is not None else []) if o not in shown]
    if stopped:
        names = ", ".join("the Aid sheet's strength" if o is None else repr(o) for o in stopped)
        _err(f"warning: {_stopped_words(len(stopped))}: the strengths from the allocation under {names} are of "
             "packages not proven optimal")


def _stopped_words(count: int) -> str:
    from decision.clock import current

    clock = current()
    limit = f" of {clock.limit:g} s" if clock is not None else ""
    solves = "a solve" if count == 1 else f"{count} solves"
    return f"the time limit{limit} on solving stopped {solves} (raise it with --time-limit or Settings time_limit)"


def _allocate_arguments(frontier, sweep, points, scenario, budget) -> list[str]:
    """The problems with how allocate's flags combine (their values are the options' to check)."""
    problems = []
    if frontier is not None and frontier not in ("risk", "budget"):
        problems.append(f"--frontier: expected risk or budget, found '{frontier}'")
    if sweep is not None and sweep != "budget":
        problems.append(f"--sweep: expected budget, found '{sweep}'")
    if frontier and sweep:
        problems.append("--frontier and --sweep: choose one")
    if sweep and scenario is not None:
        problems.append("--scenario: not with --sweep (the sweep optimizes every scenario for itself)")
    if sweep and budget is not None:
        problems.append("--budget: not with --sweep (the sweep varies the budget)")
    if points is not None and not (frontier or sweep):
        problems.append("--points: only with --frontier or --sweep")
    elif points is not None and points < (2 if sweep else 1):
        problems.append(f"--points: expected a whole number >= {2 if sweep else 1}, found {points}")
    elif points is not None and points > MAX_POINTS:
        problems.append(f"--points: at most {MAX_POINTS:,} (found {points:,})")
    return problems


def _print_frontier(study, result) -> None:
    from rich.table import Table

    from decision.report.words import num

    tables = result.tables()
    table = Table(title=f"{study.name}: strength against {result.axis} ({len(result.points)} non-dominated points)")
    for column in ("budget", "risk", "strength", *result.categories):
        table.add_column(column, justify="right")
    columns = ["budget", "risk", "strength", *(f"units: {c}" for c in result.categories)]
    for budget, risk, strength, *units in tables["points"].rows(columns):
        table.add_row(f"{budget:.4g}", f"{risk:.4g}", f"{strength:.4g}", *(f"{u:g}" for u in units))
    _console().print(table)
    if result.greedy is not None:
        beats = [budget for budget, beats in tables["comparison"].rows(["budget", "exact beats greedy"]) if beats]
        runs = result.greedy.tables()["runs"].rows(["bought"])
        order = ", ".join(", ".join(f"{num(n)} {c}" for c, n in bought.items()) for bought, in runs)
        typer.echo(f"greedy order of buy (strength per unit of money): {order or 'nothing adds strength'}")
        typer.echo("the exact frontier beats the greedy order at the budgets " + ", ".join(f"{b:.4g}" for b in beats)
                   if beats else "the greedy order is as good as the exact frontier at every budget of the grid")


def _print_sweep(study, result) -> None:
    tables, names = result.tables(), result.scenarios
    for budget, top, *strengths in tables["points"].rows(["budget", "top", *(f"strength: {s}" for s in names)]):
        typer.echo(f"  budget {budget:>10.4g}: {top} ranks first  ("
                   + "; ".join(f"{k} strength {v:.4g}" for k, v in zip(names, strengths)) + ")")
    changes = tables["changes"].rows(["at", "below", "to", "from"])
    if not changes:
        typer.echo(f"{study.name}: the top-ranked scenario does not change over the budgets swept")
    for at, below, to, former in changes:
        typer.echo(f"{study.name}: from a budget of {at:.6g} (above {below:.6g}), {to} ranks first "
                   f"instead of {former}")


@app.command()
def report(
    workbook: Optional[Path] = WORKBOOK,
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Report path (default: reports/<workbook>_report.xlsx)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file other than the default report and brief."),
    no_brief: bool = typer.Option(False, "--no-brief", help="Write the Excel report only, not the PDF brief beside it."),
):
    """Write the full analysis as one Excel report, and beside it the two-page PDF brief."""
    from decision.brief import brief_beside, default_brief_path, write_brief
    from decision.pipeline import compute
    from decision.report import default_report_path, write_outcomes
    from decision.xlsx_out import check_target

    study = _load(workbook)
    options = _options(study)
    path = _target(study, output, default_report_path(study), force)
    brief = None if no_brief else brief_beside(path)
    if brief is not None:  # both refused before anything is computed or written
        check_target(brief, force=force, protected=(Path(study.source),), may_replace=default_brief_path(study))
    data = compute(study, options)  # once, for both
    for line in write_outcomes(data, path):
        _err(f"warning: {line}")
    _err(f"wrote {path}")
    if brief is not None:
        for line in write_brief(data, brief):
            _err(f"warning: {line}")
        _err(f"wrote {brief}")


def _target(study, output: Optional[Path], default: Path, force: bool) -> Path:
    """Where a command writes: `output`, else `default` (its folder made); refused (exit 2) onto the
    input workbook, or onto an existing file without --force unless it is the default."""
    from decision.xlsx_out import check_target, make_folder_for

    path = output or default
    if output is None:
        make_folder_for(default)
    check_target(path, force=force, protected=(Path(study.source),), may_replace=default)
    return path


@app.command("brief")
def brief_command(
    workbook: Optional[Path] = WORKBOOK,
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Brief path (default: reports/<workbook>_brief.pdf)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file other than the default brief."),
):
    """Write the two-page PDF brief: the answer, how sure, the weights, the aid package, four charts."""
    from decision.brief import default_brief_path, write_brief
    from decision.pipeline import compute

    study = _load(workbook)
    options = _options(study)
    path = _target(study, output, default_brief_path(study), force)
    data = compute(study, options)
    for line in [*data.warnings, *write_brief(data, path)]:
        _err(f"warning: {line}")
    _err(f"wrote {path}")


@app.command()
def robustness(
    workbook: Optional[Path] = WORKBOOK,
    method: Optional[str] = typer.Option(None, "--method", help="Ranking method: mavt, saw, wsm, topsis, vikor or promethee2 (default: Settings 'method', else mavt)."),
    samples: Optional[int] = typer.Option(None, "--samples", help="Samples (default: Settings 'samples', else 10000)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (default: Settings 'seed', else 0)."),
    weight_info: str = typer.Option("none", "--weight-info", help="none (uniform weights), ordinal (Criteria rank) or intervals (Criteria weight_low/weight_high)."),
    scores: str = typer.Option("uniform", "--scores", help="How uncertain scores are drawn between ScoresLow and ScoresHigh: uniform, or triangular with its mode at Scores."),
    meta_weights: str = typer.Option("centroid", "--meta-weights", help="Meta-weights of the holistic acceptability: centroid (rank-order centroid), linear or inverse."),
    param: List[str] = typer.Option([], "--param", help="Method parameter key=value, e.g. v=0.3 for vikor."),
    engine: str = typer.Option("local", "--engine", help="local, or dask (with --scheduler)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786."),
    connect_timeout: Optional[float] = typer.Option(None, "--connect-timeout", help="Seconds to connect to the Dask scheduler, handshake included (default 10, at most 600)."),
    as_json: bool = JSON,
):
    """How robust the ranking is: weight and score thresholds, and SMAA-2 acceptability."""
    from decision.pipeline.completion import complete
    from decision.robustness import engine as make_engine, robustness as analyse
    from decision.robustness.analysis import check_choices

    if samples is not None and samples > MAX_SAMPLES:  # before reading the workbook: the bound needs none
        raise InputError(f"--samples: at most {MAX_SAMPLES:,} (found {samples:,})")
    study = _load(workbook)
    options = _options(study, method=method, samples=samples, seed=seed)
    check_choices(options.method, weight_info=weight_info, distribution=scores, meta=meta_weights,
                  parameters=_parameters(param))  # before any solve or connection
    runner = make_engine(engine, scheduler, connect_timeout)
    try:
        with _progress_bar() as progress:
            packages = _packages(study, options)
            result = analyse(complete(study, packages), options.method, samples=options.samples, seed=options.seed,
                             weight_info=weight_info,
                             parameters=_parameters(param), distribution=scores, meta=meta_weights, engine=runner,
                             progress=progress)
    finally:
        runner.close()
    for note in result.notes:
        _err(f"warning: {note}")
    _warn_stopped(packages)
    if as_json:
        _emit_json(result.to_dict())
        return
    _print_robustness(study, result)


class _progress_bar:
    """A rich progress bar on stderr, one line per stage; silent when stderr is not a terminal."""

    def __enter__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True)
        self.bar = Progress(TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=console, transient=True, disable=not console.is_terminal)
        self.tasks = {}
        self.bar.start()
        return self.update

    def update(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)

    def __exit__(self, *exc):
        self.bar.stop()
        return False


def _print_robustness(study, result) -> None:
    from rich.table import Table

    s, tables = result.smaa, result.tables()
    console = _console()
    names = list(s.alternatives)
    drawn = f", {s.score_distribution} scores" if s.score_distribution else ""
    table = Table(title=f"{study.name}: SMAA-2 with {s.method}, {s.samples:,} samples, seed {s.seed}, "
                        f"weight information: {s.weight_info}{drawn}; holistic by {s.meta} "
                        "meta-weights")
    table.add_column("alternative")
    for r in range(len(names)):
        table.add_column(f"rank {r + 1}", justify="right")
    for column in ("holistic", "confidence"):
        table.add_column(column, justify="right")
    acceptability = tables["acceptability"]
    for name, (*shares, holistic, confidence) in zip(acceptability.frame.index, acceptability.rows()):
        table.add_row(name, *(f"{100 * b:.1f}%" for b in shares), f"{holistic:.3f}",
                      "n/a" if confidence != confidence else f"{100 * confidence:.1f}%")
    console.print(table)
    console.print(f"Monte Carlo standard error of the acceptabilities: at most {100 * s.acceptability_error:.2f} "
                  "percentage points.")
    if result.thresholds is None:
        return
    top = names[result.top]
    table = Table(title=f"Weights at which '{top}' stops ranking first (the others keep their proportions)")
    for column in ("criterion", "weight", "lowest", "highest", "new top"):
        table.add_column(column, justify="left" if column in ("criterion", "new top") else "right")
    weights = tables["weight_thresholds"]
    for criterion, (weight, lowered, raised, new_top) in zip(
            weights.frame.index, weights.rows(["weight", "lowered to", "raised to", "new top"])):
        table.add_row(criterion, f"{weight:.3f}", "none" if lowered != lowered else f"{lowered:.3f}",
                      "none" if raised != raised else f"{raised:.3f}", "-" if new_top is None else new_top)
    console.print(table)
    m = result.min_change
    if m.distance is not None:
        console.print(f"Smallest total change of weights (L1) that makes '{names[m.new_top]}' tie with '{top}': "
                      f"{m.distance:.3f}")
    elif m.reason:
        console.print(f"Smallest total change of weights: not computed ({m.reason}).")
    else:
        console.print(f"No weights change the top: '{top}' ranks first whatever the weights.")
    near = tables["nearest_scores"].rows(["alternative", "criterion", "score", "flip score", "new top"])
    if near:
        table = Table(title="Scores nearest to changing the top (each moved alone)")
        for column in ("alternative", "criterion", "score", "flip score", "new top"):
            table.add_column(column, justify="right" if "score" in column else "left")
        for alternative, criterion, score, flip, new_top in near[:10]:
            table.add_row(alternative, criterion, f"{score:g}", f"{flip:.4g}", new_top)
        console.print(table)


def _fail(lines: list[str], code: int, as_json: bool, doc: dict) -> int:
    for line in lines:
        _err(line)
    if as_json:
        _emit_json(doc)
    return code


def _relaxation_words(exc: NoSolution) -> list[str]:
    """What would make an infeasible plan feasible, as a sentence for stderr (the JSON has the figures)."""
    if not exc.relaxations:
        return []
    from decision.report.words import relaxations

    text = relaxations(exc.relaxations)
    return [text] if text else []


class _Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C (writes under way remove their temporary files)."""


@contextlib.contextmanager
def _terminate_cleanly():
    """SIGTERM (a `kill`, a CI timeout, a closed session) raised as _Terminated, so that writes
    under way remove their temporary files as they do on Ctrl-C. Python runs the handler between
    bytecodes, so a solve inside HiGHS finishes first; SIGKILL cannot be caught. Not installed off
    the main thread, nor over a SIGTERM the caller chose to ignore."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_IGN:
        yield
        return

    def terminate(signum, frame):
        raise _Terminated()

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def main(argv: list[str] | None = None) -> int:
    """Run the command; map failures to exit codes (2 bad input, 3 no solution, 1 bug)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    as_json = "--json" in args
    command = typer.main.get_command(app)
    with option_names(_flag):
        code = _run(command, args, as_json, debug)
    sys.stdout.flush()
    return code


def _run(command, args: list[str], as_json: bool, debug: bool) -> int:
    """The command's exit code, its failures printed (with each option named by its flag)."""
    global _LIMITS, _TIME_LIMIT
    try:
        with _terminate_cleanly(), solving_time(None):
            result = command.main(args=args, prog_name="decision", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except InputError as exc:
        code = _fail(exc.lines, 2, as_json, {"status": "invalid", "errors": exc.lines})
    except NoSolution as exc:
        code = _fail(exc.reasons + _relaxation_words(exc), 3, as_json, exc.to_dict())
    except typer_exceptions.Exit as exc:
        code = exc.exit_code
    except typer_exceptions.TyperException as exc:  # bad arguments: the same path as bad workbooks
        if type(exc).__name__ == "NoArgsIsHelpError" and getattr(exc, "ctx", None) is not None:
            sys.stdout.write(exc.ctx.get_help() + "\n")
            return 0
        line = f"arguments: {exc.format_message()}"
        code = _fail([line], 2, as_json, {"status": "invalid", "errors": [line]})
    except typer_exceptions.Abort:
        code = _fail(["interrupted"], 1, False, {})
    except _Terminated:
        code = _fail(["terminated"], 143, False, {})
    except Exception as exc:  # a bug: never reported as bad input
        _err(f"decision: internal error (a bug, please report it): {type(exc).__name__}: {exc}")
        if debug:
            traceback.print_exc()
        else:
            _err("run again with --debug for the traceback")
        code = 1
    finally:
        _LIMITS = _TIME_LIMIT = None  # the limits were for this command only
        _FLAG_OVERRIDES.clear()
    return code
