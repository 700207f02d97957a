"""Forms for translating group and meeting text, and for the glossary."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.content.models import DEFINITION_MAX, TERM_MAX, TRANSLATABLE, SubjectKind
from portal.web.forms import OnceOnlyForm

#: What each translatable field is called on the translation form.
FIELD_NAMES = {
    SubjectKind.group: {
        "name": _l("Group name"),
        "pathway": _l("Which service it works on"),
        "description": _l("What the group is for"),
        "who_runs_it": _l("Who runs it"),
        "what_happens": _l("What happens at a meeting"),
        "how_information_is_used": _l("How information is used"),
        "adjustments": _l("How to ask for adjustments"),
        "easy_read": _l("Easy read"),
    },
    SubjectKind.meeting: {
        "venue": _l("Place"),
        "address": _l("Address"),
        "languages": _l("Languages"),
        "notes": _l("Anything else people should know"),
    },
    SubjectKind.proposal: {
        "title": _l("Title"),
        "summary": _l("Summary in plain words"),
        "detail": _l("Detail (optional)"),
        "easy_read": _l("Easy read"),
    },
    SubjectKind.change: {
        "title": _l("Title"),
        "said": _l("What people said"),
        "did": _l("What the service did"),
    },
}
_TOO_LONG = _l("Use %(max)d characters or fewer")


class TranslationForm(OnceOnlyForm):
    """One textarea per field that has an original to translate (built for each subject)."""

    @classmethod
    def for_fields(cls, kind: SubjectKind, fields: list[str], **kwargs) -> TranslationForm:
        """A form with a textarea for each of `fields`, in the order given."""
        limits = TRANSLATABLE[kind]
        form_class = type(
            "TranslationFormFor" + kind.value.title(),
            (cls,),
            {field: TextAreaField(FIELD_NAMES[kind][field], validators=[Length(max=limits[field], message=_TOO_LONG)]) for field in fields},
        )
        return form_class(**kwargs)

    def texts(self, fields: list[str]) -> dict[str, str]:
        return {field: self[field].data or "" for field in fields}


class GlossaryTermForm(OnceOnlyForm):
    term = StringField(
        _l("Term"),
        validators=[DataRequired(message=_l("Enter the term")), Length(max=TERM_MAX, message=_TOO_LONG)],
    )
    definition = TextAreaField(
        _l("What it means, in plain words"),
        validators=[DataRequired(message=_l("Say what the term means")), Length(max=DEFINITION_MAX, message=_TOO_LONG)],
    )


class GlossaryTranslationForm(OnceOnlyForm):
    """The term and its meaning in one language; leave both empty to remove the translation."""

    term = StringField(_l("Term"), validators=[Length(max=TERM_MAX, message=_TOO_LONG)])
    definition = TextAreaField(_l("What it means, in plain words"), validators=[Length(max=DEFINITION_MAX, message=_TOO_LONG)])


class RemoveForm(OnceOnlyForm):
    """A form that is only a button, sent once."""
