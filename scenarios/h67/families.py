# ruff: noqa: E501, E402 - scenario tables read better a row per line
"""The h67 scenarios, by family (see README.md here for the outcomes)."""

from __future__ import annotations

import os
import sys

from lab import TMP, dist, scenario

ALL = ("3.11", "3.9", "3.13", "pypy")
J = os.path.join
ONLY = sys.argv[1:]


def want(name):
    return not ONLY or any(o in name for o in ONLY)


def d(*parts):
    return J(TMP, *parts)


# --------------------------------------------------------------- import name != distribution name
acme = {"acmeunits/__init__.py": "def meters(x):\n    return x * 1000\n"}
dist(d("v1"), "Acme-Units", "1.4.2", acme, top_level=["acmeunits"])
dist(d("v2"), "Acme-Units", "2.0.0", acme, top_level=["acmeunits"])
dist(d("v13"), "Acme-Units", "1.3.0", acme, top_level=["acmeunits"])
dist(d("v15"), "Acme-Units", "1.5.0", acme, top_level=["acmeunits"])
dist(
    d("broken"),
    "Acme-Units",
    "1.4.2",
    {"acmeunits/__init__.py": "import acme_missing_dep\n"},
    top_level=["acmeunits"],
)
dist(
    d("noattr"),
    "Acme-Units",
    "1.4.2",
    {"acmeunits/__init__.py": "def feet(x):\n    return x\n"},
    top_level=["acmeunits"],
)
dist(d("recordonly"), "Acme-Units", "1.4.2", acme, top_level=None)
os.makedirs(d("empty"), exist_ok=True)

GLOBAL = "import acmeunits\ndef f(x):\n    return acmeunits.meters(x)\n"
BODY = "def f(x):\n    import acmeunits\n    return acmeunits.meters(x)\n"
FROM = "from acmeunits import meters\ndef f(x):\n    return meters(x)\n"
IMPORTLIB = "def f(x):\n    import importlib\n    return importlib.import_module('acmeunits').meters(x)\n"
DUNDER = "def f(x):\n    return __import__('acmeunits').meters(x)\n"
for label, body in [
    ("global", GLOBAL),
    ("body", BODY),
    ("from", FROM),
    ("importlib", IMPORTLIB),
    ("dunder", DUNDER),
]:
    for env, path in [
        ("same", "v1"),
        ("absent", "empty"),
        ("major", "v2"),
        ("older", "v13"),
        ("newer-minor", "v15"),
        ("import-fails", "broken"),
        ("attr-missing", "noattr"),
    ]:
        name = f"rename-{label}-{env}"
        if want(name):
            scenario(name, body, [d("v1")], [d(path)], ["f(2)"], load_pys=("3.11",))
    if want(f"rename-{label}-strict"):
        scenario(f"rename-{label}-strict", body, [d("v1")], [d("v2")], ["f(2)"], options={"strict": True})
if want("rename-recordonly"):
    scenario("rename-recordonly-dump", GLOBAL, [d("recordonly")], [d("empty")], ["f(2)"], load_pys=ALL)
if want("rename-cross"):
    scenario("rename-cross-absent", GLOBAL, [d("v1")], [d("empty")], ["f(2)"], load_pys=ALL)
    scenario("rename-cross-major", GLOBAL, [d("v1")], [d("v2")], ["f(2)"], load_pys=ALL)
    scenario("rename-cross-dumped39", GLOBAL, [d("v1")], [d("v2")], ["f(2)"], dump_py="3.9", load_pys=ALL)
    scenario(
        "rename-cross-dumpedpypy", GLOBAL, [d("v1")], [d("empty")], ["f(2)"], dump_py="pypy", load_pys=ALL
    )

# --------------------------------------------------------------- real installed distributions
REAL = """
import yaml, dateutil.parser, attr, six
from dateutil import tz
def f(x):
    return yaml.safe_dump({"a": x}).strip(), dateutil.parser.parse("2020-01-02").year, attr.__name__, six.PY3, tz.__name__
"""
if want("real"):
    scenario("real-yaml-dateutil-attr", REAL, [], [], ["f(1)"], load_pys=ALL)

