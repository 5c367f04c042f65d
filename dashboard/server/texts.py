"""Text of the sign-in page, the refusals and the error pages, in Vietnamese and English."""

from __future__ import annotations

from typing import Final

from dashboard.i18n import normalise_language

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "sign_in": {"vi": "Đăng nhập", "en": "Sign in"},
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


def text(key: str, lang: str | None, **values: object) -> str:
    """The message ``key`` in ``lang`` (Vietnamese if unknown), with ``values`` filled in."""
    message = MESSAGES[key][normalise_language(lang)]
    return message.format(**values) if values else message
