"""Print compare() verdicts on a seeded sample of CLICK-ID silver candidate pairs (8 per Jaccard band),
with titles and the first shared sentences, for a person to check. Needs ../shared/data/clickid.

    python benchmarks/handcheck_clickid.py
"""
import csv, random, dedup
from dedup.verdict import coverage
if __package__:  # python -m benchmarks.handcheck_clickid: the dedup of the directory it runs from
    from . import _corpora as C
else:  # python benchmarks/handcheck_clickid.py: the installed dedup
    import _corpora as C
arts = C.clickid_records()
rows=list(csv.DictReader(open(C.path("clickid", "silver_candidate_pairs.tsv"), encoding="utf-8"),delimiter='\t'))
random.seed(3)
bands=[(0,0.05),(0.05,0.15),(0.15,0.3),(0.3,0.6),(0.6,1.01)]
sample=[]
for lo,hi in bands:
    rs=[r for r in rows if lo<=float(r['jaccard_5gram'])<hi]
    sample+=random.sample(rs,min(8,len(rs)))
out=[]
for r in sample:
    a,b=arts[r['id_a']],arts[r['id_b']]
    c=dedup.compare(a['title']+"\n"+a['content'], b['title']+"\n"+b['content'])
    cv=coverage(c.ops)
    print(f"### {r['id_a']} {r['id_b']} J={r['jaccard_5gram']} -> {c.verdict}  cov {cv.cover_a:.2f}/{cv.cover_b:.2f} counts {c.counts()}")
    print("  A:", a['title'][:90]); print("  B:", b['title'][:90])
    sh=[op for op in c.ops if op.kind=='content' and op.a and op.b][:2]
    for op in sh: print("   shared:", op.op, (op.a or '')[:110])
