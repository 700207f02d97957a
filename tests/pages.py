"""The page helper: fetch a page and check what every page must get right."""

from __future__ import annotations

import re
from collections import Counter
from xml.etree.ElementTree import Element

import html5lib
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

LABELLABLE = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


class PageProblem(AssertionError):
    """A page broke one of the rules every page must follow."""


def parse(html: str) -> Element:
    """Parse strictly: any HTML parse error fails."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


def text_of(element: Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def check_page(html: str) -> Element:
    """Check a full page: parses, one h1, a title, unique ids, labelled fields, safe forms."""
    document = parse(html)
    problems: list[str] = []
    titles = document.findall(".//head/title")
    if len(titles) != 1 or not text_of(titles[0]):
        problems.append("the page needs exactly one non-empty <title>")
    h1s = list(document.iter("h1"))
    if len(h1s) != 1:
        problems.append(f"the page has {len(h1s)} <h1> elements, not one")
    ids = Counter(el.get("id") for el in document.iter() if el.get("id"))
    duplicates = [key for key, count in ids.items() if count > 1]
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    problems += _unlabelled_fields(document) + _unsafe_forms(document)
    html_tag = document.find(".")
    if not html_tag.get("lang") or html_tag.get("dir") not in {"ltr", "rtl"}:
        problems.append("<html> needs lang and dir")
    if problems:
        raise PageProblem("; ".join(problems))
    return document


def _unlabelled_fields(document: Element) -> list[str]:
    labelled_for = {label.get("for") for label in document.iter("label")}
    inside_label = {id(el) for label in document.iter("label") for el in label.iter()}
    problems = []
    for field in document.iter():
        if field.tag not in LABELLABLE or field.get("type") in UNLABELLED_INPUT_TYPES:
            continue
        if field.get("id") in labelled_for or field.get("aria-label") or id(field) in inside_label:
            continue
        problems.append(f"<{field.tag} name={field.get('name')!r}> has no label")
    return problems


def _unsafe_forms(document: Element) -> list[str]:
    problems = []
    for form in document.iter("form"):
        if not form.get("action"):
            problems.append("a form has no action")
        if (form.get("method") or "get").lower() == "post":
            names = {field.get("name") for field in form.iter("input")}
            if "csrf_token" not in names:
                problems.append(f"the POST form to {form.get('action')} has no CSRF token")
    return problems


class Page:
    """Fetches pages through the test client and checks each one."""

    def __init__(self, client: FlaskClient):
        self.client = client

    def get(self, url: str, status: int = 200, **kwargs) -> tuple[TestResponse, Element]:
        response = self.client.get(url, **kwargs)
        return self._checked(response, status)

    def post(self, url: str, status: int = 200, **kwargs) -> tuple[TestResponse, Element]:
        response = self.client.post(url, **kwargs)
        return self._checked(response, status)

    def _checked(self, response: TestResponse, status: int) -> tuple[TestResponse, Element]:
        assert response.status_code == status, (response.status_code, response.text[:500])
        assert response.mimetype == "text/html"
        assert "no-store" in response.headers.get("Cache-Control", "")
        return response, check_page(response.text)


def fragment(html: str) -> Element:
    """Parse an htmx fragment: it must not be a whole page."""
    assert "<html" not in html.lower() and "<body" not in html.lower()
    return html5lib.parseFragment(html, namespaceHTMLElements=False)
