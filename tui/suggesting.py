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

import atexit
import os
import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from annotations.document import Block, Document
from annotations.model import Annotation

# Above this many characters the full pass runs in a child process.
PROCESS_ABOVE = 64 * 1024  # the size the app calls big (tui/app.py FIRST_PART): ~0.2 s of suggesting


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


def _compute(path: str, sha256: str, body_blocks: list[int], learned_folder: str | None):
    from annotations.article import read_article
    from annotations.cleaning import clean
    from annotations.learned import LearnedBoilerplate
    from annotations.suggest import suggest

    article = read_article(Path(path))
    if article.sha256 != sha256:  # changed on disk meanwhile: the offsets would not fit
        return None
    doc = clean(article)
    make_body(doc, body_blocks)
    learned = LearnedBoilerplate.load(learned_folder) if learned_folder else None
    return suggest(doc, learned=learned or None)


def main(argv: list[str]) -> int:
    """The child: ``python -m tui.suggesting PATH SHA256 BLOCKS [FOLDER]``; the list
    of suggestions goes to stdout, pickled (the parent started us, nobody else reads it)."""
    path, sha256, blocks = argv[:3]
    folder = argv[3] if len(argv) > 3 else None
    try:
        result = _compute(path, sha256, [int(b) for b in blocks.split(",") if b], folder)
    except Exception:  # noqa: BLE001 - the app then keeps the suggestions it has
        result = None
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.flush()
    return 0


class SuggestProcess:
    """One full pass in a child process. ``result()`` blocks (call it from a thread).

    A plain subprocess rather than multiprocessing: under Textual, stderr is not a real
    file, and multiprocessing's spawn then fails to start."""

    def __init__(self, path: Path, sha256: str, body_blocks: list[int], learned) -> None:
        args = [sys.executable, "-m", "tui.suggesting", str(path), sha256,
                ",".join(str(b) for b in body_blocks)]
        if learned is not None and len(learned):
            args.append(str(learned.folder))
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        atexit.register(self.stop)  # quitting mid-pass leaves no process behind

    def result(self):
        try:
            data = self.process.stdout.read()
            self.process.wait(timeout=5)
            if self.process.returncode != 0 or not data:
                return None
            return pickle.loads(data)
        except Exception:  # noqa: BLE001 - stopped (another article opened, or quitting)
            return None
        finally:
            self.process.stdout.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
