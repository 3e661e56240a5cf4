"""A few hundred mutated annotation files through every command and the store
(bench/fuzz_toml.py runs 10,000): no traceback, no hang, no unparseable file changed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("fuzz_toml", Path(__file__).parent.parent / "bench" / "fuzz_toml.py")
assert _spec is not None and _spec.loader is not None
fuzz_toml = importlib.util.module_from_spec(_spec)
sys.modules["fuzz_toml"] = fuzz_toml  # dataclasses look their module up
_spec.loader.exec_module(fuzz_toml)


@pytest.mark.parametrize("seed", [11, 12])
def test_mutated_annotation_files_never_crash_hang_or_get_overwritten(seed):
    report = fuzz_toml.fuzz(cases=150, seed=seed, timeout=30, quick=True)
    assert report.cases == 150
    assert report.tracebacks == []
    assert report.hangs == []
    assert report.changed_unparseable == []
    assert report.raw_output == []
    assert report.refused > 0 and report.parsed > 0  # both kinds were exercised
