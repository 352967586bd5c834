#!/usr/bin/env python3
"""Reference values for eval-service's statistical metrics, from scikit-learn, scipy and numpy.

Run with Debian's python3-sklearn / python3-scipy (apt install python3-sklearn python3-scipy):
    /usr/bin/python3 metrics_reference.py > metrics_reference.json
The Java tests (MetricsReferenceTest) recompute every value from the same inputs and compare.
Fairness metrics follow Fairlearn's definitions, computed here from sklearn's per-group confusion matrices.
"""
import json
import numpy as np
import sklearn
import scipy
from scipy import stats
from sklearn import metrics

rng = np.random.RandomState(20261128)


def classification_case(name, labels, n, noise):
    y_true = rng.choice(labels, size=n)
    y_pred = np.where(rng.rand(n) < noise, rng.choice(labels, size=n), y_true)
    out = {"name": name, "truth": y_true.tolist(), "predicted": y_pred.tolist(), "expected": {}}
    e = out["expected"]
    e["accuracy"] = metrics.accuracy_score(y_true, y_pred)
    for avg in ("macro", "micro", "weighted"):
        e["precision_" + avg] = metrics.precision_score(y_true, y_pred, average=avg, zero_division=0)
        e["recall_" + avg] = metrics.recall_score(y_true, y_pred, average=avg, zero_division=0)
        e["f1_" + avg] = metrics.f1_score(y_true, y_pred, average=avg, zero_division=0)
    all_labels = sorted(set(y_true) | set(y_pred))
    out["labels"] = all_labels
    out["confusion_matrix"] = metrics.confusion_matrix(y_true, y_pred, labels=all_labels).tolist()
    if len(labels) == 2:
        pos = max(labels)
        e["precision"] = metrics.precision_score(y_true, y_pred, pos_label=pos, zero_division=0)
        e["recall"] = metrics.recall_score(y_true, y_pred, pos_label=pos, zero_division=0)
        e["f1"] = metrics.f1_score(y_true, y_pred, pos_label=pos, zero_division=0)
        is_pos = (y_true == pos)
        # scores: informative but noisy probabilities, with deliberate ties (rounded to 2 decimals)
        scores = np.clip(np.round(np.where(is_pos, 0.65, 0.35) + rng.normal(0, 0.2, n), 2), 0.0, 1.0)
        out["scores"] = scores.tolist()
        e["roc_auc"] = metrics.roc_auc_score(is_pos.astype(int), scores)
        e["log_loss"] = metrics.log_loss(is_pos.astype(int), scores)
    return out


def regression_case(name, n):
    y_true = rng.normal(50, 10, n)
    y_pred = y_true + rng.normal(0, 4, n)
    return {"name": name, "truth": y_true.tolist(), "predicted": y_pred.tolist(), "expected": {
        "mae": metrics.mean_absolute_error(y_true, y_pred),
        "rmse": float(np.sqrt(metrics.mean_squared_error(y_true, y_pred))),
        "r2": metrics.r2_score(y_true, y_pred)}}


def fairness_case(name, n):
    group = rng.choice(["a", "b", "c"], size=n, p=[0.5, 0.3, 0.2])
    y_true = rng.choice(["0", "1"], size=n)
    bias = np.where(group == "a", 0.15, np.where(group == "b", 0.35, 0.5))
    y_pred = np.where(rng.rand(n) < bias, rng.choice(["0", "1"], size=n, p=[0.2, 0.8]), y_true)
    sel, tpr, fpr = {}, {}, {}
    for g in sorted(set(group)):
        m = group == g
        tn, fp, fn, tp = metrics.confusion_matrix(y_true[m], y_pred[m], labels=["0", "1"]).ravel()
        sel[g] = (tp + fp) / m.sum()
        tpr[g] = tp / (tp + fn) if tp + fn else 0.0
        fpr[g] = fp / (fp + tn) if fp + tn else 0.0
    return {"name": name, "group": group.tolist(), "truth": y_true.tolist(), "predicted": y_pred.tolist(), "expected": {
        "selection_rate": {g: float(v) for g, v in sel.items()},
        "demographic_parity_difference": float(max(sel.values()) - min(sel.values())),
        "equalized_odds_difference": float(max(max(tpr.values()) - min(tpr.values()),
                                               max(fpr.values()) - min(fpr.values()))),
        "disparate_impact_ratio": float(min(sel.values()) / max(sel.values()))}}


def percentile_case(n):
    latency = rng.lognormal(4, 0.6, n)
    return {"values": latency.tolist(),
            "expected": {str(q): float(np.percentile(latency, q)) for q in (50, 90, 95, 99)}}


def paired_case(n):
    a = rng.normal(0.7, 0.1, n)
    b = a + rng.normal(0.03, 0.05, n)
    w = stats.wilcoxon(b, a, zero_method="wilcox", correction=False, method="approx")
    return {"baseline": a.tolist(), "candidate": b.tolist(),
            "expected": {"wilcoxon_statistic": float(w.statistic), "wilcoxon_p": float(w.pvalue),
                         "mcnemar_exact_p_b3_c12": float(stats.binomtest(3, 15, 0.5).pvalue)}}


print(json.dumps({
    "generator": {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
    "classification": [classification_case("binary", ["no", "yes"], 400, 0.3),
                       classification_case("multiclass", ["bird", "cat", "dog", "fish"], 500, 0.45),
                       classification_case("imbalanced", ["0", "1", "2"], 60, 0.7)],
    "regression": [regression_case("gaussian", 300)],
    "fairness": [fairness_case("three-groups", 600)],
    "percentiles": percentile_case(257),
    "paired": paired_case(80)}))
