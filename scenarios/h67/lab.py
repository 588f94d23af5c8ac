"""Scenario lab for h67: dumps in one fresh process, loads in another, with the distributions on
sys.path chosen per side. Run: python scenarios/h67/lab.py [NAME-SUBSTRING ...]

Each scenario writes small distributions of its own (a package folder and a
NAME-VERSION.dist-info with METADATA and top_level.txt or RECORD) into folders put on PYTHONPATH,
a user script that dumps a function, and loads the payload elsewhere: the outcome printed is what
loads raised (type, message) or warned, and what each probe call gave.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
import textwrap

# The srcpickle tree under test (H67_SRCPICKLE: another checkout, to record the outcomes before).
WT = os.environ.get("H67_SRCPICKLE") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)
PYENV = os.path.expanduser("~/.pyenv/versions")
PYTHONS = {
    "3.11": "/work/venv-h67/bin/python",
    "3.9": f"{PYENV}/3.9.18/bin/python",
    "3.12": f"{PYENV}/3.12.1/bin/python",
    "3.13": f"{PYENV}/3.13.0/bin/python",
    "pypy": "pypy3",
}


def dist(root, name, version, files, top_level=None, record=True):
    """A distribution NAME VERSION in folder ``root``: ``files`` (path -> text) and its metadata."""
    os.makedirs(root, exist_ok=True)
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as handle:
            handle.write(textwrap.dedent(text))
    info = os.path.join(root, f"{name.replace('-', '_')}-{version}.dist-info")
    os.makedirs(info, exist_ok=True)
    with open(os.path.join(info, "METADATA"), "w") as handle:
        handle.write(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n")
    if top_level is not None:
        with open(os.path.join(info, "top_level.txt"), "w") as handle:
            handle.write("\n".join(top_level) + "\n")
    if record:
        with open(os.path.join(info, "RECORD"), "w") as handle:
            for path in files:
                handle.write(f"{path},,\n")
            handle.write(f"{os.path.basename(info)}/METADATA,,\n")
    return root


DUMPER = r"""
import json, sys, traceback
sys.path[:0] = {extra!r}
OUT = {out!r}
try:
    import srcpickle
{body}
    data = srcpickle.dumps(f)
    with open(OUT, "wb") as handle:
        handle.write(data)
    print("DUMPED")
except Exception as exc:
    print("DUMP-ERROR", type(exc).__name__, exc)
"""

LOADER = r"""
import json, sys, warnings
sys.path[:0] = {extra!r}
import srcpickle
data = open({out!r}, "rb").read()
result = {{}}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        f = srcpickle.loads(data, **{options!r})
        result["load"] = "ok"
    except Exception as exc:
        result["load"] = type(exc).__name__ + ": " + str(exc)
        f = None
result["warnings"] = [type(w.message).__name__ + ": " + str(w.message) for w in caught]
calls = []
if f is not None:
    for probe in {probes!r}:
        try:
            calls.append(repr(eval(probe, {{"f": f}})))
        except Exception as exc:
            calls.append("RAISED " + type(exc).__name__ + ": " + str(exc))
result["calls"] = calls
print("RESULT", json.dumps(result))
"""


def run(python, script, env_extra=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = WT
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(env_extra or {})
    proc = subprocess.run(
        [python, "-c", script], capture_output=True, text=True, env=env, cwd=tempfile.gettempdir()
    )
    return proc.stdout + proc.stderr


def scenario(
    name, body, dump_path, load_path, probes, dump_py="3.11", load_pys=("3.11",), options=None, setup=None
):
    """Dump ``body`` (defines ``f``) with folders ``dump_path`` first on sys.path, load with
    ``load_path``; print the outcome per loading interpreter."""
    out = os.path.join(TMP, name + ".srcpickle")
    dumped = run(
        PYTHONS[dump_py],
        DUMPER.format(extra=dump_path, out=out, body=textwrap.indent(textwrap.dedent(body), "    ")),
    )
    print(f"=== {name} (dumped on {dump_py})")
    if "DUMPED" not in dumped:
        print("   ", dumped.strip()[-1500:])
        return
    if setup:
        setup()
    for py in load_pys:
        text = run(PYTHONS[py], LOADER.format(extra=load_path, out=out, probes=probes, options=options or {}))
        line = [row for row in text.splitlines() if row.startswith("RESULT")]
        if not line:
            print(f"  [{py}] CRASH", text.strip()[-1500:])
            continue
        res = json.loads(line[0][7:])
        print(f"  [{py}] load: {res['load']}")
        for w in res["warnings"]:
            print(f"  [{py}] warn: {w}")
        for c in res["calls"]:
            print(f"  [{py}] call: {c}")


TMP = tempfile.mkdtemp(prefix="h67-")
atexit.register(shutil.rmtree, TMP, True)
