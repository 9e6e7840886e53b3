"""Loss functions as metrics: cross-entropies, KL divergence, Poisson and the hinge losses.

They run the loss kernels' NumPy forward (no gradient, no primitive), and find
the logits behind a softmax/sigmoid output as the losses do, so the
"categorical_crossentropy" metric equals the loss it watches.
"""
from numkeras import losses
from numkeras.metrics.reduction import MeanMetricWrapper
from numkeras.metrics.regression import _NamedWrapper


class BinaryCrossentropy(MeanMetricWrapper):
    """Running mean of the binary cross-entropy.

    Args:
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1]; squeezes labels towards 0.5.

    Example:
    >>> m = BinaryCrossentropy(); m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(m.result()), 5)
    0.81492
    """

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0):
        super().__init__(losses.binary_crossentropy, name=name, dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing}


class CategoricalCrossentropy(MeanMetricWrapper):
    """Running mean of the categorical cross-entropy (one-hot labels).

    Args:
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1].
        axis: the class axis (default -1).

    Example:
    >>> m = CategoricalCrossentropy()
    >>> m.update_state([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    >>> round(float(m.result()), 4)
    1.1769
    """

    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False, label_smoothing=0,
                 axis=-1):
        super().__init__(losses.categorical_crossentropy, name=name, dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """Running mean of the sparse categorical cross-entropy (integer labels).

    Args:
        from_logits: whether `y_pred` holds logits.
        ignore_class: a label value left out of the mean.
        axis: the class axis (default -1).

    Example:
    >>> m = SparseCategoricalCrossentropy(); m.update_state([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    >>> round(float(m.result()), 4)
    1.1769
    """

    def __init__(self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False,
                 ignore_class=None, axis=-1):
        super().__init__(losses.sparse_categorical_crossentropy, name=name, dtype=dtype,
                         from_logits=from_logits, ignore_class=ignore_class, axis=axis)
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "from_logits": self.from_logits,
                "ignore_class": self.ignore_class, "axis": self.axis}


class KLDivergence(_NamedWrapper):
    """Running mean of the Kullback-Leibler divergence.

    Example:
    >>> m = KLDivergence(); m.update_state([[0.2, 0.8]], [[0.5, 0.5]]); round(float(m.result()), 4)
    0.1927
    """

    function, default_name = losses.kl_divergence, "kl_divergence"


class Poisson(_NamedWrapper):
    """Running mean of the Poisson loss.

    Example:
    >>> m = Poisson(); m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]]); round(float(m.result()), 4)
    0.5
    """

    function, default_name = losses.poisson, "poisson"


class Hinge(_NamedWrapper):
    """Running mean of the hinge loss.

    Example:
    >>> m = Hinge(); m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]); round(float(m.result()), 4)
    1.3
    """

    function, default_name = losses.hinge, "hinge"


class SquaredHinge(_NamedWrapper):
    """Running mean of the squared hinge loss.

    Example:
    >>> m = SquaredHinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]); round(float(m.result()), 4)
    1.86
    """

    function, default_name = losses.squared_hinge, "squared_hinge"


class CategoricalHinge(_NamedWrapper):
    """Running mean of the categorical hinge loss.

    Example:
    >>> m = CategoricalHinge(); m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(m.result()), 4)
    1.4
    """

    function, default_name = losses.categorical_hinge, "categorical_hinge"
