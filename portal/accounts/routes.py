"""Routes for joining, signing in and out, recovery, two-factor and a person's own settings."""

from __future__ import annotations

import base64
import uuid

import pyotp
import segno
from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from werkzeug.wrappers import Response

from portal.accounts import bp, names, queries, services
from portal.accounts.current import SignedIn
from portal.accounts.forms import (
    ChangePasswordForm,
    ConfirmForm,
    ContactForm,
    LanguageForm,
    NeedsForm,
    RecoverForm,
    ResetRecoveryForm,
    RolesForm,
    SignInForm,
    SignUpForm,
    TwoFactorForm,
    VisibilityForm,
)
from portal.accounts.models import Account, ConsentKind
from portal.accounts.services import AccountError
from portal.notifications.services import notification_summary
from portal.extensions import csrf, db
from portal.settings.queries import service_settings
from portal.web.crypto import decrypt
from portal.web.htmx import render, wants_fragment
from portal.web.i18n import LANGUAGES, current_language
from portal.web.permissions import ROLE_NAMES, Role, requires
from portal.web.urls import page_number, safe_next

CONSENT_NAMES = {
    ConsentKind.taking_part: _l("Taking part in co-production"),
    ConsentKind.contact: _l("Being contacted about your groups"),
    ConsentKind.act_on_behalf: _l("A community connector sharing ideas and votes for you, when you ask"),
}
MESSAGES = {
    "pseudonym_too_short": ("pseudonym", _l("Use at least 3 characters for your name")),
    "pseudonym_too_long": ("pseudonym", _l("Use 32 characters or fewer for your name")),
    "pseudonym_characters": ("pseudonym", _l("Use only letters, numbers, spaces, hyphens, full stops and apostrophes in your name")),
    "pseudonym_mixed_scripts": ("pseudonym", _l("Write your name in one alphabet only")),
    "pseudonym_taken": ("pseudonym", _l("That name, or one that looks very like it, is taken. Choose another, or ask for a suggestion")),
    "password_too_short": ("password", _l("Use at least 10 characters. Three random words are easy to remember and hard to guess")),
    "password_too_long": ("password", _l("Use 128 characters or fewer for your password")),
    "password_common": ("password", _l("That password is too easy to guess. Try three random words")),
    "password_repetitive": ("password", _l("That password is too easy to guess. Try three random words")),
    "password_sequence": ("password", _l("That password is too easy to guess. Try three random words")),
    "password_contains_name": ("password", _l("Do not use your name in your password")),
    "wrong_details": ("password", _l("The name or password is not right. Check them and try again")),
    "wrong_recovery": ("code", _l("The name or recovery code is not right. Check them and try again")),
    "current_password_wrong": ("current", _l("Your current password is not right")),
    "wrong_code": ("code", _l("That code is not right, or it was already used. Enter the newest code")),
    "no_such_account": ("pseudonym", _l("No account has that name. Check the spelling with the person")),
    "not_yourself": ("pseudonym", _l("You cannot do this for your own account")),
    "only_admin_for_staff": ("pseudonym", _l("Only an administrator can do this for a staff account")),
    "cannot_remove_own_admin": ("admin", _l("You cannot remove your own administrator role")),
    "consent_needed": ("taking_part", _l("They need to agree to take part before they can join")),
    "not_your_group": ("group", _l("You can only add people to a group you run. Choose another group.")),
    "pin_format": ("pin", _l("Enter a PIN of 4 to 6 numbers")),
    "pin_easy": ("pin", _l("That PIN is too easy to guess. Avoid 1234 and the same number repeated")),
    "wrong_card": ("pin", _l("The card code or PIN is not right. Check them and try again")),
}


def _show_error(form, error: AccountError) -> int:
    """Attach a service error to its field; return the status code to answer with."""
    if error.code == "throttled":
        message = ngettext(
            "Too many tries. Wait %(num)s minute, then try again.",
            "Too many tries. Wait %(num)s minutes, then try again.",
            error.wait_minutes,
        )
        field = next(iter(name for name in ("password", "pin", "code") if name in form), None)
        form[field].errors = [*form[field].errors, message]
        return 429
    field, message = MESSAGES[error.code]
    form[field].errors = [*form[field].errors, message]
    return 422


