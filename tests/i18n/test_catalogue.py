"""The Persian catalogue is complete, compiled and consistent with the source."""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
PO = LOCALE / "fa" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "fa" / "LC_MESSAGES" / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*[sdif]|%[sd]|\{\w+\}")
# The arguments that build the catalogue (docs/translations.md gives the same command).
MAKEMESSAGES_IGNORE = [".venv/*", "bench/*", "tests/*", "static_collected/*", "test-artifacts/*"]


def _entries(catalogue) -> dict:
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr_plural or entry.msgstr
        for entry in catalogue
        if not entry.obsolete
    }


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    assert untranslated == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert catalogue.metadata["Language"] == "fa"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_translations_keep_every_placeholder():
    wrong = []
    for entry in polib.pofile(str(PO)):
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        expected = set().union(*(PLACEHOLDER.findall(source) for source in sources))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            if set(PLACEHOLDER.findall(translation)) != expected:
                wrong.append((entry.msgid, translation))
    assert wrong == []


def test_the_compiled_file_matches_the_catalogue():
    """The .mo in the repository is the .po compiled (run compilemessages after editing)."""
    assert _entries(polib.mofile(str(MO))) == _entries(polib.pofile(str(PO)))


def test_the_catalogue_holds_every_message_of_the_source(tmp_path, settings):
    """makemessages over the source finds no message that the catalogue lacks."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("xgettext is missing (apt-get install gettext): this check must run in CI")
        pytest.skip("xgettext is missing (apt-get install gettext)")
    for folder in ("storefront", "config", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pyc"))
    (tmp_path / "locale" / "fa" / "LC_MESSAGES").mkdir(parents=True)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        call_command(
            "makemessages",
            locale=["fa"],
            ignore_patterns=MAKEMESSAGES_IGNORE,
            no_location=True,
            verbosity=0,
        )
    finally:
        os.chdir(cwd)
    extracted = polib.pofile(str(tmp_path / "locale" / "fa" / "LC_MESSAGES" / "django.po"))
    missing = sorted(set(_entries(extracted)) - set(_entries(polib.pofile(str(PO)))))
    assert missing == [], "run makemessages (docs/translations.md) and translate these"
