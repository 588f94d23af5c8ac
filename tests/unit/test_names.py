"""The names a payload's sources read from imported modules (``_names``): which of them loading
needs, the refusal when one is missing here, and ``check`` giving the same verdict. (Payloads from
a newer Python on 3.9 and PyPy: tests/test_newer_names.py.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest

import srcpickle
from srcpickle._check import run_checks
from srcpickle._fmt.read import parse
from srcpickle._name_uses import name_uses, needed_names
from srcpickle._names import Names, candidate_names

from . import import_from, write_module

USER = """\
import itertools
import sys
import typing


def plain(xs):
    return list(itertools.pairwise(xs))


def under_guards(xs):
    if hasattr(itertools, "pairwise"):
        itertools.pairwise
    if sys.version_info >= (3, 10):
        itertools.chain
    try:
        itertools.tee
    except (ValueError, AttributeError):
        pass
    try:
        itertools.count
    except ValueError:
        pass
    found = hasattr(itertools, "batched") and itertools.batched
    return itertools.islice if typing.TYPE_CHECKING else found


def annotated(x: typing.Sequence) -> typing.List:
    return x


class Made:
    value = itertools.repeat

    def method(self, x: typing.Mapping = itertools.cycle) -> typing.Tuple:
        def inner(y: typing.Set) -> None:
            return itertools.starmap

        return inner
"""


def _uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Dict[str, bool]:
    user = import_from(monkeypatch, write_module(tmp_path, "namesuser", USER).parent, "namesuser")
    payload = parse(srcpickle.dumps(getattr(user, name)))
    return {use.name: use.needed for use in name_uses(payload)}


def test_a_name_read_by_a_functions_body_is_needed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _uses(tmp_path, monkeypatch, "plain") == {"itertools.pairwise": True}


def test_names_under_a_guard_are_not_needed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uses = _uses(tmp_path, monkeypatch, "under_guards")
    assert uses["itertools.pairwise"] is False  # hasattr test
    assert uses["itertools.chain"] is False  # version test
    assert uses["itertools.tee"] is False  # try catching AttributeError
    assert uses["itertools.count"] is True  # a try that catches something else guards nothing
    assert uses["itertools.islice"] is False  # TYPE_CHECKING
    assert uses["itertools.batched"] is False  # after a hasattr test in the same 'and'


def test_a_functions_own_annotations_are_not_needed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _uses(tmp_path, monkeypatch, "annotated") == {"typing.List": False, "typing.Sequence": False}


def test_a_class_statement_needs_what_it_evaluates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uses = _uses(tmp_path, monkeypatch, "Made")
    assert uses["itertools.repeat"] is True  # the body
    assert uses["itertools.cycle"] is True  # a method's default, evaluated by the statement
    assert uses["typing.Mapping"] is True and uses["typing.Tuple"] is True  # a method's annotations
    assert uses["typing.Set"] is True  # a nested function's, evaluated whenever the method runs
    assert uses["itertools.starmap"] is True  # read when called


def test_a_missing_name_is_refused_before_anything_runs_and_check_agrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = import_from(monkeypatch, write_module(tmp_path, "namesuser2", USER).parent, "namesuser2")
    data = srcpickle.dumps(user.plain).replace(b"itertools.pairwise(xs)", b"itertools.not_here(xs)")
    assert [entry[0] for entry in needed_names(parse(data))] == ["itertools.not_here"]
    with pytest.raises(srcpickle.MissingDependencyError) as caught:
        srcpickle.loads(data)
    message = str(caught.value)
    assert "itertools.not_here (read by plain, line 7): itertools has no attribute 'not_here' here" in message
    assert "nothing was executed" in message and "the payload was written on cpython" in message
    assert caught.value.missing == ("itertools.not_here",)
    failed = [item for item in run_checks(data)["items"] if item["status"] == "fail"]
    assert [item["name"] for item in failed] == ["itertools.not_here"]
    # The same payload reading it under a guard loads, and check passes it with a warning.
    guarded = data.replace(
        b"        return list(itertools.not_here(xs))",
        b"        if hasattr(itertools, 'not_here'):\n            return list(itertools.not_here(xs))\n"
        b"        return xs",
    ).replace(b"source: 2\n", b"source: 4\n")
    assert srcpickle.loads(guarded)([1, 2]) == [1, 2]
    items = run_checks(guarded)["items"]
    assert not [item for item in items if item["status"] == "fail"]
    assert any("only code under a guard reads it" in item["message"] for item in items)


OPTIONAL = """\
try:
    import srcpickle_no_such_plugin

    HAVE_PLUGIN = True
except ImportError:
    HAVE_PLUGIN = False


