"""Sample events: the launch day's kickoff, parades and counselling groups, and later days.

On 8 May 2022 the published figures (``campaign``) fix how many parades and counselling
groups there were and how many people the groups talked to; the kickoff's audience, the
people a parade reached, the leads and the later campaign days are modelled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from dashboard.data.sample.campaign import (
    CAMPAIGN_DAYS,
    CAMPAIGN_LAUNCH,
    DEFAULT_SEED,
    LAUNCH_COUNSELLING_GROUPS,
    LAUNCH_PEOPLE_COUNSELLED,
    apportion,
    legacy_state,
    parades,
    province_weights,
    scaled,
    table_columns,
)
from dashboard.data.schema import events
from geodata import reference

EVENT_COLUMNS = table_columns(events)
# Each later campaign day (modelled), at scale 1: 8 to 20 provincial conferences, and in
# communes counselling sessions and mobile propaganda (how many, and attendees of each).
LATER_DAY_CONFERENCES = (8, 20)
LATER_DAY_COMMUNE_EVENTS = {"counselling": (40, (15, 70)), "mobile_propaganda": (25, (50, 300))}


def generate_events(*, seed: int = DEFAULT_SEED, scale: float = 1.0) -> pd.DataFrame:
    """The launch day and the campaign days after it, as an events file would list them.

    On 8 May 2022: the central online kickoff, answered by every province; the parades of
    ``campaign.parades`` (one mobile propaganda event each, in its district); and the
    counselling groups, each in a commune, shared between provinces by
    ``province_weights``, who talked to ``LAUNCH_PEOPLE_COUNSELLED`` people in all (both at
    ``scale``, exactly). Each later campaign day has provincial conferences, counselling
    sessions and mobile propaganda in communes.

    Columns: those of the ``events`` table without ``id`` and ``import_id``, ordered by day.
    """
    rng = np.random.default_rng([seed, 3])
    provinces = reference.provinces()["province_code"].to_numpy(dtype=object)
    communes = _with_weights(reference.communes())
    rows: list[dict[str, Any]] = [
        _event(CAMPAIGN_LAUNCH, "central", "online_kickoff", None, 320, 48_000, None)
    ]
    for code in provinces:
        rows.append(
            _event(
                CAMPAIGN_LAUNCH,
                "province",
                "online_kickoff",
                (code, None, None),
                int(rng.integers(80, 260)),
                int(rng.integers(500, 5_000)),
                int(rng.integers(10, 80)),
            )
        )
    rows += _parade_events(rng, parades(scale=scale, seed=seed))
    rows += _counselling_groups(rng, communes, seed, scale)
    for day in CAMPAIGN_DAYS[1:]:
        conferences = scaled(int(rng.integers(*LATER_DAY_CONFERENCES)), scale)
        for code in rng.choice(provinces, size=conferences, replace=False):
            rows.append(
                _event(
                    day,
                    "province",
                    "conference",
                    (code, None, None),
                    int(rng.integers(60, 220)),
                    None,
                    int(rng.integers(10, 60)),
                )
            )
        for kind, (count, attendees) in LATER_DAY_COMMUNE_EVENTS.items():
            rows += _commune_events(rng, communes, day, kind, scaled(count, scale), attendees)
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    frame["held_on"] = pd.to_datetime(frame["held_on"]).astype("datetime64[s]")
    for name in ("online_viewers", "leads"):
        frame[name] = frame[name].astype("Int64")
    return frame.sort_values("held_on", kind="stable", ignore_index=True)


def _parade_events(rng: np.random.Generator, plan: pd.DataFrame) -> list[dict[str, Any]]:
    """One district event per parade: people reached along its way, some 40 to 120 a vehicle."""
    return [
        _event(
            CAMPAIGN_LAUNCH,
            "district",
            "mobile_propaganda",
            (province, district, None),
            int(vehicles * rng.integers(40, 120)),
            None,
            int(vehicles * rng.integers(1, 6)),
        )
        for province, district, vehicles in zip(
            plan["province_code"], plan["district_code"], plan["vehicles"], strict=True
        )
    ]


def _counselling_groups(
    rng: np.random.Generator, communes: pd.DataFrame, seed: int, scale: float
) -> list[dict[str, Any]]:
    """The launch day's counselling groups, each in a commune of its province."""
    weights = province_weights(seed)
    per_province = apportion(scaled(LAUNCH_COUNSELLING_GROUPS, scale), weights.to_numpy())
    by_province = dict(tuple(communes.groupby("province_code", sort=True)))
    picked = pd.concat(
        [
            # Several groups may work in one commune, as in a town they did.
            by_province[code].sample(
                n=int(n), replace=True, weights="weight", random_state=legacy_state(rng)
            )
            for code, n in zip(weights.index, per_province, strict=True)
            if n > 0
        ]
        or [communes.iloc[:0]]
    )
    people = apportion(scaled(LAUNCH_PEOPLE_COUNSELLED, scale), rng.uniform(0.5, 1.5, len(picked)))
    return [
        _event(
            CAMPAIGN_LAUNCH,
            "commune",
            "counselling",
            (province, district, commune),
            int(attendees),
            None,
            int(rng.binomial(int(attendees), 0.15)),
        )
        for province, district, commune, attendees in zip(
            picked["province_code"],
            picked["district_code"],
            picked["commune_code"],
            people,
            strict=True,
        )
    ]


def _with_weights(communes: pd.DataFrame) -> pd.DataFrame:
    """Communes with a ``weight``: their district's population shared between its communes,
    so that events go where people live (not to the 93 inhabitants of the Trường Sa islands
    as often as to a town)."""
    pop = reference.districts().set_index("district_code")["pop_2019"]
    per_district = communes.groupby("district_code")["commune_code"].transform("size")
    weight = communes["district_code"].map(pop).fillna(0).to_numpy() / per_district.to_numpy()
    return communes.assign(weight=weight)


def _event(
    day: dt.date,
    level: str,
    kind: str,
    place: tuple[str, str | None, str | None] | None,
    attendees: int,
    online_viewers: int | None,
    leads: int | None,
) -> dict[str, Any]:
    province, district, commune = place if place is not None else (None, None, None)
    return {
        "held_on": day,
        "level": level,
        "province_code": province,
        "district_code": district,
        "commune_code": commune,
        "kind": kind,
        "attendees": attendees,
        "online_viewers": online_viewers,
        "leads": leads,
    }


def _commune_events(
    rng: np.random.Generator,
    communes: pd.DataFrame,
    day: dt.date,
    kind: str,
    count: int,
    attendees: tuple[int, int],
) -> list[dict[str, Any]]:
    picked = communes.sample(n=count, weights="weight", random_state=legacy_state(rng))
    return [
        _event(
            day,
            "commune",
            kind,
            (province, district, commune),
            int(rng.integers(*attendees)),
            None,
            int(rng.integers(2, 25)),
        )
        for province, district, commune in zip(
            picked["province_code"], picked["district_code"], picked["commune_code"], strict=True
        )
    ]
