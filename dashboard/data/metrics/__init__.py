"""The numbers behind the screens, one module per question, over one snapshot of the data.

- ``snapshot``: ``DashboardData`` (every kind of data as arrays, per data version) and
  ``SnapshotCache``;
- ``geo``: the reference lists as arrays, the area a view covers and the 2025 rule
  (``sum_of_parts``);
- ``areas``: the map's values per unit; ``progress``: gauge and pace; ``ranking``: the
  ranking table; ``routes``: tracks, stops and units reached, indexed per snapshot;
  ``route_lines``: each district's longest track of each day, simplified with that index;
  ``route_answers``: one day of the routes screen, simplified and aggregated for its zoom;
  ``events``: the events list.

Every question is a pure function of a snapshot and a ``dashboard.domain.Filters`` value,
answering in a millisecond or two without SQL. Definitions: docs/metrics.md.
"""

from dashboard.data.metrics.areas import (
    COVERAGE_FALLBACK_UNIT,
    FIGURE_COLUMNS,
    coverage_unit,
    map_values,
)
from dashboard.data.metrics.events import EVENT_LIST_COLUMNS, event_summary, events_list
from dashboard.data.metrics.progress import (
    PaceSeries,
    Progress,
    area_target,
    pace_series,
    progress,
)
from dashboard.data.metrics.ranking import RANKING_COLUMNS, ranking
from dashboard.data.metrics.route_answers import (
    SITE_COLUMNS,
    Tracks,
    degrees_per_pixel,
    district_totals,
    reached_districts,
    route_tracks,
    stop_sites,
    vehicles_out,
)
from dashboard.data.metrics.routes import (
    DISTRICT_DAY_COLUMNS,
    ROUTE_POINT_COLUMNS,
    STOP_COLUMNS,
    RouteIndex,
    reached_units,
    route_days,
    route_index,
    route_points,
    route_provinces,
    route_stops,
)
from dashboard.data.metrics.snapshot import VIETNAM_UTC_OFFSET, DashboardData, SnapshotCache

__all__ = [
    "COVERAGE_FALLBACK_UNIT",
    "DISTRICT_DAY_COLUMNS",
    "EVENT_LIST_COLUMNS",
    "FIGURE_COLUMNS",
    "RANKING_COLUMNS",
    "ROUTE_POINT_COLUMNS",
    "SITE_COLUMNS",
    "STOP_COLUMNS",
    "VIETNAM_UTC_OFFSET",
    "DashboardData",
    "PaceSeries",
    "Progress",
    "RouteIndex",
    "SnapshotCache",
    "Tracks",
    "area_target",
    "coverage_unit",
    "degrees_per_pixel",
    "district_totals",
    "event_summary",
    "events_list",
    "map_values",
    "pace_series",
    "progress",
    "ranking",
    "reached_districts",
    "reached_units",
    "route_days",
    "route_index",
    "route_points",
    "route_provinces",
    "route_stops",
    "route_tracks",
    "stop_sites",
    "vehicles_out",
]
