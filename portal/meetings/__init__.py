"""Meetings of a group: when and where, support offered, who is coming, who came."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from portal.meetings import notices, routes  # noqa: E402,F401  (registers kinds, attaches routes)
