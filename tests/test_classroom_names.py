"""Students' names in every script match across spellings and give readable file names."""

from __future__ import annotations

import pytest

from game.classroom.names import file_slug, name_key, near_matches


@pytest.mark.parametrize(("typed", "roster"), [
    ("Marek Łukasiewicz", "Marek Lukasiewicz"),
    ("Tom O\u2019Neill", "Tom O'Neill"),
    ("Jean\u2013Luc  Picard", "jean-luc picard"),
    ("Zoë Müller", "Zoe Muller"),
    ("Søren Straße", "Soren Strasse"),
    ("ΑΛΈΞΑΝΔΡΟΣ Παπαδόπουλος", "Αλεξανδρος Παπαδοπουλος"),
])
def test_spellings_of_one_name_share_a_key(typed: str, roster: str) -> None:
    assert name_key(typed) == name_key(roster)


@pytest.mark.parametrize(("a", "b"), [
    ("Анна Петрова", "Мария Иванова"),
    ("محمد علي", "فاطمة حسن"),
    ("王小明", "李华"),
    ("Αλέξανδρος Παπαδόπουλος", "Νίκος Γεωργίου"),
])
def test_different_non_latin_names_never_merge(a: str, b: str) -> None:
    assert name_key(a) and name_key(b)
    assert name_key(a) != name_key(b)


def test_file_names_stay_readable_in_the_names_script() -> None:
    assert file_slug("Анна Петрова") == "анна-петрова"
    assert file_slug("محمد علي") == "محمد-علي"
    assert file_slug("王小明") == "王小明"
    assert file_slug("Marek Łukasiewicz") == "marek-lukasiewicz"
    assert file_slug("../..") == "student"


def test_near_matches_suggest_typos_and_swapped_names() -> None:
    roster = ["Anna Petrova", "Bob Smith", "Иван Петров"]
    assert near_matches("Anna Petrva", roster) == ["Anna Petrova"]
    assert near_matches("Petrova Anna", roster) == ["Anna Petrova"]
    assert near_matches("Иван Петроф", roster) == ["Иван Петров"]
    assert near_matches("Zed Unknown", roster) == []


@pytest.mark.parametrize(("typed", "roster"), [
    ("Ёлкин Пётр", "Елкин Петр"),                  # Russian: ё typed as е
    ("مُحَمَّد عَلِي", "محمد علي"),                   # Arabic vowel points are optional
    ("Ｍａｒｉａ\u00a0Ｇａｒｃíａ", "Maria Garcia"),   # full-width letters, a no-break space
    ("Anne\u200b-Marie", "Anne-Marie"),            # an invisible space pasted from a web page
])
def test_optional_marks_and_invisible_characters_are_forgiven(typed: str, roster: str) -> None:
    assert name_key(typed) == name_key(roster)


@pytest.mark.parametrize(("a", "b"), [
    ("ガク", "カク"),        # Japanese: the voicing mark makes another sound, not an accent
    ("राम", "रम"),          # Devanagari: the vowel sign is part of the name
    ("Иван Петров", "Ivan Petrov"),  # no transliteration between scripts
])
def test_marks_that_are_letters_are_kept(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize("name", ["\u0301\u0301", "!!!", "´", "—", "。"])
def test_a_typed_name_never_folds_to_nothing(name: str) -> None:
    assert name_key(name) != ""


def test_devanagari_file_names_keep_their_vowel_signs() -> None:
    assert file_slug("राम शर्मा") == "राम-शर्मा"
    assert file_slug("Αλέξανδρος Παπαδόπουλος") == "αλεξανδρος-παπαδοπουλος"
