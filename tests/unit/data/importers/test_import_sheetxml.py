"""The fast sheet reader gives the values openpyxl's own reader gives, cell for cell."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pytest

from dashboard.data.importers import sheetxml
from dashboard.data.importers.sheetxml import open_workbook


def _workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ngày đăng ký", "Giờ", "Thời lượng", "Số", "Tỷ lệ", "Đúng", "Mã"])
    sheet.append([dt.datetime(2022, 5, 8), dt.time(7, 30), dt.timedelta(hours=26), 1995, 0.25,
                  True, "0100025653"])  # fmt: skip
    sheet["A5"] = dt.date(2022, 6, 30)  # rows 3 and 4 are left out of the XML
    sheet["D5"] = "Quảng Bình"
    sheet["G5"] = "=1+1"  # a formula never calculated: no stored value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("batch_bytes", [1024 * 1024, 64])  # 64: rows cut across reads
def test_values_match_openpyxl_read_only(batch_bytes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheetxml, "_BATCH_BYTES", batch_bytes)
    content = _workbook_bytes()
    reference = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    expected = [list(row) for row in reference.worksheets[0].iter_rows(values_only=True)]
    reference.close()
    book = open_workbook(content)
    try:
        got = [(number, cells) for number, cells in book.worksheets[0].iter_values()]
    finally:
        book.close()
    assert [number for number, _ in got] == [1, 2, 3, 4, 5]
    assert got[2][1] == [] and got[3][1] == []
    for (_, cells), row in zip(got, expected, strict=True):
        if cells:
            assert cells == row[: len(cells)] and not any(row[len(cells) :])
    assert got[1][1][:4] == [dt.datetime(2022, 5, 8), dt.time(7, 30), dt.timedelta(hours=26), 1995]
    assert got[4][1][6] is None  # the uncalculated formula reads as empty, as in openpyxl


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


_STRINGS = (
    f'<sst xmlns="{_MAIN}" count="3" uniqueCount="3">'
    "<si><t>Tỉnh</t></si><si><t>Hà Nội</t></si><si><t>a &amp; b</t></si></sst>"
)
_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_STRINGS_RELATION = (
    '<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
)


def _with_sheet(rows_xml: str, *, prefix: str = "") -> bytes:
    """A workbook whose first sheet's rows are ``rows_xml``: its styles those openpyxl wrote
    (style 1 a date), shared strings 0-2 "Tỉnh", "Hà Nội", "a & b"."""
    book = openpyxl.Workbook()
    book.active.append([dt.datetime(2022, 5, 8)])
    out = io.BytesIO()
    book.save(out)
    tag = f"{prefix}:" if prefix else ""
    declare = f"xmlns:{prefix}" if prefix else "xmlns"
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<{tag}worksheet {declare}="{_MAIN}"><{tag}sheetData>{rows_xml}'
        f"</{tag}sheetData></{tag}worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename).decode()
            if item.filename == "xl/worksheets/sheet1.xml":
                data = xml
            elif item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", _STRINGS_TYPE)
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", _STRINGS_RELATION)
            target.writestr(item, data)
        target.writestr("xl/sharedStrings.xml", _STRINGS)
    return result.getvalue()


# Rows as Excel, LibreOffice and openpyxl write them: shared and inline strings, numbers,
# dates by style, booleans, errors, formulas with their stored results, empty cells and rows,
# cells without a reference, characters written as references, line ends in a cell.
_USUAL_ROWS = (
    '<row r="1" spans="1:6"><c r="A1" s="1"><v>44689</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t>Quảng Bình</t></is></c>'
    '<c r="F1" t="n"><v>1995</v></c></row>\n'
    '<row r="2"><c r="A2"><v>0.25</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e">'
    '<v>#N/A</v></c><c r="D2"><f>1+1</f><v>2</v></c><c r="E2" t="str"><f>A1&amp;B1</f>'
    '<v>x &amp; y &lt;z&gt; &#7841;&#x1EA1;</v></c><c r="F2" s="1"/></row>'
    '<row r="4"/><row r="5"><c t="inlineStr"><is><t xml:space="preserve"> a\r\nb </t></is></c>'
    '<c t="inlineStr"><is><t/></is></c><c><v/></c><c r="E5"><f t="shared" si="0"/>'
    '<v>1E-3</v></c><c r="F5" t="inlineStr"></c></row>\n'
    '<row r="6"><c r="AB6" t="n"><v>-12</v></c></row>'
)
# XML the scanner leaves to the XML parser: rich text runs, attributes in another order, a
# namespace prefix.
_UNUSUAL_ROWS = [
    '<row r="1"><c r="A1" t="inlineStr"><is><r><t>Hà</t></r><r><t> Nội</t></r></is></c></row>',
    '<row r="1"><c t="s" r="B1"><v>1</v></c></row>',
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr">'
    '<is><t>a</t><rPh sb="0" eb="1"><t>x</t></rPh></is></c></row>',
]


def _values(content: bytes) -> list[tuple[int, list]]:
    book = open_workbook(content)
    try:
        return list(book.worksheets[0].iter_values())
    finally:
        book.close()


def _openpyxl_values(content: bytes) -> list[list]:
    reference = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        return [list(row) for row in reference.worksheets[0].iter_rows(values_only=True)]
    finally:
        reference.close()


def _parsed_batches(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The batches the XML parser reads from now on."""
    parsed: list[bytes] = []
    parse = sheetxml.ET.fromstring

    def counting(text: bytes) -> object:
        parsed.append(text)
        return parse(text)

    monkeypatch.setattr(sheetxml.ET, "fromstring", counting)
    return parsed


