"""Quick feedback on a change: at most three one-tap questions, answered only by the people the
change concerns, counted for everyone and by cohort with every count through the one
small-number rule, beside the impact figures."""

from datetime import date

import pytest
from sqlmodel import select

from portal.changes import services
from portal.changes.models import Answer, Change, ChangeStatus, PromptAnswer, Question
from portal.extensions import db
from portal.groups import services as groups
from portal.notifications.models import Message
from portal.web.i18n import LANGUAGE_COOKIE
from portal.web.permissions import Role
from tests.changes.test_changes import new_change, world  # noqa: F401  (fixture)
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import fragment as fragment_of
from tests.pages import parse, text_of

FEEDBACK = ".//section[@id='feedback']"
TABLE = ".//table[@class='nhsuk-table portal-feedback__table']"


@pytest.fixture
def change(app, world):  # noqa: F811
    with app.app_context():
        made = services.create_change(db.session, data=new_change(world), status=ChangeStatus.done, reason="", actor_id=world["staff"].id)
        services.add_measure(
            db.session, change=db.session.get(Change, made.id),
            data=services.NewMeasure(
                measure="Did-not-attend rate", unit=services.Unit.percent, cohort="Carers", baseline=18.5, baseline_from=date(2026, 1, 1), baseline_to=date(2026, 3, 31),
                latest=11.0, latest_from=date(2026, 7, 1), latest_to=date(2026, 9, 30), target=10.0, better=services.Better.lower,
            ),
            actor_id=world["staff"].id,
        )
        return made.id


def _ask(app, change_id, staff, *questions):
    with app.app_context():
        services.set_prompt(db.session, change=db.session.get(Change, change_id), questions=list(questions), actor_id=staff.id)


def _invitations(app, person):
    with app.app_context():
        return db.session.exec(select(Message).where(Message.recipient_id == person.id, Message.kind == "changes.feedback")).all()


def test_staff_choose_up_to_three_questions_and_the_people_behind_it_are_invited_once(app, world, change):
    office = app.test_client()
    sign_in(office, world["staff"])
    url = f"/changes/{change}"
    four = ["clear_next", "listened", "easier", "safe"]
    refused = post_form(office, f"{url}/prompt", {"questions": four}, get_url=url)
    assert refused.status_code == 422 and "Choose up to three questions" in refused.text
    ticked = {box.get("value") for box in parse(refused.text).iterfind(".//input[@name='questions'][@checked]")}
    assert ticked == set(four)  # what was chosen is still chosen
    assert post_form(office, f"{url}/prompt", {"questions": ["clear_next", "listened"]}, get_url=url).status_code == 303
    assert post_form(office, f"{url}/prompt", {"questions": ["clear_next", "easier"]}, get_url=url).status_code == 303
    assert len(_invitations(app, world["author"])) == 1 and len(_invitations(app, world["voter_author"])) == 1
    with app.app_context(), pytest.raises(services.ChangeError):
        services.set_prompt(db.session, change=db.session.get(Change, change), questions=[Question(q) for q in four], actor_id=world["staff"].id)


def test_only_staff_choose_the_questions(app, world, change):
    member = app.test_client()
    sign_in(member, world["author"])
    assert post_form(member, f"/changes/{change}/prompt", {"questions": ["clear_next"]}, get_url=f"/changes/{change}").status_code == 403


def test_one_tap_saves_an_answer_and_a_second_tap_changes_it(app, world, change):
    _ask(app, change, world["staff"], Question.clear_next, Question.listened)
    client = app.test_client()
    sign_in(client, world["author"])
    page = parse(client.get(f"/changes/{change}").text)
    assert len(page.findall(FEEDBACK + "//button[@name='answer']")) == 6
    url = f"/changes/{change}"
    first = post_form(client, f"{url}/feedback", {"question": "clear_next", "answer": "yes"}, get_url=url)
    assert first.status_code == 303 and first.headers["Location"].endswith("#feedback")
    swapped = post_form(client, f"{url}/feedback", {"question": "clear_next", "answer": "partly"}, get_url=url, headers={"HX-Request": "true"})
    assert swapped.status_code == 200 and "<html" not in swapped.text
    fragment = fragment_of(swapped.text)
    assert fragment.find(".//button[@name='answer'][@value='partly'][@aria-pressed='true']") is not None
    assert "Your answer: Partly" in swapped.text
    with app.app_context():
        answers = db.session.exec(select(PromptAnswer).where(PromptAnswer.account_id == world["author"].id)).all()
        assert [(a.question, a.answer) for a in answers] == [(Question.clear_next, Answer.partly)]


def test_group_members_are_asked_too_but_nobody_else(app, world, change):
    _ask(app, change, world["staff"], Question.clear_next)
    member = make_account(app)
    with app.app_context():
        groups.join(db.session, group=db.session.get(groups.Group, world["group"]), account_id=member.id)
    outsider = make_account(app)
    for person, may in ((member, True), (outsider, False)):
        client = app.test_client()
        sign_in(client, person)
        page = client.get(f"/changes/{change}").text
        assert bool(parse(page).findall(FEEDBACK + "//button[@name='answer']")) is may
        tokens = form_fields(page)
        response = client.post(f"/changes/{change}/feedback", data={**tokens, "question": "clear_next", "answer": "no"})
        assert response.status_code == (303 if may else 403)
    with app.app_context():
        assert len(db.session.exec(select(PromptAnswer)).all()) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question": "safe", "answer": "yes"}, "That question is no longer asked"),
        ({"question": "clear_next", "answer": "maybe"}, "Choose from the list"),
        ({"question": "'; DROP TABLE prompt_answer", "answer": "yes"}, "Choose from the list"),
    ],
)
def test_a_tap_that_cannot_count_is_explained(app, world, change, data, message):
    _ask(app, change, world["staff"], Question.clear_next)
    client = app.test_client()
    sign_in(client, world["author"])
    response = post_form(client, f"/changes/{change}/feedback", data, get_url=f"/changes/{change}")
    assert response.status_code == 422 and message in response.text
    with app.app_context():
        assert db.session.exec(select(PromptAnswer)).all() == []


