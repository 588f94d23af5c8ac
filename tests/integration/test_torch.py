"""torch's ``DataLoader`` with spawned workers: ``collate_fn`` and ``worker_init_fn`` wrapped in
``srcpickle.portable``, and a ``DataLoader`` given ``srcpickle.get_context("spawn")``, whose
dataset class and collate lambda of ``__main__`` then travel by source.

torch is large: it is tested where its CPU wheel installs from this machine's disk, CPython 3.11
(``.ci/run`` installs it there); elsewhere the test is skipped, in CI too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict

import pytest

from . import IN_CI, RESULT_MARK, run_script

pytestmark = pytest.mark.integration

# The Python whose torch wheel lies on this machine's disk (see .ci/run).
TORCH_PYTHON = (3, 11)

TORCH_SCRIPT = f"""
import srcpickle, torch
from torch.utils.data import DataLoader, Dataset

SHIFT = 1000


class Squares(Dataset):
    def __len__(self):
        return 6

    def __getitem__(self, index):
        return torch.tensor([index * index])


def make_collate(k):
    return lambda batch: (torch.cat(batch) * k + SHIFT).tolist()


def seed_worker(worker_id):
    torch.manual_seed(1234 + worker_id)


if __name__ == "__main__":
    out = {{}}
    collate = make_collate(2)
    loader = DataLoader(
        Squares(),
        batch_size=3,
        num_workers=1,
        collate_fn=srcpickle.portable(collate),
        worker_init_fn=srcpickle.portable(seed_worker),
        multiprocessing_context="spawn",
    )
    expected = [collate([Squares()[i] for i in range(s, s + 3)]) for s in (0, 3)]
    out["portable_collate"] = (list(loader), expected)
    loader = DataLoader(
        Squares(),
        batch_size=2,
        num_workers=1,
        collate_fn=lambda batch: [t.item() + SHIFT for t in batch],
        multiprocessing_context=srcpickle.get_context("spawn"),
    )
    out["srcpickle_context"] = (list(loader), [[i * i + SHIFT, (i + 1) ** 2 + SHIFT] for i in (0, 2, 4)])
    print({RESULT_MARK!r} + repr(out))
"""


def test_dataloader_with_spawned_workers(tmp_path: Path) -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        reason = "torch is not installed (.ci/run installs its CPU wheel on CPython 3.11)"
        if IN_CI and sys.version_info[:2] == TORCH_PYTHON:
            pytest.fail(reason + "; CI must run this test on this Python")
        pytest.skip(reason)
    out: Dict[str, Any] = run_script(tmp_path, TORCH_SCRIPT)
    wrong = {name: pair for name, pair in out.items() if pair[0] != pair[1]}
    assert not wrong, wrong
    assert sorted(out) == ["portable_collate", "srcpickle_context"]
