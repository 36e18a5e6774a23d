"""Decisions fitted to annotated data: L2-regularised logistic regression.

Where code chooses between candidates (an entity's label and span, a fact's
place and year, a confidence), the weights come from ``fit`` on a feature
table built from the gold by a script in tools/, never from hand edits.  The
fitted model is a small JSON file in models/ (feature names, weights,
bias); ``Model.score`` is a dot product, so the run needs no learning library.

``group_folds`` and ``cross_validate`` give document-level cross-validated
figures: each document is scored by a model fitted without it.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

Features = Mapping[str, float]  # sparse: feature name -> value (absent = 0)


@dataclass
class Model:
    """A fitted logistic model over named features."""

    weights: dict[str, float]
    bias: float
    meta: dict = field(default_factory=dict)

    def logit(self, features: Features) -> float:
        w = self.weights
        return self.bias + sum(w.get(k, 0.0) * v for k, v in features.items())

    def score(self, features: Features) -> float:
        """The probability that the candidate is right."""
        z = self.logit(features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def to_json(self) -> str:
        body = {"meta": self.meta, "bias": round(self.bias, 6),
                "weights": {k: round(v, 6) for k, v in sorted(self.weights.items())}}
        return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "Model":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            return cls(weights, float(data["bias"]), data.get("meta", {}))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}: not a fitted model file ({exc})") from exc


def fit(rows: Sequence[Features], labels: Sequence[int], l2: float = 1.0,
        iterations: int = 50, meta: dict | None = None) -> Model:
    """Newton-Raphson (IRLS) for L2-regularised logistic regression.

    Deterministic: the same rows give the same weights (features are taken in
    sorted order), so a test can refit and compare with the shipped file.
    The bias is not regularised."""
    names = sorted({k for r in rows for k in r})
    index = {k: i for i, k in enumerate(names)}
    X = np.zeros((len(rows), len(names) + 1))
    X[:, 0] = 1.0
    for i, r in enumerate(rows):
        for k, v in r.items():
            X[i, index[k] + 1] = v
    y = np.asarray(labels, dtype=float)
    w = np.zeros(X.shape[1])
    reg = np.full(X.shape[1], l2)
    reg[0] = 1e-6
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ w, -60, 60)))
        grad = X.T @ (p - y) + reg * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-9:
            break
    weights = {k: float(w[i + 1]) for k, i in index.items() if abs(w[i + 1]) > 1e-9}
    return Model(weights, float(w[0]), dict(meta or {}, rows=len(rows), l2=l2))


def group_folds(groups: Sequence[str], k: int = 5) -> list[set[str]]:
    """``k`` folds of whole documents, assigned in sorted order (deterministic)."""
    docs = sorted(set(groups))
    return [set(docs[i::k]) for i in range(min(k, len(docs)))]


def cross_validate(rows: Sequence[Features], labels: Sequence[int], groups: Sequence[str],
                   k: int = 5, l2: float = 1.0) -> list[float]:
    """Held-out probabilities: each row scored by a model fitted without its document's fold."""
    out = [0.0] * len(rows)
    for fold in group_folds(groups, k):
        train = [i for i, g in enumerate(groups) if g not in fold]
        model = fit([rows[i] for i in train], [labels[i] for i in train], l2=l2)
        for i, g in enumerate(groups):
            if g in fold:
                out[i] = model.score(rows[i])
    return out


def bands(scores: Iterable[float], right: Iterable[bool],
          edges: Sequence[float] = (0.0, 0.5, 0.7, 0.8, 0.9, 1.0001)) -> list[tuple[str, int, float | None]]:
    """(band, count, accuracy) rows: how often candidates in each confidence band were right."""
    pairs = list(zip(scores, right))
    rows = []
    for lo, hi in zip(edges, edges[1:]):
        hits = [r for s, r in pairs if lo <= s < hi]
        label = f"{lo:.1f}-{min(hi, 1.0):.1f}"
        rows.append((label, len(hits), sum(hits) / len(hits) if hits else None))
    return rows


def select(candidates: Sequence[object], model: Model, features: Callable[[object], Features]):
    """The candidate the model scores highest (ties: the earlier one), with its score."""
    best, best_score = None, -1.0
    for c in candidates:
        s = model.score(features(c))
        if s > best_score:
            best, best_score = c, s
    return best, best_score
