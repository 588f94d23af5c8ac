"""h74 hunt: hand-edited and hostile format-3 payloads (guards, overloads, shared fields, packed
runs). Each is loaded, checked, shown, diffed against its base, and the outcome printed: the
error's class and message, or the loaded result. Run: python scenarios/h74/hostile.py"""

from __future__ import annotations

import contextlib
import io
import sys
import traceback
from pathlib import Path

import srcpickle
from srcpickle import _cli

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "corpus" / "golden" / "v3"
GUARD = (GOLDEN / "guarded_import.srcpickle").read_text()
OVER = (GOLDEN / "overloads.srcpickle").read_text()
PACKED = (GOLDEN / "packed_ints.srcpickle").read_text()

G = "[guard guard.__main__.tomllib]\nnamespace: @__main__\ntries: (@tomllib,)\nglobal tomllib = None\n"


def guard(new: str) -> str:
    assert G in GUARD
    return GUARD.replace(G, new)


CASES = {
    "guard_namespace_missing": guard(G.replace("namespace: @__main__", "namespace: @nope")),
    "guard_namespace_is_import": guard(G.replace("namespace: @__main__", "namespace: @tomllib")),
    "guard_tries_function": guard(G.replace("tries: (@tomllib,)", "tries: (@guarded_toml,)")),
    "guard_tries_empty": guard(G.replace("tries: (@tomllib,)", "tries: ()")),
    "guard_tries_not_tuple": guard(G.replace("tries: (@tomllib,)", "tries: @tomllib")),
    "guard_tries_text": guard(G.replace("tries: (@tomllib,)", "tries: ('tomllib',)")),
    "guard_tries_missing_ref": guard(G.replace("tries: (@tomllib,)", "tries: (@nope,)")),
    "guard_tries_unrelated_import": guard(
        G.replace("tries: (@tomllib,)", "tries: (@json,)")
        + "\n[import json]\nmodule: 'json'\ndistribution: 'stdlib'\n"
    ),
    "guard_tries_unrelated_missing_import": guard(
        G.replace("tries: (@tomllib,)", "tries: (@nowhere,)")
        + "\n[import nowhere]\nmodule: 'h74_nowhere'\ndistribution: 'stdlib'\n"
    ),
    "guard_fallback_missing_ref": guard(G.replace("global tomllib = None", "global tomllib = @nope")),
    "guard_fallback_is_tried": guard(G.replace("global tomllib = None", "global tomllib = @tomllib")),
    "guard_fallback_new_global": guard(G + "global extra = 1\n"),
    "guard_fallback_dunder": guard(G + "global __builtins__ = None\n"),
    "guard_unbound_and_global": guard(G + "unbound: ('tomllib',)\n"),
    "guard_unbound_not_tuple": guard(G + "unbound: 'x'\n"),
    "guard_global_twice": guard(G + "global tomllib = 1\n"),
    "guard_two_guards_same_global": guard(
        G + "\n" + G.replace("guard.__main__.tomllib]", "guard.__main__.tomllib2]").replace("None", "2")
    ),
    "guard_field_twice": guard(G.replace("tries: (@tomllib,)\n", "tries: (@tomllib,)\ntries: (@tomllib,)\n")),
    "guard_unknown_field": guard(G + "when: 'always'\n"),
    "guard_with_source": guard(G + "source: 1\n    x = 1\n"),
    "guard_as_root": GUARD.replace("root: @guarded_toml", "root: @guard.__main__.tomllib"),
    "guard_referenced_by_global": GUARD.replace(
        "global tomllib = @tomllib", "global tomllib = @guard.__main__.tomllib"
    ),
    "guard_in_format_2": GUARD.replace("srcpickle-payload 3", "srcpickle-payload 2"),
    "guard_fallback_import_missing": guard(G.replace("global tomllib = None", "global tomllib = @other"))
    + "",
    "overloads_missing_ref": OVER.replace(
        "overloads: (@scaled-2, @scaled-3)", "overloads: (@scaled-2, @nope)"
    ),
    "overloads_self": OVER.replace("overloads: (@scaled-2, @scaled-3)", "overloads: (@scaled,)"),
    "overloads_namespace": OVER.replace("overloads: (@scaled-2, @scaled-3)", "overloads: (@__main__,)"),
    "overloads_empty": OVER.replace("overloads: (@scaled-2, @scaled-3)", "overloads: ()"),
    "overloads_list": OVER.replace("overloads: (@scaled-2, @scaled-3)", "overloads: [@scaled-2]"),
    "overloads_none": OVER.replace("overloads: (@scaled-2, @scaled-3)", "overloads: None"),
    "overloads_text": OVER.replace("overloads: (@scaled-2, @scaled-3)", "overloads: ('scaled-2',)"),
    "overloads_twice_same_stub": OVER.replace(
        "overloads: (@scaled-2, @scaled-3)", "overloads: (@scaled-2, @scaled-2)"
    ),
    "overloads_field_twice": OVER.replace(
        "overloads: (@scaled-2, @scaled-3)\n", "overloads: (@scaled-2, @scaled-3)\noverloads: (@scaled-2,)\n"
    ),
    "overloads_stub_has_overloads": OVER.replace(
        "signature: '(x: int) -> int'\n", "signature: '(x: int) -> int'\noverloads: (@scaled-3,)\n"
    ),
    "overloads_cycle_between_stubs": OVER.replace(
        "signature: '(x: int) -> int'\n", "signature: '(x: int) -> int'\noverloads: (@scaled,)\n"
    ),
    "overloads_stub_not_a_stub": OVER.replace(
        "    @overload\n    def scaled(x: int) -> int: ...",
        "    def scaled(x: int) -> int:\n        return 1",
    ),
    "overloads_stub_runs_code": OVER.replace(
        "    @overload\n    def scaled(x: int) -> int: ...", "    @print\n    def scaled(x: int) -> int: ..."
    ),
    "overloads_on_root_is_stub": OVER.replace("root: @scaled", "root: @scaled-2"),
    "overloads_in_format_2": OVER.replace("srcpickle-payload 3", "srcpickle-payload 2"),
    "shared_file_twice": GUARD.replace(
        "file: 'make_golden.py'\n", "file: 'make_golden.py'\nfile: 'other.py'\n"
    ),
    "shared_file_not_text": GUARD.replace("file: 'make_golden.py'\n", "file: 1\n"),
    "shared_file_in_format_2": GUARD.replace("srcpickle-payload 3", "srcpickle-payload 2").replace(
        "[guard guard.__main__.tomllib]\nnamespace: @__main__\ntries: (@tomllib,)\nglobal tomllib = None\n\n",
        "",
    ),
    "shared_module_differs": GUARD.replace(
        "name: 'guarded_toml'\n", "name: 'guarded_toml'\nmodule: 'elsewhere'\n"
    ),
    "shared_module_given_twice": GUARD.replace("module: '__main__'\n", "module: '__main__'\nmodule: 'x'\n"),
    "shared_kind_wrong": GUARD.replace("name: 'guarded_toml'\n", "name: 'guarded_toml'\nkind: 'lambda'\n"),
    "shared_qualname_dotted": GUARD.replace(
        "name: 'guarded_toml'\n", "name: 'guarded_toml'\nqualname: 'A.b'\n"
    ),
}