def attempt(form, action):
    """Spend the form's once-only token and run the service in one transaction.

    Returns (True, result, None) when it worked, or (False, None, status) when the service
    refused: then nothing is saved and the reason is shown on its field.
    """
    try:
        form.spend_token(db.session)
        return True, action(), None
    except AccountError as error:
        db.session.rollback()
        return False, None, _show_error(form, error)


def _address() -> str | None:
    return request.remote_addr


def _sign_in_as(account: Account) -> None:
    token = services.start_session(db.session, account=account)
    sign_in = queries.sign_in_session(db.session, token)
    login_user(SignedIn(account, services.roles_of(db.session, account.id), sign_in, token))
    session.pop("privacy_version", None)


def _form_page(form, *, title, submit, intro=(), hints=None, status=None, action=None, **extra) -> Response:
    return render(
        "accounts/form_page.html",
        form=form,
        heading=title,
        intro=intro,
        submit=submit,
        hints=hints or {},
        action=action or request.path,
        status=status or (422 if form.errors else 200),
        **extra,
    )


@bp.route("/sign-up", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
def sign_up() -> Response:
    """Join with a made-up name and a password: no real name, no email."""
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"), code=303)
    form = SignUpForm()
    if request.method == "POST" and request.form.get("suggest"):
        form.pseudonym.data = names.suggest()
        if wants_fragment():
            return render("accounts/_pseudonym_field.html", form=form)
        return render("accounts/sign_up.html", form=form)
    if form.validate_on_submit():
        try:
            form.spend_token(db.session)
            new = services.sign_up(
                db.session,
                pseudonym=form.pseudonym.data,
                password=form.password.data,
                language=current_language().code,
            )
        except AccountError as error:
            db.session.rollback()
            return render("accounts/sign_up.html", form=form, status=_show_error(form, error))
        _sign_in_as(new.account)
        session["new_recovery_code"] = new.recovery_code
        return redirect(url_for("accounts.recovery_code"), code=303)
    return render("accounts/sign_up.html", form=form, status=422 if form.errors else 200)


@bp.post("/sign-up/suggest")
def suggest_pseudonym() -> Response:
    """A new suggested name, as the name field alone (htmx) or the whole sign-up page."""
    form = SignUpForm(formdata=None)
    form.pseudonym.data = names.suggest()
    if wants_fragment():
        return render("accounts/_pseudonym_field.html", form=form)
    return render("accounts/sign_up.html", form=form)


@bp.get("/sign-up/under-16")
def under_16() -> Response:
    """Where younger people can go instead."""
    return render("accounts/under_16.html", youth_url=current_app.config["YOUTH_ROUTE_URL"])


@bp.get("/your-recovery-code")
@login_required
def recovery_code() -> Response:
    """Show a new recovery code once, to write down or print."""
    code = session.pop("new_recovery_code", None)
    if code is None:
        return redirect(url_for("accounts.account"), code=303)
    return render("accounts/recovery_code.html", code=code, after_sign_up=True)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Response:
    """Sign in with a name and password; the same answer whether the name exists or not."""
    next_url = safe_next(request.args.get("next"), "accounts.account")
    if current_user.is_authenticated and current_user.fully_signed_in:
        return redirect(next_url, code=303)
    form = SignInForm()
    if form.validate_on_submit():
        try:
            account = services.authenticate(
                db.session, pseudonym=form.pseudonym.data, password=form.password.data, address=_address()
            )
        except AccountError as error:
            return _sign_in_page(form, status=_show_error(form, error))
        _sign_in_as(account)
        return redirect(next_url, code=303)
    return _sign_in_page(form)


def _sign_in_page(form, status=None) -> Response:
    return render("accounts/sign_in.html", form=form, status=status or (422 if form.errors else 200))


@bp.post("/sign-out")
def sign_out() -> Response:
    """Sign out here: the server-side session ends, so the cookie is useless afterwards."""
    if current_user.is_authenticated:
        services.end_session(db.session, token=current_user.token)
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("site.home"), code=303)


