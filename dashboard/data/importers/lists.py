"""Participant lists of a collection agent (D05-TS, D03-TS) read as enrollments.

The rules, the same for both forms (docs/data-formats.md, "Real forms"):

- one enrollment per person of the increase section ("I Tăng"); the decrease section, group
  rows ("I.1 Người tham gia"), sub-totals, totals and the signature block are not people;
- only new participants count: a note "Đóng tiếp" (QĐ 490: "P.Thức Đóng_tiếp") or a
  "Đóng tiếp" sub-section marks a continuing one, who is left out; without a marker a person
  of the increase section is new, and one already stored (same key) is skipped on import;
- the registration date is the receipt date ("Ngày biên lai"), else the document's date;
- the place comes from the address (``places``), else the agent's district (a warning);
- the channel is the agent's: post office, collection agent or the social security office;
- the person's key is the social insurance number, or for a new participant without one the
  ID card number: both are hashed on writing, never stored in clear, and names, ID numbers
  and addresses are read only to find the place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dashboard.data.importers import vocabulary
from dashboard.data.importers.cells import (
    ID_CARD_DIGITS,
    ID_CARD_PREFIX,
    Invalid,
    as_text,
    is_blank,
)
from dashboard.data.importers.converted import Converted, add_row, new_table
from dashboard.data.importers.grid import FormGrid, row_text
from dashboard.data.importers.places import Place, PlaceFinder
from dashboard.data.importers.problems import Message, Problem, file_problem
from dashboard.data.importers.readers import Cell
from dashboard.domain import DEFAULT_PRODUCT
from geodata.names import fold_diacritics, normalize_name

_GROUP_LABEL = re.compile(r"(?:[IVX]+|[A-Z])(?:\.\d+)*\.?", re.IGNORECASE)
# On the folded line: "ngay 31 thang 5 nam 2022", or "ngay 31 5 2022" from "ngày 31/05/2022";
# a date without "ngày" may be anything (a first month "05/2022" after a number of months).
_DOCUMENT_DATE = re.compile(r"\bngay (\d{1,2}) (?:thang )?(\d{1,2}) (?:nam )?(\d{4})\b")
_BIRTH_DATE = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-](\d{4})")


@dataclass(frozen=True)
class Agent:
    """Who collected: its name as written, its channel and its district."""

    name: str
    channel: str
    place: Place

    def label(self, names: dict[str, str]) -> Message:
        """ "Bưu điện huyện Vị Xuyên": the channel's word and the district's name."""
        district = names.get(self.place.district, self.name)
        district = district[:1].lower() + district[1:]
        word = Message(f"agent_{self.channel}")
        return Message("describe_agent", word=word, district=district)


@dataclass
class Tally:
    """What the body held besides new participants."""

    new: int = 0
    continuing: int = 0
    decreases: int = 0
    at_agent: int = 0
    rows: list[int] = field(default_factory=list)


def title_value(grid: FormGrid, labels: tuple[str, ...]) -> str:
    """The text after "Label:" in the title block ("Tên đơn vị/Điểm thu: BƯU ĐIỆN ...")."""
    for _, line in grid.title:
        for part in re.split(r"\s{2,}|\t", line):
            head, colon, value = part.partition(":")
            if colon and vocabulary.matches(vocabulary.key(head), tuple((w,) for w in labels)):
                return value.strip()
    return ""


def document_date(rows: list[tuple[int, str]]) -> Cell:
    """The document's date ("Số: 12 ngày 31 tháng 5 năm 2022", "31/05/2022"), if a line has one."""
    for _, line in rows:
        folded = fold_diacritics(normalize_name(line))
        match = _DOCUMENT_DATE.search(folded)
        if match is not None:
            day, month, year = match.groups()
            return f"{int(day):02d}/{int(month):02d}/{year}"
    return None


