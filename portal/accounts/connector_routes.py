"""Routes for community connectors: sign someone up in the room, print their continuity card,
give a new card or PIN; and for everyone: sign in with a card and PIN."""

from __future__ import annotations

import uuid

import segno
from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from markupsafe import Markup
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.accounts import bp, names, services
from portal.accounts.forms import AssistedSignUpForm, CardSignInForm, ConfirmForm, NewCardForm, ResetPinForm
from portal.accounts.routes import _address, _form_page, _show_error, _sign_in_as, attempt
from portal.accounts.services import AccountError
from portal.extensions import csrf, db
from portal.groups import queries as group_queries
from portal.settings.queries import service_settings
from portal.web.htmx import render
from portal.web.i18n import LANGUAGES, current_language
from portal.web.permissions import requires

CARD_SESSION_KEY = "new_card"


def _card_qr(code: str) -> str:
    """An SVG QR code that opens card sign-in with the code filled in (made here, not fetched)."""
    target = current_app.config["PUBLIC_URL"] + url_for("accounts.card_sign_in", code=code)
    # A data URI with the SVG namespace: without it a browser shows the image as broken.
    return segno.make(target, error="m").svg_data_uri(scale=3, dark="#000000", light="#ffffff")


def _remember_card(account, code: str) -> None:
    session[CARD_SESSION_KEY] = {"id": str(account.id), "pseudonym": account.pseudonym, "code": code, "language": account.language or "en"}


@bp.route("/connector/sign-up", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("accounts.assist")
def assisted_sign_up() -> Response:
    """Sign up someone in the room: a made-up name, a PIN they choose, and what they agree to."""
    form = AssistedSignUpForm(data={"pseudonym": names.suggest(), "language": current_language().code, "group": ""})
    form.group.choices = [("", _("Not now"))] + [(str(group_id), name) for group_id, name in group_queries.facilitated_groups(db.session, current_user.id)]
    status = None
    if form.validate_on_submit():
        consents = [kind for kind in services.ASSISTED_CONSENTS if form[kind.value].data]
        needs = {name: form[name].data for name in ("needs_interpreter", "needs_easy_read", "needs_large_print", "needs_bsl")}
        done, new, status = attempt(
            form,
            lambda: services.assisted_sign_up(
                db.session,
                connector_id=current_user.id,
                pseudonym=form.pseudonym.data,
                pin=form.pin.data,
                language=form.language.data,
                consents=consents,
                needs=needs,
                group_id=uuid.UUID(form.group.data) if form.group.data else None,
            ),
        )
        if done:
            _remember_card(new.account, new.card_code)
            return redirect(url_for("accounts.card"), code=303)
    return render("accounts/assisted_sign_up.html", form=form, status=status or (422 if form.errors else 200))


@bp.get("/connector/card")
@requires("accounts.assist")
def card() -> Response:
    """The continuity card, once, to print or show on a phone."""
    issued = session.pop(CARD_SESSION_KEY, None)
    if issued is None:
        return redirect(url_for("accounts.account"), code=303)
    contacts = service_settings().crisis_contacts
    card_language = LANGUAGES.get(issued["language"], LANGUAGES["en"])
    with force_locale(card_language.code):
        card_html = Markup(
            render_template(
                "accounts/_card.html",
                pseudonym=issued["pseudonym"],
                code=issued["code"],
                qr=_card_qr(issued["code"]),
                card_language=card_language,
                crisis=str(contacts[0]["name"]) if contacts else None,
                connector=current_user.account.pseudonym,
                groups=group_queries.card_groups(db.session, uuid.UUID(issued["id"])) if "id" in issued else [],
            )
        )
    return render("accounts/card.html", card_html=card_html)


@bp.route("/connector/new-card", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("accounts.assist")
def new_card() -> Response:
    """Give someone you have met a new card; their old code stops working."""
    form = NewCardForm()
    status = None
    if form.validate_on_submit():
        done, issued, status = attempt(
            form,
            lambda: services.reissue_card(db.session, helper_id=current_user.id, helper_roles=current_user.roles, pseudonym=form.pseudonym.data),
        )
        if done:
            account, code = issued
            _remember_card(account, code)
            return redirect(url_for("accounts.card"), code=303)
    return _form_page(form, title=_("Give someone a new card"), submit=_("Make a new card"), status=status,
                      intro=[_("Their old card stops working straight away. This is recorded.")])


@bp.route("/connector/new-pin", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("accounts.assist")
def reset_pin() -> Response:
    """Let someone you have met choose a new PIN on your device."""
    form = ResetPinForm()
    status = None
    if form.validate_on_submit():
        done, account, status = attempt(
            form,
            lambda: services.reset_pin(
                db.session, helper_id=current_user.id, helper_roles=current_user.roles, pseudonym=form.pseudonym.data, pin=form.pin.data
            ),
        )
        if done:
            flash(_("%(name)s has a new PIN.", name=account.pseudonym), "success")
            return redirect(url_for("accounts.account"), code=303)
    return _form_page(form, title=_("Set a new PIN for someone"), submit=_("Save new PIN"), status=status,
                      intro=[_("Let the person type the new PIN themselves. This is recorded.")],
                      autocomplete={"pin": "off"})


@bp.route("/sign-in/card", methods=["GET", "POST"])
def card_sign_in() -> Response:
    """Sign in with the code on your continuity card and your PIN."""
    form = CardSignInForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:20]
    status = None
    if form.validate_on_submit():
        try:
            account = services.sign_in_with_card(db.session, code=form.code.data, pin=form.pin.data, address=_address())
        except AccountError as error:
            status = _show_error(form, error)
        else:
            _sign_in_as(account)
            return redirect(url_for("accounts.account"), code=303)
    return render("accounts/card_sign_in.html", form=form, status=status or (422 if form.errors else 200))


@bp.post("/account/agreements/<uuid:consent_id>/withdraw")
@requires("account.manage_own")
def withdraw_consent(consent_id) -> Response:
    """Take back something you agreed to."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw_consent(db.session, account=current_user.account, consent_id=consent_id)
    except AccountError:
        abort(404)
    flash(_("Done. We have recorded that you took this back."), "success")
    return redirect(url_for("accounts.account"), code=303)