# --------------------------------------------------------------- namespace packages over two folders
dist(d("nsa"), "nsco-alpha", "1.0", {"nsco/alpha.py": "def a(x):\n    return x + 1\n"}, top_level=["nsco"])
dist(d("nsb"), "nsco-beta", "2.0", {"nsco/beta.py": "def b(x):\n    return x * 2\n"}, top_level=["nsco"])
dist(d("nsb3"), "nsco-beta", "3.0", {"nsco/beta.py": "def b(x):\n    return x * 2\n"}, top_level=["nsco"])
NS = "import nsco.beta\ndef f(x):\n    return nsco.beta.b(x)\n"
NS_FROM = "from nsco import beta\ndef f(x):\n    return beta.b(x)\n"
NS_NAME = "from nsco.beta import b\ndef f(x):\n    return b(x)\n"
NS_BODY = "def f(x):\n    import nsco.beta\n    return nsco.beta.b(x)\n"
for label, body in [("import", NS), ("from-sub", NS_FROM), ("from-name", NS_NAME), ("body", NS_BODY)]:
    for env, path in [
        ("same", [d("nsa"), d("nsb")]),
        ("beta-absent", [d("nsa")]),
        ("beta-major", [d("nsa"), d("nsb3")]),
    ]:
        name = f"ns-{label}-{env}"
        if want(name):
            scenario(name, body, [d("nsa"), d("nsb")], path, ["f(2)"], load_pys=("3.11",))
if want("ns-cross"):
    scenario("ns-cross-beta-absent", NS, [d("nsa"), d("nsb")], [d("nsa")], ["f(2)"], load_pys=ALL)

# --------------------------------------------------------------- two distributions, one top-level package
dist(
    d("two1"),
    "shared-core",
    "1.0",
    {"sharedpkg/__init__.py": "X = 1\n", "sharedpkg/core.py": "def c(x):\n    return x\n"},
    top_level=["sharedpkg"],
)
dist(
    d("two1"),
    "shared-extra",
    "5.0",
    {"sharedpkg/extra.py": "def e(x):\n    return -x\n"},
    top_level=["sharedpkg"],
)
dist(
    d("two2"),
    "shared-core",
    "1.0",
    {"sharedpkg/__init__.py": "X = 1\n", "sharedpkg/core.py": "def c(x):\n    return x\n"},
    top_level=["sharedpkg"],
)
TWO = "import sharedpkg.extra\ndef f(x):\n    return sharedpkg.extra.e(x)\n"
if want("two-dists"):
    scenario("two-dists-extra-absent", TWO, [d("two1")], [d("two2")], ["f(2)"], load_pys=ALL)

# --------------------------------------------------------------- editable install (.pth)
dist(
    d("site-ed"),
    "edpkg-dist",
    "0.7",
    {"__editable__.edpkg_dist-0.7.pth": d("src") + "\n"},
    top_level=["edpkg"],
)
os.makedirs(d("src", "edpkg"), exist_ok=True)
with open(d("src", "edpkg", "__init__.py"), "w") as h:
    h.write("def g(x):\n    return x * 10\n")
ED = "import site; site.addsitedir({!r})\nimport edpkg\ndef f(x):\n    return edpkg.g(x)\n".format(
    d("site-ed")
)
ED_BODY = "import site; site.addsitedir({!r})\ndef f(x):\n    import edpkg\n    return edpkg.g(x)\n".format(
    d("site-ed")
)
if want("editable"):
    scenario("editable-global-absent", ED, [], [d("empty")], ["f(2)"], load_pys=("3.11",))
    scenario("editable-body-absent", ED_BODY, [], [d("empty")], ["f(2)"], load_pys=("3.11",))

# --------------------------------------------------------------- zipimport, local file
import zipfile

with zipfile.ZipFile(d("zipped.zip"), "w") as z:
    z.writestr("zipmod.py", "def z(x):\n    return x + 100\n")
ZIP = "import sys; sys.path.insert(0, {!r})\nimport zipmod\ndef f(x):\n    return zipmod.z(x)\n".format(
    d("zipped.zip")
)
ZIPB = "import sys; sys.path.insert(0, {!r})\ndef f(x):\n    import zipmod\n    return zipmod.z(x)\n".format(
    d("zipped.zip")
)
if want("zip"):
    scenario("zip-global", ZIP, [], [d("empty")], ["f(2)"], load_pys=ALL)
    scenario("zip-body-absent", ZIPB, [], [d("empty")], ["f(2)"], load_pys=("3.11",))

# --------------------------------------------------------------- conditional imports
dist(
    d("fast"),
    "fastjsonx",
    "1.0",
    {"fastjsonx.py": "def dumps(x):\n    return 'fast'\n"},
    top_level=["fastjsonx"],
)
COND_BODY = """
def f(x):
    try:
        import fastjsonx as js
    except ImportError:
        import json as js
    return js.dumps(x)
"""
COND_GLOBAL = """
try:
    import fastjsonx as js
except ImportError:
    js = None
def f(x):
    if js is None:
        return 'none'
    return js.dumps(x)
"""
if want("cond"):
    scenario("cond-body-absent", COND_BODY, [d("fast")], [d("empty")], ["f(2)"], load_pys=("3.11", "3.9"))
    scenario("cond-global-absent", COND_GLOBAL, [d("fast")], [d("empty")], ["f(2)"], load_pys=("3.11",))

