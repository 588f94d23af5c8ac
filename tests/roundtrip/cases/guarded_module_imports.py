"""Imports a module guards against their failure at its top level (``try: import tomllib`` /
``except ImportError: tomllib = None``, the ``HAS_X = False`` flag, a fallback import, a fallback
global, ``pass``): the payload carries what the ``except`` clause binds (format 3 ``guard``
sections), so that a Python without the module (tomllib is new in 3.11: 3.9, 3.10 and PyPy 3.9
lack it) loads the code and runs its fallback instead of refusing the payload. Where the module
is found, the code uses it, as the module did. Results are the same either way.

A Python without tomllib dumps the fallback values themselves, with no guard to write
(``DUMPERS_VARY``). A loaded payload dumps its guards again, where tomllib is found and where the
load took the fallbacks: ``dumps(loads(p)) == p`` on every Python.
"""

import contextlib


def _split_pair(text):
    key, _, value = text.partition(" = ")
    return {key: int(value)}


try:
    import tomllib

    HAS_TOMLLIB = True
except ImportError:
    tomllib = None
    HAS_TOMLLIB = False

try:
    from tomllib import loads as toml_loads
except ImportError:
    toml_loads = _split_pair

try:
    from tomllib import TOMLDecodeError as ParseError
except ModuleNotFoundError:
    ParseError = ValueError

try:
    import tomllib as toml_module
except (ImportError, OSError):
    pass

try:
    import tomllib as toml_or_json
except ImportError:
    import json as toml_or_json

# Where tomllib is missing, the name keeps what it was bound to before (None), as Python does.
tomllib_or_none = None
with contextlib.suppress(ImportError):
    import tomllib as tomllib_or_none

HAS_TOML_FLAG = False
try:
    import tomllib as toml_flagged

    HAS_TOML_FLAG = True
except ImportError:
    pass


def parse_with_module(text):
    if tomllib is not None:
        return dict(tomllib.loads(text))
    return _split_pair(text)


def parse_with_flag(text):
    if HAS_TOMLLIB:
        return dict(tomllib.loads(text))
    return _split_pair(text)


def parse_with_fallback_function(text):
    return dict(toml_loads(text))


def parse_or_error(text):
    try:
        return dict(toml_loads(text))
    except (ParseError, ValueError):
        return "invalid"


def module_name_or_missing():
    try:
        return toml_module.__name__
    except NameError:
        return "missing"


def module_or_json():
    return toml_or_json.__name__ in ("tomllib", "json")


def parse_with_earlier_none(text):
    if tomllib_or_none is None:
        return _split_pair(text)
    return dict(tomllib_or_none.loads(text))


def parse_with_earlier_flag(text):
    if HAS_TOML_FLAG:
        return dict(toml_flagged.loads(text))
    return _split_pair(text)


def uses_all(text):
    return parse_with_module(text), parse_with_flag(text), module_or_json()


CASES = {
    "guarded_module": (parse_with_module, ["f('a = 1')", "f('size = 22')"]),
    "guard_flag": (parse_with_flag, ["f('a = 1')", "f.__globals__['HAS_TOMLLIB'] in (True, False)"]),
    "fallback_global_function": (parse_with_fallback_function, ["f('b = 2')"]),
    "fallback_builtin": (parse_or_error, ["f('c = 3')", "f('c = x')"]),
    "guard_that_passes": (module_name_or_missing, ["f() in ('tomllib', 'missing')"]),
    "fallback_import": (module_or_json, ["f()"]),
    "functions_sharing_guards": (uses_all, ["f('d = 4')"]),
    "suppress_earlier_none": (parse_with_earlier_none, ["f('e = 5')"]),
    "pass_earlier_flag": (parse_with_earlier_flag, ["f('g = 6')"]),
}

DUMPERS_VARY = {
    "guarded_module": "a Python without tomllib (3.9, 3.10, PyPy 3.9) dumps the fallback, no guard",
    "guard_flag": "a Python without tomllib (3.9, 3.10, PyPy 3.9) dumps the fallback, no guard",
    "fallback_global_function": "a Python without tomllib (3.9, 3.10, PyPy 3.9) dumps the fallback, no guard",
    "fallback_builtin": "a Python without tomllib (3.9, 3.10, PyPy 3.9) dumps the fallback, no guard",
    "guard_that_passes": "a Python without tomllib (3.9, 3.10, PyPy 3.9) dumps the fallback, no guard",
    "fallback_import": "a Python without tomllib (3.9, 3.10, PyPy 3.9) dumps the fallback, no guard",
    "functions_sharing_guards": "a Python without tomllib (3.9, 3.10, PyPy 3.9) dumps the fallback, no guard",
    "suppress_earlier_none": "a Python without tomllib (3.9, 3.10, PyPy 3.9) dumps the fallback, no guard",
    "pass_earlier_flag": "a Python without tomllib (3.9, 3.10, PyPy 3.9) dumps the fallback, no guard",
}
