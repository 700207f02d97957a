"""The search page: published ideas, proposals and changes found by any word, in any language."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.content.reading import preload, translated
from portal.extensions import db
from portal.groups.access import viewer_id
from portal.ideas.models import Idea
from portal.search import bp, queries
from portal.search.forms import SearchForm
from portal.search.models import SearchKind
from portal.web.htmx import render
from portal.web.i18n import LANGUAGES
from portal.web.permissions import can
from portal.web.urls import page_number

PER_PAGE = 20
#: How much of an idea's words stand for its title.
IDEA_TITLE_LENGTH = 120
KIND_NAMES = {SearchKind.idea: _l("Idea"), SearchKind.proposal: _l("Proposal"), SearchKind.change: _l("Change")}
LINKS = {SearchKind.idea: ("ideas.show", "idea_id"), SearchKind.proposal: ("proposals.show", "proposal_id"), SearchKind.change: ("changes.show", "change_id")}


@dataclass(frozen=True)
class Result:
    """A result as the page lists it."""

    kind: SearchKind
    title: str
    url: str
    #: lang and dir for the title when it is not in the page's language (None: it is).
    lang: str | None = None
    direction: str | None = None


def first_words(text: str, limit: int = IDEA_TITLE_LENGTH) -> str:
    """The start of a text on one line, cut at a word boundary with an ellipsis when longer."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    return (line[:limit].rsplit(" ", 1)[0] or line[:limit]) + "…"


def _idea_result(idea: Idea, url: str) -> Result:
    """An idea is shown in the words and language it was written in."""
    language = LANGUAGES.get(idea.language)
    return Result(
        SearchKind.idea, first_words(idea.what_happened or idea.what_should_change), url,
        lang=language.tag if language else "", direction=language.direction if language else "auto",
    )


def _result(found: queries.Found) -> Result:
    endpoint, argument = LINKS[found.kind]
    url = url_for(endpoint, **{argument: found.subject.id})
    if found.kind == SearchKind.idea:
        return _idea_result(found.subject, url)
    title = translated(found.subject, "title")
    return Result(found.kind, title.text, url, *(("en", "ltr") if title.untranslated else ()))


@bp.get("/search")
def find() -> Response:
    """Find published ideas, proposals and changes by any word, in any language."""
    page = page_number()
    asked = bool((request.args.get("q") or "").strip())
    form = SearchForm(formdata=request.args if asked else None)
    if not asked:
        return render("search/results.html", form=form, asked=False, results=[], page=page, has_next=False)
    if not form.validate():
        return render("search/results.html", form=form, asked=False, results=[], page=page, has_next=False, status=422)
    found, has_next = queries.search(db.session, form.q.data, viewer_id=viewer_id(), staff=can("groups.manage"), page=page, per_page=PER_PAGE)
    preload(item.subject for item in found if item.kind != SearchKind.idea)
    return render(
        "search/results.html", form=form, asked=True, results=[_result(item) for item in found], page=page, has_next=has_next, kind_names=KIND_NAMES,
    )
