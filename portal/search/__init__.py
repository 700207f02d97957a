"""Search across published ideas, proposals and "you said, we did" changes, in every language."""

from flask import Blueprint

bp = Blueprint("search", __name__)

from portal.search import index, routes  # noqa: E402,F401  (keeps the index right, attaches routes)
