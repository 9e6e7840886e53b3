"""The optimizer updates written as one loop over the elements, for numba to compile.

The NumPy path of each optimizer (its `_update`) runs a chain of in-place ufuncs, each a
full pass over memory: RMSprop makes nine passes over a 784 x 512 kernel, Adam twelve.
A loop that does the whole update of one element before the next makes one pass and keeps
everything in registers. These functions are that loop, in plain Python: you can read them
and step into them. `accelerator` compiles them with numba when it is installed.

Each loop does the same float operations, in the same order, as the NumPy chain of its
optimizer (`a * b + c` stays two roundings: numba does not fuse them without fastmath), so the
two paths give the same bits; `tests/optimizers/test_fused_kernels.py` checks it.

Arguments: 1-D, C-contiguous arrays of one float dtype (the accelerator passes `reshape(-1)`
views), and scalars of that dtype.
"""
import numpy as np


def sgd(w, g, lr):
    """`w -= g * lr`."""
    for i in range(w.size):
        w[i] = w[i] - g[i] * lr


def sgd_momentum(w, m, g, lr, momentum, nesterov):
    """`m = m * momentum - g * lr`; then `w += m` or, Nesterov, `w += m * momentum - g * lr`."""
    for i in range(w.size):
        step = g[i] * lr
        mi = m[i] * momentum - step
        m[i] = mi
        if nesterov:
            w[i] = (w[i] - step) + mi * momentum
        else:
            w[i] = w[i] + mi


def rmsprop(w, v, g, lr, rho, one_minus_rho, epsilon):
    """`v = v * rho + g**2 * (1 - rho)`; `w -= g / sqrt(v + epsilon) * lr`."""
    for i in range(w.size):
        gi = g[i]
        vi = v[i] * rho + (gi * gi) * one_minus_rho
        v[i] = vi
        w[i] = w[i] - gi / np.sqrt(vi + epsilon) * lr


def rmsprop_momentum(w, v, mo, g, lr, rho, one_minus_rho, epsilon, momentum):
    """As `rmsprop`, with the increment accumulated: `mo = mo * momentum + increment`; `w -= mo`."""
    for i in range(w.size):
        gi = g[i]
        vi = v[i] * rho + (gi * gi) * one_minus_rho
        v[i] = vi
        moi = mo[i] * momentum + gi / np.sqrt(vi + epsilon) * lr
        mo[i] = moi
        w[i] = w[i] - moi


def adam(w, m, v, g, alpha, one_minus_beta_1, one_minus_beta_2, epsilon):
    """`m += (g - m) * (1 - beta_1)`; `v += (g**2 - v) * (1 - beta_2)`; `w -= m / (sqrt(v) + eps) * alpha`."""
    for i in range(w.size):
        gi = g[i]
        mi = m[i] + (gi - m[i]) * one_minus_beta_1
        vi = v[i] + (gi * gi - v[i]) * one_minus_beta_2
        m[i] = mi
        v[i] = vi
        w[i] = w[i] - mi / (np.sqrt(vi) + epsilon) * alpha


KERNELS = (sgd, sgd_momentum, rmsprop, rmsprop_momentum, adam)
