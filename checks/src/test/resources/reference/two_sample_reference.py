#!/usr/bin/env python3
"""Reference values for the checks module's two-sample tests (canary analysis, A/B comparisons), from scipy and statsmodels.

Run with Debian's packages (apt install python3-scipy python3-statsmodels):
    /usr/bin/python3 two_sample_reference.py > two_sample_reference.json
TwoSampleTestsReferenceTest recomputes every value from the same inputs and compares.
"""
import json
import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.multitest import multipletests

rng = np.random.RandomState(20261130)


def mwu(name, a, b, method):
    r = stats.mannwhitneyu(a, b, alternative="two-sided", method=method, use_continuity=True)
    return {"name": name, "a": [float(x) for x in a], "b": [float(x) for x in b], "method": method,
            "statistic": float(r.statistic), "p": float(r.pvalue)}


def fisher(a, b, c, d):
    r = stats.fisher_exact([[a, b], [c, d]], alternative="two-sided")
    statistic = float(r.statistic)
    return {"table": [a, b, c, d], "statistic": statistic if np.isfinite(statistic) else None, "p": float(r.pvalue)}


def two_proportions(x1, n1, x2, n2):
    pooled = (x1 + x2) / (n1 + n2)
    z = (x1 / n1 - x2 / n2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return {"counts": [x1, n1, x2, n2], "statistic": float(z), "p": float(2 * stats.norm.sf(abs(z)))}


def welch(name, a, b):
    r = stats.ttest_ind(a, b, equal_var=False)
    return {"name": name, "a": [float(x) for x in a], "b": [float(x) for x in b], "statistic": float(r.statistic), "p": float(r.pvalue)}


def holm(p):
    reject, corrected, _, _ = multipletests(p, alpha=0.05, method="holm")
    return {"p": [float(x) for x in p], "adjusted": [float(x) for x in corrected]}


out = {
    "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "statsmodels": statsmodels.__version__},
    "mann_whitney": [
        mwu("small, no ties, exact", [1.2, 3.4, 0.5, 7.7, 2.2], [4.1, 5.5, 6.0, 8.8, 9.9, 3.3, 10.1], "exact"),
        mwu("eight against forty, exact", rng.normal(0, 1, 8).tolist(), rng.normal(0.8, 1, 40).tolist(), "exact"),
        mwu("latencies with ties, asymptotic", np.round(rng.lognormal(5, 0.4, 300)).tolist(),
            np.round(rng.lognormal(5.1, 0.4, 250)).tolist(), "asymptotic"),
        mwu("token counts, many ties, asymptotic", rng.poisson(40, 500).tolist(), rng.poisson(42, 500).tolist(), "asymptotic"),
        mwu("equal distributions, asymptotic", rng.normal(0, 1, 1000).tolist(), rng.normal(0, 1, 1200).tolist(), "asymptotic"),
    ],
    "fisher": [fisher(3, 1, 1, 3), fisher(0, 12, 5, 7), fisher(2, 98, 9, 91), fisher(1, 0, 0, 1), fisher(10, 10, 10, 10),
               fisher(7, 2, 0, 15)],
    "two_proportions": [two_proportions(12, 1000, 30, 1000), two_proportions(500, 100000, 520, 100000),
                        two_proportions(0, 50, 3, 60)],
    "welch": [welch("scores", rng.normal(0.7, 0.1, 80).tolist(), rng.normal(0.65, 0.2, 60).tolist()),
              welch("equal means", rng.normal(1, 1, 30).tolist(), rng.normal(1, 3, 300).tolist())],
    "holm": [holm([0.01, 0.04, 0.03, 0.005]), holm([0.2, 0.001, 0.049, 0.5, 0.0125]), holm([0.04])],
}
print(json.dumps(out))
