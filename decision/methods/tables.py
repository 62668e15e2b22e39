"""A method's working: the named intermediate tables it computes on the way to its score.

Each method's `evaluate` (never its batched function: sampling builds no tables) puts them in
`extra["tables"]` as {name: Table}, in the order the method computes them. A Table is a caption
(what the figures are, in the method's own notation) and a pandas DataFrame: alternatives down
the rows where the figure is per alternative, criteria across the columns where it is per
criterion. `to_dict` is the JSON form (pandas' split orientation with the caption, no NaN).

pandas is imported when a table is built (about 1 s): importing a method module stays light.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # only for the annotation; pandas is imported when a table is built
    import pandas


@dataclass(frozen=True, eq=False)
class Table:
    caption: str
    frame: "pandas.DataFrame"

    def to_dict(self) -> dict:
        """{"caption", "index", "columns", "data"}: pandas' `split` orientation with the caption; a
        number that is not finite (an undefined ratio, say) is None, as JSON has no NaN."""
        return {"caption": self.caption, "index": [_cell(i) for i in self.frame.index.tolist()],
                "columns": [_cell(c) for c in self.frame.columns.tolist()],
                "data": [[_cell(v) for v in row] for row in self.frame.to_numpy().tolist()]}


def _cell(value: Any):
    """A plain Python value for JSON: numpy scalars unwrapped, NaN and infinities as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


ALTERNATIVE = "alternative"  # the index name of a table whose rows are the alternatives


def table(caption: str, values, index, columns) -> Table:
    """A Table of `values` (len(index), len(columns)), as floats."""
    import pandas as pd  # lazily: only a method's evaluate path builds tables

    data = np.asarray(values, dtype=float).reshape(len(index), len(columns))
    return Table(caption, pd.DataFrame(data, index=list(index), columns=list(columns)))


def _by_alternative(t: Table) -> Table:
    t.frame.index.name = ALTERNATIVE  # what the rows are, for a presenter (not in the JSON)
    return t


def matrix(caption: str, values, alternatives, criteria) -> Table:
    """One figure per alternative (row) and criterion (column)."""
    return _by_alternative(table(caption, values, alternatives, criteria))


def per_alternative(caption: str, name: str, values, alternatives) -> Table:
    """One figure per alternative: a column named `name`, the alternatives down the rows."""
    return _by_alternative(table(caption, np.asarray(values, dtype=float).reshape(-1, 1), alternatives, [name]))


def per_criterion(caption: str, name: str, values, criteria) -> Table:
    """One figure per criterion: a row named `name`, the criteria across the columns."""
    return table(caption, np.asarray(values, dtype=float).reshape(1, -1), [name], criteria)
