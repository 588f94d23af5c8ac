"""Standard-library values a user's module holds, no case file held before (round 4, h167).

Failed before:

- a ``re.Scanner`` (a tokenizer kept as a global): its compiled pattern is made from a parsed
  tree, not a text, and its reduction, ``re._compile(None, flags)``, failed at every load. It is
  the call ``re.Scanner(lexicon, flags)`` now (a pattern made so, held alone, is refused at dumps:
  tests/unit/test_round4_values.py);
- ``vars(cls)`` / ``cls.__dict__`` (a class's namespace held as a table of its attributes):
  refused, naming a ``getset_descriptor`` inside a copy of it. It is ``vars(cls)`` again, the
  loaded class's live namespace;
- a configured ``logging.StreamHandler`` (a stream, a level, a formatter, filters, a name):
  refused for the lock it holds. It is the call with its stream, then its configuration;
- an ``ast`` tree compiled at each call: its reduction (the node class called with no
  arguments) raised ``DeprecationWarning`` on 3.13 (an error under ``-W error``, and from 3.15),
  and 3.13's own reduction (every field by position) failed on older Pythons ("FunctionDef
  constructor takes at most 6 positional arguments"); a node with an attribute of its user's
  failed on PyPy. Each node is its class called with its fields as keywords now, with what else
  it holds as its ``__dict__`` state.

Beside them, values that loaded and worked on every interpreter when written: a
``functools.partial`` of ``shlex.split``, a ``csv.Dialect`` subclass, an ``HTMLParser`` subclass,
a ``string.Template`` subclass, a ``string.Formatter``, a ``TextWrapper``, an
``inspect.Signature``, zone-aware times, a ``Fraction``, a UTF-8 incremental decoder partway, a
``BytesIO`` partway, pure paths, ``attrgetter``/``itemgetter``/``methodcaller``, a module made
at run time, ``LoggerAdapter``, ``NullHandler``, ``UserDict``/``UserList``, ``graphlib``, a
``unittest.mock`` sentinel, library enums, built-in
classmethods and bound built-in methods, ``datetime`` limits, ``Parameter.empty``, ``uuid``
namespaces, ``Flag`` negation, special ``Decimal`` values, ``Counter``
arithmetic and a ``fold=1`` zoned datetime.
"""

import ast
import codecs
import collections
import csv
import decimal
import enum
import fractions
import functools
import graphlib
import html.parser
import http
import inspect as _inspect
import io
import itertools
import logging
import operator
import pathlib
import re
import shlex
import signal
import socket
import string
import sys
import textwrap
import types
import unittest.mock
import uuid
import zoneinfo
from datetime import date, datetime, time, timedelta, timezone

TOKENS = re.Scanner(
    [
        (r"[0-9]+", lambda scanner, token: ("INT", int(token))),
        (r"[a-z_]+", lambda scanner, token: ("NAME", token)),
        (r"[+*/-]", lambda scanner, token: ("OP", token)),
        (r"\s+", None),
    ]
)


def tokenize(text):
    return TOKENS.scan(text)


LOG = logging.getLogger("round4.values")
ADAPTED = logging.LoggerAdapter(LOG, {"job": "etl"})


def adapted_name():
    return [ADAPTED.logger.name, ADAPTED.extra, ADAPTED.isEnabledFor(logging.CRITICAL)]


HANDLER = logging.NullHandler()
HANDLER.setLevel(logging.WARNING)


def handler_level():
    return [type(HANDLER).__name__, HANDLER.level, logging.getLevelName(HANDLER.level)]


class Settings(collections.UserDict):
    def __missing__(self, key):
        return f"<{key}>"


SETTINGS = Settings(host="db", port=5432)


def settings_lookup(key):
    return [SETTINGS[key], sorted(SETTINGS), type(SETTINGS).__name__]


HISTORY = collections.UserList([3, 1, 2])


