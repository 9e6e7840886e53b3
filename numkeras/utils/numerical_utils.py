"""Label and array helpers: `to_categorical`, `normalize`."""
import warnings

import numpy as np


def to_categorical(x, num_classes=None, dtype=None):
    """One-hot encodes integer class ids.

    Args:
        x: class ids (any shape; a trailing axis of size 1 is dropped).
        num_classes: number of classes (default: `max(x) + 1`).
        dtype: Keras 2's argument (accepted, with a DeprecationWarning); Keras 3 returns float64...
            numkeras returns float32 unless `dtype` says otherwise.

    Returns:
        An array of shape `x.shape + (num_classes,)`.

    Example:
    >>> to_categorical([2, 6, 6, 1], num_classes=7, dtype="int32")[0].tolist()
    [0, 0, 1, 0, 0, 0, 0]
    """
    if dtype is not None:
        warnings.warn("to_categorical(dtype=...) is a Keras 2 argument; it still sets the result's "
                      "dtype here.", DeprecationWarning, stacklevel=2)
    if hasattr(x, "to_numpy"):
        x = x.to_numpy()
    x = np.asarray(x)
    if x.dtype.kind == "f":
        if not np.all(np.isfinite(x)) or not np.all(x == np.round(x)):
            raise ValueError("to_categorical() expects integer class ids, got non-integer values "
                             f"(e.g. {x.reshape(-1)[~(x.reshape(-1) == np.round(x.reshape(-1)))][:3]}).")
    elif x.dtype.kind not in "iub":
        raise TypeError(f"to_categorical() expects integer class ids, got an array of dtype {x.dtype}.")
    x = x.astype(np.int64)
    if x.ndim > 1 and x.shape[-1] == 1:
        x = x.reshape(x.shape[:-1])
    if x.size and x.min() < 0:
        raise ValueError(f"to_categorical() got a negative class id ({x.min()}); ids must be >= 0.")
    if num_classes is None:
        num_classes = int(x.max()) + 1 if x.size else 0
    elif x.size and x.max() >= num_classes:
        raise ValueError(f"to_categorical(): class id {int(x.max())} is out of range for "
                         f"num_classes={num_classes} (ids must be < num_classes).")
    out = np.zeros(x.shape + (int(num_classes),), dtype=dtype or "float32")
    np.put_along_axis(out, x[..., None], 1, axis=-1)
    return out


def normalize(x, axis=-1, order=2):
    """Scales `x` to unit `order`-norm along `axis` (zero vectors stay zero).

    >>> normalize([[3.0, 4.0]]).tolist()
    [[0.6000000238418579, 0.800000011920929]]
    """
    arr = np.asarray(x, dtype="float32" if np.asarray(x).dtype.kind != "f" else None)
    norm = np.linalg.norm(arr, ord=order, axis=axis, keepdims=True)
    norm[norm == 0] = 1
    return arr / norm
