"""Evidence packs: choose a whole period and all groups or one group; read it as a printable
page, or download it as CSV or PDF. Commissioners, inspectors, staff and admins only."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.db import utc_now
from portal.evidence import bp, pack as packs
from portal.evidence.periods import UK, PeriodError, parse, recent
from portal.extensions import db
from portal.groups.models import Group
from portal.web.csv_export import csv_response
from portal.web.htmx import render
from portal.web.permissions import requires
from portal.web.urls import uuid_arg


def _groups() -> list[tuple[uuid.UUID, str]]:
    """Groups a pack can be for: whole groups that are not private."""
    return [tuple(row) for row in db.session.execute(sa.select(Group.id, Group.name).where(Group.sensitive.is_(False)).order_by(Group.name)).all()]


def _index(problem: str | None = None, status: int = 200) -> Response:
    return render("evidence/index.html", periods=recent(utc_now().astimezone(UK).date()), groups=_groups(), problem=problem, status=status)


@bp.get("/evidence")
@requires("evidence.view")
def index() -> Response:
    """Choose a pack."""
    return _index()


@bp.get("/evidence/choose")
@requires("evidence.view")
def choose() -> Response:
    """The choosing form without JavaScript: off to the pack's own address."""
    group = uuid_arg("group")
    try:
        period = parse(request.args.get("period", ""))
    except PeriodError:
        return _index(_("Choose a month, quarter or year from the list"), 422)
    return redirect(url_for("evidence.show", period_key=period.key, **({"group": group} if group else {})), code=303)


def _pack() -> packs.Pack | Response:
    """The pack the address asks for, or the page explaining why there is none."""
    try:
        period = parse(request.view_args["period_key"])
    except PeriodError:
        return _index(_("There is no such period. Choose a month, quarter or year from the list."), 404)
    group = None
    group_id = uuid_arg("group")
    if group_id is not None:
        group = db.session.get(Group, group_id)
        if group is None or group.sensitive:
            abort(404)
    now = utc_now()
    if not period.ended(now.astimezone(UK).date()):
        return _index(_("That period has not ended yet. Packs are only for whole periods that have ended, so their figures cannot be compared with themselves to find anyone."), 422)
    return packs.build(db.session, period, group, now)


@bp.get("/evidence/<period_key>")
@requires("evidence.view")
def show(period_key: str) -> Response:
    """The pack as a page to read or print."""
    pack = _pack()
    if isinstance(pack, Response):
        return pack
    return render("evidence/pack.html", pack=pack, group_arg={"group": pack.group.id} if pack.group else {}, change_status_names=packs.CHANGE_STATUS_NAMES)


@bp.get("/evidence/<period_key>/pack.csv")
@requires("evidence.view")
def csv(period_key: str) -> Response:
    """The pack's figures and lists as CSV, no cell able to run as a formula."""
    pack = _pack()
    if isinstance(pack, Response):
        return pack
    scope = pack.group.name if pack.group else _("All groups")
    rows = []
    for section in pack.sections:
        statements = "; ".join(str(statement) for statement in section.statements)
        for table in section.tables:
            for index, (label, value) in enumerate(table.rows):
                money = table.money.get(index)
                rows.append([pack.period.key, scope, section.title, table.title, label, "*" if value is None else value, "" if money is None else f"{money / 100:.2f}", statements])
            if table.has_total:
                rows.append([pack.period.key, scope, section.title, table.title, _("Total"), "*" if table.total is None else table.total, "", statements])
        if section.key == "changes":
            for change in section.items:
                rows.append([pack.period.key, scope, section.title, _("Change"), change.title, str(packs.CHANGE_STATUS_NAMES[change.status]), "", statements])
    header = [_("Period"), _("Groups"), _("Section"), _("Table"), _("Row"), _("Value"), _("Money (£)"), _("CQC quality statements")]
    suffix = f"-{pack.group.id}" if pack.group else ""
    return csv_response(f"evidence-{pack.period.key}{suffix}.csv", header, rows)


@bp.get("/evidence/<period_key>/pack.pdf")
@requires("evidence.view")
def pdf(period_key: str) -> Response:
    """The pack as PDF, in the reader's language, with every script shaped by the fonts."""
    from weasyprint import HTML  # Imported here: it loads Pango, which only this download needs.

    pack = _pack()
    if isinstance(pack, Response):
        return pack
    html = render_template("evidence/pdf.html", pack=pack, change_status_names=packs.CHANGE_STATUS_NAMES)
    response = Response(HTML(string=html, base_url=request.host_url).write_pdf(), mimetype="application/pdf")
    suffix = f"-{pack.group.id}" if pack.group else ""
    response.headers["Content-Disposition"] = f'attachment; filename="evidence-{pack.period.key}{suffix}.pdf"'
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