def history_sorted():
    return [sorted(HISTORY), type(HISTORY).__name__, len(HISTORY)]


DEPS = {"build": {"compile"}, "compile": {"fetch"}, "test": {"build"}, "fetch": set()}


def build_order():
    return list(graphlib.TopologicalSorter(DEPS).static_order())


SORTER = graphlib.TopologicalSorter({"b": {"a"}, "c": {"b"}})


def sorter_order():
    return list(SORTER.static_order())


SPLIT = functools.partial(shlex.split, posix=True)


def split_command(text):
    return SPLIT(text)


class Pipes(csv.Dialect):
    delimiter = "|"
    quotechar = '"'
    lineterminator = "\n"
    quoting = csv.QUOTE_MINIMAL


def write_rows(rows):
    out = io.StringIO()
    writer = csv.writer(out, dialect=Pipes)
    writer.writerows(rows)
    return out.getvalue()


class LinkCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href")


def links(text):
    parser = LinkCollector()
    parser.feed(text)
    return parser.links


class Dollar(string.Template):
    delimiter = "%"
    idpattern = r"[a-z]+"


TEMPLATE = Dollar("%greeting, %name!")


def greet(name):
    return TEMPLATE.substitute(greeting="hi", name=name)


FORMATTER = string.Formatter()


def formatted(value):
    return FORMATTER.format("{0:>6}|{0!r}", value)


WRAPPER = textwrap.TextWrapper(width=12, initial_indent="* ", subsequent_indent="  ")


def wrap(text):
    return WRAPPER.wrap(text)


SIGNATURE = _inspect.Signature(
    [
        _inspect.Parameter("a", _inspect.Parameter.POSITIONAL_ONLY),
        _inspect.Parameter("b", _inspect.Parameter.KEYWORD_ONLY, default=2),
    ]
)


def bind(*args, **kwargs):
    bound = SIGNATURE.bind(*args, **kwargs)
    bound.apply_defaults()
    return [str(SIGNATURE), dict(bound.arguments)]


