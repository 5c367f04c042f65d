"""What the main screen and the CLI report count, read as a user would read them: the gauge,
the pace line, the sum of the map's hovers and of the ranking's column, the report's total."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dashboard import ids
from dashboard.cli import main
from tests.integration.dashclient import answer


def imported_database(folder: Path, files: dict[str, str]) -> str:
    """A SQLite database in ``folder`` holding ``files`` (kind -> CSV text), imported by the CLI."""
    url = f"sqlite:///{folder / 'imported.sqlite3'}"
    for kind, text in files.items():
        path = Path(folder / f"{kind}.csv")
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["import", kind, str(path), "--database", url])
        assert result.exit_code == 0, result.output
    return url


def draw(app, output: str, search: str = ""):
    url = f"{ids.OVERVIEW_URL}.search"
    return answer(app, output, {url: search}, changed=url)


def gauge_and_pace(app, search: str = "") -> tuple[int, list[int], list[str]]:
    answered = draw(app, f"{ids.NATIONAL_GAUGE}.figure", search)
    gauge = answered[ids.NATIONAL_GAUGE]["figure"]["data"][0]["value"]
    line = [t for t in answered[ids.CUMULATIVE]["figure"]["data"] if t.get("fill") == "tozeroy"]
    return gauge, line[0]["y"], line[0]["x"]


def map_total(app, search: str = "") -> int:
    """The sum of the values the map's hovers show (its colours are classes)."""
    figure = draw(app, f"{ids.MAP}.figure", search)[ids.MAP]["figure"]
    values = next(trace for trace in figure["data"] if trace.get("name") == "values")
    # Each row: the unit's name, its value as written, the tooltip's further lines.
    return sum(int(row[1].replace(".", "")) for row in values["customdata"])


def ranking_total(app, search: str = "") -> int:
    rows = draw(app, f"{ids.RANKING}.rowData", search)[ids.RANKING]["rowData"]
    return sum(row["new_enrollments"] or 0 for row in rows)


def report_total(database: str, *args: str) -> int:
    result = CliRunner().invoke(main, ["report", "--format", "csv", "--database", database, *args])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()[1:]
    return sum(int(line.rsplit(",", 1)[1]) for line in lines)
