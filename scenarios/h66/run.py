"""Run the scenario case files of scenarios/h66/cases through the round-trip harness: each file is
dumped as a script on the chosen interpreters and loaded in fresh processes (that cannot import
it) on the chosen interpreters; every probe difference or error is printed.

    /work/venv-h66/bin/python scenarios/h66/run.py [--all] [--cross] [file-stem ...]

Default: dump and load on the running Python; --all: dump and load on each interpreter found
(3.9-3.13, PyPy); --cross: also load each dump on every other interpreter.
"""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

from tests.roundtrip import harness as h  # noqa: E402


def main(argv: list[str]) -> int:
    every = "--all" in argv or "--cross" in argv
    cross = "--cross" in argv
    stems = [a for a in argv if not a.startswith("--")]
    cases_dir = os.path.join(HERE, "cases")
    files = []
    for entry in sorted(os.listdir(cases_dir)):
        if not entry.endswith(".py") or (stems and entry[:-3] not in stems):
            continue
        path = os.path.join(cases_dir, entry)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        match = h._REQUIRES_RE.search(text)
        requires = (int(match.group(1)), int(match.group(2))) if match else (3, 9)
        files.append(h.CaseFile(path, requires, h._case_names(text)))
    interpreters = list(h.discover_interpreters()) if every else [h.current_interpreter()]
    harness = h.Harness()
    failures = 0
    try:
        for case in files:
            for dumper in interpreters:
                if not case.runs_on(dumper.version):
                    continue
                for loader in interpreters if cross else [dumper]:
                    try:
                        found = h.problems(harness.load(dumper, case, loader))
                    except h.ChildError as exc:
                        found = [f"{case.name} ({dumper.label} -> {loader.label}): CHILD ERROR {exc}"]
                    failures += len(found)
                    for line in found:
                        print(line)
                    print(
                        f"# {case.name}: {dumper.label} -> {loader.label}: {len(found)} problems", flush=True
                    )
    finally:
        harness.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
