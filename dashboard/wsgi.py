"""Production entry point: ``gunicorn dashboard.wsgi:server``."""

from dashboard.app import create_app
from dashboard.config import Settings

app = create_app(Settings.load())
server = app.server
