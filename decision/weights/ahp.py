"""AHP weights from the Pairwise sheet (Saaty 1977, 1980).

Priorities (`--param priority=...`):

- `eigenvector` (default; Saaty 1980): the principal right eigenvector of the judgement matrix A,
  normalized to sum 1;
- `geometric`: the normalized geometric means of the rows (Crawford & Williams 1985, the
  logarithmic least squares solution).

Consistency (Saaty 1980): lambda_max is the principal (Perron) eigenvalue of A, whichever
priority is chosen; CI = (lambda_max - n) / (n - 1); CR = CI / RI with the random index RI of
Saaty 1980 for n = 1..10 (0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49). For n > 10 the
index is Alonso & Lamata 2006 ("Consistency in the analytic hierarchy process: a new approach",
Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems 14(4) 445-459): their simulated values
for n = 11..15 (1.5140, 1.5365, 1.5551, 1.5713, 1.5838) and beyond 15 their regression of the mean
random lambda_max, 2.7699 n - 4.3513, i.e. RI = (1.7699 n - 4.3513) / (n - 1). The table used is
named in `random_index_table`. A matrix of order 1 or 2 is always consistent (RI = 0, CR = 0).
CR > 0.10 is flagged `inconsistent` (Saaty's 10% rule).

With `geometric` priorities the document also gives the geometric consistency index, the
consistency measure that belongs to the row geometric mean (Crawford & Williams 1985; Aguaron &
Moreno-Jimenez 2003, "The geometric consistency index: approximated thresholds", EJOR 147(1)
137-145): GCI = 2 / ((n - 1)(n - 2)) sum_{i<j} ln^2(a_ij w_j / w_i), each pair once. Its
thresholds, 0.31 for n = 3, 0.35 for n = 4 and 0.37 for n > 4, are those its authors give as the
counterpart of CR = 0.10 (Escobar, Aguaron & Moreno-Jimenez 2015, Decision Support Systems 74,
section 2). A matrix of order 1 or 2 has GCI 0 and no threshold.

`revisit` lists every judgement (row < column, each pair once) from the least to the most
consistent with the derived weights: ordered by |ln(a_ij w_j / w_i)| descending, with the
judgement as read and the ratio w_i / w_j the weights imply.

The workbook accepts judgements reciprocal to within 1% (0.11 stands for 1/9). Before any
computation the matrix is made exactly reciprocal by a_ij <- sqrt(a_ij / a_ji), the reciprocal
matrix closest to it in log terms (it leaves an exactly reciprocal matrix unchanged); this keeps
lambda_max >= n, as Saaty's consistency index assumes. Rounding that leaves lambda_max a hair
below n is reported as CI = 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from decision.errors import InputError, bad_option, option
from decision.model import Study
from decision.weights.rank_based import reject_unknown
from decision.tables import Table, frame_table
from decision.weights.result import Weights

PRIORITIES = ("eigenvector", "geometric")
INCONSISTENT_ABOVE = 0.10
GCI_THRESHOLDS = {3: 0.31, 4: 0.35}  # Aguaron & Moreno-Jimenez 2003
GCI_THRESHOLD_ABOVE_4 = 0.37

SAATY_1980 = "Saaty 1980"
RANDOM_INDEX_SAATY_1980 = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)  # n = 1..10
ALONSO_LAMATA_2006 = "Alonso & Lamata 2006"
RANDOM_INDEX_ALONSO_LAMATA_2006 = {11: 1.5140, 12: 1.5365, 13: 1.5551, 14: 1.5713, 15: 1.5838}


def random_index(n: int) -> tuple[float, str]:
    """(RI, name of the table it comes from) for a matrix of order n."""
    if n < 1:
        raise ValueError("a judgement matrix has at least one row")
    if n <= len(RANDOM_INDEX_SAATY_1980):
        return RANDOM_INDEX_SAATY_1980[n - 1], SAATY_1980
    if n in RANDOM_INDEX_ALONSO_LAMATA_2006:
        return RANDOM_INDEX_ALONSO_LAMATA_2006[n], ALONSO_LAMATA_2006
    return (1.7699 * n - 4.3513) / (n - 1), ALONSO_LAMATA_2006


def reciprocal(matrix) -> np.ndarray:
    """The exactly reciprocal matrix closest (in logs) to a nearly reciprocal positive one."""
    a = np.asarray(matrix, dtype=float)
    return np.sqrt(a / a.T)


def perron(matrix) -> tuple[float, np.ndarray]:
    """(principal eigenvalue, principal right eigenvector normalized to sum 1) of a positive matrix."""
    a = np.asarray(matrix, dtype=float)
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    vector = vectors[:, k].real
    return float(values[k].real), vector / vector.sum()


def ahp_priorities(matrix, method: str = "eigenvector") -> np.ndarray:
    """Priorities (sum 1) of a positive reciprocal judgement matrix by `method`."""
    a = np.asarray(matrix, dtype=float)
    if method == "eigenvector":
        return perron(a)[1]
    if method == "geometric":
        means = np.exp(np.log(a).mean(axis=1))
        return means / means.sum()
    raise ValueError(f"unknown priority method {method!r} (known: {', '.join(PRIORITIES)})")


def ahp_consistency(matrix) -> dict:
    """lambda_max, CI, CR, the random index table and the 10% flag of a reciprocal matrix."""
    a = np.asarray(matrix, dtype=float)
    n = a.shape[0]
    lambda_max = perron(a)[0] if n > 1 else 1.0
    ci = max(0.0, (lambda_max - n) / (n - 1)) if n > 1 else 0.0
    ri, table = random_index(n)
    cr = ci / ri if ri > 0 else 0.0
    return {
        "lambda_max": lambda_max,
        "consistency_index": ci,
        "consistency_ratio": cr,
        "random_index_table": table,
        "inconsistent": bool(cr > INCONSISTENT_ABOVE),
    }


def geometric_consistency(matrix, weights) -> dict:
    """The geometric consistency index of a reciprocal matrix for `weights`, its threshold and flag."""
    a = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    n = a.shape[0]
    if n <= 2:
        return {"geometric_consistency_index": 0.0, "geometric_consistency_threshold": None,
                "geometric_inconsistent": False}
    errors = np.log(a) - np.log(w)[:, None] + np.log(w)[None, :]
    gci = float(np.sum(np.triu(errors, 1) ** 2) * 2.0 / ((n - 1) * (n - 2)))
    threshold = GCI_THRESHOLDS.get(n, GCI_THRESHOLD_ABOVE_4)
    return {"geometric_consistency_index": gci, "geometric_consistency_threshold": threshold,
            "geometric_inconsistent": bool(gci > threshold)}


def ahp_revisit(matrix, weights) -> list[tuple[int, int, float]]:
    """(i, j, |ln(a_ij w_j / w_i)|) for every pair i < j, the largest discrepancy first."""
    a = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    n = a.shape[0]
    pairs = [(i, j, float(abs(np.log(a[i, j] * w[j] / w[i])))) for i in range(n) for j in range(i + 1, n)]
    return sorted(pairs, key=lambda p: -p[2])  # stable: equal discrepancies stay in matrix order


def judgement_text(x: float) -> str:
    """A judgement as Saaty's scale writes it: 3, 1/3, 2.5."""
    if 0 < x < 1 and abs(1 / x - round(1 / x)) < 1e-9 * (1 / x):
        return f"1/{round(1 / x)}"
    return f"{x:g}"