def optional(x):
    if HAVE_PLUGIN:
        import srcpickle_no_such_plugin

        return srcpickle_no_such_plugin.run(x)
    return -x
"""


def test_a_module_the_source_imports_that_is_missing_is_the_codes_business(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = import_from(monkeypatch, write_module(tmp_path, "optionaluser", OPTIONAL).parent, "optionaluser")
    data = srcpickle.dumps(user.optional)
    assert [entry[0] for entry in needed_names(parse(data))] == ["srcpickle_no_such_plugin.run"]
    assert srcpickle.loads(data)(3) == -3
    assert not [item for item in run_checks(data)["items"] if item["status"] == "fail"]


# ------------------------------------------------------------------ the first load's shortcut

GOLDEN = Path(__file__).resolve().parents[1] / "corpus" / "golden"


def _payloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> List[bytes]:
    user = import_from(monkeypatch, write_module(tmp_path, "namesuser3", USER).parent, "namesuser3")
    optional = import_from(
        monkeypatch, write_module(tmp_path, "optionaluser3", OPTIONAL).parent, "optionaluser3"
    )
    dumped = [srcpickle.dumps(getattr(user, name)) for name in ("plain", "under_guards", "annotated", "Made")]
    dumped.append(srcpickle.dumps(optional.optional))
    return dumped + [path.read_bytes() for path in sorted(GOLDEN.glob("v*/*.srcpickle"))]


def test_the_candidates_hold_every_needed_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first load looks up the candidate names only; when all are there, every needed name is
    there: so each needed name, with its module, must be a candidate (every golden payload)."""
    payloads = _payloads(tmp_path, monkeypatch)
    assert len(payloads) > 30
    needing = 0
    for data in payloads:
        payload = parse(data)
        candidates = set(candidate_names(payload))
        needed = {(entry[0], entry[1]) for entry in needed_names(payload)}
        assert needed <= candidates, data[:200]
        needing += bool(needed)
    assert needing >= 5  # the property was put to the test


LAZY = """\
CALLS = []


def helper(x):
    return x + 1


def __getattr__(name):
    CALLS.append(name)
    raise AttributeError(name)
"""

LAZY_USER = """\
import lazyattrs


def guarded(x):
    if hasattr(lazyattrs, "extra"):
        return lazyattrs.extra(x)
    return x


def plain(x):
    return lazyattrs.helper(x)
"""


def test_looking_up_the_names_runs_no_code_of_the_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shortcut reads module dictionaries only: a guarded name that is not there is left to
    the full check, which does not look it up either (not needed), so the module's __getattr__
    never runs while loading; a name needed and not there is refused as before."""
    lazy = import_from(monkeypatch, write_module(tmp_path, "lazyattrs", LAZY).parent, "lazyattrs")
    user = import_from(monkeypatch, write_module(tmp_path, "lazyuser", LAZY_USER).parent, "lazyuser")
    # lazyattrs as an installed module's: imported by the payload, not captured.
    guarded, plain = (srcpickle.dumps(fn, by_reference="lazyattrs") for fn in (user.guarded, user.plain))
    assert not Names(parse(guarded)).all_there()
    assert Names(parse(plain)).all_there()
    lazy.CALLS.clear()  # capture asked for lazyattrs.extra (is it a submodule?)
    loaded_guarded, loaded_plain = srcpickle.loads(guarded), srcpickle.loads(plain)
    assert lazy.CALLS == []
    assert (loaded_guarded(4), loaded_plain(4)) == (user.guarded(4), user.plain(4))
    missing = plain.replace(b"lazyattrs.helper(x)", b"lazyattrs.gone(x)")
    with pytest.raises(srcpickle.MissingDependencyError, match="lazyattrs has no attribute 'gone'"):
        srcpickle.loads(missing)
    assert "gone" in lazy.CALLS


CLASS_CHAIN_USER = """\
import datetime


def stamp(days):
    return datetime.datetime.min + datetime.timedelta(days=days)
