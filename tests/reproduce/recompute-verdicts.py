#!/usr/bin/env python3
"""The Welch verdicts of docs/reproduction.md's sections whose runs were not kept (the paper-scale
sh-fig1a and sh-fig1bc, and Table 5 with the earlier census set-up), recomputed from what those
runs printed: each difference and its standard error (half the "2 SE" of the old report) and the
tables' standard deviations for the Welch-Satterthwaite degrees of freedom. The rule is the
program's (core/reproduce/statistics.cpp): reproduced = one-sided p < 0.05 in the paper's
direction, contradicted = the same against it, direction only / not reproduced otherwise.

    /usr/bin/python3 tests/reproduce/recompute-verdicts.py   (Debian's python3-scipy)

`mtlx-cli reproduce NAME --scale paper --out DIR --report-only` on the runs gives the program's own.
"""
from scipy import stats
import math
def ws(sa, na, sb, nb):
    va, vb = sa*sa/na, sb*sb/nb
    if va+vb == 0: return na+nb-2
    return (va+vb)**2/(va*va/(na-1)+vb*vb/(nb-1))
def fmt(v, dec): return ('+' if v>=0 else '') + ('%.*f' % (dec, v))
def text(d, se, df, dec):
    half = stats.t.ppf(0.975, df)*se
    against = d < 0
    p = stats.t.cdf(d/se, df) if against else stats.t.sf(d/se, df)
    ps = '< 0.001' if p < 0.001 else '= %s' % ('%.3g' % p)
    if d > 0: v = 'reproduced' if p < 0.05 else 'direction only'
    elif d < 0: v = 'contradicted' if p < 0.05 else 'not reproduced'
    else: v = 'not reproduced'
    return v, '%s (95 %% CI %s … %s, one-sided p %s%s)' % (fmt(d,dec), fmt(d-half,dec), fmt(d+half,dec), ps, ' the other way' if against else '')
# sh-fig1a paper
print('FIG1A', text(0.0752, 0.0154/2, ws(0.0097,3,0.0091,3), 4))
print('FIG1A', text(-0.0024, 0.0127/2, ws(0.0097,3,0.0053,3), 4))
# fig1bc paper table gains
for dep,(wo,w) in {1:((1.7063,0.0143),(1.7311,0.0015)),5:((1.7572,0.0062),(1.7864,0.0079)),9:((1.7597,0.0015),(1.7884,0.0044))}.items():
    se=math.sqrt(wo[1]**2/3+w[1]**2/3); print('BC', dep, text(w[0]-wo[0], se, ws(wo[1],3,w[1],3), 4))
print('BC v1', text(0.0287, 0.0053/2, ws(0.0044,3,0.0015,3), 4))
sds=[0.0044,0.0015,0.0015,0.0143]; v=[s*s/3 for s in sds]; df=sum(v)**2/sum(x*x/2 for x in v)
print('BC v2', text(0.0039, 0.0175/2, df, 4))
rows = {'ML6':[(0.9481,0.0007),(0.9946,0.0001),(0.8918,0.0007)],'PLE6':[(0.9467,0.0008),(0.9946,0.0001),(0.8915,0.0004)],'AD6':[(0.9465,0.0008),(0.9945,0.0001),(0.8912,0.0005)],
 'ML9':[(0.9479,0.0007),(0.9946,0.0001),(0.8917,0.0005)],'PLE9':[(0.9463,0.0011),(0.9946,0.0001),(0.8911,0.0003)],'AD9':[(0.9475,0.0008),(0.9946,0.0001),(0.8915,0.0007)]}
ev = {('AD6','ML6'):[(-0.00157,0.00070),(-0.00009,0.00007),(-0.00061,0.00054)],('AD6','PLE6'):[(-0.00018,0.00071),(-0.00012,0.00008),(-0.00035,0.00043)],
 ('ML6','PLE6'):[(0.00139,0.00067),(-0.00002,0.00006),(0.00025,0.00050)],('AD9','ML9'):[(-0.00042,0.00065),(0.0,0.00006),(-0.00018,0.00054)],
 ('AD9','PLE9'):[(0.00120,0.00084),(-0.00002,0.00006),(0.00046,0.00050)],('ML9','PLE9'):[(0.00163,0.00079),(-0.00002,0.00005),(0.00063,0.00036)]}
order=['reproduced','direction only','not reproduced','contradicted']
for (a,b),lst in ev.items():
    parts=[];vs=[]
    for t,(name,(d,tw)) in enumerate(zip(['income','never_married','college'],lst)):
        df=ws(rows[a][t][1],10,rows[b][t][1],10)
        v,tx=text(d,tw/2,df,5); vs.append(v); parts.append(name+' '+tx)
    print('T5', a,b, max(vs,key=order.index), '; '.join(parts))
