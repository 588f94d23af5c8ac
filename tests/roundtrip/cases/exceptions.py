"""Exceptions of the user's own. pickle makes an exception again as ``cls(*self.args)``, which runs
the class's ``__init__`` with the message it built: ``AppError(404, "nope")`` has the args
``('404: nope',)``, and loading called ``AppError('404: nope')`` (TypeError, a payload that could
never load). An exception whose ``__init__`` is the user's own, on a built-in base that keeps only
``args``, is made by ``__new__`` and given its ``__dict__``, as the live exception holds them."""

import json
import warnings


class AppError(Exception):
    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class NotFound(AppError):
    def __init__(self, path):
        super().__init__(404, f"no {path}")
        self.path = path


class MissingKey(KeyError):
    def __init__(self, key, *, hint):
        super().__init__(key)
        self.hint = hint


class Quiet(Exception):
    def __init__(self, n):
        super().__init__()
        self.n = n


class Plain(Exception):
    """No __init__ of its own: made as pickle makes it."""


class SlowWarning(UserWarning):
    def __init__(self, seconds):
        super().__init__(f"took {seconds} s")
        self.seconds = seconds


def handle(path):
    try:
        raise NotFound(path)
    except AppError as exc:
        return [type(exc).__name__, exc.code, exc.path, str(exc), exc.args]


def caught_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn(SlowWarning(3))
    return [str(caught[0].message), caught[0].message.seconds, caught[0].category.__name__]


class Done(StopIteration):
    """A built-in base with a field of its own (value): made as pickle makes it."""


SHARED = AppError(500, "boom")


# PyPy orders an exception's __dict__ by the attribute layouts it met earlier in the process:
# after other exceptions set message before code, e.code = 1; e.message = 2 gives
# {'message': 2, 'code': 1}. The state is right; its order in a re-dump on PyPy may differ.
REDUMP_VARIES = {
    "custom_init_with_a_built_message": "PyPy may order the exception's __dict__ otherwise",
    "subclass_of_a_custom_init": "PyPy may order the exception's __dict__ otherwise",
    "one_exception_twice": "PyPy may order the exception's __dict__ otherwise",
}

CASES = {
    "custom_init_with_a_built_message": (
        AppError(404, "nope"),
        ["f.code", "f.message", "str(f)", "f.args", "type(f).__name__", "isinstance(f, Exception)"],
    ),
    "subclass_of_a_custom_init": (
        NotFound("/x"),
        ["(f.code, f.path, str(f), f.args)", "[c.__name__ for c in type(f).__mro__[:3]]"],
    ),
    "keyword_only_init_on_a_builtin_base": (
        MissingKey("k", hint="try k2"),
        ["(f.hint, f.args, str(f), isinstance(f, KeyError))"],
    ),
    "init_without_args": (Quiet(7), ["(f.n, f.args, str(f))"]),
    "default_init": (Plain("x", 2), ["(f.args, str(f), f.__doc__)"]),
    "warning_with_custom_init": (SlowWarning(2), ["(f.seconds, str(f), isinstance(f, UserWarning))"]),
    "one_exception_twice": ([SHARED, SHARED, AppError(1, "a")], ["f[0] is f[1]", "[e.code for e in f]"]),
    "builtin_base_with_a_field": (Done(5), ["(f.value, f.args)"]),
    "library_exception_with_its_own_reduce": (
        json.JSONDecodeError("bad", '{"a": ', 6),
        ["(f.msg, f.doc, f.pos, f.lineno, f.colno, str(f))"],
    ),
    "raised_and_caught_in_loaded_code": (handle, ["f('/y')"]),
    "warning_raised_in_loaded_code": (caught_warning, ["f()"]),
}
