"""Run the h113 scenario case files through the round-trip harness of tests/roundtrip.

Each file in cases/ is a case file in the harness's format (a user script ending with
``CASES = {...}``). It is dumped as a script on the running Python, loaded in a fresh process
that cannot import it on every interpreter found (3.9-3.13, PyPy), and every probe is compared.

    cd /work/wt-h113
    /work/venv-h113/bin/python scenarios/h113/run.py [--suite] [--redump] [--dumper=LABEL] [case ...]

LABEL is an interpreter's label as the harness prints it ("CPython 3.9.18", "PyPy 3.9.16"):
the cases are then dumped there instead of on the running Python. --suite runs case files of
tests/roundtrip/cases instead of scenarios/h113/cases. --redump checks dumps(loads(p)) == p on
every interpreter instead of the probes.
"""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, ROOT)

from tests.roundtrip import harness  # noqa: E402


def main(names: list) -> int:
    options = [name for name in names if name.startswith("--")]
    names = [name for name in names if not name.startswith("--")]
    if "--suite" not in options:
        harness.CASES_DIR = os.path.join(HERE, "cases")
    dumper = None
    for option in options:
        if option.startswith("--dumper="):
            dumper = option.split("=", 1)[1]
    files = [f for f in harness.case_files() if not names or f.name in names]
    run = harness.Harness()
    bad = 0
    try:
        current = harness.current_interpreter()
        if dumper:
            current = next(i for i in harness.discover_interpreters() if i.label == dumper)
        if "--redump" in options:
            return redump(run, current, files)
        for case in files:
            dump = run.dump(current, case)
            for interpreter in harness.discover_interpreters():
                found = harness.problems(run.load_uncached(dump, interpreter))
                status = "ok" if not found else f"{len(found)} problem(s)"
                print(f"{case.name} on {interpreter.label}: {status}")
                for line in found:
                    print("   ", line)
                bad += bool(found)
    finally:
        run.close()
    return 1 if bad else 0


def redump(run: harness.Harness, current: object, files: list) -> int:
    """dumps(loads(p)) == p on every interpreter, as tests/roundtrip/test_determinism.py asks."""
    dumps = [run.dump(current, case) for case in files]
    bad = 0
    for interpreter in harness.discover_interpreters():
        results = run.redump(interpreter, dumps)
        for dump in dumps:
            for case, data in dump.payloads().items():
                result = results.get(f"{dump.record['script']}::{case}")
                label = f"{dump.case_file.name}::{case} re-dumped on {interpreter.label}"
                if result is None or "error" in result:
                    print(label, "ERROR", result and result.get("error"))
                    bad += 1
                    continue
                strip = [line for line in data.decode().splitlines() if not line.startswith("written-by")]
                again = [line for line in result["text"].splitlines() if not line.startswith("written-by")]
                if strip != again:
                    bad += 1
                    print(label, "DIFFERS")
                    print(harness.text_diff("\n".join(strip) + "\n", "\n".join(again) + "\n", "p", "again"))
    print("redump problems:", bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