def _packed(literal: str) -> str:
    lines = PACKED.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if "*ints(" in line:
            start = line.index("(*ints(")  # defaults: ((*ints(...),),): the first item
            lines[index] = line[:start] + literal + ",)\n"
            return "".join(lines)
    raise AssertionError("no packed run")


CASES.update(
    {
        "packed_count_wrong": _packed("(*ints('<i1', 3, 'AAEC'),)"),
        "packed_count_zero": _packed("(*ints('<i1', 0, ''),)"),
        "packed_count_huge": _packed("(*ints('<i8', 99999999999999, 'AAEC'),)"),
        "packed_width_9": _packed("(*ints('<i9', 1, 'AAEC'),)"),
        "packed_width_big_endian": _packed("(*ints('>i1', 3, 'AAEC'),)"),
        "packed_bad_base64": _packed("(*ints('<i1', 3, 'A!EC'),)"),
        "packed_in_set": _packed("{*ints('<i1', 3, 'AAEC')}"),
        "packed_in_dict": _packed("{1: *ints('<i1', 3, 'AAEC')}"),
        "packed_bare": _packed("*ints('<i1', 3, 'AAEC')"),
        "packed_call_other": _packed("(*range(3),)"),
        "packed_negative_count": _packed("(*ints('<i1', -3, 'AAEC'),)"),
        "packed_count_bool": _packed("(*ints('<i1', True, 'AA=='),)"),
        "packed_ok_mixed": _packed("(1, *ints('<i1', 2, 'AgM='), 'x')"),
        "packed_nested": _packed("((*ints('<i1', 2, 'AgM='),), [*ints('<i1', 2, 'AgM=')])"),
        "packed_width_as_name": _packed("(*ints(w, 2, 'AgM='),)"),
        "packed_in_format_2": _packed("(*ints('<i1', 2, 'AgM='),)").replace(
            "srcpickle-payload 3", "srcpickle-payload 2"
        ),
    }
)


def run_cli(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = _cli.main(list(args))
        except SystemExit as exc:
            code = exc.code
        except BaseException:  # noqa: BLE001 - the finding
            return "CRASH " + traceback.format_exc().splitlines()[-1]
    return f"rc={code}"


def outcome(text: str, where: Path) -> str:
    data = text.encode()
    try:
        obj = srcpickle.loads(data)
        try:
            got = repr(obj() if callable(obj) and not isinstance(obj, type) else obj)[:80]
        except Exception as exc:  # noqa: BLE001
            got = f"call raised {type(exc).__name__}: {exc}"[:200]
        load = "LOADED " + got
    except srcpickle.SrcpickleError as exc:
        load = f"{type(exc).__name__}: {str(exc).splitlines()[0][:220]}"
    except BaseException as exc:  # noqa: BLE001 - the finding
        load = f"RAW {type(exc).__name__}: {exc}"[:250]
    try:
        report = srcpickle.check(data)
        chk = "check loadable" if report.loadable else f"check {len(report.problems)} problems"
    except srcpickle.SrcpickleError as exc:
        chk = f"check {type(exc).__name__}"
    except BaseException as exc:  # noqa: BLE001
        chk = f"check RAW {type(exc).__name__}: {exc}"[:200]
    path = where / "p.srcpickle"
    path.write_bytes(data)
    base = where / "base.srcpickle"
    base.write_text(GUARD)
    shows = " ".join(f"{c}:{run_cli(c, str(path))}" for c in ("show",))
    diff = run_cli("diff", str(base), str(path))
    return f"{load}\n      {chk}; {shows}; diff:{diff}"


def main() -> None:
    import tempfile

    selected = sys.argv[1:] or sorted(CASES)
    with tempfile.TemporaryDirectory() as folder:
        for name in selected:
            print(f"{name}: {outcome(CASES[name], Path(folder))}")


if __name__ == "__main__":
    main()