# --------------------------------------------------------------- module attribute that is a module
dist(
    d("deep"),
    "deep-dist",
    "3.1",
    {
        "deeppkg/__init__.py": "from . import inner\n",
        "deeppkg/inner/__init__.py": "from . import leaf\n",
        "deeppkg/inner/leaf.py": "def l(x):\n    return x - 1\n",
    },
    top_level=["deeppkg"],
)
DEEP = "import deeppkg\ndef f(x):\n    return deeppkg.inner.leaf.l(x)\n"
HOLDER = "import deeppkg\nclass H: pass\nH.mod = deeppkg.inner\ndef f(x):\n    return H.mod.leaf.l(x)\n"
if want("deep"):
    scenario("deep-chain-absent", DEEP, [d("deep")], [d("empty")], ["f(2)"], load_pys=("3.11",))
    scenario("deep-chain-same", DEEP, [d("deep")], [d("deep")], ["f(2)"], load_pys=ALL)
    scenario("deep-holder-absent", HOLDER, [d("deep")], [d("empty")], ["f(2)"], load_pys=("3.11",))

# --------------------------------------------------------------- stdlib removed / added
REMOVED = {
    "distutils": "import distutils.version\ndef f(x):\n    return str(distutils.version.LooseVersion(x))\n",
    "imp": "import imp\ndef f(x):\n    return imp.get_suffixes() is not None and x\n",
    "asynchat": "import asynchat\ndef f(x):\n    return asynchat.async_chat.__name__ + x\n",
    "imp-body": "def f(x):\n    import imp\n    return bool(imp.get_suffixes()) and x\n",
    "asyncore-from": "from asyncore import dispatcher\ndef f(x):\n    return dispatcher.__name__ + x\n",
}
for label, body in REMOVED.items():
    if want("removed-" + label):
        scenario("removed-" + label, body, [], [], ["f('1.2')"], dump_py="3.9", load_pys=("3.12", "3.13"))
ADDED = {
    "tomllib": "import tomllib\ndef f(x):\n    return tomllib.loads(x)\n",
    "tomllib-body": "def f(x):\n    import tomllib\n    return tomllib.loads(x)\n",
    "tomllib-from": "from tomllib import loads\ndef f(x):\n    return loads(x)\n",
}
for label, body in ADDED.items():
    if want("added-" + label):
        scenario(
            "added-" + label, body, [], [], ["f('a = 1')"], dump_py="3.11", load_pys=("3.9", "pypy", "3.13")
        )

# --------------------------------------------------------------- present, but the import fails at load
dist(
    d("boom"),
    "Acme-Units",
    "1.4.2",
    {"acmeunits/__init__.py": "raise RuntimeError('needs a GPU driver')\n"},
    top_level=["acmeunits"],
)
dist(
    d("attrerr"),
    "Acme-Units",
    "1.4.2",
    {"acmeunits/__init__.py": "import json\njson.nothere\n"},
    top_level=["acmeunits"],
)
dist(d("syntaxerr"), "Acme-Units", "1.4.2", {"acmeunits/__init__.py": "def (:\n"}, top_level=["acmeunits"])
dist(
    d("subfails"),
    "Acme-Units",
    "1.4.2",
    {
        "acmeunits/__init__.py": "def meters(x):\n    return x * 1000\n",
        "acmeunits/conv.py": "import acme_missing_dep\n",
    },
    top_level=["acmeunits"],
)
SUB = "import acmeunits.conv\ndef f(x):\n    return acmeunits.meters(x)\n"
dist(
    d("subok"),
    "Acme-Units",
    "1.4.2",
    {"acmeunits/__init__.py": "def meters(x):\n    return x * 1000\n", "acmeunits/conv.py": "K = 1\n"},
    top_level=["acmeunits"],
)
for env in ("boom", "attrerr", "syntaxerr"):
    for label, body in [("global", GLOBAL), ("from", FROM), ("body", BODY)]:
        if want(f"fails-{env}-{label}"):
            scenario(f"fails-{env}-{label}", body, [d("v1")], [d(env)], ["f(2)"])
if want("fails-sub"):
    scenario(
        "fails-submodule",
        "import acmeunits.conv\ndef f(x):\n    return acmeunits.conv.K + x\n",
        [d("subok")],
        [d("subfails")],
        ["f(2)"],
    )

if want("ns-dumped-elsewhere"):
    for py in ("3.9", "3.13", "pypy"):
        scenario(
            f"ns-dumped-elsewhere-{py}",
            NS_NAME,
            [d("nsa"), d("nsb")],
            [d("nsa"), d("nsb3")],
            ["f(2)"],
            dump_py=py,
            load_pys=(py,),
        )
        scenario(
            f"ns-dumped-elsewhere-two-{py}",
            TWO,
            [d("two1")],
            [d("two2")],
            ["f(2)"],
            dump_py=py,
            load_pys=(py,),
        )

