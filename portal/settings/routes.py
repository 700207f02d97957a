"""The admin page for the service settings."""

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.extensions import csrf, db
from portal.settings import services
from portal.settings.defaults import DEFAULT_CRISIS_CONTACTS
from portal.settings.forms import CONTACT_ROWS, ServiceSettingsForm
from portal.settings.queries import service_settings
from portal.web.htmx import render
from portal.web.permissions import requires

bp = Blueprint("settings", __name__)

MESSAGES = {
    "site_name": _l("Enter a website name of 80 characters or fewer"),
    "site_logo": _l("Enter a path on this website, starting with /"),
    "quick_exit_url": _l("Enter a web address that starts with https://"),
    "reviewed_languages": _l("Choose languages from the list"),
    "session_timeout_minutes": _l("Enter a number from 5 to 480"),
    "staff_session_timeout_minutes": _l("Enter a number from 5 to 120"),
    "payment_rate_pence_per_hour": _l("Enter an amount in pounds, like 25.00"),
    "crisis_contacts": _l("Give each contact a name, what it is for, and a phone or text number made of digits"),
}


def _initial() -> dict:
    current = service_settings()
    custom = current.crisis_contacts is not DEFAULT_CRISIS_CONTACTS
    rows = [dict(contact) for contact in current.crisis_contacts] if custom else []
    rows += [{"name": "", "description": "", "tel": "", "sms": ""}] * (CONTACT_ROWS - len(rows))
    return {
        "site_name": current.site_name,
        "site_logo": current.site_logo,
        "quick_exit_url": current.quick_exit_url,
        "reviewed_languages": list(current.reviewed_languages),
        "session_timeout_minutes": current.session_timeout_minutes,
        "staff_session_timeout_minutes": current.staff_session_timeout_minutes,
        "payment_rate": current.payment_rate_pence_per_hour,
        "use_default_contacts": not custom,
        "contacts": rows[:CONTACT_ROWS],
    }


@bp.route("/admin/settings", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("settings.manage")
def edit() -> Response:
    """Change the service settings; each change is audited."""
    form = ServiceSettingsForm(data=_initial())
    if form.validate_on_submit():
        contacts = [] if form.use_default_contacts.data else [
            row for row in form.contacts.data if any((row.get(k) or "").strip() for k in ("name", "description", "tel", "sms"))
        ]
        values = {
            "site_name": form.site_name.data,
            "site_logo": form.site_logo.data or "",
            "quick_exit_url": form.quick_exit_url.data,
            "reviewed_languages": form.reviewed_languages.data or [],
            "session_timeout_minutes": form.session_timeout_minutes.data,
            "staff_session_timeout_minutes": form.staff_session_timeout_minutes.data,
            "payment_rate_pence_per_hour": form.payment_rate.data,
            "crisis_contacts": contacts,
        }
        try:
            form.spend_token(db.session)
            services.update_settings(db.session, values=values, actor=current_user.id)
        except services.InvalidSetting as error:
            db.session.rollback()
            field = {"crisis_contacts": "use_default_contacts", "payment_rate_pence_per_hour": "payment_rate"}.get(error.key, error.key)
            form[field].errors = [*form[field].errors, MESSAGES[error.key]]
        else:
            flash(_("Settings saved."), "success")
            return redirect(url_for("settings.edit"), code=303)
    return render("settings/edit.html", form=form, status=422 if form.errors else 200)
