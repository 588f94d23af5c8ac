import pickle, sys, os
sys.path.insert(0, sys.argv[1])
import srcpickle
from srcpickle._fmt import read
d=pickle.load(open('/tmp/h96/p/new200.pkl','rb'))
for x in d: read.parse_deferring_docs(x)
import gc; gc.collect()
for i in range(int(sys.argv[2])):
    for x in d: read.parse_deferring_docs(x)
os._exit(0)
