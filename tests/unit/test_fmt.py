"""The text format (``srcpickle._fmt``): the value grammar, whole payloads, and parse errors.

Specified by ``docs/FORMAT.md``. Three properties are checked here:

* every value the model can hold is written as one line of text that parses back to an equal
  value of the same type (nan, -0.0, huge integers, lone surrogates and control characters
  included), and writing the parsed value gives the same text again;
* a whole payload survives write -> parse -> write byte for byte;
* every malformed input raises ``PayloadFormatError`` carrying the line and column of the fault,
  never another exception.
"""

from __future__ import annotations

import enum
import math
import re
import struct
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import srcpickle
from srcpickle._fmt import packed as fmt_packed
from srcpickle._fmt.packed import pack_ints, packed_int32_run, packed_ints_text
from srcpickle._fmt.read import parse, parse_value, unpack_ints
from srcpickle._fmt.write import (
    INT_RUN_MIN,
    format_value,
    format_value_in,
    write,
)
from srcpickle._model import (
    FORMAT_NAME,
    FORMAT_VERSION,
    INT_PACK_MIN,
    BytearrayValue,
    CellNode,
    ClassNode,
    DictValue,
    Distribution,
    FrozenSetValue,
    FunctionNode,
    GuardNode,
    ImportNode,
    ListValue,
    NamespaceNode,
    Payload,
    ReduceNode,
    Ref,
    RefNode,
    SetValue,
    TupleValue,
    ValueNode,
    format_needed,
    packs_ints,
    replace,
)
from srcpickle.errors import FormatVersionError, LoadError, PayloadFormatError

GOLDEN = Path(__file__).resolve().parents[1] / "corpus" / "golden" / f"v{FORMAT_VERSION}"
# Every golden payload of every format version: parsing and writing each gives its bytes back.
GOLDEN_FILES = sorted(GOLDEN.parent.glob("v*/*.srcpickle"))


def same(a: Any, b: Any) -> bool:
    """Equal and of the same type all the way down; nan equals nan; -0.0 differs from 0.0."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, complex):
        return same(a.real, b.real) and same(a.imag, b.imag)
    if isinstance(a, (TupleValue, ListValue, SetValue, FrozenSetValue)):
        return len(a.items) == len(b.items) and all(same(x, y) for x, y in zip(a.items, b.items))
    if isinstance(a, DictValue):
        return len(a.items) == len(b.items) and all(
            same(k1, k2) and same(v1, v2) for (k1, v1), (k2, v2) in zip(a.items, b.items)
        )
    return bool(a == b)


# ----------------------------------------------------------------------------- value grammar

T = TupleValue
L = ListValue
D = DictValue
S = SetValue
F = FrozenSetValue

VALUES: List[Tuple[str, Any]] = [
    ("none", None),
    ("true", True),
    ("false", False),
    ("zero", 0),
    ("negative int", -17),
    ("int64 edge", 2**63),
    ("widest decimal int", 2**4000 - 1),  # 4000 bits: still decimal
    ("narrowest hex int", 2**4000),  # 4001 bits: hexadecimal
    ("huge int", 7**20000),
    ("huge negative int", -(7**20000)),
    ("float", 0.1),
    ("float integral", 3.0),
    ("negative zero", -0.0),
    ("positive zero", 0.0),
    ("nan", math.nan),
    ("inf", math.inf),
    ("-inf", -math.inf),
    ("float max", sys.float_info.max),
    ("float min subnormal", 5e-324),
    ("float exponent", 1e16),
    ("float negative exponent", -1.5e-7),
    ("complex", complex(1, 2)),
    ("complex signed zeros", complex(-0.0, -0.0)),
    ("complex nan inf", complex(math.nan, -math.inf)),
    ("empty text", ""),
    ("text", "hello"),
    ("text with quotes", 'it\'s "quoted"'),
    ("text with backslashes", "a\\b\\\\c\\n"),
    ("non-ASCII text", "h\u00e9llo \u20ac \U0001d11e \u4e2d\u6587 \u05e2\u05d1\u05e8\u05d9\u05ea"),
    ("control characters", "".join(chr(c) for c in range(32)) + "\x7f"),
    ("line separators", "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
    ("byte order mark", "\ufeffx"),
    ("lone high surrogate", "\ud800"),
    ("lone low surrogate", "a\udfffb"),
    ("swapped surrogate pair", "\udc00\ud800"),
    ("noncharacters", "\ufffe\uffff\U0010ffff"),
    ("text like syntax", "[end] @ref {1: 2} ('x',) base64('')"),
    ("empty bytes", b""),
    ("bytes", b"\x00\x7f\x80\xff'\"\\\n"),
    ("bytes at the base64 threshold", bytes(range(64))),
    ("bytes over the base64 threshold", bytes(range(65))),
    ("long bytes", bytes(range(256)) * 3),
    ("ref", Ref("f")),
    ("ref with punctuation", Ref("outer.<locals>.inner-2")),
    ("ref to a cell", Ref("cell.make.x")),
    ("empty tuple", T(())),
    ("one-item tuple", T((1,))),
    ("tuple", T((1, "two", 3.0))),
    ("empty list", L(())),
    ("list", L((1, None, True))),
    ("empty dict", D(())),
    ("dict", D((("a", 1), (2, "b"), (T((3, 4)), L(()))))),
    ("dict keeps item order", D((("z", 1), ("a", 2)))),
    ("empty set", S(())),
    ("one-item set", S((1,))),
    ("set", S(("'x'", 1, 2))),
    ("empty frozenset", F(())),
    ("frozenset", F(("a", "b"))),
    ("frozenset of frozensets", F((F(()), F((1,))))),
    ("empty bytearray", BytearrayValue(b"")),
    ("bytearray", BytearrayValue(b"mutable\x00")),
    ("long bytearray", BytearrayValue(bytes(range(200)))),
    ("refs inside containers", D(((Ref("k"), L((Ref("a"), T((Ref("b"),))))),))),
    (
        "nested",
        D(
            (
                ("k", L((T((D(((1, F((2,))),)),)), D(((b"x", BytearrayValue(b"y")),))))),
                (T(()), S((T((1, -0.0)), math.inf))),
                (None, T((T((T((T(()),)),)),))),
            )
        ),
    ),
]


@pytest.mark.parametrize("value", [v for _, v in VALUES], ids=[name for name, _ in VALUES])
def test_value_round_trip(value: Any) -> None:
    text = format_value(value)
    assert "\n" not in text and "\r" not in text, "a value must stay on one line"
    text.encode("utf-8")  # strict: no lone surrogate may reach the bytes
    parsed = parse_value(text)
    assert same(parsed, value), (text, parsed)
    assert format_value(parsed) == text


@pytest.mark.parametrize("value", [v for _, v in VALUES], ids=[name for name, _ in VALUES])
def test_value_round_trip_inside_a_payload(value: Any) -> None:
    """The same values as a namespace global, through the whole writer and parser."""
    payload = Payload(
        root=Ref("m"),
        nodes={
            "m": NamespaceNode("m", (("g", value),)),
            "a": CellNode(1),
            "b": CellNode(2),
            "f": CellNode(3),
            "k": CellNode(4),
            "outer.<locals>.inner-2": CellNode(5),
            "cell.make.x": CellNode(6),
        },
    )
    text = write(payload)
    parsed = parse(text.encode("utf-8"))
    node = parsed.nodes["m"]
    assert isinstance(node, NamespaceNode)
    assert same(node.globals[0][1], value)
    assert write(parsed) == text


@pytest.mark.parametrize(
    "value, text",
    [
        (None, "None"),
        (True, "True"),
        (-0.0, "-0.0"),
        (math.nan, "nan"),
        (-math.inf, "-inf"),
        (1e16, "1e+16"),
        (2**4000 - 1, str(2**4000 - 1)),
        (2**4000, hex(2**4000)),
        (-(2**4000), "-" + hex(2**4000)),
        (complex(1, 2), "complex(1.0, 2.0)"),
        ("\ud800", "'\\ud800'"),
        ("\u2028", "'\\u2028'"),
        ("\u00e9\U0001d11e", "'\u00e9\U0001d11e'"),  # printable non-ASCII stays readable
        (b"ab", "b'ab'"),
        (bytes(64), repr(bytes(64))),
        (bytes(65), "base64('" + "A" * 87 + "=')"),
        (BytearrayValue(b"ab"), "bytearray(b'ab')"),
        (T((1,)), "(1,)"),
        (T(()), "()"),
        (S(()), "set()"),
        (F(()), "frozenset()"),
        (F((1, 2)), "frozenset({1, 2})"),
        (D(()), "{}"),
        (S((1,)), "{1}"),
        (Ref("x.y"), "@x.y"),
    ],
    ids=repr,
)
def test_canonical_text(value: Any, text: str) -> None:
    assert format_value(value) == text


# Lists and tuples of plain items are written by C loops (one format of the whole tuple for
# ints, the list's repr for other reprs): the text must be each item's own text, joined.
_WIDE = 2**4000


@pytest.mark.parametrize(
    "items",
    [
        (1,),
        (0, -1, 7, 10**18, -(10**30)),
        (_WIDE - 1, -(_WIDE - 1)),  # the widest ints still written in decimal
        (1, _WIDE),  # one too wide: hex for it, decimal for the rest
        (-_WIDE, 3),
        (True, False, 1),  # bools are no ints here: True, not 1
        (1.5, -0.0, math.inf, -math.inf, math.nan, 1e300, 5e-324, 1e16),
        (1, 2.0, "x", None, True, ""),
        (1, 2.0, b"ab", complex(1, 2)),  # items without a plain repr: one by one
        (1, Ref("a"), 2),
        tuple(range(-500, 500, 7)),
    ],
    ids=repr,
)
def test_plain_items_text(items: Tuple[Any, ...]) -> None:
    for version in (2, 3):
        each = _items_text(items, version)
        assert format_value_in(L(items), version) == f"[{each}]"
        if len(items) > 1:
            assert format_value_in(T(items), version) == f"({each}{',' if each.startswith('*') else ''})"
        assert same(parse_value(format_value_in(L(items), version)), L(items))


def _items_text(items: Tuple[Any, ...], version: int) -> str:
    # The text of a list's items: from format 3 one packed run when they are one, else each
    # item's own text, joined.
    if version >= 3 and packs_ints(items):
        return packed_ints_text(items)  # type: ignore[return-value]
    return ", ".join(format_value(item) for item in items)


# Long runs of ints (at least _PACKED_MIN_INTS) are checked for width by packing them as 64-bit
# ints, and written by one bytes format: the ints at its bounds and past them (first, last, alone
# in the middle) must be written as every item alone is.
_LONG = tuple(range(-300, 300))
LONG_RUNS = {
    "small": _LONG,
    "int64 bounds": _LONG + (2**63 - 1, -(2**63)),
    "past int64": _LONG + (2**63,),
    "past int64, negative": (-(2**63) - 1,) + _LONG,
    "widest decimal": _LONG + (_WIDE - 1, -(_WIDE - 1)),
    "one too wide": _LONG + (_WIDE,),
    "one too wide, negative": (-_WIDE,) + _LONG,
    "past int64 in the middle": _LONG[:300] + (2**64,) + _LONG[300:],
    "exactly the packing threshold": tuple(range(256)),
    "one below the packing threshold": tuple(range(-255, 0)),
    "int64 bounds alone": (2**63 - 1, -(2**63)) * 128,
    "bools among them": _LONG + (True, False),
    "a bool first": (True,) + _LONG,
    "a float among them": _LONG + (1.0,),
}


@pytest.mark.parametrize("items", list(LONG_RUNS.values()), ids=list(LONG_RUNS))
def test_long_int_runs_text(items: Tuple[Any, ...]) -> None:
    for version in (2, 3):
        each = _items_text(items, version)
        assert format_value_in(L(items), version) == f"[{each}]"
        assert format_value_in(T(items), version) == f"({each}{',' if each.startswith('*') else ''})"
        assert same(parse_value(format_value_in(L(items), version)), L(items))
        assert same(parse_value(format_value_in(T(items), version)), T(items))
    assert format_value(L(items)) == format_value_in(L(items), 2)  # (decimal outside a payload)


@pytest.mark.parametrize(
    "text, value",
    [
        ("[ 1 ,2 ]", L((1, 2))),
        ("[1, 2,]", L((1, 2))),
        ("{'a' :1,}", D((("a", 1),))),
        ("(1, 2,)", T((1, 2))),
        ('"double"', "double"),
        ("'\\N{EURO SIGN}'", "\u20ac"),
        ("'\\x41\\101\\u0041'", "AAA"),
        ("0X1f", 31),
        ("1.", 1.0),
        (".5", 0.5),
        ("1E3", 1000.0),
        ("1e400", math.inf),
        ("base64('YQ==')", b"a"),
        ("bytearray(base64('YQ=='))", BytearrayValue(b"a")),
        ("set({1})", S((1,))),
        ("frozenset({})", None),  # placeholder replaced below: {} is a dict, not a set
        ("complex(1, 2)", complex(1, 2)),
        ("\t1", 1),
    ],
)
def test_lenient_but_unambiguous_forms(text: str, value: Any) -> None:
    """Forms a writer never produces but that mean one thing only; a reader accepts them."""
    if text == "frozenset({})":
        with pytest.raises(PayloadFormatError):
            parse_value(text)
        return
    assert same(parse_value(text), value)


def _as_python(value: Any) -> Any:
    # A parsed value as the Python literal it spells (tuples, lists, dicts and sets of scalars).
    if isinstance(value, TupleValue):
        return tuple(_as_python(item) for item in value.items)
    if isinstance(value, ListValue):
        return [_as_python(item) for item in value.items]
    if isinstance(value, DictValue):
        return {_as_python(k): _as_python(v) for k, v in value.items}
    if isinstance(value, SetValue):
        return {_as_python(item) for item in value.items}
    return value


def _random_literal(rng: Any, depth: int) -> str:
    space = lambda: rng.choice(["", "", " ", "  ", "\t", " \t"])  # noqa: E731
    if depth > 5 or rng.random() < 0.4:
        return rng.choice(["0", "-12", "3.5", "1e-07", "'a'", '"b c"', "''", "True", "None", "b'x'", "0x1F"])
    items = [_random_literal(rng, depth + 1) for _ in range(rng.randint(1, 4))]
    trailing = rng.choice(["", ","]) + space()
    kind = rng.choice("([{d")
    if kind == "(":
        joined = ("," + space()).join(items)
        return "(" + space() + joined + space() + ("," if len(items) == 1 else trailing.lstrip(" \t")) + ")"
    if kind == "[":
        return "[" + space() + (space() + "," + space()).join(items) + trailing + "]"
    keys = [rng.choice(["1", "'k'", "(1, 'x')", "None", "-2.5", "2", "'j'"]) for _ in items]
    if kind == "{":
        return "{" + space() + (", " + space()).join(keys) + trailing + "}"
    pairs = [k + space() + ":" + space() + v for k, v in zip(keys, items)]
    return "{" + space() + ("," + space()).join(pairs) + trailing + "}"


def test_nested_literals_read_as_python_reads_them() -> None:
    """Random nested tuples, lists, dicts and sets with spaces and tabs between their tokens and
    trailing commas: each value as ast.literal_eval reads the same text (the parser reads
    containers and their items with one call per value, h55)."""
    import ast
    import random

    rng = random.Random(5)
    for _ in range(1500):
        text = _random_literal(rng, 0)
        expected = ast.literal_eval(text)
        assert _as_python(parse_value(text)) == expected, text
        # As a namespace entry's value, after its name and "=".
        line = f"global x ={text}"
        parsed = parse(
            "srcpickle-payload 1\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @m\n\n"
            f"[namespace m]\nmodule: 'm'\n{line}\n\n[end]\n"
        )
        node = parsed.nodes["m"]
        assert isinstance(node, NamespaceNode)
        assert _as_python(dict(node.globals)["x"]) == expected, text


@pytest.mark.parametrize(
    "text, column",
    [
        ("(1)", 1),
        ("( 1 )", 1),
        ("[1, (2\t)]", 5),
        ("{1: ('a' )}", 5),
        ("frozenset({(1)})", 12),
    ],
)
def test_one_item_in_parentheses_is_refused_at_its_parenthesis(text: str, column: int) -> None:
    with pytest.raises(PayloadFormatError, match="one-item tuple") as info:
        parse_value(text, line=2)
    assert (info.value.line, info.value.column) == (2, column)


@pytest.mark.parametrize("text, value", [("(1 ,)", (1,)), ("(1\t,\t)", (1,)), ("( 'a',)", ("a",))])
def test_one_item_tuple_with_spaces_around_its_comma(text: str, value: Any) -> None:
    assert _as_python(parse_value(text)) == value


@pytest.mark.parametrize(
    "open_, close", [("[", "]"), ("(", ",)"), ("{1: ", "}"), ("frozenset({", "})"), ("[(", ",)]")]
)
def test_nesting_is_refused_past_its_limit_at_the_first_value_too_deep(open_: str, close: str) -> None:
    """MAX_NESTING containers may hold a scalar; one more level is refused, at the first
    character of the value at nesting level MAX_NESTING + 1 (counted by the containers alone)."""
    from srcpickle._fmt import MAX_NESTING

    def nested(levels: int) -> str:
        # ``levels`` values deep: containers around one string (no shortcut for runs of integers
        # reads it). "frozenset({" and "[(" open two levels each; a one-item tuple makes up an
        # odd count.
        per = 2 if open_ in ("frozenset({", "[(") else 1
        count = levels - 1
        inner = "'a'" if count % per == 0 else "('a',)"
        return open_ * (count // per) + inner + close * (count // per)

    parse_value(nested(MAX_NESTING))
    with pytest.raises(PayloadFormatError, match="nested more than") as info:
        parse_value(nested(MAX_NESTING + 1), line=4)
    text = nested(MAX_NESTING + 1)
    assert info.value.line == 4
    # At the first character of a value (a dict's key is a value of its level).
    assert text[info.value.column - 1] in "'{[(f1"


# ------------------------------------------------------------------------------ value errors

VALUE_ERRORS = [
    # (text, column of the fault)
    ("", 1),
    ("'abc", 1),  # unterminated: the column of the opening quote
    ('"abc\\"', 1),
    ("b'abc", 1),
    ("'abc\\", 1),
    ("[1, 2", 6),
    ("[1 2]", 4),
    ("(1 2)", 4),
    ("{1: }", 5),
    ("{1: 2, 3}", 9),
    ("{1, 3: 4}", 6),
    ("[1,,]", 4),
    ("1 2", 3),
    ("frobnicate", 1),
    ("os.system('x')", 1),
    ("__import__('os')", 1),
    ("u'x'", 1),
    ("r'x'", 1),
    ("f'{x}'", 1),
    ("'''x'''", 3),
    ("'a' 'b'", 5),
    ("@", 2),
    ("@ x", 2),
    ("-", 1),
    ("--1", 1),
    ("- 1", 1),
    ("0x", 2),
    ("1_000", 2),
    ("1j", 2),
    ("b'\u00e9'", 1),
    ("'\\N{NO SUCH NAME}'", 1),
    ("complex(1)", 1),
    ("complex('1', 2)", 1),
    ("base64('!!')", 1),
    ("base64('YQ=')", 1),
    ("base64(b'YQ==')", 1),
    ("bytearray('x')", 1),
    ("bytearray()", 1),
    ("set([1])", 1),
    ("frozenset(1, 2)", 1),
    ("set(", 5),
    ("True()", 5),
    ("None None", 6),
]


@pytest.mark.parametrize("text, column", VALUE_ERRORS, ids=[t or "<empty>" for t, _ in VALUE_ERRORS])
def test_value_errors_carry_line_and_column(text: str, column: int) -> None:
    with pytest.raises(PayloadFormatError) as info:
        parse_value(text, line=7)
    assert info.value.line == 7
    assert info.value.column == column, str(info.value)


def test_value_error_column_counts_from_the_start_of_the_line() -> None:
    line = "global X = [1, 'unterminated"
    with pytest.raises(PayloadFormatError) as info:
        parse_value(line, line=3, column=12)
    assert (info.value.line, info.value.column) == (3, 16)


@pytest.mark.parametrize(
    "text",
    [
        "(1)",  # in Python, (1) is the integer 1; a one-item tuple is written (1,)
        "('a')",
    ],
)
def test_parenthesised_item_is_not_a_tuple(text: str) -> None:
    with pytest.raises(PayloadFormatError):
        parse_value(text)


@pytest.mark.parametrize("text", ["{[1]: 2}", "{[1]}", "{(1, [2]): 3}"])
def test_unhashable_literal_keys_are_rejected(text: str) -> None:
    """A list, dict or set literal as a dict key or set item can never be built: the parser
    refuses it, rather than the loader failing with a raw TypeError halfway through building."""
    with pytest.raises(PayloadFormatError):
        parse_value(text)


def test_decimal_integer_over_the_interpreter_limit_is_a_format_error() -> None:
    """CPython 3.11+ refuses to convert more than 4300 decimal digits; the writer never writes
    that many (hex from 4001 bits), and a reader must fail cleanly, not with ValueError."""
    with pytest.raises(PayloadFormatError) as info:
        parse_value("1" * 5000, line=4)
    assert info.value.line == 4


def test_deep_nesting_is_a_format_error() -> None:
    depth = 100_000
    with pytest.raises(PayloadFormatError):
        parse_value("[" * depth + "]" * depth)


def test_parsing_a_value_evaluates_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names in a value are looked up in a fixed table, never in builtins or globals."""
    import builtins

    calls = []
    real_import = builtins.__import__

    def spy(name: str, *args: Any) -> Any:
        calls.append((name, *args[2:]))
        return real_import(name, *args)

    monkeypatch.setattr(builtins, "__import__", spy, raising=True)
    for text in ("__import__('os')", "open('x', 'w')", "print(1)", "eval('1')", "exec('1')"):
        with pytest.raises(PayloadFormatError):
            parse_value(text)
    monkeypatch.undo()
    # The one import: srcpickle.errors, for the error raised (the parser imports it there, issue 9).
    assert {call for call in calls if call != ("errors", ("PayloadFormatError",), 2)} == set()


