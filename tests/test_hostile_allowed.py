"""Hostile payloads for the allow-list (``tests/corpus/hostile_allowed/``, see its README).

Each payload takes one route out of ``allowed_imports`` and, if the route is followed, creates the
file ``SRCPICKLE_RAN`` in the current directory. For each:

- loaded with its ``allowed:`` list it must be refused before anything runs: the error its
  ``.expect`` names (``DisallowedImportError`` unless it says otherwise), with each ``route:``
  among the error's ``routes``, and no marker file;
- loaded without a list (the control), it must do what its ``control:`` says: create the marker
  while loading (``load``), when the loaded object is called (``call``), or after the ``then:``
  expressions run; or be refused even then (an error name), or ``none`` (no control, said why).
  The controls prove the payloads are live, so that the refusals mean something.

Refusals run here and, with the controls (which change the process that runs them), in a fresh
child of every interpreter of the machine: CPython 3.9 to 3.13 and PyPy, required in CI.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
from unit import interpreters, isolated, missing, result_of

import srcpickle
from srcpickle import errors
from srcpickle._pythons import Interpreter

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile_allowed"
MARKER = "SRCPICKLE_RAN"
CONTROLS = ("load", "call", "none")
REQUIRED = (("cpython", (3, 9)), ("cpython", (3, 10)), ("cpython", (3, 11)), ("cpython", (3, 12)),
            ("cpython", (3, 13)), ("pypy", None))  # fmt: skip


@dataclass(frozen=True)
class Case:
    name: str
    allowed: Tuple[str, ...]
    routes: Tuple[str, ...]
    error: str
    control: str
    then: Tuple[str, ...]
    # The control on PyPy, where it differs (its built-in functions have no __self__).
    control_pypy: str


def read_case(name: str) -> Case:
    fields: Dict[str, List[str]] = {}
    for line in (CORPUS / f"{name}.expect").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, sep, value = line.partition(":")
            assert sep, f"{name}.expect: expected 'key: value', got {line!r}"
            fields.setdefault(key.strip(), []).append(value.strip())
    unknown = set(fields) - {"allowed", "route", "error", "control", "control-pypy", "then"}
    assert not unknown, f"{name}.expect: unknown keys {sorted(unknown)}"
    error = fields.get("error", ["DisallowedImportError"])[0]
    control = fields["control"][0]
    assert error in errors.__all__, f"{name}: unknown error {error}"
    assert control in CONTROLS or control in errors.__all__, f"{name}: unknown control {control}"
    if error == "DisallowedImportError":
        assert fields.get("route"), f"{name}: a refusal names its route"
    allowed = tuple(a.strip() for a in fields.get("allowed", [""])[0].split(",") if a.strip())
    control_pypy = fields.get("control-pypy", [control])[0]
    then = tuple(fields.get("then", ()))
    return Case(name, allowed, tuple(fields.get("route", ())), error, control, then, control_pypy)


def cases() -> List[Case]:
    return [read_case(path.stem) for path in sorted(CORPUS.glob("*.srcpickle"))]


def test_cases_are_paired() -> None:
    payloads = {p.stem for p in CORPUS.glob("*.srcpickle")}
    assert payloads == {p.stem for p in CORPUS.glob("*.expect")}
    assert len(payloads) >= 40


def problems(
    case: Case, refused: Tuple[str, List[str], bool], control: Tuple[str, bool], implementation: str
) -> List[str]:
    """What is wrong with one case's results on an interpreter (see the module docstring)."""
    return refusal_problems(case, refused) + control_problems(case, control, implementation)


def refusal_problems(case: Case, refused: Tuple[str, List[str], bool]) -> List[str]:
    found = []
    error, routes, ran = refused
    if error != case.error:
        found.append(
            f"{case.name}: with allowed_imports={list(case.allowed)} it raised {error}, not {case.error}"
        )
    for route in case.routes:
        if not any(route in got for got in routes):
            found.append(f"{case.name}: no route {route!r} among {routes}")
    if ran:
        found.append(f"{case.name}: the marker exists after the refusal: something ran")
    return found


