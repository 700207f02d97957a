"""Evidence packs: for whole ended periods and whole groups, every count protected (no shown
count is 1 to 7, every count is a multiple of 5, and a group's hidden count cannot be read off
the all-groups pack), as a page, CSV and PDF, for the roles that may see them."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from portal.accounts.models import Account
from portal.changes import services as changes
from portal.changes.models import Change, ChangeKind, ChangeStatus, ChangeUpdate
from portal.claims.models import Claim, ClaimKind, ClaimStatus
from portal.equality import services as equality
from portal.extensions import db
from portal.groups import services as groups
from portal.groups.models import Touchpoint
from portal.ideas import services as ideas
from portal.ideas.models import Idea
from portal.meetings.models import Attendance, Meeting, Rung
from portal.plan.models import AssuranceCheck, CheckMethod, Consistency
from portal.safeguarding.models import Case, RiskAnswer
from portal.web.i18n import LANGUAGE_COOKIE
from portal.web.permissions import Role
from tests.factories import make_account, sign_in
from tests.pages import check_page, parse, text_of

MARCH = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def world(app):
    """March 2026: ten people at the carers group's meeting, three at the small group's, an idea,
    a change with a measure and an assurance check, claims, and one safeguarding case."""
    staff = make_account(app, Role.staff)
    carers = [make_account(app) for _ in range(10)]
    few = [make_account(app) for _ in range(3)]
    with app.app_context():
        big = groups.create_group(db.session, data={"name": "Carers voice", "pathway": "Therapy", "description": "x", "join_policy": "open"}, actor_id=staff.id)
        small = groups.create_group(db.session, data={"name": "Small circle", "pathway": "Therapy", "description": "x", "join_policy": "open"}, actor_id=staff.id)
        private = groups.create_group(db.session, data={"name": "Survivors", "pathway": "Therapy", "description": "x", "join_policy": "invitation", "sensitive": True}, actor_id=staff.id)
        for group, people in ((big, carers), (small, few)):
            meeting = Meeting(group_id=group.id, starts_at=MARCH, ends_at=MARCH + timedelta(hours=1), venue="Hall", offers_travel=True, headcount_without_account=2, rung=Rung.co_design)
            db.session.add(meeting)
            db.session.flush()
            for person in people:
                groups.join(db.session, group=group, account_id=person.id)
                db.session.add(Attendance(meeting_id=meeting.id, account_id=person.id, had_travel=True))
                db.session.add(Claim(meeting_id=meeting.id, account_id=person.id, kind=ClaimKind.travel, amount_pence=450, status=ClaimStatus.approved, decided_at=MARCH))
        db.session.commit()
        idea = ideas.submit_idea(db.session, author_id=carers[0].id, touchpoint=Touchpoint.first_contact, what_happened="The letter came late.", what_should_change="", language="en", risk_answer=RiskAnswer.no, group_id=big.id).idea
        ideas.moderate(db.session, idea=idea, decision="publish", moderator_id=staff.id)
        case = ideas.submit_idea(db.session, author_id=carers[1].id, touchpoint=Touchpoint.other, what_happened="I am not safe at home.", what_should_change="", language="en", risk_answer=RiskAnswer.yes_me, group_id=big.id).case
        change = changes.create_change(
            db.session,
            data=changes.NewChange(
                title="=Texts before first appointments", said="Letters came late.", did="A text a week before.", kind=ChangeKind.communication_standard,
                touchpoint=Touchpoint.first_contact, owner_team="Bookings", group_id=big.id, review_on=None, idea_ids=[idea.id], proposal_ids=[],
            ),
            status=ChangeStatus.done, reason="", actor_id=staff.id,
        )
        db.session.add(AssuranceCheck(change_id=change.id, checked_on=MARCH.date(), method=CheckMethod.record_sampling, findings="38 of 40 letters had the text.", consistency=Consistency.partly))
        db.session.execute(sa.update(Idea).values(created_at=MARCH))
        db.session.execute(sa.update(ChangeUpdate).values(created_at=MARCH))
        db.session.execute(sa.update(Case).where(Case.id == case.id).values(created_at=MARCH, due_at=MARCH + timedelta(hours=4), acknowledged_at=MARCH + timedelta(hours=1)))
        db.session.commit()
        pseudonyms = [db.session.get(Account, person.id).pseudonym for person in carers + few]
        for index, person in enumerate(carers + few):
            equality.save_answers(db.session, account_id=person.id, answers=equality.Answers({"carer": "yes", "religion": "sikh" if index < 9 else "prefer_not_to_say"}))
    return {"staff": staff, "big": big.id, "small": small.id, "private": private.id, "change": change.id, "pseudonyms": pseudonyms}


@pytest.fixture
def staff_client(app):
    client = app.test_client()
    sign_in(client, make_account(app, Role.staff))
    return client


@pytest.fixture
def commissioner(app):
    client = app.test_client()
    sign_in(client, make_account(app, Role.commissioner))
    return client


def _counts(html: str) -> dict[str, list[str]]:
    found = {}
    for table in parse(html).iterfind(".//table[@data-table]"):
        found[table.get("data-table")] = [cell.get("data-count") for cell in table.iterfind(".//td[@data-count]")]
    return found


def _protected(value: str) -> bool:
    return value == "*" or (int(value) % 5 == 0 and not 1 <= int(value) <= 7)


def test_a_pack_for_all_groups_shows_every_section_with_protected_counts(app, world, commissioner):
    response = commissioner.get("/evidence/2026-03")
    assert response.status_code == 200
    check_page(response.text)
    main = text_of(parse(response.text).find(".//main"))
    for heading in ("Who took part", "How taking part was supported", "What changed", "What difference it made", "Checks that changes are applied", "Safeguarding assurance", "The co-production plan"):
        assert heading in main
    assert "Listening to and involving people" in main and "Safeguarding" in main
    assert "Texts before first appointments" in main and "38 of 40 letters had the text." in main
    counts = _counts(response.text)
    assert counts and all(_protected(value) for values in counts.values() for value in values)
    for pseudonym in world["pseudonyms"]:
        assert pseudonym not in response.text


def test_group_versus_all_the_small_groups_count_cannot_be_read_off(app, world, commissioner):
    everyone = _counts(commissioner.get("/evidence/2026-03").text)["people_by_role"]
    big = _counts(commissioner.get(f"/evidence/2026-03?group={world['big']}").text)["people_by_role"]
    small = _counts(commissioner.get(f"/evidence/2026-03?group={world['small']}").text)["people_by_role"]
    assert small[0] == "*"  # three participants
    # the participants row: all groups less the big group would give the small group's three
    assert "*" in (everyone[0], big[0])


def test_a_group_pack_leaves_out_safeguarding_and_a_private_group_has_none(app, world, commissioner):
    page = commissioner.get(f"/evidence/2026-03?group={world['big']}")
    assert page.status_code == 200 and "Carers voice" in page.text and "Safeguarding assurance" not in page.text
    assert commissioner.get(f"/evidence/2026-03?group={world['private']}").status_code == 404
    assert commissioner.get("/evidence/2026-03?group=not-an-id").status_code in (400, 404)


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/evidence/2026-13", 404, "There is no such period"),
        ("/evidence/2026-Q5", 404, "There is no such period"),
        ("/evidence/2026-03-01", 404, "There is no such period"),
        ("/evidence/2999", 422, "has not ended yet"),
        ("/evidence/choose?period=%3Cscript%3E", 422, "Choose a month, quarter or year"),
    ],
)
def test_periods_that_cannot_have_a_pack_are_explained(app, commissioner, path, status, message):
    response = commissioner.get(path)
    assert response.status_code == status and message in response.text and "<script>" not in response.text


def test_the_current_month_has_no_pack_until_it_ends(app, commissioner):
    today = datetime.now(UTC)
    response = commissioner.get(f"/evidence/{today:%Y-%m}")
    assert response.status_code == 422 and "has not ended yet" in response.text


def test_an_empty_period_says_so(app, commissioner):
    response = commissioner.get("/evidence/2001-01")
    assert response.status_code == 200 and "Nothing was recorded in this period" in response.text
    assert all(value == "0" for values in _counts(response.text).values() for value in values)


def test_the_choosing_form_leads_to_the_pack(app, world, commissioner):
    response = commissioner.get(f"/evidence/choose?period=2026-Q1&group={world['big']}")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/evidence/2026-Q1?group={world['big']}")


def test_the_csv_has_only_protected_counts_and_no_formulas(app, world, commissioner):
    response = commissioner.get("/evidence/2026-03/pack.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    value = header.index("Value")
    numbers = [row[value] for row in body if row[header.index("Table")] != "Change"]
    assert numbers and all(_protected(cell) for cell in numbers)
    titles = [row[header.index("Row")] for row in body if row[header.index("Table")] == "Change"]
    assert titles == ["'=Texts before first appointments"]


@pytest.mark.parametrize("code", ["bn", "ur", "ar"])
def test_the_pdf_shapes_bengali_urdu_and_arabic(app, world, commissioner, code):
    from pypdf import PdfReader

    words = {"bn": "আমার মতামত", "ur": "میری ملاقات", "ar": "موعدي القادم"}[code]
    with app.app_context():
        change = db.session.get(Change, world["change"])
        change.title = words
        db.session.commit()
    commissioner.set_cookie(LANGUAGE_COOKIE, code)
    response = commissioner.get("/evidence/2026-03/pack.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(response.data))
    fonts = {font["/BaseFont"] for page in reader.pages for font in (page["/Resources"].get("/Font") or {}).values() for font in [font.get_object()]}
    wanted = {"bn": "Bengali", "ur": "Urdu", "ar": "Arabic"}[code]
    assert any(wanted in str(name) for name in fonts), fonts
    text = "".join(page.extract_text() for page in reader.pages)
    assert words.split()[0] in text


@pytest.mark.parametrize("role", [Role.participant, Role.intermediary, Role.safeguarding_lead])
def test_only_commissioners_staff_and_admins_see_packs(app, world, role):
    client = app.test_client()
    sign_in(client, make_account(app, role))
    for path in ("/evidence", "/evidence/2026-03", "/evidence/2026-03/pack.csv", "/evidence/2026-03/pack.pdf"):
        assert client.get(path).status_code == 403


def test_who_took_part_is_counted_by_equality_answers_in_aggregate_only(app, world, commissioner):
    html = commissioner.get("/evidence/2026-03").text
    counts = _counts(html)
    carer = counts["equality_carer"]  # yes, no, prefer not to say, not answered, total
    assert carer == ["15", "0", "0", "0", "15"]  # thirteen carers
    religion = counts["equality_religion"]  # nine Sikh, four who would rather not say: both hidden
    assert religion.count("*") == 2 and religion[-1] == "15"
    assert "plan_cohorts" not in counts  # the plan names no cohorts yet
    assert "What is your religion?" in html



def test_meetings_are_counted_by_their_rung_on_the_ladder(app, world, staff_client):
    with app.app_context():
        for index in range(18):  # with the fixture's two co-design meetings: ten of each
            rung = Rung.co_production if index < 10 else Rung.co_design
            db.session.add(Meeting(group_id=world["big"], starts_at=MARCH + timedelta(days=1, hours=index), ends_at=MARCH + timedelta(days=1, hours=index + 1), venue=f"Room {index}", rung=rung))
        db.session.commit()
    html = staff_client.get("/evidence/2026-03").text
    main = text_of(parse(html).find(".//main"))
    assert "Co-production: equal partners, sharing power from start to finish" in main
    rungs = _counts(html)["rungs"]
    assert rungs[5:7] == ["10", "10"] and rungs[-1] == "20" and all(_protected(value) for value in rungs)
    meetings = _counts(html)["meetings"]  # held, different places, then support offered
    assert meetings[:2] == ["20", "20"]