# ---------------------------------------------------------------------------- whole payloads


def _function(**fields: Any) -> FunctionNode:
    base = dict(
        name="f",
        qualname="f",
        module="m",
        namespace="ns",
        kind="def",
        source="def f(a, b=1):\n    return a + b",
        line=3,
    )
    base.update(fields)
    return FunctionNode(**base)  # type: ignore[arg-type]


def every_node_payload() -> Payload:
    """A payload with every section kind and every optional field set."""
    source = (
        "def g(x, *, y=2) -> 'int':\n"
        '    """Doc."""\n'
        "\n"
        "    text = '''\n"
        "[end]\n"
        "[function f]\n"
        "   '''  # a line that looks like a section, inside a string\n"
        "\t\n"
        "    return x + y + n"
    )
    return Payload(
        root=T((Ref("f"), Ref("outer.<locals>.g"), Ref("C"), Ref("obj"), Ref("shared"))),
        requires_python=(3, 10),
        written_by="test \u00e9",
        nodes={
            "f": _function(file="m.py", signature="(a, b=1)", defaults=T((1,)), doc=None),
            "ns": NamespaceNode(
                "m",
                (
                    ("X", 1),
                    ("class", "keyword as a name"),
                    ("not an identifier", L(())),
                    ("\u00fc", "non-ASCII name"),
                    ("json", Ref("json")),
                    ("join", Ref("os.path.join")),
                ),
            ),
            "json": ImportNode("json", Distribution("stdlib")),
            "xml": ImportNode("xml", Distribution("stdlib"), ("xml.etree.ElementTree",)),
            "numpy": ImportNode("numpy", Distribution("numpy", "1.26.4")),
            "os.path.join": RefNode("os.path", "join", Distribution("stdlib")),
            "cell.outer.n": CellNode(5),
            "cell.outer.empty": CellNode(empty=True),
            "cell.outer.none": CellNode(None),
            "outer.<locals>.g": _function(
                name="g",
                qualname="outer.<locals>.g",
                source=source,
                line=10,
                indent="    ",
                file="",
                signature="(x, *, y=2) -> 'int'",
                future=("annotations",),
                imported=("json", "os"),
                closure=(("n", Ref("cell.outer.n")), ("e", Ref("cell.outer.empty"))),
                kwdefaults=D((("y", 2),)),
                annotations=(("return", "'int'"), ("weird name", "x")),
                doc="Doc.",
                attributes=(("tag", 1), ("shared", Ref("shared"))),
            ),
            "lam": _function(name="<lambda>", qualname="<lambda>", kind="lambda", source="lambda: 0", line=1),
            "C": ClassNode(
                name="C",
                qualname="outer.<locals>.C",
                module="m",
                namespace="ns",
                source="class C:\n    def get(self):\n        return n",
                line=20,
                indent="    ",
                file="m.py",
                future=("annotations",),
                imported=("json",),
                closure=(("n", Ref("cell.outer.n")),),
                attributes=(("counter", 3),),
            ),
            "shared": ValueNode(L((1, Ref("shared")))),
            "d": ValueNode(D((("k", Ref("d")),))),
            "s": ValueNode(S((1, 2))),
            "ba": ValueNode(BytearrayValue(b"x")),
            "obj": ReduceNode(
                callable=Ref("os.path.join"),
                args=T(("a",)),
                kwargs=D((("k", 1),)),
                state=D((("x", 1),)),
                listitems=L((1,)),
                dictitems=L((T(("k", "v")),)),
            ),
            "bare": ReduceNode(callable=Ref("os.path.join")),
        },
    )


def test_every_node_kind_round_trips() -> None:
    payload = every_node_payload()
    text = write(payload)
    parsed = parse(text)
    assert parsed == payload
    assert list(parsed.nodes) == list(payload.nodes), "document order is kept"
    assert write(parsed) == text


def test_written_text_shape() -> None:
    payload = every_node_payload()
    # The lowest version that can express the payload: this one uses nothing format 2 added; a
    # payload of format 3 (as this one, made here) whose sections share a namespace is written
    # in format 3, smaller (docs/FORMAT.md section 17).
    assert write(replace(payload, format_version=2)).startswith(f"{FORMAT_NAME} 1\n")
    text = write(payload)
    lines = text.split("\n")
    assert lines[0] == f"{FORMAT_NAME} 3"
    assert lines[1:4] == ["written-by: 'test \u00e9'", "requires-python: '3.10'", lines[3]]
    assert lines[3].startswith("root: (")
    assert text.endswith("\n[end]\n")
    assert "\r" not in text
    text.encode("utf-8")
    for line in lines:
        assert line == line.rstrip() or line.strip() == "", f"trailing whitespace: {line!r}"


def test_source_block_is_verbatim_and_indented() -> None:
    payload = every_node_payload()
    text = write(payload)
    node = payload.nodes["outer.<locals>.g"]
    assert isinstance(node, FunctionNode)
    block = "\n".join(("    " + line) if line else "" for line in node.source.split("\n"))
    assert f"source: {len(node.source.splitlines())}\n{block}\n" in text


def test_source_position_is_recorded() -> None:
    text = write(every_node_payload())
    parsed = parse(text)
    lines = text.split("\n")
    line = parsed.positions["outer.<locals>.g"]
    assert lines[line - 1] == "    def g(x, *, y=2) -> 'int':"


def test_inspect_is_parse() -> None:
    text = write(every_node_payload())
    assert srcpickle.inspect(text) == parse(text) == srcpickle.inspect(text.encode("utf-8"))


# The functions below are dumped by the tests: globals, closures, lambdas, imports.
import json as _json  # noqa: E402
from math import sqrt as _sqrt  # noqa: E402

_GLOBAL_SET = {3, "b", 1, (2, "a"), "a", 2.5, None, -0.0}
_GLOBAL_FROZEN = frozenset({"z", "y", frozenset({2, 1})})
_GLOBAL_MISC = {"nan": math.nan, "big": -(2**5000), "bytes": bytes(100), "text": "\ud800\u2028\x00"}


def _uses_everything(x, *, scale: float = 2.0) -> float:
    """A docstring."""
    return (
        _sqrt(x) * scale
        + len(_json.dumps(sorted(map(repr, _GLOBAL_SET))))
        + len(_GLOBAL_FROZEN)
        + len(_GLOBAL_MISC)
    )


def _make_closure(n):
    items = []

    def add(x, _square=lambda v: v * v):
        items.append(_square(x) + n)
        return items

    return add


_two_lambdas = (lambda a: a + 1, lambda a: a - 1)


@pytest.mark.parametrize(
    "obj", [_uses_everything, _make_closure(3), _two_lambdas, [_uses_everything, _make_closure(1)]]
)
def test_dumped_payload_write_parse_write_identity(obj: Any) -> None:
    data = srcpickle.dumps(obj)
    text = data.decode("utf-8")
    parsed = parse(data)
    assert write(parsed) == text
    assert write(parse(write(parsed))) == text


def test_dumped_globals_are_sorted_and_set_items_sorted_by_text() -> None:
    text = srcpickle.dumps(_uses_everything).decode("utf-8")
    names = [line.split(" ")[1] for line in text.split("\n") if line.startswith("global ")]
    assert names == sorted(names)
    payload = parse(text)
    namespace = next(n for n in payload.nodes.values() if isinstance(n, NamespaceNode))
    globals_ = dict(namespace.globals)
    for name in ("_GLOBAL_SET", "_GLOBAL_FROZEN"):
        value = globals_[name]
        if isinstance(value, Ref):
            value = payload.nodes[value.id].value  # type: ignore[union-attr]
        texts = [format_value(item) for item in value.items]
        assert texts == sorted(texts), name


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden_payloads_rewrite_identically(path: Path) -> None:
    data = path.read_bytes()
    assert write(parse(data)).encode("utf-8") == data


def test_golden_corpus_exists_for_the_current_format() -> None:
    assert sorted(GOLDEN.glob("*.srcpickle")), f"no golden payloads in {GOLDEN}"


# --------------------------------------------------------------------------- document errors

HEADER = (
    "srcpickle-payload 1\nwritten-by: 'test'\nrequires-python: '3.9'\nroot: @m\n"
    "\n[namespace m]\nmodule: 'm'\n"
)

DOCUMENT_ERRORS = [
    # (name, text, line, column or None)
    ("empty", "", 1, 1),
    ("not a payload", "hello\n", 1, 1),
    ("version not a number", "srcpickle-payload one\n", 1, 19),
    ("version with sign", "srcpickle-payload +1\n", 1, 19),
    ("CRLF line ends", HEADER.replace("\n", "\r\n") + "[end]\r\n", 1, 19),
    ("CR line ends", HEADER.replace("\n", "\r") + "[end]\r", 1, 19),
    ("space after the version", HEADER.replace(" 1\n", " 1 \n", 1) + "[end]\n", 1, 19),
    ("no end marker", HEADER, 8, 1),
    ("text after the end marker", HEADER + "[end]\nroot: 1\n", 9, 1),
    ("malformed section header", HEADER + "[namespace]\n[end]\n", 8, 1),
    ("section header with trailing space", HEADER + "[end] \n", 8, 1),
    ("unknown section kind", HEADER + "[module x]\n[end]\n", 8, 2),
    ("unknown header field", "srcpickle-payload 1\ncolor: 'red'\n[end]\n", 2, 1),
    ("duplicate header field", "srcpickle-payload 1\nroot: 1\nroot: 2\n[end]\n", 3, 1),
    ("field without space", HEADER + "module:'m'\n[end]\n", 8, 1),
    ("comment line", HEADER + "# a comment\n[end]\n", 8, 1),
    ("unknown field", HEADER + "color: 'red'\n[end]\n", 8, 1),
    ("duplicate field", HEADER + "module: 'n'\n[end]\n", 8, 1),
    ("duplicate entry", HEADER + "global a = 1\nglobal a = 2\n[end]\n", 9, 1),
    ("entry without =", HEADER + "global a 1\n[end]\n", 8, 10),
    ("entry with a number as name", HEADER + "global 1 = 1\n[end]\n", 8, 8),
    ("malformed value in entry", HEADER + "global a = [1, 2\n[end]\n", 8, 17),
    ("unterminated string in entry", HEADER + "global a = 'abc\n[end]\n", 8, 12),
    ("unterminated string in field", "srcpickle-payload 1\nwritten-by: 'abc\n", 2, 13),
    ("source count not a number", HEADER + "[function f]\nsource: 'two'\n[end]\n", 9, 9),
    ("source count zero", HEADER + "[function f]\nsource: 0\n[end]\n", 9, 9),
    ("source line not indented", HEADER + "[function f]\nsource: 2\n    def f():\nreturn 1\n[end]\n", 11, 1),
    ("source block cut", HEADER + "[function f]\nsource: 3\n    def f():\n        return 1\n", 12, 1),
]


@pytest.mark.parametrize("name, text, line, column", DOCUMENT_ERRORS, ids=[c[0] for c in DOCUMENT_ERRORS])
def test_document_errors_carry_line_and_column(name: str, text: str, line: int, column: Any) -> None:
    with pytest.raises(PayloadFormatError) as info:
        parse(text.encode("utf-8"))
    assert type(info.value) is PayloadFormatError
    assert (info.value.line, info.value.column) == (line, column), str(info.value)