def _assert_like_openpyxl(got: list[tuple[int, list]], expected: list[list]) -> None:
    assert [number for number, _ in got] == list(range(1, len(got) + 1))
    for (_, cells), row in zip(got, expected, strict=True):
        assert cells == row[: len(cells)] and not any(row[len(cells) :])


def test_usual_rows_are_scanned_without_the_xml_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    content = _with_sheet(_USUAL_ROWS)
    parsed = _parsed_batches(monkeypatch)
    got = _values(content)
    assert parsed == []
    _assert_like_openpyxl(got, _openpyxl_values(content))
    assert got[0][1] == [dt.datetime(2022, 5, 8), "Hà Nội", "a & b", "Quảng Bình", None, 1995]
    assert got[1][1] == [0.25, True, "#N/A", 2, "x & y <z> ạạ", None]
    assert got[2][1] == [] and got[3][1] == []
    assert got[4][1] == [" a\nb ", "", None, None, 0.001, None]
    assert got[5][1][27] == -12 and len(got[5][1]) == 28


@pytest.mark.parametrize("rows", _UNUSUAL_ROWS)
def test_unusual_xml_is_read_by_the_xml_parser(rows: str, monkeypatch: pytest.MonkeyPatch) -> None:
    content = _with_sheet(rows)
    parsed = _parsed_batches(monkeypatch)
    got = _values(content)
    assert len(parsed) == 1
    _assert_like_openpyxl(got, _openpyxl_values(content))


def test_a_namespace_prefix_is_read_by_the_xml_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    content = _with_sheet('<x:row r="1"><x:c r="A1" t="s"><x:v>1</x:v></x:c></x:row>', prefix="x")
    parsed = _parsed_batches(monkeypatch)
    assert _values(content) == [(1, ["Hà Nội"])]
    assert len(parsed) == 1


@pytest.mark.parametrize(
    "rows",
    [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a &amp b</t></is></c></row>',  # bare &
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&#0;</t></is></c></row>',  # not a character
        '<row r="1"><c r="A1"><v>1</v></c>',  # a row without its end
    ],
)
def test_damaged_xml_is_reported_by_the_xml_parser(rows: str) -> None:
    with pytest.raises(ET.ParseError):
        _values(_with_sheet(rows))
