#!/usr/bin/env python3
"""Reference values for the checks module's production-quality metrics (labelled monitoring windows), from scikit-learn.

Run with Debian's packages (apt install python3-sklearn):
    /usr/bin/python3 quality_reference.py > quality_reference.json
QualityReferenceTest recomputes every value from the same inputs and compares.
"""
import json
import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, brier_score_loss, mean_absolute_error, mean_squared_error, \
    precision_recall_fscore_support

rng = np.random.RandomState(20261130)


def classification(name, labels, predictions):
    p, r, f, _ = precision_recall_fscore_support(labels, predictions, average="macro", zero_division=0)
    return {"name": name, "labels": labels, "predictions": predictions, "accuracy": float(accuracy_score(labels, predictions)),
            "precision": float(p), "recall": float(r), "f1": float(f)}


def brier(name, outcomes, probabilities):
    return {"name": name, "outcomes": outcomes, "probabilities": probabilities,
            "brier": float(brier_score_loss(outcomes, probabilities))}


def regression(name, labels, predictions):
    return {"name": name, "labels": labels, "predictions": predictions, "mae": float(mean_absolute_error(labels, predictions)),
            "rmse": float(np.sqrt(mean_squared_error(labels, predictions)))}


three = ["cat", "dog", "bird"]
truth = [three[i] for i in rng.randint(0, 3, 300)]
guess = [t if rng.rand() < 0.7 else three[rng.randint(0, 3)] for t in truth]
binary = rng.randint(0, 2, 500).tolist()
probability = np.clip(np.array(binary) * 0.6 + rng.rand(500) * 0.4, 0, 1).round(6).tolist()
values = rng.normal(100, 20, 400)
estimates = (values + rng.normal(0, 5, 400)).round(6).tolist()

out = {
    "versions": {"numpy": np.__version__, "sklearn": sklearn.__version__},
    "classification": [
        classification("binary", ["1", "0", "1", "1", "0", "0", "1", "0"], ["1", "0", "0", "1", "1", "0", "1", "0"]),
        classification("three classes, 70% right", truth, guess),
        classification("a class never predicted, one never true", ["a", "a", "b", "b"], ["a", "c", "a", "b"]),
    ],
    "brier": [brier("hand made", [1, 0, 1, 1, 0], [0.9, 0.1, 0.8, 0.35, 0.6]), brier("500 draws", binary, probability)],
    "regression": [regression("hand made", [3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]),
                   regression("400 draws", values.round(6).tolist(), estimates)],
}
print(json.dumps(out))
