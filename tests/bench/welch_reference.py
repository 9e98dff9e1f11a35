#!/usr/bin/env python3
"""The cross-check of Welch's test (core/reproduce/statistics.cpp, tests/reproduce/tst_reproduce.cpp):
SciPy's ttest_ind(equal_var=False) and the Welch-Satterthwaite interval on the samples the C++ test
uses. Prints difference (b - a), the 95 % interval, the two-sided p and the degrees of freedom.

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
