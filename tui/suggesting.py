"""Suggestions for the app, away from the keyboard: the furniture override, and the
full pass over a big article in a child process.

No textual here: the child process imports this module, and the core rule holds (the
suggestion engine runs on plain ``annotations`` objects).

Why a process for big articles: ``suggest()`` costs about 3 CPU-seconds per MB, and a
thread would hold the interpreter lock in long stretches, so every keystroke would
wait for it. A child process reads, cleans and suggests on its own core; the app only
receives the list.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import replace
from pathlib import Path

from annotations.document import Block, Document
from annotations.model import Annotation

# Above this many characters the full pass runs in a child process.
PROCESS_ABOVE = 512 * 1024


def overridden_furniture(doc: Document, rejected: list[Annotation]) -> list[int]:
    """Furniture blocks whose boilerplate suggestion the user rejected (turned back into body).

    A rejection stands for a block when it is a placed ``boilerplate`` entry covering
    (nearly) the block's visible text: re-anchoring may have moved it a little."""
    out = []
    for r in rejected:
        if r.tag != "boilerplate" or r.orphan or r.end <= r.start:
            continue
        i = doc.block_at(r.start)
        b = doc.blocks[i]
        if not b.boilerplate or b.content_end <= b.content_start:
            continue
        overlap = min(r.end, b.content_end) - max(r.start, b.content_start)
        if overlap >= 0.9 * max(r.end - r.start, b.content_end - b.content_start):
            out.append(i)
    return out


def make_body(doc: Document, indices: list[int]) -> dict[int, Block]:
    """Turn furniture blocks into body in place; returns the blocks as they were (for undo)."""
    before = {}
    for i in indices:
        b = doc.blocks[i]
        if b.boilerplate:
            before[i] = b
            doc.blocks[i] = replace(b, boilerplate=False, reason="")
    return before


def _child(conn, path: str, sha256: str, body_blocks: list[int], learned) -> None:
    """Runs in the child: read, clean, override, suggest; send the list (or None)."""
    from annotations.article import read_article
    from annotations.cleaning import clean
    from annotations.suggest import suggest

    try:
        article = read_article(Path(path))
        if article.sha256 != sha256:  # changed on disk meanwhile: the offsets would not fit
            conn.send(None)
            return
        doc = clean(article)
        make_body(doc, body_blocks)
        conn.send(suggest(doc, learned=learned))
    except Exception:  # noqa: BLE001 - the app then keeps the on-screen suggestions
        conn.send(None)
    finally:
        conn.close()


class SuggestProcess:
    """One full pass in a child process. ``result()`` blocks (call it from a thread)."""

    def __init__(self, path: Path, sha256: str, body_blocks: list[int], learned) -> None:
        ctx = multiprocessing.get_context("spawn")  # never fork a threaded app
        self._recv, send = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_child, args=(send, str(path), sha256, body_blocks, learned),
                                   daemon=True, name="margin-suggest")
        self.process.start()
        send.close()

    def result(self):
        try:
            return self._recv.recv()
        except (EOFError, OSError):  # stopped (another article was opened, or quitting)
            return None
        finally:
            self._recv.close()
            self.process.join(timeout=1)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
