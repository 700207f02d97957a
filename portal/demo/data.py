"""The demo stories from the product brief, as rows. Every name and number here is made up."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from sqlmodel import Session, select

from portal.accounts import services as accounts
from portal.accounts.models import Account, ConsentKind
from portal.db import utc_now
from portal.content import services as content
from portal.groups import services as groups
from portal.meetings import services as meetings
from portal.meetings.models import Reply
from portal.claims import services as claims
from portal.groups.models import Touchpoint
from portal.ideas import services as ideas
from portal.changes import services as changes
from portal.plan import services as plan
from portal.meetings.models import Rung
from portal.plan.models import CheckMethod, CohortKind, Consistency, ObjectiveStatus
from portal.equality import services as equality
from portal.changes.models import Answer, Better, ChangeKind, ChangeStatus, Question, Unit
from portal.proposals import services as proposals
from portal.rights import services as rights
from portal.rights.models import RequestKind
from portal.safeguarding import services as safeguarding
from portal.safeguarding.models import RiskAnswer
from portal.claims.models import ClaimKind
from portal.settings import queries as settings_queries
from portal.notifications.services import notify
from portal.web.crypto import encrypt
from portal.web.permissions import Role

from portal.settings import services as settings
from portal.settings.models import ServiceSetting
from portal.site import services as site
from portal.site.models import ProblemKind, ProblemReport, ProblemReportCreate

DEMO_SITE_NAME = "Riverside Community Voices (demo, fictional)"
#: Every demo account signs in with this password; staff roles also need a code (`flask demo code`).
DEMO_PASSWORD = "demo teapot river"
#: The PIN of the demo person a connector signed up with a continuity card.
DEMO_PIN = "4826"

#: (pseudonym, roles, language) — fictional people from the demo stories.
DEMO_ACCOUNTS = (
    ("quiet-river-42", (Role.participant,), "en"),
    ("নীল পাখি", (Role.participant,), "bn"),
    ("barbershop-connector", (Role.participant, Role.intermediary), "en"),
    ("bengali-connector", (Role.participant, Role.intermediary), "bn"),
    ("first-contact-lead", (Role.staff,), "en"),
    ("safeguarding-lead", (Role.safeguarding_lead,), "en"),
    ("demo-admin", (Role.admin,), "en"),
    ("demo-commissioner", (Role.commissioner,), "en"),
)

PROBLEM_REPORTS = (
    ProblemReportCreate(
        kind=ProblemKind.accessibility,
        page="/get-help-now",
        description="Demo: the phone numbers were hard to read on my small screen with large text.",
        language="en",
    ),
    ProblemReportCreate(
        kind=ProblemKind.translation,
        page="/privacy",
        description="Demo: one sentence in the Bengali privacy notice used a very formal word.",
        language="bn",
    ),
)


#: Groups from the demo stories (all fictional): (name, pathway, touchpoints, policy, languages,
#: sensitive, facilitator, description, easy read).
DEMO_GROUPS = (
    (
        "First contact standard",
        "Community mental health",
        ["referral", "first_contact"],
        "request",
        ["English", "Polish"],
        False,
        "first-contact-lead",
        "Many people stop before their first appointment, above all people with past trauma and "
        "communities who have had bad experiences of services. Together we are writing a first "
        "contact standard: who we are, what happens next, what to expect, how information is used "
        "and how to ask for changes.\n\nFictional demo group.",
        "We want the first phone call to feel safe.\n\nTell us what would help you.",
    ),
    (
        "Appointments that work for carers",
        "Community therapy",
        ["follow_up"],
        "open",
        ["English"],
        False,
        "first-contact-lead",
        "Travel costs, caring that changes day to day and fear of losing benefits make appointments "
        "hard to keep. We are trying evening and weekend slots, telephone follow-ups and clinics "
        "near bus routes.\n\nFictional demo group.",
        "",
    ),
    (
        "Men's talk at the barbershop",
        "Men's mental health",
        ["first_contact", "follow_up"],
        "open",
        ["English"],
        False,
        "barbershop-connector",
        "A men's mental health group that meets in a barbershop, with the same faces each time."
        "\n\nFictional demo group.",
        "",
    ),
    (
        "Bengali health circle",
        "Community services for Bengali-speaking families",
        ["first_contact", "assessment"],
        "request",
        ["বাংলা", "Sylheti", "English"],
        False,
        "bengali-connector",
        "A group for Bengali-speaking families, with a community connector who also speaks on "
        "community TV.\n\nFictional demo group.",
        "",
    ),
    (
        "Outreach at the day centre",
        "Outreach with people experiencing homelessness",
        ["first_contact", "follow_up", "discharge"],
        "invitation",
        ["English"],
        False,
        "barbershop-connector",
        "Clinics at a trusted day centre with the same staff each time, and a continuity card so "
        "nobody has to start again.\n\nFictional demo group.",
        "",
    ),
    (
        "Safe at home",
        "Support after domestic abuse",
        ["follow_up"],
        "invitation",
        ["English"],
        True,
        "safeguarding-lead",
        "A private group. Its name is never shown in page titles, emails or texts.\n\nFictional demo group.",
        "",
    ),
)


#: Meetings planned in the demo (group name, place), all fictional.
DEMO_MEETINGS = (
    ("Men's talk at the barbershop", "Fade & Fresh barbershop, back room (fictional)"),
    ("Appointments that work for carers", "Riverside Community Centre, room 2 (fictional)"),
    ("First contact standard", "Riverside Library meeting room (fictional)"),
)


#: Agreed terms: (English term, plain-words meaning, {language: (term, meaning)}).
DEMO_GLOSSARY = (
    (
        "Referral",
        "When a doctor, nurse or other worker asks a service to see you and help you.",
        {
            "ur": ("ریفرل", "جب کوئی ڈاکٹر، نرس یا کوئی اور کارکن کسی سروس سے کہتا ہے کہ وہ آپ کو دیکھے اور آپ کی مدد کرے۔"),
            "pl": ("Skierowanie", "Kiedy lekarz, pielęgniarka lub inny pracownik prosi placówkę, żeby Cię przyjęła i Ci pomogła."),
            "bn": ("রেফারেল", "যখন কোনো ডাক্তার, নার্স বা অন্য কোনো কর্মী কোনো পরিষেবাকে আপনাকে দেখতে ও সাহায্য করতে বলেন।"),
        },
    ),
    (
        "Discharge",
        "When a service finishes your care and stops seeing you. You can ask to come back if you need help again.",
        {
            "ur": ("ڈسچارج", "جب کوئی سروس آپ کی دیکھ بھال ختم کر دیتی ہے اور آپ سے ملنا بند کر دیتی ہے۔ اگر آپ کو دوبارہ مدد کی ضرورت ہو تو آپ واپس آنے کے لیے کہہ سکتے ہیں۔"),
            "pl": ("Wypis", "Kiedy placówka kończy Twoje leczenie lub opiekę i przestaje się z Tobą spotykać. Jeśli znowu będziesz potrzebować pomocy, możesz poprosić o powrót."),
            "bn": ("ডিসচার্জ", "যখন কোনো পরিষেবা আপনার যত্ন শেষ করে এবং আপনার সাথে দেখা করা বন্ধ করে। আবার সাহায্যের দরকার হলে আপনি ফিরে আসার জন্য বলতে পারেন।"),
        },
    ),
    (
        "Co-production",
        "People who use a service and the people who run it plan and improve it together, as equals.",
        {
            "ur": ("کو-پروڈکشن", "سروس استعمال کرنے والے لوگ اور سروس چلانے والے لوگ برابر کے شریک بن کر مل کر اس کی منصوبہ بندی کرتے ہیں اور اسے بہتر بناتے ہیں۔"),
            "pl": ("Współtworzenie", "Osoby korzystające z placówki i osoby, które ją prowadzą, razem i na równych prawach planują i ulepszają jej pracę."),
            "bn": ("কো-প্রোডাকশন", "যাঁরা কোনো পরিষেবা ব্যবহার করেন এবং যাঁরা সেটি চালান, তাঁরা সমান অংশীদার হিসেবে একসাথে সেটির পরিকল্পনা করেন ও সেটি উন্নত করেন।"),
        },
    ),
    (
        "Facilitator",
        "The person who runs a group's meetings, makes sure everyone can speak, and answers requests to join.",
        {
            "ur": ("سہولت کار", "وہ شخص جو گروپ کی ملاقاتیں چلاتا ہے، اس بات کا خیال رکھتا ہے کہ ہر کوئی بات کر سکے، اور شامل ہونے کی درخواستوں کا جواب دیتا ہے۔"),
            "pl": ("Osoba prowadząca", "Osoba, która prowadzi spotkania grupy, dba o to, żeby każdy mógł zabrać głos, i odpowiada na prośby o dołączenie."),
        },
    ),
    (
        "Community connector",
        "Someone from your community who works with the service. They can help you join, sign you up in person and speak up with you.",
        {
            "ur": ("کمیونٹی رابطہ کار", "آپ کی کمیونٹی کا کوئی فرد جو سروس کے ساتھ کام کرتا ہے۔ وہ شامل ہونے میں آپ کی مدد کر سکتا ہے، آمنے سامنے آپ کا اندراج کر سکتا ہے اور آپ کے ساتھ مل کر آپ کی بات آگے پہنچا سکتا ہے۔"),
            "pl": ("Łącznik ze społecznością", "Ktoś z Twojej społeczności, kto współpracuje z placówką. Może pomóc Ci dołączyć, zapisać Cię osobiście i zabierać głos razem z Tobą."),
        },
    ),
)

#: Human translations of the "First contact standard" group, made by a community connector.
DEMO_GROUP_TRANSLATIONS = {
    "ur": {
        "name": "پہلے رابطے کا معیار",
        "description": "بہت سے لوگ اپنی پہلی اپائنٹمنٹ سے پہلے ہی رک جاتے ہیں، خاص طور پر وہ لوگ جو ماضی میں کسی صدمے سے گزرے ہیں "
        "اور وہ برادریاں جن کا سروسز کے ساتھ تجربہ اچھا نہیں رہا۔ ہم مل کر پہلے رابطے کا ایک معیار لکھ رہے ہیں: ہم کون ہیں، آگے کیا ہوگا، "
        "آپ کس بات کی توقع رکھ سکتے ہیں، معلومات کیسے استعمال ہوتی ہیں اور تبدیلی کے لیے کیسے کہا جائے۔\n\nفرضی ڈیمو گروپ۔",
        "easy_read": "ہم چاہتے ہیں کہ پہلی فون کال محفوظ محسوس ہو۔\n\nہمیں بتائیں کہ کس چیز سے آپ کو مدد ملے گی۔",
    },
    "bn": {
        "name": "প্রথম যোগাযোগের মান",
        "description": "অনেকেই প্রথম অ্যাপয়েন্টমেন্টের আগেই থেমে যান, বিশেষ করে যাঁরা অতীতে মানসিক আঘাত পেয়েছেন এবং যে সম্প্রদায়গুলোর "
        "পরিষেবা নিয়ে খারাপ অভিজ্ঞতা হয়েছে। আমরা একসাথে প্রথম যোগাযোগের একটি মান লিখছি: আমরা কারা, এরপর কী হবে, কী আশা করবেন, "
        "তথ্য কীভাবে ব্যবহার করা হয় এবং কীভাবে পরিবর্তন চাইবেন।\n\nকাল্পনিক ডেমো গ্রুপ।",
        "easy_read": "আমরা চাই প্রথম ফোন কলটি যেন নিরাপদ মনে হয়।\n\nকী আপনাকে সাহায্য করবে, আমাদের বলুন।",
    },
}


def _load_content(session: Session, people: dict, demo_groups: dict) -> None:
    """The agreed-terms glossary in three languages, and one group translated into two."""
    for term, definition, translations in DEMO_GLOSSARY:
        entry = content.add_term(session, term=term, definition=definition, actor_id=people["first-contact-lead"])
        for language, (translated_term, translated_definition) in translations.items():
            content.translate_term(
                session, entry=entry, language=language, term=translated_term, definition=translated_definition, actor_id=people["bengali-connector"]
            )
    group, _facilitator = demo_groups["First contact standard"]
    for language, texts in DEMO_GROUP_TRANSLATIONS.items():
        content.save_translations(session, subject=group, language=language, texts=texts, actor_id=people["bengali-connector"])


def is_empty(session: Session) -> bool:
    """True when nothing has been stored yet (no settings changed, no reports)."""
    return (
        session.exec(select(ServiceSetting).limit(1)).first() is None
        and session.exec(select(ProblemReport).limit(1)).first() is None
        and session.exec(select(Account).limit(1)).first() is None
    )


def load(session: Session) -> str:
    """Store the demo data, clearly labelled as fictional; return the demo card code."""
    settings.update_setting(session, key="site_name", value=DEMO_SITE_NAME, actor="demo")
    for report in PROBLEM_REPORTS:
        site.report_problem(session, report=report)
    session.commit()
    people = {}
    for pseudonym, roles, language in DEMO_ACCOUNTS:
        new = accounts.sign_up(session, pseudonym=pseudonym, password=DEMO_PASSWORD, language=language, roles=roles, actor="demo")
        notify(session, recipient_id=new.account.id, kind="accounts.roles_changed", link="/account", roles=sorted(roles))
        people[pseudonym] = new.account.id
        if accounts.needs_second_factor(roles):
            new.account.totp_secret = encrypt(pyotp.random_base32())
            new.account.totp_enabled_at = utc_now()
            session.commit()
    demo_meeting_groups = {}
    for name, pathway, touchpoints, policy, languages, sensitive, facilitator, description, easy_read in DEMO_GROUPS:
        group = groups.create_group(
            session,
            data={
                "name": name,
                "pathway": pathway,
                "touchpoints": touchpoints,
                "join_policy": policy,
                "languages": languages,
                "sensitive": sensitive,
                "description": description,
                "who_runs_it": "A facilitator from the service and a community connector (fictional).",
                "what_happens": "We meet for about an hour. There is tea. You can just listen.",
                "how_information_is_used": "Notes never include names. You can ask to see them.",
                "adjustments": "Tell the facilitator what helps: an interpreter, a quiet room, a break.",
                "easy_read": easy_read,
            },
            actor_id=people[facilitator],
        )
        if policy == "open":
            groups.join(session, group=group, account_id=people["quiet-river-42"])
        demo_meeting_groups[name] = (group, people[facilitator])
    # quiet-river-42 shows their name to the members of their groups (never to visitors).
    accounts.set_listed(session, account=session.get(Account, people["quiet-river-42"]), listed=True)
    _load_content(session, people, demo_meeting_groups)
    for offset, (name, venue) in enumerate(DEMO_MEETINGS):
        group, facilitator_id = demo_meeting_groups[name]
        starts = (utc_now() + timedelta(days=3 + offset * 4)).replace(minute=0, second=0, microsecond=0)
        meeting = meetings.create_meeting(
            session,
            group=group,
            data={
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=1, minutes=30),
                "venue": venue,
                "step_free": True,
                "near_public_transport": True,
                "offers_travel": True,
                "offers_payment": True,
                "languages": "English",
                "rung": (Rung.co_design, Rung.consultation, Rung.co_production)[offset % 3],
            },
            actor_id=facilitator_id,
        )
        if group.join_policy.value == "open":
            meetings.reply(session, meeting=meeting, account_id=people["quiet-river-42"], answer=Reply.yes)
    carded = accounts.assisted_sign_up(
        session,
        connector_id=people["barbershop-connector"],
        pseudonym="steady-otter-55",
        pin=DEMO_PIN,
        language="en",
        consents=[ConsentKind.taking_part, ConsentKind.contact, ConsentKind.act_on_behalf],
        needs={"needs_easy_read": True},
    )
    barbershop, barbershop_facilitator = demo_meeting_groups["Men's talk at the barbershop"]
    groups.join(session, group=barbershop, account_id=carded.account.id)
    _load_claims(session, people, barbershop, barbershop_facilitator, carded.account.id)
    _load_ideas(session, people, barbershop, carded.account.id)
    _load_equality(session, people, carded.account.id)
    rights.log_request(
        session, kind=RequestKind.access, received_on=rights.uk_today() - timedelta(days=10), requester="quiet-river-42",
        made_offline=False, actor_id=people["demo-admin"],
    )
    return carded.card_code


def _load_ideas(session: Session, people: dict, barbershop, carded_id) -> None:
    """Ideas in each state a newcomer should see, and one disclosure for the demo lead, who is
    on the duty rota for the next day."""
    now = utc_now()
    safeguarding.add_shift(
        session, lead_id=people["safeguarding-lead"], starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=23),
        actor_id=people["safeguarding-lead"],
    )
    letter = ideas.submit_idea(
        session, author_id=people["quiet-river-42"], touchpoint=Touchpoint.first_contact,
        what_happened="My first appointment letter came two days after the appointment (fictional).",
        what_should_change="Send a text message the week before, and say who I will meet.",
        language="en", risk_answer=RiskAnswer.no, group_id=barbershop.id,
    ).idea
    ideas.moderate(session, idea=letter, decision="publish", moderator_id=people["first-contact-lead"])
    _load_proposal(session, people, barbershop, letter, carded_id)
    ideas.reply(
        session, idea=letter, author_id=people["first-contact-lead"],
        text="Thank you. From next month every first appointment also gets a text a week before (fictional).",
    )
    ideas.submit_idea(
        session, author_id=carded_id, touchpoint=Touchpoint.referral,
        what_happened="Nobody told me the referral had been sent, so I rang the GP three times (fictional).",
        what_should_change="", language="en", risk_answer=RiskAnswer.no, anonymous=True,
    )
    ideas.submit_idea(
        session, author_id=carded_id, touchpoint=Touchpoint.follow_up,
        what_happened="فالو اپ کال انگریزی میں تھی اور مجھے سمجھ نہیں آئی (فرضی مثال)۔",
        what_should_change="کال سے پہلے پوچھیں کہ مجھے کون سی زبان چاہیے۔",
        language="ur", risk_answer=RiskAnswer.no, group_id=barbershop.id,
        connector_id=people["barbershop-connector"], person_asked=True,
    )
    ideas.submit_idea(
        session, author_id=people["quiet-river-42"], touchpoint=Touchpoint.assessment,
        what_happened="(Fictional demo) My brother says he has no reason to keep going and has stopped eating.",
        what_should_change="", language="en", risk_answer=RiskAnswer.yes_someone_else,
    )


def _load_claims(session: Session, people: dict, group, facilitator_id, carded_id) -> None:
    """Last week's barbershop meeting: who came, and the claims that followed (one approved,
    one waiting that a connector made with the person, one "rather not be paid")."""
    held = (utc_now() - timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
    meeting = meetings.create_meeting(
        session,
        group=group,
        data={
            "starts_at": held,
            "ends_at": held + timedelta(hours=1, minutes=30),
            "venue": "Fade & Fresh barbershop, back room (fictional)",
            "offers_travel": True,
            "offers_care_cover": True,
            "offers_payment": True,
            "languages": "English, Urdu",
        },
        actor_id=facilitator_id,
        now=held - timedelta(days=7),
    )
    river = people["quiet-river-42"]
    meetings.record_attendance(
        session,
        meeting=meeting,
        present=[meetings.Present(river, had_travel=True), meetings.Present(carded_id, was_paid=True)],
        headcount=3,
        actor_id=facilitator_id,
    )
    rate = settings_queries.service_settings().payment_rate_pence_per_hour
    travel = claims.submit_claim(
        session, meeting=meeting, account_id=river, kind=ClaimKind.travel, amount_pence=480,
        details="Bus there and back (fictional)", receipt=None, rate_pence_per_hour=rate,
    )
    claims.decide_claim(session, claim=travel, approve=True, note="", actor_id=people["first-contact-lead"])
    claims.waive_payment(session, meeting=meeting, account_id=river)
    claims.submit_claim(
        session, meeting=meeting, account_id=carded_id, kind=ClaimKind.payment, amount_pence=None, details="",
        receipt=None, rate_pence_per_hour=rate, connector_id=people["barbershop-connector"], person_asked=True,
    )


def _load_proposal(session: Session, people: dict, barbershop, letter, carded_id) -> None:
    """An open proposal made from the letter idea: two votes online (one by a connector for
    someone who asked) and a count from the barbershop meeting."""
    now = utc_now()
    proposal = proposals.create_proposal(
        session,
        data=proposals.NewProposal(
            title="A text message a week before every first appointment (fictional)",
            summary="Send a text a week before each first appointment, saying who you will meet and how to change the time.",
            detail="The letter would still be sent. The text would come in the person's language where we know it.",
            easy_read="We send you a text. It comes one week before. It says who you will meet.",
            group_id=barbershop.id, touchpoint=Touchpoint.first_contact, method=proposals.Method.support, options=[],
            eligibility=proposals.Eligibility.group_members, secret=False, results=proposals.Results.live,
            opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=13), idea_ids=[letter.id],
        ),
        actor_id=people["first-contact-lead"],
    )
    proposals.vote(session, proposal=proposal, account_id=people["quiet-river-42"], choice="support", comment="Yes, and in Urdu too please.")
    proposals.vote(
        session, proposal=proposal, account_id=carded_id, choice="support",
        connector_id=people["barbershop-connector"], person_asked=True,
    )
    proposals.record_room_tally(
        session, proposal=proposal, counts={"support": 5, "concerns": 1}, headcount=7, meeting_id=None,
        actor_id=people["barbershop-connector"], no_double_count=True,
    )
    lead = people["first-contact-lead"]
    texts = changes.create_change(
        session,
        data=changes.NewChange(
            title="A text a week before every first appointment (fictional)",
            said="Letters arrived after appointments, and people did not know who they would meet.",
            did="From next month a text goes a week before each first appointment, naming the clinician and how to change the time.",
            kind=ChangeKind.communication_standard, touchpoint=Touchpoint.first_contact, owner_team="Community mental health bookings (fictional)",
            group_id=barbershop.id, review_on=None, idea_ids=[letter.id], proposal_ids=[proposal.id],
        ),
        status=ChangeStatus.agreed, reason="", actor_id=lead,
    )
    changes.update(session, change=texts, status=ChangeStatus.in_progress, note="Text templates written with the barbershop group (fictional).", actor_id=lead)
    today = utc_now().date()
    changes.add_measure(
        session, change=texts,
        data=changes.NewMeasure(
            measure="First appointments missed (fictional)", unit=Unit.percent, cohort="People referred by the barbershop group",
            baseline=24.0, baseline_from=today - timedelta(days=270), baseline_to=today - timedelta(days=181),
            latest=15.0, latest_from=today - timedelta(days=90), latest_to=today - timedelta(days=1), target=10.0, better=Better.lower,
        ),
        actor_id=lead,
    )
    # Two quick questions; so far too few answers to show anything but "*".
    changes.set_prompt(session, change=texts, questions=[Question.clear_next, Question.listened], actor_id=lead)
    changes.answer_prompt(session, change=texts, question=Question.clear_next, answer=Answer.yes, account_id=carded_id)
    changes.give_cohort(session, change=texts, cohort="People referred by the barbershop group", account_id=carded_id)
    changes.create_change(
        session,
        data=changes.NewChange(
            title="Free taxis to every appointment (fictional)",
            said="Travel costs stop people coming, above all carers and people on low incomes.",
            did="Travel costs for meetings are paid back, and clinics are moving nearer bus routes.",
            kind=ChangeKind.venue_or_outreach, touchpoint=Touchpoint.follow_up, owner_team="Community therapy (fictional)",
            group_id=None, review_on=None, idea_ids=[], proposal_ids=[],
        ),
        status=ChangeStatus.not_taken_forward,
        reason="Taxis for everyone cost more than the service's whole transport budget; we chose travel refunds and nearer clinics instead (fictional).",
        actor_id=lead,
    )
    _load_plan(session, lead, barbershop, texts)


def _load_plan(session: Session, lead, barbershop, texts) -> None:
    """The plan's cohorts and one objective tied to the barbershop group and the texts change,
    a maturity self-assessment, and an assurance check on the change (all fictional)."""
    men = plan.save_cohort(
        session, cohort=None, name="Black African and Caribbean men", kind=CohortKind.core20plus5,
        description="Referred to mental health services late and through crisis more often (fictional local data).", active=True, actor_id=lead,
    )
    carers = plan.save_cohort(session, cohort=None, name="Unpaid carers", kind=CohortKind.inclusion_health, description="", active=True, actor_id=lead)
    plan.save_objective(
        session, objective=None, actor_id=lead,
        data=plan.ObjectiveData(
            title="Fewer missed first appointments after a referral (fictional)",
            description="Men referred through the barbershop group missed a quarter of first appointments.",
            measures="First appointments missed by men referred through the barbershop group, from 24% to 10%\nMen who say it was clear what would happen next",
            status=ObjectiveStatus.active, cohort_ids=[men.id, carers.id], group_ids=[barbershop.id], change_ids=[texts.id],
        ),
    )
    today = utc_now().date()
    plan.add_maturity(
        session, assessed_on=today - timedelta(days=30), stage="commitment",
        evidence="A race equity strategy agreed by the board, with a named lead and a budget (fictional).",
        next_steps="Co-produce the next year's objectives with the barbershop and carers groups.", actor_id=lead,
    )
    plan.add_check(
        session, change=texts, checked_on=today - timedelta(days=7), method=CheckMethod.record_sampling, sample_size=40,
        findings="36 of 40 sampled first appointments had the text sent a week before (fictional).", consistency=Consistency.partly, actor_id=lead,
    )


def _load_equality(session: Session, people: dict, carded_id) -> None:
    """Two people answer some of the equality questions (made up); nobody but they can see them."""
    equality.save_answers(
        session,
        account_id=people["quiet-river-42"],
        answers=equality.Answers(
            {"ethnicity": "white_british", "age_band": "35_44", "sex": "female", "carer": "yes", "religion": "prefer_not_to_say"},
            cohorts="none_of_these",
        ),
    )
    equality.save_answers(
        session, account_id=carded_id, answers=equality.Answers({"ethnicity": "black_caribbean", "age_band": "45_54", "disability": "limited_a_little"})
    )
