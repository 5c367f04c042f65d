import pytest

from dashboard import domain
from dashboard.i18n import t
from geodata import reference


def test_every_metric_has_a_spec_a_name_and_a_unit_in_both_languages():
    assert set(domain.METRIC_SPECS) == set(domain.METRICS)
    for spec in [*domain.METRIC_SPECS.values(), domain.COVERAGE_PER_1000]:
        for lang in domain.LANGUAGES:
            assert t(spec.unit_label_key, lang)
    for metric in domain.METRICS:
        assert t(domain.METRIC_SPECS[metric].label_key, "en") != t(
            domain.METRIC_SPECS[metric].label_key, "vi"
        )


def test_coverage_without_labour_force_is_written_per_1000_with_one_decimal():
    assert domain.metric_spec("coverage").percent
    fallback = domain.metric_spec("coverage", domain.COVERAGE_PER_1000.unit)
    assert (fallback.percent, fallback.decimals) == (False, 1)
    assert domain.metric_spec("per_10k", None).decimals == 2


@pytest.mark.parametrize(("geography", "count"), [("2022", 63), ("2025", 34)])
def test_geography_labels_count_the_reference_tables(geography, count):
    assert reference.province_count(geography) == count
    label = t(f"geography_{geography}", "vi", provinces=reference.province_count(geography))
    assert label == f"{geography} ({count} tỉnh)"


def test_the_campaign_window_is_the_joint_plans():
    assert domain.CAMPAIGN_START.isoformat() == "2022-05-08"
    assert domain.CAMPAIGN_DEADLINE.isoformat() == "2022-12-31"
    assert domain.CAMPAIGN_START < domain.CAMPAIGN_DEADLINE
