"""Proposals made from ideas, and voting on them online and in the room."""

from flask import Blueprint

bp = Blueprint("proposals", __name__)

from portal.proposals import notices, routes  # noqa: E402,F401  (registers kinds, attaches routes)
