"""Migration: payloads written against a module layout that no longer exists, rewritten with
``srcpickle.migrate`` / ``srcpickle migrate``, then loaded in fresh processes on other interpreters.

The story of every test: a user's script (``prep.py``, its functions in ``__main__``) used the
installed distribution ``oldpkg 1.0``; ``oldpkg`` is gone and ``newpkg 2.0`` provides the same
things under new names. Both are real installed distributions (a folder on ``sys.path`` holding the
package and its ``.dist-info``), so capture records them by reference with their versions, as it
does for anything pip installed. The script is dumped once per session on the oldest CPython of the
machine; each test migrates its payloads and loads them where ``oldpkg`` cannot be imported.
"""

from __future__ import annotations

import difflib
import importlib
import os
import stat
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any, Dict, Iterator, List, Sequence, Tuple

import pytest

import srcpickle
from srcpickle._migrate import migrate
from srcpickle._pythons import IsolatedPackage
from srcpickle._sign import key_id, sign, signature_of

from .harness import current_interpreter, discover_interpreters

# The shared test helpers (tests/unit/__init__.py), imported as tests/integration imports them.
_parent = (__package__ or "").rpartition(".")[0]
unit = importlib.import_module(f"{_parent}.unit" if _parent else "unit")

libcst = pytest.importorskip("libcst", reason="migration needs libcst (pip install 'srcpickle[migrate]')")

RESULT_MARK = "RESULT="
OLD_UTIL = """\
def scale(x, k=2):
    return x * k


def register(fn):
    fn.registered = True
    return fn


class Box:
    def __init__(self, v):
        self.v = v


class Base:
    def __init__(self, value):
        self.value = value
"""
# newpkg flattened oldpkg.util into the package itself.
NEW_INIT = OLD_UTIL

# The user's script, dumped as __main__. Line numbers matter to the tests that check locations.
SCRIPT = '''\
import collections
import oldpkg
import oldpkg.util
import oldpkg.util as ou_alias
from oldpkg import util as util_mod
from oldpkg.util import scale as sc


def plain_chain(x):
    # a plain import: the chain carries the module's name
    return oldpkg.util.scale(x, 3)


def from_import(x):
    return sc(x)  # bound by 'from oldpkg.util import scale as sc'


def alias(x):
    return ou_alias.scale(x) + util_mod.scale(x)


def body_imports(x):
    import oldpkg.util as inner
    from oldpkg.util import scale, Box  # two names, one statement
    from oldpkg import util

    return Box(inner.scale(x) + scale(x) + util.scale(x)).v


def annotated(box: "oldpkg.util.Box") -> "oldpkg.util.Box":
    """Annotations as strings, read by type checkers."""
    return oldpkg.util.Box(box.v + 1)


@oldpkg.util.register
def decorated(x):
    return x - 1


class Sub(oldpkg.util.Base):
    def twice(self):
        return self.value * 2


def abc_check(x):
    return isinstance(x, collections.Mapping)


lam = lambda x: oldpkg.util.scale(x) + 1  # noqa: E731


def shadowed(x):
    newpkg = x + 1
    return oldpkg.util.scale(newpkg)


def unrelated(x):
    return x * 7


def body_plain(x):
    import oldpkg.util
    return oldpkg.util.scale(x, 5) + len(collections.OrderedDict())


def body_two_names(x):
    import oldpkg.util, collections as c  # the rename leaves the second name alone
    return oldpkg.util.Box(oldpkg.util.scale(x)).v + len(c.OrderedDict())


def body_nested(x):
    import oldpkg.util

    def inner(y):
        return oldpkg.util.scale(y, 4)

    return inner(x)


PAYLOADS = {
    "plain_chain": plain_chain,
    "from_import": from_import,
    "alias": alias,
    "body_imports": body_imports,
    "annotated": annotated,
    "decorated": decorated,
    "sub": Sub,
    "abc_check": abc_check,
    "lam": lam,
    "shadowed": shadowed,
    "unrelated": unrelated,
    "body_plain": body_plain,
    "body_two_names": body_two_names,
    "body_nested": body_nested,
}
'''
FOOTER = """
import srcpickle as __s, sys as __y
for __n, __o in PAYLOADS.items():
    with open(__y.argv[1] + "/" + __n + ".srcpickle", "wb") as __h:
        __h.write(__s.dumps(__o))
"""
SHADOW_LINE = SCRIPT.splitlines().index("    newpkg = x + 1") + 1
RENAME = {"oldpkg.util": "newpkg"}
# What each migrated payload gives where newpkg is installed: (expression on fn, expected value).
PROBES: Dict[str, List[Tuple[str, Any]]] = {
    "plain_chain": [("fn(2)", 6)],
    "from_import": [("fn(2)", 4)],
    "alias": [("fn(2)", 8)],
    "body_imports": [("fn(2)", 12)],
    "annotated": [
        ("fn(__import__('newpkg').Box(1)).v", 2),
        ("type(fn(__import__('newpkg').Box(1))).__module__", "newpkg"),
    ],
    "decorated": [("fn(5)", 4), ("fn.registered", True)],
    "sub": [("fn(5).twice()", 10), ("fn.__mro__[1].__module__", "newpkg")],
    "lam": [("fn(2)", 5)],
    "body_plain": [("fn(2)", 10)],
    "body_two_names": [("fn(2)", 4)],
    "body_nested": [("fn(2)", 8)],
}


