"""git as the shared store: margin git-setup, the merge driver, and real clones merging.

The repositories are all on this machine (a bare "origin" in tmp_path and clones of it).
Git runs the driver as ``python -m tui merge-annotations``, with this worktree first on
PYTHONPATH, so the code under test is the one merging.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
import tomllib
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from annotations.article import read_article
from annotations.gitmerge import merge_texts
from annotations.model import make_annotation
from annotations.store import Store, dumps, parse_annotation_text
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
DRIVER = f"{sys.executable} -m tui"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ARTICLES = {
    "ferry.txt": ("Harbour ferry fares rise again\n\nThe ferry company said fares will rise by 8 per cent "
                  "in April. Ticket sales fell by a tenth last winter. \"We have no other choice,\" said "
                  "Lena Brandt, the operator's director. Commuters said the rise was the third in two years.\n"),
    "market.txt": ("Market hall reopens after repairs\n\nThe market hall reopened on Saturday after eight "
                   "months of repairs costing 2.1 million. Forty stalls have signed leases. \"It feels like "
                   "the town again,\" said stallholder Omar Reid. The council expects 5,000 visitors a week.\n"),
    "school.txt": ("New school term starts late\n\nPupils at Northfield school will start the term a week "
                   "late because the roof work overran. The head teacher said parents were told in July. "
                   "About 600 pupils are affected. \"Safety comes first,\" said the head, Ruth Gale.\n"),
}


# ------------------------------------------------------------------ git helpers

@pytest.fixture
def git_env(tmp_path: Path, monkeypatch) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"), "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
        "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return dict(os.environ)


def git(cwd: Path, *args: str) -> str:
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    assert r.returncode == 0, f"git {' '.join(args)} failed in {cwd}:\n{r.stdout}\n{r.stderr}"
    return r.stdout


def margin(*argv: str) -> tuple[int, str]:
    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main(list(argv))
    return code, buf.getvalue()


def make_origin(tmp_path: Path) -> Path:
    """A bare origin holding one commit: the articles folder, set up by margin git-setup."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "-q", str(origin), str(seed))
    folder = seed / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    code, out = margin("git-setup", str(seed), "--driver-command", DRIVER)
    assert code == 0
    git(seed, "add", ".")
    git(seed, "commit", "-q", "-m", "articles")
    git(seed, "push", "-q", "origin", "main")
    return origin


def clone(tmp_path: Path, origin: Path, name: str) -> Path:
    repo = tmp_path / name
    git(tmp_path, "clone", "-q", str(origin), str(repo))
    git(repo, "config", "pull.rebase", "false")
    code, _ = margin("git-setup", str(repo), "--driver-command", DRIVER)
    assert code == 0
    return repo


def annotate(repo: Path, article: str, author: str, spans: list[tuple[str, str]], note: str = "") -> list[str]:
    """Tag each (tag, phrase) of the article as ``author`` through the store; the new ids."""
    path = repo / "articles" / article
    store = Store(read_article(path), author=author)
    store.load()
    text = store.article.text
    ids = []
    for tag, phrase in spans:
        a = text.index(phrase)
        ann = make_annotation(text, tag, a, a + len(phrase), author=author, note=note,
                              taken={x.id for x in store.annotations})
        store.annotations.append(ann)
        ids.append(ann.id)
    store.save()
    return ids


