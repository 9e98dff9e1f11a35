#!/usr/bin/env python3
"""The cross-check of Welch's test (core/reproduce/statistics.cpp, tests/reproduce/tst_reproduce.cpp):
SciPy's ttest_ind(equal_var=False) and the Welch-Satterthwaite interval on the samples the C++ test
uses. Prints difference (b - a), the 95 % interval, the two-sided p and the degrees of freedom; then
the one-sample test and the four-sample contrast behind two of the reproductions' verdicts.

    /usr/bin/python3 tests/bench/welch_reference.py   (Debian's python3-scipy)
"""
import math

from scipy import stats

SAMPLES = [
    ([0.80, 0.82, 0.79], [0.85, 0.86, 0.83, 0.84]),
    ([1.0, 2.0, 3.0, 4.0, 5.0], [2.0, 2.5, 2.9]),
    ([0.9475, 0.9471, 0.9480], [0.9463, 0.9468, 0.9470]),
]

for a, b in SAMPLES:
    test = stats.ttest_ind(b, a, equal_var=False)
    va, vb = stats.tvar(a) / len(a), stats.tvar(b) / len(b)
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    diff = sum(b) / len(b) - sum(a) / len(a)
    half = stats.t.ppf(0.975, df) * se
    print(f"diff {diff:.17g} low {diff - half:.17g} high {diff + half:.17g} p {test.pvalue:.17g} df {df:.17g}")

# The one-sample test of a mean against a constant (the verdict "own share > 1/2"): 1 - x > 1/2.
SHARES = [0.10, 0.12, 0.14]
own = [1 - x for x in SHARES]
test = stats.ttest_1samp(own, 0.5)
half = stats.t.ppf(0.975, len(own) - 1) * math.sqrt(stats.tvar(own) / len(own))
diff = sum(own) / len(own) - 0.5
print(f"one-sample diff {diff:.17g} low {diff - half:.17g} high {diff + half:.17g} p {test.pvalue:.17g}")

# A difference of two differences (the verdict "the gain is larger for deeper towers"):
# (with9 - without9) - (with1 - without1), Welch-Satterthwaite over the four samples.
WITH9, WITHOUT9, WITH1, WITHOUT1 = [0.50, 0.52, 0.55], [0.40, 0.43, 0.41], [0.45, 0.46, 0.44], [0.44, 0.43, 0.45]
terms = [(1, WITH9), (-1, WITHOUT9), (-1, WITH1), (1, WITHOUT1)]
diff = sum(c * sum(x) / len(x) for c, x in terms)
v = [stats.tvar(x) / len(x) for _, x in terms]
df = sum(v) ** 2 / sum(vi**2 / (len(x) - 1) for vi, (_, x) in zip(v, terms))
se = math.sqrt(sum(v))
half = stats.t.ppf(0.975, df) * se
p = 2 * stats.t.sf(abs(diff) / se, df)
print(f"contrast diff {diff:.17g} low {diff - half:.17g} high {diff + half:.17g} p {p:.17g} df {df:.17g}")
