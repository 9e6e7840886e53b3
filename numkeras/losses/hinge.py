"""Hinge losses for maximum-margin classifiers: hinge, squared hinge, categorical hinge."""
from numkeras.backend import loss_ops
from numkeras.losses import inputs
from numkeras.losses.loss import Loss, LossFunctionWrapper, per_sample
from numkeras.losses.regression import elementwise_plan, planned_by


def binary_labels_to_signs(y_true):
    """Maps labels that are all 0 or 1 to -1/+1 (as Keras does); other labels are returned unchanged."""
    values = inputs.value_of(y_true)
    if ((values == 0) | (values == 1)).all():
        return y_true * 2 - 1
    return y_true


def _signed_plan(kernel, name):
    def plan(y_true, y_pred, dtype=None):
        y_true, y_pred = inputs.elementwise_pair(name, y_true, y_pred, dtype)
        return kernel, y_pred, binary_labels_to_signs(y_true), inputs.NO_OPTIONS, None

    return plan


_hinge_plan = _signed_plan(loss_ops.HINGE, "hinge")
_squared_hinge_plan = _signed_plan(loss_ops.SQUARED_HINGE, "squared_hinge")
_categorical_hinge_plan = elementwise_plan(loss_ops.CATEGORICAL_HINGE, "categorical_hinge")


@planned_by(_hinge_plan)
def hinge(y_true, y_pred):
    """Per-sample `mean(maximum(1 - y_true * y_pred, 0), axis=-1)`; 0/1 labels become -1/+1.

    Example:
    >>> [round(v, 4) for v in hinge([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]]).numpy().tolist()]
    [1.1, 1.5]
    """
    return per_sample(_hinge_plan(y_true, y_pred))


@planned_by(_squared_hinge_plan)
def squared_hinge(y_true, y_pred):
    """Per-sample `mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)`; 0/1 labels become -1/+1.

    Example:
    >>> values = squared_hinge([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> [round(v, 4) for v in values.numpy().tolist()]
    [1.46, 2.26]
    """
    return per_sample(_squared_hinge_plan(y_true, y_pred))


@planned_by(_categorical_hinge_plan)
def categorical_hinge(y_true, y_pred):
    """Per-sample `maximum(neg - pos + 1, 0)`.

    `pos = sum(y_true * y_pred)` and `neg = max((1 - y_true) * y_pred)` over the last axis.


    Example:
    >>> values = categorical_hinge([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> [round(v, 4) for v in values.numpy().tolist()]
    [1.2, 1.6]
    """
    return per_sample(_categorical_hinge_plan(y_true, y_pred))


class Hinge(LossFunctionWrapper):
    """Hinge loss `maximum(1 - y_true * y_pred, 0)` for -1/+1 (or 0/1) labels.

    Example:
    >>> round(float(Hinge()([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])), 4)
    1.3
    """

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class SquaredHinge(LossFunctionWrapper):
    """Squared hinge loss `square(maximum(1 - y_true * y_pred, 0))`.

    Example:
    >>> round(float(SquaredHinge()([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])), 4)
    1.86
    """

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class CategoricalHinge(LossFunctionWrapper):
    """Categorical hinge loss for one-hot labels.

    Example:
    >>> round(float(CategoricalHinge()([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])), 4)
    1.4
    """

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


__all__ = ["hinge", "squared_hinge", "categorical_hinge", "Hinge", "SquaredHinge", "CategoricalHinge",
           "binary_labels_to_signs"]
