"""Every extension object, created once and bound to each app in `create_app`."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx

from portal.db import Database

babel = Babel()
csrf = CSRFProtect()
htmx = Htmx()
db = Database()
login_manager = LoginManager()
