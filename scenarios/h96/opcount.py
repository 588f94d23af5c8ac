import pickle, sys, collections, linecache
sys.path.insert(0, sys.argv[1])
from srcpickle._fmt import read
name = sys.argv[2] if len(sys.argv) > 2 else 'new200'
d=pickle.load(open(f'/tmp/h96/p/{name}.pkl','rb'))
xs = d[:20] if isinstance(d, list) else [d]
for x in xs: read.parse_deferring_docs(x)
cnt=collections.Counter(); fcnt=collections.Counter()
def tr(frame, event, arg):
    frame.f_trace_opcodes=True
    frame.f_trace_lines=False
    if event=='opcode':
        cnt[(frame.f_code.co_filename, frame.f_lineno)]+=1; fcnt[frame.f_code.co_name]+=1
    return tr
sys.settrace(tr)
for x in xs: read.parse_deferring_docs(x)
sys.settrace(None)
tot=sum(cnt.values()); print('opcodes per parse', tot/len(xs))
for k,v in fcnt.most_common(15): print(f'{v/len(xs):8.0f} {k}')
for (f,l),v in cnt.most_common(int(sys.argv[3]) if len(sys.argv)>3 else 40):
    print(f'{v/len(xs):8.0f} {f.split("/")[-1]}:{l} {linecache.getline(f,l).strip()[:90]}')