@bp.route("/sign-in/two-factor", methods=["GET", "POST"])
@login_required
def two_factor() -> Response:
    """The second step for staff roles: a code from the authenticator app, or a recovery code."""
    next_url = safe_next(request.args.get("next"), "accounts.account")
    if current_user.fully_signed_in:
        return redirect(next_url, code=303)
    if current_user.account.totp_enabled_at is None:
        return redirect(url_for("accounts.set_up_two_factor"), code=303)
    form = TwoFactorForm()
    status = None
    if form.validate_on_submit():
        try:
            services.pass_second_factor(
                db.session, account=current_user.account, code=form.code.data, token=current_user.token, address=_address()
            )
        except AccountError as error:
            status = _show_error(form, error)
        else:
            return redirect(next_url, code=303)
    return _form_page(
        form,
        title=_("Enter the code from your app"),
        submit=_("Continue"),
        status=status,
        intro=[_("Open your authenticator app and enter the 6-digit code it shows. If you do not have your phone, enter one of your recovery codes.")],
        hints={"code": _("For example, 123456")},
        autocomplete={"code": "one-time-code"},
    )


def _qr_data_uri(uri: str) -> str:
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#212b32", light="#ffffff")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def set_up_two_factor() -> Response:
    """Set up an authenticator app; staff roles must before they can do anything else."""
    account = current_user.account
    if account.totp_enabled_at is not None:
        return render("accounts/two_factor_on.html")
    secret = services.begin_two_factor(db.session, account=account)
    form = TwoFactorForm()
    status = 200
    if form.validate_on_submit():
        try:
            codes = services.confirm_two_factor(db.session, account=account, code=form.code.data, token=current_user.token)
        except AccountError as error:
            status = _show_error(form, error)
        else:
            session["new_two_factor_codes"] = codes
            return redirect(url_for("accounts.two_factor_codes"), code=303)
    elif form.errors:
        status = 422
    uri = pyotp.TOTP(secret).provisioning_uri(name=account.pseudonym, issuer_name=service_settings().site_name)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render("accounts/set_up_two_factor.html", form=form, qr=_qr_data_uri(uri), secret=grouped, status=status)


@bp.get("/account/two-factor/recovery-codes")
@login_required
def two_factor_codes() -> Response:
    """Show the two-factor recovery codes once."""
    codes = session.pop("new_two_factor_codes", None)
    if not codes:
        return redirect(url_for("accounts.account"), code=303)
    return render("accounts/two_factor_codes.html", codes=codes)


@bp.route("/recover", methods=["GET", "POST"])
def recover() -> Response:
    """Set a new password with the recovery code you wrote down."""
    form = RecoverForm()
    if form.validate_on_submit():
        try:
            code = services.recover(
                db.session, pseudonym=form.pseudonym.data, code=form.code.data, new_password=form.password.data, address=_address()
            )
        except AccountError as error:
            return render("accounts/recover.html", form=form, status=_show_error(form, error))
        logout_user()
        session["new_recovery_code"] = code
        return redirect(url_for("accounts.recovered"), code=303)
    return render("accounts/recover.html", form=form, status=422 if form.errors else 200)


@bp.get("/recover/done")
def recovered() -> Response:
    """Confirm the new password and show the next recovery code once."""
    code = session.pop("new_recovery_code", None)
    if code is None:
        return redirect(url_for("accounts.sign_in"), code=303)
    return render("accounts/recovery_code.html", code=code, after_sign_up=False)


