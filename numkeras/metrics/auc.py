"""`AUC`: area under the ROC or precision-recall curve, from confusion counts at fixed thresholds.

As Keras: `num_thresholds` thresholds from `-eps` to `1 + eps` (so predictions of
exactly 0 and 1 fall inside), one pass of bucketed counting per update, and a
Riemann sum over the curve at the end (the PR curve with Davis & Goadrich's
interpolation by default).
"""
import numpy as np

from numkeras.backend import config
from numkeras.backend.nn_ops import sigmoid
from numkeras.metrics.confusion import confusion_counts, divide_no_nan, evenly_distributed
from numkeras.metrics.metric import Metric, numpy_value

CURVES = {"roc": "ROC", "pr": "PR", "prgain": "PRGAIN"}
SUMMATIONS = ("interpolation", "majoring", "minoring")


class AUC(Metric):
    """Approximate area under the ROC (or PR) curve of a binary (or multi-label) classifier.

    Args:
        num_thresholds: number of thresholds (> 1) between 0 and 1 (default 200).
        curve: "ROC" (default) or "PR" (precision-recall), or "PRGAIN".
        summation_method: "interpolation" (default: trapezoids for ROC, Davis &
            Goadrich for PR), "minoring" or "majoring".
        thresholds: explicit thresholds in (0, 1), instead of `num_thresholds`.
        multi_label: one curve per label (columns of y_pred), averaged; else all flattened.
        num_labels: the number of labels with `multi_label` (else found on the first update).
        label_weights: weights of the labels in the average (multi-label) or of each column.
        from_logits: apply a sigmoid to `y_pred` first.

    Example:
    >>> m = AUC(num_thresholds=3)
    >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]); round(float(m.result()), 4)
    0.75
    """

    _state_names = ("true_positives", "false_positives", "true_negatives", "false_negatives")

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation", name=None,
                 dtype=None, thresholds=None, multi_label=False, num_labels=None, label_weights=None,
                 from_logits=False):
        if str(curve).lower() not in CURVES:
            raise ValueError(f'Invalid AUC curve value: "{curve}". '
                             'Expected values are ["PR", "ROC", "PRGAIN"]')
        if str(summation_method).lower() not in SUMMATIONS:
            raise ValueError(f'Invalid AUC summation method value: "{summation_method}". '
                             'Expected values are ["interpolation", "majoring", "minoring"]')
        super().__init__(name=name, dtype=dtype)
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            thresholds = sorted(float(t) for t in thresholds)
            self.num_thresholds = len(thresholds) + 2
            self._evenly = evenly_distributed(np.array([0.0] + thresholds + [1.0]))
        else:
            if num_thresholds <= 1:
                raise ValueError(f"Argument `num_thresholds` must be an integer > 1. "
                                 f"Received: num_thresholds={num_thresholds}")
            self.num_thresholds = int(num_thresholds)
            thresholds = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._evenly = True
        eps = config.epsilon()
        self._thresholds = np.array([0.0 - eps] + thresholds + [1.0 + eps])
        self.curve = CURVES[str(curve).lower()]
        self.summation_method = str(summation_method).lower()
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = None if label_weights is None else np.asarray(label_weights, self._dtype)
        self._from_logits = from_logits
        if num_labels and not multi_label:
            raise ValueError("`num_labels` is needed only when `multi_label` is True.")
        self._num_labels = num_labels if multi_label else None
        self.reset_state()

    @property
    def thresholds(self):
        """The thresholds used for evaluating AUC."""
        return list(self._thresholds)

    def reset_state(self):
        super().reset_state()
        shape = (self.num_thresholds,)
        if self.multi_label:
            shape += (self._num_labels or 0,)
        for state in self._state_names:
            setattr(self, "_" + state, np.zeros(shape))

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = numpy_value(y_pred)
        if self.multi_label and not self._num_labels:
            if y_pred.ndim != 2:
                raise ValueError("`y_pred` must have rank 2 when `multi_label=True`. Found rank "
                                 f"{y_pred.ndim}. Full shape received for `y_pred`: {y_pred.shape}")
            self._num_labels = y_pred.shape[1]
            self.reset_state()
        if self._from_logits:
            y_pred = sigmoid.fn(np.asarray(y_pred, np.float32))
        counts = confusion_counts(y_true, y_pred, self._thresholds, sample_weight=sample_weight,
                                  evenly=self._evenly, multi_label=self.multi_label,
                                  label_weights=None if self.multi_label else self.label_weights)
        for state, count in zip(self._state_names, counts):
            getattr(self, "_" + state).__iadd__(count)

    def result(self):
        tp, fp, tn, fn = (self._true_positives, self._false_positives, self._true_negatives,
                          self._false_negatives)
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._average(self._interpolated_pr_increments(tp, fp, fn))
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = divide_no_nan(fp, fp + tn), recall
        elif self.curve == "PR":
            x, y = recall, divide_no_nan(tp, tp + fp)
        else:
            x, y = self._pr_gain(tp, fp, tn, fn)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2
        elif self.summation_method == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        else:
            heights = np.maximum(y[:-1], y[1:])
        return self._average((x[:-1] - x[1:]) * heights)

    @staticmethod
    def _interpolated_pr_increments(tp, fp, fn):
        """Davis & Goadrich: precision interpolated between thresholds, integrated in closed form."""
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = divide_no_nan(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        both_positive = (p[:-1] > 0) & (p[1:] > 0)
        ratio = np.where(both_positive, divide_no_nan(p[:-1], np.maximum(p[1:], 0)), 1.0)
        log_ratio = np.log(np.where(ratio > 0, ratio, 1.0))
        return divide_no_nan(slope * (dtp + intercept * log_ratio), np.maximum(tp[1:] + fn[1:], 0))

    @staticmethod
    def _pr_gain(tp, fp, tn, fn):
        scale = divide_no_nan(tp + fn, tn + fp)
        recall_gain = np.where(tp == 0, 0.0, 1.0 - scale * divide_no_nan(fn, tp))
        precision_gain = np.where(tp == 0, 1.0, 1.0 - scale * divide_no_nan(fp, tp))
        return np.maximum(recall_gain, 0.0), precision_gain

    def _average(self, terms):
        """Sums the curve's pieces; multi-label: per-label areas averaged (weighted by label_weights)."""
        if not self.multi_label:
            return self._scalar(np.sum(terms))
        by_label = np.sum(terms, axis=0)
        if self.label_weights is None:
            return self._scalar(np.mean(by_label) if by_label.size else 0.0)
        weights = self.label_weights.astype(np.float64)
        return self._scalar(divide_no_nan(np.sum(by_label * weights), np.sum(weights)))

    def get_config(self):
        label_weights = None if self.label_weights is None else self.label_weights.tolist()
        config = {**super().get_config(), "num_thresholds": self.num_thresholds, "curve": self.curve,
                  "summation_method": self.summation_method, "multi_label": self.multi_label,
                  "num_labels": self.num_labels, "label_weights": label_weights,
                  "from_logits": self._from_logits}
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config

