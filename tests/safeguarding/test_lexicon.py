"""The risk-language lexicon: each phrase's own examples match and its idioms do not, real
disclosures in every language are caught, ordinary feedback is not, and every file waits for
a native speaker's review."""

import tomllib

import pytest

from portal.safeguarding import lexicon
from portal.safeguarding.lexicon import (
    CATEGORIES,
    LEXICON_DIR,
    LexiconError,
    RiskMatch,
    compile_phrase,
    find_risk,
    lexicon_status,
    load_lexicon,
    matcher,
    normalise,
    phrase_matches,
)

UI_LANGUAGES = {"en", "cy", "pl", "ro", "pa", "ur", "bn", "ar", "pt", "so"}
ROMANISED = {"ur-Latn", "bn-Latn", "pa-Latn", "ar-Latn"}
FILES = sorted(UI_LANGUAGES | ROMANISED)

ENTRIES = [entry for language in load_lexicon().values() for entry in language.entries]

EXAMPLES = [
    pytest.param(entry, example, id=f"{entry.language}: {example[:50]}")
    for entry in ENTRIES
    for example in entry.examples
]

NOT_EXAMPLES = [
    pytest.param(entry, sentence, id=f"{entry.language}: {sentence[:50]}")
    for entry in ENTRIES
    for sentence in entry.not_examples
]

#: Realistic disclosures, at least three per language and romanised form, with the category a
#: safeguarding lead would expect to see among the matches.
DISCLOSURES = [
    ("en", "I can't cope any more, I want to kill myself", "self_harm"),
    ("en", "My partner hits me when he's been drinking and I'm scared of my husband", "domestic_abuse"),
    ("en", "Please help, I'm not safe at home and he said he's going to kill me", "danger_now"),
    ("en", "My neighbour leaves the kids home alone all weekend", "child_at_risk"),
    ("en", "The people I work for took my passport and I work for no money", "exploitation"),
    ("cy", "Dw i eisiau lladd fy hun", "self_harm"),
    ("cy", "Mae fy ngŵr yn fy nharo i bob nos", "domestic_abuse"),
    ("cy", "Dydw i ddim yn ddiogel gartref", "danger_now"),
    ("pl", "Mąż mnie bije i boję się wrócić do domu", "domestic_abuse"),
    ("pl", "Nie chcę już żyć, myślę żeby się zabić", "self_harm"),
    ("pl", "Szef zabrał mi paszport i nie płacą mi za pracę", "exploitation"),
    ("pl", "Zostawia dzieci same w domu na całą noc", "child_at_risk"),
    ("ro", "Soțul mă bate în fiecare seară", "domestic_abuse"),
    ("ro", "Nu mai vreau să trăiesc, mă gândesc să mă sinucid", "self_harm"),
    ("ro", "Nu mă simt în siguranță acasă", "danger_now"),
    ("pt", "O meu marido bate-me e tenho medo do meu marido", "domestic_abuse"),
    ("pt", "Não aguento mais, quero me matar", "self_harm"),
    ("pt", "O patrão ficou com o meu passaporte e trabalho sem receber", "exploitation"),
    ("so", "Ninkaygu wuu i garaacaa habeen walba", "domestic_abuse"),
    ("so", "Waxaan rabaa inaan is dilo", "self_harm"),
    ("so", "Waxaan ku jiraa khatar, fadlan i caawiya", "danger_now"),
    ("ar", "زوجي يضربني كل يوم", "domestic_abuse"),
    ("ar", "أفكر في الانتحار كل ليلة", "self_harm"),
    ("ar", "أنا في خطر ساعدوني", "danger_now"),
    ("ar-Latn", "zawji yedrobni kol yom", "domestic_abuse"),
    ("ar-Latn", "ana ta3bane ktir w bidi mout", "self_harm"),
    ("ar-Latn", "ana fi khatar", "danger_now"),
    ("ur", "میرا شوہر مجھے روز مارتا ہے", "domestic_abuse"),
    ("ur", "میں خودکشی کرنا چاہتی ہوں", "self_harm"),
    ("ur", "میری جان کو خطرہ ہے، وہ مجھے مار ڈالے گا", "danger_now"),
    ("ur-Latn", "mera shohar mujhe maarta hai", "domestic_abuse"),
    ("ur-Latn", "main khudkushi kar lungi", "self_harm"),
    ("ur-Latn", "woh kehta hai mujhe maar dega", "danger_now"),
    ("ur-Latn", "ghar mein mehfooz nahi hoon", "danger_now"),
    ("bn", "আমার স্বামী আমাকে মারে", "domestic_abuse"),
    ("bn", "আমি আত্মহত্যা করতে চাই", "self_harm"),
    ("bn", "ও আমাকে মেরে ফেলবে", "danger_now"),
    ("bn-Latn", "amar shami amake mare", "domestic_abuse"),
    ("bn-Latn", "ami attohotta korbo", "self_harm"),
    ("bn-Latn", "o amake mere felbe", "danger_now"),
    ("pa", "ਮੇਰਾ ਪਤੀ ਮੈਨੂੰ ਕੁੱਟਦਾ ਹੈ", "domestic_abuse"),
    ("pa", "ਮੈਂ ਖ਼ੁਦਕੁਸ਼ੀ ਕਰਨਾ ਚਾਹੁੰਦਾ ਹਾਂ", "self_harm"),
    ("pa", "ਮੇਰੀ ਜਾਨ ਨੂੰ ਖ਼ਤਰਾ ਹੈ", "danger_now"),
    ("pa-Latn", "mera pati mainu kutda hai", "domestic_abuse"),
    ("pa-Latn", "main marna chaundi haan", "self_harm"),
    ("pa-Latn", "oh mainu maar dega", "danger_now"),
]

