"""Computes the Keras reference values that tests/losses and tests/metrics compare against.

Run once with real Keras 3 on the JAX backend (CI does not install Keras):

    KERAS_BACKEND=jax python tools/loss_metric_goldens.py

It rewrites tests/losses/loss_goldens.py and tests/metrics/metric_goldens.py:
each case holds its inputs (small arrays rounded to 4 decimals, so both
libraries read the same float32 numbers) and what Keras returned.
"""
import os
import pprint
import sys

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
rng = np.random.default_rng(20240607)


def rand(*shape, low=0.0, high=1.0):
    return np.round(rng.uniform(low, high, shape), 4).tolist()


def probs(n, k):
    p = rng.uniform(0.05, 1.0, (n, k))
    return np.round(p / p.sum(-1, keepdims=True), 4).tolist()


def one_hot(ids, k):
    return np.eye(k)[ids].tolist()


def binary(*shape):
    return rng.integers(0, 2, shape).astype(float).tolist()


REG_T, REG_P = rand(4, 3, low=-2, high=2), rand(4, 3, low=-2, high=2)
POS_T, POS_P = rand(4, 3, low=0.1, high=3), rand(4, 3, low=0.1, high=3)
BIN_T, BIN_P, BIN_Z = binary(5, 2), rand(5, 2, low=0.05, high=0.95), rand(5, 2, low=-4, high=4)
IDS = [2, 0, 1, 1, 2]
CAT_T, CAT_P, CAT_Z = one_hot(IDS, 3), probs(5, 3), rand(5, 3, low=-3, high=3)
SEQ_IDS = rng.integers(0, 4, (2, 3)).tolist()
SEQ_P, SEQ_Z = np.round(rng.dirichlet(np.ones(4), (2, 3)), 4).tolist(), rand(2, 3, 4, low=-2, high=2)
W4, W5 = [0.5, 2.0, 0.0, 1.0], [1.0, 0.3, 2.0, 0.0, 0.7]