# --------------------------------------------------------------- a module attribute that is another distribution's module
dist(
    d("reex"),
    "wrapper-dist",
    "1.0",
    {"wrapperpkg/__init__.py": "import acmeunits as units\nfrom acmeunits import conv\n"},
    top_level=["wrapperpkg"],
)
dist(
    d("reex"),
    "Acme-Units",
    "1.4.2",
    {
        "acmeunits/__init__.py": "def meters(x):\n    return x * 1000\n",
        "acmeunits/conv.py": "def k(x):\n    return x\n",
    },
    top_level=["acmeunits"],
)
dist(
    d("reex-noacme"),
    "wrapper-dist",
    "1.0",
    {
        "wrapperpkg/__init__.py": "try:\n    import acmeunits as units\nexcept ImportError:\n    units = None\n"
    },
    top_level=["wrapperpkg"],
)
REEX = "import wrapperpkg\ndef f(x):\n    return wrapperpkg.units.meters(x) + wrapperpkg.conv.k(x)\n"
REEX2 = "import wrapperpkg\nu = wrapperpkg.units\ndef f(x):\n    return u.meters(x)\n"
if want("reexport"):
    scenario("reexport-same", REEX, [d("reex")], [d("reex")], ["f(2)"], load_pys=ALL)
    scenario("reexport-acme-absent", REEX, [d("reex")], [d("reex-noacme")], ["f(2)"])
    scenario("reexport-global-alias-absent", REEX2, [d("reex")], [d("reex-noacme")], ["f(2)"])

# --------------------------------------------------------------- version- or platform-conditional body imports
VERSIONED = """
import sys
def f(x):
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import json as tomllib
    return tomllib.__name__ in ("tomllib", "json") and x
"""
if want("versioned"):
    scenario("versioned-body-import", VERSIONED, [], [], ["f(2)"], dump_py="3.11", load_pys=("3.9", "pypy"))

# --------------------------------------------------------------- an egg-info distribution
os.makedirs(d("egg", "eggpkg"), exist_ok=True)
with open(d("egg", "eggpkg", "__init__.py"), "w") as h:
    h.write("def e(x):\n    return x + 7\n")
os.makedirs(d("egg", "Egg_Dist-0.9.egg-info"), exist_ok=True)
with open(d("egg", "Egg_Dist-0.9.egg-info", "PKG-INFO"), "w") as h:
    h.write("Metadata-Version: 1.1\nName: Egg-Dist\nVersion: 0.9\n\n")
with open(d("egg", "Egg_Dist-0.9.egg-info", "top_level.txt"), "w") as h:
    h.write("eggpkg\n")
EGG = "import eggpkg\ndef f(x):\n    return eggpkg.e(x)\n"
if want("egg"):
    scenario("egg-info-absent", EGG, [d("egg")], [d("empty")], ["f(2)"], load_pys=("3.11", "3.9", "pypy"))
    scenario("egg-info-same", EGG, [d("egg")], [d("egg")], ["f(2)"], load_pys=("3.11", "3.9", "pypy"))

# --------------------------------------------------------------- known limits (see README.md: not fixed)
dist(d("named"), "namedpkg", "1.0", {"namedpkg/__init__.py": "X = 1\n"}, top_level=["namedpkg"])
dist(
    d("named"),
    "namedpkg-plugin",
    "4.0",
    {"namedpkg/plugin.py": "def p(x):\n    return x * 3\n"},
    top_level=["namedpkg"],
)
dist(d("named-core"), "namedpkg", "1.0", {"namedpkg/__init__.py": "X = 1\n"}, top_level=["namedpkg"])
PLUGIN = "import namedpkg.plugin\ndef f(x):\n    return namedpkg.plugin.p(x)\n"
MIXED = "import nsco.alpha, nsco.beta\ndef f(x):\n    return nsco.alpha.a(x) + nsco.beta.b(x)\n"
MODULE_GUARD = "try:\n    import acmeunits\nexcept ImportError:\n    acmeunits = None\ndef f(x):\n    return -x if acmeunits is None else acmeunits.meters(x)\n"
if want("limit"):
    scenario(
        "limit-plugin-of-a-package-named-like-its-distribution",
        PLUGIN,
        [d("named")],
        [d("named-core")],
        ["f(2)"],
    )
    scenario("limit-two-submodules-of-two-distributions", MIXED, [d("nsa"), d("nsb")], [d("nsa")], ["f(2)"])
    scenario("limit-module-level-guarded-import", MODULE_GUARD, [d("v1")], [d("empty")], ["f(2)"])
    scenario("limit-dynamic-import-attribute", IMPORTLIB, [d("v1")], [d("noattr")], ["f(2)"])