#: Everyday feedback, with some of each language's violent-sounding idioms.
ORDINARY = {
    "en": [
        "The bus to the clinic was late",
        "The receptionist was kind",
        "I waited two hours",
        "This queue is killing me",
        "I had to kill time in the cafe before my appointment",
        "The nurse said the injection might hurt a bit",
        "I'm dying to see the new clinic open",
        "It hit me how helpful the staff were",
        "I could murder a cup of tea after that wait",
        "The parking machine took my money and gave no ticket",
        "She beat me to it and booked the last slot",
    ],
    "cy": [
        "Roedd y bws i'r clinig yn hwyr",
        "Roedd y derbynnydd yn garedig iawn",
        "Arhosais i ddwy awr",
        "Mae'r ciw yma'n fy lladd i",
    ],
    "pl": [
        "Autobus do przychodni się spóźnił",
        "Recepcjonistka była bardzo miła",
        "Czekałam dwie godziny",
        "Ta kolejka mnie zabije",
    ],
    "ro": [
        "Autobuzul spre clinică a întârziat",
        "Recepționera a fost foarte amabilă",
        "Am așteptat două ore",
        "Mă bate gândul să mă mut la alt medic",
    ],
    "pt": [
        "O autocarro para a clínica chegou atrasado",
        "A rececionista foi muito simpática",
        "Esperei duas horas",
        "Esta fila vai me matar",
    ],
    "so": [
        "Baska rugta wuu soo daahay",
        "Soo dhaweeyaha aad buu u naxariis badnaa",
        "Laba saacadood ayaan sugayay",
        "Gaajo ayaa i dileysa",
    ],
    "ar": ["الباص إلى العيادة تأخر", "موظفة الاستقبال كانت لطيفة جدا", "انتظرت ساعتين", "الحر بيقتلني"],
    "ar-Latn": ["el bus lal 3iyade t2akhar", "el receptionist kanet kteer latife", "stanneit sa3tein", "el 7ar bi2telni"],
    "ur": ["کلینک جانے والی بس دیر سے آئی", "استقبالیہ پر خاتون بہت مہربان تھیں", "میں نے دو گھنٹے انتظار کیا"],
    "ur-Latn": ["clinic ki bus late thi", "receptionist bohat achi thi", "main ne do ghante intezar kiya"],
    "bn": ["ক্লিনিকের বাস দেরিতে এসেছিল", "রিসেপশনিস্ট খুব ভালো ব্যবহার করেছেন", "আমি দুই ঘণ্টা অপেক্ষা করেছি"],
    "bn-Latn": ["clinic er bus deri te aschilo", "receptionist khub bhalo chilo", "ami dui ghonta wait korsi"],
    "pa": ["ਕਲੀਨਿਕ ਦੀ ਬੱਸ ਦੇਰ ਨਾਲ ਆਈ", "ਰਿਸੈਪਸ਼ਨਿਸਟ ਬਹੁਤ ਚੰਗੀ ਸੀ", "ਮੈਂ ਦੋ ਘੰਟੇ ਉਡੀਕ ਕੀਤੀ"],
    "pa-Latn": ["clinic di bus late aayi", "receptionist bahut changi si", "main do ghante udeek kiti"],
}