def make_distribution(site: Path, name: str, version: str, files: Dict[str, str]) -> None:
    """An installed distribution: its files and a ``.dist-info`` folder, as pip leaves them."""
    for relative, text in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    info = site / f"{name}-{version}.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "top_level.txt").write_text(name + "\n", encoding="utf-8")
    (info / "RECORD").write_text("".join(f"{f},,\n" for f in files), encoding="utf-8")


class Story:
    """The sites, the dumped payloads and a srcpickle copy for fresh processes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.old_site = root / "old-site"
        self.new_site = root / "new-site"
        make_distribution(
            self.old_site, "oldpkg", "1.0", {"oldpkg/__init__.py": "", "oldpkg/util.py": OLD_UTIL}
        )
        make_distribution(self.new_site, "newpkg", "2.0", {"newpkg/__init__.py": NEW_INIT})
        # The whole package renamed, its layout kept.
        make_distribution(
            self.new_site, "newpkg2", "3.0", {"newpkg2/__init__.py": "", "newpkg2/util.py": OLD_UTIL}
        )
        self.package = IsolatedPackage()
        cpythons = sorted(
            (i for i in discover_interpreters() if i.implementation == "cpython"), key=lambda i: i.version
        )
        self.dumper = cpythons[0] if cpythons else current_interpreter()
        script_dir = root / "script"
        script_dir.mkdir()
        (script_dir / "prep.py").write_text(SCRIPT + FOOTER, encoding="utf-8")
        self.payload_dir = root / "payloads"
        self.payload_dir.mkdir()
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": os.pathsep.join([self.package.directory, str(self.old_site)]),
        }
        proc = subprocess.run(
            [self.dumper.path, "-s", "-X", "utf8", "-W", "ignore", "prep.py", str(self.payload_dir)],
            cwd=script_dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr

    def payload(self, name: str) -> bytes:
        return (self.payload_dir / f"{name}.srcpickle").read_bytes()

    def run(self, interpreter: Any, code: str, args: Sequence[str] = (), new: bool = True) -> Any:
        """Run ``code`` on ``interpreter`` in a fresh isolated process that sees srcpickle and,
        with ``new``, newpkg; never oldpkg. Returns what it printed after ``RESULT=``."""
        extra = [str(self.new_site)] if new else []
        proc = self.package.run(
            interpreter, textwrap.dedent(code), args=list(args), extra_path=extra, timeout=120
        )
        for line in proc.stdout.splitlines():
            if line.startswith(RESULT_MARK):
                import ast

                return ast.literal_eval(line[len(RESULT_MARK) :])
        raise AssertionError(f"no result from {interpreter.label}:\n{proc.stdout}\n{proc.stderr}")


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    result = Story(tmp_path_factory.mktemp("migration"))
    try:
        yield result
    finally:
        result.package.close()


@pytest.fixture
def new_on_path(story: Story, monkeypatch: pytest.MonkeyPatch) -> None:
    """newpkg importable in this process (and so in the check child, which gets this sys.path)."""
    monkeypatch.syspath_prepend(str(story.new_site))


LOAD_AND_PROBE = """\
import json, srcpickle, warnings
warnings.simplefilter("error")
results = {}
for path, probes in json.loads(sys.argv[1]):
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        fn = srcpickle.loads(data)
    except Exception as exc:
        results[path] = [type(exc).__name__ + ": " + str(exc)]
        continue
    results[path] = [eval(probe) for probe in probes]
