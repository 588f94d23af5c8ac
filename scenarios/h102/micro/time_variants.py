# Thread CPU per call of each variant of variants.py, interleaved in 30 rounds: python3.11 time_variants.py (from this folder)
import time, statistics, gc
import variants as m
args = list(range(23))
res = {k: [] for k in ("v_store", "v_zip", "v_kw", "v_disp", "v_set", "t_is", "t_map")}
gc.disable()
for r in range(30):
    for k in res:
        fn = getattr(m, k)
        t0 = time.thread_time()
        if k.startswith("t_"):
            for _ in range(20000): fn("a", "b", "c", "d")
        else:
            for _ in range(20000): fn(*args)
        res[k].append((time.thread_time() - t0) / 20000 * 1e9)
for k, v in res.items():
    print(k, f"{statistics.median(v):.0f} ns  min {min(v):.0f}")
