#!/usr/bin/env python3
"""Reference values for monitor-service's drift statistics, from scipy and numpy.

Run with Debian's python3-scipy (apt install python3-scipy):
    /usr/bin/python3 drift_reference.py > drift_reference.json
DriftStatisticsReferenceTest recomputes every value from the same inputs and compares.
PSI and Jensen-Shannon use 10 bins whose interior edges are the reference deciles (numpy's linear
quantiles), right-open; PSI floors empty bins at 0.0001 as Evidently does.
"""
import json
import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

rng = np.random.RandomState(20261128)


def binned(ref, cur):
    edges = np.quantile(ref, np.arange(1, 10) / 10.0)
    r = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=10) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=10) / len(cur)
    rf = np.where(r == 0, 0.0001, r)
    cf = np.where(c == 0, 0.0001, c)
    return {"edges": edges.tolist(), "reference_shares": r.tolist(), "current_shares": c.tolist(),
            "psi": float(np.sum((cf - rf) * np.log(cf / rf))),
            "jensen_shannon": float(distance.jensenshannon(r, c))}


def numeric(name, ref, cur):
    ref, cur = np.round(ref, 6), np.round(cur, 6)  # short JSON; the statistics are computed on these values
    ks = stats.ks_2samp(ref, cur, alternative="two-sided", method="auto")
    out = {"name": name, "reference": ref.tolist(), "current": cur.tolist(),
           "ks_statistic": float(ks.statistic), "ks_pvalue": float(ks.pvalue),
           "ks_exact": max(len(ref), len(cur)) <= 10000,
           "wasserstein": float(stats.wasserstein_distance(ref, cur)),
           "wasserstein_norm": float(stats.wasserstein_distance(ref, cur) / np.std(ref))}
    out.update(binned(ref, cur))
    return out


def categorical(name, ref_counts, cur_counts):
    cats = sorted(ref_counts)
    obs = np.array([cur_counts.get(c, 0) for c in cats], dtype=float)
    ref = np.array([ref_counts[c] for c in cats], dtype=float)
    exp = ref / ref.sum() * obs.sum()
    chi = stats.chisquare(obs, f_exp=exp)
    union = sorted(set(ref_counts) | set(cur_counts))
    js = distance.jensenshannon([ref_counts.get(c, 0) for c in union], [cur_counts.get(c, 0) for c in union])
    return {"name": name, "reference": ref_counts, "current": cur_counts, "chi2_statistic": float(chi.statistic),
            "chi2_pvalue": float(chi.pvalue), "jensen_shannon": float(js)}


print(json.dumps({
    "generator": {"scipy": scipy.__version__, "numpy": np.__version__},
    "numeric": [
        numeric("shifted-unequal-sizes", rng.normal(0, 1, 800), rng.normal(0.25, 1, 600)),
        numeric("no-drift", rng.normal(10, 2, 700), rng.normal(10, 2, 900)),
        numeric("ties-equal-sizes", np.round(rng.normal(0, 3, 500)), np.round(rng.normal(0.5, 3, 500))),
        numeric("small", rng.exponential(1, 40), rng.exponential(1.4, 55)),
        numeric("large-asymptotic", rng.normal(0, 1, 12000), rng.normal(0.03, 1.05, 10500)),
    ],
    "categorical": [
        categorical("payment-method", {"card": 520, "paypal": 230, "transfer": 150, "crypto": 100},
                    {"card": 380, "paypal": 260, "transfer": 210, "crypto": 150}),
        categorical("stable", {"a": 300, "b": 300, "c": 400}, {"a": 95, "b": 104, "c": 131}),
    ]}))