print("RESULT=" + repr(results))
"""


def load_and_probe(
    story: Story, interpreter: Any, payloads: Dict[str, bytes], new: bool = True
) -> Dict[str, Any]:
    """Load each payload on ``interpreter`` (fresh process) and evaluate its PROBES there."""
    import json

    jobs = []
    for name, data in payloads.items():
        path = story.root / f"{name}-{interpreter.label.replace(' ', '-')}-{len(data)}.srcpickle"
        path.write_bytes(data)
        jobs.append((str(path), [p for p, _ in PROBES.get(name, [])]))
    found = story.run(interpreter, LOAD_AND_PROBE, [json.dumps(jobs)], new=new)
    return {
        name: found[str(story.root / f"{name}-{interpreter.label.replace(' ', '-')}-{len(data)}.srcpickle")]
        for name, data in payloads.items()
    }


def text_diff(before: bytes, after: bytes) -> List[str]:
    """The changed lines (``-``/``+``) of a plain text diff of two payloads."""
    lines = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def source_of(data: bytes, qualname: str) -> str:
    payload = srcpickle.inspect(data)
    return next(node.source for _, node in payload.sources() if node.qualname == qualname)


# ------------------------------------------------------------------------ the round trip


def _three_cpythons() -> List[Any]:
    return [unit.interpreter(version) for version in ("3.9", "3.11", "3.13")]


def test_a_payload_for_a_gone_module_fails_migrates_and_loads_on_three_pythons(
    story: Story, new_on_path: None
) -> None:
    originals = {name: story.payload(name) for name in PROBES}
    # Where oldpkg is gone, the original fails before anything runs, naming what is missing.
    current = current_interpreter()
    failed = load_and_probe(story, current, {"plain_chain": originals["plain_chain"]})["plain_chain"]
    assert failed[0].startswith(
        "MissingDependencyError: the payload needs modules that are not installed here"
    )
    assert "oldpkg (saved with oldpkg 1.0)" in failed[0] and "pip install oldpkg==1.0" in failed[0]

    migrated = {name: srcpickle.migrate(data, RENAME) for name, data in originals.items()}
    for interpreter in _three_cpythons():
        results = load_and_probe(story, interpreter, migrated)
        for name, probes in PROBES.items():
            assert results[name] == [expected for _, expected in probes], (interpreter.label, name)

    # The text diff of each migrated payload shows only lines naming the old or the new module,
    # and the new text of a field whose old text named the old module (imported-names without
    # a name the source now imports in its body).
    for name in PROBES:
        changed = text_diff(originals[name], migrated[name])
        assert changed, name
        renamed_fields = {line[1:].split(":")[0] for line in changed if line[0] == "-" and "oldpkg" in line}
        stray = [
            line
            for line in changed
            if line[1:].strip()
            and "oldpkg" not in line
            and "newpkg" not in line
            and line[1:].split(":")[0] not in renamed_fields
        ]
        assert stray == [], (name, stray)


def test_the_migrated_payload_is_what_dumping_the_migrated_code_gives(
    story: Story, new_on_path: None
) -> None:
    """dumps(loads(migrated)) in a fresh process gives the migrated payload back: the migration
    wrote every place a fresh capture would (only written-by names the other interpreter)."""
    migrated = srcpickle.migrate(story.payload("plain_chain"), RENAME)
    path = story.root / "redump.srcpickle"
    path.write_bytes(migrated)
    again = story.run(
        current_interpreter(),
        "import srcpickle\nprint('RESULT=' + repr(srcpickle.dumps(srcpickle.load(sys.argv[1])).decode()))",
        [str(path)],
    )
    strip = lambda text: [line for line in text.splitlines() if not line.startswith("written-by:")]  # noqa: E731
    assert strip(again) == strip(migrated.decode())


# ------------------------------------------------------------------------------- the families


def test_plain_import_chains_are_rewritten_and_the_namespace_imports_the_new_module(
    story: Story, new_on_path: None
) -> None:
    migrated = srcpickle.migrate(story.payload("plain_chain"), RENAME)
    assert source_of(migrated, "plain_chain") == (
        "def plain_chain(x):\n"
        "    # a plain import: the chain carries the module's name\n"
        "    return newpkg.scale(x, 3)"
    )
    payload = srcpickle.inspect(migrated)
    modules = {node.module: str(node.distribution) for _, node in payload.imports()}
    assert modules == {"newpkg": "newpkg 2.0"}
    namespace = next(node for node in payload.nodes.values() if getattr(node, "kind", "") == "namespace")
    assert [name for name, _ in namespace.globals] == ["newpkg"]
    function = next(node for _, node in payload.functions())
    assert function.imported == ("newpkg",)


def test_from_imports_and_aliases_keep_their_names_and_change_their_sections(
    story: Story, new_on_path: None
) -> None:
    for name, source in (
        (
            "from_import",
            "def from_import(x):\n    return sc(x)  # bound by 'from oldpkg.util import scale as sc'",
        ),
        ("alias", "def alias(x):\n    return ou_alias.scale(x) + util_mod.scale(x)"),
    ):
        migrated = srcpickle.migrate(story.payload(name), RENAME)
        assert source_of(migrated, name) == source, "the source reads the names it bound, unchanged"
        payload = srcpickle.inspect(migrated)
        targets = sorted(
            (node.module, getattr(node, "qualname", ""), str(node.distribution))
            for _, node in payload.imports()
        )
        expected = (
            [("newpkg", "scale", "newpkg 2.0")] if name == "from_import" else [("newpkg", "", "newpkg 2.0")]
        )
        assert targets == expected


def test_imports_inside_a_body_are_rewritten_in_place_with_their_comments(
    story: Story, new_on_path: None
) -> None:
    migrated = srcpickle.migrate(story.payload("body_imports"), RENAME)
    assert source_of(migrated, "body_imports") == (
        "def body_imports(x):\n"
        "    import newpkg as inner\n"
        "    from newpkg import scale, Box  # two names, one statement\n"
        "    import newpkg as util\n"
        "\n"
        "    return Box(inner.scale(x) + scale(x) + util.scale(x)).v"
    )
    function = next(node for _, node in srcpickle.inspect(migrated).functions())
    payload = srcpickle.inspect(migrated)
    assert [payload.nodes[ref.id].module for ref in function.body_imports] == ["newpkg"]


def test_chains_through_a_plain_import_inside_a_body_follow_its_rename(
    story: Story, new_on_path: None
) -> None:
    """``import oldpkg.util`` inside a body binds ``oldpkg``: renamed to ``import newpkg``, every
    chain the code reads through it names ``newpkg`` (the statement alone was renamed, and the
    function raised NameError when called), in nested functions too."""
    sources = {
        name: source_of(srcpickle.migrate(story.payload(name), RENAME), name)
        for name in ("body_plain", "body_two_names", "body_nested")
    }
    assert sources["body_plain"] == (
        "def body_plain(x):\n"
        "    import newpkg\n"
        "    return newpkg.scale(x, 5) + len(collections.OrderedDict())"
    )
    assert sources["body_two_names"].splitlines()[1:] == [
        "    import newpkg, collections as c  # the rename leaves the second name alone",
        "    return newpkg.Box(newpkg.scale(x)).v + len(c.OrderedDict())",
    ]
    assert "        return newpkg.scale(y, 4)" in sources["body_nested"].splitlines()
    assert all("oldpkg" not in source for source in sources.values()), sources


def test_a_from_import_of_a_name_that_moved_to_another_module_is_split(
    story: Story, new_on_path: None
) -> None:
    migrated = srcpickle.migrate(
        story.payload("body_imports"), {"oldpkg.util.Box": "collections.UserDict", "oldpkg.util": "newpkg"}
    )
    source = source_of(migrated, "body_imports")
    assert source.splitlines()[2:4] == [
        "    from newpkg import scale  # two names, one statement",
        "    from collections import UserDict as Box",
    ]


def test_string_annotations_and_their_recorded_texts_follow_the_rename(
    story: Story, new_on_path: None
) -> None:
    migrated = srcpickle.migrate(story.payload("annotated"), RENAME)
    assert (
        source_of(migrated, "annotated").splitlines()[0]
        == 'def annotated(box: "newpkg.Box") -> "newpkg.Box":'
    )
    function = next(node for _, node in srcpickle.inspect(migrated).functions())
    assert function.annotations == (
        ("box", "'newpkg.Box'"),
        ("return", "'newpkg.Box'"),
    ) or function.annotations == (
        ("box", '"newpkg.Box"'),
        ("return", '"newpkg.Box"'),
    )
    assert "oldpkg" not in function.signature and "newpkg.Box" in function.signature


def test_decorators_class_bases_and_lambdas_are_rewritten(story: Story, new_on_path: None) -> None:
    assert source_of(srcpickle.migrate(story.payload("decorated"), RENAME), "decorated").startswith(
        "@newpkg.register\ndef decorated(x):"
    )
    assert source_of(srcpickle.migrate(story.payload("sub"), RENAME), "Sub").startswith(
        "class Sub(newpkg.Base):"
    )
    assert (
        source_of(srcpickle.migrate(story.payload("lam"), RENAME), "<lambda>")
        == "lambda x: newpkg.scale(x) + 1"
    )


def test_an_attribute_chain_moves_into_a_submodule(story: Story, new_on_path: None) -> None:
    """collections.Mapping (gone in 3.10) becomes collections.abc.Mapping, and the import of
    collections now brings its submodule abc: the payload loads and works on 3.13."""
    migrated = srcpickle.migrate(
        story.payload("abc_check"), {"collections.Mapping": "collections.abc.Mapping"}
    )
    assert (
        source_of(migrated, "abc_check")
        == "def abc_check(x):\n    return isinstance(x, collections.abc.Mapping)"
    )
    imports = {node.module: node.submodules for _, node in srcpickle.inspect(migrated).imports()}
    assert imports == {"collections": ("collections.abc",)}
    newest = max(
        (i for i in discover_interpreters() if i.implementation == "cpython"), key=lambda i: i.version
    )
    path = story.root / "abc.srcpickle"
    path.write_bytes(migrated)
    got = story.run(
        newest,
        "import srcpickle\nf = srcpickle.load(sys.argv[1])\nprint('RESULT=' + repr((f({}), f([]))))",
        [str(path)],
    )
    assert got == (True, False)


def test_a_package_rename_reaches_its_submodules_everywhere(story: Story, new_on_path: None) -> None:
    """{"oldpkg": "newpkg2"}: every import, submodule, chain and body import moves with it."""
    names = ["plain_chain", "from_import", "alias", "body_imports", "decorated", "sub", "lam"]
    names += ["body_plain", "body_two_names", "body_nested"]
    migrated = {name: srcpickle.migrate(story.payload(name), {"oldpkg": "newpkg2"}) for name in names}
    assert source_of(migrated["plain_chain"], "plain_chain").endswith("    return newpkg2.util.scale(x, 3)")
    assert "    from newpkg2 import util\n" in source_of(migrated["body_imports"], "body_imports")
    for name, data in migrated.items():
        assert b"oldpkg'" not in data and b"@oldpkg" not in data, name
    imports = {
        node.module: node.submodules for _, node in srcpickle.inspect(migrated["plain_chain"]).imports()
    }
    assert imports == {"newpkg2": ("newpkg2.util",)}
    results = load_and_probe(story, current_interpreter(), migrated)
    expected = {name: [value for _, value in PROBES[name]] for name in names}
    expected["sub"] = [10, "newpkg2.util"]  # the base class now comes from newpkg2.util
    assert results == expected


def test_a_rename_that_matches_nothing_is_reported(story: Story, new_on_path: None) -> None:
    data = story.payload("unrelated")
    with pytest.warns(srcpickle.MigrationWarning, match=r"the rename oldpkg\.util=newpkg matched nothing"):
        assert srcpickle.migrate(data, RENAME) == data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        srcpickle.migrate(story.payload("plain_chain"), RENAME)  # every rename matched: no warning


def test_a_rename_a_local_name_would_shadow_is_refused_with_its_location(
    story: Story, new_on_path: None
) -> None:
    with pytest.raises(srcpickle.MigrationError) as caught:
        srcpickle.migrate(story.payload("shadowed"), RENAME)
    message = str(caught.value)
    assert f"function shadowed (prep.py, line {SHADOW_LINE + 1})" in message
    assert f"the new name 'newpkg' is also bound inside the source (line {SHADOW_LINE})" in message


def test_a_result_that_does_not_resolve_here_is_refused_unless_check_is_off(story: Story) -> None:
    """Without newpkg on this machine, the check fails and names what is missing; with
    check=False (migrating for another environment) the payload is written all the same."""
    data = story.payload("from_import")
    with pytest.raises(srcpickle.MigrationError, match=r"does not verify in this environment[\s\S]*newpkg"):
        srcpickle.migrate(data, RENAME)
    migrated = srcpickle.migrate(data, RENAME, check=False)
    ref = next(node for _, node in srcpickle.inspect(migrated).imports())
    assert (ref.module, ref.qualname, str(ref.distribution)) == ("newpkg", "scale", "newpkg")
    assert load_and_probe(story, current_interpreter(), {"from_import": migrated})["from_import"] == [4]


@pytest.mark.parametrize(
    "renames, message",
    [
        ({"oldpkg.util": "new pkg"}, "is not a dotted Python name"),
        ({"oldpkg.util": "oldpkg.util"}, "to itself"),
        ({"class.x": "y"}, "is not a dotted Python name"),
        ({}, "no renames given"),
    ],
)
def test_malformed_renames_are_refused(story: Story, renames: Dict[str, str], message: str) -> None:
    with pytest.raises(srcpickle.MigrationError, match=message):
        srcpickle.migrate(story.payload("plain_chain"), renames)


def test_without_libcst_the_error_says_what_to_install(story: Story, tmp_path: Path) -> None:
    path = tmp_path / "p.srcpickle"
    path.write_bytes(story.payload("plain_chain"))
    code = """\
        sys.modules["libcst"] = None  # as on PyPy, where libcst has no wheel
        import srcpickle
        try:
            srcpickle.migrate(open(sys.argv[1], "rb").read(), {"oldpkg.util": "newpkg"})
        except srcpickle.MigrationError as exc:
            print("RESULT=" + repr(str(exc)))
        """
    message = story.run(current_interpreter(), code, [str(path)])
    assert "pip install 'srcpickle[migrate]'" in message and "libcst" in message


# ------------------------------------------------------------------------------------ the CLI


def cli(story: Story, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(story.new_site))
    return subprocess.run(
        [sys.executable, "-m", "srcpickle", "migrate", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_cli_dry_run_prints_the_diff_and_writes_nothing(story: Story, tmp_path: Path) -> None:
    path = tmp_path / "body.srcpickle"
    path.write_bytes(story.payload("body_imports"))
    before = path.read_bytes()
    proc = cli(story, "body.srcpickle", "--rename", "oldpkg.util=newpkg", "--dry-run", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert path.read_bytes() == before
    out = proc.stdout
    assert (
        "--- body.srcpickle [function body_imports]\n+++ body.srcpickle (migrated) [function body_imports]\n"
        in out
    )
    assert "-    import oldpkg.util as inner\n" in out and "+    import newpkg as inner\n" in out
    first = SCRIPT.splitlines().index("def body_imports(x):") + 1
    assert f"@@ -{first},6 +{first},6 @@ source of body_imports (prep.py)" in out  # prep.py's numbers
    assert "+body-imports: (@newpkg,)" in out
    assert list(tmp_path.iterdir()) == [path]


def test_cli_in_place_and_out_write_atomically(story: Story, tmp_path: Path) -> None:
    first, second = tmp_path / "a.srcpickle", tmp_path / "b.srcpickle"
    first.write_bytes(story.payload("plain_chain"))
    second.write_bytes(story.payload("lam"))
    first.chmod(0o640)
    proc = cli(
        story, "a.srcpickle", "b.srcpickle", "--rename", "oldpkg.util=newpkg", "--in-place", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "a.srcpickle: migrated -> a.srcpickle" in proc.stdout
    assert b"newpkg.scale(x, 3)" in first.read_bytes() and b"oldpkg" not in second.read_bytes()
    assert stat.S_IMODE(first.stat().st_mode) == 0o640, "in place keeps the file's permissions"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.srcpickle", "b.srcpickle"], (
        "no temporary file left"
    )

    original = tmp_path / "orig.srcpickle"
    original.write_bytes(story.payload("alias"))
    proc = cli(story, "orig.srcpickle", "--rename", "oldpkg.util=newpkg", "--out", "migrated", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert original.read_bytes() == story.payload("alias")
    assert srcpickle.inspect((tmp_path / "migrated" / "orig.srcpickle").read_bytes()).root is not None
    assert b"module: 'newpkg'" in (tmp_path / "migrated" / "orig.srcpickle").read_bytes()


def test_cli_refusals_write_nothing_and_unmatched_renames_are_reported(story: Story, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.srcpickle", tmp_path / "bad.srcpickle"
    good.write_bytes(story.payload("plain_chain"))
    bad.write_bytes(story.payload("shadowed"))
    proc = cli(
        story, "good.srcpickle", "bad.srcpickle", "--rename", "oldpkg.util=newpkg", "--in-place", cwd=tmp_path
    )
    assert proc.returncode == 2
    assert (
        "bad.srcpickle: cannot rewrite function shadowed" in proc.stderr
        and "nothing was written" in proc.stderr
    )
    assert good.read_bytes() == story.payload("plain_chain"), "one refused file stops every write"

    proc = cli(story, "good.srcpickle", "--rename", "nosuch.module=other", "--in-place", cwd=tmp_path)
    assert proc.returncode == 1
    assert "--rename nosuch.module=other matched nothing in the payload" in proc.stderr
    proc = cli(story, "good.srcpickle", "--rename", "oldpkg.util=newpkg", cwd=tmp_path)
    assert proc.returncode == 2 and "--out DIR, --in-place, or --dry-run" in proc.stderr


def test_cli_write_failures_write_nothing_and_print_no_traceback(story: Story, tmp_path: Path) -> None:
    """A target that cannot be written, on the second file: the first is not written either
    (every result is written beside its target before any replaces one), and the command says
    why without a traceback."""
    first, second = tmp_path / "a.srcpickle", tmp_path / "b.srcpickle"
    first.write_bytes(story.payload("plain_chain"))
    second.write_bytes(story.payload("lam"))
    out = tmp_path / "out"
    (out / "b.srcpickle").mkdir(parents=True)  # b's target is a folder
    proc = cli(
        story, "a.srcpickle", "b.srcpickle", "--rename", "oldpkg.util=newpkg", "--out", "out", cwd=tmp_path
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert (
        f"srcpickle migrate: cannot write out{os.sep}b.srcpickle: Is a directory; nothing was written"
        in proc.stderr
    )
    assert sorted(p.name for p in out.iterdir()) == ["b.srcpickle"], (
        "a.srcpickle not written, no temporary file"
    )

    (tmp_path / "file").write_bytes(b"")  # --out names a file
    proc = cli(story, "a.srcpickle", "--rename", "oldpkg.util=newpkg", "--out", "file", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "--out file: it is a file, not a folder; nothing was written" in proc.stderr

    # In place, the second file's target replaced by a folder meanwhile is the same refusal.
    proc = cli(
        story,
        "a.srcpickle",
        "missing.srcpickle",
        "--rename",
        "oldpkg.util=newpkg",
        "--in-place",
        cwd=tmp_path,
    )
    assert proc.returncode == 2 and "cannot read missing.srcpickle" in proc.stderr
    assert first.read_bytes() == story.payload("plain_chain")


def test_a_signed_payload_migrates_unsigned_and_the_command_says_to_sign_again(
    story: Story, new_on_path: None, tmp_path: Path
) -> None:
    key = b"a key for the migration tests 1"
    signed = sign(story.payload("plain_chain"), key)
    migrated = srcpickle.migrate(signed, RENAME)
    assert signature_of(signed) is not None and signature_of(migrated) is None
    with pytest.raises(srcpickle.SignatureError) as info:
        srcpickle.loads(migrated, key=key)
    assert info.value.reason == "unsigned"
    # Nothing to rename: the bytes come back as they were, signature and all.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcpickle.MigrationWarning)
        assert srcpickle.migrate(signed, {"nosuch.module": "other"}) == signed

    path = tmp_path / "signed.srcpickle"
    path.write_bytes(signed)
    proc = cli(story, "signed.srcpickle", "--rename", "oldpkg.util=newpkg", "--in-place", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    signer = key_id(key)
    assert (
        f"  note: signed.srcpickle was signed (key {signer}); the migrated payload is unsigned, as the "
        "signature no longer holds. Review it, then sign it again: srcpickle sign signed.srcpickle "
        "--key-file KEY"
    ) in proc.stdout
    assert signature_of(path.read_bytes()) is None


NOISY = """\
import os
print("noisy import")
os.write(1, b"\\xff{ not json\\n")
os.write(2, b"\\xfe\\n")
VALUE = 5
"""


def test_the_verifying_check_survives_modules_that_print_when_imported(tmp_path: Path) -> None:
    """migrate(check=True) verifies the result in a check child, which imports the new module:
    one that prints, and writes to file descriptors 1 and 2 directly, when imported."""
    old_site, new_site = tmp_path / "old", tmp_path / "new"
    make_distribution(old_site, "quietpkg", "1.0", {"quietpkg/__init__.py": "VALUE = 5\n"})
    make_distribution(new_site, "noisypkg", "2.0", {"noisypkg/__init__.py": NOISY})
    script = tmp_path / "uses.py"
    script.write_text(
        "import sys\nimport quietpkg\nimport srcpickle\n\n\ndef uses(x):\n    return quietpkg.VALUE + x\n\n\n"
        "open(sys.argv[1], 'wb').write(srcpickle.dumps(uses))\n",
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, str(script), str(tmp_path / "uses.srcpickle")],
        check=True,
        env=dict(os.environ, PYTHONPATH=str(old_site)),
        timeout=60,
        capture_output=True,
    )
    data = (tmp_path / "uses.srcpickle").read_bytes()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, srcpickle\n"
            "out = srcpickle.migrate(open(sys.argv[1], 'rb').read(), {'quietpkg': 'noisypkg'})\n"
            "print('RESULT=' + repr(srcpickle.loads(out)(1)))",
            str(tmp_path / "uses.srcpickle"),
        ],
        capture_output=True,
        env=dict(os.environ, PYTHONPATH=str(new_site)),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    # The import of noisypkg by loads (in this child, unlike the check's) prints before it.
    assert proc.stdout.splitlines()[-1] == b"RESULT=6"
    assert b"quietpkg" in data


TYPE_PARAMS = """\
import sys
import srcpickle


