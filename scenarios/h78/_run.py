"""Scenario driver for h78: run case files of this folder (the round-trip harness's format)
through dump + fresh-process load on the chosen interpreters and print every problem.

    cd /work/wt-h78 && /work/venv-h78/bin/python scenarios/h78/_run.py [-p 3.9,3.11,3.13,pypy] [names...]
"""

from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

from tests.roundtrip import harness as h  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-p", "--pythons", default="3.11")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    wanted = args.pythons.split(",")
    interps = [
        i
        for i in h.discover_interpreters()
        if (f"{i.version[0]}.{i.version[1]}" in wanted and i.implementation == "cpython")
        or ("pypy" in wanted and i.implementation == "pypy")
    ]
    seen = {}
    for i in interps:
        key = (i.implementation, i.version[:2])
        if key not in seen or i.is_current:
            seen[key] = i
    interps = list(seen.values())
    saved = h.CASES_DIR
    h.CASES_DIR = HERE
    try:
        files = [c for c in h.case_files() if (not args.names or c.name in args.names)]
    finally:
        h.CASES_DIR = saved
    harness = h.Harness()
    try:
        for case in files:
            for interp in interps:
                if not case.runs_on(interp.version):
                    continue
                try:
                    dump = harness.dump_uncached(interp, case)
                    load = harness.load_uncached(dump, interp)
                except h.ChildError as exc:
                    print(f"{case.name} on {interp.label}: CHILD ERROR {exc}"[:3000])
                    continue
                found = h.problems(load)
                status = "ok" if not found else f"{len(found)} problem(s)"
                print(f"== {case.name} on {interp.label}: {status}")
                for line in found:
                    print("   " + line)
    finally:
        harness.close()


if __name__ == "__main__":
    main()
