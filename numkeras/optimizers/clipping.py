"""Gradient clipping as Keras does it, writing into preallocated buffers.

Each function takes the gradients and one output buffer per gradient (same
shape and dtype) and returns the list of clipped gradients: the buffer where
a gradient was changed, the gradient itself where it was left alone.
"""
import math

import numpy as np


def squared_norm(array):
    """Sum of squares of all entries, as a Python float (accumulated in the array's dtype, as Keras)."""
    flat = array.reshape(-1)
    return float(np.dot(flat, flat))


def clip_by_norm(grads, buffers, clipnorm):
    """Scales each gradient whose L2 norm exceeds `clipnorm` down to that norm.

    Keras computes `g * clipnorm / max(norm, clipnorm)`, i.e. gradients with a
    smaller norm are unchanged.

    Example:
    >>> g = np.array([100.0, 100.0], "float32")
    >>> clip_by_norm([g], [np.empty_like(g)], 1.0)[0].tolist()   # g / |g|
    [0.7071067690849304, 0.7071067690849304]
    """
    clipped = []
    for grad, out in zip(grads, buffers):
        norm = math.sqrt(squared_norm(grad))
        if norm > clipnorm:
            np.multiply(grad, clipnorm / norm, out=out)
            grad = out
        clipped.append(grad)
    return clipped


def clip_by_global_norm(grads, buffers, global_clipnorm):
    """Scales all gradients by one factor so that their joint L2 norm is at most `global_clipnorm`.

    As in Keras, a non-finite global norm turns every gradient into NaN.

    Example:
    >>> g1, g2 = np.array([3.0], "float32"), np.array([4.0], "float32")
    >>> out = [np.empty(1, "float32"), np.empty(1, "float32")]
    >>> [c.tolist() for c in clip_by_global_norm([g1, g2], out, 1.0)]   # joint norm 5
    [[0.6000000238418579], [0.800000011920929]]
    """
    norm = math.sqrt(sum(squared_norm(g) for g in grads))
    if math.isfinite(norm) and norm <= global_clipnorm:
        return list(grads)
    scale = global_clipnorm / norm if math.isfinite(norm) else math.nan
    clipped = []
    for grad, out in zip(grads, buffers):
        np.multiply(grad, scale, out=out)
        clipped.append(out)
    return clipped


def clip_by_value(grads, buffers, clipvalue):
    """Clips every gradient entry into `[-clipvalue, clipvalue]`.

    Example:
    >>> g = np.array([100.0, -0.5], "float32")
    >>> clip_by_value([g], [np.empty_like(g)], 1.0)[0].tolist()
    [1.0, -0.5]
    """
    return [np.clip(grad, -clipvalue, clipvalue, out=out) for grad, out in zip(grads, buffers)]
