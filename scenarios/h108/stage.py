"""The steps of a fresh process's first loads (as _rebuild.load_data takes them, no allow-list),
up to step STAGE: 0 nothing, 1 parse, 2 compile_all, 3 Prepared (plan), 4 build (run the plan).
Usage: python stage.py OUT WORKLOAD STAGE   (under valgrind; see stages.sh)"""
import pickle
import sys

import srcpickle
from srcpickle import _rebuild as r

data = pickle.loads(open(f"{sys.argv[1]}/{sys.argv[2]}.pickle", "rb").read())
stage = int(sys.argv[3])
# STUB=module:function:value replaces one function by a stub returning eval(value): its first-load
# cost is the difference (what a change removing it could save at most).
for stub in filter(None, __import__("os").environ.get("STUB", "").split(",")):
    mod, func, val = stub.split(":")
    setattr(__import__("importlib").import_module(mod), func, lambda *a, _v=eval(val), **k: _v)
for one in data if isinstance(data, list) else [data]:
    if stage < 1:
        break
    payload, deferred = r.parse_deferring_docs(one)
    r.check_python(payload)
    if stage < 2:
        continue
    payload, guards = r._decide_guards(payload)
    compiled = r.compile_all(payload)
    if deferred:
        r._docs_from_code(payload, compiled, deferred)
    if stage < 3:
        continue
    prepared = r.Prepared(payload, compiled, guards)
    if stage < 4:
        continue
    if prepared.modules:
        r.check_modules(prepared.modules, payload)
    if prepared.versions:
        r.check_versions(payload, False)
    if prepared.plan is not None:
        r._run_planned(prepared.plan, payload, compiled, prepared.names, prepared.guards)
    else:
        r._build_checked(payload, compiled, False, True, prepared.names, prepared.guards)
