"""Fused primitives for the normalization layers, each forward beside its VJPs.

`normalize_affine` is batch normalization in training and layer normalization
in one node: composed from ops it would take about ten nodes and keep every
intermediate alive for the backward pass; fused, the backward pass is the
closed form below and needs only the input and the statistics.
"""
import numpy as np

from numkeras.backend.primitive import defvjp, defvjp_joint, primitive


def _axes(axes, ndim):
    return tuple(sorted(a % ndim for a in axes))


def _param_shape(ndim, shape, param_axes):
    """Shape that broadcasts a weight spanning `param_axes` against an input of rank `ndim`."""
    return tuple(shape[d] if d in param_axes else 1 for d in range(ndim))


def _statistics(x, reduction_axes, mean, variance):
    """Mean and population variance of `x` over `reduction_axes` (keepdims), unless given."""
    reduction_axes = _axes(reduction_axes, np.ndim(x))
    if mean is None:
        mean = np.mean(x, axis=reduction_axes, keepdims=True)
    if variance is None:
        centred = x - mean
        variance = np.mean(centred * centred, axis=reduction_axes, keepdims=True)
    return mean, variance


def _inverse_std(variance, epsilon):
    return 1.0 / np.sqrt(variance + epsilon)


@primitive
def normalize_affine(x, gamma, beta, reduction_axes=(-1,), param_axes=(-1,), epsilon=1e-3,
                     mean=None, variance=None):
    """`gamma * (x - mean) / sqrt(variance + epsilon) + beta`, statistics taken from `x` itself.

    Args:
        x: input array.
        gamma, beta: arrays spanning `param_axes` (shape `x.shape[param_axes]`), or None.
        reduction_axes: sorted non-negative axes the mean and variance run over.
        param_axes: sorted non-negative axes `gamma` and `beta` span.
        epsilon: added to the variance.
        mean, variance: `x`'s own statistics over `reduction_axes` (keepdims), when the
            caller computed them already (BatchNormalization reuses them for its moving
            averages). They must be `x`'s statistics: the gradient treats them as such.

    Example:
    >>> normalize_affine(np.array([[1.0, 3.0]]), None, None, (1,), (1,), 0.0).numpy().tolist()
    [[-1.0, 1.0]]
    """
    mean, variance = _statistics(x, reduction_axes, mean, variance)
    scale = _inverse_std(variance, epsilon)
    shape = _param_shape(np.ndim(x), np.shape(x), _axes(param_axes, np.ndim(x)))
    if gamma is not None:
        scale = scale * np.reshape(gamma, shape)
    out = (x - mean) * scale
    if beta is not None:
        out += np.reshape(beta, shape)
    return out


def _normalized(x, reduction_axes, epsilon, mean, variance):
    mean, variance = _statistics(x, reduction_axes, mean, variance)
    inv = _inverse_std(variance, epsilon)
    return (x - mean) * inv, inv


def _sum_to_param(values, x, param_axes, like):
    param_axes = _axes(param_axes, x.ndim)
    other_axes = tuple(d for d in range(x.ndim) if d not in param_axes)
    return np.sum(values, axis=other_axes).reshape(np.shape(like))


def _normalize_affine_joint_vjp(g, ans, argnums, x, gamma, beta, reduction_axes=(-1,), param_axes=(-1,),
                                epsilon=1e-3, mean=None, variance=None):
    # x's and gamma's gradients share the normalized input: computed once for both.
    if 0 in argnums or 1 in argnums:
        xhat, inv = _normalized(x, reduction_axes, epsilon, mean, variance)
    grads = []
    for i in argnums:
        if i == 0:
            # With xhat = (x - mean) * inv and d = dL/dxhat, the mean and the variance depending on x
            # give dL/dx = inv * (d - mean(d) - xhat * mean(d * xhat)), means over reduction_axes.
            axes = _axes(reduction_axes, x.ndim)
            shape = _param_shape(x.ndim, x.shape, _axes(param_axes, x.ndim))
            d = g if gamma is None else g * np.reshape(gamma, shape)
            d_mean = np.mean(d, axis=axes, keepdims=True)
            projection = np.mean(d * xhat, axis=axes, keepdims=True)
            grads.append(inv * (d - d_mean - xhat * projection))
        elif i == 1:
            grads.append(_sum_to_param(g * xhat, x, param_axes, gamma))
        else:
            grads.append(_sum_to_param(g, x, param_axes, beta))
    return grads


def _one_input(i):
    """Input `i`'s rule alone, for tools that ask per input."""
    return lambda g, ans, *inputs, **kwargs: _normalize_affine_joint_vjp(g, ans, [i], *inputs, **kwargs)[0]


defvjp_joint(normalize_affine, _normalize_affine_joint_vjp)
defvjp(normalize_affine, *(_one_input(i) for i in range(3)))