OPENING = time(9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
UTC_OPENING = datetime(2024, 6, 3, 9, 30, tzinfo=timezone(timedelta(hours=-4), "EDT"))


def opening_times():
    return [
        str(OPENING),
        OPENING.tzname() if OPENING.tzinfo else None,
        UTC_OPENING.tzname(),
        UTC_OPENING.isoformat(),
    ]


RATIO = fractions.Fraction(355, 113)


def approx(max_denominator):
    return [str(RATIO.limit_denominator(max_denominator)), float(RATIO) > 3.14]


DECODER = codecs.getincrementaldecoder("utf-8")()


def decode_parts(parts):
    return "".join(DECODER.decode(part) for part in parts)


BUFFER = io.BytesIO(b"header\nbody\n")
BUFFER.readline()


def rest_of_buffer():
    return [BUFFER.tell(), BUFFER.read()]


PATHS = [pathlib.PurePosixPath("/srv/app"), pathlib.PureWindowsPath(r"C:\data\x.csv")]


def path_parts():
    return [p.parts for p in PATHS] + [PATHS[1].suffix]


GETTERS = [
    operator.attrgetter("real", "imag"),
    operator.itemgetter(slice(1, None)),
    operator.methodcaller("split", ",", maxsplit=1),
]


def apply_getters():
    return [GETTERS[0](3 + 4j), GETTERS[1]("abc"), GETTERS[2]("a,b,c")]


MODULE = types.ModuleType("plugins", "A namespace of plugins made at run time.")
MODULE.VERSION = 3
MODULE.double = lambda x: x * 2


def use_module(x):
    return [MODULE.__name__, MODULE.VERSION, MODULE.double(x), MODULE.__doc__]


class Config:
    retries = 3

    def describe(self):
        return "config"


class LocalConfig(Config):
    def describe(self):
        return "local " + super().describe()


class Slotted:
    __slots__ = ("x",)


TABLES = [vars(Config), LocalConfig.__dict__, vars(Slotted)]


def class_tables():
    own = [sorted(k for k in table if not k.startswith("__")) for table in TABLES]
    return [own, TABLES[0]["retries"], TABLES[1]["describe"](LocalConfig()), type(TABLES[2]["x"]).__name__]


CONSOLE = logging.StreamHandler(sys.stderr)
CONSOLE.setFormatter(logging.Formatter("%(levelname)s:%(message)s"))
CONSOLE.setLevel(logging.WARNING)
CONSOLE.set_name("round4-console")
CONSOLE.addFilter(logging.Filter("app"))


def console_handler():
    return [
        CONSOLE.level,
        CONSOLE.formatter.format(logging.makeLogRecord({"levelname": "ERROR", "msg": "x"})),
        CONSOLE.stream is sys.stderr,
        CONSOLE.get_name(),
        [f.name for f in CONSOLE.filters],
    ]


CAPTURED = io.StringIO()
TO_BUFFER = logging.StreamHandler(CAPTURED)
TO_BUFFER.tag = "mine"


def buffer_handler():
    log = logging.getLogger("round4.buffer")
    log.addHandler(TO_BUFFER)
    log.propagate = False
    log.warning("hello %s", 1)
    log.removeHandler(TO_BUFFER)
    return [CAPTURED.getvalue(), TO_BUFFER.tag, TO_BUFFER.level]


DEFAULT_HANDLER = logging.StreamHandler()


def default_handler():
    return [DEFAULT_HANDLER.stream is sys.stderr, DEFAULT_HANDLER.level, DEFAULT_HANDLER.formatter]


TREE = ast.parse("x * 2 + 1", mode="eval")
RULES = ast.parse("def rule(a):\n    return a + 1\nresult = rule(y)")
RULES.body[0].reviewed_by = "ann"


def eval_tree(x):
    return eval(compile(TREE, "<tree>", "eval"), {"x": x})


def run_rules(y):
    namespace = {"y": y}
    exec(compile(RULES, "<rules>", "exec"), namespace)
    return [namespace["result"], RULES.body[0].reviewed_by, RULES.body[0].name]


def mock_sentinel(value=unittest.mock.sentinel.MISSING):
    return [value is unittest.mock.sentinel.MISSING, repr(value), unittest.mock.ANY == 5]


LIBRARY_ENUMS = [http.HTTPStatus.NOT_FOUND, signal.SIGTERM, socket.AF_INET, re.IGNORECASE | re.MULTILINE]


def library_enums():
    found, term, family, flags = LIBRARY_ENUMS
    return [int(found), found.phrase, term.name, family.name, int(flags)]


BUILT_IN_METHODS = [
    int.from_bytes,
    dict.fromkeys,
    itertools.chain.from_iterable,
    bytes.fromhex,
    date.fromordinal,
]
JOIN = ", ".join
BITS = (255).bit_length


def built_in_methods():
    from_bytes, fromkeys, chained, fromhex, fromordinal = BUILT_IN_METHODS
    made = [from_bytes(b"\x01\x00", "big"), fromkeys("ab", 0), list(chained([[1], [2]]))]
    return made + [fromhex("ff"), str(fromordinal(1)), JOIN(["a", "b"]), BITS()]


LIMITS = (datetime.min, date.max, timedelta.resolution)
EMPTY = _inspect.Parameter.empty


def limits_and_markers():
    return [str(v) for v in LIMITS] + [_inspect.signature(lambda a: 0).parameters["a"].default is EMPTY]


SITE = uuid.uuid5(uuid.NAMESPACE_DNS, "example.org")
DNS = uuid.NAMESPACE_DNS


def uuids():
    return [str(SITE), str(uuid.uuid5(DNS, "a"))]


class Perm(enum.Flag):
    R = 4
    W = 2
    X = 1


READ_WRITE = Perm.R | Perm.W
NOT_EXECUTE = ~Perm.X
SPECIAL = [decimal.Decimal("NaN"), decimal.Decimal("-0"), decimal.Decimal("1E+3"), decimal.Decimal("sNaN")]
LETTERS = collections.Counter("abracadabra") - collections.Counter("aaa")
FALL_BACK = datetime(2021, 11, 7, 1, 30, fold=1, tzinfo=zoneinfo.ZoneInfo("America/New_York"))


def flags_and_numbers():
    flags = [READ_WRITE.value, READ_WRITE in NOT_EXECUTE, Perm.X in NOT_EXECUTE]
    return flags + [[str(v) for v in SPECIAL], sorted(LETTERS.items()), FALL_BACK.utcoffset().total_seconds()]


CASES = {
    "re_scanner": (tokenize, ["f('x1 + 22*y')"]),
    "logger_adapter": (adapted_name, ["f()"]),
    "null_handler": (handler_level, ["f()"]),
    "user_dict": (settings_lookup, ["f('host')", "f('user')"]),
    "user_list": (history_sorted, ["f()"]),
    "graphlib_data": (build_order, ["f()"]),
    "graphlib_sorter": (sorter_order, ["f()"]),
    "partial_shlex": (split_command, ["f('ls -l \"my file\"')"]),
    "csv_dialect": (write_rows, ["f([['a', 'b|c'], [1, 2]])"]),
    "html_parser_subclass": (links, ["f('<a href=\"x\">x</a><p><a href=y>')"]),
    "template_subclass": (greet, ["f('ann')"]),
    "string_formatter": (formatted, ["f('ab')"]),
    "text_wrapper": (wrap, ["f('one two three four five six')"]),
    "inspect_signature": (bind, ["f(1)", "raises(f, a=1).split(':')[0]"]),
    "zoned_times": (opening_times, ["f()"]),
    "fraction_global": (approx, ["f(10)", "f(1000)"]),
    "incremental_decoder": (decode_parts, ["f([b'caf', b'\\xc3', b'\\xa9!'])"]),
    "bytes_io_position": (rest_of_buffer, ["f()"]),
    "pure_paths": (path_parts, ["f()"]),
    "operator_getters": (apply_getters, ["f()"]),
    "module_made_at_run_time": (use_module, ["f(4)"]),
    "class_namespaces": (class_tables, ["f()"]),
    "configured_stream_handler": (console_handler, ["f()"]),
    "stream_handler_to_a_buffer": (buffer_handler, ["f()"]),
    "default_stream_handler": (default_handler, ["f()"]),
    "ast_tree": (eval_tree, ["f(3)"]),
    "ast_module_with_an_attribute": (run_rules, ["f(3)"]),
    "mock_sentinel": (mock_sentinel, ["f()"]),
    "library_enums": (library_enums, ["f()"]),
    "built_in_methods": (built_in_methods, ["f()"]),
    "limits_and_markers": (limits_and_markers, ["f()"]),
    "uuids": (uuids, ["f()"]),
    "flags_and_numbers": (flags_and_numbers, ["f()"]),
}

DUMPERS_VARY = {
    "ast_module_with_an_attribute": "a FunctionDef has the field type_params from 3.12",
    "logger_adapter": "a LoggerAdapter has merge_extra from 3.13",
    "ast_tree": "PyPy's ast.Constant holds no kind attribute when it is None",
    "bytes_io_position": "PyPy's BytesIO reduces its __dict__ as {} where CPython gives None",
    "stream_handler_to_a_buffer": "PyPy's StringIO reduces its __dict__ as {} where CPython gives None",
}
REDUMP_VARIES = {
    "ast_module_with_an_attribute": "3.13's FunctionDef has type_params: re-dumped before 3.12, it is state",
    "bytes_io_position": "PyPy's BytesIO reduces its __dict__ as {} where CPython gives None",
    "stream_handler_to_a_buffer": "PyPy's StringIO reduces its __dict__ as {} where CPython gives None",
}
