"""Component ids, named once so layouts, callbacks and browser tests agree."""

# The shell: present on every page.
URL = "url"
PAGE = "page"
PAGE_KEY = "page-key"
FOOTER = "footer"
SCREEN = "screen"
DEFAULT_LANG = "default-lang"
HEADER_BRAND = "header-brand"
HEADER_TOOLS = "header-tools"

# Header and footer.
LANG_VI = "lang-vi"
LANG_EN = "lang-en"
SAMPLE_BANNER = "sample-banner"
NAV = "nav"

# The overview (map) screen.
OVERVIEW_URL = "overview-url"
MAP = "map"
METRIC = "metric"
BACK = "back-to-national"
VIEW_TITLE = "view-title"
NATIONAL_GAUGE = "national-gauge"
PROVINCE_GAUGE = "province-gauge"
PROVINCE_PANEL = "province-panel"
BOUNDARY_NOTE = "boundary-note"