def test_signed_out_people_are_sent_to_sign_in(app, world, change):
    _ask(app, change, world["staff"], Question.clear_next)
    response = app.test_client().post(f"/changes/{change}/feedback", data={"question": "clear_next", "answer": "yes"})
    assert response.status_code in (302, 303, 400)
    with app.app_context():
        assert db.session.exec(select(PromptAnswer)).all() == []


def test_a_cohort_comes_from_the_impact_figures_and_only_after_an_answer(app, world, change):
    _ask(app, change, world["staff"], Question.clear_next)
    client = app.test_client()
    sign_in(client, world["author"])
    url = f"/changes/{change}"
    early = post_form(client, f"{url}/cohort", {"cohort": "Carers"}, get_url=url)
    assert early.status_code == 422 and "Answer a question first" in early.text
    post_form(client, f"{url}/feedback", {"question": "clear_next", "answer": "yes"}, get_url=url)
    assert parse(client.get(url).text).find(FEEDBACK + "//button[@name='cohort'][@value='Carers']") is not None
    made_up = post_form(client, f"{url}/cohort", {"cohort": "Astronauts"}, get_url=url)
    assert made_up.status_code == 422 and "Choose from the list" in made_up.text
    assert post_form(client, f"{url}/cohort", {"cohort": "Carers"}, get_url=url).status_code == 303
    assert parse(client.get(url).text).find(FEEDBACK + "//button[@name='cohort'][@value='Carers'][@aria-pressed='true']") is not None


def _answer_as(app, change_id, group_id, answers: list[tuple[Answer, str]]):
    """Members of the group answer clear_next; each with the cohort given ("" for none)."""
    for answer, cohort in answers:
        person = make_account(app)
        with app.app_context():
            groups.join(db.session, group=db.session.get(groups.Group, group_id), account_id=person.id)
            found = db.session.get(Change, change_id)
            services.answer_prompt(db.session, change=found, question=Question.clear_next, answer=answer, account_id=person.id)
            if cohort:
                services.give_cohort(db.session, change=found, cohort=cohort, account_id=person.id)


def _cells(html: str) -> list[str]:
    return [cell.get("data-value") for cell in parse(html).iterfind(TABLE + "//td")]


def _table(html: str) -> dict[str, list[str]]:
    table = parse(html).find(TABLE)
    return {text_of(row.find("th")): [text_of(td) for td in row.iterfind("td")] for row in table.iterfind("tbody/tr")}


def test_answers_are_counted_by_cohort_and_every_count_shown_is_suppressed(app, world, change):
    _ask(app, change, world["staff"], Question.clear_next)
    _answer_as(app, change, world["group"], [(Answer.yes, "Carers")] * 8 + [(Answer.yes, "")] * 8 + [(Answer.no, "Carers")] * 8)
    html = app.test_client().get(f"/changes/{change}").text
    table = parse(html).find(TABLE)
    assert [text_of(th) for th in table.iterfind("thead//th")] == ["Answer", "Everyone", "Carers"]
    # everyone: yes 16 → 15, no 8 → 10, total 24 → 25; carers: yes 8 → 10, no 8 → 10, total 16 → 15
    assert _table(html) == {"Yes": ["15 (60%)", "10 (67%)"], "Partly": ["0", "0"], "No": ["10 (40%)", "10 (67%)"], "People who answered": ["25", "15"]}


def test_a_small_count_hides_the_counts_it_could_be_worked_out_from(app, world, change):
    _ask(app, change, world["staff"], Question.clear_next)
    _answer_as(app, change, world["group"], [(Answer.yes, "Carers")] * 9 + [(Answer.yes, "")] * 3 + [(Answer.no, "Carers")] * 3)
    html = app.test_client().get(f"/changes/{change}").text
    rows = _table(html)
    # 3 carers said no, so their "yes" (which with the carers' total would give it away) is hidden too
    assert rows["No"] == ["*", "*"] and rows["Yes"][1] == "*"
    for value in _cells(html):
        assert value == "*" or (int(value) % 5 == 0 and not 1 <= int(value) <= 7)


def test_few_answers_show_only_stars_and_the_rule_is_explained(app, world, change):
    _ask(app, change, world["staff"], Question.clear_next)
    _answer_as(app, change, world["group"], [(Answer.yes, "")] * 2)
    html = app.test_client().get(f"/changes/{change}").text
    assert set(_cells(html)) <= {"*", "0"} and "*" in _cells(html)
    assert "fewer than 8 people" in html


def test_questions_read_in_the_readers_language(app, world, change):
    _ask(app, change, world["staff"], Question.clear_next)
    client = app.test_client()
    sign_in(client, world["author"])
    client.set_cookie(LANGUAGE_COOKIE, "cy")
    page = parse(client.get(f"/changes/{change}").text)
    legend = text_of(page.find(FEEDBACK + "//legend"))
    assert legend and legend != "Was it clear what would happen next?"