# (case id, loss class, constructor kwargs, y_true, y_pred, sample_weight)
LOSS_CASES = [
    ("mse_doc", "MeanSquaredError", {}, [[0, 1], [0, 0]], [[1, 1], [1, 0]], None),
    ("mse", "MeanSquaredError", {}, REG_T, REG_P, None),
    ("mse_weighted", "MeanSquaredError", {}, REG_T, REG_P, W4),
    ("mse_sum", "MeanSquaredError", {"reduction": "sum"}, REG_T, REG_P, W4),
    ("mse_none", "MeanSquaredError", {"reduction": None}, REG_T, REG_P, W4),
    ("mse_mean_with_sample_weight", "MeanSquaredError", {"reduction": "mean_with_sample_weight"},
     REG_T, REG_P, W4),
    ("mse_rank1_vs_column", "MeanSquaredError", {}, [0.5, 1.0, -1.0], [[0.4], [1.5], [0.0]], None),
    ("mse_column_vs_rank1", "MeanSquaredError", {"reduction": "sum"}, [[0.5], [1.0], [-1.0]],
     [0.4, 1.5, 0.0], None),
    ("mae", "MeanAbsoluteError", {}, REG_T, REG_P, W4),
    ("mape", "MeanAbsolutePercentageError", {}, REG_T, REG_P, None),
    ("msle", "MeanSquaredLogarithmicError", {}, POS_T, POS_P, W4),
    ("huber", "Huber", {}, REG_T, REG_P, None),
    ("huber_delta", "Huber", {"delta": 0.5}, REG_T, REG_P, W4),
    ("log_cosh", "LogCosh", {}, REG_T, REG_P, None),
    ("cosine", "CosineSimilarity", {}, REG_T, REG_P, None),
    ("cosine_axis0", "CosineSimilarity", {"axis": 0, "reduction": None}, REG_T, REG_P, None),
    ("hinge_01_labels", "Hinge", {}, BIN_T, BIN_Z, None),
    ("hinge_signed_labels", "Hinge", {}, (2 * np.array(BIN_T) - 1).tolist(), BIN_Z, W5),
    ("squared_hinge", "SquaredHinge", {}, BIN_T, BIN_Z, None),
    ("categorical_hinge", "CategoricalHinge", {}, CAT_T, CAT_Z, None),
    ("kld", "KLDivergence", {}, CAT_P, probs(5, 3), None),
    ("poisson", "Poisson", {}, POS_T, POS_P, None),
    ("bce_doc", "BinaryCrossentropy", {}, [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], None),
    ("bce_logits_doc", "BinaryCrossentropy", {"from_logits": True}, [0, 1, 0, 0],
     [-18.6, 0.51, 2.94, -12.8], None),
    ("bce_logits_doc_weighted", "BinaryCrossentropy", {"from_logits": True}, [[0, 1], [0, 0]],
     [[-18.6, 0.51], [2.94, -12.8]], [0.8, 0.2]),
    ("bce_probs", "BinaryCrossentropy", {}, BIN_T, BIN_P, W5),
    ("bce_logits", "BinaryCrossentropy", {"from_logits": True}, BIN_T, BIN_Z, None),
    ("bce_logits_smoothing", "BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.2},
     BIN_T, BIN_Z, W5),
    ("bce_probs_smoothing_sum", "BinaryCrossentropy", {"label_smoothing": 0.1, "reduction": "sum"},
     BIN_T, BIN_P, None),
    ("bce_labels_rank1", "BinaryCrossentropy", {}, [1, 0, 1], [[0.7], [0.2], [0.4]], None),
    ("bce_axis0_none", "BinaryCrossentropy", {"axis": 0, "reduction": None}, BIN_T, BIN_P, None),
    ("cce_doc", "CategoricalCrossentropy", {}, [[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]],
     None),
    ("cce_doc_weighted", "CategoricalCrossentropy", {}, [[0, 1, 0], [0, 0, 1]],
     [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], [0.3, 0.7]),
    ("cce_lecture", "CategoricalCrossentropy", {}, [[0, 1, 0], [0, 0, 1], [1, 0, 0]],
     [[0.6, 0.3, 0.1], [0.3, 0.6, 0.1], [0.1, 0.7, 0.2]], None),
    ("cce_probs", "CategoricalCrossentropy", {}, CAT_T, CAT_P, W5),
    ("cce_unnormalised", "CategoricalCrossentropy", {"reduction": None}, CAT_T, rand(5, 3, low=0.1, high=2),
     None),
    ("cce_logits", "CategoricalCrossentropy", {"from_logits": True}, CAT_T, CAT_Z, None),
    ("cce_logits_smoothing", "CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.1},
     CAT_T, CAT_Z, W5),
    ("cce_probs_smoothing", "CategoricalCrossentropy", {"label_smoothing": 0.2, "reduction": "sum"},
     CAT_T, CAT_P, None),
    ("scce_doc", "SparseCategoricalCrossentropy", {}, [1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], None),
    ("scce_lecture", "SparseCategoricalCrossentropy", {}, [1, 2, 0],
     [[0.6, 0.3, 0.1], [0.3, 0.6, 0.1], [0.1, 0.7, 0.2]], None),
    ("scce_probs", "SparseCategoricalCrossentropy", {}, IDS, CAT_P, W5),
    ("scce_column_labels", "SparseCategoricalCrossentropy", {}, [[i] for i in IDS], CAT_P, None),
    ("scce_logits", "SparseCategoricalCrossentropy", {"from_logits": True}, IDS, CAT_Z, None),
    ("scce_logits_mean_with_sample_weight", "SparseCategoricalCrossentropy",
     {"from_logits": True, "reduction": "mean_with_sample_weight"}, IDS, CAT_Z, W5),
    ("scce_ignore_class", "SparseCategoricalCrossentropy", {"ignore_class": 1}, IDS, CAT_P, None),
    ("scce_ignore_class_sum", "SparseCategoricalCrossentropy", {"ignore_class": 1, "reduction": "sum"},
     IDS, CAT_P, W5),
    ("scce_sequence_logits", "SparseCategoricalCrossentropy", {"from_logits": True}, SEQ_IDS, SEQ_Z, None),
    ("scce_sequence_probs_weighted", "SparseCategoricalCrossentropy", {}, SEQ_IDS, SEQ_P,
     [[1.0, 0.5, 0.0], [2.0, 1.0, 1.0]]),
]


def run_losses():
    out = {}
    for case_id, cls, kwargs, y_true, y_pred, weight in LOSS_CASES:
        loss = getattr(keras.losses, cls)(**kwargs)
        value = loss(np.array(y_true, "float32"), np.array(y_pred, "float32"),
                     sample_weight=None if weight is None else np.array(weight, "float32"))
        out[case_id] = {"cls": cls, "kwargs": kwargs, "y_true": y_true, "y_pred": y_pred,
                        "sample_weight": weight, "expected": np.asarray(value).tolist()}
    return out


AUC_T, AUC_P = binary(24), rand(24, low=0.0, high=1.0)
AUC_P[3], AUC_P[7] = 0.0, 1.0   # predictions exactly on the end thresholds
ML_T, ML_P = binary(8, 3), rand(8, 3)
W24 = rand(24, low=0.0, high=2.0)


