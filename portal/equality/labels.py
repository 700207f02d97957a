"""The words for each question and answer, in the reader's language (codes stay in English).

Wordings follow the 2021 Census for England and Wales, shortened where the census form used a
write-in box: answers here are always codes, never free text.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.equality.models import (
    AgeBand,
    Carer,
    CohortAnswer,
    Disability,
    Ethnicity,
    GenderIdentity,
    Question,
    Religion,
    Sex,
    SexualOrientation,
)

PREFER_NOT_TO_SAY = _l("Prefer not to say")

#: Each question as asked, with a hint (or None).
QUESTIONS = {
    Question.ethnicity: (_l("What is your ethnic group?"), _l("Choose the one that best describes your ethnic group or background.")),
    Question.age_band: (_l("How old are you?"), None),
    Question.sex: (_l("What is your sex?"), _l("There is a question about gender identity next.")),
    Question.gender_identity: (_l("Is the gender you identify with the same as your sex registered at birth?"), None),
    Question.disability: (
        _l("Are your day-to-day activities limited because of a health problem or disability which has lasted, or is expected to last, at least 12 months?"),
        _l("Include problems related to old age."),
    ),
    Question.religion: (_l("What is your religion?"), None),
    Question.sexual_orientation: (_l("Which of the following best describes your sexual orientation?"), None),
    Question.carer: (
        _l("Do you look after, or give any help or support to, anyone because they have long-term physical or mental health conditions or illnesses, or problems related to old age?"),
        _l("Do not count anything you do as part of your paid job."),
    ),
}
COHORTS_QUESTION = (_l("Do any of these describe you?"), _l("Choose all that apply. These are the groups of people our plan puts first."))

#: The five headings of the ethnic groups, each with its groups in the census's order.
ETHNIC_HEADINGS = (
    (
        _l("Asian or Asian British"),
        (Ethnicity.asian_bangladeshi, Ethnicity.asian_chinese, Ethnicity.asian_indian, Ethnicity.asian_pakistani, Ethnicity.asian_other),
    ),
    (_l("Black, Black British, Caribbean or African"), (Ethnicity.black_african, Ethnicity.black_caribbean, Ethnicity.black_other)),
    (
        _l("Mixed or multiple ethnic groups"),
        (Ethnicity.mixed_white_asian, Ethnicity.mixed_white_black_african, Ethnicity.mixed_white_black_caribbean, Ethnicity.mixed_other),
    ),
    (
        _l("White"),
        (Ethnicity.white_british, Ethnicity.white_irish, Ethnicity.white_gypsy_or_irish_traveller, Ethnicity.white_roma, Ethnicity.white_other),
    ),
    (_l("Other ethnic group"), (Ethnicity.other_arab, Ethnicity.other_any)),
)

#: Each answer's words, by question and code.
ANSWER_NAMES = {
    Question.ethnicity: {
        Ethnicity.asian_bangladeshi: _l("Bangladeshi"),
        Ethnicity.asian_chinese: _l("Chinese"),
        Ethnicity.asian_indian: _l("Indian"),
        Ethnicity.asian_pakistani: _l("Pakistani"),
        Ethnicity.asian_other: _l("Any other Asian background"),
        Ethnicity.black_african: _l("African"),
        Ethnicity.black_caribbean: _l("Caribbean"),
        Ethnicity.black_other: _l("Any other Black, Black British or Caribbean background"),
        Ethnicity.mixed_white_asian: _l("White and Asian"),
        Ethnicity.mixed_white_black_african: _l("White and Black African"),
        Ethnicity.mixed_white_black_caribbean: _l("White and Black Caribbean"),
        Ethnicity.mixed_other: _l("Any other Mixed or multiple ethnic background"),
        Ethnicity.white_british: _l("English, Welsh, Scottish, Northern Irish or British"),
        Ethnicity.white_irish: _l("Irish"),
        Ethnicity.white_gypsy_or_irish_traveller: _l("Gypsy or Irish Traveller"),
        Ethnicity.white_roma: _l("Roma"),
        Ethnicity.white_other: _l("Any other White background"),
        Ethnicity.other_arab: _l("Arab"),
        Ethnicity.other_any: _l("Any other ethnic group"),
        Ethnicity.prefer_not_to_say: PREFER_NOT_TO_SAY,
    },
    Question.age_band: {
        AgeBand.age_16_17: _l("16 to 17"),
        AgeBand.age_18_24: _l("18 to 24"),
        AgeBand.age_25_34: _l("25 to 34"),
        AgeBand.age_35_44: _l("35 to 44"),
        AgeBand.age_45_54: _l("45 to 54"),
        AgeBand.age_55_64: _l("55 to 64"),
        AgeBand.age_65_74: _l("65 to 74"),
        AgeBand.age_75_plus: _l("75 or over"),
        AgeBand.prefer_not_to_say: PREFER_NOT_TO_SAY,
    },
    Question.sex: {Sex.female: _l("Female"), Sex.male: _l("Male"), Sex.prefer_not_to_say: PREFER_NOT_TO_SAY},
    Question.gender_identity: {
        GenderIdentity.same: _l("Yes"),
        GenderIdentity.different: _l("No"),
        GenderIdentity.prefer_not_to_say: PREFER_NOT_TO_SAY,
    },
    Question.disability: {
        Disability.limited_a_lot: _l("Yes, limited a lot"),
        Disability.limited_a_little: _l("Yes, limited a little"),
        Disability.not_limited: _l("No"),
        Disability.prefer_not_to_say: PREFER_NOT_TO_SAY,
    },
    Question.religion: {
        Religion.no_religion: _l("No religion"),
        Religion.christian: _l("Christian (including Church of England, Catholic, Protestant and all other Christian denominations)"),
        Religion.buddhist: _l("Buddhist"),
        Religion.hindu: _l("Hindu"),
        Religion.jewish: _l("Jewish"),
        Religion.muslim: _l("Muslim"),
        Religion.sikh: _l("Sikh"),
        Religion.other_religion: _l("Any other religion"),
        Religion.prefer_not_to_say: PREFER_NOT_TO_SAY,
    },
    Question.sexual_orientation: {
        SexualOrientation.straight: _l("Straight or heterosexual"),
        SexualOrientation.gay_or_lesbian: _l("Gay or lesbian"),
        SexualOrientation.bisexual: _l("Bisexual"),
        SexualOrientation.other: _l("Other sexual orientation"),
        SexualOrientation.prefer_not_to_say: PREFER_NOT_TO_SAY,
    },
    Question.carer: {Carer.yes: _l("Yes"), Carer.no: _l("No"), Carer.prefer_not_to_say: PREFER_NOT_TO_SAY},
}
COHORT_ANSWER_NAMES = {
    CohortAnswer.none_of_these: _l("None of these"),
    CohortAnswer.prefer_not_to_say: PREFER_NOT_TO_SAY,
}
NOT_ANSWERED_NAME = _l("Not answered")
