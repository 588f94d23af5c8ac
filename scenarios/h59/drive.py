"""Scenario driver of h59: signatures and annotations through dumps -> loads in fresh processes.

A scenario script defines ``CASES = {name: (obj, [probe, ...])}`` and ends with::

    if __name__ == "__main__":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import drive
        drive.main(CASES)

``python SCRIPT OUTDIR`` dumps each case to OUTDIR/NAME.srcpickle and writes the probes' results on
the originals to OUTDIR/expected.json. ``python drive.py load OUTDIR`` (a fresh process, anywhere)
loads them and prints the probes' results as JSON. ``python drive.py matrix SCRIPT...`` dumps every
script on every interpreter, loads every payload on every interpreter and prints the differences
from the originals' results on the loading interpreter.

Every probe always gets ``sig`` (``str(inspect.signature(f))``, addresses removed) and ``hints``
(``typing.get_type_hints(f, include_extras=True)`` or the exception it raises).
"""

import inspect
import json
import os
import re
import subprocess
import sys
import tempfile
import typing

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PYENV = os.path.expanduser("~/.pyenv/versions")
PYTHONS = {
    "3.9": os.path.join(PYENV, "3.9.18/bin/python"),
    "3.10": os.path.join(PYENV, "3.10.13/bin/python"),
    "3.11": "/work/venv-h59/bin/python",
    "3.12": os.path.join(PYENV, "3.12.1/bin/python"),
    "3.13": "/work/venv-3.13.0/bin/python",
    "pypy": "/usr/bin/pypy3",
}
TYPECHECK_PYTHONS = {"/work/venv-h59/bin/python", "/work/venv-3.13.0/bin/python"}


def clean(text):
    return re.sub(r" at 0x[0-9a-fA-F]+", "", text)


def run_probe(expr, f, extra):
    import asyncio

    g = getattr(getattr(f, "__wrapped__", f), "__globals__", {})
    namespace = {"f": f, "g": g, "inspect": inspect, "typing": typing, "asyncio": asyncio, **extra}
    try:
        return clean(repr(eval(expr, namespace)))
    except Exception as exc:  # noqa: BLE001 - reported
        return "!" + type(exc).__name__ + ": " + clean(str(exc))[:200]


def probes_of(f, probes, extra):
    out = {}
    for expr in ["str(inspect.signature(f))", "typing.get_type_hints(f, include_extras=True)", *probes]:
        out[expr] = run_probe(expr, f, extra)
    return out


def main(cases):
    import srcpickle

    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    expected = {}
    for name, (obj, probes) in cases.items():
        try:
            data = srcpickle.dumps(obj)
        except Exception as exc:  # noqa: BLE001 - reported
            expected[name] = {"!dumps": type(exc).__name__ + ": " + str(exc)[:300]}
            continue
        with open(os.path.join(outdir, name + ".srcpickle"), "wb") as file:
            file.write(data)
        expected[name] = probes_of(obj, probes, {})
    with open(os.path.join(outdir, "expected.json"), "w") as file:
        json.dump(expected, file, indent=1)


def load(outdir, typecheck):
    import srcpickle

    with open(os.path.join(outdir, "expected.json")) as file:
        expected = json.load(file)
    results = {}
    for name, probes in expected.items():
        if "!dumps" in probes:
            continue
        with open(os.path.join(outdir, name + ".srcpickle"), "rb") as file:
            data = file.read()
        try:
            obj = srcpickle.loads(data, typecheck=typecheck)
        except Exception as exc:  # noqa: BLE001 - reported
            results[name] = {"!loads": type(exc).__name__ + ": " + str(exc)[:300]}
            continue
        extra = {"srcpickle": srcpickle}
        results[name] = {expr: run_probe(expr, obj, extra) for expr in probes}
    print(json.dumps(results))


def dump_on(python, script, outdir):
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run([python, script, outdir], env=env, capture_output=True, text=True)
    if proc.returncode:
        return proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "rc %d" % proc.returncode
    return None


# typeguard (pure Python) for interpreters without it: TYPEGUARD_PATH=a folder holding typeguard,
# typing_extensions (and importlib_metadata, zipp for 3.9) linked from an environment that has it.
TYPEGUARD_PATH = os.environ.get("TYPEGUARD_PATH", "")


def load_on(python, outdir, typecheck=False):
    extra = os.pathsep + TYPEGUARD_PATH if typecheck and TYPEGUARD_PATH else ""
    env = dict(os.environ, PYTHONPATH=ROOT + extra)
    cmd = [python, os.path.join(HERE, "drive.py"), "load", outdir] + (["typecheck"] if typecheck else [])
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tempfile.gettempdir())
    if proc.returncode:
        return {"!process": proc.stderr[-2000:]}
    return json.loads(proc.stdout)


def matrix(scripts, dumpers, loaders, typecheck):
    work = tempfile.mkdtemp(prefix="h59-")
    for script in scripts:
        base = os.path.splitext(os.path.basename(script))[0]
        originals = {}
        for tag in sorted(set(dumpers) | set(loaders)):
            outdir = os.path.join(work, base, tag)
            failure = dump_on(PYTHONS[tag], script, outdir)
            if failure:
                print(f"[{base}] dump on {tag}: {failure}")
                continue
            with open(os.path.join(outdir, "expected.json")) as file:
                originals[tag] = json.load(file)
            for name, probes in originals[tag].items():
                if "!dumps" in probes:
                    print(f"[{base}] {name}: dumps on {tag}: {probes['!dumps']}")
        for dumper in dumpers:
            if dumper not in originals:
                continue
            for loader in loaders:
                check = typecheck and (PYTHONS[loader] in TYPECHECK_PYTHONS or bool(TYPEGUARD_PATH))
                got = load_on(PYTHONS[loader], os.path.join(work, base, dumper), check)
                if loader not in originals:
                    # The script cannot run there: each payload should be refused before anything runs.
                    for name, result in got.items():
                        print(f"[{base}] {name} {dumper}->{loader} (no original): {result.get('!loads', 'LOADED')}")
                    continue
                if "!process" in got:
                    print(f"[{base}] {dumper}->{loader}: process failed: {got['!process']}")
                    continue
                for name, result in got.items():
                    want = originals[loader].get(name, {})
                    if "!loads" in result:
                        print(f"[{base}] {name} {dumper}->{loader}: loads: {result['!loads']}")
                        continue
                    for expr, value in result.items():
                        if want.get(expr) != value:
                            print(f"[{base}] {name} {dumper}->{loader}: {expr}\n    orig: {want.get(expr)}\n    load: {value}")
    print("work dir:", work)


if __name__ == "__main__":
    if sys.argv[1] == "load":
        load(sys.argv[2], len(sys.argv) > 3)
    elif sys.argv[1] == "matrix":
        args = sys.argv[2:]
        dumpers = os.environ.get("DUMPERS", "3.11").split(",")
        loaders = os.environ.get("LOADERS", "3.9,3.10,3.11,3.12,3.13,pypy").split(",")
        matrix(args, dumpers, loaders, bool(os.environ.get("TYPECHECK")))