def find_agent(grid: FormGrid, finder: PlaceFinder) -> Agent | Problem:
    """The agent of the title block, or the problem that stops reading the list."""
    name = title_value(grid, vocabulary.AGENT_NAME)
    address = title_value(grid, vocabulary.AGENT_ADDRESS)
    channel = next(
        (
            value
            for word, value in vocabulary.AGENT_CHANNELS
            if vocabulary.contains_any(name, [word])
        ),
        None,
    )
    if not name or channel is None:
        return file_problem(grid.file_name, Message("expect_agent_name"))
    place = finder.agent_place(name, address, grid.title_text())
    if place is None:
        return file_problem(grid.file_name, Message("expect_agent_place"))
    return Agent(name, channel, place)


ENROLLMENT_COLUMNS = [
    "product",
    "registered_on",
    "province",
    "district",
    "commune",
    "channel",
    "sex",
    "birth_year",
    "monthly_income_vnd",
    "payment_cycle",
    "support_group",
    "participant_ref",
]


class ListReader:
    """Read the body of one list into enrollment rows; subclasses read the form's own cells."""

    form = ""
    title: Message  # the list's name, set by each form
    product = DEFAULT_PRODUCT  # voluntary social insurance

    def __init__(self, grid: FormGrid, finder: PlaceFinder) -> None:
        self.grid = grid
        self.finder = finder
        self.table = new_table(grid.file_name, grid.file_type, grid.header_row, ENROLLMENT_COLUMNS)
        self.problems: list[Problem] = []
        self.tally = Tally()

    def problem(self, number: int, column: str, value: Cell, expected: Message) -> None:
        header = self.grid.header(column)
        self.problems.append(Problem(self.grid.file_name, number, header, as_text(value), expected))

    def person(self, number: int, cells: list[Cell]) -> dict[str, Cell]:
        """The form's own columns of a person (income, cycle, support; sex, birth year)."""
        raise NotImplementedError

    def convert(self, names: dict[str, str]) -> Converted:
        """Read the list, or give the problem that stops it."""
        grid = self.grid
        agent = find_agent(grid, self.finder)
        if isinstance(agent, Problem):
            return self._result(None, names, [agent])
        fallback_date = document_date([*grid.title, *self._foot()])
        if "receipt_date" not in grid.columns and fallback_date is None:
            missing = Message("expect_receipt_date")
            self.problems.append(
                Problem(grid.file_name, grid.header_row, "Ngày biên lai", "", missing)
            )
            return self._result(agent, names, [])
        self._read_body(agent, fallback_date)
        return self._result(agent, names, [])

    def _foot(self) -> list[tuple[int, str]]:
        return [(number, row_text(cells)) for number, cells in self.grid.body[-8:]]

    def _read_body(self, agent: Agent, fallback_date: Cell) -> None:
        grid = self.grid
        increase, continuing = True, False
        for number, cells in grid.body:
            stt, name = grid.text(cells, "stt"), grid.text(cells, "name")
            label = f"{stt} {name}".strip()
            key_ = vocabulary.key(label)
            if vocabulary.contains_any(name or stt, vocabulary.LIST_TOTAL):
                break  # the signature block follows
            ref = grid.cell(cells, "social_insurance_number")
            id_number = grid.cell(cells, "id_number")
            if is_blank(ref) and is_blank(id_number):
                if _GROUP_LABEL.fullmatch(stt) or (not stt and name):
                    starts = (vocabulary.key(word) for word in vocabulary.GROUP_TOTAL_STARTS)
                    if key_.startswith(tuple(starts)):
                        continue
                    if vocabulary.contains_any(name, vocabulary.SECTION_DECREASE):
                        increase = False
                    elif vocabulary.contains_any(name, vocabulary.SECTION_INCREASE):
                        increase = True
                    continuing = vocabulary.contains_any(name, vocabulary.CONTINUING_PARTICIPANT)
                continue  # group labels, blank-ish rows and signatures are not people
            if not increase:
                self.tally.decreases += 1
                continue
            notes = grid.text(cells, "notes")
            if vocabulary.contains_any(notes, vocabulary.CONTINUING_PARTICIPANT) or (
                continuing and not vocabulary.contains_any(notes, vocabulary.NEW_PARTICIPANT)
            ):
                self.tally.continuing += 1
                continue
            self._add(number, cells, agent, ref, id_number, fallback_date)

    def _add(
        self,
        number: int,
        cells: list[Cell],
        agent: Agent,
        ref: Cell,
        id_number: Cell,
        fallback_date: Cell,
    ) -> None:
        grid = self.grid
        located = self.finder.locate(grid.text(cells, "address"), agent.place)
        if located.problem is not None:
            self.problem(number, "address", grid.cell(cells, "address"), located.problem)
        place = located.place or agent.place
        self.tally.at_agent += located.fallback
        date = grid.cell(cells, "receipt_date")
        values: dict[str, Cell] = {
            "product": self.product,
            "registered_on": fallback_date if is_blank(date) else date,
            "province": place.province,
            "district": place.district,
            "commune": place.commune,
            "channel": agent.channel,
            "participant_ref": ref if not is_blank(ref) else self._id_key(number, id_number),
            **self.person(number, cells),
        }
        self.tally.new += 1
        add_row(self.table, number, values)

    def _id_key(self, number: int, id_number: Cell) -> str | None:
        digits = as_text(id_number).replace(" ", "")
        if digits.isascii() and digits.isdigit() and len(digits) in ID_CARD_DIGITS:
            return ID_CARD_PREFIX + digits
        self.problem(
            number,
            "id_number",
            "",  # never echo an ID number, even a wrong one, into logs and screens
            Message("expect_id_card"),
        )
        return None

    def _result(
        self, agent: Agent | None, names: dict[str, str], problems: list[Problem]
    ) -> Converted:
        tally = self.tally
        who = agent.label(names) if agent else Message("describe_unknown_agent")
        left_out = [
            Message(key, count=count)
            for count, key in (
                (tally.continuing, "describe_continuing"),
                (tally.decreases, "describe_decreases"),
            )
            if count
        ]
        items = (
            Message("describe_pair", first=left_out[0], second=left_out[1])
            if len(left_out) == 2
            else next(iter(left_out), None)
        )
        description = Message(
            "describe_list",
            title=self.title,
            who=who,
            new=tally.new,
            more=Message("describe_left_out", items=items) if items else "",
        )
        warnings = []
        if tally.at_agent:
            warnings.append(Message("warn_counted_at_agent", count=tally.at_agent))
        labels = {
            "registered_on": self.grid.header("receipt_date"),
            "participant_ref": self.grid.header("social_insurance_number"),
            "monthly_income_vnd": self.grid.header("income"),
            "payment_cycle": self.grid.header("months"),
            "support_group": self.grid.header("state_percent"),
            "sex": self.grid.header("sex"),
            "birth_year": self.grid.header("birth_date"),
            "province": self.grid.header("address"),
            "district": self.grid.header("address"),
            "commune": self.grid.header("address"),
        }
        return Converted(
            "enrollments",
            self.form,
            self.table,
            labels,
            description,
            [*problems, *self.problems],
            warnings,
        )


def read_months(cell: Cell) -> int | Invalid | None:
    """A number of months (3, "3", "3 tháng"), None when blank."""
    if is_blank(cell):
        return None
    text = as_text(cell).lower().replace(vocabulary.MONTHS_UNIT, "").strip()
    try:
        return int(float(text.replace(",", ".")))
    except ValueError:
        return Invalid(Message("expect_months"))


def read_birth_year(cell: Cell) -> Cell:
    """The year of a birth date ("12/03/1985", an Excel date) or a year written alone."""
    if is_blank(cell):
        return None
    if isinstance(cell, dt.date):  # a datetime is a date too
        return cell.year
    text = as_text(cell)
    if match := _BIRTH_DATE.fullmatch(text):
        return match[1]
    return text  # a year alone, or what validate will say is wrong
