"""The one HTML cleaner keeps simple formatting and removes everything that could run."""

from portal.web.sanitise import clean_html


def test_script_and_event_handlers_are_removed():
    cleaned = clean_html('<p onclick="x()">Hi<script>alert(1)</script><img src=x onerror=y></p>')
    assert cleaned == "<p>Hi</p>"


def test_links_keep_only_safe_schemes_and_open_without_referrer():
    assert clean_html('<a href="javascript:alert(1)">x</a>') == "<a rel=\"noopener noreferrer nofollow\">x</a>"
    assert clean_html('<a href="https://nhs.uk">x</a>') == '<a href="https://nhs.uk" rel="noopener noreferrer nofollow">x</a>'


def test_simple_formatting_survives():
    assert clean_html("<p><strong>a</strong> <em>b</em></p><ul><li>c</li></ul>") == (
        "<p><strong>a</strong> <em>b</em></p><ul><li>c</li></ul>"
    )
