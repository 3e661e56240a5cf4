"""Tests never write to the real user's cache or state (tests/conftest.py's autouse
fixture): reading an HTML sample caches its cleaned text in the cache folder."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_dir, user_state_dir


def test_cache_and_state_are_the_tests_own(tmp_path_factory):
    base = tmp_path_factory.getbasetemp().resolve()
    for folder in (user_cache_dir("margin"), user_state_dir("margin")):
        assert Path(folder).resolve().is_relative_to(base), folder

