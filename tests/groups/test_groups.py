"""Groups: set up by staff, joined or asked to join, facilitated, sensitive ones kept quiet."""

import re

import pytest
from sqlmodel import select

from portal.accounts.models import Account
from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.groups import services
from portal.groups.models import Group, JoinPolicy, MemberRole, MemberStatus, Membership
from portal.notifications.models import Message
from portal.web.permissions import Role
from tests.conftest import count_queries
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import Page, text_of

GROUP = {
    "name": "First contact, community mental health",
    "pathway": "Community mental health",
    "touchpoints": ["referral", "first_contact"],
    "description": "We are writing a first contact standard together.",
    "languages": "English, Bengali",
    "join_policy": "open",
    "who_runs_it": "Two peer workers and a nurse.",
    "what_happens": "We meet for tea and talk.",
    "how_information_is_used": "Notes never include names.",
    "adjustments": "Tell us what helps.",
    "easy_read": "We meet.\n\nWe talk.",
}


def make_group(app, owner, **changes) -> Group:
    data = {**GROUP, **changes}
    data["languages"] = [x.strip() for x in data["languages"].split(",")] if isinstance(data["languages"], str) else data["languages"]
    with app.app_context():
        return services.create_group(db.session, data=data, actor_id=owner.id)


def test_staff_set_up_a_group_and_become_its_facilitator(app, client, page):
    staff = make_account(app, Role.staff)
    sign_in(client, staff)
    response = post_form(client, "/groups/new", GROUP)
    assert response.status_code == 303
    with app.app_context():
        group = db.session.exec(select(Group)).one()
        membership = db.session.get(Membership, (group.id, staff.id))
        assert (membership.role, membership.status) == (MemberRole.facilitator, MemberStatus.active)
        assert db.session.exec(select(AuditEntry).where(AuditEntry.action == "groups.create")).one().subject == group.id.hex
    _response, document = page.get(response.headers["Location"])
    assert text_of(document.find(".//h1")) == GROUP["name"]
    assert "Being referred" in text_of(document.find(".//main"))


def test_a_group_form_with_mistakes_keeps_everything_typed(app, client, page):
    staff = make_account(app, Role.staff)
    sign_in(client, staff)
    tokens = form_fields(client.get("/groups/new").text)
    _response, document = page.post("/groups/new", data={**tokens, **GROUP, "name": "", "join_policy": "forged", "touchpoints": ["nowhere"]}, status=422)
    summary = text_of(document.find(".//div[@class='nhsuk-error-summary']"))
    assert "Enter the group name" in summary and "Choose how people join" in summary and "Choose from the list" in summary
    assert document.find(".//textarea[@id='description']").text == GROUP["description"]
    with app.app_context():
        assert db.session.exec(select(Group)).all() == []


def test_participants_cannot_set_up_groups(app, client):
    person = make_account(app)
    sign_in(client, person)
    assert client.get("/groups/new").status_code == 403


def test_joining_an_open_group_is_immediate(app, client):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff)
    person = make_account(app)
    sign_in(client, person)
    response = post_form(client, f"/groups/{group.id}/join", {}, get_url=f"/groups/{group.id}")
    assert response.status_code == 303
    assert "You are a member of this group." in client.get(f"/groups/{group.id}").text


def test_asking_to_join_tells_the_facilitators_and_their_yes_tells_the_person(app, client):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff, join_policy="request")
    person = make_account(app)
    sign_in(client, person)
    post_form(client, f"/groups/{group.id}/join", {}, get_url=f"/groups/{group.id}")
    with app.app_context():
        assert db.session.get(Membership, (group.id, person.id)).status == MemberStatus.requested
        assert db.session.exec(select(Message.kind).where(Message.recipient_id == staff.id)).all() == ["groups.join_requested"]
    staff_client = app.test_client()
    sign_in(staff_client, staff)
    assert person.pseudonym in staff_client.get(f"/groups/{group.id}").text
    response = post_form(staff_client, f"/groups/{group.id}/requests/{person.id}", {"decision": "approve"}, get_url=f"/groups/{group.id}")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Membership, (group.id, person.id)).status == MemberStatus.active
        assert "groups.request_approved" in db.session.exec(select(Message.kind).where(Message.recipient_id == person.id)).all()


def test_another_groups_facilitator_cannot_answer_requests(app, client):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff, join_policy="request")
    connector = make_account(app, Role.intermediary)
    other = make_group(app, staff, name="Another group")
    with app.app_context():
        services.set_facilitator(db.session, group=other, account_id=connector.id, actor_id=staff.id)
    person = make_account(app)
    with app.app_context():
        services.join(db.session, group=group, account_id=person.id)
    sign_in(client, connector)
    response = post_form(client, f"/groups/{group.id}/requests/{person.id}", {"decision": "approve"}, get_url=f"/groups/{group.id}")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Membership, (group.id, person.id)).status == MemberStatus.requested


