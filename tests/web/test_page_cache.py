"""Public pages kept for signed-out visitors: served again with each visitor's own CSRF token,
and never once the data behind them changed, on this server or another sharing the database."""

from __future__ import annotations

import re
import uuid

import sqlalchemy as sa
from flask import Flask
from flask_wtf import FlaskForm

from portal.changes.models import Change
from portal.content.reading import EASY_READ_COOKIE
from portal.extensions import db
from portal.ideas.models import Idea
from portal.web.forms import OnceOnlyForm
from portal.web.i18n import LANGUAGE_COOKIE
from portal.web.models import UsedFormToken
from portal.web.page_cache import current_generation, current_generations, for_visitors
from tests.conftest import make_app
from tests.factories import form_fields, post_form, sign_in
from tests.scenes import make_world


def _token(html: str) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)


def _generation(app: Flask) -> int:
    with app.app_context():
        return current_generation(db.session)


def test_a_second_visitor_gets_the_kept_page_with_their_own_working_token(app):
    world = make_world(app)
    first, second = app.test_client(), app.test_client()
    url = f"/changes/{world.change_id}"
    missed = first.get(url)
    kept = second.get(url)
    assert (missed.headers["X-Page-Cache"], kept.headers["X-Page-Cache"]) == ("miss", "hit")
    assert "Letters in your language" in kept.text and "\x00" not in kept.text
    assert _token(kept.text) != _token(missed.text)
    assert kept.text.replace(_token(kept.text), "T") == missed.text.replace(_token(missed.text), "T")
    # The token put back into the kept page is the second visitor's own, and works.
    chosen = second.post("/language", data={"csrf_token": _token(kept.text), "language": "cy", "next": url})
    assert chosen.status_code == 303
    forged = app.test_client().post("/language", data={"csrf_token": _token(kept.text), "language": "cy", "next": url})
    assert forged.status_code == 400


def test_hiding_an_idea_takes_it_off_kept_pages_for_the_very_next_visitor(app):
    world = make_world(app)
    visitor = app.test_client()
    for _ in range(2):
        listed, shown = visitor.get("/ideas"), visitor.get(f"/ideas/{world.idea_id}")
    assert listed.headers["X-Page-Cache"] == "hit" and "The letter came after the appointment." in listed.text
    assert shown.status_code == 200
    office = app.test_client()
    sign_in(office, world.staff)
    hidden = post_form(office, f"/moderation/{world.idea_id}", {"decision": "hide", "reason": "not_respectful"})
    assert hidden.status_code == 303
    listed = visitor.get("/ideas")
    assert listed.headers["X-Page-Cache"] == "miss" and "The letter came after the appointment." not in listed.text
    assert visitor.get(f"/ideas/{world.idea_id}").status_code == 404


def test_a_vote_reaches_the_next_visitor_of_the_proposal_and_leaves_other_kept_pages_be(app):
    world = make_world(app)
    url, other = f"/proposals/{world.proposal_id}", f"/changes/{world.change_id}"
    visitor = app.test_client()
    for _ in range(2):
        visitor.get(url), visitor.get(other)
    assert visitor.get(url).headers["X-Page-Cache"] == "hit"
    with app.app_context():
        everything, votes = current_generations(db.session)
    member = app.test_client()
    sign_in(member, world.member)
    voted = member.post(f"{url}/vote", data={**form_fields(member.get(url).text), "choice": "support"})
    assert voted.status_code == 303
    with app.app_context():
        assert current_generations(db.session) == (everything, votes + 1)
    assert visitor.get(url).headers["X-Page-Cache"] == "miss"
    assert visitor.get(other).headers["X-Page-Cache"] == "hit"


def test_no_public_page_but_a_proposals_own_shows_anything_a_vote_writes(app):
    """The other kept pages ignore the votes' generation: this fails if one of them starts
    showing ballots or counts without saying `shows_votes=True`."""
    world = make_world(app)
    app.config["PAGE_CACHE_ENTRIES"] = 0
    pages = ["/", "/groups", f"/groups/{world.group_id}", "/ideas", f"/ideas/{world.idea_id}", "/proposals", "/changes",
             f"/changes/{world.change_id}", "/plan"]
    visitor = app.test_client()

    def rendered() -> dict[str, str]:
        found = {}
        for path in pages:
            response = visitor.get(path)
            assert response.status_code == 200, path
            found[path] = response.text.replace(_token(response.text), "T")
        return found

    before = rendered()
    member = app.test_client()
    sign_in(member, world.member)
    for proposal_id in (world.proposal_id, world.secret_id):
        url = f"/proposals/{proposal_id}"
        shown = member.get(url).text
        assert member.post(f"{url}/vote", data={**form_fields(shown), "choice": "support"}).status_code == 303
    with app.app_context():
        assert current_generations(db.session)[1] >= 2
    after = rendered()
    assert [path for path in pages if before[path] != after[path]] == []


def test_signed_in_people_and_waiting_messages_never_use_kept_pages(app):
    world = make_world(app)
    url = f"/changes/{world.change_id}"
    app.test_client().get(url)
    member = app.test_client()
    sign_in(member, world.member)
    for _ in range(2):
        response = member.get(url)
        assert "X-Page-Cache" not in response.headers and "Sign out" in response.text
    visitor = app.test_client()
    visitor.get(url)
    with visitor.session_transaction() as session:
        session["_flashes"] = [("success", "Your answer is saved.")]
    response = visitor.get(url)
    assert "X-Page-Cache" not in response.headers and "Your answer is saved." in response.text


