import collections
import linecache
import pickle
import sys

sys.path.insert(0, sys.argv[1])

sys.path.insert(0, "/work/wt-h100/benchmarks")
import srcpickle

name = sys.argv[2]
d = pickle.load(open(f"/tmp/h100/p/{name}.pkl", "rb"))
cnt = collections.Counter()
fcnt = collections.Counter()


def tr(frame, event, arg):
    frame.f_trace_opcodes = True
    frame.f_trace_lines = False
    if event == "opcode":
        cnt[(frame.f_code.co_filename, frame.f_lineno)] += 1
        fcnt[(frame.f_code.co_filename.split("/")[-1], frame.f_code.co_name)] += 1
    return tr


sys.settrace(tr)
srcpickle.loads(d)
sys.settrace(None)
tot = sum(cnt.values())
print("opcodes", tot)
for k, v in fcnt.most_common(int(sys.argv[3])):
    print(f"{v:8.0f} {k}")

for (f, l), v in cnt.most_common(int(sys.argv[4]) if len(sys.argv) > 4 else 0):
    if "read.py" in f:
        print(f"{v:8.0f} {f.split('/')[-1]}:{l} {linecache.getline(f, l).strip()[:100]}")
