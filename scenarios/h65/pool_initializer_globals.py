import multiprocessing, srcpickle, sys
def init(n):
    global STATE
    STATE = n

def work(x):
    return x + STATE

if __name__ == "__main__":
    ctx = srcpickle.get_context("spawn")
    with ctx.Pool(1, initializer=init, initargs=(10,)) as pool:
        try:
            print(pool.map(work, [1, 2], chunksize=1))
        except Exception as e:
            print("parent:", type(e).__name__, e)
            import traceback; traceback.print_exc()
