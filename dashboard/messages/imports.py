"""What the importer says about a file: the problems it finds (what was expected), its
warnings, and what it recognised the file as. Values in braces come from the file.

Keys: ``expect_*`` say what a cell, row or file should have been; ``warn_*`` what is imported
with a caveat; ``describe_*`` and ``form_*`` what a file was recognised as; ``summary_*``
what an import did. The words that *recognise* a file are in
``dashboard/data/importers/vocabulary.py``, not here.
"""

from __future__ import annotations

from typing import Final

IMPORTS: Final[dict[str, dict[str, str]]] = {
    # Where a problem is: "a.csv, row 5, column “Kênh”".
    "problem_at_row": {"vi": "{where}, dòng {row}", "en": "{where}, row {row}"},
    "problem_at_column": {"vi": "{where}, cột “{column}”", "en": "{where}, column “{column}”"},
    # Reading the bytes.
    "expect_not_xls": {
        "vi": "cần tệp .xlsx hoặc .csv; tệp .xls cũ: hãy lưu lại thành .xlsx",
        "en": "an .xlsx or .csv file; old .xls files: save as .xlsx first",
    },
    "expect_text_encoding": {
        "vi": "cần tệp văn bản mã UTF-8 hoặc Windows-1258 (CSV, XLSX hoặc GPX)",
        "en": "a text file in UTF-8 or Windows-1258 (CSV, XLSX or GPX)",
    },
    "expect_csv": {"vi": "cần CSV đúng định dạng ({reason})", "en": "well-formed CSV ({reason})"},
    "expect_xlsx": {
        "vi": "cần tệp .xlsx đọc được ({reason})",
        "en": "a readable .xlsx workbook ({reason})",
    },
    "expect_sheet_header": {
        "vi": "cần một trang có dòng tiêu đề",
        "en": "a sheet with a header row",
    },
    "expect_stored_value": {
        "vi": "cần một giá trị: công thức chưa có kết quả lưu sẵn (mở tệp bằng Excel để tính rồi "
        "lưu lại, hoặc dán giá trị)",
        "en": "a value: the formula has no stored result (open the file in Excel, let it "
        "calculate, and save it again, or paste the values)",
    },
    "expect_workbook_size": {
        "vi": "cần bảng tính tối đa {rows:,} dòng, {columns} cột và {cells:,} ô ({mb} MB khi giải "
        "nén); hãy chia nhỏ tệp",
        "en": "a workbook of at most {rows:,} rows, {columns} columns and {cells:,} cells "
        "({mb} MB unpacked); split the file",
    },
    "expect_header_row": {
        "vi": "cần một dòng tiêu đề ghi tên các cột trong {rows} dòng đầu "
        "(xem docs/data-formats.md)",
        "en": "a header row naming the columns within the first {rows} rows "
        "(see docs/data-formats.md)",
    },
    "expect_form_header": {
        "vi": "cần dòng tiêu đề ghi tên các cột của biểu mẫu trong {rows} dòng đầu",
        "en": "a header row naming the form's columns within the first {rows} rows",
    },
    "expect_cells_like_header": {
        "vi": "cần {width} ô như dòng tiêu đề, không phải {count} (tệp bị cắt cụt?)",
        "en": "{width} cells like the header, not {count} (is the file cut short?)",
    },
    "expect_nothing_right_of_header": {
        "vi": "không có giá trị bên phải cột tiêu đề cuối ({width} cột)",
        "en": "no value right of the last header column ({width} columns)",
    },
    "expect_data_row": {
        "vi": "cần ít nhất một dòng dữ liệu dưới tiêu đề",
        "en": "at least one data row under the header",
    },
    "expect_table_not_gpx": {
        "vi": "cần tệp CSV hoặc XLSX (GPX chỉ dành cho lộ trình)",
        "en": "a CSV or XLSX file (GPX is for routes only)",
    },
    "expect_gpx": {
        "vi": "cần tệp GPX 1.0/1.1 có lộ trình ({reason})",
        "en": "a GPX 1.0/1.1 file with a track ({reason})",
    },
    "expect_gpx_points": {
        "vi": "cần tệp GPX có các điểm lộ trình",
        "en": "a GPX file with track points",
    },
    "expect_kml": {"vi": "cần tệp KML đọc được ({reason})", "en": "a readable KML file ({reason})"},
    "expect_kml_track": {
        "vi": "cần tệp KML có lộ trình (gx:Track, hoặc LineString kèm TimeSpan)",
        "en": "a KML file with a track (gx:Track, or a LineString with a TimeSpan)",
    },
    "expect_linestring_times": {
        "vi": "cần thời gian cho LineString “{name}”: thẻ <TimeSpan> có <begin> và <end>, hoặc "
        "gx:Track",
        "en": "times for the LineString “{name}”: a <TimeSpan> with <begin> and <end>, or a "
        "gx:Track",
    },
    "expect_zip": {"vi": "cần tệp ZIP đọc được ({reason})", "en": "a readable ZIP file ({reason})"},
    "expect_zip_members": {
        "vi": "cần tệp ZIP chứa từ 1 đến {most} tệp lộ trình (GPX, KML, CSV, XLSX)",
        "en": "a ZIP of 1 to {most} track files (GPX, KML, CSV, XLSX)",
    },
    "expect_zip_size": {
        "vi": "tối đa {mb} MB sau khi giải nén",
        "en": "at most {mb} MB of files once unpacked",
    },
    "expect_track_member": {
        "vi": "cần tệp lộ trình (GPX, KML, báo cáo hành trình), không phải {kind}",
        "en": "a track file (GPX, KML, a tracker report), not {kind}",
    },
    # Recognising the file.
    "expect_known_file": {
        "vi": "cần danh sách D05-TS hoặc D03-TS, báo cáo phát triển, báo cáo hành trình, GPX, "
        "KML hoặc một mẫu trong docs/data-formats.md (không thấy dòng tiêu đề)",
        "en": "a D05-TS or D03-TS list, a development report, a tracker report, GPX, KML, or "
        "one of the templates of docs/data-formats.md (its header was not found)",
    },
    "expect_kind": {
        "vi": "cần tệp loại {kind}; tệp này là {form}, được nhập như {found} (để trống loại tệp "
        "để tự nhận dạng)",
        "en": "a file of {kind}; this one is a {form}, which imports as {found} (leave the kind "
        "out to have it recognised)",
    },
    "form_d05": {
        "vi": "Danh sách D05-TS (BHXH tự nguyện)",
        "en": "D05-TS list (voluntary social insurance)",
    },
    "form_d03": {
        "vi": "Danh sách D03-TS (BHYT hộ gia đình)",
        "en": "D03-TS list (household health insurance)",
    },
    "form_development": {
        "vi": "báo cáo phát triển người tham gia",
        "en": "monthly development report",
    },
    "form_tracker": {"vi": "báo cáo hành trình xe", "en": "vehicle tracker report"},
    "form_kml": {"vi": "lộ trình KML", "en": "KML track"},
    "form_gpx": {"vi": "lộ trình GPX", "en": "GPX track"},
    "form_batch": {"vi": "tệp ZIP nhiều lộ trình", "en": "ZIP of track files"},
    "form_template": {"vi": "mẫu của dự án", "en": "the project's template"},
    "template_enrollments": {"vi": "Người tham gia mới", "en": "Enrollments"},
    "template_participants": {"vi": "Số người tham gia", "en": "Participants"},
    "template_targets": {"vi": "Chỉ tiêu", "en": "Targets"},
    "template_events": {"vi": "Hoạt động truyền thông", "en": "Events"},
    "template_routes": {"vi": "Lộ trình xe tuyên truyền", "en": "Routes"},
    # The columns of a template.
    "expect_one_column": {
        "vi": "chỉ một cột cho {label}; cột “{first}” đã là cột này",
        "en": "one column for {name}; “{first}” already is",
    },
    "expect_column": {
        "vi": "cần cột “{label}” (hoặc “{name}”)",
        "en": "a column “{name}” or “{label}” ({help})",
    },
    "warn_ignored_column": {
        "vi": "cột {named} không thuộc các cột của tệp {kind} nên được bỏ qua",
        "en": "column {named} is not one of the {kind} columns and is ignored",
    },
    "warn_ignored_columns": {
        "vi": "{count} cột không thuộc các cột của tệp {kind} nên được bỏ qua: {named}{more}",
        "en": "{count} columns are not {kind} columns and are ignored: {named}{more}",
    },
    "warn_ignored_more": {"vi": " và {count} cột khác", "en": " and {count} more"},
    # Cells.
    "expect_field": {"vi": "cần {label}", "en": "{help}"},
    "expect_value": {"vi": "cần có giá trị “{label}”", "en": "a value ({help})"},
    "expect_text_length": {
        "vi": "cần văn bản dài tối đa {most} ký tự",
        "en": "text of at most {most} characters",
    },
    "expect_whole_number": {
        "vi": "cần một số nguyên, ví dụ 1500000 hoặc 1.500.000",
        "en": "a whole number, e.g. 1500000 or 1.500.000",
    },
    "expect_count": {"vi": "cần một số nguyên từ 0 trở lên", "en": "a whole number, zero or more"},
    "expect_positive": {
        "vi": "cần một số nguyên lớn hơn 0, ví dụ 1.500.000",
        "en": "a whole number above zero, e.g. 1.500.000",
    },
    "expect_at_most": {
        "vi": "cần số không quá {most} (lớn nhất cơ sở dữ liệu lưu được)",
        "en": "a number up to {most} (the largest the database stores)",
    },
    "expect_year": {
        "vi": "cần một năm từ {first} đến {last}",
        "en": "a year from {first} to {last}",
    },
    "expect_decimal": {
        "vi": "cần một số thập phân, ví dụ 21.0285",
        "en": "a decimal number, e.g. 21.0285",
    },
    "expect_date": {
        "vi": "cần một ngày dạng dd/mm/yyyy, ví dụ 08/05/2022",
        "en": "a date dd/mm/yyyy, e.g. 08/05/2022",
    },
    "expect_timestamp": {
        "vi": "cần ngày và giờ, ví dụ 08/05/2022 07:30:00 hoặc 2022-05-08T07:30:00+07:00",
        "en": "a date and time, e.g. 08/05/2022 07:30:00 or 2022-05-08T07:30:00+07:00",
    },
    "expect_within_years": {
        "vi": "{expected} (năm từ {first} đến {last})",
        "en": "{expected} (a year from {first} to {last})",
    },
    "expect_real_day": {"vi": "{expected} (không có ngày này)", "en": "{expected} (no such day)"},
    "expect_month": {
        "vi": "cần một tháng dạng YYYY-MM, ví dụ 2022-05 (hoặc 05/2022)",
        "en": "a month YYYY-MM, e.g. 2022-05 (or 05/2022)",
    },
    "expect_choice": {"vi": "cần một trong: {by_label}", "en": "one of {by_value}"},
    "expect_participant_ref": {
        "vi": "cần mã số BHXH gồm {digits} chữ số",
        "en": "a social insurance number of {digits} digits",
    },
    "expect_latitude": {"vi": "cần vĩ độ từ -90 đến 90", "en": "a latitude from -90 to 90"},
    "expect_longitude": {"vi": "cần kinh độ từ -180 đến 180", "en": "a longitude from -180 to 180"},
    "expect_months": {"vi": "cần số tháng", "en": "a number of months"},
    "expect_cycle": {
        "vi": "cần số tháng đóng: 1, 3, 6, 12 hoặc bội số của 12 đến 60",
        "en": "a number of months paid: 1, 3, 6, 12 or a multiple of 12 up to 60",
    },
    "expect_support": {
        "vi": "cần tỷ lệ NSNN hỗ trợ: 30 (hộ nghèo), 25 (cận nghèo), 10 (đối tượng khác) hoặc để "
        "trống",
        "en": "a state support percentage: 30 (poor), 25 (near-poor), 10 (others) or blank",
    },
    "expect_id_card": {
        "vi": "cần số CCCD 12 chữ số (hoặc CMND 9 chữ số) khi chưa có mã số BHXH",
        "en": "an ID card number of 12 digits (or 9 for an old one) when there is no social "
        "insurance number",
    },
    "expect_plate": {
        "vi": "cần biển số ô tô (29A-123.45) hoặc xe máy (29-B1 234.56), không phải “{plate}”; "
        "hoặc chọn loại xe",
        "en": "a plate of a car (29A-123.45) or a motorbike (29-B1 234.56), not “{plate}”; or "
        "choose the vehicle type",
    },
    # Places: the name resolver explains itself in both languages.
    "expect_place": {"vi": "{explanation}", "en": "{explanation}"},
    "expect_own_province": {
        "vi": "cần dòng thuộc tỉnh của bạn, {province} (biên tập viên chỉ nhập được tỉnh của mình)",
        "en": "a row of your province, {province} (an editor loads only their own province)",
    },
    "expect_agent_province_place": {
        "vi": "cần địa danh thuộc tỉnh của điểm thu (“{text}” thuộc tỉnh khác)",
        "en": "a place of the agent's province (“{text}” is in another province)",
    },
    # Rows.
    "expect_time_on_day": {
        "vi": "cần thời điểm trong ngày đăng ký {day} (giờ Việt Nam)",
        "en": "a time on the registration day {day} (Vietnam time)",
    },
    "expect_unique_row": {
        "vi": "mỗi {names} chỉ một dòng: dòng {row} đã có (các dòng không được cộng dồn)",
        "en": "one row per {names}: row {row} has the same (rows are not added up)",
    },
    "expect_event_unit": {
        "vi": "cần {unit} (vì cấp tổ chức là {level})",
        "en": "a {unit} (the event's level is {level})",
    },
    "unit_province": {"vi": "tỉnh", "en": "province"},
    "unit_district": {"vi": "huyện", "en": "district"},
    "unit_commune": {"vi": "xã", "en": "commune"},
    "warn_registration_dates": {
        "vi": "{count} ngày đăng ký {when} (dòng {rows}{more}): vẫn được nhập nhưng khung xem mặc "
        "định không tính",
        "en": "{count} registration date(s) {when} (rows {rows}{more}): they are imported but "
        "the default view does not count them",
    },
    "when_outside_campaign": {
        "vi": "ngoài thời gian chiến dịch ({start}–{end})",
        "en": "outside the campaign ({start}–{end})",
    },
    "when_future": {"vi": "trong tương lai", "en": "in the future"},
    # The real forms.
    "expect_title_month_province": {
        "vi": "cần tháng và tỉnh ở tiêu đề, ví dụ “BẢO HIỂM XÃ HỘI TỈNH HÀ GIANG” và "
        "“… THÁNG 5/2022”",
        "en": "the month and the province in the title, e.g. “BẢO HIỂM XÃ HỘI TỈNH HÀ GIANG” "
        "and “… THÁNG 5/2022”",
    },
    "expect_district_office": {
        "vi": "cần BHXH một huyện của {province}, ví dụ “BHXH huyện Vị Xuyên”",
        "en": "a district office of {province}, e.g. “BHXH huyện Vị Xuyên”",
    },
    "expect_stock_balance": {
        "vi": "cần {expected} = Kỳ trước {previous} + Tăng {up} − Giảm {down}",
        "en": "{expected} = Kỳ trước {previous} + Tăng {up} − Giảm {down}",
    },
    "expect_district_sum": {
        "vi": "cần {sum}, tổng các dòng huyện",
        "en": "{sum}, the sum of the district rows",
    },
    "expect_agent_name": {
        "vi": "cần tên điểm thu ở phần đầu, ví dụ “Tên đơn vị/Điểm thu: Bưu điện huyện Vị "
        "Xuyên” (bưu điện, đại lý thu hoặc cơ quan BHXH)",
        "en": "the agent's name in the title block, e.g. “Tên đơn vị/Điểm thu: Bưu điện huyện "
        "Vị Xuyên” (a post office, a collection agent or a social security office)",
    },
    "expect_agent_place": {
        "vi": "cần huyện và tỉnh của điểm thu ở phần đầu, ví dụ “Địa chỉ: …, huyện Vị Xuyên, "
        "tỉnh Hà Giang”",
        "en": "the agent's district and province in the title block, e.g. “Địa chỉ: …, "
        "huyện Vị Xuyên, tỉnh Hà Giang”",
    },
    "expect_receipt_date": {
        "vi": "cần cột “Ngày biên lai” (ngày đăng ký) hoặc ngày của văn bản "
        "(“ngày … tháng … năm …”)",
        "en": "a column “Ngày biên lai” (the receipt date, the registration date) or the "
        "document's date (“ngày … tháng … năm …”)",
    },
    "agent_post_office": {"vi": "Bưu điện", "en": "Post office"},
    "agent_collector": {"vi": "Đại lý thu", "en": "Collection agent"},
    "agent_vss_office": {"vi": "BHXH", "en": "Social security office"},
    "describe_agent": {"vi": "{word} {district}", "en": "{word} of {district}"},
    "describe_unknown_agent": {"vi": "điểm thu không rõ", "en": "an unknown agent"},
    "list_d05": {"vi": "Danh sách D05-TS", "en": "D05-TS list"},
    "list_d03": {"vi": "Danh sách D03-TS", "en": "D03-TS list"},
    "describe_list": {
        "vi": "{title} của {who}, {new} người tăng mới{more}",
        "en": "{title} of {who}, {new} new participants{more}",
    },
    "describe_left_out": {"vi": "; không tính: {items}", "en": "; left out: {items}"},
    "describe_continuing": {"vi": "{count} người đóng tiếp", "en": "{count} continuing"},
    "describe_decreases": {"vi": "{count} người giảm", "en": "{count} decreases"},
    "describe_pair": {"vi": "{first}, {second}", "en": "{first}, {second}"},
    "warn_counted_at_agent": {
        "vi": "{count} người có địa chỉ không ghi xã hoặc huyện trong tỉnh: tính vào huyện của "
        "điểm thu",
        "en": "Participants counted at the agent's district (their address names no commune "
        "or district of the province): {count}",
    },
    "describe_development": {
        "vi": "Báo cáo phát triển người tham gia của {where}, tháng {month}, {rows} huyện",
        "en": "Development report of {where}, month {month}, {rows} districts",
    },
    "describe_development_plan": {
        "vi": "{report}: {stock} người tham gia, đạt {share}% kế hoạch năm ({plan})",
        "en": "{report}: {stock} participants, {share}% of the year's plan ({plan})",
    },
    "describe_tracker": {
        "vi": "Báo cáo hành trình xe {name}: {points} điểm, {stops} điểm dừng",
        "en": "Tracker report of {name}: {points} points, {stops} stops",
    },
    "describe_kml": {
        "vi": "Tệp KML của {names}: {points} điểm",
        "en": "KML of {names}: {points} points",
    },
    "describe_gpx": {"vi": "Lộ trình GPX: {points} điểm", "en": "GPX track: {points} points"},
    "describe_zip": {
        "vi": "Tệp ZIP gồm {members} tệp lộ trình: {points} điểm",
        "en": "ZIP of {members} track files: {points} points",
    },
    "describe_template": {
        "vi": "{title} ({form}), {rows} dòng",
        "en": "{title} ({form}), {rows} rows",
    },
    # What an import did (the command line's lines).
    "summary_recognised": {"vi": "nhận dạng: {what}", "en": "recognised: {what}"},
    "summary_imported": {
        "vi": "{name}: lần nhập #{id} ({kind}): đọc {rows} dòng, thêm {added}{skipped}.",
        "en": "{name}: import #{id} of {kind}: {rows} rows read, {added} added{skipped}.",
    },
    "summary_skipped": {
        "vi": ", bỏ qua {count} (người tham gia đã có)",
        "en": ", {count} skipped (participants already imported)",
    },
    "summary_sample_set_aside": {
        "vi": "{summary} Dữ liệu mẫu đã được gỡ bỏ: từ nay chỉ tính dữ liệu thật.",
        "en": "{summary} The sample data was set aside: only real data is counted from now on.",
    },
    "summary_already_imported": {
        "vi": "{name}: đã nhập ở lần nhập #{id} lúc {when} bởi {by}; không thêm gì.",
        "en": "{name}: already imported as import #{id} on {when} by {by}; nothing added.",
    },
    "summary_rejected": {
        "vi": "{name}: bị từ chối, {count} lỗi; không ghi gì.",
        "en": "{name}: rejected, {count} problem(s); nothing written.",
    },
    "warn_sample_to_be_set_aside": {
        "vi": "Đang hiển thị dữ liệu mẫu: nhập tệp này sẽ gỡ bỏ toàn bộ dữ liệu mẫu (mọi loại, "
        "mọi tỉnh) để chỉ tính dữ liệu thật.",
        "en": "The sample data is shown now: importing this file sets it aside (every kind, "
        "every province), so that only real data is counted.",
    },
}
