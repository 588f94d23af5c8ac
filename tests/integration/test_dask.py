"""Dask ``distributed`` with ``srcpickle.portable``: a ``LocalCluster`` of this Python, and a
cluster whose scheduler and workers run another Python minor version than the client.

Dask pickles tasks itself, switching to cloudpickle for anything that mentions ``__main__``;
cloudpickle sends functions as bytecode, which another Python version cannot run. A portable
function pickles as its srcpickle payload whichever pickler Dask picks: the scheduler passes it
on without loading it, the worker loads it once and runs it.

The second cluster runs from a virtual environment of another pyenv interpreter with the same
dask and distributed versions as this one (pinned, so both sides speak the same protocol),
made once per interpreter and versions in ``~/.cache/srcpickle-tests`` (``SRCPICKLE_TEST_CACHE``
moves it) and reused, also by runs of the suite on other Pythons at the same time (``.ci/run``):
the first one builds it under a lock, the others wait for it.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

from . import RESULT_MARK, missing, require, run_script, unit

pytestmark = pytest.mark.integration

# Starting a scheduler and a worker takes a few seconds; a loaded CI machine gets some margin.
CLUSTER_START_TIMEOUT = 120
# The packages whose versions the two sides must share; dask and distributed are required.
PINNED = ("dask", "distributed", "msgpack", "cloudpickle", "toolz", "tornado")

CLIENT_SCRIPT = f"""
import sys
import srcpickle
from dask.distributed import Client, LocalCluster

OFFSET = 7


def make_adder(n):
    def add(x):
        return x + n + OFFSET

    return add


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def norm1(self):
        return abs(self.x) + abs(self.y)


def where_am_i():
    import sys

    return list(sys.version_info[:2])


def loaded_here():
    # What srcpickle built in this process: on the scheduler, only this function itself.
    from srcpickle import _pickler

    return len(_pickler._LOADED)


def run(client):
    out = {{}}
    square = srcpickle.portable(lambda x: x * x)
    out["lambda"] = (client.submit(square, 7).result(), 49)
    adder = srcpickle.portable(make_adder(3))
    out["closure_map"] = (client.gather(client.map(adder, range(4))), [make_adder(3)(x) for x in range(4)])
    out["class_inside"] = (client.submit(srcpickle.portable(lambda: Point(3, -4).norm1())).result(), 7)
    chained = client.submit(square, client.submit(adder, 1))
    out["chained"] = (chained.result(), make_adder(3)(1) ** 2)
    by_source = srcpickle.portable(lambda f: f.function.__code__.co_filename.startswith("<srcpickle-"))
    out["by_source"] = (client.submit(by_source, square).result(), True)
    out["worker_python"] = client.submit(srcpickle.portable(where_am_i), pure=False).result()
    out["scheduler_loads"] = (client.run_on_scheduler(srcpickle.portable(loaded_here)), 1)
    out["client_python"] = list(sys.version_info[:2])
    return out


if __name__ == "__main__":
    if sys.argv[1] == "local":
        with LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster, Client(cluster) as client:
            out = run(client)
    else:
        with Client(scheduler_file=sys.argv[1], timeout={CLUSTER_START_TIMEOUT}) as client:
            client.wait_for_workers(1, timeout={CLUSTER_START_TIMEOUT})
            out = run(client)
    print({RESULT_MARK!r} + repr(out))