def test_each_language_easy_read_and_htmx_swap_is_kept_apart(app):
    world = make_world(app)
    url = f"/changes/{world.change_id}"
    assert app.test_client().get(url).headers["X-Page-Cache"] == "miss"
    welsh, welsh_again = app.test_client(), app.test_client()
    for client in (welsh, welsh_again):
        client.set_cookie(LANGUAGE_COOKIE, "cy")
    assert welsh.get(url).headers["X-Page-Cache"] == "miss"
    again = welsh_again.get(url)
    assert again.headers["X-Page-Cache"] == "hit" and 'lang="cy"' in again.text
    easy = app.test_client()
    easy.set_cookie(EASY_READ_COOKIE, "on")
    response = easy.get(url)
    assert response.headers["X-Page-Cache"] == "miss" and "portal-easy-read-mode" in response.text
    swap = app.test_client().get("/ideas", headers={"HX-Request": "true"})
    assert swap.headers["X-Page-Cache"] == "miss"
    assert app.test_client().get("/ideas").headers["X-Page-Cache"] == "miss"


def test_writes_advance_the_generation_once_per_commit_unless_no_page_shows_them(db_app):
    world = make_world(db_app)
    with db_app.app_context():
        session = db.session
        start = current_generation(session)
        session.add(UsedFormToken(token=uuid.uuid4().hex))
        session.commit()
        assert current_generation(session) == start
        change = session.get(Change, world.change_id)
        change.title = "Letters in ten languages"
        session.add(UsedFormToken(token=uuid.uuid4().hex))
        session.commit()
        assert current_generation(session) == start + 1
        session.get(Change, world.change_id).title = "Rolled back"
        session.rollback()
        session.commit()
        assert current_generation(session) == start + 1
        session.execute(sa.update(Idea).where(Idea.id == world.idea_id).values(what_happened="Changed in bulk."))
        session.commit()
        assert current_generation(session) == start + 2


def test_a_write_through_another_server_reaches_this_servers_visitors(db_app):
    world = make_world(db_app)
    other = make_app(db_app.config["DATABASE_URL"])
    try:
        url = f"/changes/{world.change_id}"
        visitor = db_app.test_client()
        visitor.get(url)
        assert visitor.get(url).headers["X-Page-Cache"] == "hit"
        with other.app_context():
            db.session.get(Change, world.change_id).title = "Letters in twelve languages"
            db.session.commit()
        response = visitor.get(url)
        assert response.headers["X-Page-Cache"] == "miss" and "Letters in twelve languages" in response.text
    finally:
        other.extensions["database"].dispose()


def test_a_page_is_kept_no_longer_than_its_lifetime_and_not_at_all_when_turned_off(app):
    world = make_world(app)
    url = f"/changes/{world.change_id}"
    app.config["PAGE_CACHE_SECONDS"] = 0
    visitor = app.test_client()
    assert [visitor.get(url).headers["X-Page-Cache"] for _ in range(2)] == ["miss", "miss"]
    app.config.update(PAGE_CACHE_SECONDS=30, PAGE_CACHE_ENTRIES=0)
    assert "X-Page-Cache" not in visitor.get(url).headers


def test_a_page_carrying_a_once_only_form_or_an_error_is_never_shared(sqlite_url):
    app = make_app(sqlite_url)

    class Once(OnceOnlyForm):
        pass

    @for_visitors
    def once_page():
        form = Once()
        return f'<!DOCTYPE html><form method="post">{form.csrf_token()}{form.once()}</form>'

    @for_visitors
    def plain_page():
        return f"<!DOCTYPE html><p>{FlaskForm().csrf_token()}</p>"

    @for_visitors
    def missing_page():
        return "<!DOCTYPE html><p>Not here</p>", 404

    for name, view in (("once", once_page), ("plain", plain_page), ("missing", missing_page)):
        app.add_url_rule(f"/__test/{name}", name, view)
    client = app.test_client()
    onces = [client.get("/__test/once") for _ in range(2)]
    assert [response.headers["X-Page-Cache"] for response in onces] == ["miss", "miss"]
    assert form_fields(onces[0].text)["once"] != form_fields(onces[1].text)["once"]
    assert [client.get("/__test/plain").headers["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    assert [client.get("/__test/missing").headers["X-Page-Cache"] for _ in range(2)] == ["miss", "miss"]
    app.extensions["database"].dispose()


def test_a_savepoint_leaves_the_generation_to_the_outermost_commit(db_app):
    """Taking the generation's lock when a savepoint ends would hold it while the transaction
    goes on to lock other rows: two votes at once then deadlock on PostgreSQL."""
    world = make_world(db_app)
    with db_app.app_context():
        session = db.session
        start = current_generation(session)
        with session.begin_nested():
            session.get(Change, world.change_id).title = "Changed inside a savepoint"
        if session.get_bind().dialect.name == "postgresql":
            with db.engine.connect() as other:
                # The row is free until the outermost commit: another transaction may lock it.
                other.exec_driver_sql("SELECT n FROM page_generation WHERE id = 1 FOR UPDATE NOWAIT")
                other.rollback()
        session.commit()
        assert current_generation(session) == start + 1
