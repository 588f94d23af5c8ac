# PyPy 3.9: threads that hit RecursionError inside __import__ of a loaded module (importlib's
# per-module lock, pure Python there) can leave that lock broken: every later import of the
# module, in every thread, waits for ever.
import faulthandler, sys, threading
from importlib import _bootstrap

faulthandler.dump_traceback_later(60, exit=True)
def dive(n):
    __import__("builtins")
    dive(n + 1)

def work():
    for _ in range(20):
        try:
            dive(0)
        except RecursionError:
            pass

threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join(70)
print("done" if not any(t.is_alive() for t in threads) else "HUNG")
