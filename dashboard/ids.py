"""Component ids, named once so layouts, callbacks and browser tests agree."""

# The shell: present on every page.
URL = "url"
PAGE = "page"
DRAWN_VIEW = "drawn-view"  # the view a layout arrived drawn for, until the URL confirms it
DEFAULT_LANG = "default-lang"
SCREEN = "screen"
FOOTER = "footer"
HEADER_BRAND = "header-brand"
HEADER_TOOLS = "header-tools"

# Header and footer.
LANG_VI = "lang-vi"
LANG_EN = "lang-en"
SAMPLE_BANNER = "sample-banner"
NAV = "nav"
NAV_PATHS = "nav-paths"

# The overview (map) screen.
OVERVIEW_URL = "overview-url"
DATA_VERSION = "data-version"
REFRESH = "refresh"
TOUR = "tour"
TOUR_PLAN = "tour-plan"
TOUR_BAR = "tour-bar"
MAP = "map"
MAP_HINT = "map-hint"
BACK = "back-to-national"
VIEW_TITLE = "view-title"
VIEW_SUBTITLE = "view-subtitle"
NATIONAL_GAUGE = "national-gauge"
PROVINCE_GAUGE = "province-gauge"
PROVINCE_PANEL = "province-panel"
BOUNDARY_NOTE = "boundary-note"
CUMULATIVE = "cumulative"
RANKING = "ranking"
RANKING_HOLDER = "ranking-holder"
# A one-shot timer: the grid (and its scripts' work) comes after the map's first view. Ids
# ending in "-later" are shared answers (dashboard.server.answers).
RANKING_LATER = "ranking-later"
RANKING_EXPORT = "ranking-export"

# The overview's filter panel.
METRIC = "metric"
GEOGRAPHY = "geography"
SCHEME = "scheme"
REGION = "region"
PROVINCE = "province"
DISTRICT = "district"
DATES = "dates"
CHANNELS = "channels"

# The import screen.
IMPORT_URL = "import-url"
IMPORT_FILE = "import-file"
IMPORT_KIND = "import-kind"
IMPORT_VEHICLE_TYPE = "import-vehicle-type"
IMPORT_UPLOAD = "import-upload"
IMPORT_SUMMARY = "import-summary"
IMPORT_CONFIRM = "import-confirm"
IMPORT_RESULT = "import-result"
IMPORT_PREVIEW = "import-preview"
IMPORT_PROBLEMS = "import-problems"
IMPORT_PROBLEMS_BUTTON = "import-problems-button"
IMPORT_PROBLEMS_DOWNLOAD = "import-problems-download"
IMPORT_LOG = "import-log"
IMPORT_UNDO = "import-undo"
IMPORT_JOB = "import-job"
IMPORT_JOB_DONE = "import-job-done"
IMPORT_PROGRESS = "import-progress"

# The routes screen (mobile propaganda vehicles).
ROUTES_URL = "routes-url"
ROUTES_MAP = "routes-map"
ROUTES_SLIDER = "routes-day"
ROUTES_PLAY = "routes-play"
ROUTES_TICK = "routes-tick"
ROUTES_TITLE = "routes-title"
ROUTES_PANEL = "routes-panel"

# The events screen (online and on-site events).
EVENTS_URL = "events-url"
EVENTS_MAP = "events-map"
EVENTS_LEVEL = "events-level"
EVENTS_KICKOFF = "events-kickoff"
EVENTS_TOTALS = "events-totals"
EVENTS_GRID = "events-grid"
