"""The audit log for administrators: filter and page through it, export it, check the chain."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import format_number, get_timezone
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.audit import queries
from portal.audit.forms import EntryFilterForm, action_choices, opaque_id, start_of
from portal.audit.services import SYSTEM_ACTOR
from portal.extensions import db
from portal.web.csv_export import csv_response
from portal.web.htmx import render
from portal.web.permissions import requires

bp = Blueprint("audit", __name__)

PER_PAGE = 50
#: The most entries one export holds; more must be narrowed by the filters first.
EXPORT_MAX = 100_000
#: The largest position a page link can carry (far beyond any real log).
POSITION_MAX = 2**62


def _filters() -> tuple[EntryFilterForm, queries.EntryFilter | None]:
    """The filter form read from the address, and the filter it gives (None when it has errors)."""
    actions, kinds = current_app.extensions.setdefault("audit_vocabulary", queries.Vocabulary()).read(db.session)
    form = EntryFilterForm(formdata=request.args)
    form.action.choices = action_choices(actions)
    form.subject_kind.choices = [("", _("Any kind")), *((kind, kind) for kind in kinds)]
    if not form.validate():
        return form, None
    actor = None
    if form.actor.data:
        found = queries.account_id_named(db.session, form.actor.data)
        if found is None:
            form.actor.errors = [*form.actor.errors, _("No account uses that name. Check the spelling, or leave it empty to see everyone.")]
            return form, None
        actor = found.hex
    zone = ZoneInfo(str(get_timezone()))
    first, last = form.day_range()
    return form, queries.EntryFilter(
        action=form.exact_action(),
        area=form.area(),
        actor=actor,
        subject_kind=form.subject_kind.data or None,
        subject=opaque_id(form.subject.data) if form.subject.data else None,
        since=start_of(first, zone) if first else None,
        until=start_of(last + timedelta(days=1), zone) if last else None,
    )


def _position(name: str) -> tuple[int | None, bool]:
    """A page link's position argument: (value, True), (None, True) when absent, (None, False) when not a position."""
    value = request.args.get(name)
    if value is None:
        return None, True
    if not value.isascii() or not value.isdigit() or not 0 <= int(value) <= POSITION_MAX:
        return None, False
    return int(value), True


def _filter_args(form: EntryFilterForm) -> dict[str, str]:
    """The filters as typed, for page links, the export link and the check button."""
    return {field.name: field.data for field in form if field.data}


def _who(actor: str, names: dict[str, str]) -> str:
    if actor == SYSTEM_ACTOR:
        return _("System")
    return names.get(actor) or _("An account that no longer exists")


def _page(form: EntryFilterForm, wanted: queries.EntryFilter | None, *, report: queries.ChainReport | None = None) -> Response:
    """The log page: the filters, the chain check's result if one was asked for, and one page of entries."""
    before, before_ok = _position("before")
    after, after_ok = _position("after")
    if before is not None:
        after = None
    page, names = None, {}
    if wanted is not None:
        page = queries.entry_page(db.session, wanted, before=before, after=after, per_page=PER_PAGE)
        names = queries.pseudonyms(db.session, {entry.actor for entry in page.entries})
    filters = _filter_args(form) if wanted is not None else {}
    position = {"before": before} if before is not None else {"after": after} if after is not None else {}
    return render(
        "audit/log.html",
        form=form,
        filters=filters,
        bad_position=not (before_ok and after_ok),
        rows=[(entry, _who(entry.actor, names)) for entry in page.entries] if page else [],
        page=page,
        report=report,
        filtered=bool(request.args),
        here=url_for("audit.log", **filters, **position),
        status=422 if form.errors else 200,
    )


@bp.route("/admin/audit", methods=["GET", "POST"])
@requires("audit.view")
def log() -> Response:
    """Entries newest first, filtered; sending the form checks the whole chain and says where it breaks.

    The chain is checked on demand, not on every page view, and not from a remembered
    position: only a walk from the first entry shows an old entry that was changed behind
    the database's guards, and a position remembered per process would go on reporting
    those entries as sound (and would differ between processes). The walk reads every
    entry, so it runs when an administrator asks (or from `flask audit verify` on a
    schedule); the list itself stays at a fixed number of queries whatever the log's size.
    """
    form, wanted = _filters()
    return _page(form, wanted, report=queries.check_chain(db.session) if request.method == "POST" else None)


@bp.get("/admin/audit.csv")
@requires("audit.view")
def export() -> Response:
    """The entries the filters choose, newest first, as a spreadsheet (formulas neutralised)."""
    form, wanted = _filters()
    if wanted is None:
        return _page(form, None)
    if queries.matching_count(db.session, wanted) > EXPORT_MAX:
        flash(_("More than %(max)s entries match. Choose a shorter time, an action or a person, then download again.", max=format_number(EXPORT_MAX)), "error")
        return redirect(url_for("audit.log", **_filter_args(form)), code=303)

    def rows():
        for batch in queries.entries_for_export(db.session, wanted):
            names = queries.pseudonyms(db.session, {entry.actor for entry in batch})
            for entry in batch:
                yield [
                    entry.seq,
                    entry.occurred_at.isoformat(),
                    entry.action,
                    entry.actor,
                    SYSTEM_ACTOR if entry.actor == SYSTEM_ACTOR else names.get(entry.actor, ""),
                    entry.subject_kind,
                    entry.subject,
                    entry.prev_hash,
                    entry.entry_hash,
                ]

    return csv_response(
        "audit-log.csv",
        ["sequence", "occurred_at_utc", "action", "actor_id", "actor", "subject_kind", "subject", "previous_hash", "entry_hash"],
        rows(),
    )