"""

CHECKS = ("by_source", "chained", "class_inside", "closure_map", "lambda", "scheduler_loads")


def _check(out: Dict[str, Any]) -> None:
    wrong = {name: out[name] for name in CHECKS if out[name][0] != out[name][1]}
    assert not wrong, wrong


def test_local_cluster_runs_portable_functions(tmp_path: Path) -> None:
    require("distributed")
    out = run_script(tmp_path, CLIENT_SCRIPT, "local")
    _check(out)
    assert out["worker_python"] == out["client_python"]


# ------------------------------------------------------------------ a cluster of another Python


def _minimum_python(requirement: Optional[str]) -> Tuple[int, int]:
    found = re.search(r">=\s*(\d+)\.(\d+)", requirement or "")
    return (int(found.group(1)), int(found.group(2))) if found else (3, 0)


def _other_python(interpreters: Tuple[Any, ...]) -> Any:
    """The oldest CPython of another minor version than this one that the installed
    distributed supports: one environment then serves every newer client with the same dask
    (CI runs the suite on several Pythons)."""
    needs = _minimum_python(metadata.metadata("distributed").get("Requires-Python"))
    others = [
        i
        for i in interpreters
        if i.implementation == "cpython" and i.version[:2] != sys.version_info[:2] and i.version[:2] >= needs
    ]
    if not others:
        missing(f"no CPython of another minor version than this one and >= {needs[0]}.{needs[1]} was found")
    return min(others, key=lambda i: i.version)


def _pins() -> List[str]:
    pins = []
    for name in PINNED:
        try:
            pins.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return pins


def _cache_root() -> Path:
    return Path(os.environ.get("SRCPICKLE_TEST_CACHE") or Path.home() / ".cache" / "srcpickle-tests")


def _dask_venv(interpreter: Any) -> Path:
    """A virtual environment of ``interpreter`` with this side's dask and distributed."""
    pins = _pins()
    key = "-".join([interpreter.implementation, ".".join(map(str, interpreter.version))] + pins)
    venv = _cache_root() / re.sub(r"[^\w.=-]", "_", f"dask-{key}")
    venv.parent.mkdir(parents=True, exist_ok=True)
    # Another run of the suite (.ci/run runs three side by side) may be building the same one.
    with open(venv.with_name(venv.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        return _build_dask_venv(interpreter, venv, pins)


def _build_dask_venv(interpreter: Any, venv: Path, pins: List[str]) -> Path:
    python = venv / "bin" / "python"
    if (venv / "srcpickle-ready").exists() and python.exists():
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([interpreter.path, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
    install = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    proc = subprocess.run(install + pins, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        # A helper package without a wheel of that version for that Python: pin the two that matter.
        required = [pin for pin in pins if pin.split("==")[0] in ("dask", "distributed")]
        proc = subprocess.run(install + required, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        missing(f"cannot install {' '.join(pins)} for {interpreter.label}: {proc.stderr[-2000:]}")
    (venv / "srcpickle-ready").write_text(" ".join(pins), encoding="utf-8")
    return venv


def _start(command: List[str], log: Path, env: Dict[str, str]) -> subprocess.Popen:  # type: ignore[type-arg]
    with open(log, "wb") as handle:
        return subprocess.Popen(
            command, stdout=handle, stderr=subprocess.STDOUT, env=env, start_new_session=True, cwd=log.parent
        )


def _stop(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    # Each was started in a session of its own: the group holds its nanny's worker processes.
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)


@pytest.fixture(scope="module")
def other_python_cluster(
    tmp_path_factory: pytest.TempPathFactory, interpreters: Tuple[Any, ...]
) -> Iterator[Path]:
    """A scheduler and one worker running another Python version; yields the scheduler file."""
    require("distributed")
    interpreter = _other_python(interpreters)
    python = _dask_venv(interpreter) / "bin" / "python"
    directory = tmp_path_factory.mktemp("other-python-cluster")
    scheduler_file = directory / "scheduler.json"
    # The scheduler and the worker see a copy of srcpickle and nothing of the client's code.
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(directory)),
        "PYTHONPATH": unit.isolated().directory,
    }
    scheduler = _start(
        [str(python), "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0"]
        + ["--no-dashboard", "--scheduler-file", str(scheduler_file)],
        directory / "scheduler.log",
        env,
    )
    worker = None
    try:
        deadline = time.monotonic() + CLUSTER_START_TIMEOUT
        while not scheduler_file.exists():
            if scheduler.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the scheduler did not start:\n{(directory / 'scheduler.log').read_text()}")
            time.sleep(0.2)
        worker = _start(
            [str(python), "-m", "distributed.cli.dask_worker", "--scheduler-file", str(scheduler_file)]
            + ["--nworkers", "1", "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
            directory / "worker.log",
            env,
        )
        yield scheduler_file
    finally:
        for process in (worker, scheduler):
            if process is not None:
                _stop(process)


def test_cluster_of_another_python_runs_functions_of_the_client(
    tmp_path: Path, other_python_cluster: Path
) -> None:
    out = run_script(tmp_path, CLIENT_SCRIPT, str(other_python_cluster))
    _check(out)
    assert out["client_python"] == list(sys.version_info[:2])
    assert out["worker_python"] != out["client_python"], out
