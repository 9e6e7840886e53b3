"""Checks of the arguments `fit`, `evaluate` and `predict` share, made once before any step.

One validator per argument, so the three entry points accept and refuse exactly the
same values with the same messages: `what` names the call ("fit", "evaluate", ...).
"""
import math
import numbers

import numpy as np

from numkeras.backend import config


def check_count(value, name, what, minimum=1, allow_none=True):
    """An int >= `minimum` (or None when allowed): batch_size, steps, epochs, ...

    Strings, floats and bools are refused (TypeError), as fit always did: `1.5` or `"32"`
    is a typo, not a size to guess at.
    """
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{what}(): `{name}` must be an int >= {minimum}, got {value!r} of type "
                        f"{type(value).__name__}.")
    if value < minimum:
        raise ValueError(f"{what}(): `{name}` must be an int >= {minimum}, got {value!r}.")
    return int(value)


def check_validation_split(value):
    """A real number in [0, 1): the fraction of the samples held out for validation."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"fit(): `validation_split` must be a float in [0, 1), got {value!r} of type "
                        f"{type(value).__name__}.")
    if not 0.0 <= float(value) < 1.0:
        raise ValueError(f"fit(): `validation_split` must be in [0, 1), got {value!r}.")
    return float(value)


def unpack_validation_data(validation_data):
    """`(x, y)`, `(x, y, sample_weight)` or `[x, y]` -> `(x, y, sw)`; None for a generator/PyDataset.

    Keras reads a tuple as `(x, y[, sample_weight])`; a 1-tuple has no targets, so it
    would validate nothing (a val_loss of 0.0): refused, as is a tuple whose y is None.
    """
    parts = validation_data
    is_tuple = isinstance(parts, tuple)
    if is_tuple and len(parts) in (2, 3) or isinstance(parts, list) and len(parts) == 2:
        vx, vy, vsw = (*parts, None)[:3]
        if vy is None:
            raise ValueError("fit(): `validation_data` must be (x_val, y_val) or (x_val, y_val, "
                             "sample_weight_val), got y_val=None; pass the validation targets.")
        return vx, vy, vsw
    if is_tuple:
        raise ValueError(f"fit(): `validation_data` must be a tuple (x_val, y_val) or (x_val, y_val, "
                         f"sample_weight_val), got a tuple of {len(parts)} item(s); pass the "
                         f"validation targets too.")
    return None


def check_class_weight(class_weight, what="fit"):
    """`{class_id: weight}` with int ids >= 0 and finite weights >= 0; returns a plain dict."""
    if not isinstance(class_weight, dict):
        hint = " (for a list of per-class weights, pass dict(enumerate(weights)))" \
            if isinstance(class_weight, (list, tuple, np.ndarray)) else ""
        raise TypeError(f"{what}(): `class_weight` must be a dict {{class_id: weight}}, got "
                        f"{type(class_weight).__name__}{hint}.")
    checked = {}
    for key, weight in class_weight.items():
        if isinstance(key, bool) or not isinstance(key, (int, np.integer)):
            raise TypeError(f"{what}(): `class_weight` keys must be int class ids, got {key!r} of type "
                            f"{type(key).__name__}; encode the labels as 0..n_classes-1 and key "
                            f"the weights by those ids.")
        if key < 0:
            raise ValueError(f"{what}(): `class_weight` keys must be class ids >= 0, got {key!r}.")
        if isinstance(weight, bool) or not isinstance(weight, numbers.Real):
            raise TypeError(f"{what}(): `class_weight[{key!r}]` must be a number, got {weight!r} of "
                            f"type {type(weight).__name__}.")
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"{what}(): `class_weight[{key!r}]` must be a finite number >= 0, got "
                             f"{weight!r}.")
        checked[int(key)] = float(weight)
    return checked


def class_weight_to_sample_weights(class_weight, ys, what="fit"):
    """Per-sample weights from `class_weight` and the targets (class ids or one-hot rows).

    Refuses targets that are not class ids (regression values, negative numbers): weighting
    by class would otherwise truncate them to ints without a word.
    """
    table_in = check_class_weight(class_weight, what)
    if len(ys) != 1:
        raise ValueError(f"{what}(): `class_weight` is only supported for models with a single "
                         f"output; got {len(ys)} target arrays. Use `sample_weight` instead.")
    y = np.asarray(ys[0])
    if y.ndim > 1 and y.shape[-1] > 1:  # one-hot (or probability) rows: the class is the argmax
        ids = y.argmax(axis=-1).reshape(-1)
    else:
        flat = y.reshape(-1)
        if flat.dtype.kind == "f":
            bad = flat[(flat != np.floor(flat)) | ~np.isfinite(flat)]
            if bad.size:
                raise ValueError(f"{what}(): `class_weight` weighs samples by class id, but y holds "
                                 f"{bad.size} value(s) that are not class ids (e.g. {bad[0].item()!r}): "
                                 f"targets look like regression values. Drop class_weight, or use "
                                 f"`sample_weight` for per-sample weights.")
        elif flat.dtype.kind not in "iub":
            raise TypeError(f"{what}(): `class_weight` needs class ids in y, got dtype {flat.dtype}.")
        ids = flat.astype(np.int64)
        if ids.size and ids.min() < 0:
            raise ValueError(f"{what}(): `class_weight` needs class ids >= 0 in y, got "
                             f"{int(ids.min())}.")
    size = max(int(ids.max(initial=-1)) + 1, max(table_in, default=-1) + 1)
    table = np.ones(size, dtype=config.floatx())
    for key, weight in table_in.items():
        table[key] = weight
    return table[ids]


def weigh_batch_by_class(batch, class_weight, what="fit"):
    """`(x, y, sample_weight)` of one generator/PyDataset batch with `class_weight` applied."""
    x, y, sample_weight = batch
    if y is None:
        return batch
    ys = list(y.values()) if isinstance(y, dict) else list(y) if isinstance(y, list) else [y]
    weights = class_weight_to_sample_weights(class_weight, ys, what)
    return x, y, weights if sample_weight is None else sample_weight.reshape(-1) * weights
