import math

import pytest

from dashboard.figures.classify import SCHEMES, classify


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_value_gets_a_class_and_missing_values_none(scheme):
    values = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, math.nan]
    result = classify(values, scheme=scheme, k=5)
    assert result.k == 5
    assert result.classes[-1] == -1
    assert all(0 <= c < result.k for c in result.classes[:-1])
    # Classes are monotone in the value.
    assert list(result.classes[:-1]) == sorted(result.classes[:-1])
    assert result.bounds[-1] == 55


def test_equal_intervals_split_the_range_evenly():
    result = classify([0, 10, 20, 30, 40, 50], scheme="equal_interval", k=5)
    assert result.bounds == pytest.approx((10, 20, 30, 40, 50))
    assert result.classes == (0, 0, 1, 2, 3, 4)


def test_natural_breaks_find_obvious_groups():
    result = classify([1, 2, 3, 100, 101, 102, 1000, 1001], scheme="natural_breaks", k=3)
    assert result.bounds == (3, 102, 1001)
    assert result.classes == (0, 0, 0, 1, 1, 1, 2, 2)


def test_quantiles_with_ties_do_not_make_empty_classes():
    result = classify([0, 0, 0, 0, 0, 0, 0, 1, 2, 3], scheme="quantiles", k=5)
    assert len(set(result.bounds)) == result.k
    assert set(result.classes) == set(range(result.k))


def test_fewer_distinct_values_than_classes():
    result = classify([7, 7, 7], k=5)
    assert result.k == 1 and result.classes == (0, 0, 0)


def test_all_missing():
    result = classify([math.nan, math.nan])
    assert result.k == 0 and result.classes == (-1, -1)


def test_labels_follow_the_language():
    result = classify([0, 1500, 3000], scheme="equal_interval", k=2)
    assert result.labels("vi") == ["0 – 1.500", "1.500 – 3.000"]
    assert result.labels("en") == ["0 – 1,500", "1,500 – 3,000"]
    assert classify([0.5, 2.25], scheme="equal_interval", k=2).labels("vi", 1) == [
        "0,5 – 1,4",
        "1,4 – 2,2",
    ]


def test_unknown_scheme_is_refused():
    with pytest.raises(ValueError, match="unknown classification scheme"):
        classify([1, 2, 3, 4], scheme="jenks", k=2)  # type: ignore[arg-type]


def test_a_class_of_one_value_is_labelled_with_that_value():
    assert classify([0.0, 0.0, 0.0]).labels("vi") == ["0"]
