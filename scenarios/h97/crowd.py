"""The crowd row (benchmarks/run.py: first dumps with 300 distributions on sys.path, over a bare
environment) measured by what it asks of the kernel, inside the benchmark's window.

Usage: [CALLGRIND=1] [FILES=1] python crowd.py TREE [N]   (CPython 3.11.7, srcpickle from TREE).
Writes the two environments and the user's module under /tmp/h97/crowd once, then for each
environment: N fresh children (default 7) timing the first dumps as benchmarks/_child.py does
(CPU ms, user/sys, minor faults: medians), and one child under strace counting the window's system calls by
name; CALLGRIND=1 adds the window's instructions, FILES=1 lists the calls.
"""

import collections
import json
import os
import re
import statistics
import subprocess
import sys

PYTHON = "/root/.pyenv/versions/3.11.7/bin/python3.11"
TOP = "/tmp/h97/crowd"
CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1] + "/benchmarks")
from _libraries import make_dumper
from _workloads import DEP_WORKLOAD as wl, import_module
sys.path.insert(0, sys.argv[2])
module = import_module(Path(sys.argv[3]), wl.module)
obj = wl.get(module)
dumper = make_dumper("srcpickle", module, wl.separately)
os.write(2, b"@@W0\n")
r0 = resource.getrusage(resource.RUSAGE_SELF); c0 = time.process_time()
time.perf_counter()  # (callgrind --dump-before=time_perf_counter: part 2 is the dumps)
dumper(obj)
time.perf_counter()
c1 = time.process_time(); r1 = resource.getrusage(resource.RUSAGE_SELF)
os.write(2, b"@@W1\n")
print(json.dumps([(c1 - c0) * 1e3, (r1.ru_utime - r0.ru_utime) * 1e3, (r1.ru_stime - r0.ru_stime) * 1e3,
                  r1.ru_minflt - r0.ru_minflt]))
"""


def main() -> None:
    root = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    sys.path.insert(0, root + "/benchmarks")
    from pathlib import Path

    from _workloads import DEP_WORKLOAD, write_dist_env

    modules = Path(TOP, "modules")
    if not modules.exists():
        modules.mkdir(parents=True)
        (modules / f"{DEP_WORKLOAD.module}.py").write_text(DEP_WORKLOAD.source, encoding="utf-8")
        write_dist_env(Path(TOP, "env-bare"), 0)
        write_dist_env(Path(TOP, "env-crowded"), 300)
    env = dict(os.environ, PYTHONPATH=root, PYTHONHASHSEED="0")
    os.makedirs("/tmp/h97/cwd", exist_ok=True)
    for label in ("bare", "crowded"):
        argv = [PYTHON, "-c", CHILD, root, f"{TOP}/env-{label}", str(modules)]
        rows = [
            json.loads(
                subprocess.run(
                    argv, env=env, cwd="/tmp/h97/cwd", capture_output=True, text=True, check=True
                ).stdout
            )
            for _ in range(n)
        ]
        med = [statistics.median(col) for col in zip(*rows)]
        trace = subprocess.run(
            ["strace", "-f", "-qq", "-s", "120", *argv],
            env=env,
            cwd="/tmp/h97/cwd",
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        inside, calls, files = False, collections.Counter(), []
        for line in trace.splitlines():
            if "@@W0" in line:
                inside = True
            elif "@@W1" in line:
                break
            elif inside:
                m = re.match(r"(?:\[pid\s+\d+\]\s+)?(\w+)\((.*)", line)
                if m:
                    calls[m.group(1)] += 1
                    files.append(line[:150])
        print(
            f"{label}: cpu {med[0]:.3f} ms (user {med[1]:.3f}, sys {med[2]:.3f}), minflt {med[3]} "
            f"(median of {n}); syscalls {sum(calls.values())}: "
            + ", ".join(f"{k} {v}" for k, v in calls.most_common())
        )
        if os.environ.get("CALLGRIND"):
            out = f"/tmp/h97/crowd/cg-{label}"
            subprocess.run(["rm", "-f", *[f"{out}.{k}" for k in (1, 2, 3)]], check=True)
            subprocess.run(
                [
                    "valgrind",
                    "--tool=callgrind",
                    "--dump-before=time_perf_counter",
                    f"--callgrind-out-file={out}",
                    *argv,
                ],
                env=env,
                cwd="/tmp/h97/cwd",
                capture_output=True,
                check=True,
            )
            with open(f"{out}.2") as handle:
                total = [line for line in handle if line.startswith("summary:")][0].split()[1]
            print(f"    instructions in the window: {int(total):,}")
        if os.environ.get("FILES"):
            print("\n".join("    " + f for f in files))


main()
