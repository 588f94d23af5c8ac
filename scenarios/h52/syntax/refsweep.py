"""PY refsweep.py dump OUT | PY refsweep.py check IN: which module+name each public stdlib object
is written under here, and whether every other interpreter can import that."""
import importlib, json, sys, warnings
warnings.simplefilter("ignore")
MODS = """abc argparse array ast asyncio base64 bisect bz2 calendar cmath codecs collections collections.abc
concurrent.futures contextlib contextvars copy csv dataclasses datetime decimal difflib dis email email.message
email.policy enum errno fnmatch fractions functools gc getpass glob gzip hashlib heapq hmac html http http.client
importlib importlib.abc importlib.machinery importlib.metadata importlib.resources importlib.util inspect io
ipaddress itertools json keyword linecache locale logging logging.handlers lzma math mimetypes multiprocessing
numbers operator os os.path pathlib pickle pkgutil platform pprint queue random re reprlib secrets select selectors
shelve shlex shutil signal socket sqlite3 ssl stat statistics string struct subprocess sys sysconfig tarfile tempfile
textwrap threading time timeit tokenize traceback types typing unicodedata unittest unittest.mock urllib.parse
urllib.request uuid warnings weakref xml.etree.ElementTree zipfile zlib zoneinfo""".split()
if sys.argv[1] == "dump":
    import srcpickle
    out = {}
    for m in MODS:
        try:
            mod = importlib.import_module(m)
        except Exception:
            continue
        for n in getattr(mod, "__all__", []):
            try:
                obj = getattr(mod, n)
            except Exception:
                continue
            if not (isinstance(obj, type) or callable(obj)) or isinstance(obj, type(sys)):
                continue
            try:
                p = srcpickle.inspect(srcpickle.dumps(obj))
            except Exception as e:
                out[f"{m}.{n}"] = ["ERR", f"{type(e).__name__}: {str(e)[:150]}"]
                continue
            root = p.nodes[p.root.id]
            if type(root).__name__ == "RefNode":
                out[f"{m}.{n}"] = [root.module, root.qualname]
    json.dump(out, open(sys.argv[2], "w"))
else:
    data = json.load(open(sys.argv[2]))
    bad = {}
    for k, (mod, qual) in data.items():
        if mod == "ERR":
            continue
        try:
            o = importlib.import_module(mod)
            for part in qual.split("."):
                o = getattr(o, part)
        except Exception as e:
            m, _, n = k.rpartition(".")
            # only interesting if the public name exists here
            try:
                getattr(importlib.import_module(m), n)
            except Exception:
                continue
            bad[k] = f"{mod}.{qual}: {type(e).__name__}"
    print(json.dumps(bad))
