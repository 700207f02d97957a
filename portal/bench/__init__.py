"""Building a large dataset quickly for `make bench`, and the bare "ceiling" endpoint the
benchmark compares each key page with."""

from flask import Blueprint

bp = Blueprint("bench", __name__, cli_group="bench")

from portal.bench import cli  # noqa: E402,F401  (registers the commands)
