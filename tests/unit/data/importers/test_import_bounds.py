# ruff: noqa: E501 (the OOXML boilerplate below is kept verbatim)
"""Reading is bounded: a small file cannot make the server hold or scan without limit
(issue 13, finding 1)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dashboard.data.importers import Upload, preview, readers

EXAMPLES = Path(__file__).resolve().parents[4] / "examples"
HEADER = (EXAMPLES / "enrollments.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
# The memory a preview may add, whatever the workbook unpacks to.
CEILING_MB = 200

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""


def zip_bomb(rows: int, width: int) -> bytes:
    """A workbook whose sheet repeats one row of ``width`` shared-string cells ``rows`` times
    under an enrollments header: a few hundred kB that unpack to hundreds of MB."""
    header = [*HEADER, *(f"extra {i}" for i in range(width - len(HEADER)))]
    strings = ["x", *header]
    shared = "".join(f"<si><t>{s}</t></si>" for s in strings)
    head_row = "<row>" + "".join(f'<c t="s"><v>{i + 1}</v></c>' for i in range(width)) + "</row>"
    body_row = ("<row>" + '<c t="s"><v>0</v></c>' * width + "</row>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"{shared}</sst>",
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>" + head_row.encode()
            )
            for _ in range(rows // 1000):
                sheet.write(body_row * 1000)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


_MEASURE = textwrap.dedent(
    """
    import json, resource, sys
    from dashboard.data.importers import Upload, preview, readers
    readers.MAX_CELLS = int(sys.argv[2])
    content = open(sys.argv[1], "rb").read()
    preview(b"a,b\\n1,2", Upload("enrollments", file_name="warm.csv"))  # imports and caches loaded
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    checked = preview(content, Upload("enrollments", file_name="bomb.xlsx"))
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"added_mb": (after - before) / 1024,
                      "expected": [p.expected for p in checked.problems][:3]}))
    """
)


def test_a_zip_bomb_preview_stays_under_the_memory_ceiling(tmp_path):
    """Finding 1: a 550 kB XLSX that unpacks to hundreds of MB took a process to 1.96 GB.

    The reader keeps at most ``MAX_CELLS`` cells; memory follows that bound, not the
    workbook. Measured with the default bound (16 Mi cells) on a 17-million-cell bomb of
    1.1 MB (359 MB unpacked): +147 MB. Here the bound is lowered to 2 Mi cells so the test
    takes seconds, not minutes, on a 6-million-cell bomb that the whole-workbook reading
    of before took to gigabytes.
    """
    bomb = zip_bomb(rows=60_000, width=100)  # 6 million cells, ~126 MB of XML
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    assert len(bomb) < 1_000_000 and 100e6 < unpacked < readers.MAX_UNPACKED_BYTES
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), str(2 * 1024 * 1024)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"zip bomb of {len(bomb) / 1e6:.1f} MB ({unpacked / 1e6:.0f} MB unpacked): "
        f"+{measured['added_mb']:.0f} MB"
    )
    assert measured["added_mb"] < CEILING_MB / 4
    assert any("split the file" in e for e in measured["expected"]), measured


def test_a_workbook_unpacking_past_the_bound_is_refused_before_parsing(monkeypatch):
    bomb = zip_bomb(rows=20_000, width=50)
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 1_000_000)
    checked = preview(bomb, Upload("enrollments", file_name="bomb.xlsx"))
    assert checked.problem_count == 1
    assert "MB unpacked" in checked.problems[0].expected


def test_a_csv_with_100000_columns_gets_one_short_problem():
    """Finding 1: a 1.5 MB CSV with 100,000 unknown columns made an 84 MB answer."""
    header = ",".join([*HEADER, *(f"c{i}" for i in range(100_000))])
    checked = preview((header + "\n" + "x," * 100_000 + "x\n").encode(), Upload("enrollments"))
    assert checked.problem_count == 1 and not checked.warnings
    assert len(repr(checked)) < 10_000


def test_many_unknown_columns_make_one_warning_with_a_count():
    header = ",".join([*HEADER, *(f"ghi chú {i}" for i in range(300))])
    good = (EXAMPLES / "enrollments.csv").read_text(encoding="utf-8").splitlines()[1]
    checked = preview(f"{header}\n{good}{',' * 300}\n".encode(), Upload("enrollments"))
    assert len(checked.warnings) == 1
    warning = checked.warnings[0]
    assert warning.in_language("en").startswith("300 columns are not enrollments columns")
    assert warning.in_language("en").endswith("and 290 more")
    assert "và 290 cột khác" in warning.in_language("vi")


@pytest.mark.parametrize("rows", [3])
def test_merged_cells_still_fill_their_span_when_streaming(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    good = (EXAMPLES / "enrollments.csv").read_text(encoding="utf-8").splitlines()[1:4]
    for line in good:
        sheet.append(line.split(","))
    province = HEADER.index("Tỉnh/Thành phố") + 1
    sheet.merge_cells(start_row=2, start_column=province, end_row=1 + rows, end_column=province)
    out = io.BytesIO()
    book.save(out)
    table = readers.read_xlsx(out.getvalue(), "m.xlsx", {readers.label_key(h) for h in HEADER})
    column = table.columns[province - 1]
    assert len(set(column)) == 1 and column[0]
