"""Classing map values into a few colours: quantiles, equal intervals or natural breaks.

A classed map reads faster than a continuous one ("which provinces are in the lowest fifth?"),
and its legend states every class's bounds in the language's number format.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass
from typing import Final

import mapclassify
import numpy as np
import numpy.typing as npt

from dashboard.i18n import format_number
from dashboard.state import SCHEMES, Scheme

DEFAULT_CLASSES: Final = 5


@dataclass(frozen=True)
class Classification:
    """Upper bounds of each class and the class of every value (-1 where the value is missing)."""

    lower: float
    bounds: tuple[float, ...]
    classes: tuple[int, ...]

    @property
    def k(self) -> int:
        return len(self.bounds)

    def labels(self, lang: str, decimals: int = 0) -> list[str]:
        """Legend text per class, e.g. "0 – 120", "120 – 250" (numbers in the language's format)."""
        edges = (self.lower, *self.bounds)
        labels = []
        for lo, hi in itertools.pairwise(edges):
            low, high = format_number(lo, lang, decimals), format_number(hi, lang, decimals)
            # A class of one value (every unit at 0, say) reads "0", not "0 – 0".
            labels.append(low if low == high else f"{low} – {high}")
        return labels


def classify(
    values: npt.ArrayLike, *, scheme: Scheme = "quantiles", k: int = DEFAULT_CLASSES
) -> Classification:
    """Class ``values`` (NaN allowed: class -1) with ``scheme`` into at most ``k`` classes.

    Fewer distinct values than ``k`` give fewer classes rather than empty or repeated ones.
    """
    array = np.asarray(values, dtype="float64")
    present = array[~np.isnan(array)]
    classes = np.full(array.shape, -1, dtype="int64")
    if present.size == 0:
        return Classification(lower=0.0, bounds=(), classes=tuple(classes.tolist()))
    k = max(1, min(k, np.unique(present).size))
    bounds = np.array([present.max()]) if k == 1 else _bins(present, scheme, k)
    if scheme == "quantiles":
        # Tied values can leave a quantile class empty; a legend entry nobody falls into
        # would only mislead. (Equal intervals keep theirs: their scale is linear.)
        used = np.unique(np.searchsorted(bounds, present, side="left"))
        bounds = bounds[used]
    # Classes by upper bound, as mapclassify does: a value equal to a bound belongs below it.
    classes[~np.isnan(array)] = np.searchsorted(bounds, present, side="left")
    return Classification(
        lower=float(present.min()),
        bounds=tuple(float(b) for b in bounds),
        classes=tuple(int(c) for c in classes),
    )


def _bins(present: np.ndarray, scheme: Scheme, k: int) -> np.ndarray:
    with warnings.catch_warnings():
        # Two harmless notices: Fisher-Jenks runs in pure Python without numba (fast enough
        # for 705 districts), and tied quantiles merge classes, which we handle below.
        warnings.filterwarnings("ignore", message="Numba not installed", category=UserWarning)
        warnings.filterwarnings("ignore", message="Not enough unique values", category=UserWarning)
        classifier = _classifier(present, scheme, k)
    # Quantiles of tied values can repeat a bound; a repeated bound would be an empty class.
    return np.unique(np.asarray(classifier.bins, dtype="float64"))


def _classifier(
    present: np.ndarray, scheme: Scheme, k: int
) -> mapclassify.classifiers.MapClassifier:
    if scheme == "quantiles":
        classifier = mapclassify.Quantiles(present, k=k)
    elif scheme == "equal_interval":
        classifier = mapclassify.EqualInterval(present, k=k)
    elif scheme == "natural_breaks":
        # Fisher-Jenks is exact and deterministic (NaturalBreaks samples at random).
        classifier = mapclassify.FisherJenks(present, k=k)
    else:
        raise ValueError(f"unknown classification scheme {scheme!r}; expected one of {SCHEMES}")
    return classifier