def saved(repo: Path, article: str) -> dict:
    path = repo / "articles" / (article + ".annotations.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def assert_clean(repo: Path) -> None:
    """No conflict markers anywhere, a clean work tree, and margin check finds nothing."""
    for p in (repo / "articles").iterdir():
        if p.is_file():
            assert "<<<<<<<" not in p.read_text(encoding="utf-8"), p
    status = git(repo, "status", "--porcelain")
    assert status == "", status
    code, out = margin("check", str(repo / "articles"))
    lines = out.strip().splitlines()
    assert code == 0 and lines and all(": ok (" in line for line in lines), out


# ------------------------------------------------------------------ git-setup

def test_git_setup_registers_driver_and_ignores_and_is_idempotent(tmp_path: Path, git_env):
    repo = tmp_path / "r"
    git(tmp_path, "init", "-q", str(repo))
    code, out = margin("git-setup", str(repo), "--driver-command", "margin")
    assert code == 0
    assert ".gitattributes: added '*.annotations.toml merge=margin'" in out
    assert ".gitignore: added '.*.annotations.toml.lock'" in out
    assert ".git/config: merge.margin.driver" in out
    attrs = (repo / ".gitattributes").read_text(encoding="utf-8")
    assert "*.annotations.toml merge=margin\n" in attrs
    assert git(repo, "config", "merge.margin.driver").strip() == "margin merge-annotations %O %A %B %P"
    assert git(repo, "check-attr", "merge", "x.txt.annotations.toml").strip().endswith("merge: margin")
    (repo / ".x.txt.annotations.toml.lock").write_text("", encoding="utf-8")
    assert git(repo, "check-ignore", ".x.txt.annotations.toml.lock").strip() == ".x.txt.annotations.toml.lock"
    before = {p: (repo / p).read_bytes() for p in (".gitattributes", ".gitignore", ".git/config")}
    code, out = margin("git-setup", str(repo), "--driver-command", "margin")
    assert code == 0 and "already set up; nothing changed" in out
    assert {p: (repo / p).read_bytes() for p in before} == before


def test_git_setup_outside_a_repository_says_so(tmp_path: Path, git_env, capsys):
    code, _ = margin("git-setup", str(tmp_path))
    assert code == 1
    assert "not inside a git repository" in capsys.readouterr().err


# ------------------------------------------------------------------ the merge itself

TEXT = ARTICLES["ferry.txt"]


def _file(*entries, rejected=(), extra=None) -> str:
    return dumps("ferry.txt", "0" * 64, len(TEXT), list(entries), list(rejected), extra)


def _ann(tag: str, phrase: str, author: str, note: str = "", ident: str | None = None):
    a = TEXT.index(phrase)
    ann = make_annotation(TEXT, tag, a, a + len(phrase), author=author, note=note)
    if ident:
        ann.id = ident
    return ann


def test_merge_rules_match_the_store():
    keep = _ann("claim", "fares will rise by 8 per cent", "ana", ident="aaaaaa")
    gone = _ann("claim", "Ticket sales fell by a tenth", "ana", ident="bbbbbb")
    both = _ann("quote", "We have no other choice", "ben", ident="cccccc")
    one = _ann("claim", "the third in two years", "ben", ident="dddddd")
    rej = _ann("claim", "Commuters said the rise", "ana", ident="eeeeee")
    base = _file(keep, gone, both, one, extra={"tool": {"v": 1}})
    ours_add = _ann("claim", "Harbour ferry fares", "ana", ident="111111")
    theirs_add = _ann("quote", "said Lena Brandt", "ben", ident="222222")
    ours = _file(keep, both.copy(note="ours"), one, ours_add, rejected=[rej], extra={"tool": {"v": 1}})
    theirs = _file(keep, gone, both.copy(note="theirs"), one.copy(note="checked"), theirs_add,
                   extra={"tool": {"v": 2}, "other": "x"})
    result = merge_texts(base, ours, theirs, "articles/ferry.txt.annotations.toml")
    f = parse_annotation_text(Path("m"), result.text)
    by_id = {a.id: a for a in f.annotations}
    # additions unioned; a one-side change taken; the other side's deletion honoured
    assert {"111111", "222222", "aaaaaa", "cccccc", "dddddd"} <= set(by_id)
    assert "bbbbbb" not in by_id
    assert by_id["dddddd"].note == "checked"
    # both sides changed cccccc: ours kept, theirs kept as a copy naming it
    assert by_id["cccccc"].note == "ours"
    copies = [a for a in f.annotations if a.extra.get("conflict_of") == "cccccc"]
    assert len(copies) == 1 and copies[0].note == "theirs" and result.conflicts == 1
    assert [r.id for r in f.rejected] == ["eeeeee"]
    # unknown keys: the one side's change taken, the addition kept
    assert f.extra == {"tool": {"v": 2}, "other": "x"}
    # sorted as the store writes it
    assert result.text == dumps(f.article_file, f.sha256, f.length, f.annotations, f.rejected, f.extra)
    starts = [e["start"] for e in tomllib.loads(result.text)["annotations"]]
    assert starts == sorted(starts)


def test_both_sides_adding_the_file_have_an_empty_base():
    a = _ann("claim", "fares will rise by 8 per cent", "ana")
    b = _ann("claim", "fares will rise by 8 per cent", "ben")
    f = parse_annotation_text(Path("m"), merge_texts("", _file(a), _file(b)).text)
    assert sorted(x.author for x in f.annotations) == ["ana", "ben"]


def test_same_random_id_added_on_both_sides_keeps_both():
    a = _ann("claim", "fares will rise by 8 per cent", "ana", ident="abcdef")
    b = _ann("claim", "Ticket sales fell by a tenth", "ben", ident="abcdef")
    result = merge_texts("", _file(a), _file(b))
    f = parse_annotation_text(Path("m"), result.text)
    assert sorted(x.author for x in f.annotations) == ["ana", "ben"]
    assert not any("conflict_of" in x.extra for x in f.annotations)


def test_driver_refuses_a_version_that_does_not_parse(tmp_path: Path, capsys):
    good = _file(_ann("claim", "fares will rise by 8 per cent", "ana"))
    paths = {}
    for name, text in (("O", good), ("A", good + "\n[[annotations]]\nid = 'x'\n"), ("B", "not = [toml")):
        paths[name] = tmp_path / name
        paths[name].write_text(text, encoding="utf-8")
    before = paths["A"].read_bytes()
    code = main(["merge-annotations", str(paths["O"]), str(paths["A"]), str(paths["B"]), "a/f.annotations.toml"])
    err = capsys.readouterr().err
    assert code == 1
    assert "a/f.annotations.toml" in err and "left as a git conflict" in err
    assert paths["A"].read_bytes() == before  # nothing written over ours


# ------------------------------------------------------------------ real clones

def test_two_clones_merge_and_rebase_without_conflicts(tmp_path: Path, git_env):
    origin = make_origin(tmp_path)
    ana, ben = clone(tmp_path, origin, "ana"), clone(tmp_path, origin, "ben")
    ids: dict[str, set[str]] = {name: set() for name in ARTICLES}

    # Round 1: both tag the same article and the rest of the folder; ana pushes first,
    # ben merges (git merge through git pull).
    ids["ferry.txt"] |= set(annotate(ana, "ferry.txt", "ana", [("claim", "fares will rise by 8 per cent"),
                                                              ("quote", "We have no other choice")]))
    ids["market.txt"] |= set(annotate(ana, "market.txt", "ana", [("claim", "costing 2.1 million")]))
    git(ana, "add", "articles")
    git(ana, "commit", "-q", "-m", "ana: ferry, market")
    git(ana, "push", "-q", "origin", "main")
    ids["ferry.txt"] |= set(annotate(ben, "ferry.txt", "ben", [("claim", "fares will rise by 8 per cent"),
                                                              ("claim", "Ticket sales fell by a tenth")]))
    ids["market.txt"] |= set(annotate(ben, "market.txt", "ben", [("quote", "It feels like the town again")]))
    ids["school.txt"] |= set(annotate(ben, "school.txt", "ben", [("claim", "About 600 pupils are affected")]))
    git(ben, "add", "articles")
    git(ben, "commit", "-q", "-m", "ben: ferry, market, school")
    git(ben, "pull", "-q", "--no-rebase", "origin", "main")
    assert_clean(ben)
    git(ben, "push", "-q", "origin", "main")

    # Round 2: ana works on without pulling, then rebases onto ben's merge.
    ids["ferry.txt"] |= set(annotate(ana, "ferry.txt", "ana", [("claim", "the third in two years")]))
    ids["school.txt"] |= set(annotate(ana, "school.txt", "ana", [("quote", "Safety comes first")]))
    git(ana, "add", "articles")
    git(ana, "commit", "-q", "-m", "ana: more")
    git(ana, "pull", "-q", "--rebase", "origin", "main")
    assert_clean(ana)
    git(ana, "push", "-q", "origin", "main")
    git(ben, "pull", "-q", "--no-rebase", "origin", "main")

    for repo in (ana, ben):
        assert_clean(repo)
        for article, want in ids.items():
            got = {e["id"] for e in saved(repo, article)["annotations"]}
            assert got == want, (repo.name, article)
    # ana and ben both claimed the same sentence of the ferry story: both kept.
    same = [e for e in saved(ana, "ferry.txt")["annotations"] if e["text"] == "fares will rise by 8 per cent"]
    assert sorted(e["author"] for e in same) == ["ana", "ben"]


def test_ten_authors_thousand_annotations_at_random(tmp_path: Path, git_env):
    rng = random.Random(11)
    origin = make_origin(tmp_path)
    authors = [f"author{i}" for i in range(10)]
    repos = {name: clone(tmp_path, origin, name) for name in authors}
    # keyed by author and id: two authors may draw the same random id (the merge keeps
    # both, one under a fresh id), and a dict by id alone would forget one of them
    expected: dict[str, dict[tuple[str, str], tuple]] = {name: {} for name in ARTICLES}
    # Everybody annotates offline first, so each push has to merge with everything before it.
    for author in authors:
        repo = repos[author]
        for article in ARTICLES:
            path = repo / "articles" / article
            store = Store(read_article(path), author=author)
            store.load()
            text = store.article.text
            want = 100 // len(ARTICLES) + (1 if article == "ferry.txt" else 0)
            while sum(x.author == author for x in store.annotations) < want:
                a = rng.randrange(0, len(text) - 20)
                z = a + rng.randint(3, 20)
                tag = rng.choice(("claim", "quote"))
                if any((x.tag, x.start, x.end) == (tag, a, z) for x in store.annotations):
                    continue  # the app toggles such a tag off; one author never holds two
                ann = make_annotation(text, tag, a, z, author=author,
                                      note=rng.choice(("", "check", "source?")),
                                      taken={x.id for x in store.annotations})
                store.annotations.append(ann)
                expected[article][(author, ann.id)] = (ann.tag, ann.start, ann.end, author)
            store.save()
        git(repo, "add", "articles")
        git(repo, "commit", "-q", "-m", f"{author}: annotations")
    for n, author in enumerate(authors):
        repo = repos[author]
        git(repo, "pull", "-q", "--rebase" if n % 2 else "--no-rebase", "origin", "main")
        assert "<<<<<<<" not in "".join(p.read_text(encoding="utf-8") for p in (repo / "articles").glob("*.toml"))
        git(repo, "push", "-q", "origin", "main")
    final = clone(tmp_path, origin, "final")
    assert_clean(final)
    total = 0
    for article, want in expected.items():
        got = {(e["tag"], e["start"], e["end"], e["author"]) for e in saved(final, article)["annotations"]}
        assert got == set(want.values()), article
        total += len(saved(final, article)["annotations"])
    assert total == sum(len(w) for w in expected.values()) == 1000


def test_a_broken_version_leaves_gits_conflict_and_no_broken_file(tmp_path: Path, git_env):
    origin = make_origin(tmp_path)
    ana, ben = clone(tmp_path, origin, "ana"), clone(tmp_path, origin, "ben")
    annotate(ana, "ferry.txt", "ana", [("claim", "fares will rise by 8 per cent")])
    git(ana, "add", "articles")
    git(ana, "commit", "-q", "-m", "ana")
    git(ana, "push", "-q", "origin", "main")
    annotate(ben, "ferry.txt", "ben", [("claim", "Ticket sales fell by a tenth")])
    git(ben, "add", "articles")
    git(ben, "commit", "-q", "-m", "ben")
    git(ben, "pull", "-q", "--no-rebase", "origin", "main")
    git(ben, "push", "-q", "origin", "main")
    # ana's next commit breaks the file by hand; ben changes his side again.
    broken = ana / "articles" / "ferry.txt.annotations.toml"
    git(ana, "pull", "-q", "--no-rebase", "origin", "main")
    broken.write_text(broken.read_text(encoding="utf-8") + "\n[[annotations]\n", encoding="utf-8")
    git(ana, "commit", "-q", "-am", "ana: oops")
    git(ana, "push", "-q", "origin", "main")
    annotate(ben, "ferry.txt", "ben", [("quote", "We have no other choice")])
    git(ben, "commit", "-q", "-am", "ben: quote")
    ours = (ben / "articles" / "ferry.txt.annotations.toml").read_bytes()
    r = subprocess.run(["git", "pull", "--no-rebase", "origin", "main"], cwd=ben, capture_output=True, text=True)
    assert r.returncode != 0
    assert "left as a git conflict" in r.stderr and "theirs" in r.stderr
    assert "UU articles/ferry.txt.annotations.toml" in git(ben, "status", "--porcelain")
    # ben's own version is what sits in the work tree: whole, parseable, no markers.
    assert (ben / "articles" / "ferry.txt.annotations.toml").read_bytes() == ours


def test_git_setup_warns_when_git_cannot_find_margin(tmp_path: Path, git_env, capsys):
    repo = tmp_path / "r"
    git(tmp_path, "init", "-q", str(repo))
    code, _ = margin("git-setup", str(repo), "--driver-command", str(tmp_path / "no" / "margin"))
    assert code == 0
    assert "is not on PATH; git cannot run the merge driver" in capsys.readouterr().err