# --- the data files --------------------------------------------------------------------------


def test_there_is_one_file_per_ui_language_and_per_romanised_form():
    assert set(load_lexicon()) == set(FILES)


@pytest.mark.parametrize("code", FILES)
def test_every_file_says_it_awaits_review_by_a_native_speaker(code):
    with (LEXICON_DIR / f"{code}.toml").open("rb") as handle:
        header = tomllib.load(handle)
    assert header["reviewed"] is False
    assert header["review_note"] == "Awaiting review by a native speaker"
    assert code in (header["language"], f"{header['language']}-{header['script']}")


def test_lexicon_status_reports_every_language_as_not_yet_reviewed():
    assert lexicon_status() == {code: False for code in FILES}


@pytest.mark.parametrize("code", FILES)
def test_every_file_covers_every_category_with_enough_phrases(code):
    entries = load_lexicon()[code].entries
    assert len(entries) >= 25
    assert {entry.category for entry in entries} == CATEGORIES


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: f"{entry.language}: {entry.phrase[:50]}")
def test_every_phrase_has_an_example_sentence(entry):
    assert entry.examples


@pytest.mark.parametrize(("entry", "example"), EXAMPLES)
def test_every_example_sentence_matches_its_phrase(entry, example):
    assert phrase_matches(entry.phrase, example)
    assert RiskMatch(entry.phrase, entry.category, entry.language) in find_risk(example)


@pytest.mark.parametrize(("entry", "sentence"), NOT_EXAMPLES)
def test_no_not_sentence_matches_any_phrase_in_any_language(entry, sentence):
    assert find_risk(sentence) == []


# --- disclosures and ordinary feedback -------------------------------------------------------


@pytest.mark.parametrize(("code", "sentence", "category"), DISCLOSURES, ids=lambda value: str(value)[:50])
def test_a_real_disclosure_opens_a_match_with_the_right_category(code, sentence, category):
    matches = find_risk(sentence)
    assert category in {match.category for match in matches}, matches
    assert any(match.language.split("-")[0] == code.split("-")[0] for match in matches)


@pytest.mark.parametrize("code", FILES)
def test_there_are_at_least_three_disclosure_sentences_for_each_language(code):
    assert sum(1 for language, _, _ in DISCLOSURES if language == code) >= 3


@pytest.mark.parametrize(
    ("code", "sentence"),
    [(code, sentence) for code, sentences in ORDINARY.items() for sentence in sentences],
    ids=lambda value: str(value)[:50],
)
def test_ordinary_feedback_and_idioms_do_not_match(code, sentence):
    assert find_risk(sentence) == []


def test_a_language_is_matched_whatever_the_ui_language_because_all_files_are_checked():
    matches = find_risk("The bus was late. Also, mera shohar mujhe maarta hai. زوجي يضربني")
    assert {match.language for match in matches} >= {"ur-Latn", "ar"}


def test_each_phrase_is_reported_once_in_the_order_it_appears():
    matches = find_risk("I feel suicidal. I want to kill myself. I want to kill myself.")
    assert [match.phrase for match in matches] == ["suicidal", "kill myself"]


def test_empty_text_or_punctuation_alone_matches_nothing():
    assert find_risk("") == []
    assert find_risk("  ... !!! ") == []


# --- normalisation ---------------------------------------------------------------------------