def test_invitation_groups_cannot_be_joined_by_asking(app, client):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff, join_policy="invitation")
    person = make_account(app)
    sign_in(client, person)
    post_form(client, f"/groups/{group.id}/join", {}, get_url=f"/groups/{group.id}")
    assert "This group is by invitation" in client.get(f"/groups/{group.id}").text
    with app.app_context():
        assert db.session.get(Membership, (group.id, person.id)) is None


def test_leaving_and_the_last_facilitator_staying(app, client):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff)
    sign_in(client, staff)
    post_form(client, f"/groups/{group.id}/leave", {}, get_url=f"/groups/{group.id}")
    assert "You are the only facilitator" in client.get(f"/groups/{group.id}").text
    with app.app_context():
        assert db.session.get(Membership, (group.id, staff.id)) is not None


def test_members_are_listed_only_if_they_choose_and_only_to_the_groups_own_members(app, client, page):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff)
    shy, open_person, outsider = make_account(app, pseudonym="Shy Otter"), make_account(app, pseudonym="Open Wren"), make_account(app)
    with app.app_context():
        db.session.get(Account, open_person.id).listed_to_members = True
        db.session.commit()
        for person in (shy, open_person):
            services.join(db.session, group=group, account_id=person.id)

    def main_text(viewer) -> str:
        visitor = app.test_client()
        if viewer:
            sign_in(visitor, viewer)
        _response, document = Page(visitor).get(f"/groups/{group.id}")
        return text_of(document.find(".//main"))

    # Signed out, or signed in but not a member: who runs the group, and nobody else.
    for viewer in (None, outsider):
        shown = main_text(viewer)
        assert staff.pseudonym in shown and "Open Wren" not in shown and "Shy Otter" not in shown
        assert "Only the members of this group can see" in shown
    # A member sees the others who chose to show their name to their groups' members.
    shown = main_text(shy)
    assert "Open Wren" in shown and "Shy Otter" not in shown and staff.pseudonym in shown
    assert "Only the members of this group can see" not in shown


def test_the_member_list_is_bounded_and_counts_the_rest(app, client, page, monkeypatch):
    from portal.groups import queries

    monkeypatch.setattr(queries, "MEMBERS_SHOWN", 3)
    staff = make_account(app, Role.staff)
    group = make_group(app, staff)
    people = [make_account(app, pseudonym=f"Listed Heron {index}") for index in range(4)]
    with app.app_context():
        for person in people:
            db.session.get(Account, person.id).listed_to_members = True
            services.join(db.session, group=group, account_id=person.id)
        db.session.commit()
    sign_in(client, people[0])
    _response, document = page.get(f"/groups/{group.id}")
    names = [text_of(item) for item in document.findall(".//main//ul/li")]
    listed = [name for name in names if "Listed Heron" in name or staff.pseudonym in name]
    assert len(listed) == 3 and staff.pseudonym in listed[0], "facilitators come first"
    assert "And 2 more members who chose to show their name." in text_of(document.find(".//main"))
    with count_queries(app) as counted:
        page.get(f"/groups/{group.id}")
    assert sum("LIMIT" in statement.upper() and "ACCOUNT" in statement.upper() for statement in counted) >= 1


def test_a_sensitive_group_keeps_its_name_out_of_titles_and_from_non_members(app, client, page):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff, name="Domestic abuse survivors", sensitive=True)
    assert client.get(f"/groups/{group.id}").status_code == 404
    assert "Domestic abuse" not in client.get("/groups").text
    member = make_account(app)
    with app.app_context():
        services.join(db.session, group=group, account_id=member.id)
    sign_in(client, member)
    _response, document = page.get(f"/groups/{group.id}")
    assert "Domestic abuse" not in text_of(document.find(".//title"))
    assert "Domestic abuse" in text_of(document.find(".//h1"))
    _response, document = page.get(f"/groups/{group.id}/what-to-expect")
    assert "Domestic abuse" not in text_of(document.find(".//title"))


def test_what_to_expect_has_an_easy_read_version_chosen_by_need(app, client, page):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff)
    _response, document = page.get(f"/groups/{group.id}/what-to-expect")
    assert "Two peer workers and a nurse." in text_of(document.find(".//main"))
    _response, document = page.get(f"/groups/{group.id}/what-to-expect?version=easy-read")
    assert [text_of(p) for p in document.findall(".//div[@class='portal-easy-read']/p")] == ["We meet.", "We talk."]
    person = make_account(app)
    with app.app_context():
        db.session.get(Account, person.id).needs_easy_read = True
        db.session.commit()
    sign_in(client, person)
    _response, document = page.get(f"/groups/{group.id}/what-to-expect")
    assert document.find(".//div[@class='portal-easy-read']") is not None


