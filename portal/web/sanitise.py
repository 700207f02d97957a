"""The one place HTML from people is cleaned (nh3), for the few fields that allow markup."""

import nh3

#: Tags a formatted field may keep; everything else is stripped to its text.
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def clean_html(text: str) -> str:
    """Keep only simple formatting and http(s)/mailto/tel links, which open with no referrer."""
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
