"""Payloads are deterministic: the same script gives the same bytes whatever the hash seed, and
dumping a loaded function gives back the payload it came from."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from .harness import CaseFile, Dump, case_files, current_interpreter, discover_interpreters, text_diff

# PYTHONHASHSEED values for the sweep: 0 disables randomisation; 4242 is arbitrary. The session's
# own dumps (a random seed, one process per case file) are compared too: three orders of every
# str-keyed set and dict, where a payload that depended on one differs from the others with all
# but certainty. (Seeds 1 and 2 were dropped for CI's time: 16 s of CPU, one process each.)
HASH_SEEDS = ("0", "4242")
WRITTEN_BY = "written-by: "
# Case files whose dumps search the process's objects (test_dumping_a_loaded_function_...).
HEAP_SEARCHING_CASES = ("wrappers_with_state",)


def _seed_sweep(harness: Any, seed: str) -> Any:
    """The future of every case file the running Python runs, dumped in one process under
    ``PYTHONHASHSEED=seed`` (``Harness.dump_batch_uncached``), shared by the sweep's tests."""
    current = current_interpreter()
    files = [c for c in case_files() if c.runs_on(current.version)]
    return harness.submit_once(("hash seed", seed), harness.dump_batch_uncached, current, files, seed)


# This test and the next run once in .ci/run, on its newest Python, which runs every case file:
# every interpreter writes the same bytes (test_every_interpreter_writes_the_same_bytes, each of
# its dumps under another random seed), so what they find does not depend on the dumper.
@pytest.mark.any_python(run="newest")
@pytest.mark.parametrize("case_file", case_files(), ids=lambda c: c.name)
def test_same_bytes_under_every_hash_seed(roundtrip_harness: Any, case_file: CaseFile) -> None:
    """Each seed's bytes are compared with those of the case file's own process (the session's
    dump, a random seed): the sweep dumps every case file of a seed in one process, where a cache
    an earlier case file warmed must not hide a difference, and a difference it made shows."""
    current = current_interpreter()
    if not case_file.runs_on(current.version):
        pytest.skip(f"{case_file.name} needs Python {case_file.requires_python}, this is {current.label}")
    futures = {seed: _seed_sweep(roundtrip_harness, seed) for seed in HASH_SEEDS}
    first_name = "PYTHONHASHSEED=random (its own process)"
    reference = roundtrip_harness.dump(current, case_file).payloads()
    assert sorted(reference) == sorted(case_file.case_names), "some cases were not dumped"
    found: List[str] = []
    for seed, future in futures.items():
        name = f"PYTHONHASHSEED={seed} (one process for every case file)"
        payloads = future.result()[case_file.name].payloads()
        for case, data in reference.items():
            if payloads.get(case) != data:
                diff = text_diff(
                    data.decode("utf-8"), payloads.get(case, b"").decode("utf-8"), first_name, name
                )
                found.append(f"{case_file.name}::{case}: {first_name} and {name} differ\n{diff}")
    assert not found, "\n".join(found)


def _without_written_by(text: str) -> str:
    return "".join(line for line in text.splitlines(True) if not line.startswith(WRITTEN_BY))


@pytest.mark.any_python(run="newest")
@pytest.mark.parametrize("loader", discover_interpreters(), ids=lambda i: i.label)
def test_dumping_a_loaded_function_gives_the_same_payload(roundtrip_harness: Any, loader: Any) -> None:
    """``dumps(loads(p)) == p`` in a fresh process, before anything is called. On another
    interpreter than the one that wrote ``p`` only the ``written-by`` header may differ."""
    current = current_interpreter()
    dumps = [
        roundtrip_harness.dump(current, case_file)
        for case_file in case_files()
        if case_file.runs_on(current.version) and case_file.runs_on(loader.version)
    ]
    # Re-dumped first: on PyPy, a loaded lru_cache's cache_info whose wrapper nothing keeps is
    # looked for with gc.get_referrers, a walk of every object of the process, slow in a heap the
    # other payloads loaded before it have grown (PyPy's child, 109 case files: 21.8 s of 54.7 s
    # of CPU when last, 1.5 s of 37.2 s when first).
    dumps.sort(key=lambda dump: dump.case_file.name not in HEAP_SEARCHING_CASES)
    results = roundtrip_harness.redump(loader, dumps)
    same_interpreter = loader.path == current.path
    found: List[str] = []
    for dump in dumps:
        for case, data in dump.payloads().items():
            key = f"{dump.record['script']}::{case}"
            label = f"{dump.case_file.name}::{case} (dumped on {current.label}, re-dumped on {loader.label})"
            result = results.get(key)
            if result is None:
                found.append(f"{label}: not re-dumped")
                continue
            if case in dump.case_file.redump_varies:
                continue  # declared in the case file, with its reason
            if "error" in result:
                found.append(
                    f"{label}: dumps(loads(p)) raised {result['error']['type']}: {result['error']['message']}"
                )
                continue
            original, again = data.decode("utf-8"), result["text"]
            if not same_interpreter:
                original, again = _without_written_by(original), _without_written_by(again)
            if again != original:
                found.append(
                    f"{label}: dumps(loads(p)) != p\n{text_diff(original, again, 'p', 'dumps(loads(p))')}"
                )
    assert not found, f"{len(found)} problem(s):\n" + "\n".join(found)


@pytest.mark.any_python
@pytest.mark.parametrize("dumper", discover_interpreters(), ids=lambda i: i.label)
def test_every_interpreter_writes_the_same_bytes(roundtrip_harness: Any, dumper: Any) -> None:
    """Whichever interpreter wrote a payload (CPython 3.9 to 3.13, PyPy), it is the same bytes but
    for the ``written-by`` header: for every case file that interpreter can run."""
    current = current_interpreter()
    found: List[str] = []
    files = [c for c in case_files() if c.runs_on(current.version) and c.runs_on(dumper.version)]
    batch: Dict[str, Dump] = {}
    if dumper.path == current.path or dumper.implementation == "pypy":
        # The running Python's dumps are the reference; PyPy's are its round trips' own
        # (test_payloads_from_pypy, in this run): both already dumped one case file a process.
        for case_file in files:
            roundtrip_harness.dump_later(dumper, case_file)
    else:
        # Dumps nothing else of this run uses, only compared here with the reference, itself
        # one case file a process: one process for all (Harness.dump_batch_uncached).
        batch = roundtrip_harness.dump_batch_uncached(dumper, files)
    for case_file in files:
        reference = roundtrip_harness.dump(current, case_file)
        dump = batch.get(case_file.name) or roundtrip_harness.dump(dumper, case_file)
        for case, data in reference.payloads().items():
            if case in case_file.dumpers_vary:
                continue  # declared in the case file, with its reason
            entry = dump.record["cases"][case]
            if entry["dump_error"] is not None:
                error = entry["dump_error"]
                where = f"{case_file.name}::{case}: dumps raised on {dumper.label}"
                found.append(f"{where}: {error['type']}: {error['message']}")
                continue
            original, other = (
                _without_written_by(data.decode("utf-8")),
                _without_written_by(dump.payload(case).decode("utf-8")),
            )
            if other != original:
                diff = text_diff(original, other, current.label, dumper.label)
                found.append(f"{case_file.name}::{case}: {current.label} and {dumper.label} differ\n{diff}")
    assert not found, f"{len(found)} payload(s) differ:\n" + "\n".join(found)
