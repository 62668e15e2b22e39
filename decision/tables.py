"""Named tables: how every result presents its figures, so that no presenter computes one.

A Table is a caption (what the figures are) and a pandas DataFrame. Each result type has
`tables() -> {name: Table}`; the terminal, the report and notebooks lay those figures out, and
JSON stays each result's `to_dict()`. A ranking method's working (its intermediate tables,
`extra["tables"]`, built by its `evaluate`, never by its batched function) is made of them too:
alternatives down the rows where the figure is per alternative, criteria across the columns where
it is per criterion. `to_dict` is the JSON form (pandas' split orientation with the caption, no NaN).

pandas is imported when a table is built (about 1 s): importing a method or a result stays light.
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
                "data": [[_cell(v) for v in row] for row in self.rows()]}

    def rows(self, columns=None) -> list[list]:
        """The rows (of `columns`, default all) as plain Python values, read column by column so
        that a whole-number column stays whole beside a column of floats."""
        frame = self.frame if columns is None else self.frame[list(columns)]
        values = [frame.iloc[:, k].tolist() for k in range(frame.shape[1])]
        return [list(row) for row in zip(*values)] if values else [[] for _ in range(len(frame))]


def _cell(value: Any):
    """A plain Python value for JSON: numpy scalars unwrapped, NaN and infinities as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


ALTERNATIVE = "alternative"  # the index name of a table whose rows are the alternatives
CRITERION = "criterion"  # ... whose rows are the criteria


def frame_table(caption: str, columns: dict, index=None, index_name: str | None = None) -> Table:
    """A Table of named columns (each a list, one value a row), with dtypes as pandas infers them,
    except the columns made by `objects`, kept as given."""
    import pandas as pd  # lazily: a table is built when a presenter asks for it

    frame = pd.DataFrame(columns, index=None if index is None else list(index))
    for name, values in columns.items():
        if isinstance(values, np.ndarray) and values.dtype == object:  # pandas would infer a dtype for them
            frame[name] = pd.Series(list(values), index=frame.index, dtype=object)
    if index_name is not None:
        frame.index.name = index_name
    return Table(caption, frame)


def objects(values) -> np.ndarray:
    """A column for `frame_table` kept exactly as given: whole numbers stay int beside fractional
    ones, a missing name stays None (pandas would make them floats, or NaN)."""
    column = np.empty(len(values), dtype=object)
    column[:] = list(values)
    return column


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