def batches(y_true, y_pred, weights=None, size=3):
    """Splits one data set into update_state calls of `size` samples."""
    out = []
    for start in range(0, len(y_true), size):
        w = None if weights is None else weights[start:start + size]
        out.append((y_true[start:start + size], y_pred[start:start + size], w))
    return out


# (case id, metric class, constructor kwargs, [(y_true, y_pred, sample_weight), ...])
METRIC_CASES = [
    ("mean", "Mean", {}, [([1, 3, 5, 7], None, None), ([2.0], None, None)]),
    ("mean_weighted", "Mean", {}, [([1, 3, 5, 7], None, [1, 1, 0, 0]), ([[1, 2], [3, 4]], None, [2, 1])]),
    ("sum_weighted", "Sum", {}, [([1, 3, 5, 7], None, [1, 1, 0, 2]), ([[1, 2], [3, 4]], None, None)]),
    ("accuracy", "Accuracy", {}, [([[1], [2], [3], [4]], [[0], [2], [3], [4]], None),
                                  ([[1], [2]], [[1], [0]], [0.5, 2.0])]),
    ("binary_accuracy", "BinaryAccuracy", {}, batches(BIN_T, BIN_P, W5, size=2)),
    ("binary_accuracy_threshold", "BinaryAccuracy", {"threshold": 0.7},
     [([[1], [1], [0], [0]], [[0.98], [0.7], [0.0], [0.6]], None)]),
    ("categorical_accuracy", "CategoricalAccuracy", {}, batches(CAT_T, CAT_P, W5, size=2)),
    ("sparse_categorical_accuracy", "SparseCategoricalAccuracy", {},
     batches([[i] for i in IDS], CAT_P, W5, size=2)),
    ("top_k", "TopKCategoricalAccuracy", {"k": 2}, batches(CAT_T, CAT_Z, None, size=2)),
    ("sparse_top_k", "SparseTopKCategoricalAccuracy", {"k": 2}, batches(IDS, CAT_Z, W5, size=2)),
    ("mae", "MeanAbsoluteError", {}, batches(REG_T, REG_P, W4, size=2)),
    ("mse", "MeanSquaredError", {}, batches(REG_T, REG_P, None, size=3)),
    ("rmse", "RootMeanSquaredError", {}, batches(REG_T, REG_P, W4, size=3)),
    ("mape", "MeanAbsolutePercentageError", {}, batches(POS_T, POS_P, None, size=2)),
    ("msle", "MeanSquaredLogarithmicError", {}, batches(POS_T, POS_P, W4, size=2)),
    ("cosine", "CosineSimilarity", {}, batches(REG_T, REG_P, W4, size=2)),
    ("logcosh", "LogCoshError", {}, batches(REG_T, REG_P, None, size=2)),
    ("bce_metric", "BinaryCrossentropy", {}, batches(BIN_T, BIN_P, None, size=2)),
    ("bce_metric_logits_smoothing", "BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1},
     batches(BIN_T, BIN_Z, W5, size=2)),
    ("cce_metric", "CategoricalCrossentropy", {}, batches(CAT_T, CAT_P, W5, size=2)),
    ("cce_metric_logits", "CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.2},
     batches(CAT_T, CAT_Z, None, size=2)),
    ("scce_metric", "SparseCategoricalCrossentropy", {}, batches(IDS, CAT_P, None, size=2)),
    ("scce_metric_logits_ignore", "SparseCategoricalCrossentropy", {"from_logits": True, "ignore_class": 2},
     batches(IDS, CAT_Z, W5, size=2)),
    ("kld", "KLDivergence", {}, batches(CAT_P, probs(5, 3), None, size=2)),
    ("poisson", "Poisson", {}, batches(POS_T, POS_P, None, size=2)),
    ("hinge", "Hinge", {}, batches(BIN_T, BIN_Z, None, size=2)),
    ("squared_hinge", "SquaredHinge", {}, batches(BIN_T, BIN_Z, W5, size=2)),
    ("categorical_hinge", "CategoricalHinge", {}, batches(CAT_T, CAT_Z, None, size=2)),
    ("precision", "Precision", {}, batches(AUC_T, AUC_P, None)),
    ("precision_weighted_thresholds", "Precision", {"thresholds": [0.3, 0.5, 0.8]},
     batches(AUC_T, AUC_P, W24)),
    ("precision_even_thresholds", "Precision", {"thresholds": [0.0, 0.25, 0.5, 0.75, 1.0]},
     batches(AUC_T, AUC_P, W24)),
    ("precision_top_k", "Precision", {"top_k": 2}, batches(ML_T, ML_P, None)),
    ("precision_class_id", "Precision", {"class_id": 1}, batches(ML_T, ML_P, None)),
    ("recall", "Recall", {}, batches(AUC_T, AUC_P, W24)),
    ("recall_top_k_class_id", "Recall", {"top_k": 1, "class_id": 2}, batches(ML_T, ML_P, None)),
    ("recall_thresholds", "Recall", {"thresholds": [0.1, 0.6]}, batches(ML_T, ML_P, [1.0] * 8)),
    ("true_positives", "TruePositives", {}, batches(AUC_T, AUC_P, W24)),
    ("false_positives", "FalsePositives", {"thresholds": [0.2, 0.7]}, batches(AUC_T, AUC_P, None)),
    ("true_negatives", "TrueNegatives", {}, batches(AUC_T, AUC_P, W24)),
    ("false_negatives", "FalseNegatives", {}, batches(AUC_T, AUC_P, None)),
    ("auc_roc", "AUC", {}, batches(AUC_T, AUC_P, None)),
    ("auc_roc_weighted", "AUC", {"num_thresholds": 50}, batches(AUC_T, AUC_P, W24)),
    ("auc_roc_minoring", "AUC", {"num_thresholds": 11, "summation_method": "minoring"},
     batches(AUC_T, AUC_P, None)),
    ("auc_roc_majoring", "AUC", {"num_thresholds": 11, "summation_method": "majoring"},
     batches(AUC_T, AUC_P, W24)),
    ("auc_pr", "AUC", {"curve": "PR"}, batches(AUC_T, AUC_P, None)),
    ("auc_pr_weighted", "AUC", {"curve": "PR", "num_thresholds": 30}, batches(AUC_T, AUC_P, W24)),
    ("auc_pr_majoring", "AUC", {"curve": "PR", "summation_method": "majoring"}, batches(AUC_T, AUC_P, None)),
    ("auc_thresholds", "AUC", {"thresholds": [0.1, 0.35, 0.5, 0.9]}, batches(AUC_T, AUC_P, W24)),
    ("auc_prgain", "AUC", {"curve": "PRGAIN", "num_thresholds": 40}, batches(AUC_T, AUC_P, W24)),
    ("auc_logits", "AUC", {"from_logits": True}, batches(BIN_T, BIN_Z, None, size=2)),
    ("auc_multi_label", "AUC", {"multi_label": True}, batches(ML_T, ML_P, None)),
    ("auc_multi_label_weights", "AUC", {"multi_label": True, "label_weights": [0.2, 1.0, 0.5],
                                        "curve": "PR"}, batches(ML_T, ML_P, None)),
    ("auc_flat_multi_column", "AUC", {"num_thresholds": 20}, batches(ML_T, ML_P, [1.0, 0.5] * 4)),
]