def test_error_message_names_the_position() -> None:
    """The printed message (what a traceback shows) says where the fault is, not only the
    attributes."""
    with pytest.raises(PayloadFormatError) as info:
        parse(HEADER + "global a = [1, 2\n[end]\n")
    assert str(info.value).endswith("(line 8, column 17)"), str(info.value)


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("CRLF line ends", (HEADER + "[end]\n").replace("\n", "\r\n").encode(), "lines end with CRLF"),
        ("byte order mark", b"\xef\xbb\xbf" + (HEADER + "[end]\n").encode(), "byte order mark"),
        ("CR line ends", (HEADER + "[end]\n").replace("\n", "\r").encode(), "end with CR"),
        (
            "a tab after the version",
            (HEADER + "[end]\n").replace(" 1\n", " 1\t\n", 1).encode(),
            "a tab after its format version",
        ),
        (
            "spaces after the version",
            (HEADER + "[end]\n").replace(" 1\n", " 1  \n", 1).encode(),
            "2 spaces after its format version",
        ),
    ],
)
def test_an_edited_payload_gets_the_reason_and_the_remedy(name: str, data: bytes, says: str) -> None:
    """A payload whose bytes a git checkout (core.autocrlf) or an editor (UTF-8 with BOM, CR
    line ends, whitespace at the end of the first line) changed said "the format version must
    be a whole number" or "not a srcpickle payload"."""
    with pytest.raises(PayloadFormatError) as info:
        parse(data)
    message = str(info.value)
    assert says in message, message
    remedy = {"CRLF line ends": "-text", "byte order mark": "without BOM"}.get(name, "LF only")
    if "after the version" in name:
        remedy = "nothing after it"
    assert remedy in message, message
    # Still not loadable: the format's lines end with LF only, and it starts with its name.
    with pytest.raises(PayloadFormatError):
        srcpickle.loads(data)


@pytest.mark.parametrize("version", [0, FORMAT_VERSION + 1, 10**6])
def test_unreadable_format_versions(version: int) -> None:
    with pytest.raises(FormatVersionError) as info:
        parse(f"srcpickle-payload {version}\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: 1\n[end]\n")
    assert (info.value.line, info.value.column) == (1, 19)
    assert isinstance(info.value, PayloadFormatError) and isinstance(info.value, LoadError)


def test_format_version_is_checked_before_anything_else() -> None:
    """A newer payload's body may use grammar this reader does not know: the version decides."""
    with pytest.raises(FormatVersionError):
        parse(f"srcpickle-payload {FORMAT_VERSION + 1}\nsome: new syntax\n[shiny node]\n")


def test_huge_format_version_is_a_format_version_error() -> None:
    with pytest.raises(FormatVersionError):
        parse("srcpickle-payload " + "9" * 5000 + "\n")


def test_invalid_utf8_reports_the_line() -> None:
    data = HEADER.encode("utf-8") + b"global a = '\xff'\n[end]\n"
    with pytest.raises(PayloadFormatError) as info:
        parse(data)
    assert info.value.line == 8


def test_not_text_at_all() -> None:
    with pytest.raises(PayloadFormatError):
        parse(12)  # type: ignore[arg-type]


def test_a_parse_error_pickles() -> None:
    import pickle

    with pytest.raises(PayloadFormatError) as info:
        parse(HEADER + "global a = [\n[end]\n")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (type(copy), copy.line, copy.column, str(copy)) == (
        PayloadFormatError,
        info.value.line,
        info.value.column,
        str(info.value),
    )


def test_parsing_imports_nothing() -> None:
    text = (
        "srcpickle-payload 1\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @a\n\n"
        "[import a]\nmodule: 'srcpickle_no_such_module'\ndistribution: 'nothing 1.0'\n\n"
        "[ref b]\nmodule: 'srcpickle_other_module'\nqualname: 'x.y'\ndistribution: 'stdlib'\n\n[end]\n"
    )
    before = set(sys.modules)
    payload = parse(text)
    assert set(sys.modules) == before
    assert isinstance(payload.nodes["a"], ImportNode)


def test_an_invalid_escape_is_refused_whatever_the_warning_filters() -> None:
    """Python only warns about '\\q'; a payload value is refused either way, so that what a
    payload means does not depend on the caller's warning settings."""
    import warnings

    for action in ("ignore", "error", "default"):
        with warnings.catch_warnings():
            warnings.simplefilter(action)
            with pytest.raises(PayloadFormatError):
                parse_value("'\\q'")


# Names and numbers are read without compiling their patterns when they are ASCII (issue 9: a
# first load pays ~0.25 ms for the two compiles): what is read must be exactly what the
# patterns match, for every text, so each text here is read both ways.
_SCANNED = (
    "0|7|12|2.5|2.|1e5|1E+5|1e-07|2.5e|2.5e+|1ex|0x1F|0X1f|0xg|00x1|12abc|3.14.15|٣|1٣|1.٣|1e٣|1e+٣|"
    "1٣.5|12 ,|4.0)|1e5e5|5.e3|10_000|inf|.5|x|_a1|a_b c|a٣|é|aé|a.b|1a|_|a=1|OFFSET = 10|ab(|a-b|"
    "a\u00b2|\u00b2|ab\t| a|\tb1"
).split("|")


def _random_texts(count: int) -> List[str]:
    import random

    chars = "0123456789.eExX+-_ab ,)(٣é\u00b2\u0660"
    rng = random.Random(9)
    return ["".join(rng.choice(chars) for _ in range(rng.randint(1, 8))) for _ in range(count)]


@pytest.mark.parametrize("text", _SCANNED)
def test_names_and_numbers_are_read_as_their_patterns_match(text: str) -> None:
    _read_as_the_patterns_match(text)


def test_random_names_and_numbers_are_read_as_their_patterns_match() -> None:
    for text in _random_texts(2000):
        _read_as_the_patterns_match(text)


def _read_as_the_patterns_match(text: str) -> None:
    import re

    from srcpickle._fmt import read as fmt_read

    number = re.compile(fmt_read._NUMBER_RE.source).match(text)
    end = fmt_read._ascii_number_end(text, 0)
    assert end == -1 or (number is not None and end == number.end())
    if text[:1].isdigit():
        parser = fmt_read._ValueParser(text, 1, 0)
        try:
            value = parser.number()
        except srcpickle.PayloadFormatError:
            assert number is None or text[: number.end()].isdigit() and len(number.group()) > 4300
        else:
            assert number is not None and parser.pos == number.end()
            token = number.group()
            expected = (
                int(token, 16)
                if token[:2] in ("0x", "0X")
                else float(token)
                if any(c in token for c in ".eE")
                else int(token)
            )
            assert value == expected and type(value) is type(expected)
    # name() starts past spaces and tabs.
    name = re.compile(fmt_read._NAME_RE.source).match(text, len(text) - len(text.lstrip(" \t")))
    parser = fmt_read._ValueParser(text, 1, 0)
    try:
        word = parser.name()
    except srcpickle.PayloadFormatError:
        assert name is None
    else:
        assert name is not None and (word, parser.pos) == (name.group(), name.end())


_QUOTED = (
    "'abc'|'a\\'b'|'abc|\"x'y\"|'a\\\\'|b'xy'|''|'\\\\\\''|'a' 'b'|\"\"|\"a\\\"b\" x|'é\\n'|'\\q'|'tab\t'"
).split("|")


def _random_quoted(count: int) -> List[str]:
    import random

    chars = "'\"\\ab\u00e9 "
    rng = random.Random(11)
    return [
        rng.choice("'\"") + "".join(rng.choice(chars) for _ in range(rng.randint(0, 7))) for _ in range(count)
    ]


def test_string_literals_end_where_their_patterns_match() -> None:
    import re

    from srcpickle._fmt import read as fmt_read

    for text in _QUOTED + _random_quoted(3000):
        at = 1 if text.startswith("b") else 0  # the opening quote
        pattern = re.compile((fmt_read._SINGLE_QUOTED if text[at] == "'" else fmt_read._DOUBLE_QUOTED).source)
        match = pattern.match(text, at + 1)
        parser = fmt_read._ValueParser(text, 1, 0)
        try:
            parser.string()
        except PayloadFormatError as exc:
            # Unterminated exactly when the pattern finds no end; otherwise the literal itself
            # is refused (an invalid escape), as before.
            assert ("unterminated" in str(exc)) == (match is None), text
        else:
            assert match is not None and parser.pos == match.end(), text


def test_only_a_list_starting_with_an_integer_is_an_integer_run() -> None:
    import random
    import re

    from srcpickle._fmt import read as fmt_read

    pattern = re.compile(fmt_read._INTEGER_RUN.source)
    rng = random.Random(12)
    for _ in range(3000):
        text = "".join(rng.choice(" -0123456789,a'.\t]") for _ in range(rng.randint(0, 8)))
        if pattern.match(text):
            assert text.lstrip(" ")[:1] in ("-", *"0123456789"), text
    assert parse_value("[ -1 ,2 ]") == ListValue((-1, 2))
    assert parse_value("['a', -1]") == ListValue(("a", -1))


_INTEGER_LISTS = (
    "1, 2, 3]|-1,2]|1 , -2 ,3]|  7]|1,2 ]|1,,2]|1,2,]|- 1]|1 2]|٣]|1²]|0012]|-0]|1]x|"
    "1234567890123456789]|123456789012345678]|1, 2|1\t,2]|1, 'a']|1.5]"
).split("|")


def _random_integer_lists(count: int) -> List[str]:
    import random

    chars = " -0123456789,]\t٣a"
    rng = random.Random(13)
    return ["".join(rng.choice(chars) for _ in range(rng.randint(1, 12))) for _ in range(count)]


def test_a_short_integer_run_is_read_as_its_pattern_reads_it() -> None:
    """Short lists of integers are read without compiling _INTEGER_RUN (issue 9): the same end
    and numbers as the pattern followed by "]", or nothing (then the pattern reads it)."""
    import re

    from srcpickle._fmt import read as fmt_read

    pattern = re.compile(fmt_read._INTEGER_RUN.source)
    runs = 0
    for text in _INTEGER_LISTS + _random_integer_lists(5000):
        found = fmt_read._small_integers(text, 0, "]")
        if found is None:
            continue
        runs += 1
        match = pattern.match(text, 0)
        assert match is not None and text.startswith("]", match.end()), text
        assert found == (match.end() + 1, tuple(map(int, match.group().split(",")))), text
    assert runs > 100
    assert fmt_read._small_integers(",".join(["1"] * 33) + "]", 0, "]") is None  # longer: the pattern's
    assert parse_value("[1, -2,3]") == ListValue((1, -2, 3))
    assert parse_value("{'a': [1, 2, 3]}") == DictValue((("a", ListValue((1, 2, 3))),))


def _parsed_or_error(data: bytes) -> Any:
    try:
        return parse(data)
    except PayloadFormatError as exc:
        return (type(exc).__name__, str(exc), exc.line, exc.column)


def _function_variants(data: bytes) -> List[bytes]:
    # The function sections of a payload with each of their fields changed the ways a reader
    # must notice: a wrong type, out of range, missing; and the fields the quick reading leaves.
    text = data.decode("utf-8")
    edits = [
        ("line: ", "line: 0\nx: "),
        ("\nline: ", "\nline: 'one'\n#: "),
        ("\nline: ", "\nline: 1000001\n#: "),
        ("kind: 'def'", "kind: 'class'"),
        ("kind: 'def'", "kind: True"),
        ("name: '", "name: b'"),
        ("namespace: @", "namespace: '"),
        ("doc: ", "doc: @nowhere\n#: "),
        ("signature: '", "signature: 1\n#: '"),
        ("file: '", "file: None\n#: '"),
        ("\nline: ", "\nindent: 'x'\nline: "),
        ("\nline: ", "\nindent: '\\t\\x0c '\nline: "),
        ("\nline: ", "\nscope: 3\nline: "),
        ("\nline: ", "\ndefaults: [1]\nline: "),
        ("\nline: ", "\ndefaults: None\nline: "),
        ("\nline: ", "\nimported-names: ('a', 1)\nline: "),
        ("\nline: ", "\nimported-names: ['a']\nline: "),
        ("\nline: ", "\nannotation x = 1\nline: "),
        ("\nline: ", "\nannotation x = 'int'\nline: "),
        ("\nline: ", "\nfuture: ('annotations',)\nline: "),
        ("\nline: ", "\nattribute tag = 1\nline: "),
        ("\nline: ", "\nclosure x = 1\nline: "),
        ("\nline: ", "\nkwdefaults: {'a': 1}\nline: "),
        ("\nqualname: ", "\nin-class: @x\nqualname: "),
        ("\nname: '", "\nqualname: 'y'\nname: '"),
        ("\nsource: ", "\nsource: 0\n#: "),
        ("\nsource: ", "\nsource: 9999\n#: "),
        ("\nsource: ", "\nsource: True\n#: "),
        ("\nsource: ", "\nsource: 1\n    pass\nsource: "),
        ("\nsource: 2\n    ", "\nsource: 2\n  "),
        ("\nsource: 2\n", "\nsource: 02\n"),
        ("\nglobal ", "\nglobal 1x = 2\nglobal "),
        ("\nglobal ", "\nglobal x =  2\nglobal "),
        ("\nglobal ", "\nglobal x = 2\nglobal x = 3\nglobal "),
        ("\nglobal ", "\nglobal 'a b' = 2\nglobal "),
        ("\nglobal ", "\nglobal x = @nowhere\nglobal "),
        ("\nclosure ", "\nclosure y = 1\nclosure "),
        ("\nroot: ", "\nroot: @nowhere\nroot: "),
        ("\nroot: @", "\nroot: "),
        ("\nwritten-by: '", "\nwritten-by: 3\n#: '"),
        ("\nrequires-python: '3.9'", "\nrequires-python: '3'"),
        ("\nrequires-python: ", "\nrequires-python-for: 'x'\nrequires-python: "),
        ("\nrequires-python: ", "\nrequires-python-for: 1\nrequires-python: "),
        ("\nroot: ", "\nroots: 1\nroot: "),
        ("distribution: 'stdlib'", "distribution: ' stdlib'"),
        ("distribution: 'stdlib'", "distribution: None"),
        ("distribution: 'stdlib'", "distribution: 'stdlib 1.0'"),
        ("distribution: 'stdlib'\n", ""),
        ("\n[import", "\n[import x]\nmodule: 1\ndistribution: 'stdlib'\n\n[import"),
        ("\n[import", "\n[import y]\nmodule: 'y'\nsubmodules: ('y.z', 1)\ndistribution: 'a'\n\n[import"),
        ("\n[import", "\n[import y]\nmodule: 'y'\nsubmodules: ['y.z']\ndistribution: 'a'\n\n[import"),
        ("\n[import", "\n[ref r]\nmodule: 'y'\nqualname: 2\ndistribution: 'a'\n\n[import"),
        ("\n[import", "\n[ref r]\nmodule: 'y'\ndistribution: 'a'\n\n[import"),
        ("\n[namespace ", "\n[namespace n2]\nmodule: True\n\n[namespace "),
        ("\n[namespace ", "\n[namespace n2]\n\n[namespace "),
        ("\n[namespace ", "\n[cell c1]\nempty: True\n\n[cell c2]\n\n[cell c3]\nempty: 1\n\n[namespace "),
        ("\n[namespace ", "\n[cell c4]\nempty: True\ncontents: 1\n\n[cell c5]\ncontents: @c5\n\n[namespace "),
    ]
    found = []
    for old, new in edits:
        if old in text:
            found.append(text.replace(old, new, 1).encode("utf-8"))
    # Without a field (the first function section's).
    for key in ("name", "qualname", "module", "namespace", "doc", "kind", "line", "source"):
        lines = text.split("\n")
        for index, line in enumerate(lines):
            if line.startswith(key + ": "):
                found.append("\n".join(lines[:index] + lines[index + 1 :]).encode("utf-8"))
                break
    return found


