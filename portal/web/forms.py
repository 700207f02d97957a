"""Form plumbing: safe text fields and once-only tokens against double submission."""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import timedelta

import sqlalchemy as sa

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import ValidationError

from portal.db import utc_now
from portal.web.models import UsedFormToken

#: Control characters other than tab and newlines, plus the replacement character that
#: stands where a browser sent bytes that were not UTF-8.
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FormAlreadySent(Exception):
    """The once-only token of this form was already spent: the form was sent before."""


def clean_text(value: str | None) -> str | None:
    """Normalise typed text (NFC, Windows line ends, outer spaces) without losing any of it."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()


def readable_text(_form, field) -> None:
    """Refuse characters nobody types (control codes, bytes that were not UTF-8).

    The text is shown again without the invisible control codes, so the page stays valid
    and everything else the person typed is kept.
    """
    if field.data and _UNREADABLE.search(field.data):
        field.data = _INVISIBLE.sub("", field.data)
        field.raw_data = [_INVISIBLE.sub("", value) if isinstance(value, str) else value for value in field.raw_data or []]
        raise ValidationError(
            _l("Remove the characters we could not read, or type the text again.")
        )


class WholeNumberField(IntegerField):
    """A whole number whose "not a number" message is the portal's own, translated."""

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0].strip() == "":
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError as error:
            self.data = None
            self.raw_data = valuelist
            raise ValueError(_l("Enter a whole number, like 30")) from error


class MoneyField(IntegerField):
    """An amount typed in pounds ("12", "12.5", "£12.50"), held as whole pence."""

    PATTERN = re.compile(r"£?\s*(\d{1,6})(?:\.(\d{1,2}))?")

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data // 100}.{self.data % 100:02d}" if isinstance(self.data, int) else ""

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0].strip() == "":
            self.data = None
            return
        found = self.PATTERN.fullmatch(valuelist[0].strip().replace(",", ""))
        if not found:
            self.data = None
            self.raw_data = valuelist
            raise ValueError(_l("Enter an amount in pounds, like 25.00"))
        self.data = int(found.group(1)) * 100 + int((found.group(2) or "0").ljust(2, "0"))


def one_of(values):
    """A validator: the answer must be one of `values` (enum members, codes or keys)."""
    allowed = {str(value) for value in values}

    def check(_form, field) -> None:
        if field.data not in allowed:
            raise ValidationError(_l("Choose from the list"))

    return check


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="once-only-form")


def _new_token() -> str:
    return _serializer().dumps(secrets.token_urlsafe(24))


class PortalForm(FlaskForm):
    """A form whose text fields are normalised and checked for unreadable characters."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField):
                options = {
                    **options,
                    "filters": (clean_text, *unbound_field.kwargs.get("filters", ())),
                    "validators": (*unbound_field.kwargs.get("validators", ()), readable_text),
                }
            return unbound_field.bind(form=form, **options)


class OnceOnlyForm(PortalForm):
    """A form carrying a signed single-use token: a resent copy is recognised, not re-applied."""

    once = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: The token the form came back with: "" when it was sent without one (or not sent).
        self.sent_token = (self.once.data or "") if self.is_submitted() else ""
        if not self.sent_token:
            # The page always carries a usable token, but a submission without one is still
            # refused: validation and spending read `sent_token`, never this fresh one.
            self.once.data = _new_token()

    def validate_once(self, field) -> None:
        try:
            _serializer().loads(self.sent_token, max_age=current_app.config["FORM_TOKEN_MAX_AGE"])
        except BadSignature as error:
            # Shown again with a fresh token, so sending the same answers again works.
            field.data = _new_token()
            raise ValidationError(
                _l("This form has expired. Check your answers and send it again.")
            ) from error

    def spend_token(self, session: Session) -> None:
        """Record the token as used inside the caller's transaction; raise if it already was."""
        token = _serializer().loads(self.sent_token, max_age=current_app.config["FORM_TOKEN_MAX_AGE"])
        # A plain insert, not a savepoint: on SQLite a savepoint opened outside a transaction
        # commits when released, which would spend the token even if the change then fails.
        session.add(UsedFormToken(token=token))
        try:
            session.flush()
        except IntegrityError as error:
            session.rollback()
            raise FormAlreadySent from error


def purge_spent_tokens(session: Session) -> int:
    """Delete spent tokens older than a token's lifetime (they can no longer be replayed)."""
    cutoff = utc_now() - timedelta(seconds=current_app.config["FORM_TOKEN_MAX_AGE"])
    result = session.execute(sa.delete(UsedFormToken).where(UsedFormToken.used_at < cutoff))
    session.commit()
    return result.rowcount