def _clean(x: float) -> float:
    """A judgement as people typed it: 3 rather than 3.0000000000000004."""
    return float(f"{x:.12g}")


def off_by(judgement: float, implied: float) -> float:
    """exp|ln(a_ij / (w_i / w_j))|: the factor between a judgement and the ratio the weights imply."""
    return math.exp(abs(math.log(judgement / implied)))


CONSISTENCY = ("lambda_max", "consistency_index", "random_index", "consistency_ratio")
GEOMETRIC = ("geometric_consistency_index", "geometric_consistency_threshold")


@dataclass(frozen=True)
class AhpWeights(Weights):
    """AHP weights, whose tables add the consistency figures and the judgements to revisit."""

    def tables(self) -> dict[str, Table]:
        """`weights`; `consistency`: lambda_max, CI, the random index RI of the table named in
        `details`, CR (and with geometric priorities GCI and its threshold, NaN for two criteria);
        `revisit`: each judgement, the ratio the weights imply and the factor between them, the
        furthest first."""
        d = self.details
        figures = {**d, "random_index": random_index(len(self.criteria))[0]}
        names = CONSISTENCY + (GEOMETRIC if "geometric_consistency_index" in d else ())
        values = [np.nan if figures[k] is None else float(figures[k]) for k in names]
        revisit = d["revisit"]
        return {
            **super().tables(),
            "consistency": frame_table(f"Consistency of the judgements (Saaty 1980; priorities by {d['priority']}; "
                                       f"random index from {d['random_index_table']})", {"value": values}, names),
            "revisit": frame_table(
                "Judgements to revisit, the furthest from the weights first: the judgement, the ratio the weights "
                "imply (w_row / w_column) and the factor between them",
                {"row": [r["row"] for r in revisit], "column": [r["column"] for r in revisit],
                 "judgement": [r["judgement"] for r in revisit], "implied": [r["implied"] for r in revisit],
                 "off by": [off_by(r["judgement"], r["implied"]) for r in revisit]}),
        }


def ahp(study: Study, priority: str = "eigenvector", **parameters):
    """AHP weights of the study's Pairwise sheet, with Saaty's consistency figures."""

    reject_unknown("ahp", parameters, known=("priority",))
    method = str(priority).strip().lower()
    if method not in PRIORITIES:
        raise InputError(bad_option("parameters", f"expected {' or '.join(PRIORITIES)}, found {priority!r}", key="priority"))
    if study.pairwise is None:
        raise InputError(study.problem(f"missing sheet (needed by {option('weighting')} ahp)", sheet="Pairwise"))
    read = np.asarray(study.pairwise, dtype=float)
    n = len(study.criteria)
    if read.shape != (n, n) or not np.all(np.isfinite(read)) or not np.all(read > 0):
        raise InputError(study.problem(f"expected a {n} x {n} matrix of positive judgements, one row and column per "
                                       "criterion", sheet="Pairwise"))
    a = reciprocal(read)
    w = ahp_priorities(a, method)
    names = study.criterion_names
    details = {"priority": method, **ahp_consistency(a)}
    if method == "geometric":
        details.update(geometric_consistency(a, w))
    details["revisit"] = [
        {"row": names[i], "column": names[j], "judgement": _clean(read[i, j]), "implied": float(w[i] / w[j])}
        for i, j, _ in ahp_revisit(a, w)
    ]
    return AhpWeights("ahp", tuple(names), w, details)
