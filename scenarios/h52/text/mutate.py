"""Mutations of a payload's text: what does each reader say?"""
import io, os, subprocess, sys, contextlib
import srcpickle
from srcpickle import errors
src = open(sys.argv[1], "rb").read()
MARK = "/tmp/h52_marker"
orig = srcpickle.loads(src)("x")
def muts():
    yield "crlf", src.replace(b"\n", b"\r\n")
    yield "cr", src.replace(b"\n", b"\r")
    yield "bom", b"\xef\xbb\xbf" + src
    yield "bom+crlf", b"\xef\xbb\xbf" + src.replace(b"\n", b"\r\n")
    yield "trailing-ws", b"\n".join(l + b"  " if l else l for l in src.split(b"\n"))
    yield "trailing-ws-header", b"\n".join(l + b" " if l.startswith((b"root", b"name", b"srcpickle-payload")) else l for l in src.split(b"\n"))
    yield "tabs-indent", src.replace(b"\n    ", b"\n\t")
    yield "no-final-newline", src.rstrip(b"\n")
    yield "extra-final-newlines", src + b"\n\n"
    yield "truncated-half", src[: len(src) // 2]
    yield "truncated-end", src[: src.rfind(b"[end]")]
    yield "truncated-1", src[:-1]
    yield "concat", src + src
    yield "concat-crlf", src + src.replace(b"\n", b"\r\n")
    yield "utf16", src.decode().encode("utf-16")
    yield "latin1-nul", src.replace(b"hi", b"h\x00i", 1)
    yield "leading-blank", b"\n" + src
for name, data in muts():
    try:
        os.unlink(MARK)
    except FileNotFoundError:
        pass
    r = []
    try:
        srcpickle.inspect(data); r.append("inspect ok")
    except errors.SrcpickleError as e:
        r.append(f"inspect {type(e).__name__}: {str(e)[:150]}")
    except Exception as e:
        r.append(f"inspect RAW {type(e).__name__}: {e}")
    try:
        f = srcpickle.loads(data)
        got = f("x")
        r.append("load ok" + ("" if got == orig else f" DIFFERENT {got!r} vs {orig!r}"))
    except errors.SrcpickleError as e:
        r.append(f"load {type(e).__name__}: {str(e)[:150]}")
    except Exception as e:
        r.append(f"load RAW {type(e).__name__}: {e}")
    ran = os.path.exists(MARK)
    if ran and not r[-1].startswith("load ok"):
        r.append("EXECUTED-ON-FAILURE")
    for cmd in (["check"], ["show"]):
        p = subprocess.run([sys.executable, "-m", "srcpickle", *cmd, "-"], input=data, capture_output=True)
        r.append(f"{cmd[0]}={p.returncode}" + (" TRACEBACK" if b"Traceback" in p.stderr else "") )
    print(f"{name:22} | " + " | ".join(r))