@bp.get("/account")
@requires("account.manage_own")
def account() -> Response:
    """Your account: your name, roles, choices and needs, each with a link to change it."""
    account = current_user.account
    contacts = {
        "email": decrypt(account.email_encrypted) if account.email_encrypted else "",
        "mobile": decrypt(account.mobile_encrypted) if account.mobile_encrypted else "",
    }
    needs = [
        text
        for present, text in (
            (account.needs_language, account.needs_language),
            (account.needs_interpreter, _("Interpreter")),
            (account.needs_easy_read, _("Easy read")),
            (account.needs_large_print, _("Large print")),
            (account.needs_bsl, _("British Sign Language (BSL)")),
            (account.needs_other, account.needs_other),
        )
        if present
    ]
    return render(
        "accounts/account.html",
        account=account,
        needs=needs,
        consents=[(consent, CONSENT_NAMES[consent.kind]) for consent in queries.agreements(db.session, account.id)],
        frequency_name=notification_summary(db.session, account.id),
        roles=[ROLE_NAMES[role] for role in Role if role in current_user.roles],
        language=LANGUAGES.get(account.language or ""),
        contacts=contacts,
        confirm=ConfirmForm(),
    )


@bp.post("/account/recovery-code")
@requires("account.manage_own")
def new_recovery_code() -> Response:
    """Replace your recovery code; the old one stops working."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    session["new_recovery_code"] = services.new_recovery_code_for_self(db.session, account=current_user.account)
    return redirect(url_for("accounts.recovery_code"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("account.manage_own")
def change_password() -> Response:
    """Change your password; every other device is signed out."""
    form = ChangePasswordForm()
    status = None
    if form.validate_on_submit():
        done, token, status = attempt(
            form,
            lambda: services.change_password(db.session, account=current_user.account, current=form.current.data, new=form.password.data),
        )
        if done:
            login_user(SignedIn(current_user.account, current_user.roles, queries.sign_in_session(db.session, token), token))
            flash(_("Your password has been changed. Any other device you used is now signed out."), "success")
            return redirect(url_for("accounts.account"), code=303)
    return _form_page(form, title=_("Change your password"), submit=_("Change password"), status=status,
                      hints={"password": _("At least 10 characters. Three random words are easy to remember.")},
                      autocomplete={"current": "current-password", "password": "new-password"})


@bp.route("/account/language", methods=["GET", "POST"])
@requires("account.manage_own")
def language() -> Response:
    """Choose the language this website uses for you."""
    account = current_user.account
    form = LanguageForm(data={"language": account.language or ""})
    if form.validate_on_submit():
        services.set_language(db.session, account=account, language=form.language.data or None)
        return redirect(url_for("accounts.account"), code=303)
    return _form_page(form, title=_("Your language"), submit=_("Save"), lang_choices=True)


@bp.route("/account/needs", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("account.manage_own")
def needs() -> Response:
    """Tell the service what helps you communicate."""
    account = current_user.account
    form = NeedsForm(obj=account)
    if form.validate_on_submit():
        form.spend_token(db.session)
        services.update_needs(
            db.session,
            account=account,
            needs_language=form.needs_language.data or None,
            needs_interpreter=form.needs_interpreter.data,
            needs_easy_read=form.needs_easy_read.data,
            needs_large_print=form.needs_large_print.data,
            needs_bsl=form.needs_bsl.data,
            needs_other=form.needs_other.data or None,
        )
        flash(_("Your needs have been saved."), "success")
        return redirect(url_for("accounts.account"), code=303)
    return _form_page(form, title=_("What helps you communicate"), submit=_("Save"),
                      intro=[_("Tell us what helps you, so that services can give you information in a way that works for you. You do not have to fill this in.")])


@bp.route("/account/contact", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("account.manage_own")
def contact() -> Response:
    """Optional email and mobile, kept encrypted, used only to send the messages you choose."""
    account = current_user.account
    form = ContactForm(
        data={
            "email": decrypt(account.email_encrypted) if account.email_encrypted else "",
            "mobile": decrypt(account.mobile_encrypted) if account.mobile_encrypted else "",
        }
    )
    if form.validate_on_submit():
        form.spend_token(db.session)
        services.update_contacts(db.session, account=account, email=form.email.data or None, mobile=form.mobile.data or None)
        flash(_("Your contact details have been saved."), "success")
        return redirect(url_for("accounts.account"), code=303)
    return _form_page(form, title=_("How we can contact you"), submit=_("Save"),
                      intro=[_("You do not have to give these. We keep them locked (encrypted). Only you can see them here, and we only use them to send you the messages you choose.")],
                      autocomplete={"email": "email", "mobile": "tel"}, types={"email": "email", "mobile": "tel"})


@bp.route("/account/visibility", methods=["GET", "POST"])
@requires("account.manage_own")
def visibility() -> Response:
    """Choose whether fellow group members can see your name in member lists."""
    account = current_user.account
    form = VisibilityForm(data={"listed": account.listed_to_members})
    if form.validate_on_submit():
        services.set_listed(db.session, account=account, listed=form.listed.data)
        return redirect(url_for("accounts.account"), code=303)
    return _form_page(form, title=_("Who can see your name"), submit=_("Save"),
                      intro=[_("Other members of your groups cannot see who else is in the group unless each person chooses to show their name. This is off unless you turn it on.")])


@bp.route("/account/privacy-notice", methods=["GET", "POST"])
@login_required
def privacy_update() -> Response:
    """Ask again for agreement when the privacy notice has changed."""
    form = ConfirmForm()
    if form.validate_on_submit():
        services.agree_to_privacy_notice(db.session, account=current_user.account)
        return redirect(url_for("accounts.account"), code=303)
    return render("accounts/privacy_update.html", form=form)


@bp.route("/help-someone-sign-in", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("accounts.reset_recovery")
def reset_recovery() -> Response:
    """A connector or admin who has met the person gives them a new recovery code."""
    form = ResetRecoveryForm()
    status = None
    if form.validate_on_submit():
        done, issued, status = attempt(
            form,
            lambda: services.reset_recovery_code(
                db.session, helper_id=current_user.id, helper_roles=current_user.roles, pseudonym=form.pseudonym.data
            ),
        )
        if done:
            account, code = issued
            return render("accounts/reset_done.html", pseudonym=account.pseudonym, code=code)
    return _form_page(form, title=_("Help someone who cannot sign in"), submit=_("Make a new recovery code"), status=status,
                      intro=[_("Only do this for someone you have met in person. They will get a new recovery code to set a new password. Their old code stops working and they are signed out everywhere."),
                             _("This is recorded.")])


ACCOUNTS_PER_PAGE = 25


@bp.get("/admin/accounts")
@requires("accounts.manage_roles")
def manage_accounts() -> Response:
    """Find an account by name and see its roles."""
    search = (request.args.get("q") or "")[:64]
    page = page_number()
    rows, has_next = queries.accounts_page(db.session, search=search, page=page, per_page=ACCOUNTS_PER_PAGE)
    return render(
        "accounts/admin_accounts.html",
        rows=[(account, [ROLE_NAMES[role] for role in roles]) for account, roles in rows],
        search=search,
        page=page,
        has_next=has_next,
    )


@bp.route("/admin/accounts/<uuid:account_id>/roles", methods=["GET", "POST"])
@csrf.exempt  # The form checks its own token so an expired one keeps what was typed.
@requires("accounts.manage_roles")
def manage_roles(account_id: uuid.UUID) -> Response:
    """Give or remove roles; the person is signed out everywhere so the change takes effect."""
    account = db.session.get(Account, account_id)
    if account is None:
        abort(404)
    current_roles = services.roles_of(db.session, account.id)
    form = RolesForm(data={role.value: role in current_roles for role in Role})
    status = None
    if form.validate_on_submit():
        done, _result, status = attempt(
            form, lambda: services.set_roles(db.session, admin_id=current_user.id, account=account, roles=form.chosen())
        )
        if done:
            flash(_("Roles saved for %(name)s.", name=account.pseudonym), "success")
            return redirect(url_for("accounts.manage_accounts", q=account.pseudonym), code=303)
    return _form_page(form, title=_("Roles for %(name)s", name=account.pseudonym), submit=_("Save roles"), status=status,
                      intro=[_("Staff, safeguarding leads, administrators and commissioners must set up two-factor sign-in. Changing roles signs the person out everywhere.")],
                      fieldset_legend=_("Roles"))