def control_problems(case: Case, control: Tuple[str, bool], implementation: str) -> List[str]:
    found = []
    control_error, control_ran = control
    expected = case.control_pypy if implementation == "pypy" else case.control
    if expected in ("load", "call"):
        if control_error or not control_ran:
            found.append(f"{case.name}: the control ({expected}) did not run: {control_error or 'no marker'}")
    elif expected != "none" and (control_error != expected or control_ran):
        found.append(f"{case.name}: the control raised {control_error or 'nothing'}, not {expected}")
    return found


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_refused_before_anything_runs(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = (CORPUS / f"{case.name}.srcpickle").read_bytes()
    if case.error != "PayloadFormatError":
        srcpickle.inspect(data)  # well formed: only loading finds the route
    with pytest.raises(srcpickle.SrcpickleError) as info:
        srcpickle.loads(data, allowed_imports=list(case.allowed))
    routes = list(getattr(info.value, "routes", ()))
    assert type(info.value).__name__ == case.error, str(info.value)
    assert refusal_problems(case, (case.error, routes, (tmp_path / MARKER).exists())) == []
    if case.error == "DisallowedImportError":
        assert "nothing" in str(info.value) and info.value.routes


# Runs on every interpreter (the syntax of Python 3.9, the standard library and srcpickle only):
# each case refused in an empty folder, then its control in another.
CHILD = """
import json, os, shutil, sys, tempfile
import srcpickle

corpus, specs = sys.argv[1], json.loads(sys.argv[2])
results = {}
scratch = tempfile.mkdtemp(prefix="srcpickle-hostile-")
for spec in specs:
    with open(os.path.join(corpus, spec["name"] + ".srcpickle"), "rb") as handle:
        data = handle.read()
    outcome = {}
    for mode in ("refused", "control"):
        folder = tempfile.mkdtemp(dir=scratch)
        os.chdir(folder)
        error, routes = "", []
        try:
            obj = srcpickle.loads(data, **({"allowed_imports": spec["allowed"]} if mode == "refused" else {}))
            if mode == "control":
                if spec["control"] == "call":
                    obj()
                for expression in spec["then"]:
                    eval(expression, {"obj": obj})
        except Exception as exc:
            error, routes = type(exc).__name__, list(getattr(exc, "routes", ()))
        ran = os.path.exists("SRCPICKLE_RAN")
        outcome[mode] = [error, routes, ran] if mode == "refused" else [error, ran]
    results[spec["name"]] = outcome
os.chdir(corpus)
shutil.rmtree(scratch, ignore_errors=True)
print("RESULT=" + repr(results))
"""


def run_corpus(interpreter: Interpreter) -> List[str]:
    """Run every case's refusal and control on ``interpreter``; the problems found."""
    pypy = interpreter.implementation == "pypy"
    specs = [
        {"name": c.name, "allowed": list(c.allowed), "control": c.control_pypy if pypy else c.control,
         "then": list(c.then)}
        for c in cases()
    ]  # fmt: skip
    proc = isolated().run(interpreter, CHILD, args=[str(CORPUS), json.dumps(specs)], timeout=300)
    results: Dict[str, Any] = result_of(proc)
    found = []
    for case in cases():
        outcome = results[case.name]
        refused = (outcome["refused"][0] or "nothing", outcome["refused"][1], outcome["refused"][2])
        control = (outcome["control"][0], outcome["control"][1])
        found.extend(problems(case, refused, control, interpreter.implementation))
    return found


def _interpreters() -> List[Any]:
    params = []
    found = [i for i in interpreters() if not i.is_current]
    for implementation, version in REQUIRED:
        match = [
            i
            for i in found
            if i.implementation == implementation and (version is None or i.version[:2] == version)
        ]
        label = f"{implementation}-{'.'.join(map(str, version))}" if version else implementation
        params.append(pytest.param(match[-1] if match else (implementation, version), id=label))
    return params


def test_controls_and_refusals_in_a_fresh_process() -> None:
    current = next((i for i in interpreters() if i.is_current), None)
    if current is None:
        current = Interpreter(sys.executable, sys.implementation.name, tuple(sys.version_info[:3]))  # type: ignore[arg-type]
    assert run_corpus(current) == []


# Fixed interpreters, whichever runs the suite: .ci/run runs it once (see conftest.py).
@pytest.mark.any_python(run="oldest")
@pytest.mark.parametrize("interpreter", _interpreters())
def test_controls_and_refusals_on_every_interpreter(interpreter: Any) -> None:
    if not isinstance(interpreter, Interpreter):
        implementation, version = interpreter
        if implementation == sys.implementation.name and version in (None, tuple(sys.version_info[:2])):
            pytest.skip("the running interpreter: see test_controls_and_refusals_in_a_fresh_process")
        missing(f"no {implementation} {version or ''} on this machine")
    assert run_corpus(interpreter) == []
