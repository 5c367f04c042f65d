"""Sample events: the launch day's kickoff sites and the campaign days after it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from dashboard.data.sample.campaign import (
    CAMPAIGN_DAYS,
    CAMPAIGN_LAUNCH,
    DEFAULT_SEED,
    legacy_state,
    table_columns,
)
from dashboard.data.schema import events
from geodata import reference

EVENT_COLUMNS = table_columns(events)


def generate_events(*, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The launch day and the campaign days after it, as an events file would list them.

    On 8 May 2022 the central online kickoff is answered by every province and by a few
    hundred district and commune sites following the stream; each later campaign day has
    provincial conferences, counselling sessions and mobile propaganda in communes.

    Columns: those of the ``events`` table without ``id`` and ``import_id``, ordered by day.
    """
    rng = np.random.default_rng([seed, 3])
    provinces = reference.provinces()["province_code"].to_numpy(dtype=object)
    districts = reference.districts()
    districts = districts[districts["pop_2019"] > 0]
    communes = reference.communes()
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
    district_sites = districts.sample(frac=0.4, random_state=legacy_state(rng))
    for province, district in zip(
        district_sites["province_code"], district_sites["district_code"], strict=True
    ):
        rows.append(
            _event(
                CAMPAIGN_LAUNCH,
                "district",
                "online_kickoff",
                (province, district, None),
                int(rng.integers(40, 160)),
                int(rng.integers(50, 600)),
                int(rng.integers(5, 40)),
            )
        )
    rows += _commune_events(rng, communes, CAMPAIGN_LAUNCH, "online_kickoff", 180, (30, 120))
    for day in CAMPAIGN_DAYS[1:]:
        for code in rng.choice(provinces, size=int(rng.integers(8, 20)), replace=False):
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
        rows += _commune_events(rng, communes, day, "counselling", 40, (15, 70))
        rows += _commune_events(rng, communes, day, "mobile_propaganda", 25, (50, 300))
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    frame["held_on"] = pd.to_datetime(frame["held_on"]).astype("datetime64[s]")
    for name in ("online_viewers", "leads"):
        frame[name] = frame[name].astype("Int64")
    return frame.sort_values("held_on", kind="stable", ignore_index=True)


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
    picked = communes.sample(n=count, random_state=legacy_state(rng))
    online = kind == "online_kickoff"
    return [
        _event(
            day,
            "commune",
            kind,
            (province, district, commune),
            int(rng.integers(*attendees)),
            int(rng.integers(0, 200)) if online else None,
            int(rng.integers(2, 25)),
        )
        for province, district, commune in zip(
            picked["province_code"], picked["district_code"], picked["commune_code"], strict=True
        )
    ]
