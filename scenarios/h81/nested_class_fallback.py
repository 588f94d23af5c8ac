"""h81: a guard whose fallback is a class holding a nested class, loaded where the guarded module
is found: main refused it (PayloadFormatError: the nested class outlived its class, which the
guard's resolution dropped). Prints f(2) (2000) or the error.

Run: /work/venv-h81/bin/python scenarios/h81/nested_class_fallback.py [SRCPICKLE_DIR]
"""

import os, subprocess, sys, tempfile, textwrap
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
where = tempfile.mkdtemp()
site = os.path.join(where, "site"); os.makedirs(os.path.join(site, "acmeunits"))
open(os.path.join(site, "acmeunits", "__init__.py"), "w").write("def meters(x):\n    return x * 1000\n")
info = os.path.join(site, "Acme_Units-1.4.2.dist-info"); os.makedirs(info)
open(os.path.join(info, "METADATA"), "w").write("Metadata-Version: 2.1\nName: Acme-Units\nVersion: 1.4.2\n")
open(os.path.join(info, "RECORD"), "w").write("acmeunits/__init__.py,,\n")
code = os.path.join(where, "code"); os.makedirs(code)
open(os.path.join(code, "h81n.py"), "w").write(textwrap.dedent("""\
    class _Negate:
        class Sign:
            value = -1

        def __new__(cls, x):
            return cls.Sign.value * x

    try:
        from acmeunits import meters as convert
    except ImportError:
        convert = _Negate

    def f(x):
        return convert(x)
    """))
p = os.path.join(where, "p")
env = dict(os.environ, PYTHONPATH=os.pathsep.join([SRC, site, code]))
subprocess.run([sys.executable, "-c", f"import srcpickle, h81n; open({p!r}, 'wb').write(srcpickle.dumps(h81n.f))"], env=env, check=True)
env = dict(os.environ, PYTHONPATH=os.pathsep.join([SRC, site]))
r = subprocess.run([sys.executable, "-c", f"import srcpickle; print(srcpickle.loads(open({p!r}, 'rb').read())(2))"], env=env, capture_output=True, text=True)
print(r.stdout.strip() or r.stderr.strip().splitlines()[-1])
