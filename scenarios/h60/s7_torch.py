"""h60 scenario 7: torch DataLoader workers through srcpickle.get_context: persistent workers, an
error raised in the dataset (traceback text), a dataset holding a closure and a generator-made list,
an IterableDataset of __main__ with a generator __iter__.

Run: /work/venv-h60/bin/python scenarios/h60/s7_torch.py [spawn|forkserver]
"""
import sys

import torch
from torch.utils.data import DataLoader, Dataset, IterableDataset

import srcpickle


class Mapped(Dataset):
    def __init__(self, fn, n):
        self.fn, self.n = fn, n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i == 99:
            bad = i * 2
            raise KeyError(f"no item {bad}")
        return torch.tensor([self.fn(i)])


class Stream(IterableDataset):
    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        wid = info.id if info else 0
        for i in range(3):
            yield wid * 10 + i


def check(name, fn):
    try:
        print(name, "->", fn(), flush=True)
    except BaseException as exc:  # noqa: BLE001
        print(name, "-> raised", type(exc).__name__, "| line shown:", "raise KeyError" in str(exc), str(exc)[-300:].replace("\n", " / "))


if __name__ == "__main__":
    ctx = srcpickle.get_context(sys.argv[1] if len(sys.argv) > 1 else "spawn")
    k = 3
    ds = Mapped(lambda i: i * k, 4)
    check("closure_dataset", lambda: [b.tolist() for b in DataLoader(ds, batch_size=2, num_workers=2, multiprocessing_context=ctx)])
    loader = DataLoader(ds, batch_size=2, num_workers=2, multiprocessing_context=ctx, persistent_workers=True)
    check("persistent_epochs", lambda: [[b.tolist() for b in loader] for _ in range(3)])
    check("iterable_generator", lambda: sorted(x.item() for x in DataLoader(Stream(), num_workers=2, multiprocessing_context=ctx)))
    bad = Mapped(lambda i: i, 100)
    check("error_in_worker", lambda: list(DataLoader(torch.utils.data.Subset(bad, [99]), num_workers=1, multiprocessing_context=ctx)))
