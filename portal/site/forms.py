"""Forms on the site pages."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation, ValidationError

from portal.site.models import DESCRIPTION_MAX, PAGE_MAX, ProblemKind
from portal.web.forms import OnceOnlyForm, PortalForm


def at_most(limit: int):
    """A length check whose message says how much to cut, in the reader's language."""

    def check(_form, field) -> None:
        excess = len(field.data or "") - limit
        if excess > 0:
            raise ValidationError(
                ngettext(
                    "Use %(limit)s characters or fewer. You have %(num)s character too many.",
                    "Use %(limit)s characters or fewer. You have %(num)s characters too many.",
                    excess,
                    limit=limit,
                )
            )

    return check


def one_of_choices(_form, field) -> None:
    """A choice that is not on the form (a forged or stale value) gets the field's own message."""
    if field.data not in {choice.value for choice in field.iter_choices()}:
        raise StopValidation(_l("Choose what kind of problem it is"))


class ProblemReportForm(OnceOnlyForm):
    """Report a problem with the portal; nothing here identifies the person."""

    kind = RadioField(
        _l("What kind of problem is it?"),
        choices=[
            SelectChoice(ProblemKind.accessibility.value, _l("I could not use part of the website")),
            SelectChoice(ProblemKind.translation.value, _l("A translation is wrong or hard to understand")),
            SelectChoice(ProblemKind.other.value, _l("Something else")),
        ],
        validators=[InputRequired(message=_l("Choose what kind of problem it is")), one_of_choices],
        validate_choice=False,
    )
    page = StringField(
        _l("Which page was it on? (optional)"),
        validators=[Length(max=PAGE_MAX, message=_l("Use %(max)d characters or fewer for the page"))],
    )
    description = TextAreaField(
        _l("What went wrong?"),
        validators=[DataRequired(message=_l("Tell us what went wrong")), at_most(DESCRIPTION_MAX)],
    )


class ConfirmForm(PortalForm):
    """A form that is only a button (with its CSRF token)."""
