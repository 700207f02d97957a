"""The benchmark's ceiling: stored copies of key pages served by the same app and server, so
each page's throughput can be compared with what the stack alone allows. Registered only
when BENCH_CEILING_DIR is set."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app
from werkzeug.wrappers import Response

bp = Blueprint("bench_ceiling", __name__)
_NAME = re.compile(r"^[a-z_]{1,40}$")


@bp.get("/__bench/ceiling/<name>")
def ceiling(name: str) -> Response:
    """A stored page's HTML, as it was fetched, with no database work."""
    if not _NAME.match(name):
        abort(404)
    path = Path(current_app.config["BENCH_CEILING_DIR"]) / f"{name}.html"
    if not path.is_file():
        abort(404)
    return Response(path.read_bytes(), mimetype="text/html")