def test_the_quick_reading_of_function_sections_is_the_general_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Function sections are read in one pass when they hold what most do (issue 9): the same
    nodes as the general reading, and the same error (message, line, column) for every payload
    the general reading refuses, on the golden and invalid corpora and on edits of them."""
    from srcpickle._fmt import read as fmt_read

    corpus = [path.read_bytes() for path in GOLDEN_FILES]
    corpus += [path.read_bytes() for path in sorted((GOLDEN.parents[1] / "invalid").glob("*.srcpickle"))]
    golden = corpus[: len(GOLDEN_FILES)]
    payloads = corpus + [variant for data in golden for variant in _function_variants(data)]
    quick = [_parsed_or_error(data) for data in payloads]
    # Every shortcut of the parse loop and of the function sections off: the general reading.
    monkeypatch.setattr(fmt_read, "_QUICK_BUILDERS", {})
    monkeypatch.setattr(fmt_read, "_plain_name", lambda name: False)
    monkeypatch.setattr(fmt_read, "_SOURCE_KINDS", ())
    monkeypatch.setattr(fmt_read, "_QUICK_HEADER", ())
    general = [_parsed_or_error(data) for data in payloads]
    # By repr: each nan read is a float of its own, equal to no other (repr tells types apart).
    assert [repr(result) for result in quick] == [repr(result) for result in general]
    assert sum(isinstance(result, tuple) for result in general) > 200  # refusals were compared
    assert sum(not isinstance(result, tuple) for result in general) > 100


_SIMPLE_TEXTS = (
    "'a'|'a|''|'a'b'|'a\\n'|@x|@|None|True|nan|-inf|12|-12|0012|1234567890123456789|٣|2.5|1.|.5|1e-07|1e|"
    "1E5|2.5x|1_0|0x1f|('a', 'b')|('a',)|('a')|()|(,)|('a', 'b',)|('a','b')|('a, b', 'c')|(\"a\", 'b')|"
    "('a', 1)|('', 'x')|('\\'', 'x')|['a', 'b']|['a']|[]|['a',]|['a', ['b']]|('é', 'ü')|('a',  'b')|"
    "('a', 'b') |[1, 2]|(1,)|('a', 'b'|'a', 'b')|(0, 'a', 12)|(-1,)|(1.5,)|(٣,)|(01,)|(1 ,)|(1, )|"
    "[@f0, @f1]|[@f0]|(@f0,)|(@f0)|(@a.b, 'x', 3)|[@, @f]|[@f@g]|[@f:g]|[@f=g]|[@f,@g]|[ @f]|[@f ]|"
    "[@é, @f]|[@f, ]|[@f\t, @g]|[@'f']|[@f(]|[@f, @f]"
).split("|")


def _random_simple_texts(count: int) -> List[str]:
    import random

    chars = "'\"(),[] ab.e1-05\\@@@:="
    rng = random.Random(14)
    return ["".join(rng.choice(chars) for _ in range(rng.randint(1, 12))) for _ in range(count)]


def _random_sequence_texts(count: int) -> List[str]:
    # Tuples and lists of references among other items, joined as writers do and otherwise.
    import random

    items = ["@f0", "@a.b", "@", "@x y", "'a'", "1", "@f,", " @g", "@g ", "@é", "@a@b", "@a:b", "@'f'"]
    rng = random.Random(9)
    texts = []
    for _ in range(count):
        opening, closing = rng.choice([("(", ")"), ("[", "]")])
        parts = [rng.choice(items) for _ in range(rng.randint(0, 4))]
        tail = rng.choice(["", ","])
        texts.append(opening + rng.choice([", ", ",", " ,"]).join(parts) + tail + closing)
    return texts


def test_simple_values_are_read_as_the_value_parser_reads_them() -> None:
    """The values the parse loop reads without the value parser (texts, references, numbers,
    tuples and lists of texts, numbers and references) are what the parser reads, of the same
    types; anything else is left to it (issue 9)."""
    from srcpickle._fmt import read as fmt_read

    simple = 0
    for text in _SIMPLE_TEXTS + _random_simple_texts(20000) + _random_sequence_texts(3000):
        value = fmt_read._simple_value(text, 0)
        if value is fmt_read._NOT_SIMPLE:
            continue
        simple += 1
        parser = fmt_read._ValueParser(text, 1, 0)
        expected = parser.value()
        assert parser.at_end(), text
        same = value is expected or value == expected or repr(value) == repr(expected) == "nan"
        assert same and type(value) is type(expected), text
        if isinstance(value, (TupleValue, ListValue)):
            assert [type(item) for item in value.items] == [type(item) for item in expected.items]
    assert simple > 200
    assert fmt_read._simple_value("('a', 'b')", 0) == TupleValue(("a", "b"))
    assert fmt_read._simple_value("[@f0, @a.b]", 0) == ListValue((Ref("f0"), Ref("a.b")))
    assert fmt_read._simple_value("2.5", 0) == 2.5


def _long_decimal_runs() -> List[str]:
    # Runs of decimal integers past _DECIMAL_RUN_CHARS, as writers write them and with one fault
    # or oddity each, at its start, middle or end.
    import random

    rng = random.Random(70)
    oddities = ["-5", " 5", "5 ", "", "1" * 19, "1" * 18, "0", "007", "٣", "5.0", "'a'", "@f", "5,6", "²"]
    oddities += ["1" * 5000, "0" * 30 + "7", "5,  6", "5 ,6", "5, , 6", "5 , 6", "0x1F", "5\t", "5_0"]
    texts = []
    for _ in range(400):
        numbers = [str(rng.randrange(10 ** rng.randint(1, 18))) for _ in range(rng.randint(300, 900))]
        if rng.random() < 0.8:
            numbers[rng.choice([0, len(numbers) // 2, -1])] = rng.choice(oddities)
        opening, closing = rng.choice([("(", ")"), ("[", "]")])
        tail = rng.choice(["", "", ",", ", "])
        texts.append(opening + ", ".join(numbers) + tail + closing)
    # One long number alone: (N) is no tuple, (N,) and [N] are.
    for digits in ("7" * 3000, "1" + "0" * 2999):
        texts += [f"({digits})", f"({digits},)", f"[{digits}]", f"[{digits},]"]
    return texts


def test_long_runs_of_decimals_are_read_as_the_value_parser_reads_them() -> None:
    """A long tuple or list of small decimal integers, which the parse loop reads with one match
    and C loops (issue 9), is what the value parser reads, item for item; a run holding anything
    else (a sign, a space, a longer number, digits of another script, a trailing comma) is read
    item by item or left to the parser, as before."""
    from srcpickle._fmt import read as fmt_read

    runs = 0
    for text in _long_decimal_runs():
        assert len(text) > fmt_read._DECIMAL_RUN_CHARS
        value = fmt_read._simple_value(text, 0)
        parser = fmt_read._ValueParser(text, 1, 0)
        try:
            expected = parser.value()
        except PayloadFormatError:
            assert value is fmt_read._NOT_SIMPLE, text[:80]
            continue
        if value is fmt_read._NOT_SIMPLE:
            continue
        runs += 1
        assert parser.at_end()
        assert type(value) is type(expected) and value == expected, text[:80]
        assert [type(item) for item in value.items] == [type(item) for item in expected.items]
    assert runs > 50


# ----------------------------------------------------------------------- each nan of its own

NAN_MODULE = """\
ONE_NAN = float("nan")


def nan_data():
    return (
        {float("nan"), float("nan"), 1.5},
        frozenset({float("nan"), float("nan")}),
        {float("nan"): "a", float("nan"): "b", ONE_NAN: "c"},
        {(float("nan"), 1), (float("nan"), 1)},
        {ONE_NAN, ONE_NAN},
    )


NAN_DATA = nan_data()


def sizes():
    return [len(data) for data in NAN_DATA], [len(data) for data in nan_data()]
"""


# A child's script: load the payload in the file named by its argument, print what calling it gives.
CALL_LOADED = (
    "import sys, srcpickle\n"
    "with open(sys.argv[1], 'rb') as handle:\n"
    "    fn = srcpickle.loads(handle.read())\n"
    "print('RESULT=' + repr(fn()))\n"
)


def test_two_nans_in_a_set_are_two_members_after_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each nan of a payload is read as a float of its own: two nan objects in a set or as dict
    keys are two members after loading, as in the live data (one shared float made them one).
    PyPy cannot hold two nans of the same bits apart (its floats are one object when their bits
    are): loaded there, each size is the one the same data made there has."""
    from . import import_from, interpreters, isolated, result_of, write_module, write_payload

    module = import_from(monkeypatch, write_module(tmp_path, "nan_sets", NAN_MODULE).parent, "nan_sets")
    live_sizes = module.sizes()[0]
    assert live_sizes == [3, 2, 3, 2, 1]
    path = write_payload(tmp_path, srcpickle.dumps(module.sizes))
    for interp in interpreters():
        loaded, made_there = result_of(isolated().run(interp, CALL_LOADED, args=[str(path)]))
        assert loaded == (made_there if interp.implementation == "pypy" else live_sizes), interp


# ------------------------------------------------------------ a nan with its sign and payload bits


def _bits(value: float) -> int:
    return int(struct.unpack("<Q", struct.pack("<d", value))[0])


def _nan(bits: int) -> float:
    return float(struct.unpack("<d", struct.pack("<Q", bits))[0])


# Every nan a float can be, by the text format 3 writes for it: float("nan") is "nan" in every
# format; the nan of -float("nan") (and of inf * 0 on x86) keeps its sign bit; any other nan (R's
# NA, a signalling nan, the same with a sign) its 64 bits.
NAN_TEXTS = [
    (0x7FF8000000000000, "nan"),
    (0xFFF8000000000000, "-nan"),
    (0x7FF00000000007A2, "nan(0x7ff00000000007a2)"),
    (0xFFF00000000007A2, "nan(0xfff00000000007a2)"),
    (0x7FF0000000000001, "nan(0x7ff0000000000001)"),
    (0x7FFFFFFFFFFFFFFF, "nan(0x7fffffffffffffff)"),
    (0xFFFFFFFFFFFFFFFF, "nan(0xffffffffffffffff)"),
]


@pytest.mark.parametrize("bits, text", NAN_TEXTS, ids=[text for _, text in NAN_TEXTS])
def test_a_nan_keeps_its_bits(bits: int, text: str) -> None:
    value = _nan(bits)
    assert format_value(value) == text
    assert _bits(parse_value(text)) == bits
    # In every container and position the writer has a way of its own for (the C loops of a
    # list of scalars, sets sorted by text, dict keys, complex parts).
    many = tuple(float(i) for i in range(300)) + (value, 1.5)
    for container in (
        ListValue((value, 2.5)),
        ListValue(many),
        TupleValue((value,)),
        SetValue((value, 1.0)),
        FrozenSetValue((value,)),
        DictValue(((value, value),)),
    ):
        parsed = parse_value(format_value(container))
        items = [x for pair in parsed.items for x in pair] if isinstance(parsed, DictValue) else parsed.items
        assert [_bits(x) for x in items if x != x] == [bits] * (2 if isinstance(parsed, DictValue) else 1)
    for number in (complex(value, 1.0), complex(-0.0, value)):
        parsed = parse_value(format_value(number))
        assert (_bits(parsed.real), _bits(parsed.imag)) == (_bits(number.real), _bits(number.imag))


def _namespace_payload(value: Any) -> Payload:
    return Payload(root=Ref("m"), nodes={"m": NamespaceNode("m", (("g", value),))})


@pytest.mark.parametrize(
    "value",
    [
        _nan(0xFFF8000000000000),
        ListValue((1.0, _nan(0x7FF00000000007A2))),
        DictValue((("k", TupleValue((complex(0.0, _nan(0xFFF8000000000000)),))),)),
    ],
    ids=["-nan", "NA in a list", "-nan in a complex in a tuple in a dict"],
)
def test_a_payload_holding_a_nan_with_its_bits_is_format_3(value: Any) -> None:
    payload = _namespace_payload(value)
    text = write(payload)
    assert text.startswith(f"{FORMAT_NAME} 3\n")
    assert write(parse(text.encode("utf-8"))) == text
    with pytest.raises(ValueError, match="needs format 3"):
        write(payload, 2)
    # float("nan") alone keeps the payload in the lowest format.
    assert write(_namespace_payload(ListValue((math.nan, 1.0)))).startswith(f"{FORMAT_NAME} 1\n")


@pytest.mark.parametrize("bits", [0xFFF8000000000000, 0x7FF00000000007A2], ids=["-nan", "NA"])
@pytest.mark.parametrize(
    "make",
    [
        lambda nan: [nan],
        lambda nan: [1, 2, nan],
        lambda nan: ([[1], nan],),
        lambda nan: {"k": (nan, "v")},
        lambda nan: {nan},
        lambda nan: complex(1.0, nan),
        lambda nan: nan,
    ],
    ids=["list", "list after ints", "nested", "dict", "set", "complex", "alone"],
)
def test_a_root_written_inline_holding_a_nan_with_its_bits_is_format_3(make: Any, bits: int) -> None:
    # A root of plain data is written in the header's root field, not in a section: it once
    # came out format 1, which no reader loads (-nan needs format 3).
    value = make(_nan(bits))
    data = srcpickle.dumps(value)
    assert data.startswith(f"{FORMAT_NAME} 3\n".encode())
    loaded = srcpickle.loads(data)
    assert repr(loaded) == repr(value)
    found = [x for x in _floats(loaded) if x != x]
    assert [_bits(x) for x in found] == [bits]


