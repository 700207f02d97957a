"""Routes for the inbox, notification choices, unsubscribing, and the admin's outbox view."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.accounts.models import Account
from portal.extensions import csrf, db
from portal.notifications import bp, queries, services
from portal.notifications.forms import ConfirmForm, PreferencesForm
from portal.notifications.kinds import KINDS
from portal.notifications.models import Channel, Frequency, OutboxStatus
from portal.notifications.worker import read_unsubscribe_token
from portal.web.htmx import render, wants_fragment
from portal.web.permissions import requires
from portal.web.urls import page_number

PER_PAGE = 20
STATUS_NAMES = {
    OutboxStatus.pending: _l("Waiting to go"),
    OutboxStatus.sending: _l("Being sent"),
    OutboxStatus.sent: _l("Sent"),
    OutboxStatus.dead: _l("Set aside after failing"),
    OutboxStatus.cancelled: _l("Cancelled"),
}
CHANNEL_NAMES = {
    Channel.email: _l("Email"),
    Channel.sms: _l("Text message"),
    Channel.connector: _l("Community connector"),
}




def _shown(message) -> dict:
    """A message written out in the reader's language."""
    kind = KINDS.get(message.kind)
    title, body = kind.render(message.context) if kind else (_("Message"), "")
    return {"message": message, "title": title, "body": body}


@bp.get("/messages")
@requires("account.manage_own")
def inbox() -> Response:
    """Your messages, newest first, each in your language."""
    page = page_number()
    messages, has_next = queries.inbox_page(db.session, current_user.id, page=page, per_page=PER_PAGE)
    return render(
        "notifications/inbox.html",
        items=[_shown(m) for m in messages],
        page=page,
        has_next=has_next,
        confirm=ConfirmForm(),
    )


@bp.post("/messages/<uuid:message_id>/read")
@requires("account.manage_own")
def mark_read(message_id: uuid.UUID) -> Response:
    """Mark one message read: the item alone for htmx, else back to the inbox."""
    message = services.mark_read(db.session, account_id=current_user.id, message_id=message_id)
    if message is None:
        abort(404)
    if wants_fragment():
        return render("notifications/_message.html", item=_shown(message), confirm=ConfirmForm())
    return redirect(url_for("notifications.inbox"), code=303)


@bp.post("/messages/read-all")
@requires("account.manage_own")
def mark_all_read() -> Response:
    """Mark every message read."""
    services.mark_all_read(db.session, account_id=current_user.id)
    return redirect(url_for("notifications.inbox"), code=303)


@bp.route("/account/notifications", methods=["GET", "POST"])
@requires("account.manage_own")
def preferences() -> Response:
    """Choose how you hear about new messages, and how often."""
    account = current_user.account
    choice = services.preference(db.session, account.id)
    connector_name = ""
    if choice.connector_id:
        connector = db.session.get(Account, choice.connector_id)
        connector_name = connector.pseudonym if connector else ""
    form = PreferencesForm(
        data={
            "email": choice.email,
            "sms": choice.sms,
            "connector": choice.connector,
            "connector_name": connector_name,
            "frequency": choice.frequency.value,
        }
    )
    if form.validate_on_submit():
        problems = False
        if form.email.data and not account.email_encrypted:
            form.email.errors = [*form.email.errors, _("Add your email address first, on your account page")]
            problems = True
        if form.sms.data and not account.mobile_encrypted:
            form.sms.errors = [*form.sms.errors, _("Add your mobile number first, on your account page")]
            problems = True
        connector_id = None
        if form.connector.data:
            found = queries.connector_by_name(db.session, form.connector_name.data or "")
            if found is None or found.id == account.id:
                form.connector_name.errors = [*form.connector_name.errors, _("No community connector has that name. Check the spelling with them")]
                problems = True
            else:
                connector_id = found.id
        if not problems:
            services.set_preferences(
                db.session,
                account_id=account.id,
                email=form.email.data,
                sms=form.sms.data,
                connector_id=connector_id,
                frequency=Frequency(form.frequency.data),
            )
            flash(_("Your choices have been saved."), "success")
            return redirect(url_for("accounts.account"), code=303)
    return render("notifications/preferences.html", form=form, status=422 if form.errors else 200)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # The signed token in the address is the proof; mail apps post here in one click.
def unsubscribe(token: str) -> Response:
    """Stop emails or texts in one step, from the link in the message itself."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render("notifications/unsubscribe.html", state="invalid", status=400)
    account_id, channel = found
    if request.method == "POST":
        services.unsubscribe(db.session, account_id=account_id, channel=channel)
        return render("notifications/unsubscribe.html", state="done", channel=channel)
    return render("notifications/unsubscribe.html", state="ask", channel=channel, token=token)


@bp.get("/admin/outbox")
@requires("notifications.manage_outbox")
def outbox() -> Response:
    """Deliveries that could not be made, with why, and a way to try again."""
    page = page_number()
    rows, has_next = queries.dead_letters(db.session, page=page, per_page=PER_PAGE * 2)
    return render(
        "notifications/outbox.html",
        counts=queries.outbox_counts(db.session),
        statuses=list(OutboxStatus),
        rows=rows,
        page=page,
        has_next=has_next,
        confirm=ConfirmForm(),
        status_names=STATUS_NAMES,
        channel_names=CHANNEL_NAMES,
    )


@bp.post("/admin/outbox/retry")
@requires("notifications.manage_outbox")
def retry() -> Response:
    """Put one set-aside delivery, or all of them, back in the queue."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    raw = request.form.get("item", "")
    try:
        item_id = uuid.UUID(raw) if raw else None
    except ValueError:
        abort(404)
    count = services.retry(db.session, admin_id=current_user.id, item_id=item_id)
    flash(ngettext("%(num)s delivery will be tried again.", "%(num)s deliveries will be tried again.", count), "success")
    return redirect(url_for("notifications.outbox"), code=303)
