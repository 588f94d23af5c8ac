"""Imports the loader must see in a function's code beyond plain import statements (h67): a call
that imports a module by a literal name (``__import__("json")``, ``importlib.import_module``) is
one of the body's imports, checked and recorded with its distribution; an import guarded against
its failure (``try``/``except ImportError``, ``suppress(ImportError)``) is optional, so a Python
or an environment without that module loads the function, which takes its fallback there
(``tomllib`` is new in 3.11: dumped on 3.11+, loaded on 3.9 and 3.10); so is an import in a
branch of an ``if`` that tests the Python version or the platform."""

import contextlib
import importlib
import os
import sys
from importlib import import_module


def dunder_import(text):
    return __import__("json").loads(text)


def dunder_import_submodule(text):
    root = __import__("xml.etree.ElementTree", fromlist=["fromstring"]).fromstring(text)
    return root.tag, __import__("xml.etree.ElementTree").__name__


def importlib_import(values):
    return importlib.import_module("statistics").median(values)


def imported_import_module(r, g, b):
    return [round(x, 4) for x in import_module("colorsys").rgb_to_hsv(r, g, b)]


as_lambda = lambda text: __import__("json").loads(text)["k"]  # noqa: E731 - a lambda is the case


def _fallback_toml(text):
    key, _, value = text.partition("=")
    return {key.strip(): int(value)}


def guarded_by_try(text):
    try:
        import tomllib
    except ImportError:
        return ("fallback", _fallback_toml(text))
    return ("fallback", tomllib.loads(text))


def guarded_by_tuple_and_alias(text):
    try:
        from tomllib import loads
    except (ModuleNotFoundError, ValueError):
        loads = _fallback_toml
    return loads(text)


def guarded_by_suppress(text):
    parse = _fallback_toml
    with contextlib.suppress(ImportError):
        parse = importlib.import_module("tomllib").loads
    return parse(text)


def guarded_dynamic(text):
    try:
        parse = __import__("tomllib").loads
    except Exception:
        parse = _fallback_toml
    return parse(text)


def not_guarded_by_value_error(text):
    try:
        import json
    except ValueError:
        return None
    return json.loads(text)


def version_conditional(text):
    if sys.version_info >= (3, 11):
        import tomllib

        return ("parsed", tomllib.loads(text))
    else:
        return ("parsed", _fallback_toml(text))


def version_conditional_expression(text):
    parse = __import__("tomllib").loads if sys.version_info >= (3, 11) else _fallback_toml
    return parse(text)


def platform_conditional(text):
    if os.name == "nt":
        import msvcrt as terminal
    elif sys.platform.startswith("linux"):
        import termios as terminal
    else:
        terminal = None
    return text.upper(), terminal is None or hasattr(terminal, "__name__")


def conditional_on_data_is_required(text, pretty=False):
    if pretty:
        import pprint

        return pprint.pformat(text)
    return repr(text)


CASES = {
    "dunder_import": (dunder_import, ["f('[1, 2]')", "f('null')"]),
    "dunder_import_submodule": (dunder_import_submodule, ["f('<a/>')"]),
    "importlib_import_module": (importlib_import, ["f([3, 1, 2])"]),
    "imported_import_module": (imported_import_module, ["f(0.2, 0.4, 0.4)"]),
    "lambda_dunder_import": (as_lambda, ["f('{\"k\": 5}')"]),
    "guarded_by_try": (guarded_by_try, ["f('a = 1')"]),
    "guarded_by_tuple_and_alias": (guarded_by_tuple_and_alias, ["f('b = 2')"]),
    "guarded_by_suppress": (guarded_by_suppress, ["f('c = 3')"]),
    "guarded_dynamic": (guarded_dynamic, ["f('d = 4')"]),
    "not_guarded_by_value_error": (not_guarded_by_value_error, ["f('[true]')"]),
    "version_conditional": (version_conditional, ["f('e = 5')"]),
    "version_conditional_expression": (version_conditional_expression, ["f('g = 6')"]),
    "platform_conditional": (platform_conditional, ["f('abc')"]),
    "conditional_on_data_is_required": (conditional_on_data_is_required, ["f('x')", "f('y', True)"]),
}
