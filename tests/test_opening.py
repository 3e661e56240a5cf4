"""Opening an article in one call (annotations/opening.py), without the app."""

from __future__ import annotations

import pickle

import pytest

from annotations import opening
from annotations.article import read_article
from annotations.errors import ArticleError
from annotations.folder import save_position
from annotations.learned import FILENAME
from annotations.model import make_annotation
from annotations.opening import FirstPart, Opened, SentenceCounts, count_sentences, open_article, open_stages
from annotations.store import Store, annotations_path
from tests.conftest import ARTICLE, long_article_text


def _save(path, *, claims=(), reject_furniture=()):
    store = Store(read_article(path), author="tester")
    store.load()
    text = store.article.text
    for phrase in claims:
        a = text.index(phrase)
        store.annotations.append(make_annotation(text, "claim", a, a + len(phrase), author="tester"))
    for line in reject_furniture:
        a = text.index(line)
        store.rejected.append(make_annotation(text, "boilerplate", a, a + len(line), author="tester",
                                              origin="suggested"))
    store.save()


def test_everything_the_app_draws(article, fixed_user):
    _save(article, claims=["Visitor numbers fell by 12 per cent last year."], reject_furniture=["Advertisement"])
    save_position(article, 300)
    opened = open_article(article, author="tester")
    assert opened.article.text == ARTICLE and not opened.read_only and opened.has_file
    assert [a.text for a in opened.store.annotations] == ["Visitor numbers fell by 12 per cent last year."]
    assert opened.report is not None and opened.report.exact == 2 and opened.anchoring_note is None
    advert = opened.base.block_at(ARTICLE.index("Advertisement"))
    assert opened.body_blocks == {advert}
    assert opened.document.blocks[advert].is_body and opened.base.blocks[advert].boilerplate
    assert opened.position == 300
    assert opened.counts is not None and opened.counts.body[-1] == count_sentences(opened.document).body[-1]
    assert open_article(article, at=12).position == 12  # asked for: wins over the saved place
    assert open_article(article, restore_position=False).position is None


def test_a_saved_position_past_the_end_is_dropped(article, fixed_user):
    save_position(article, len(ARTICLE) + 50)
    assert open_article(article).position is None


def test_new_article_has_no_file_yet(article, fixed_user):
    opened = open_article(article)
    assert not opened.has_file and opened.store.annotations == [] and opened.document is opened.base
    assert opened.learned.folder == article.parent and len(opened.learned) == 0


def test_an_annotations_file_that_does_not_parse_is_read_only(article, fixed_user):
    annotations_path(article).write_text("this is = not [valid toml\n", encoding="utf-8")
    opened = open_article(article)
    assert opened.read_only and opened.store.read_only
    assert opened.store_error is not None and ":1:6: not valid TOML" in opened.store_error
    assert opened.report is None and opened.body_blocks == frozenset()
    assert annotations_path(article).read_text(encoding="utf-8") == "this is = not [valid toml\n"


def test_an_article_that_cannot_be_read_raises_one_line(tmp_path, fixed_user):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\x00\x00binary")
    with pytest.raises(ArticleError) as err:
        open_article(p)
    assert "binary" in str(err.value) and "\n" not in str(err.value)


def test_an_unreadable_learned_file_is_a_note_not_a_failure(article, fixed_user):
    (article.parent / FILENAME).write_bytes(b"\xff\xfe\x00bad")
    opened = open_article(article)
    assert opened.learned_error is not None and "UTF-8" in opened.learned_error
    assert len(opened.learned) == 0


def test_stages_draw_the_first_part_before_the_whole_file_is_read(tmp_path, fixed_user, monkeypatch):
    p = tmp_path / "long.txt"
    text = long_article_text(400)
    p.write_text(text, encoding="utf-8")
    reads = []
    real = opening.read_article
    monkeypatch.setattr(opening, "read_article", lambda path: reads.append(path) or real(path))
    stages = open_stages(p, first_part_bytes=4096)
    part = next(stages)
    assert isinstance(part, FirstPart) and reads == []
    assert text.startswith(part.document.text) and part.document.text.endswith("\n")
    assert 3000 < len(part.document.text) <= 4096
    opened = next(stages)
    assert isinstance(opened, Opened) and opened.first_part_matches and reads == [p]
    counts = next(stages)
    assert isinstance(counts, SentenceCounts) and len(counts.body) == len(opened.document.blocks) + 1
    assert next(stages, None) is None
    for stage in (part, opened, counts):
        assert pickle.loads(pickle.dumps(stage)) is not None
    again = pickle.loads(pickle.dumps(opened))
    assert again.article.text == text and again.store.path == opened.store.path


def test_small_files_have_no_first_part(article, fixed_user):
    assert [type(s).__name__ for s in open_stages(article, first_part_bytes=1 << 20)] == ["Opened", "SentenceCounts"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_a_character_cut_at_the_boundary_is_left_out(tmp_path, fixed_user, encoding):
    p = tmp_path / "wide.txt"
    line = "Café € naïve — “quoted” 😀 line\r\n"
    text = line * 300
    p.write_bytes(text.encode(encoding))
    whole = read_article(p).text
    for size in range(2000, 2040):  # every way of cutting a character or a \r\n in two
        part = opening.first_part(p, size)
        assert part is not None
        assert whole.startswith(part.document.text), size


def test_a_beginning_that_decodes_otherwise_is_flagged(tmp_path, fixed_user):
    p = tmp_path / "mixed.txt"
    p.write_bytes(("Caf\u00e9 line\n" * 500).encode("utf-8") + b"a lone \xe9 byte\n")
    stages = list(open_stages(p, first_part_bytes=1024))
    opened = stages[1]
    assert isinstance(opened, Opened) and opened.article.encoding in ("cp1252", "latin-1")
    assert not opened.first_part_matches
