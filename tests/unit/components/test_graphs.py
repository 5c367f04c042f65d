from dashboard.components.graphs import grid_columns
from dashboard.components.grid_locale import grid_locale


def test_grid_columns_export_numbers_not_the_formatted_text():
    columns = grid_columns([("name", "province", "text"), ("target", "target", "number")], "vi")
    assert "useValueFormatterForExport" not in columns[0]
    assert columns[1]["useValueFormatterForExport"] is False
    assert "diemtuaFormat" in columns[1]["valueFormatter"]["function"]
    assert all(column["wrapHeaderText"] for column in columns)


def test_grids_speak_the_pages_language():
    assert grid_locale("vi")["noRowsToShow"] == "Không có dòng nào"
    assert grid_locale("vi")["pageSizeSelectorLabel"] == "Số dòng mỗi trang:"
    assert grid_locale("en") == {}  # AG Grid's own English