def test_staff_change_a_group_and_add_a_connector_as_facilitator(app, client):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff)
    connector = make_account(app, Role.participant, Role.intermediary, pseudonym="Barbershop Sam")
    sign_in(client, staff)
    response = post_form(client, f"/groups/{group.id}/edit", {**GROUP, "name": "Renamed group"})
    assert response.status_code == 303
    response = post_form(client, f"/groups/{group.id}/facilitators", {"pseudonym": "barbershop sam"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Group, group.id).name == "Renamed group"
        assert db.session.get(Membership, (group.id, connector.id)).role == MemberRole.facilitator
    response = post_form(client, f"/groups/{group.id}/facilitators", {"pseudonym": "nobody at all"})
    assert response.status_code == 422 and "No staff member or community connector has that name" in response.text


def test_unknown_or_malformed_group_ids_are_404(app, client):
    assert client.get("/groups/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/groups/not-an-id").status_code == 404


@pytest.mark.parametrize("policy", list(JoinPolicy))
def test_the_group_list_reads_a_fixed_number_of_times_however_many_groups(app, client, policy):
    staff = make_account(app, Role.staff)
    make_group(app, staff, join_policy=policy.value)
    with count_queries(app) as few:
        client.get("/groups")
    for index in range(5):
        make_group(app, staff, name=f"Group number {index}", join_policy=policy.value)
    with count_queries(app) as many:
        client.get("/groups")
    assert len(many) == len(few)


def test_an_invitation_code_lets_one_person_join_once(app, client, page):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff, join_policy="invitation")
    sign_in(client, staff)
    response = post_form(client, f"/groups/{group.id}/invitations", {}, get_url=f"/groups/{group.id}")
    code = re.search(r'class="portal-code" translate="no">([A-Z0-9-]+)<', response.text).group(1)
    person, second = make_account(app), make_account(app)
    their = app.test_client()
    sign_in(their, person)
    assert post_form(their, "/groups/join-with-code", {"code": code.lower()}).status_code == 303
    with app.app_context():
        assert db.session.get(Membership, (group.id, person.id)).status == MemberStatus.active
    other = app.test_client()
    sign_in(other, second)
    response = post_form(other, "/groups/join-with-code", {"code": code})
    assert response.status_code == 422 and "already been used" in response.text
    assert post_form(other, "/groups/join-with-code", {"code": "ZZZZ-ZZZZ"}).status_code == 422


def test_an_expired_invitation_code_is_refused(app):
    from datetime import timedelta

    from portal.db import utc_now
    from portal.groups.services import GroupError

    staff = make_account(app, Role.staff)
    group = make_group(app, staff, join_policy="invitation")
    person = make_account(app)
    with app.app_context():
        code = services.invite(db.session, group=db.session.get(Group, group.id), actor_id=staff.id, now=utc_now() - timedelta(days=15))
        with pytest.raises(GroupError, match="expired_code"):
            services.join_with_code(db.session, code=code, account_id=person.id)


def test_only_facilitators_make_invitation_codes(app, client):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff, join_policy="invitation")
    person = make_account(app)
    sign_in(client, person)
    assert post_form(client, f"/groups/{group.id}/invitations", {}, get_url=f"/groups/{group.id}").status_code == 403


def test_an_adjustment_request_reaches_the_facilitators_and_is_marked_done(app, client, page):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff)
    person = make_account(app)
    sign_in(client, person)
    response = post_form(client, f"/groups/{group.id}/what-to-expect", {"text": "A seat near the door, please."})
    assert response.status_code == 303
    assert "groups.adjustment_requested" in [m for m in _kinds(app, staff.id)]
    staff_client = app.test_client()
    sign_in(staff_client, staff)
    _response, document = Page(staff_client).get(f"/groups/{group.id}/adjustments")
    assert "A seat near the door, please." in text_of(document.find(".//main"))
    assert person.pseudonym in text_of(document.find(".//main"))
    request_id = document.find(".//input[@name='request']").get("value")
    assert post_form(staff_client, f"/groups/{group.id}/adjustments", {"request": request_id}).status_code == 303
    assert 'name="request"' not in staff_client.get(f"/groups/{group.id}/adjustments").text
    assert client.get(f"/groups/{group.id}/adjustments").status_code == 403


def test_an_empty_adjustment_request_is_explained(app, client, page):
    staff = make_account(app, Role.staff)
    group = make_group(app, staff)
    sign_in(client, make_account(app))
    response = post_form(client, f"/groups/{group.id}/what-to-expect", {"text": " "})
    assert response.status_code == 422 and "Say what would help you" in response.text


def _kinds(app, account_id):
    with app.app_context():
        return db.session.exec(select(Message.kind).where(Message.recipient_id == account_id)).all()
