"""Ownership and blind mode (annotations/team.py) and the `team` setting of margin.toml."""

from __future__ import annotations

from pathlib import Path

from annotations.model import make_annotation
from annotations.suggest import Suggestion
from annotations.tagset import load_tagset
from annotations.team import decide_tag, others_label, own_only, removal_owner, removal_question, visible

TEXT = "The bridge cost 4 million. It opened in May. Critics said it was late."


def ann(tag: str, a: int, z: int, author: str):
    return make_annotation(TEXT, tag, a, z, author=author)


def test_tag_key_over_anothers_annotation_adds_and_keeps_theirs():
    ana = ann("claim", 0, 26, "ana")
    d = decide_tag([ana], "claim", 0, 26, "ben")
    assert d.action == "add" and d.existing is None
    assert d.others == (ana,)


def test_tag_key_over_own_annotation_removes_only_it():
    ana = ann("claim", 0, 26, "ana")
    ben = ann("claim", 0, 26, "ben")
    d = decide_tag([ana, ben], "claim", 0, 26, "ben")
    assert d.action == "remove" and d.existing is ben
    assert d.others == (ana,)


def test_other_tag_or_span_is_not_the_same_annotation():
    mine = ann("claim", 0, 26, "ben")
    assert decide_tag([mine], "quote", 0, 26, "ben").action == "add"
    assert decide_tag([mine], "claim", 0, 25, "ben").action == "add"


def test_unattributed_annotation_counts_as_own():
    old = ann("claim", 0, 26, "")
    assert decide_tag([old], "claim", 0, 26, "ben").existing is old
    assert removal_owner(old, "ben") is None


def test_removal_question_names_the_owner_and_is_terminal_safe():
    ana = ann("quote", 44, 70, "ana\x1b[31m")
    assert removal_owner(ana, "ben") == "ana\x1b[31m"
    q = removal_question(ana, "ben")
    assert q is not None and "\x1b" not in q
    assert q.startswith("Remove ana") and "quote" in q and "Critics said" in q
    assert removal_question(ann("claim", 0, 5, "ben"), "ben") is None


def test_blind_mode_shows_only_own_and_toggle_dims_others():
    ana = ann("claim", 0, 26, "ana")
    ben = ann("claim", 27, 43, "ben")
    cleo = ann("quote", 44, 70, "cleo")
    sugg = [Suggestion("claim", 0, 26, TEXT[0:26], None, 0.8, "figure")]
    v = visible([ana, ben, cleo], sugg, "ben", show_others=False)
    assert v.annotations == [ben] and v.dimmed == frozenset() and v.hidden_others == 2
    assert v.suggestions == sugg
    assert others_label(v) == "2 annotations by others hidden"
    v = visible([ana, ben, cleo], sugg, "ben", show_others=True)
    assert [a.author for a in v.annotations] == ["ana", "ben", "cleo"]
    assert v.dimmed == {ana.id, cleo.id} and v.is_dimmed(ana) and not v.is_dimmed(ben)
    assert v.other_authors == ("ana", "cleo")
    assert others_label(v) == "showing ana, cleo (dimmed)"


def test_not_in_team_mode_everything_is_drawn_plainly():
    ana = ann("claim", 0, 26, "ana")
    ben = ann("claim", 27, 43, "ben")
    v = visible([ana, ben], [], "ben", show_others=False, team=False)
    assert v.annotations == [ana, ben] and not v.dimmed and v.hidden_others == 0


def test_own_only_feeds_suggestions_in_blind_mode():
    ana = ann("claim", 0, 26, "ana")
    ben = ann("claim", 27, 43, "ben")
    assert own_only([ana, ben], "ben") == [ben]
    assert own_only([ana, ben], "ben", team=False) == [ana, ben]


def test_team_setting_in_margin_toml(tmp_path: Path, fixed_user):
    assert load_tagset(tmp_path).team is False
    (tmp_path / "margin.toml").write_text('author = "ben"\nteam = true\n', encoding="utf-8")
    ts = load_tagset(tmp_path)
    assert ts.team is True and ts.author == "ben" and ts.error is None
    assert ts.names == ["claim", "quote", "boilerplate"]
    (tmp_path / "margin.toml").write_text('team = "yes"\n', encoding="utf-8")
    ts = load_tagset(tmp_path)
    assert ts.team is False and ts.error is not None
    assert "margin.toml:1" in ts.error and "team must be true or false" in ts.error
