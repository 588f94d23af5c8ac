"""The harness itself: loading several case files in one process (what the session's prefetched
loads do) gives what loading each in a process of its own gives, and a process that fails as a
whole is reported against the case file that made it fail, the others still loaded."""

from __future__ import annotations

import concurrent.futures
import json
import shutil
from pathlib import Path
from typing import Any, List

import pytest

from .harness import EXPECTED_FILE, CaseFile, ChildError, Dump, Load, case_file, current_interpreter, problems

# Small case files of different kinds (closures, lambdas, shared identity).
FILES = ("closures", "lambdas", "identity")

# Its outcome does not depend on the Python running the suite: .ci/run runs it once.
pytestmark = pytest.mark.any_python


def test_one_process_for_several_case_files_gives_what_one_process_each_gives(roundtrip_harness: Any) -> None:
    current = current_interpreter()
    dumps = [roundtrip_harness.dump(current, case_file(name)) for name in FILES]
    batched = roundtrip_harness.load_batch_uncached(dumps, current)
    assert [load.dump for load in batched] == dumps
    for dump, load in zip(dumps, batched):
        alone = roundtrip_harness.load_uncached(dump, current)
        assert sorted(load.results) == sorted(dump.record["cases"]), dump.case_file.name
        assert load.results == alone.results, dump.case_file.name
        assert problems(load) == [], dump.case_file.name


def test_a_process_that_fails_as_a_whole_is_reported_per_case_file(
    roundtrip_harness: Any, tmp_path: Path
) -> None:
    current = current_interpreter()
    good = roundtrip_harness.dump(current, case_file("closures"))
    source = roundtrip_harness.dump(current, case_file("lambdas"))
    # A dump whose script the loading process could import (json is in the standard library):
    # the harness's isolation check stops that process before it writes any result.
    directory = tmp_path / "importable"
    shutil.copytree(source.directory, directory)
    record = dict(source.record, script="json.py")
    (directory / EXPECTED_FILE).write_text(json.dumps(record), encoding="utf-8")
    bad = Dump(current, source.case_file, str(directory), record)

    dump_futures: List[concurrent.futures.Future[Dump]] = []
    for dump in (good, bad):
        dump_futures.append(concurrent.futures.Future())
        dump_futures[-1].set_result(dump)
    futures: List[concurrent.futures.Future[Load]] = [
        concurrent.futures.Future(),
        concurrent.futures.Future(),
    ]
    roundtrip_harness._load_batch_after(dump_futures, current, futures)

    assert problems(futures[0].result()) == []
    with pytest.raises(ChildError) as failed:
        futures[1].result()
    assert "loading lambdas" in str(failed.value)
    assert "can import the case file json" in str(failed.value)


# A case file that reports what running it as a script gave it, and imports a module it writes
# next to itself (as some case files do), whose value differs from one copy to the next.
ENVIRONMENT_SCRIPT = """\
import json, os, sys
with open(os.path.join(os.path.dirname(__file__), "env_helper.py"), "w") as handle:
    handle.write("VALUE = " + repr(os.path.basename(os.path.dirname(__file__))))
import env_helper
SEEN = {
    "argv": sys.argv[1:],
    "path0": sys.path[0],
    "cwd": os.getcwd(),
    "folder": os.path.dirname(__file__),
    "name": __name__,
    "main": sys.modules["__main__"].__dict__ is globals(),
    "loader": type(__loader__).__name__,
    "spec": __spec__,
    "cached": __cached__,
    "builtins": type(__builtins__).__name__,
    "annotations": "annotations" in globals(),
    "helper": env_helper.VALUE == os.path.basename(os.path.dirname(__file__)),
    "srcpickle": "srcpickle" in sys.modules,
}
with open(os.path.join(sys.argv[1], "seen.json"), "w") as handle:
    json.dump(SEEN, handle)
CASES = {}
"""


def _seen(dump: Dump) -> Any:
    seen = json.loads((Path(dump.directory) / "seen.json").read_text(encoding="utf-8"))
    # Each run has folders of its own: each must be the script's own.
    assert seen.pop("argv") == [dump.directory]
    assert seen["path0"] == seen["cwd"] == seen.pop("folder")
    del seen["path0"], seen["cwd"]
    return seen


def test_several_case_files_dumped_in_one_process_each_see_a_fresh_run(
    roundtrip_harness: Any, tmp_path: Path
) -> None:
    """``dump_batch_uncached`` runs each script as ``python script outdir`` does: its argv, path,
    working directory, ``__main__`` and the module it wrote next to itself, not another's. What
    the process holds from the scripts before it is what one process for all means: srcpickle
    imported (and its caches), which the tests using it check by comparing bytes."""
    current = current_interpreter()
    cases = []
    for name in ("first", "second"):
        script = tmp_path / f"{name}.py"
        script.write_text(ENVIRONMENT_SCRIPT, encoding="utf-8")
        cases.append(CaseFile(str(script), (3, 9), ()))
    alone = _seen(roundtrip_harness.dump_uncached(current, cases[1]))
    assert alone["main"] and alone["helper"] and not alone["srcpickle"], alone
    batched = roundtrip_harness.dump_batch_uncached(current, cases)
    assert _seen(batched["first"]) == alone
    assert _seen(batched["second"]) == dict(alone, srcpickle=True)