def _array(x):
    return None if x is None else np.array(x, "float32")


def run_metrics():
    out = {}
    for case_id, cls, kwargs, updates in METRIC_CASES:
        metric = getattr(keras.metrics, cls)(**kwargs)
        after_each = []
        for y_true, y_pred, weight in updates:
            if y_pred is None:
                metric.update_state(_array(y_true), sample_weight=_array(weight))
            else:
                metric.update_state(_array(y_true), _array(y_pred), sample_weight=_array(weight))
            after_each.append(np.asarray(metric.result()).tolist())
        out[case_id] = {"cls": cls, "kwargs": kwargs, "updates": [list(u) for u in updates],
                        "expected": after_each}
    return out


HEADER = '''"""Reference values computed with real Keras {version} (JAX backend).

Computed by tools/loss_metric_goldens.py.

Do not edit: rerun `KERAS_BACKEND=jax python tools/loss_metric_goldens.py` to regenerate.
"""
# flake8: noqa
'''


def write(path, name, data):
    with open(path, "w") as f:
        f.write(HEADER.format(version=keras.__version__))
        f.write(f"{name} = ")
        f.write(pprint.pformat(data, width=110, sort_dicts=False))
        f.write("\n")
    print(f"wrote {path} ({len(data)} cases)")


def main():
    write(os.path.join(ROOT, "tests", "losses", "loss_goldens.py"), "LOSS_GOLDENS", run_losses())
    write(os.path.join(ROOT, "tests", "metrics", "metric_goldens.py"), "METRIC_GOLDENS", run_metrics())
    return 0


if __name__ == "__main__":
    sys.exit(main())
