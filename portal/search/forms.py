"""The search form: a GET form, so it has no CSRF token and works with JavaScript off."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length, ValidationError

from portal.search.queries import MAX_LENGTH, MAX_WORDS, words
from portal.web.forms import PortalForm


def _searchable(_form, field) -> None:
    """Some words, and not too many of them (checked only when the text is not too long)."""
    if not field.data or len(field.data) > MAX_LENGTH:
        return
    found = words(field.data)
    if not found:
        raise ValidationError(_l("Enter a word to search for, with letters or numbers"))
    if len(found) > MAX_WORDS:
        raise ValidationError(_l("Use %(max)d words or fewer", max=MAX_WORDS))


class SearchForm(PortalForm):
    class Meta:
        csrf = False

    q = StringField(
        _l("Search ideas, proposals and changes"),
        validators=[Length(max=MAX_LENGTH, message=_l("Use %(max)d characters or fewer")), _searchable],
    )
