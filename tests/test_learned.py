"""The folder's learned-boilerplate file: round trip, matching, atomic save, errors."""

from __future__ import annotations

import os

import pytest

from annotations.errors import StoreError
from annotations.learned import FILENAME, LearnedBoilerplate, normalise


def test_round_trip(tmp_path):
    lb = LearnedBoilerplate.load(tmp_path)
    assert len(lb) == 0 and not (tmp_path / FILENAME).exists()
    assert lb.add("Follow us on Mastodon for more stories")
    assert lb.add("  Sign up to the  Morning Briefing ")
    assert not lb.add("follow us on mastodon for more stories")  # already known
    lb.save()
    again = LearnedBoilerplate.load(tmp_path)
    assert again.entries == ["Follow us on Mastodon for more stories", "Sign up to the Morning Briefing"]
    assert again.matches("FOLLOW US ON MASTODON  for more stories")
    assert again.matches("Sign up to the\u00a0Morning Briefing")
    assert not again.matches("Follow us on Mastodon")


def test_file_is_plain_and_human_editable(tmp_path):
    (tmp_path / FILENAME).write_text(
        "# my notes about this site\n\nAdvertisement\n   # indented comment\nRead more from the desk\n",
        encoding="utf-8")
    lb = LearnedBoilerplate.load(tmp_path)
    assert lb.entries == ["Advertisement", "Read more from the desk"]
    assert not lb.matches("# my notes about this site")
    lb.add("Most popular this week")
    lb.save()
    text = (tmp_path / FILENAME).read_text(encoding="utf-8")
    assert text.startswith("# my notes about this site\n")  # the user's comments are kept
    assert text.endswith("Most popular this week\n")


def test_remove(tmp_path):
    lb = LearnedBoilerplate.load(tmp_path)
    lb.add("Advertisement")
    lb.add("Share this page")
    assert lb.remove("advertisement")
    lb.save()
    assert LearnedBoilerplate.load(tmp_path).entries == ["Share this page"]


def test_save_leaves_no_temp_files(tmp_path):
    lb = LearnedBoilerplate.load(tmp_path)
    lb.add("Skip to main content")
    lb.save()
    assert sorted(os.listdir(tmp_path)) == [FILENAME]


def test_overly_long_or_empty_lines_are_not_learned(tmp_path):
    lb = LearnedBoilerplate.load(tmp_path)
    assert not lb.add("   ")
    assert not lb.add("word " * 200)
    assert len(lb) == 0


def test_undecodable_file_is_an_error_and_not_overwritten(tmp_path):
    path = tmp_path / FILENAME
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(StoreError) as err:
        LearnedBoilerplate.load(tmp_path)
    assert FILENAME in str(err.value) and "\n" not in str(err.value)
    assert path.read_bytes() == b"\xff\xfe\x00bad"


def test_save_into_missing_folder_is_a_store_error(tmp_path):
    lb = LearnedBoilerplate(tmp_path / "gone")
    lb.add("Advertisement")
    with pytest.raises(StoreError):
        lb.save()


def test_normalise_folds_case_space_and_compatibility_forms():
    assert normalise(" Ａdvert\u00a0 HERE ") == normalise("advert here") == "advert here"
