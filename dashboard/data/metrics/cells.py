"""Enrollment counts of each import, held by a snapshot so that the next one reads only what
changed.

The counts of an import never change while it is counted (``dashboard.data.counts`` writes
them in its transaction and deletes them with it), so a worker keeps them per import:
after an import it reads that import's cells only, after an undo it drops the undone
import's, and rebuilds the arrays from what it holds (numpy, milliseconds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.engine import Connection

from dashboard.data import queries
from dashboard.data.metrics.geo import geo
from dashboard.domain import CHANNELS, PRODUCTS

_EPOCH = np.datetime64("1970-01-01", "D")

# An import as a snapshot knows it: its id and when it was made, so that a database
# replaced by another (whose ids start again) is never mistaken for the one read before.
ImportKey = tuple[int, dt.datetime]


@dataclass(frozen=True)
class Cells:
    """Enrollment counts as positions in the reference lists (-1: not in the list).

    Attributes:
        day: days since 1970-01-01; district: in ``geo().district_codes``; product: in
        ``PRODUCTS``; channel: in ``CHANNELS`` (int64 each); n: enrollments (int64).
    """

    day: np.ndarray
    district: np.ndarray
    product: np.ndarray
    channel: np.ndarray
    n: np.ndarray

    @classmethod
    def of(cls, cube: pd.DataFrame) -> Cells:
        """Encode a frame with the columns of ``queries.enrollment_cube``."""
        day = np.asarray(cube["registered_on"].to_numpy(), dtype="datetime64[D]") - _EPOCH
        return cls(
            day=day.astype("int64"),
            district=_positions(cube["district_code"], geo().district_codes),
            product=_positions(cube["product"], np.asarray(PRODUCTS, dtype=object)),
            channel=_positions(cube["channel"], np.asarray(CHANNELS, dtype=object)),
            n=cube["n"].to_numpy(dtype="int64"),
        )

    @classmethod
    def joined(cls, parts: Iterable[Cells]) -> Cells:
        chosen = list(parts)
        if not chosen:
            empty = np.array([], dtype="int64")
            return cls(empty, empty, empty, empty, empty)
        return cls(
            *(
                np.concatenate([getattr(part, name) for part in chosen])
                for name in ("day", "district", "product", "channel", "n")
            )
        )

    def select(self, where: np.ndarray) -> Cells:
        return Cells(self.day[where], self.district[where], self.product[where],
                     self.channel[where], self.n[where])  # fmt: skip


def cells_per_import(
    con: Connection, held: Mapping[ImportKey, Cells] | None = None
) -> dict[ImportKey, Cells]:
    """The cells of every enrollment import not undone: those in ``held`` kept, the others
    read (one query for all of them)."""
    live = queries.live_enrollment_imports(con)
    kept = {key: cells for key, cells in (held or {}).items() if key in live}
    missing = [key for key in live if key not in kept]
    if missing:
        kept.update(_read(con, missing))
    return kept


def _read(con: Connection, keys: Collection[ImportKey]) -> dict[ImportKey, Cells]:
    frame = queries.enrollment_cells(con, [import_id for import_id, _ in keys])
    cells = Cells.of(frame)
    import_ids = frame["import_id"].to_numpy()
    return {key: cells.select(import_ids == key[0]) for key in keys}


def _positions(column: pd.Series, labels: np.ndarray) -> np.ndarray:
    """Index of each value of ``column`` in ``labels`` (-1 when absent), via its categories."""
    categorical = pd.Categorical(column)
    lookup = pd.Index(labels).get_indexer(categorical.categories)
    return np.append(lookup, -1)[categorical.codes].astype("int64")
