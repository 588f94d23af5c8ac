import json
import os

_rows = []
_t0 = None


def pytest_sessionstart(session):
    global _t0
    _t0 = os.times()


import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    a = os.times()
    yield
    b = os.times()
    _rows.append(
        (
            item.nodeid,
            b.user - a.user + b.system - a.system,
            b.children_user - a.children_user + b.children_system - a.children_system,
            b.elapsed - a.elapsed,
        )
    )


def pytest_sessionfinish(session):
    b = os.times()
    out = os.environ.get("CPUTIME_OUT", "/tmp/cputime.json")
    with open(out, "w") as f:
        json.dump(
            {
                "rows": _rows,
                "total": [
                    b.user - _t0.user + b.system - _t0.system,
                    b.children_user - _t0.children_user + b.children_system - _t0.children_system,
                    b.elapsed - _t0.elapsed,
                ],
            },
            f,
        )