"""


def test_a_chain_through_a_class_is_decided_by_the_full_reading_parsing_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """datetime.datetime.min goes through a class, whose attributes the candidates' lookup does
    not read (a descriptor could run): the full reading decides, from the sources the candidates
    parsed (each source parsed once), and the payload loads."""
    from srcpickle import _name_uses, _names

    user = import_from(monkeypatch, write_module(tmp_path, "chainuser", CLASS_CHAIN_USER).parent, "chainuser")
    data = srcpickle.dumps(user.stamp)
    names = Names(parse(data))
    assert ("datetime.datetime.min", "datetime") in names.candidates and not names.all_there()
    parses: List[str] = []
    real_parse = _names.parse_source

    def counting_parse(node: Any) -> Any:
        parses.append(node.qualname)
        return real_parse(node)

    monkeypatch.setattr(_names, "parse_source", counting_parse)
    monkeypatch.setattr(_name_uses, "parse_source", counting_parse)
    assert srcpickle.loads(data)(3) == user.stamp(3)
    assert parses == ["stamp"]


# Sources whose chains the text reading must see as the syntax tree does, or leave to it.
CHAIN_SOURCES = (
    "def f(x):\n    return os.path.join(x, json.dumps(x))\n",
    "def f(x):\n    os.path.sep = x\n    return os.environ['A'].lower\n",
    "def f(x):\n    return (os).path.join(x)\n",
    "def f(x):\n    return (os\n            .path\n            .join)(x)\n",
    "def f(x):\n    return os \\\n        .path\n",
    "def f(x):\n    return os  # a comment\n",
    "def f(x):\n    return (os  # a comment\n        .path)\n",
    "def f(x):\n    return os. path\n",
    "def f(x):\n    return f'{os.sep}{json .dumps}'\n",
    "def f(x):\n    '''Uses os.path.join and imports.'''\n    return chaos.x + x.os.y + osx\n",
    "def f(x):\n    import os.path\n    return os.path\n",
    "def f(x):\n    from json import dumps as os\n    return os.x\n",
    "def f(x):\n    return sqrt(x) + PI + json.decoder.JSONDecoder\n",
    "def f(x):\n    return [os.getcwd() for os in x]\n",
    "def f(é):\n    return os.path\n",
    "lambda x: os.path.join(x, json.dumps(x))",
)


def _chain_namespace(source: str) -> bytes:
    namespace = (
        "[namespace m]\nmodule: 'm'\nglobal PI = @math.pi\nglobal chaos = @os\nglobal json = @json\n"
        "global os = @os\nglobal sqrt = @math.sqrt\n\n"
        "[import json]\nmodule: 'json'\ndistribution: 'stdlib'\n\n"
        "[import os]\nmodule: 'os'\ndistribution: 'stdlib'\n\n"
        "[ref math.pi]\nmodule: 'math'\nqualname: 'pi'\ndistribution: 'stdlib'\n\n"
        "[ref math.sqrt]\nmodule: 'math'\nqualname: 'sqrt'\ndistribution: 'stdlib'\n"
    )
    kind = "lambda" if source.startswith("lambda") else "def"
    lines = source.rstrip("\n").split("\n")
    function = (
        "[function f]\nname: 'f'\nqualname: 'f'\nmodule: 'm'\nnamespace: @m\ndoc: None\n"
        f"kind: '{kind}'\nline: 1\nsource: {len(lines)}\n" + "".join(f"    {line}\n" for line in lines)
    )
    header = "srcpickle-payload 1\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
    return (header + function + "\n" + namespace + "\n[end]\n").encode("utf-8")


def test_the_text_reading_of_chains_holds_every_chain_of_the_syntax_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first load reads the candidate chains of a plainly written source from its text
    (issue 9): they hold every candidate the syntax tree gives, for every golden payload and
    for sources written to mislead a text reading (which leave it to the tree)."""
    from srcpickle import _names

    payloads = _payloads(tmp_path, monkeypatch) + [_chain_namespace(source) for source in CHAIN_SOURCES]
    by_text = 0
    for data in payloads:
        payload = parse(data)
        with monkeypatch.context() as patched:
            patched.setattr(_names, "plain_chains", lambda source, found: None)
            from_tree = set(candidate_names(payload))
        from_text = set(candidate_names(payload))
        assert from_tree <= from_text, data[:300]
        by_text += any(
            _names.plain_chains(node.source, _names.targets(payload, node.namespace)) is not None
            for _, node in payload.sources()
            if node.source
        )
    assert by_text >= 10  # the text reading was put to the test
    # The misleading ones are left to the tree.
    for source in CHAIN_SOURCES[2:5] + CHAIN_SOURCES[6:9] + CHAIN_SOURCES[10:12] + CHAIN_SOURCES[14:15]:
        found = {"os": ("os", ""), "json": ("json", "")}
        assert _names.plain_chains(source, found) is None, source
    found = {"os": ("os", ""), "chaos": ("os", ""), "json": ("json", "")}
    assert _names.plain_chains(CHAIN_SOURCES[5], found) == {("os", "os")}
    assert _names.plain_chains(CHAIN_SOURCES[9], found) == {
        ("os", "os"),
        ("os.x", "os"),
        ("os.path", "os"),
        ("os.path.join", "os"),
    }
