"""Every state-changing route refuses a post without its CSRF token, and then nothing changes.

Most routes are guarded by the global CSRFProtect, which answers 400 before the view runs.
The routes listed in OWN_CHECK are exempt from it because their form checks its own token (so a
stale form keeps what was typed); for those the answer is written out here by reading each
view: the form is shown again saying it expired (422), or the permission or the thing asked
for is checked first (403, 404). A route exempted in future without a row here is expected to
answer 400, so the test fails until someone reads it and writes its row.
"""

import pytest

from portal.web.permissions import Role
from tests.factories import form_fields, make_account, sign_in
from tests.security.world import build, snapshot, state_changing_rules, table_counts, url_for_rule

ADMIN, PARTICIPANT = "admin", "participant"
EXPIRED = "This form has expired. Check your answers and send it again."
OWN, NO, MISSING = 422, 403, 404

#: (admin, participant) for each route whose form checks its own token.
OWN_CHECK = {
    "/account/contact": (OWN, OWN),
    "/account/equality": (OWN, OWN),
    "/account/needs": (OWN, OWN),
    "/account/password": (OWN, OWN),
    "/admin/accounts/<uuid:account_id>/roles": (OWN, NO),
    "/admin/settings": (OWN, NO),
    "/cases/<uuid:case_id>": (NO, NO),
    "/cases/<uuid:case_id>/assign": (NO, NO),
    "/cases/<uuid:case_id>/close": (NO, NO),
    "/cases/<uuid:case_id>/identity": (NO, NO),
    "/cases/<uuid:case_id>/no-further-action": (NO, NO),
    "/cases/<uuid:case_id>/refer": (NO, NO),
    "/cases/<uuid:case_id>/share": (NO, NO),
    "/cases/<uuid:case_id>/triage": (NO, NO),
    "/cases/rota": (NO, NO),
    "/changes/<uuid:change_id>/assurance": (OWN, NO),
    "/changes/<uuid:change_id>/measures": (OWN, NO),
    "/changes/<uuid:change_id>/prompt": (OWN, NO),
    "/changes/<uuid:change_id>/translations/<lang>": (OWN, NO),
    "/changes/<uuid:change_id>/update": (OWN, NO),
    "/changes/new": (OWN, NO),
    "/claims/<uuid:claim_id>": (OWN, NO),
    "/connector/new-card": (OWN, NO),
    "/connector/new-pin": (OWN, NO),
    # Only someone a connector supports has a contact record; the others are not found.
    "/connector/people/<uuid:person_id>/contact": (MISSING, NO),
    "/connector/sign-up": (OWN, NO),
    "/glossary/<uuid:term_id>/edit": (OWN, NO),
    "/glossary/<uuid:term_id>/remove": (OWN, NO),
    "/glossary/<uuid:term_id>/translations/<lang>": (OWN, NO),
    "/glossary/new": (OWN, NO),
    "/groups/<uuid:group_id>/edit": (OWN, NO),
    "/groups/<uuid:group_id>/facilitators": (OWN, NO),
    "/groups/<uuid:group_id>/meetings/new": (OWN, NO),
    "/groups/<uuid:group_id>/translations/<lang>": (OWN, NO),
    "/groups/<uuid:group_id>/what-to-expect": (OWN, OWN),
    "/groups/new": (OWN, NO),
    "/help-someone-sign-in": (OWN, NO),
    # Only the author can change their idea; admins do not share ideas at all.
    "/ideas/<uuid:idea_id>/change": (NO, MISSING),
    "/ideas/<uuid:idea_id>/reply": (OWN, NO),
    "/ideas/<uuid:idea_id>/report": (NO, OWN),
    # The idea is in English, so there is nothing to translate.
    "/ideas/<uuid:idea_id>/translate": (MISSING, NO),
    "/ideas/<uuid:idea_id>/worried": (OWN, OWN),
    "/ideas/new": (NO, OWN),
    # Neither is a member of the group whose meeting it was.
    "/meetings/<uuid:meeting_id>/claim": (NO, NO),
    "/meetings/<uuid:meeting_id>/edit": (OWN, NO),
    "/meetings/<uuid:meeting_id>/translations/<lang>": (OWN, NO),
    "/moderation/<uuid:idea_id>": (OWN, NO),
    "/plan/cohorts/<uuid:cohort_id>/edit": (OWN, NO),
    "/plan/cohorts/new": (OWN, NO),
    "/plan/maturity": (OWN, NO),
    "/plan/objectives/<uuid:objective_id>/edit": (OWN, NO),
    "/plan/objectives/new": (OWN, NO),
    "/proposals/<uuid:proposal_id>/room": (OWN, NO),
    "/proposals/<uuid:proposal_id>/translations/<lang>": (OWN, NO),
    "/proposals/new": (OWN, NO),
    "/report-a-problem": (OWN, OWN),
    # Someone signed in is sent to their account before the form is read.
    "/sign-up": (303, 303),
    # The signed token in the address is the proof (one-click unsubscribe); a made-up one is refused.
    "/unsubscribe/<token>": (400, 400),
}
#: Columns every signed-in request may touch: when the browser was last seen.
TOUCHED = {"sign_in_session": {"last_seen_at"}}


@pytest.mark.parametrize("who", [ADMIN, PARTICIPANT])
def test_every_state_changing_route_refuses_a_post_without_its_csrf_token(app, who):
    ids = build(app)
    client = app.test_client()
    sign_in(client, make_account(app, Role(who)))
    counts, before = table_counts(app), snapshot(app, TOUCHED)
    wrong = []
    for rule in state_changing_rules(app):
        url = url_for_rule(app, rule, ids)
        expected = OWN_CHECK.get(rule.rule, (400, 400))[0 if who == ADMIN else 1]
        response = client.post(url)
        if response.status_code != expected:
            wrong.append((rule.rule, response.status_code, expected))
        elif expected == OWN and EXPIRED not in response.text:
            wrong.append((rule.rule, "form shown without saying it expired"))
    assert wrong == []
    assert table_counts(app) == counts
    assert snapshot(app, TOUCHED) == before


def test_every_own_check_row_is_a_real_state_changing_route(app):
    assert set(OWN_CHECK) <= {rule.rule for rule in state_changing_rules(app)}


def test_a_csrf_token_from_another_session_is_refused(app):
    ids = build(app)
    stranger = app.test_client()
    sign_in(stranger, make_account(app))
    stolen = form_fields(stranger.get("/account").text)
    client = app.test_client()
    sign_in(client, make_account(app, Role.admin))
    counts = table_counts(app)
    assert client.post("/account/visibility", data={**stolen, "listed": "y"}).status_code == 400
    assert client.post(f"/groups/{ids['group']}/edit", data={**stolen, "name": "Taken over"}).status_code == 422
    assert client.post("/messages/read-all", data=stolen).status_code == 400
    assert table_counts(app) == counts


def test_a_once_only_form_sent_twice_is_saved_once(app):
    client = app.test_client()
    sign_in(client, make_account(app))
    tokens = form_fields(client.get("/report-a-problem").text)
    data = {**tokens, "kind": "other", "description": "The menu covers the page."}
    assert client.post("/report-a-problem", data=data).status_code == 303
    counts = table_counts(app)
    again = client.post("/report-a-problem", data=data)
    assert again.status_code == 409
    assert table_counts(app) == counts