def test_arabic_and_urdu_letter_variants_normalise_alike():
    assert normalise("ی") == normalise("ي") == normalise("ى")  # Farsi/Urdu yeh, Arabic yeh, alef maksura
    assert normalise("ک") == normalise("ك")  # keheh and kaf
    assert normalise("مجہے") == normalise("مجھے") == normalise("مجهے")  # heh goal, doachashmee, heh
    assert normalise("حالة") == normalise("حاله")  # teh marbuta
    assert normalise("أنا إلى آخر") == normalise("انا الى اخر")  # hamza on alef
    assert normalise("أَنَا فِي خَطَرٍ") == normalise("انا في خطر")  # harakat
    assert normalise("خـــطر") == normalise("خطر")  # tatweel


def test_urdu_typed_on_an_arabic_keyboard_still_matches():
    assert find_risk("ميں خودكشي كرنا چاهتي هوں")  # Arabic yeh, kaf and heh instead of Urdu forms
    assert find_risk("مجہے روز مارتا ہے")


def test_extra_spaces_punctuation_case_and_repeated_letters_do_not_hide_a_phrase():
    assert normalise("  Hello,   WORLD!!  ") == " hello world "
    assert find_risk("I  WANT to...kill — myself!!!")
    assert find_risk("i want to killllll myselfff")
    assert find_risk("im in danger")
    assert find_risk("I’m in danger")


def test_latin_diacritics_may_be_left_out():
    assert find_risk("Chce sie zabic") == find_risk("Chcę się zabić")
    assert find_risk("sotul ma bate")
    assert normalise("Łódź, Ştefan, Țară, ŵ") == " lodz stefan tara w "


def test_gurmukhi_nukta_adhak_and_bindi_are_read_as_people_type_them():
    assert normalise("ਖ਼ਤਰੇ") == normalise("ਖਤਰੇ")
    assert normalise("ਬੱਚੇ") == normalise("ਬਚੇ")
    assert normalise("ਨਹੀਂ") == normalise("ਨਹੀੰ")


def test_combining_marks_belong_to_their_word_so_phrases_match_whole_words_only():
    assert phrase_matches("মার", "ও মার দিল")
    assert not phrase_matches("মার", "ডাক্তার বললেন মারাত্মক কিছু না")  # vowel sign after র
    assert not phrase_matches("ਮਾਰ", "ਮਾਰਕੀਟ ਬੰਦ ਸੀ")
    assert not phrase_matches("قتل", "قتلني الحر")
    assert not phrase_matches("rape", "fields of rapeseed")
    assert normalise("আমাকে মারে।") == " আমাকে মারে "  # the danda is punctuation


# --- phrase syntax -----------------------------------------------------------------------------


def test_a_gap_skips_up_to_three_words_and_no_more():
    assert phrase_matches("he ~ kill me", "he is going to kill me")
    assert not phrase_matches("he ~ kill me", "he said the long queue would kill me")


def test_alternatives_wildcards_and_joined_words():
    assert phrase_matches("zabij* sie", "zabijesz się")
    assert phrase_matches("*يضربني", "وبيضربني")
    assert phrase_matches("i_am/im in danger", "I am in danger")
    assert phrase_matches("i_am/im in danger", "Im in danger")
    assert not phrase_matches("i_am/im in danger", "I in danger")


def test_a_negative_word_rules_out_an_idiom():
    assert phrase_matches("in danger !of", "we are in danger")
    assert not phrase_matches("in danger !of", "we are in danger of losing the bus")


@pytest.mark.parametrize("phrase", ["~ kill me", "kill me ~", "kill !me now", "*", "kill ~ ~ me", "a//"])
def test_a_malformed_phrase_is_refused(phrase):
    with pytest.raises(LexiconError):
        compile_phrase(phrase)


def test_a_file_with_an_unknown_category_is_refused(tmp_path):
    path = tmp_path / "xx.toml"
    path.write_text(
        'language = "xx"\nscript = "Latn"\nreviewed = false\nreview_note = "n"\n'
        '[[entries]]\nphrase = "boo"\ncategory = "scary"\n',
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match="unknown category"):
        lexicon._load_file(path)


# --- built once ----------------------------------------------------------------------------------


def test_the_lexicon_is_loaded_and_compiled_once():
    assert load_lexicon() is load_lexicon()
    assert matcher() is matcher()
    assert matcher().starts is matcher().starts
    find_risk("I am in danger")
    assert matcher().starts is matcher().starts
