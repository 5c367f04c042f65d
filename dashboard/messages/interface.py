"""The interface's texts: the screens, the server's own pages (sign-in, refusals, errors) and
the labels of the importer's problem table."""

from __future__ import annotations

from typing import Final

INTERFACE: Final[dict[str, dict[str, str]]] = {
    "app_title": {"vi": "Điểm tựa", "en": "Điểm tựa"},
    "campaign_name": {
        "vi": "BHXH - Điểm tựa cho bạn và gia đình",
        "en": "Social insurance: a fulcrum for you and your family",
    },
    "campaign_subtitle": {
        "vi": "Chiến dịch truyền thông BHXH tự nguyện 2022 · KHLT 1731/KHLT-BHXH-BĐVN",
        "en": "2022 voluntary social insurance campaign · Joint Plan 1731/KHLT-BHXH-BĐVN",
    },
    "sample_badge": {"vi": "Dữ liệu mẫu", "en": "Sample data"},
    "sample_note": {
        "vi": "Bản đồ đang hiển thị dữ liệu mẫu tạo tự động, không phải số liệu thật.",
        "en": "The map shows generated sample data, not real figures.",
    },
    "geography": {"vi": "Địa giới", "en": "Boundaries"},
    "geography_2022": {"vi": "2022 ({provinces} tỉnh)", "en": "2022 ({provinces} provinces)"},
    "geography_2025": {"vi": "2025 ({provinces} tỉnh)", "en": "2025 ({provinces} provinces)"},
    "scheme": {"vi": "Phân lớp", "en": "Classes"},
    "scheme_quantiles": {"vi": "Phân vị", "en": "Quantiles"},
    "scheme_equal_interval": {"vi": "Khoảng đều", "en": "Equal intervals"},
    "scheme_natural_breaks": {"vi": "Ngắt tự nhiên", "en": "Natural breaks"},
    "region": {"vi": "Vùng", "en": "Region"},
    "all_regions": {"vi": "Tất cả các vùng", "en": "All regions"},
    "all_provinces": {"vi": "Tất cả các tỉnh", "en": "All provinces"},
    "all_districts": {"vi": "Tất cả quận, huyện", "en": "All districts"},
    "date_range": {"vi": "Thời gian", "en": "Period"},
    "date_from": {"vi": "Từ ngày", "en": "From"},
    "date_to": {"vi": "Đến ngày", "en": "To"},
    "channels": {"vi": "Kênh đăng ký", "en": "Channels"},
    "channel_vss_office": {"vi": "Cơ quan BHXH", "en": "VSS office"},
    "channel_post_office": {"vi": "Bưu điện", "en": "Post office"},
    "channel_online": {"vi": "Trực tuyến", "en": "Online"},
    "channel_collector": {"vi": "Đại lý thu", "en": "Collection agent"},
    "channel_event": {"vi": "Tại hội nghị", "en": "At an event"},
    "metric_coverage": {"vi": "Tỷ lệ bao phủ", "en": "Coverage"},
    "metric_coverage_unit": {
        "vi": "% lực lượng lao động trong độ tuổi",
        "en": "% of the working-age labour force",
    },
    "metric_coverage_per_1000_unit": {"vi": "người / 1.000 dân", "en": "per 1,000 inhabitants"},
    "metric_target_share": {"vi": "Tỷ lệ hoàn thành chỉ tiêu", "en": "Share of target"},
    "metric_target_share_unit": {"vi": "% chỉ tiêu", "en": "% of target"},
    "metric_events": {"vi": "Số hội nghị", "en": "Events held"},
    "metric_events_unit": {"vi": "hội nghị", "en": "events"},
    "metric_attendance": {"vi": "Người dự hội nghị", "en": "Event attendance"},
    "metric_attendance_unit": {"vi": "người dự", "en": "attendees"},
    "national_view_2025": {
        "vi": "Toàn quốc ({provinces} tỉnh, 2025)",
        "en": "Whole country ({provinces} provinces, 2025)",
    },
    "click_hint_2025": {
        "vi": "Bấm vào một tỉnh để xem tiến độ. Địa giới 2025: cộng số liệu 2022.",
        "en": "Click a province for its progress. 2025 boundaries: 2022 figures summed.",
    },
    "click_hint_district": {
        "vi": "Bấm vào một quận, huyện để chọn; bấm lần nữa để bỏ chọn.",
        "en": "Click a district to select it; click again to clear.",
    },
    "pace_title": {
        "vi": "Tiến độ lũy kế so với nhịp cần đạt",
        "en": "Running total against the pace needed",
    },
    "pace_actual": {"vi": "Lũy kế thực tế", "en": "Actual running total"},
    "pace_needed": {"vi": "Nhịp cần đạt", "en": "Pace needed"},
    "ranking_title": {"vi": "Xếp hạng các tỉnh", "en": "Provinces ranked"},
    "ranking_title_districts": {
        "vi": "Xếp hạng các quận, huyện của {province}",
        "en": "Districts of {province} ranked",
    },
    "ranking_click_hint": {
        "vi": "Bấm vào một dòng để chọn địa bàn đó.",
        "en": "Click a row to select that area.",
    },
    "hover_rank": {"vi": "Hạng {rank}/{count}", "en": "Rank {rank} of {count}"},
    "hover_needed_per_day": {
        "vi": "Cần {count} người/ngày để đạt chỉ tiêu trước {deadline}",
        "en": "Needs {count} a day to reach the target by {deadline}",
    },
    "import_undo_confirm": {
        "vi": "Gỡ lần nhập đã chọn? Mọi dòng của lần nhập đó sẽ bị xóa khỏi bảng điều khiển.",
        "en": "Undo the selected import? Every row it added is taken out of the dashboard.",
    },
    "freshness_national": {"vi": "Số liệu cập nhật lúc {when}", "en": "Figures updated {when}"},
    "freshness_area": {
        "vi": "Lần nhập gần nhất của {name}: {when}",
        "en": "{name} last loaded {when}",
    },
    "freshness_none": {"vi": "{name}: chưa có lần nhập nào", "en": "{name}: nothing loaded yet"},
    "ranking_last_import": {"vi": "Lần nhập cuối", "en": "Last loaded"},
    "print_view": {"vi": "Bản in A4", "en": "A4 print view"},
    "download_image": {"vi": "Tải ảnh", "en": "Download image"},
    "hover_target_reached": {"vi": "Đã đạt chỉ tiêu", "en": "Target reached"},
    "export_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "rank": {"vi": "Hạng", "en": "Rank"},
    "no_target": {"vi": "Chưa có chỉ tiêu", "en": "No target loaded"},
    "screen_import": {"vi": "Nhập dữ liệu", "en": "Load data"},
    "import_title": {"vi": "Nhập dữ liệu", "en": "Load data"},
    "import_intro": {
        "vi": "Tải tệp lên (mẫu D05-TS, D03-TS, báo cáo phát triển, báo cáo hành trình, KML, "
        "ZIP, hoặc tệp CSV, XLSX, GPX theo mẫu), xem trước rồi xác nhận. Loại tệp được tự "
        "nhận dạng. Tệp có lỗi sẽ không được ghi; nhập lại cùng một tệp không thêm gì.",
        "en": "Upload a file (a D05-TS or D03-TS list, a development report, a tracker report, "
        "KML, ZIP, or a CSV, XLSX or GPX template), check the preview, then confirm. The kind "
        "is recognised. A file with problems writes nothing; the same file twice adds nothing.",
    },
    "import_sign_in_needed": {
        "vi": "Cần đăng nhập bằng tài khoản biên tập viên để nhập dữ liệu.",
        "en": "Importing needs an editor's account.",
    },
    "import_national_admin_only": {
        "vi": "Tệp có dòng cấp trung ương (không thuộc tỉnh nào): "
        "chỉ quản trị viên được nhập hoặc hủy.",
        "en": "The file has national rows (in no province): "
        "only an administrator may load or undo it.",
    },
    "sign_in": {"vi": "Đăng nhập", "en": "Sign in"},
    "import_signed_in_as": {
        "vi": "Đăng nhập: {name} ({role}, {where}).",
        "en": "Signed in as {name} ({role}, {where}).",
    },
    "import_kind": {"vi": "Loại dữ liệu", "en": "Kind of data"},
    "kind_enrollments": {"vi": "Người tham gia mới", "en": "Enrollments"},
    "kind_participants": {"vi": "Số người tham gia", "en": "Participants"},
    "kind_targets": {"vi": "Chỉ tiêu", "en": "Targets"},
    "kind_events": {"vi": "Hội nghị", "en": "Events"},
    "kind_routes": {"vi": "Lộ trình xe tuyên truyền", "en": "Vehicle routes"},
    "import_drop": {
        "vi": "Kéo thả tệp vào đây hoặc bấm để chọn (tối đa {mb} MB)",
        "en": "Drop a file here or click to choose one (up to {mb} MB)",
    },
    "import_sending": {"vi": "Đang gửi tệp: {percent} %", "en": "Sending the file: {percent} %"},
    "import_checking": {"vi": "Đang kiểm tra tệp…", "en": "Checking the file…"},
    "import_send_failed": {
        "vi": "Không gửi được tệp (mạng hoặc máy chủ). Hãy thử lại.",
        "en": "The file could not be sent (network or server). Try again.",
    },
    "import_confirm": {"vi": "Xác nhận nhập", "en": "Confirm import"},
    "import_download_problems": {"vi": "Tải danh sách lỗi (CSV)", "en": "Download problems (CSV)"},
    "import_problems": {"vi": "Lỗi", "en": "Problems"},
    "import_preview": {"vi": "Xem trước các dòng đầu", "en": "First rows"},
    "import_log": {"vi": "Nhật ký nhập", "en": "Import log"},
    "import_undo": {"vi": "Hủy lần nhập đã chọn", "en": "Undo the selected import"},
    "import_unreadable": {
        "vi": "Không đọc được tệp tải lên.",
        "en": "The upload could not be read.",
    },
    "import_already": {
        "vi": "{name}: đã được nhập (lần nhập #{id}); nhập lại sẽ không thêm gì.",
        "en": "{name}: already imported (import #{id}); importing again adds nothing.",
    },
    "import_ready": {
        "vi": "{name}: {rows} dòng, không có lỗi. Bấm Xác nhận để ghi.",
        "en": "{name}: {rows} rows, no problems. Confirm to write them.",
    },
    "import_rejected": {
        "vi": "{name}: {count} lỗi, không thể nhập. Sửa tệp rồi tải lại.",
        "en": "{name}: {count} problem(s); it cannot be imported. Fix the file, upload it again.",
    },
    "import_select_first": {"vi": "Hãy chọn một lần nhập.", "en": "Select an import first."},
    "import_preview_editors_only": {
        "vi": "Chỉ biên tập viên tỉnh và quản trị viên được tải tệp lên để kiểm tra. "
        "Hãy đăng nhập bằng tài khoản biên tập viên.",
        "en": "Only provincial editors and administrators may upload files for checking. "
        "Sign in with an editor's account.",
    },
    "import_unknown_kind": {
        "vi": "Loại dữ liệu không hợp lệ: hãy chọn một loại trong danh sách.",
        "en": "Unknown kind of data: choose one from the list.",
    },
    "import_bad_selection": {
        "vi": "Lần nhập đã chọn không hợp lệ. Hãy tải lại trang và chọn lại.",
        "en": "The selected import is not valid. Reload the page and select it again.",
    },
    "import_expired": {
        "vi": "Tệp đã kiểm tra không còn được giữ (quá 2 giờ hoặc đã nhập). Hãy tải tệp lên lại.",
        "en": "The checked file is no longer kept (over 2 hours, or imported). Upload it again.",
    },
    "import_busy": {
        "vi": "Cơ sở dữ liệu đang bận (một lần nhập hoặc hủy khác đang chạy). "
        "Hãy thử lại sau một phút.",
        "en": "The database is busy (another import or undo is running). Try again in a minute.",
    },
    "import_started": {
        "vi": "Đang ghi {rows} dòng của {name} ở chế độ nền; có thể để trang này mở.",
        "en": "Writing {rows} rows of {name} in the background; keep this page open.",
    },
    "import_progress_writing": {
        "vi": "Đang ghi {rows} dòng…",
        "en": "Writing {rows} rows…",
    },
    "import_undo_admin_only": {
        "vi": "Lần nhập #{id} không còn dòng dữ liệu nào để biết thuộc tỉnh nào: "
        "chỉ người đã nhập hoặc quản trị viên được hủy.",
        "en": "Import #{id} has no rows left that tell its province: "
        "only whoever loaded it or an administrator may undo it.",
    },
    "import_undone": {"vi": "Đã hủy lần nhập #{id}.", "en": "Import #{id} undone."},
    "problem_file": {"vi": "Tệp", "en": "File"},
    "problem_row": {"vi": "Dòng", "en": "Row"},
    "problem_column": {"vi": "Cột", "en": "Column"},
    "problem_value": {"vi": "Giá trị", "en": "Value"},
    "problem_expected": {"vi": "Cần có", "en": "Expected"},
    "problem_message": {"vi": "Mô tả", "en": "Message"},
    "log_id": {"vi": "Số", "en": "No."},
    "log_kind": {"vi": "Loại", "en": "Kind"},
    "log_file_name": {"vi": "Tệp", "en": "File"},
    "log_imported_by": {"vi": "Người nhập", "en": "By"},
    "log_imported_at": {"vi": "Thời điểm (UTC)", "en": "When (UTC)"},
    "log_row_count": {"vi": "Số dòng", "en": "Rows"},
    "log_added_count": {"vi": "Đã thêm", "en": "Added"},
    "log_undone": {"vi": "Đã hủy", "en": "Undone"},
    "yes": {"vi": "Có", "en": "Yes"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "screen_overview": {"vi": "Bản đồ", "en": "Map"},
    "metric": {"vi": "Chỉ số hiển thị", "en": "Map shows"},
    "metric_new_enrollments": {"vi": "Người tham gia mới", "en": "New participants"},
    "metric_per_10k": {"vi": "Trên 10.000 dân", "en": "Per 10,000 inhabitants"},
    "metric_new_enrollments_unit": {"vi": "người", "en": "people"},
    "metric_per_10k_unit": {"vi": "người / 10.000 dân", "en": "per 10,000 inhabitants"},
    "national_view": {"vi": "Toàn quốc", "en": "Whole country"},
    "filters": {"vi": "Bộ lọc ▾", "en": "Filters ▾"},
    "tour_nation": {"vi": "Toàn quốc: {share} chỉ tiêu", "en": "Whole country: {share} of target"},
    "tour_region": {"vi": "Vùng {region}: {share} chỉ tiêu", "en": "{region}: {share} of target"},
    "tour_slowest": {
        "vi": "{province}: tỉnh chậm nhất vùng {region}, {share} chỉ tiêu",
        "en": "{province}: furthest behind in {region}, {share} of target",
    },
    "tour_running": {"vi": "▶ Đang trình chiếu", "en": "▶ Touring"},
    "tour_paused": {"vi": "⏸ Tạm dừng", "en": "⏸ Paused"},
    "tour_keys": {
        "vi": "Phím cách: tạm dừng/tiếp tục · ← →: điểm trước/sau",
        "en": "Space: pause/resume · ← →: previous/next",
    },
    "archipelago_hoang_sa": {"vi": "Quần đảo Hoàng Sa", "en": "Hoàng Sa Archipelago"},
    "archipelago_truong_sa": {"vi": "Quần đảo Trường Sa", "en": "Trường Sa Archipelago"},
    "back_to_national": {"vi": "← Quay lại", "en": "← Back"},
    "click_hint": {
        "vi": "Bấm vào một tỉnh để xem các quận, huyện.",
        "en": "Click a province to see its districts.",
    },
    "national_progress": {"vi": "Tiến độ toàn quốc", "en": "National progress"},
    "target": {"vi": "Chỉ tiêu", "en": "Target"},
    "of_target": {"vi": "so với chỉ tiêu", "en": "of target"},
    "province": {"vi": "Tỉnh/Thành phố", "en": "Province"},
    "district": {"vi": "Quận/Huyện", "en": "District"},
    "no_data": {"vi": "Chưa có số liệu", "en": "No data"},
    "no_district_boundaries": {
        "vi": "Chưa có ranh giới cho {count} quận/huyện của tỉnh này: {names}.",
        "en": "No boundaries yet for {count} districts of this province: {names}.",
    },
    "population_2019": {"vi": "Dân số 2019", "en": "Population 2019"},
    "data_period": {
        "vi": "Số liệu từ {start} đến {end}",
        "en": "Figures from {start} to {end}",
    },
    "attribution": {
        "vi": "Ranh giới: {sources}. Dân số: Tổng điều tra 2019 (TCTK). "
        "Nhãn bản đồ: phông Noto Sans (SIL Open Font License 1.1).",
        "en": "Boundaries: {sources}. Population: 2019 census (GSO). "
        "Map labels: Noto Sans font (SIL Open Font License 1.1).",
    },
    # The credits of geodata.build.ATTRIBUTION in each language (a test ties the licences).
    "boundary_credits": {
        "vi": "ranh giới tỉnh © Open Development Mekong, “Địa phận tỉnh” (Cục Đo đạc, Bản đồ "
        "và Thông tin địa lý Việt Nam), giản lược và gắn mã TCTK (CC BY-SA 4.0); tỉnh năm 2025 "
        "hợp nhất từ các tỉnh năm 2022 đó (CC BY-SA 4.0); ranh giới quận, huyện từ bản đồ hành "
        "chính của Chính phủ (gis.chinhphu.vn) qua daohoangson/dvhcvn (GPL-3.0); quận, huyện "
        "của Quảng Ninh: Who's On First (Mesoshapes) (CC0 1.0)",
        "en": "province boundaries © Open Development Mekong, “Địa phận tỉnh” (Department of "
        "Survey and Mapping, Viet Nam), simplified and re-coded to GSO codes (CC BY-SA 4.0); "
        "provinces of 2025 dissolved from those provinces of 2022 (CC BY-SA 4.0); district "
        "boundaries from the Government administrative map (gis.chinhphu.vn) as extracted by "
        "daohoangson/dvhcvn (GPL-3.0); Quảng Ninh districts: Who's On First (Mesoshapes) "
        "(CC0 1.0)",
    },
    # The routes screen (mobile propaganda vehicles).
    "screen_routes": {"vi": "Xe tuyên truyền", "en": "Mobile routes"},
    "play": {"vi": "Phát", "en": "Play"},
    "pause": {"vi": "Tạm dừng", "en": "Pause"},
    "route_reached": {"vi": "Đã đến", "en": "Reached"},
    "route_not_reached": {"vi": "Chưa đến", "en": "Not reached yet"},
    "route_stops": {"vi": "Điểm dừng", "en": "Stops"},
    "route_vehicles": {"vi": "Xe", "en": "Vehicles"},
    "route_province_border": {"vi": "Ranh giới tỉnh", "en": "Province boundary"},
    "route_district_totals": {
        "vi": "Tổng theo quận/huyện (cỡ: số người)",
        "en": "Totals per district (size: people)",
    },
    "people_reached": {"vi": "Người được tuyên truyền", "en": "People reached"},
    "vehicle_car": {"vi": "Ô tô", "en": "Car"},
    "vehicle_motorbike": {"vi": "Xe máy", "en": "Motorbike"},
    "vehicles_active": {"vi": "Xe hoạt động trong ngày", "en": "Vehicles out that day"},
    "no_vehicles": {"vi": "Không có xe nào hoạt động", "en": "No vehicle out"},
    "people_reached_day": {
        "vi": "Người được tuyên truyền trong ngày",
        "en": "People reached that day",
    },
    "people_reached_so_far": {"vi": "Lũy kế đến ngày này", "en": "Cumulative to that day"},
    "districts_reached": {"vi": "Quận/huyện đã đến", "en": "Districts reached"},
    "stops_of_day": {"vi": "Điểm dừng trong ngày ({count})", "en": "Stops that day ({count})"},
    "no_routes": {"vi": "Chưa có hành trình xe", "en": "No vehicle routes yet"},
    # The events screen.
    "screen_events": {"vi": "Hội nghị", "en": "Events"},
    "screen_launch": {"vi": "Ngày phát động", "en": "Launch day"},
    "launch_title": {
        "vi": "{product}: người tham gia mới theo giờ, {day}",
        "en": "{product}: new participants hour by hour, {day}",
    },
    "launch_hour": {"vi": "Giờ (giờ Việt Nam)", "en": "Hour (Vietnam time)"},
    "launch_per_hour": {"vi": "Người đăng ký trong giờ", "en": "Registrations in the hour"},
    "launch_running": {"vi": "Lũy kế", "en": "Running total"},
    "launch_target": {"vi": "Chỉ tiêu", "en": "Target"},
    "launch_passed": {"vi": "Vượt chỉ tiêu", "en": "Target passed"},
    "launch_counter_note": {
        "vi": "người tham gia lũy kế; {day} trong ngày ({untimed} chưa ghi giờ)",
        "en": "participants so far; {day} on the day ({untimed} without a time)",
    },
    "event_level": {"vi": "Cấp tổ chức", "en": "Level"},
    "level_central": {"vi": "Cấp trung ương", "en": "Central"},
    "place_central": {"vi": "Trung ương", "en": "Central (national)"},
    "level_province": {"vi": "Cấp tỉnh", "en": "Province"},
    "level_district": {"vi": "Cấp huyện", "en": "District"},
    "level_commune": {"vi": "Cấp xã", "en": "Commune"},
    "events_list": {"vi": "Danh sách hội nghị", "en": "List of events"},
    "events_totals": {"vi": "Tổng cộng", "en": "Totals"},
    "event_date": {"vi": "Ngày", "en": "Date"},
    "event_place": {"vi": "Địa điểm", "en": "Place"},
    "attendees": {"vi": "Người dự", "en": "Attendees"},
    "online_viewers": {"vi": "Người xem trực tuyến", "en": "Online viewers"},
    "leads": {"vi": "Người đăng ký tìm hiểu", "en": "Leads"},
    "kickoff": {"vi": "Lễ phát động trực tuyến toàn quốc", "en": "National online kickoff"},
    "no_kickoff": {"vi": "Chưa có số liệu lễ phát động", "en": "No kickoff recorded"},
    # The upload screen's preview, in the officer's words: kinds, columns and values.
    "kind_auto": {"vi": "Tự nhận dạng theo nội dung tệp", "en": "Recognise from the file"},
    "import_vehicle_type": {
        "vi": "Loại xe (khi tệp không ghi)",
        "en": "Vehicle type (if not in the file)",
    },
    "vehicle_from_file": {"vi": "Theo tệp / biển số", "en": "From the file / plate"},
    "import_recognised": {"vi": "Nhận dạng: {what}", "en": "Recognised: {what}"},
    "col_row": {"vi": "Dòng", "en": "Row"},
    "col_registered_on": {"vi": "Ngày đăng ký", "en": "Registered on"},
    "col_registered_at": {"vi": "Giờ đăng ký", "en": "Registration time"},
    "col_product": {"vi": "Loại hình", "en": "Product"},
    "value_product_bhxh_tu_nguyen": {"vi": "BHXH tự nguyện", "en": "Voluntary social insurance"},
    "value_product_bhyt_ho_gia_dinh": {
        "vi": "BHYT hộ gia đình",
        "en": "Household health insurance",
    },
    # The product switch and the national summary of both products (every screen it applies to).
    "product": {"vi": "Loại hình bảo hiểm", "en": "Insurance product"},
    "products_summary": {
        "vi": "Loại hình bảo hiểm (số liệu toàn quốc)",
        "en": "Insurance product (national figures)",
    },
    "no_target_set": {"vi": "Chưa đặt chỉ tiêu", "en": "No target set"},
    "col_province_code": {"vi": "Tỉnh/Thành phố", "en": "Province"},
    "col_district_code": {"vi": "Quận/Huyện", "en": "District"},
    "col_commune_code": {"vi": "Xã/Phường", "en": "Commune"},
    "col_channel": {"vi": "Kênh", "en": "Channel"},
    "col_sex": {"vi": "Giới tính", "en": "Sex"},
    "col_birth_year": {"vi": "Năm sinh", "en": "Year of birth"},
    "col_monthly_income_vnd": {"vi": "Mức thu nhập (đồng/tháng)", "en": "Income (VND a month)"},
    "col_payment_cycle": {"vi": "Phương thức đóng", "en": "Payment cycle"},
    "col_support_group": {"vi": "Đối tượng hỗ trợ", "en": "Support group"},
    "col_participant_ref": {"vi": "Mã số BHXH / CCCD", "en": "Social insurance / ID no."},
    "col_period": {"vi": "Tháng", "en": "Month"},
    "col_voluntary_participants": {"vi": "Số người tham gia", "en": "Participants"},
    "col_labour_force": {
        "vi": "Lực lượng lao động trong độ tuổi",
        "en": "Working-age labour force",
    },
    "col_increase": {"vi": "Tăng", "en": "Joined"},
    "col_decrease": {"vi": "Giảm", "en": "Left"},
    "col_year_plan": {"vi": "Kế hoạch giao năm", "en": "Year's plan"},
    "col_target_new_participants": {"vi": "Chỉ tiêu", "en": "Target"},
    "col_held_on": {"vi": "Ngày tổ chức", "en": "Held on"},
    "col_level": {"vi": "Cấp", "en": "Level"},
    "col_kind": {"vi": "Hình thức", "en": "Kind"},
    "col_attendees": {"vi": "Số người tham dự", "en": "Attendees"},
    "col_online_viewers": {"vi": "Lượt xem trực tuyến", "en": "Online viewers"},
    "col_leads": {"vi": "Số người có nhu cầu", "en": "Leads"},
    "col_vehicle_id": {"vi": "Biển số", "en": "Vehicle"},
    "col_vehicle_type": {"vi": "Loại xe", "en": "Vehicle type"},
    "col_recorded_at": {"vi": "Thời gian", "en": "Time"},
    "col_lat": {"vi": "Vĩ độ", "en": "Latitude"},
    "col_lon": {"vi": "Kinh độ", "en": "Longitude"},
    "col_stop_name": {"vi": "Điểm dừng", "en": "Stop"},
    "col_people_reached": {"vi": "Số người tiếp cận", "en": "People reached"},
    "col_leaflets": {"vi": "Số tờ rơi", "en": "Leaflets"},
    "value_sex_male": {"vi": "Nam", "en": "Male"},
    "value_sex_female": {"vi": "Nữ", "en": "Female"},
    "value_payment_cycle_monthly": {"vi": "Hằng tháng", "en": "Monthly"},
    "value_payment_cycle_quarterly": {"vi": "3 tháng", "en": "Quarterly"},
    "value_payment_cycle_semiannual": {"vi": "6 tháng", "en": "Half-yearly"},
    "value_payment_cycle_annual": {"vi": "12 tháng", "en": "Yearly"},
    "value_payment_cycle_multi_year": {"vi": "Nhiều năm", "en": "Several years"},
    "value_payment_cycle_lump_sum": {"vi": "Một lần", "en": "Lump sum"},
    "value_support_group_poor": {"vi": "Hộ nghèo", "en": "Poor household"},
    "value_support_group_near_poor": {"vi": "Hộ cận nghèo", "en": "Near-poor household"},
    "value_support_group_other": {"vi": "Đối tượng khác", "en": "Others"},
    "value_kind_online_kickoff": {"vi": "Phát động trực tuyến", "en": "Online kickoff"},
    "value_kind_conference": {"vi": "Hội nghị", "en": "Conference"},
    "value_kind_mobile_propaganda": {"vi": "Tuyên truyền lưu động", "en": "Mobile propaganda"},
    "value_kind_counselling": {"vi": "Tư vấn", "en": "Counselling"},
    # --- the server's own pages: sign-in, refusals, errors (dashboard/server) ---
    "sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    "sign_in_title": {
        "vi": "Đăng nhập để nhập và quản lý dữ liệu",
        "en": "Sign in to import and manage data",
    },
    "user_name": {"vi": "Tên đăng nhập", "en": "User name"},
    "password": {"vi": "Mật khẩu", "en": "Password"},
    "bad_credentials": {
        "vi": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "en": "Wrong user name or password.",
    },
    "too_many_attempts": {
        "vi": "Quá nhiều lần đăng nhập sai. Hãy thử lại sau {minutes} phút.",
        "en": "Too many failed sign-ins. Try again in {minutes} minutes.",
    },
    "form_expired": {
        "vi": "Biểu mẫu đã hết hạn. Hãy tải lại trang và thử lại.",
        "en": "The form has expired. Reload the page and try again.",
    },
    "signed_in_as": {"vi": "Đang đăng nhập: {name} ({role})", "en": "Signed in as {name} ({role})"},
    "back_to_dashboard": {"vi": "← Về bảng điều khiển", "en": "← Back to the dashboard"},
    "other_language": {"vi": "English", "en": "Tiếng Việt"},
    "role_viewer": {"vi": "người xem", "en": "viewer"},
    "role_editor": {"vi": "biên tập viên tỉnh", "en": "provincial editor"},
    "role_admin": {"vi": "quản trị viên", "en": "administrator"},
    "refuse_not_signed_in": {
        "vi": "Cần đăng nhập bằng tài khoản biên tập viên để nhập hoặc hoàn tác dữ liệu.",
        "en": "Sign in with an editor account to import or undo data.",
    },
    "refuse_viewer": {
        "vi": "Tài khoản {name} chỉ được xem, không được nhập hoặc hoàn tác dữ liệu.",
        "en": "Account {name} may view only, not import or undo data.",
    },
    "refuse_province": {
        "vi": "Tài khoản {name} chỉ được nhập và hoàn tác dữ liệu của {own}, không phải {other}.",
        "en": "Account {name} may import and undo data of {own} only, not of {other}.",
    },
    "too_large": {
        "vi": "Tệp quá lớn: tối đa {limit} MB. Hãy chia tệp thành nhiều phần rồi nhập lần lượt.",
        "en": "The file is too large: at most {limit} MB. Split it and import the parts in turn.",
    },
    "forbidden_origin": {
        "vi": "Yêu cầu bị từ chối vì không đến từ trang của ứng dụng. Hãy tải lại trang.",
        "en": "Request refused: it did not come from the app's own page. Reload the page.",
    },
    "database_unavailable": {
        "vi": "Cơ sở dữ liệu tạm thời không trả lời. Hãy thử lại sau ít phút.",
        "en": "The database is not answering for now. Try again in a few minutes.",
    },
    "sign_in_required": {
        "vi": "Cần đăng nhập để xem bảng điều khiển.",
        "en": "Sign in to view the dashboard.",
    },
}
