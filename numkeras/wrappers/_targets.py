"""Targets: from scikit-learn's labels to what a network trains on, and back.

scikit-learn passes class labels of any kind (ints, strings, -1/1, one-hot
rows); a network wants class indices, one-hot rows or a single 0/1 column,
depending on its loss and its last layer. `ClassifierTargets` remembers the
labels seen in `fit` and converts both ways; `RegressorTargets` only keeps the
shape, so a 1-D `y` gives 1-D predictions.
"""
import warnings

import numpy as np

from numkeras.wrappers._compat import DataConversionWarning, check_classification_targets, type_of_target

# How a classifier's targets are handed to the model.
ONE_HOT = "one_hot"        # (n, n_classes) rows of 0/1: categorical_crossentropy
INDEX = "index"            # (n,) ints 0..n_classes-1: sparse_categorical_crossentropy
BINARY = "binary_column"   # (n, 1) floats 0/1: one sigmoid unit with binary_crossentropy


class ClassifierTargets:
    """Class labels seen in `fit`, and the conversions to and from the model's targets.

    Args:
        y: labels of shape (n,), or one-hot rows of shape (n, n_classes).
        classes: optional list of every label (`partial_fit(classes=...)`); by
            default the labels present in `y`.

    Example:
    >>> t = ClassifierTargets(np.array(["cat", "dog", "cat"]))
    >>> t.classes_.tolist(), t.encode(np.array(["dog"]), ONE_HOT).tolist()
    (['cat', 'dog'], [[0.0, 1.0]])
    >>> t.decode(np.array([[0.2, 0.8]])).tolist()
    ['dog']
    """

    def __init__(self, y, classes=None):
        y = column_or_1d_labels(y)
        check_classification_targets(y)
        self.target_type_ = type_of_target(y)
        self.one_hot_input = self.target_type_ == "multilabel-indicator"
        self.y_dtype = y.dtype
        if self.one_hot_input:
            _check_one_hot(y)
            self.classes_ = np.arange(y.shape[1])
            self.target_type_ = "multiclass-onehot"
        else:
            seen = np.unique(y)
            self.classes_ = seen if classes is None else np.unique(np.asarray(classes))
            if classes is not None:
                self._check_known(seen)
        if len(self.classes_) < 2:
            raise ValueError(f"Classifier can't train when only one class is present: every "
                             f"label in y is {self.classes_[0]!r}. Pass samples of at least "
                             f"two classes.")

    @property
    def n_classes_(self):
        return len(self.classes_)

    def _check_known(self, labels):
        unknown = np.setdiff1d(labels, self.classes_)
        if unknown.size:
            raise ValueError(f"y contains labels {unknown.tolist()} that are not among the classes "
                             f"{self.classes_.tolist()} this classifier was set up with.")

    def indices(self, y):
        """Class index (0..n_classes-1) of each label in `y`."""
        y = column_or_1d_labels(y)
        if self.one_hot_input:
            if y.ndim != 2 or y.shape[1] != self.n_classes_:
                raise ValueError(f"y must be one-hot rows of width {self.n_classes_}, as in the first "
                                 f"fit, got shape {y.shape}.")
            _check_one_hot(y)
            return np.argmax(y, axis=1)
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D labels, as in the first fit, got shape {y.shape}.")
        self._check_known(np.unique(y))
        return np.searchsorted(self.classes_, y)

    def encode(self, y, form, dtype="float32"):
        """Targets in the model's `form` (ONE_HOT, INDEX or BINARY)."""
        idx = self.indices(y)
        if form == INDEX:
            return idx.astype("int64")
        if form == BINARY:
            return idx.astype(dtype).reshape(-1, 1)
        return np.eye(self.n_classes_, dtype=dtype)[idx]

    def probabilities(self, raw):
        """Turns the model's outputs into (n, n_classes) float64 rows that sum to 1.

        One output column `p` is read as P(second class), giving `[1-p, p]`.
        Several columns are read as class scores: rows of non-negative values
        (softmax or sigmoid units) are divided by their sum; rows with negative
        values or values above 1 are taken as logits and go through a softmax.
        """
        raw = np.asarray(raw, dtype="float64")
        if raw.ndim == 1 or (raw.ndim == 2 and raw.shape[1] == 1):
            if self.n_classes_ != 2:
                raise ValueError(f"The model has 1 output column but there are {self.n_classes_} "
                                 f"classes; give its last layer {self.n_classes_} units.")
            p = np.clip(raw.reshape(-1), 0.0, 1.0)
            return np.column_stack([1.0 - p, p])
        if raw.ndim != 2 or raw.shape[1] != self.n_classes_:
            raise ValueError(f"The model outputs shape {raw.shape[1:]} per sample but there are "
                             f"{self.n_classes_} classes; its last layer needs {self.n_classes_} units.")
        if (raw < 0).any() or (raw > 1).any():
            raw = np.exp(raw - raw.max(axis=1, keepdims=True))
        totals = raw.sum(axis=1, keepdims=True)
        # A row of all-zero scores carries no preference: spread it evenly.
        return np.where(totals > 0, raw / np.where(totals > 0, totals, 1.0), 1.0 / self.n_classes_)

    def decode(self, proba):
        """Labels of the most probable classes, in the form `y` had in `fit`."""
        idx = np.argmax(proba, axis=1)
        if self.one_hot_input:
            return np.eye(self.n_classes_, dtype=self.y_dtype)[idx]
        return self.classes_[idx]


class RegressorTargets:
    """Remembers whether `y` was 1-D, so predictions come back in the same shape.

    Example:
    >>> t = RegressorTargets(np.array([1.0, 2.0]))
    >>> t.encode(np.array([1.0, 2.0])).shape, t.decode(np.array([[1.5], [2.5]])).shape
    ((2, 1), (2,))
    """

    def __init__(self, y):
        y = np.asarray(y)
        if y.ndim not in (1, 2):
            raise ValueError(f"y must be 1-D or 2-D for a regressor, got shape {y.shape}.")
        self.ndim = y.ndim
        self.n_outputs_ = 1 if y.ndim == 1 else y.shape[1]

    def encode(self, y, dtype="float32"):
        y = np.asarray(y, dtype=dtype)
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        if y.shape[1] != self.n_outputs_:
            raise ValueError(f"y has {y.shape[1]} output columns but this regressor was fitted on "
                             f"{self.n_outputs_}.")
        return y

    def decode(self, raw):
        raw = np.asarray(raw)
        if raw.ndim == 1:
            raw = raw.reshape(-1, 1)
        if raw.ndim != 2 or raw.shape[1] != self.n_outputs_:
            raise ValueError(f"The model outputs shape {raw.shape[1:]} per sample but y had "
                             f"{self.n_outputs_} column(s); give its last layer {self.n_outputs_} "
                             f"unit(s).")
        return raw.reshape(-1) if self.ndim == 1 else raw


def column_or_1d_labels(y):
    """Labels as an array; a single column (n, 1) becomes (n,) with scikit-learn's warning."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        warnings.warn("A column-vector y was passed when a 1d array was expected. Please change "
                      "the shape of y to (n_samples, ), for example using ravel().",
                      DataConversionWarning, stacklevel=4)
        return y.ravel()
    return y


def _check_one_hot(y):
    sums = np.asarray(y).sum(axis=1)
    if not np.all(sums == 1):
        raise ValueError("y is a 2-D indicator matrix whose rows do not each hold exactly one 1: "
                         "multilabel targets are not supported. Pass one-hot rows (one class per "
                         "sample) or 1-D class labels.")
