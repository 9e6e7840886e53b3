"""`validate_targets`: the label checks a trainer runs once per fit, not once per step.

Per-call checks stay cheap (shapes only). Before training, the whole `y` is
checked against the model's output shape: the same shape rules as every call,
plus what needs a pass over the values (class ids in range, integer ids,
binary labels in [0, 1]).
"""
import warnings

import numpy as np

from numkeras.backend import config
from numkeras.backend.crossentropy_ops import class_id_error
from numkeras.losses import crossentropy, inputs


def validate_targets(loss, y_true, y_pred_shape):
    """Raises ValueError if labels `y_true` cannot be used by `loss` on outputs of `y_pred_shape`.

    Args:
        loss: a loss object, name or built-in loss function (custom losses pass unchecked).
        y_true: the labels of the whole data set (array-like).
        y_pred_shape: the model's output shape; a None batch size is taken from `y_true`.

    Raises:
        ValueError: naming the loss, what it expected and what it got, e.g. class indices
            given to categorical_crossentropy, one-hot rows given to
            sparse_categorical_crossentropy, class ids outside [0, num_classes).

    Example:
    >>> validate_targets("categorical_crossentropy", np.array([0, 2, 1]), (None, 3))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: categorical_crossentropy: labels look like class indices of shape (3,) but the loss is ...
    """
    from numkeras.losses import get

    loss_obj = get(loss)
    plan = getattr(loss_obj, "_plan", None)
    if plan is None:
        return
    y = np.asarray(inputs.value_of(y_true))
    shape = _concrete_shape(y_pred_shape, y.shape)
    dtype = getattr(loss_obj, "_dtype", np.dtype(config.floatx()))
    placeholder = np.broadcast_to(np.asarray(0.5, dtype), shape)  # no memory: only shapes are checked
    kwargs = getattr(loss_obj, "_fn_kwargs", {})
    plan(y, placeholder, dtype, **kwargs)
    check_values = _VALUE_CHECKS.get(plan)
    if check_values is not None:
        check_values(y, shape, kwargs)


check_labels = validate_targets


def _concrete_shape(pred_shape, y_shape):
    shape = []
    for i, dim in enumerate(pred_shape):
        if dim is None:
            dim = y_shape[i] if i < len(y_shape) else 1
        shape.append(int(dim))
    return tuple(shape)


def _check_class_ids(y, shape, kwargs):
    labels = y.ravel()
    ignore = kwargs.get("ignore_class")
    if ignore is not None:
        labels = labels[labels != ignore]
    if labels.dtype.kind == "f":
        fractional = labels[labels != np.floor(labels)]
        if fractional.size:
            raise ValueError(f"sparse_categorical_crossentropy: class ids must be whole numbers, "
                             f"got {fractional.flat[0].item()!r} in y_true.")
    if labels.dtype.kind == "b" or labels.size == 0:
        return
    if labels.min() < 0 or labels.max() >= shape[-1]:
        raise class_id_error(labels.astype(np.int64), shape[-1], shape)


def _check_binary_range(y, shape, kwargs):
    if y.size and y.dtype.kind in "iuf" and (y.min() < 0 or y.max() > 1):
        hint = ""
        if np.all(y == np.floor(y)):
            hint = (f" They look like class ids ({int(y.max()) + 1} or more classes): use "
                    "sparse_categorical_crossentropy with one softmax unit per class.")
        warnings.warn(f"binary_crossentropy: y_true has values outside [0, 1] (from {y.min().item()} to "
                      f"{y.max().item()}); binary labels must be 0 or 1 (or probabilities).{hint}",
                      UserWarning, stacklevel=3)


_VALUE_CHECKS = {
    crossentropy._sparse_plan: _check_class_ids,
    crossentropy._binary_plan: _check_binary_range,
}
