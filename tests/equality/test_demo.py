"""The demo shows the equality questions answered by two fictional people."""

from portal.demo.data import DEMO_PASSWORD
from tests.conftest import make_app
from tests.factories import post_form


def test_a_demo_participant_sees_their_own_answers(sqlite_url):
    app = make_app(sqlite_url)
    app.test_cli_runner().invoke(args=["demo", "load"])
    client = app.test_client()
    assert post_form(client, "/sign-in", {"pseudonym": "quiet-river-42", "password": DEMO_PASSWORD}).status_code == 303
    page = client.get("/account/equality").text
    assert 'value="white_british" checked' in page and 'value="prefer_not_to_say" checked' in page
    assert "You last saved your answers on" in page
