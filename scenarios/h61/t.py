import sys, time
sys.path.insert(0, "/work/wt-h61/scenarios/h61")
mod = __import__(sys.argv[1])
import srcpickle
t = time.perf_counter(); srcpickle.dumps(mod.f1); t1 = time.perf_counter()
srcpickle.dumps(mod.f2); t2 = time.perf_counter()
print(sys.argv[1], f"first {1000*(t1-t):.1f} ms, second fn {1000*(t2-t1):.2f} ms")