def first[T](items: list[T]) -> T:
    import collections
    return collections.deque(items)[0]


open(sys.argv[1], "wb").write(srcpickle.dumps(first))
"""


@pytest.fixture(scope="module")
def written_on_312(story: Story, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    on_312 = unit.interpreter("3.12")
    directory = tmp_path_factory.mktemp("on312")
    (directory / "typed.py").write_text(TYPE_PARAMS, encoding="utf-8")
    proc = subprocess.run(
        [on_312.path, "-X", "utf8", "typed.py", "typed.srcpickle"],
        cwd=directory,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": story.package.directory},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return (directory / "typed.srcpickle").read_bytes()


def test_a_payload_of_newer_syntax_migrates_on_a_python_that_parses_it(written_on_312: bytes) -> None:
    """Type parameters (3.12): on an older Python, migrate refuses with MigrationError saying
    which Python it needs (and so does a payload whose header understates it, once a source does
    not parse here); on 3.12 and later it migrates."""
    renames = {"collections": "newcoll"}
    understated = written_on_312.replace(b"requires-python: '3.12'", b"requires-python: '3.9'")
    if sys.version_info < (3, 12):
        with pytest.raises(srcpickle.MigrationError) as raised:
            srcpickle.migrate(written_on_312, renames, check=False)
        assert str(raised.value) == (
            f"cannot migrate this payload on Python {sys.version.split()[0]}: its sources need "
            "Python 3.12 or newer (type parameter syntax in first is Python 3.12 syntax), which this "
            "Python can neither parse nor compile to verify the result. Run migrate on Python 3.12 "
            "or newer."
        )
        with pytest.raises(srcpickle.MigrationError) as raised:
            srcpickle.migrate(understated, renames, check=False)
        assert str(raised.value).startswith(
            f"cannot rewrite the source of function first (typed.py, line 5): Python "
            f"{sys.version.split()[0]} cannot parse it ("
        )
        assert "Run migrate on a newer Python" in str(raised.value)
        return
    migrated = srcpickle.migrate(written_on_312, renames, check=False)
    source = next(node.source for _, node in srcpickle.inspect(migrated).sources())
    assert "    import newcoll\n    return newcoll.deque(items)[0]" in source
    assert source.startswith("def first[T](items: list[T]) -> T:")


GUARDED_OVERLOADS = """\
import collections.abc
from typing import overload