def _floats(value: Any) -> List[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, complex):
        return [value.real, value.imag]
    if isinstance(value, dict):
        return [x for pair in value.items() for item in pair for x in _floats(item)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [x for item in value for x in _floats(item)]
    return []


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("text", ["-nan", "nan(0x7ff00000000007a2)", "[1.0, -nan]", "complex(-nan, 1.0)"])
def test_a_nan_with_its_bits_is_refused_before_format_3(text: str, version: int) -> None:
    with pytest.raises(PayloadFormatError, match=f"needs format 3; this payload is format {version}"):
        parse_value(text, version=version)
    payload = f"{FORMAT_NAME} {version}\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @m\n\n"
    payload += f"[namespace m]\nmodule: 'm'\nglobal g = {text}\n\n[end]\n"
    with pytest.raises(PayloadFormatError, match="needs format 3") as info:
        parse(payload.encode("utf-8"))
    assert info.value.line == 8


@pytest.mark.parametrize(
    "text",
    [
        "nan(0x7ff0000000000000)",  # the bits of inf
        "nan(0x3ff0000000000000)",  # 1.0
        "nan(1)",
        "nan(0x17ff8000000000000)",  # 65 bits
        "nan(-0x7ff8000000000000)",
        "nan(1.5)",
        "nan()",
        "nan('x')",
        "-nan(0x7ff8000000000001)",
        "nan(0x7ff8000000000001",
        # The line ends where the bits would start (was a raw IndexError).
        "nan(",
        "nan(  ",
        "nan(\t",
        "[1, nan(",
        "{1: nan(",
        "frozenset({nan(",
        "(nan(,)",
    ],
)
def test_invalid_nan_bits_are_format_errors(text: str) -> None:
    with pytest.raises(PayloadFormatError) as info:
        parse_value(text, line=3, version=3)
    assert info.value.line == 3 and info.value.column is not None


NAN_BITS_MODULE = """import struct

NEG = -float("nan")
NA = struct.unpack("<d", struct.pack("<Q", 0x7FF00000000007A2))[0]
COLUMN = [0.5, NEG, NA, float("nan")]


def bits(value):
    return struct.unpack("<Q", struct.pack("<d", value))[0]


def nan_bits(scale=float("inf") * 0.0, *, fill=NA):
    return [hex(bits(x)) for x in [NEG, NA, scale, fill] + COLUMN + [complex(NEG, 0.0).real]]
"""


def test_a_nan_keeps_its_bits_loaded_in_a_fresh_process_on_every_interpreter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A global, a list item, a default and a keyword default: each nan loads with the bits it
    had, on every interpreter (format 3; the payload of a function without such a nan stays
    format 1)."""
    from . import import_from, interpreters, isolated, result_of, write_module, write_payload

    module = import_from(monkeypatch, write_module(tmp_path, "nan_bits", NAN_BITS_MODULE).parent, "nan_bits")
    expected = module.nan_bits()
    assert expected[:4] == [
        "0xfff8000000000000",
        "0x7ff00000000007a2",
        "0xfff8000000000000",
        "0x7ff00000000007a2",
    ]
    data = srcpickle.dumps(module.nan_bits)
    assert data.startswith(b"srcpickle-payload 3\n")
    assert srcpickle.dumps(module.bits).startswith(b"srcpickle-payload 1\n")
    path = write_payload(tmp_path, data)
    for interp in interpreters():
        assert result_of(isolated().run(interp, CALL_LOADED, args=[str(path)])) == expected, interp


class _Text(str):
    """A text of a str subclass: the writer's quick sections leave it to the general way."""

    def __repr__(self) -> str:
        return f"T{str.__repr__(self)}"


IMPORT_LIKE_NODES = [
    ImportNode("json", Distribution("stdlib"), ()),
    ImportNode("os", Distribution("stdlib"), ("os.path",)),
    ImportNode("xml", Distribution("stdlib"), ("xml.dom.minidom", "xml.etree.ElementTree")),
    ImportNode("numpy", Distribution("numpy", "1.26.4"), ("numpy.linalg",)),
    ImportNode("proj", Distribution("proj"), ()),  # a local package: a name, no version
    ImportNode(
        "caf\u00e9", Distribution("caf\u00e9-dist", "1.0"), ("caf\u00e9.\u00e9t\u00e9", "caf\u00e9.x")
    ),
    ImportNode(_Text("json"), Distribution("stdlib"), ()),
    ImportNode("os", Distribution("stdlib"), (_Text("os.path"),)),
    RefNode("math", "sqrt", Distribution("stdlib")),
    RefNode("numpy.linalg", "norm", Distribution("numpy", "1.26.4")),
    RefNode("pkg", "Outer.Inner.method", Distribution("pkg")),
    RefNode("math", _Text("sqrt"), Distribution("stdlib")),
    RefNode("math", "sqrt", Distribution(_Text("stdlib"))),
]


@pytest.mark.parametrize("node", IMPORT_LIKE_NODES, ids=repr)
def test_import_and_ref_sections_written_as_their_lines(node: Any) -> None:
    """The writer's one-text import and ref sections are the section header and the node's
    general lines (``_write_node``), str subclasses included (left to the general lines)."""
    from srcpickle._fmt.sections import _write_node

    text = write(Payload(Ref("n"), {"n": node}))
    kind = "ref" if isinstance(node, RefNode) else "import"
    expected = "\n".join([f"[{kind} n]", *_write_node(node)])
    assert f"\n\n{expected}\n\n[end]\n" in text
    if "T'" not in text:  # (a subclass's own repr is no payload text)
        assert same(parse(text).nodes["n"], node)


@pytest.mark.parametrize(
    "items",
    [
        ("b", "a", "'", '"', "\\", "\u00e9", "", "A"),
        ("x", None, True, False, "None", "True"),
        ("1", 1, 1.0, True),  # ints and floats: format_value, not repr
        (2**4001, 5, "5"),  # a wide int is written in hex: repr would sort it elsewhere
        (float("nan"), float("inf"), -0.0, 0.0, "inf"),
        (b"b", b"a", "b"),
    ],
    ids=repr,
)
def test_set_order_key_sorts_as_the_written_texts(items: Tuple[Any, ...]) -> None:
    from srcpickle._fmt.write import set_order_key

    expected = [format_value(item) for item in sorted(items, key=format_value)]
    assert [format_value(item) for item in sorted(items, key=set_order_key(items))] == expected


def _source_block_by_line(lines: List[str], count: int) -> object:
    # The source block as a reading line by line gives it: the text, or the refusal's line.
    block = []
    for offset, text in enumerate(lines[:count]):
        if text.startswith("    "):
            block.append(text[4:])
        elif not text.strip():
            block.append("")
        else:
            return ("refused", offset + 1)
    return "\n".join(block)


def test_source_blocks_are_read_as_line_by_line() -> None:
    """A source block whose lines are all empty or indented by four spaces is read as one text
    (issue 9): the same source as the reading line by line, and the same refusal (at the same
    line) for blocks holding whitespace-only, tab-indented or unindented lines."""
    import random

    from srcpickle._fmt import read as fmt_read

    rng = random.Random(9)
    pieces = ["def f():", "return 1", "# c", "'''", "x = '\\t'", " ", "\t", ""]
    prefixes = ["    ", "        ", "", "  ", "\t", "    \t", " " * 5]
    checked = 0
    for _ in range(3000):
        lines = [rng.choice(prefixes) + rng.choice(pieces) for _ in range(rng.randint(1, 7))]
        section = fmt_read._Section("function", "f", 1)
        try:
            fmt_read._source_block(section, lines, 0, len(lines))
            read: object = section.source
        except PayloadFormatError as exc:
            read = ("refused", exc.line)
        assert read == _source_block_by_line(lines, len(lines)), lines
        checked += isinstance(read, tuple)
    assert 100 < checked < 2900  # refusals and sources were both compared


def test_the_writers_shortcuts_for_defaults_and_roots_write_what_format_value_writes() -> None:
    """A function's defaults and a payload's root have shortcuts in the writer (issue 9): each
    writes the text format_value writes, for scalars of every kind and for what is not one."""
    from srcpickle._fmt import write as fmt_write
    from srcpickle._model import DictValue, ListValue, Ref, TupleValue

    big = 1 << fmt_write.DECIMAL_MAX_BITS
    scalars: List[Any] = [
        None, True, False, 0, -1, 7, big - 1, -(big - 1), big, -big, 0.5, -0.0, math.inf, -math.inf,
        math.nan, 1e300, 1j, "", "a'b", 'a"b', "é\n\t\\", b"", b"x\x00", "x" * 300,
    ]  # fmt: skip
    rng = __import__("random").Random(9)
    tuples: List[Tuple[Any, ...]] = [(), *[(s,) for s in scalars], tuple(scalars)]
    tuples += [tuple(rng.sample(scalars, rng.randrange(1, 6))) for _ in range(300)]
    tuples += [(1, Ref("a")), (ListValue((1,)),), ("a", DictValue(((1, 2),)))]
    for items in tuples:
        value = TupleValue(items)
        assert fmt_write._format_defaults(value) == format_value(value), items
    assert fmt_write._format_defaults(None) == format_value(None)
    assert fmt_write._format_defaults(Ref("d")) == format_value(Ref("d"))
    refs = tuple(Ref(f"f{i}") for i in range(5))
    roots: List[Any] = [Ref("a"), None, 3, "x", ListValue(()), ListValue(refs[:1]), ListValue(refs)]
    roots += [TupleValue(refs), TupleValue(refs[:1]), ListValue((*refs, 1)), TupleValue((1, 2))]
    roots += [ListValue((ListValue(refs), Ref("z")))]
    for root in roots:
        assert fmt_write._format_root(root) == format_value(root), root


def test_the_writers_names_shortcut_writes_what_format_value_writes() -> None:
    """A function's future features and imported names are written as their tuple's repr when
    every one is an exact str (issue 9): the text format_value writes of their TupleValue, for
    one name, several, names that need quotes or escapes, and str subclasses (whose repr may
    differ: the general way)."""
    from srcpickle._fmt import write as fmt_write
    from srcpickle._model import TupleValue

    class Text(str):
        def __repr__(self) -> str:
            return "Text()"

    names: List[Any] = ["annotations", "x", "é", "a'b", 'a"b', "tab\t", "\\", "", "x" * 200]
    rng = __import__("random").Random(11)
    tuples: List[Tuple[Any, ...]] = [(name,) for name in names] + [tuple(names)]
    tuples += [tuple(rng.sample(names, rng.randrange(1, 5))) for _ in range(200)]
    tuples += [(Text("t"),), ("a", Text("b")), (Text("a"), "b", "c")]
    for items in tuples:
        assert fmt_write._format_names(items) == format_value(TupleValue(items)), items


SCALAR_COLLECTIONS = [
    ("(1, 'a', None)", (1, "a", None)),
    ("(3,)", (3,)),
    ("[1.5, b'x', True]", [1.5, b"x", True]),
    ("{1, 'a'}", {1, "a"}),
    ("frozenset({2, 'b'})", frozenset({2, "b"})),
    ("()", ()),
    ("[]", []),
]


@pytest.mark.parametrize("text, value", SCALAR_COLLECTIONS, ids=[c[0] for c in SCALAR_COLLECTIONS])
def test_collections_of_scalars_pass_the_checks_and_load(text: str, value: Any) -> None:
    """The reference check passes a tuple, list, set or frozenset of scalars without walking it
    (nothing in it can refer or be unhashable); the payload loads with the value as written."""
    payload = parse(_global_g(text))
    assert payload.nodes["m"].globals == (("g", parse_value(text)),)  # type: ignore[union-attr]
    fn = srcpickle.loads(_global_g(text))
    assert fn() == value and type(fn()) is type(value)


@pytest.mark.parametrize(
    "text, says",
    [
        ("(1, @nowhere)", "reference to missing node @nowhere"),  # a reference among scalars
        ("[1, [@nowhere]]", "reference to missing node @nowhere"),
        ("((1, 2), @nowhere)", "reference to missing node @nowhere"),
        ("{1, (2, [3])}", "must be hashable"),  # a list inside a set item
        ("frozenset({(1, [2])})", "must be hashable"),
    ],
)
def test_collections_holding_more_than_scalars_are_still_checked(text: str, says: str) -> None:
    with pytest.raises(PayloadFormatError, match=says):
        parse(_global_g(text))


@pytest.mark.parametrize(
    "fields, line, says",
    [
        # Read by the parse loop itself (a simple value) or by the general reader (spaces
        # after the colon, a set), each checked where it was written.
        (("namespace: @nowhere",), 14, "namespace must refer|missing node @nowhere"),
        (("namespace:  @nowhere",), 14, "namespace must refer|missing node @nowhere"),
        (("namespace: @m", "defaults: (@nowhere,)"), 15, "missing node @nowhere"),
        (("namespace: @m", "defaults: ( @nowhere ,)"), 15, "missing node @nowhere"),
        (("namespace: @m", "defaults: ({1, (2, [3])},)"), 15, "must be hashable"),
        # Two faulty fields: the first one's line.
        (("namespace: @m", "defaults: (@first,)", "file: 'm.py'", "doc: @second"), 15, "missing node @first"),
        (("namespace: @m", "doc: [ @first ]", "defaults: (@second,)"), 15, "missing node @first"),
    ],
)
def test_a_function_fields_references_are_checked_at_their_line(
    fields: Tuple[str, ...], line: int, says: str
) -> None:
    """The reference check reads the fields that are no scalar, noted as the parser read them
    (h55): every such field is still checked, at its line, the first fault first."""
    section = (
        "\n[function f]\nname: 'f'\nqualname: 'f'\nmodule: 'm'\n"
        + "".join(field + "\n" for field in fields)
        + "signature: '()'\nkind: 'def'\nline: 1\n"
        + ("" if any(f.startswith("doc:") for f in fields) else "doc: None\n")
        + "source: 2\n    def f():\n        return g\n\n"
    )
    text = HEADER.replace("root: @m", "root: @f") + "global g = 1\n" + section + "[end]\n"
    with pytest.raises(PayloadFormatError, match=says) as info:
        parse(text)
    assert info.value.line == line


def _global_g(text: str) -> str:
    # A payload whose root function returns its global g, written as ``text``.
    return HEADER.replace("root: @m", "root: @f") + f"global g = {text}\n" + FUNCTION_SECTION + "[end]\n"


FUNCTION_SECTION = (
    "\n[function f]\nname: 'f'\nqualname: 'f'\nmodule: 'm'\nnamespace: @m\n"
    "file: 'm.py'\nsignature: '()'\ndoc: None\nkind: 'def'\nline: 1\nsource: 2\n"
    "    def f():\n        return g\n\n"
)


# Long data that dumps writes as bytes straight into its result (write_bytes): long bytes values
# and long runs of exact ints, in cells and in value sections (shared), first, last and side by
# side, among text that is not ASCII; and values that look like them but take the text writer.
_RUN = list(range(-300, 700))
_SHARED_RUN = list(range(1000))
_BLOB = bytes(range(256)) * 5


def _closure_over(data: Any, more: Any) -> Any:
    def read() -> Any:
        return data, more

    return read


class _Level(enum.IntEnum):
    LOW = 1


LONG_DATA = {
    "bytes": _BLOB,
    "bytes at the threshold": b"x" * 64,
    "bytes one past the threshold": b"x" * 65,
    "int list": _RUN,
    "int tuple": tuple(_RUN),
    "shared int list": [_SHARED_RUN, _SHARED_RUN, "\u00e9t\u00e9"],
    "shared bytes": (_BLOB, _BLOB, "\u2603"),
    "side by side": [_RUN, _BLOB, tuple(_RUN), b"\xff" * 100],
    "bools among the ints": _RUN + [True],
    "a bool first": [False] + _RUN,
    "an int subclass among them": _RUN + [_Level.LOW],
    "past int64": _RUN + [2**64],
    "too wide for decimal": _RUN + [1 << 4001],
    "a float among them": _RUN + [1.5],
    "a bytearray": bytearray(_BLOB),
    "a nan with its sign among long data": [_RUN, -float("nan"), _BLOB],
    "empty list and bytes": ([], b""),
}


@pytest.mark.parametrize("value", list(LONG_DATA.values()), ids=list(LONG_DATA))
@pytest.mark.parametrize("where", ["closure", "root"])
def test_dumps_writes_long_data_as_the_text_writer_does(value: Any, where: str) -> None:
    obj = _closure_over(value, value) if where == "closure" else value
    data = srcpickle.dumps(obj)
    parsed = parse(data)
    # The text writer, from the parsed payload: the same text, encoded.
    assert write(parsed, parsed.format_version).encode("utf-8") == data
    loaded = srcpickle.loads(data)
    got = loaded()[0] if where == "closure" else loaded
    assert same_data(got, value)


def same_data(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (a nan equals a nan of the same bits; an
    enum member loads as a member of a class made again, of the same name)."""
    if isinstance(b, enum.Enum):
        return type(a).__qualname__ == type(b).__qualname__ and a.value == b.value
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and a != a:
        return struct.pack("<d", a) == struct.pack("<d", b)
    return bool(a == b)


def test_a_long_run_of_ints_is_proven_exact_by_each_capture() -> None:
    # The capture notes the runs of exact ints it found (capture's int_runs) for the writer: a
    # list changed between two dumps is looked at again.
    data = list(range(1000))
    read = _closure_over(data, None)
    first = srcpickle.dumps(read)
    changes = ((True, b", True, "), (_Level.LOW, b"_Level"), (2**70, b", 1180591620717411303424, "))
    for changed, text in changes:
        data[500] = changed
        again = srcpickle.dumps(read)
        assert text in again and text not in first
        assert write(parse(again)).encode("utf-8") == again
        assert same_data(srcpickle.loads(again)()[0], data)
    data[500] = 500
    assert srcpickle.dumps(read) == first


def test_a_noted_run_of_ints_holds_for_its_own_tuple_only() -> None:
    from srcpickle._fmt.write import write_bytes

    run = tuple(range(300))
    other = (*run[:-1], True)
    for int_runs in ({id(run): run}, {id(other): run}):
        # (the entry names another tuple, or names this one's id with another tuple)
        payload = Payload(root=Ref("c"), nodes={"c": CellNode(ListValue(other))})
        data = write_bytes(payload, 1, int_runs)
        assert data == write(payload, 1).encode("utf-8")
        assert data.count(b"True") == 1


# ------------------------------------------------------------------ format 3: overloads

_OVERLOADED = """\
[function f]
name: 'f'
qualname: 'f'
module: 'm'
namespace: @m
file: 'm.py'
signature: '(x)'
doc: None
overloads: ({stubs})
kind: 'def'
line: 3
source: 2
    def f(x):
        return x

[function f-2]
name: 'f'
qualname: 'f'
module: 'm'
namespace: @m
file: 'm.py'
signature: '(x: int)'
annotation x = 'int'
doc: None
kind: 'def'
line: 1
source: 2
    @overload
    def f(x: int): ...

[namespace m]
module: 'm'

[end]
"""


def _overloaded(version: int, stubs: str = "@f-2,") -> bytes:
    head = f"{FORMAT_NAME} {version}\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
    return (head + _OVERLOADED.replace("{stubs}", stubs)).encode("utf-8")


def _written_again_alike(payload: Payload) -> None:
    # A format 3 payload is written again as the same sections, and the writer leaves out the
    # fields a namespace's sections share (section 17), so the text is its own writer's.
    text = write(payload)
    again = parse(text.encode("utf-8"))
    assert again.nodes == payload.nodes
    assert write(again) == text


def test_overloads_are_read_and_written_again_as_they_were() -> None:
    data = _overloaded(3)
    payload = parse(data)
    node = payload.nodes["f"]
    assert isinstance(node, FunctionNode)
    assert node.overloads == (Ref("f-2"),)
    assert format_needed(payload) == 3
    _written_again_alike(payload)


@pytest.mark.parametrize("version", [1, 2])
def test_overloads_are_refused_before_format_3(version: int) -> None:
    with pytest.raises(
        PayloadFormatError, match=f"field 'overloads' needs format 3, and this payload is format {version}"
    ) as info:
        parse(_overloaded(version))
    assert info.value.line == 14


@pytest.mark.parametrize("stubs", ["@m,", "@f,", "@f-2, 'f'", "'f-2',", "@missing,"])
def test_overloads_that_are_no_stubs_are_refused(stubs: str) -> None:
    with pytest.raises(PayloadFormatError) as info:
        parse(_overloaded(3, stubs))
    assert info.value.line == 14


# --------------------------------------------------------------------- format 3: guard sections

_GUARDED = """\
[function f]
name: 'f'
qualname: 'f'
module: 'm'
namespace: @m
file: 'm.py'
signature: '(x)'
doc: None
kind: 'def'
line: 6
source: 2
    def f(x):
        return fast

[namespace m]
module: 'm'
global fast = @fastlib

[import fastlib]
module: 'fastlib'
distribution: 'fastlib 1.0'

[guard guard.m.fastlib]
namespace: @m
tries: {tries}
global fast = None
{unbound}
[end]
"""


def _guarded(version: int, tries: str = "(@fastlib,)", unbound: str = "") -> bytes:
    head = f"{FORMAT_NAME} {version}\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
    return (head + _GUARDED.format(tries=tries, unbound=unbound)).encode("utf-8")


def test_a_guard_is_read_and_written_again_as_it_was() -> None:
    data = _guarded(3)
    payload = parse(data)
    node = payload.nodes["guard.m.fastlib"]
    assert isinstance(node, GuardNode)
    assert (node.namespace, node.tries, node.fallbacks, node.unbound) == (
        "m",
        (Ref("fastlib"),),
        (("fast", None),),
        (),
    )
    assert format_needed(payload) == 3
    _written_again_alike(payload)


@pytest.mark.parametrize("version", [1, 2])
def test_a_guard_is_refused_before_format_3(version: int) -> None:
    with pytest.raises(
        PayloadFormatError, match=f"section kind 'guard' needs format 3, and this payload is format {version}"
    ) as info:
        parse(_guarded(version))
    assert (info.value.line, info.value.column) == (28, 2)


@pytest.mark.parametrize(
    "tries,unbound,message",
    [
        ("(@m,)", "", "tries must refer to import or ref sections"),
        ("(@f,)", "", "tries must refer to import or ref sections"),
        ("()", "", "a guard tries at least one import"),
        ("('fastlib',)", "", "field 'tries' must be a tuple of references"),
        ("(@fastlib,)", "unbound: ('fast',)\n", "either unbound or given a value"),
        ("(@fastlib,)", "unbound: (1,)\n", "field 'unbound' must be a tuple of texts"),
    ],
)
def test_a_guard_that_names_no_import_is_refused(tries: str, unbound: str, message: str) -> None:
    with pytest.raises(PayloadFormatError, match=message):
        parse(_guarded(3, tries, unbound))


def test_a_guard_decides_before_the_checks() -> None:
    """fastlib is not found here: the guard's fallback is the global, and the import goes."""
    from srcpickle._rebuild.guards import resolve_guards

    payload = resolve_guards(parse(_guarded(3)))
    assert sorted(payload.nodes) == ["f", "m"]
    assert srcpickle.loads(_guarded(3))(1) is None
    present = parse(_guarded(3).replace(b"'fastlib'", b"'json'").replace(b"fastlib 1.0", b"stdlib"))
    assert sorted(resolve_guards(present).nodes) == ["f", "fastlib", "m"]


def test_a_guard_section_shows_in_a_diff_as_the_payload_writes_it() -> None:
    from srcpickle._cli.diff import _node_fields

    node = parse(_guarded(3, unbound="unbound: ('other',)\n")).nodes["guard.m.fastlib"]
    assert _node_fields(node) == [
        "namespace: @m",
        "tries: (@fastlib,)",
        "global fast = None",
        "unbound: ('other',)",
    ]


# ------------------------------------------------------------ format 3: packed runs of ints

_I64 = 2**63
# Runs at each width's bounds and just past them (a width holds -2**(8w-1) .. 2**(8w-1) - 1).
PACKED_RUNS = {
    "zeros": ((0,) * INT_PACK_MIN, 1),
    "minus ones": ((-1,) * 100, 1),
    "1 byte bounds": ((-128, 127) * 40, 1),
    "2 bytes: 128": ((0,) * 70 + (128,), 2),
    "2 bytes: -129": ((-129,) + (0,) * 70, 2),
    "3 bytes: 2**15": ((2**15,) + tuple(range(100)), 3),
    "3 bytes: data below a million": (tuple(range(-999_999, 1_000_000, 9973)), 3),
    "4 bytes: -2**23 - 1": ((-(2**23) - 1,) * 64, 4),
    "5 bytes: 2**31": ((2**31, -(2**31)) * 40, 5),
    "6 bytes: 2**39": ((2**39,) * 64, 6),
    "7 bytes: 2**47": ((-(2**47) - 1,) * 64, 7),
    "8 bytes: 2**55": ((2**55,) * 64, 8),
    "8 bytes: int64 bounds": ((_I64 - 1, -_I64) * 32, 8),
    "mixed widths": (tuple((-1) ** i * 7**i for i in range(23)) * 3, 8),
}


@pytest.mark.parametrize("items, width", list(PACKED_RUNS.values()), ids=list(PACKED_RUNS))
def test_a_long_run_of_ints_is_packed_in_the_narrowest_width(items: Tuple[int, ...], width: int) -> None:
    text = format_value_in(L(items), 3)
    assert text.startswith(f"[*ints('<i{width}', {len(items)}, '") and text.endswith("')]")
    assert same(parse_value(text), L(items))
    assert format_value_in(T(items), 3) == "(" + text[1:-1] + ",)"
    assert same(parse_value(format_value_in(T(items), 3)), T(items))
    assert unpack_ints(f"<i{width}", len(items), text.split("'")[3]) == items
    # In format 1 and 2, and outside a payload, the same run is decimal.
    assert format_value_in(L(items), 2) == format_value(L(items)) == "[" + ", ".join(map(str, items)) + "]"


@pytest.mark.parametrize(
    "items",
    [
        tuple(range(INT_PACK_MIN - 1)),  # one short of a run
        (True,) + tuple(range(100)),  # a bool is no int here
        tuple(range(100)) + (False,),
        tuple(range(50)) + ("x",) + tuple(range(50)),  # a run broken by a text
        tuple(range(50)) + (None,) + tuple(range(50)),
        tuple(range(100)) + (1.0,),
        tuple(range(100)) + (_I64,),  # past 64 bits
        (-_I64 - 1,) + tuple(range(100)),
        tuple(range(100)) + (2**4001,),  # hex
    ],
    ids=["63 ints", "a bool first", "a bool last", "a text", "None", "a float", "2**63", "-2**63-1", "hex"],
)
def test_what_is_no_packed_run_stays_as_it_was(items: Tuple[Any, ...]) -> None:
    assert format_value_in(L(items), 3) == format_value_in(L(items), 2) == format_value(L(items))
    assert "*ints" not in format_value_in(D((("k", L(items)),)), 3)
    assert same(parse_value(format_value_in(L(items), 3)), L(items))
    assert write(_namespace_payload(L(items))).startswith(f"{FORMAT_NAME} 1\n")


@pytest.mark.parametrize("items, width", list(PACKED_RUNS.values()), ids=list(PACKED_RUNS))
def test_a_run_proven_by_marshal_packs_as_pack_ints_does(
    items: Tuple[int, ...], width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick proof of a run of 32-bit exact ints (dumps, issue 9) gives pack_ints's width and
    bytes, also when it comes from what an earlier proof kept; runs it does not prove (wider
    ints, or not CPython) are left to the general checks."""
    monkeypatch.setattr(fmt_packed, "_INT32_RUNS", {})
    run = tuple(items) * (INT_RUN_MIN // len(items) + 1)  # (the proof is tried from INT_RUN_MIN)
    found = packed_int32_run(run)
    if width > 4 or sys.implementation.name != "cpython":
        assert found is None
        return
    assert found is not None and found[0] is run and found[1] == pack_ints(run)
    again = packed_int32_run(tuple(list(run)))  # equal items in a new tuple: the run kept
    assert again is not None and again[0] is run and again[1] == found[1]


class _Int(int):
    """An int subclass: equal to an int, and no int of the payload's."""


@pytest.mark.parametrize(
    "odd",
    [True, False, 1.0, 2**31, -(2**31) - 1, 2**70, "x", None, b"x", (1,), [1], _Int(3), 1j],
    ids=[
        "True",
        "False",
        "1.0",
        "2**31",
        "-2**31-1",
        "2**70",
        "text",
        "None",
        "bytes",
        "tuple",
        "list",
        "int subclass",
        "complex",
    ],
)
@pytest.mark.parametrize("where", [0, 1, 300, -1])
def test_a_run_with_anything_but_a_32_bit_exact_int_is_not_proven(odd: Any, where: int) -> None:
    """Whatever else an item is (equal to an int or not), the quick proof leaves the run to the
    general checks, also when an equal run of exact ints was proven before."""
    ints = list(range(1, 400))
    assert packed_int32_run(tuple(ints)) is not None or sys.implementation.name != "cpython"
    ints[where] = odd
    assert packed_int32_run(tuple(ints)) is None
    assert packed_int32_run(tuple(ints[:-1])) is None or where == -1


def test_a_payload_holding_a_packed_run_is_format_3() -> None:
    run = L(tuple(range(-100, 100)))
    value = D((("a", run), ("b", T((run, "x"))), ("c", L((T(tuple(range(300))),)))))
    payload = replace(_namespace_payload(value), format_version=3)
    text = write(payload)
    assert text.startswith(f"{FORMAT_NAME} 3\n") and text.count("*ints(") == 3
    assert write(parse(text.encode("utf-8"))) == text
    assert same(dict(parse(text).nodes["m"].globals)["g"], value)  # type: ignore[union-attr]
    # A payload read from format 1 or 2 is written again as it was (the golden corpora).
    old = write(payload, 1)
    assert old.startswith(f"{FORMAT_NAME} 1\n") and "*ints" not in old
    assert write(parse(old)) == old


def test_dumps_packs_long_runs_and_loads_them_back() -> None:
    data = list(range(-5000, 5000, 3))
    shared = [7] * 100
    value = {"list": data, "tuple": tuple(data), "shared": [shared, shared], "short": list(range(10))}
    payload = srcpickle.dumps(value)
    assert payload.startswith(f"{FORMAT_NAME} 3\n".encode()) and payload.count(b"*ints('<i2'") == 2
    loaded = srcpickle.loads(payload)
    assert loaded == value and type(loaded["tuple"]) is tuple
    assert loaded["shared"][0] is loaded["shared"][1]
    assert srcpickle.dumps(loaded) == payload
    assert srcpickle.dumps(list(range(INT_PACK_MIN - 1))).startswith(f"{FORMAT_NAME} 1\n".encode())


@pytest.mark.parametrize("version", [1, 2])
def test_a_packed_run_is_refused_before_format_3(version: int) -> None:
    text = "[*ints('<i1', 1, 'AQ==')]"
    with pytest.raises(PayloadFormatError, match=f"needs format 3; this payload is format {version}"):
        parse_value(text, version=version)
    payload = f"{FORMAT_NAME} {version}\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @m\n\n"
    payload += f"[namespace m]\nmodule: 'm'\nglobal g = {text}\n\n[end]\n"
    with pytest.raises(PayloadFormatError, match="needs format 3") as info:
        parse(payload.encode("utf-8"))
    assert info.value.line == 8


ONLY_IN_A_LIST = "a packed run of ints is allowed only in a list or tuple"


@pytest.mark.parametrize(
    "text, message",
    [
        ("[*ints('<i1', 4, 'AQID')]", "4 ints of 1 bytes are 4 bytes, 8 base64 characters; the text has 4"),
        ("[*ints('<i1', 3, 'AQI=')]", "the base64 text holds 2 bytes, not 3"),  # one short
        (
            "[*ints('<i2', 2, 'AQID')]",
            "2 ints of 2 bytes are 4 bytes, 8 base64 characters; the text has 4",
        ),  # wrong width
        ("[*ints('<i4', 1, 'AQID')]", "the text has 4"),
        ("[*ints('<i9', 1, 'AQ==')]", "the width must be '<i1' to '<i8', not '<i9'"),
        ("[*ints('<u1', 1, 'AQ==')]", "the width must be"),
        ("[*ints('>i1', 1, 'AQ==')]", "the width must be"),
        ("[*ints(1, 1, 'AQ==')]", "the width must be"),
        ("[*ints('<i1', 0, '')]", "the count must be a whole number of at least 1, not 0"),
        ("[*ints('<i1', -1, 'AQ==')]", "the count must be"),
        ("[*ints('<i1', 1.0, 'AQ==')]", "the count must be"),
        ("[*ints('<i1', True, 'AQ==')]", "the count must be"),
        (
            "[*ints('<i8', 1000000000000000, 'AQ==')]",
            "10666666666666668 base64 characters; the text has 4",
        ),  # huge: nothing decoded
        (
            "[*ints('<i8', 1606938044258990275541962092341162602522202993782792835301376, 'AQ==')]",
            "the text has 4",
        ),
        ("[*ints('<i1', 1, 'A?==')]", "invalid base64"),
        ("[*ints('<i1', 1, 'AQ=é')]", "invalid base64"),
        ("[*ints('<i1', 1, b'AQ==')]", "the ints must be a base64 text"),
        ("[*ints('<i1', 1)]", "takes a width, a count and a base64 text; found 2 values"),
        ("[*ints('<i1', 1, 'AQ==', 4)]", "found 4 values"),
        ("[*ints('<i1', 1, 'AQ=='", "expected ')'"),
        ("[*ints('<i1', 1, 'AQ==')", "expected ']'"),
        ("[*ints", "expected ints(...) after '*'"),
        ("[*int('<i1', 1, 'AQ==')]", "expected ints(...) after '*'"),
        ("[*[1, 2]]", "expected ints(...) after '*'"),
        ("[* ints('<i1', 1, 'AQ==')]", "expected ints(...) after '*'"),
        # A run only inside a list or tuple: anywhere else the message says so.
        ("*ints('<i1', 1, 'AQ==')", ONLY_IN_A_LIST),
        ("{*ints('<i1', 1, 'AQ==')}", ONLY_IN_A_LIST),
        ("{1, *ints('<i1', 1, 'AQ==')}", ONLY_IN_A_LIST),
        ("{1: *ints('<i1', 1, 'AQ==')}", ONLY_IN_A_LIST),
        ("{*ints('<i1', 1, 'AQ=='): 1}", ONLY_IN_A_LIST),
        ("{1: 2, 3: *ints('<i1', 1, 'AQ==')}", ONLY_IN_A_LIST),
        ("set({*ints('<i1', 1, 'AQ==')})", ONLY_IN_A_LIST),
        ("frozenset({*ints('<i1', 1, 'AQ==')})", ONLY_IN_A_LIST),
        ("complex(*ints('<i1', 1, 'AQ=='))", ONLY_IN_A_LIST),
        ("[[1], {*ints('<i1', 1, 'AQ==')}]", ONLY_IN_A_LIST),
        ("{*[1, 2]}", "expected a value, found '*'"),
        ("{1: *x}", "expected a value, found '*'"),
        ("ints('<i1', 1, 'AQ==')", "unknown name"),
    ],
)
def test_invalid_packed_runs_are_format_errors(text: str, message: str) -> None:
    with pytest.raises(PayloadFormatError) as info:
        parse_value(text, line=3, version=3)
    assert message in str(info.value)
    assert info.value.line == 3 and info.value.column is not None
    if message == ONLY_IN_A_LIST:
        assert info.value.column == text.index("*") + 1  # at the run's "*"


def test_a_hostile_packed_run_executes_nothing(tmp_path: Path) -> None:
    # A payload whose only fault is its packed run: loads refuses it before any source runs.
    marker = tmp_path / "ran"
    source = f"def f():\n    open({str(marker)!r}, 'w').close()\n"
    payload = (
        f"{FORMAT_NAME} 3\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
        "[function f]\nname: 'f'\nqualname: 'f'\nmodule: 'm'\nnamespace: @m\n"
        "defaults: ([*ints('<i1', 99999999999, 'AQ==')],)\ndoc: None\nkind: 'def'\nline: 1\n"
        f"source: 2\n    {source.splitlines()[0]}\n    {source.splitlines()[1]}\n\n"
        "[namespace m]\nmodule: 'm'\n\n[end]\n"
    )
    with pytest.raises(PayloadFormatError, match="99999999999 ints of 1 bytes"):
        srcpickle.loads(payload.encode("utf-8"))
    assert not marker.exists()


def test_lenient_packed_run_forms() -> None:
    """Forms a writer never writes that mean one thing only: a packed run beside other items,
    two runs, spaces, a short run and a width wider than needed."""
    assert same(
        parse_value("[1, *ints('<i1', 2, 'AgM='), 'x', *ints( '<i8' , 1 ,'BAAAAAAAAAA=' ) ,]"),
        L((1, 2, 3, "x", 4)),
    )
    assert same(parse_value("(*ints('<i2', 1, '//8='),)"), T((-1,)))
    assert same(parse_value("(*ints('<i2', 2, '/////w=='))"), T((-1, -1)))


def test_the_runs_of_ints_the_parser_made_are_known_as_ints() -> None:
    """The parser remembers the long runs of ints it made (packed, or decimal digits), so that
    its checks and the loader's plan need not look at their items again; any other list or
    tuple is looked at, and a reference beside a packed run is still checked."""
    from srcpickle._fmt.read import known_ints

    packed = format_value_in(L(tuple(range(-5, 300))), 3)[1:-1]  # *ints('<i2', 305, '...')
    decimal = ", ".join(map(str, range(1000)))
    for text, known in [
        (f"[{packed}]", True),
        (f"({packed})", True),
        (f"[{packed}, {packed}]", True),
        (f"[{decimal}]", True),  # (the value parser's decimal run)
        (f"[1, {decimal}]", True),
        (f"[{packed}, 'x']", False),
        (f"[{packed}, [{packed}]]", False),  # a nested run is no item of the outer list
        (f"[{packed}, 2.5]", False),
        ("[1, 2, 3]", False),  # (short runs are looked at: cheap)
    ]:
        value = parse_value(text, version=3)
        assert known_ints(value.items) is known, text[:40]  # type: ignore[union-attr]
    assert not known_ints(tuple(range(300)))  # a tuple the parser did not make
    payload = f"{FORMAT_NAME} 3\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @v\n\n[value v]\n"
    good = parse(payload + f"value: [{packed}]\n\n[end]\n")
    assert known_ints(good.nodes["v"].value.items)  # type: ignore[union-attr]
    loaded = srcpickle.loads(payload + f"value: [{packed}]\n\n[end]\n")
    assert loaded == list(range(-5, 300)) and type(loaded) is list
    loaded = srcpickle.loads(payload + f"value: ({packed})\n\n[end]\n")
    assert loaded == tuple(range(-5, 300)) and type(loaded) is tuple
    for value in (f"[{packed}, @missing]", f"({packed}, [@missing])", f"[{decimal}, @missing]"):
        with pytest.raises(PayloadFormatError, match="reference to missing node @missing"):
            parse(payload + f"value: {value}\n\n[end]\n")
    # Only the last payload parsed is remembered (its load is what reads it).
    parse(payload + "value: [1]\n\n[end]\n")
    assert not known_ints(good.nodes["v"].value.items)  # type: ignore[union-attr]


# ------------------------------------------------- format 3: fields a section shares or implies


def _module_payload(**nodes: Any) -> Payload:
    return Payload(root=T(tuple(Ref(n) for n in nodes if n != "ns")), nodes=dict(nodes))


_SHARING = {
    "f": _function(file="m.py", doc=None),
    "ns": NamespaceNode("m", (("K", 1),)),
    "g": _function(
        name="g",
        qualname="g",
        source='def g():\n    """Doc of g."""\n    return 1',
        file="m.py",
        doc="Doc of g.",
    ),
    "lam": _function(name="<lambda>", qualname="<lambda>", kind="lambda", source="lambda x: x", file="m.py"),
    "nested": _function(
        name="inner", qualname="outer.<locals>.inner", source="def inner():\n    'x'", doc="x"
    ),
    "moved": _function(
        name="moved", qualname="moved", module="elsewhere", file="other.py", doc="changed later"
    ),
    "C": ClassNode(
        name="C", qualname="C", module="m", namespace="ns", source="class C:\n    pass", line=9, file="m.py"
    ),
}


def test_format_3_writes_what_sections_share_once() -> None:
    payload = _module_payload(**_SHARING)
    text = write(payload)
    assert text.startswith(f"{FORMAT_NAME} 3\n")
    sections = {block.split("]\n")[0]: block for block in text.split("\n\n[")[1:]}
    assert "file: 'm.py'" in sections["namespace ns"]  # the first section's file
    for name in ("function f", "function g", "function lam", "class C"):
        section = sections[name]
        assert "\nmodule: " not in section and "\nfile: " not in section, section
        assert "\nqualname: " not in section and "\nkind: " not in section, section
        assert "\nnamespace: @ns\n" in section  # which module: said in the section itself
    assert "\ndoc: " not in sections["function g"] and "\ndoc: " not in sections["function lam"]
    # What differs stays written: another module and file, a doc that is not the source's, a
    # qualname that is not the name, a file other than the namespace's.
    moved = sections["function moved"]
    assert "\nmodule: 'elsewhere'\n" in moved and "\nfile: 'other.py'\n" in moved
    assert "\ndoc: 'changed later'\n" in moved
    nested = sections["function nested"]
    assert "\nqualname: 'outer.<locals>.inner'\n" in nested and "\nfile: ''\n" in nested
    assert "\ndoc: " not in nested  # ('x' is its docstring)
    # Read back, every node is the one written: the same as the text of format 1 gives.
    parsed = parse(text)
    assert parsed == payload and parse(write(payload, 1)) == payload
    assert write(parsed) == text
    assert parsed.nodes["g"].doc == "Doc of g." and parsed.nodes["lam"].kind == "lambda"  # type: ignore[union-attr]
    assert parsed.nodes["C"].file == "m.py" and parsed.nodes["nested"].file == ""  # type: ignore[union-attr]


def test_a_payload_of_one_function_keeps_every_field() -> None:
    payload = _module_payload(f=_SHARING["f"], ns=_SHARING["ns"])
    text = write(payload)
    assert text.startswith(f"{FORMAT_NAME} 1\n") and "\nmodule: 'm'\nnamespace: @ns\nfile: 'm.py'\n" in text
    # Two functions of one module: format 3 (the payload of a capture: dumps writes it so).
    two = write(_module_payload(f=_SHARING["f"], g=_SHARING["g"], ns=_SHARING["ns"]))
    assert two.startswith(f"{FORMAT_NAME} 3\n")
    # ... unless the payload was read from format 1 or 2: written again as it was.
    old = write(_module_payload(f=_SHARING["f"], g=_SHARING["g"], ns=_SHARING["ns"]), 1)
    assert write(parse(old)) == old


def test_a_doc_is_left_out_only_where_every_reader_parses_the_source() -> None:
    payload = replace(
        _module_payload(f=_SHARING["f"], g=_SHARING["g"], ns=_SHARING["ns"]), requires_python=(3, 10)
    )
    text = write(payload)
    assert "\ndoc: 'Doc of g.'\n" in text and "\ndoc: None\n" in text
    assert parse(text) == payload


def test_dumps_of_functions_of_one_module_shares_their_fields() -> None:
    def first(x):
        """First's doc."""
        return x + 1

    def second(x):
        return first(x) * 2

    second.__doc__ = "set after the definition"
    fns = [first, second, lambda y: second(y)]
    data = srcpickle.dumps(fns)
    text = data.decode("utf-8")
    assert text.startswith(f"{FORMAT_NAME} 3\n") and text.count("\nmodule: ") == 1  # the namespace's
    assert text.count("\ndoc: ") == 1 and "\ndoc: 'set after the definition'\n" in text
    assert text.count("\nname: ") == 1 and "\nname: '<lambda>'\n" in text  # (the defs say theirs)
    loaded = srcpickle.loads(data)
    assert [f(1) for f in loaded] == [2, 4, 4]
    for original, copy in zip(fns, loaded):
        assert (copy.__doc__, copy.__module__, copy.__name__, copy.__qualname__) == (
            original.__doc__,
            original.__module__,
            original.__name__,
            original.__qualname__,
        )
    assert srcpickle.dumps(loaded) == data


# name -> (source, whether format 3 leaves the name out: the def statement starting it gives it)
_NAMED_BY_SOURCE = {
    "plain": ("def plain(x):\n    return x", True),
    "coro": ("async def coro(x):\n    return x", True),
    "generic": ("def generic[T](x: T) -> T:\n    return x", True),  # (3.12 syntax: read, not compiled)
    "other": ("def renamed(x):\n    return x", False),  # __name__ assigned after the def
    "decorated": ("@staticmethod\ndef decorated(x):\n    return x", False),
    "spaced": ("def spaced (x):\n    return x", False),
    "fix": ("def \ufb01x(x):\n    return x", False),  # NFKC: the name Python gives is 'fix'
    "<lambda>": ("lambda x: x", False),
    "tabbed": ("def\ttabbed(x):\n    return x", False),
}


def test_a_name_is_left_out_where_its_def_statement_gives_it() -> None:
    nodes: Dict[str, Any] = {"ns": _SHARING["ns"]}
    for number, (name, (source, _)) in enumerate(_NAMED_BY_SOURCE.items()):
        kind = "lambda" if source.startswith("lambda") else "def"
        nodes[f"n{number}"] = _function(
            name=name, qualname=name, kind=kind, source=source, file="m.py", line=10 * number + 1
        )
    payload = _module_payload(**nodes)
    text = write(payload)
    assert text.startswith(f"{FORMAT_NAME} 3\n")
    sections = {block.split("]\n")[0]: block for block in text.split("\n\n[")[1:]}
    for number, (name, (_, left_out)) in enumerate(_NAMED_BY_SOURCE.items()):
        section = sections[f"function n{number}"]
        assert ("\nname: " not in section) is left_out, section
        assert "\nqualname: " not in section  # (equal to the name, left out either way)
    parsed = parse(text)
    assert parsed == payload and write(parsed) == text
    assert [parsed.nodes[f"n{k}"].name for k in range(len(_NAMED_BY_SOURCE))] == list(_NAMED_BY_SOURCE)  # type: ignore[union-attr]
    # Formats 1 and 2 write every name, as they always did.
    assert write(payload, 2).count("\nname: ") == len(_NAMED_BY_SOURCE)


@pytest.mark.parametrize(
    "source",
    [
        *(source for source, _ in _NAMED_BY_SOURCE.values()),
        "def f",
        "def a[b(c):",
        "def a(b[c]):",
        "def (x):",
        "def 1a(x):",
        "async  def f(x):",
        "def " + "x" * 255 + "(): pass",
        "def " + "x" * 256 + "(): pass",
    ],
)
def test_the_writers_name_check_answers_as_the_readers_name(source: str) -> None:
    # The writer leaves a name out when def_named says so; the reader fills in source_def_name's
    # answer: the two must agree on every source and name, or a payload loads another name.
    from srcpickle._fmt import def_named, source_def_name

    found = source_def_name(source)
    for name in {found or "f", "f", "a", "x" * 255, "x" * 256, "renamed", "fix", "\ufb01x"}:
        assert def_named(source, name) is (found == name), (source, name)


@pytest.mark.parametrize(
    "source",
    ["    @d\n    def f(): pass", "    lambda: 0", "    def f (): pass", "    class f: pass", "    x = 1"],
)
def test_a_section_without_a_name_its_source_does_not_give_is_refused(source: str) -> None:
    payload = f"{FORMAT_NAME} 3\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
    payload += _BARE_FUNCTION.format(count=source.count("\n") + 1, source=source).replace("name: 'f'\n", "")
    with pytest.raises(PayloadFormatError, match="function section 'f' lacks field 'name'") as info:
        parse(payload.encode("utf-8"))
    assert (info.value.line, info.value.column) == (6, 1)


@pytest.mark.parametrize("version", [1, 2])
def test_a_name_is_needed_before_format_3(version: int) -> None:
    payload = f"{FORMAT_NAME} {version}\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
    payload += _BARE_FUNCTION.format(count=1, source="    def f(): pass").replace("name: 'f'\n", "")
    payload = payload.replace("namespace: @m\n", "qualname: 'f'\nmodule: 'm'\nnamespace: @m\nfile: ''\n")
    payload = payload.replace("line: 1\n", "kind: 'def'\ndoc: None\nsignature: '()'\nline: 1\n")
    with pytest.raises(PayloadFormatError, match="lacks field 'name'"):
        parse(payload.encode("utf-8"))


@pytest.mark.parametrize("version", [1, 2])
def test_a_namespace_file_is_refused_before_format_3(version: int) -> None:
    payload = f"{FORMAT_NAME} {version}\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @m\n\n"
    payload += "[namespace m]\nmodule: 'm'\nfile: 'm.py'\n\n[end]\n"
    with pytest.raises(
        PayloadFormatError, match=f"needs format 3, and this payload is format {version}"
    ) as info:
        parse(payload.encode("utf-8"))
    assert info.value.line == 8


_BARE_FUNCTION = (
    "[function f]\nname: 'f'\nnamespace: @m\nline: 1\nsource: {count}\n{source}\n\n"
    "[namespace m]\nmodule: 'm'\n\n[end]\n"
)


@pytest.mark.parametrize("version", [1, 2])
def test_every_field_is_needed_before_format_3(version: int) -> None:
    payload = f"{FORMAT_NAME} {version}\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
    payload += _BARE_FUNCTION.format(count=1, source="    def f(): pass")
    with pytest.raises(PayloadFormatError, match="qualname|module|doc|kind"):
        parse(payload.encode("utf-8"))


@pytest.mark.parametrize(
    "source, error",
    [
        ("    def f(:", "does not compile"),  # no def this Python parses
        ("    x = 1", "does not define the recorded def"),  # no def statement
        ("      def f(): pass", ""),  # indented (the loader takes it): no docstring read
        ("    class f: pass", "holds more than its def"),
    ],
)
def test_a_left_out_doc_of_a_source_that_does_not_parse_is_none(source: str, error: str) -> None:
    # The payload stays readable, as one whose sources do not compile is; loading refuses it
    # when it compiles the source, before anything of it runs.
    payload = f"{FORMAT_NAME} 3\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
    payload += _BARE_FUNCTION.format(count=1, source=source)
    parsed = srcpickle.inspect(payload)
    assert parsed.nodes["f"].doc is None  # type: ignore[union-attr]
    if not error:
        assert srcpickle.loads(payload.encode("utf-8")).__doc__ is None
        return
    with pytest.raises(LoadError, match=error):
        srcpickle.loads(payload.encode("utf-8"))


@pytest.mark.parametrize(
    "source, doc",
    [
        ("    def f(): return 1", None),  # no quote: not parsed for its docstring
        ("    def f(:", None),  # no quote, and no def this Python parses
        ("    def f():\n        return 'x'", None),  # a quote, in no docstring
        ("    def f(x='a'):\n        return x", None),
        ("    def f(x='a'):\n        'doc'\n        return x", "doc"),
        ('    def f():\n        """Doc\n        of f."""', "Doc\n    of f."),
        ("    def f():\n        'a' \"b\"", "ab"),  # implicit concatenation: one literal
        ("    def f():\n        f'x'", None),  # an f-string is no docstring
        ("    def f():\n        b'x'", None),  # nor bytes
        ("    async def f():\n        r'\\d'", "\\d"),
    ],
)
def test_a_left_out_doc_is_the_docstring_the_source_gives(source: str, doc: Any) -> None:
    # Read back the same with or without a quote in the source (a source without one is not
    # parsed for its docstring), and the loaded function has it.
    payload = f"{FORMAT_NAME} 3\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
    payload += _BARE_FUNCTION.format(count=source.count("\n") + 1, source=source)
    assert parse(payload).nodes["f"].doc == doc  # type: ignore[union-attr]
    if source != "    def f(:":
        assert srcpickle.loads(payload.encode("utf-8")).__doc__ == doc


# Sources whose left-out doc a load must not take from the compiled code as it is: the loader
# re-indents them (their multi-line strings change), or compiles an indented source under its
# ``if 1:`` that does not parse alone (no doc). (fields, line, source block)
_LAYOUTS_OF_LEFT_OUT_DOCS = [
    ("scope: 'outer.<locals>'\n", 3, '    def f():\n        """a\n        b"""'),  # re-indented
    ("scope: 'outer.<locals>'\n", 3, '    def f():\n        """a \\\n        b"""'),  # continued
    ("indent: '    '\nscope: 'outer.<locals>'\n", 3, '    def f():\n        """a\n        b"""'),
    ("indent: '    '\n", 3, '    def f():\n        """a\n        b"""'),
    ("indent: '    '\n", 3, '    def f():\n        """a \\\n        b"""'),
    ("", 1, '      def f(): "x"'),  # indented: no def this Python parses alone
    ("", 1, '    def f():\n        "x"'),
    ("", 1, '    def f(): "one"; return 2'),
    ("", 1, '    def f():\n        """\\ta\n        \\tb"""'),  # a tab 3.13 expands and removes
    ("", 1, '    def f():\n        """\\x20 spaces first, which 3.13 strips"""'),
    ("", 1, "    def f(x='a'):\n        return x"),  # a quote, and no docstring
]


def _left_out_doc_payload(fields: str, line: int, source: str) -> str:
    payload = f"{FORMAT_NAME} 3\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
    return payload + _BARE_FUNCTION.format(count=source.count("\n") + 1, source=source).replace(
        "line: 1\n", f"{fields}line: {line}\n"
    )


@pytest.mark.parametrize("fields, line, source", _LAYOUTS_OF_LEFT_OUT_DOCS)
def test_a_left_out_doc_loads_as_the_parse_reads_it_in_every_layout(
    fields: str, line: int, source: str
) -> None:
    # A load takes a left-out doc from the compiled code only where that code holds the source's
    # own docstring (issue 9): a text the loader changed, or no def the source parses into,
    # gives the parse's doc all the same.
    payload = _left_out_doc_payload(fields, line, source)
    doc = parse(payload).nodes["f"].doc  # type: ignore[union-attr]
    assert srcpickle.loads(payload.encode("utf-8")).__doc__ == doc
    assert srcpickle.loads(payload).__doc__ == doc  # loaded again: the same node


def test_a_doc_left_to_the_compiled_code_is_never_left_unfilled(monkeypatch: pytest.MonkeyPatch) -> None:
    # What a load's parse leaves to the compiled code (parse_deferring_docs) is filled for every
    # node, also one without compiled code of its own (the parse of its source then), so that no
    # node is ever built with the placeholder.
    from srcpickle import _fmt, _rebuild
    from srcpickle._fmt.read import DOC_FROM_SOURCE, parse_deferring_docs

    monkeypatch.setattr(_fmt, "_DOCSTRINGS", {})  # (no docstring kept by an earlier test)
    payload_text = _left_out_doc_payload("", 1, '    def f():\n        "x"')
    payload, deferred = parse_deferring_docs(payload_text)
    assert deferred == ["f"] and payload.nodes["f"].doc is DOC_FROM_SOURCE  # type: ignore[union-attr]
    _rebuild._docs_from_code(payload, {}, deferred)
    assert payload.nodes["f"].doc == "x" == parse(payload_text).nodes["f"].doc  # type: ignore[union-attr]


@pytest.mark.any_python  # (every interpreter of the machine, whichever runs the suite: once per CI)
@pytest.mark.parametrize("optimize", [False, True])
def test_a_left_out_doc_loads_the_same_on_every_interpreter(tmp_path: Path, optimize: bool) -> None:
    """Every interpreter (3.13 compiles a docstring cleaned of its indentation, PyPy compiles
    with its own compiler), and under ``-OO`` (no docstrings compiled), loads the doc the source
    gives: what parsing the payload reads."""
    import subprocess

    from . import interpreters, isolated, result_of, write_payload

    payloads = [_left_out_doc_payload(*layout) for layout in _LAYOUTS_OF_LEFT_OUT_DOCS]
    expected = [parse(payload).nodes["f"].doc for payload in payloads]  # type: ignore[union-attr]
    paths = [str(write_payload(tmp_path, payload.encode("utf-8"))) for payload in payloads]
    code = (
        f"import sys; sys.path[:0] = [{isolated().directory!r}]\n"
        "import srcpickle\n"
        "docs = []\n"
        "for path in sys.argv[1:]:\n"
        "    with open(path, 'rb') as handle:\n"
        "        docs.append(srcpickle.loads(handle.read()).__doc__)\n"
        "print('RESULT=' + repr((docs, sys.flags.optimize)))\n"
    )
    for interp in interpreters():
        flags = ["-OO"] if optimize else []
        proc = subprocess.run(
            [interp.path, *flags, "-I", "-X", "utf8", "-c", code, *paths],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result_of(proc) == (expected, 2 if optimize else 0), interp


def test_a_section_without_its_namespace_is_still_refused() -> None:
    payload = f"{FORMAT_NAME} 3\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
    payload += _BARE_FUNCTION.format(count=1, source="    def f(): pass").replace(
        "namespace: @m", "namespace: @nowhere"
    )
    with pytest.raises(PayloadFormatError, match="module|nowhere"):
        parse(payload.encode("utf-8"))


# ------------------------------------------------------------- format 3: lines after a section

_THREE_DEFS = (
    "[function a]\nname: 'a'\nnamespace: @m\nline: {a}\nsource: 1\n    def a(): return 1\n\n"
    "[function b]\nname: 'b'\nnamespace: @m\nline: {b}\nsource: 1\n    def b(): return 2\n\n"
    "[function c]\nname: 'c'\nnamespace: @m\nline: {c}\nsource: 1\n    def c(): return 3\n\n"
    "[namespace m]\nmodule: 'm'\nfile: 'm.py'\n\n[end]\n"
)


def _three_defs(version: int = 3, **lines: str) -> str:
    head = f"{FORMAT_NAME} {version}\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @a\n\n"
    return head + _THREE_DEFS.format(**{"a": "3", "b": "@a + 4", "c": "@b + 10", **lines})


def test_a_line_after_another_section_is_its_line_plus_the_offset() -> None:
    payload = parse(_three_defs())
    assert [payload.nodes[n].line for n in "abc"] == [3, 7, 17]  # type: ignore[union-attr]
    # Written in any order: the sections it is written after are followed, wherever they are.
    assert [parse(_three_defs(a="@c + 0", c="5", b="@c + 2")).nodes[n].line for n in "abc"] == [5, 7, 5]  # type: ignore[union-attr]
    # The writer writes the sections of one file after each other, in the order of their lines.
    text = write(payload)
    assert "\nline: 3\n" in text and "\nline: @a + 4\n" in text and "\nline: @b + 10\n" in text
    assert write(parse(text)) == text


def test_the_writer_chains_the_lines_of_one_file_only() -> None:
    payload = parse(_three_defs())
    nodes = dict(payload.nodes)
    nodes["c"] = replace(nodes["c"], file="other.py")  # type: ignore[type-var]
    text = write(replace(payload, nodes=nodes))
    # c is alone in its file: its line is a number; a and b still follow each other.
    assert "\nline: 17\n" in text and "\nline: @a + 4\n" in text
    assert parse(text).nodes["c"].line == 17  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "lines, message, line, column",
    [
        ({"b": "@nobody + 4"}, r"@nobody is no function or class section with a line", 16, 7),
        ({"b": "@m + 4"}, r"@m is no function or class section with a line", 16, 7),
        ({"a": "@c + 1"}, r"the line of @a is written after sections that come back to @a", 9, 7),
        ({"b": "@b + 0"}, r"the line of @b is written after sections that come back to @b", 16, 7),
        # @a+4 is a reference to the id a+4: refused with the syntax, never read as @a + 4
        (
            {"b": "@a+4"},
            r"field 'line' is a reference \(@a\+4\), not a line: write 'line: N', or in format 3 "
            r"'line: @id \+ N' with one space either side of the '\+' \(@a\+4 is read whole as an id",
            16,
            7,
        ),
        (
            {"b": "@a"},
            r"field 'line' is a reference \(@a\), not a line: write 'line: N'.*either side of the "
            r"'\+' \(line",
            16,
            7,
        ),
        ({"b": "@a + 4", "c": "@b+10"}, r"field 'line' is a reference \(@b\+10\)", 23, 7),
        ({"a": "@c+1"}, r"field 'line' is a reference \(@c\+1\)", 9, 7),  # (the start of a chain)
        ({"b": "@a +4"}, r"expected 'line: N' or 'line: @id \+ N'", 16, 7),
        ({"b": "@a+ 4"}, r"expected 'line: N' or 'line: @id \+ N'", 16, 7),
        ({"b": "@a  + 4"}, r"expected 'line: N' or 'line: @id \+ N'", 16, 7),
        ({"b": "@a + -4"}, r"expected 'line: N' or 'line: @id \+ N'", 16, 7),
        ({"b": "@a + 12345678"}, r"expected 'line: N' or 'line: @id \+ N'", 16, 7),
        ({"b": "@a + 4 "}, r"expected 'line: N' or 'line: @id \+ N'", 16, 7),
        ({"a": "999999", "c": "@b + 999"}, r"line must be from 1 to 1000000", 16, 7),
        ({"a": "'one'"}, r"field 'line' has the wrong type", 9, 7),
    ],
)
def test_a_line_after_a_section_that_is_none_is_refused(
    lines: Dict[str, str], message: str, line: int, column: int
) -> None:
    with pytest.raises(PayloadFormatError, match=message) as info:
        parse(_three_defs(**lines))
    assert (info.value.line, info.value.column) == (line, column)


# What format 3 defines a ``line: @id + N`` field as: this pattern's full match (an id as in a
# reference, one space either side of the plus, 1 to 7 ASCII digits). The parser reads it without
# compiling the pattern (issue 9: compiling it was ~180 us of a process's first load).
_LINE_AFTER_PATTERN = re.compile(r"line: @([^\s,()\[\]{}:=@'\"]+) \+ ([0-9]{1,7})")


@pytest.mark.parametrize(
    "line",
    [
        "line: @a + 4",
        "line: @f-1.helper + 1234567",
        "line: @Box.method-x + 0",
        "line: @a + 12345678",
        "line: @a + ",
        "line: @ + 4",
        "line: @a +4",
        "line: @a  + 4",
        "line: @a + 4 ",
        "line: @a + 4\t",
        "line: @a + -4",
        "line: @a + +4",
        "line: @a + \u0664",  # (an Arabic-Indic digit: a digit to str.isdigit, not to [0-9])
        "line: @a + 4\u0664",
        "line: @a + \u00b2",  # (a superscript two: str.isdigit says yes, int() refuses it)
        "line: @\u00e9t\u00e9 + 3",
        "line: @a\u00a0+ 3",  # (a no-break space ends an id: \s matches it)
        "line: @a(b) + 3",
        "line: @a:b + 3",
        "line: @'a' + 3",
        "line: @a + 3 + 4",
        "line: @a @b + 3",
        "line: 7",
        "line:@a + 4",
        "lines: @a + 4",
    ],
)
def test_the_parser_reads_a_line_after_a_section_as_the_format_pattern_does(line: str) -> None:
    from srcpickle._fmt.read import _line_after

    match = _LINE_AFTER_PATTERN.fullmatch(line)
    assert _line_after(line) == (None if match is None else (match.group(1), int(match.group(2))))
    # And in a payload: a field of this form that the pattern does not read is refused.
    text = _three_defs().replace("line: @a + 4\n", line + "\n")
    if match is None and line.startswith("line: @"):
        with pytest.raises(PayloadFormatError, match="expected 'line: N' or 'line: @id"):
            parse(text)
    elif match is not None and match.groups() == ("a", "4"):
        assert parse(text).nodes["b"].line == 7  # type: ignore[union-attr]


@pytest.mark.parametrize("second", ["line: 5", "line: @a + 1"])
@pytest.mark.parametrize("first", ["line: 7", "line: @a + 4"])
def test_a_second_line_field_is_refused_whichever_way_each_is_written(first: str, second: str) -> None:
    # (the parse loop reads "line: @id + N" itself, as it reads "line: N": issue 9)
    text = _three_defs().replace("line: @a + 4\n", f"{first}\n{second}\n")
    with pytest.raises(PayloadFormatError, match="duplicate field 'line'") as info:
        parse(text)
    assert (info.value.line, info.value.column) == (17, 1)


@pytest.mark.parametrize("version", [1, 2])
def test_a_line_after_a_section_is_refused_before_format_3(version: int) -> None:
    text = _three_defs(version).replace(
        "namespace m]\nmodule: 'm'\nfile: 'm.py'", "namespace m]\nmodule: 'm'"
    )
    for name in "abc":
        text = text.replace(
            f"name: '{name}'\n", f"name: '{name}'\nqualname: '{name}'\nmodule: 'm'\ndoc: None\nkind: 'def'\n"
        )
    with pytest.raises(PayloadFormatError, match="unexpected text after the value") as info:
        parse(text)
    assert (info.value.line, info.value.column) == (24, 10)


_ONE_FUNCTION = (
    "srcpickle-payload 1\n"
    "written-by: 'srcpickle 0.3.0, cpython 3.11.7'\n"
    "requires-python: '3.9'\n"
    "root: @f\n"
    "\n"
    "[function f]\n"
    "name: 'f'\n"
    "qualname: 'f'\n"
    "module: 'm'\n"
    "namespace: @m\n"
    "file: {file}\n"
    "doc: None\n"
    "kind: 'def'\n"
    "line: {line}\n"
    "source: 2\n"
    "    def f():\n"
    "        return 1\n"
    "\n"
    "[namespace m]\n"
    "module: 'm'\n"
    "\n"
    "[end]\n"
)
# Field values the parse loop reads itself (a text without escapes, a plain decimal) and their
# near misses, which it leaves to the value parser.
_FIELD_TEXTS = (
    "'m.py'|''|'a b'|'a'b'|'|'ab|ab'|'a\\'b'|'a\\\\b'|\"m.py\"|'é'|'a''|''a'|' '|'m.py' |'m.py',|"
    "7|1|0|007|10000000|9999999|123456789012345678|1234567890123456789|٣|²|7 |+7|-7|7.0|0x7|7_0|@m|None"
).split("|")


@pytest.mark.parametrize("text", _FIELD_TEXTS)
def test_the_parse_loop_reads_a_field_as_the_value_parser_reads_it(text: str) -> None:
    """A text field (``file:``) and a number field (``line:``) of a whole payload hold what the
    value parser reads in their text, or the payload is refused at that line, as the general
    reading of a field line refuses it (issue 9: the loop reads the common ones itself)."""
    from srcpickle._fmt import read as fmt_read

    try:
        expected: Any = parse_value(text)
    except PayloadFormatError:
        expected = PayloadFormatError
    for field, line_no, other in (("file", 11, "line"), ("line", 14, "file")):
        payload = _ONE_FUNCTION.format(**{field: text, other: "'m.py'" if other == "file" else "3"})
        try:
            node = parse(payload).nodes["f"]
        except PayloadFormatError as exc:
            # Refused at the field's line: its value is no value, or not one the field takes.
            assert exc.line == line_no, (field, text)
            wrong = expected is PayloadFormatError or (
                type(expected) is not str if field == "file" else type(expected) is not int
            )
            assert wrong or not 1 <= expected <= fmt_read.MAX_LINE, (field, text)
            continue
        got = getattr(node, field)
        assert got == expected and type(got) is type(expected), (field, text)


_ENTRY_TEXTS = (
    "{'a': [1, 2, 3], 'b': (4.0, inf), 'c': frozenset({'x', 'y'})}|{'a': 1}|{}|{'a': 1,}|{'a' 1}|"
    "{[1]: 2}|{'a': 1} x|{'a': 1}  |  {'a': 1}|\t{'a': 1}|{'a': nan}|[1, (2,), {3}]|(1)|[1, 2|"
    "set()|frozenset({1})|frozenset(1)|complex(1, 2)|b'\\xff'|'a\\nb'|{'a': @m}|{'a': @missing}|"
    "-inf|-nan|nan(0x7ff8000000000001)|1e400|0x1F|٣|[*ints('<i1', 1, 'AQ==')]"
).split("|")


@pytest.mark.parametrize("text", _ENTRY_TEXTS)
def test_a_global_entry_holds_what_the_value_parser_reads(text: str) -> None:
    """``global G = VALUE`` in a namespace section holds what ``parse_value`` reads in VALUE (the
    parse loop reads it without _parse_section_line, issue 9), or the payload is refused at that
    line as before."""
    from srcpickle._fmt import read as fmt_read

    payload = _ONE_FUNCTION.format(file="'m.py'", line="3").replace(
        "module: 'm'\n\n[end]", f"module: 'm'\nglobal G = {text}\n\n[end]"
    )
    try:
        expected: Any = fmt_read._ValueParser(text, 21, 0, 1)
        expected = (expected.value(), expected.at_end())
    except PayloadFormatError:
        expected = None
    try:
        node = parse(payload).nodes["m"]
    except PayloadFormatError as exc:
        assert exc.line == 21, text  # (a reference to no section too: checked after the parse)
        assert expected is None or not expected[1] or "@missing" in text, text
        return
    assert expected is not None and expected[1], text
    ((name, got),) = node.globals
    assert name == "G" and repr(got) == repr(expected[0]) and type(got) is type(expected[0]), text


@pytest.mark.parametrize("version", [1, 2, 3])
def test_a_line_written_as_a_reference_gives_the_syntax_in_every_format(version: int) -> None:
    # (format 1 and 2 have no line: @id + N: the message names it as format 3's)
    text = _three_defs(version, b="3", c="@a+4")
    if version < 3:
        text = text.replace("namespace m]\nmodule: 'm'\nfile: 'm.py'", "namespace m]\nmodule: 'm'")
        for name in "abc":
            text = text.replace(
                f"name: '{name}'\n",
                f"name: '{name}'\nqualname: '{name}'\nmodule: 'm'\ndoc: None\nkind: 'def'\n",
            )
    with pytest.raises(
        PayloadFormatError, match=r"field 'line' is a reference \(@a\+4\), not a line"
    ) as info:
        parse(text)
    assert info.value.column == 7


# requires-python texts near the edges of the pattern the parser once matched them with, (\d{1,2})\.(\d{1,3})
# (it now reads them with str methods, issue 9): digits of other scripts, too many digits, signs,
# spaces, a third number.
_VERSION_TEXTS = [
    "3.9",
    "3.10",
    "3.13",
    "03.009",
    "12.345",
    "123.4",
    "3.1234",
    "3.",
    ".9",
    "3",
    "",
    "3.9.1",
    " 3.9",
    "3.9 ",
    "3.9\n",
    "٣.٩",
    "3.١٢",
    "².9",
    "-3.9",
    "+3.9",
    "3,9",
    "3..9",
    "\U0001d7d9.9",
]


@pytest.mark.parametrize("text", _VERSION_TEXTS)
def test_a_required_python_reads_as_its_pattern_reads_it(text: str) -> None:
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,3})", text)
    data = f"srcpickle-payload 1\nwritten-by: 'hand'\nrequires-python: {text!r}\nroot: 1\n\n[end]\n"
    if match:
        assert parse(data).requires_python == (int(match.group(1)), int(match.group(2)))
    else:
        with pytest.raises(PayloadFormatError, match="requires-python must be text like '3.9'") as info:
            parse(data)
        assert (info.value.line, info.value.column) == (3, 18)


def test_the_name_a_def_starts_with_ends_at_its_first_bracket() -> None:
    """``source_def_name`` (found with str.find, issue 9) gives the name before the first "(" or
    "[" of the 256 characters after ``def `` when it is an identifier, as a walk over the
    characters finds it."""
    import random

    from srcpickle._fmt import source_def_name

    def walked(source: str) -> Any:
        start = 4 if source.startswith("def ") else 10 if source.startswith("async def ") else None
        if start is None:
            return None
        head = source[start : start + 256]
        for index, char in enumerate(head):
            if char in "([":
                return head[:index] if head[:index].isidentifier() else None
        return None

    rng = random.Random(108)
    sources = ["def " + "x" * 255 + "(", "def " + "x" * 256 + "(", "def " + "x" * 255 + "[", "def f"]
    for _ in range(20000):
        body = "".join(rng.choice("ab_1é (["[: rng.randint(3, 9)]) for _ in range(rng.randint(0, 7)))
        sources.append(rng.choice(["def ", "async def ", "async  def ", ""]) + body)
    for source in sources:
        assert source_def_name(source) == walked(source), repr(source)


# The section header's pattern, as the parser read it with re before issue 9's import work.
_SECTION_PATTERN = re.compile(r"\[(\w+) ([^\s,()\[\]{}:=@'\"]+)\]")


def test_section_headers_are_read_as_the_pattern_reads_them() -> None:
    from srcpickle._fmt.read import _section_header

    pieces = [
        "a",
        "_",
        "9",
        "\u00b2",
        "\u0663",
        "\u00e9",
        " ",
        "\t",
        "\u3000",
        "]",
        "[",
        "@",
        "(",
        "'",
        '"',
        "-",
        ".",
        ":",
    ]
    lines = ["[", "[]", "[ ]", "[function f]", "[function  f]", "[function f ]", "[_ x]", "[f\u00e9 x.y-z]"]
    lines += [f"[{a}{b} {c}{d}]" for a in pieces for b in pieces for c in pieces for d in pieces[:6]]
    lines += [f"[{a} x{b}]" for a in pieces for b in pieces] + [f"[k {a}" for a in pieces]
    for line in lines:
        match = _SECTION_PATTERN.fullmatch(line)
        assert _section_header(line) == (match.groups() if match else None), line