try:
    import json as fast_json
except ImportError:
    fast_json = None

try:
    import json
except ImportError:
    json = None


@overload
def encoded(x: int) -> str: ...


@overload
def encoded(x: dict) -> str: ...


def encoded(x):
    if isinstance(x, collections.abc.Mapping) and fast_json is not None:
        return fast_json.dumps(x, sort_keys=True)
    return str(x) if json is None else json.dumps(x)
"""


def test_a_migration_keeps_guards_and_overload_stubs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Format 3: every migration that changed anything dropped every guard section ("no longer
    used": nothing refers to a guard), so the migrated payload required the guarded module; a
    guarded import renamed kept the old name in its guard; and the overload stubs lost their
    imported-names ('overload',), a name the module never held."""
    unit.write_module(tmp_path, "h74_guarded_overloads", GUARDED_OVERLOADS)
    module = unit.import_from(monkeypatch, tmp_path, "h74_guarded_overloads")
    data = srcpickle.dumps(module.encoded)
    before = srcpickle.inspect(data)
    guards = [node_id for node_id, node in before.nodes.items() if node.kind == "guard"]
    # (typing.get_overloads, which finds the stubs, is 3.11+)
    has_stubs = sys.version_info >= (3, 11)
    assert len(guards) == 2 and (b"\noverloads: " in data) == has_stubs, data.decode()
    # A rename that touches neither guard: only the implementation's source changes.
    result = migrate(data, {"collections.abc.Mapping": "collections.abc.MutableMapping"})
    after = srcpickle.inspect(result.data)
    changed = sorted(
        i for i in set(before.nodes) | set(after.nodes) if before.nodes.get(i) != after.nodes.get(i)
    )
    assert changed == ["encoded"], (changed, result.changes)
    assert srcpickle.loads(result.data)({"b": 1}) == '{"b": 1}'
    # The guarded module renamed with its global: its guard follows it.
    result = migrate(data, {"json": "pickle"})
    guards_now = {
        tuple(node.fallbacks): (tuple(after_ref.id for after_ref in node.tries), node.unbound)
        for node in srcpickle.inspect(result.data).nodes.values()
        if node.kind == "guard"
    }
    assert guards_now == {
        (("fast_json", None),): (("pickle",), ()),  # (an alias keeps its name)
        (("pickle", None),): (("pickle",), ()),
    }, result.data.decode()
    assert any(change.endswith("global json -> pickle") for change in result.changes), result.changes
    assert not any(change.startswith("[guard") and "no longer used" in change for change in result.changes)
    for stub in ("encoded-2", "encoded-3") if has_stubs else ():
        assert after.nodes[stub] == before.nodes[stub]
