"""`keras.ops` beyond `numkeras.ops`'s core: products (einsum, tensordot, ...), linear algebra and
dot-product attention. `numkeras.ops` imports every public name here."""
import math as _math

import numpy as np

from numkeras import ops as _ops
from numkeras.backend import array_ops as _a
from numkeras.backend import einsum_ops as _einsum
from numkeras.backend.tensor import Tensor
from numkeras.ops_arrays import ravel
from numkeras.ops_math import log10

_arg, _value, _pair, _constant = _ops._arg, _ops._value, _ops._pair, _ops._constant


# --- products and linear algebra --------------------------------------------------------------
def einsum(subscripts, *operands):
    values = [_arg(o) for o in operands]
    if len(values) == 2 and _einsum_pair_ok(subscripts):  # one batched matmul on BLAS (attention)
        return _einsum.einsum_matmul(values[0], values[1], equation=subscripts)
    if "." in subscripts or any(
            len(set(t)) != len(t) for t in subscripts.replace(" ", "").split("->")[0].split(",")):
        return Tensor(np.einsum(subscripts, *[_value(v) for v in values]))  # no gradient for these forms
    return _a.einsum(subscripts, *values)


def _einsum_pair_ok(subscripts):
    terms = subscripts.replace(" ", "").replace("...", "").split("->")[0].split(",")
    return all(len(set(t)) == len(t) for t in terms)


def tensordot(x1, x2, axes=2):
    a, b = np.ndim(_value(x1)), np.ndim(_value(x2))
    if isinstance(axes, (int, np.integer)):
        axes = (list(range(a - axes, a)), list(range(axes)))
    first, second = ([axes[0]] if isinstance(axes[0], int) else list(axes[0]),
                     [axes[1]] if isinstance(axes[1], int) else list(axes[1]))
    letters = "abcdefghijklmnopqrstuvwxyz"
    left = list(letters[:a])
    right = list(letters[a:a + b])
    for i, j in zip(first, second):
        right[j % b] = left[i % a]
    out = [c for i, c in enumerate(left) if i not in [f % a for f in first]] + \
          [c for j, c in enumerate(right) if j not in [s % b for s in second]]
    return einsum(f"{''.join(left)},{''.join(right)}->{''.join(out)}", x1, x2)


def outer(x1, x2):
    return _ops.multiply(_ops.reshape(x1, (-1, 1)), _ops.reshape(x2, (1, -1)))


def inner(x1, x2):
    if np.ndim(_value(x1)) == 0 or np.ndim(_value(x2)) == 0:
        return _ops.multiply(x1, x2)
    return tensordot(x1, x2, axes=([-1], [-1]))


def vdot(x1, x2):
    return _ops.sum(_ops.multiply(ravel(x1), ravel(x2)))


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    return Tensor(np.cross(_value(x1), _value(x2), axisa=axisa, axisb=axisb, axisc=axisc, axis=axis))


kron = _constant(np.kron)


def diagonal(x, offset=0, axis1=0, axis2=1):
    return _a.diagonal(_arg(x), offset=offset, axis1=axis1, axis2=axis2)


def trace(x, offset=0, axis1=0, axis2=1):
    return _ops.sum(diagonal(x, offset, axis1, axis2), axis=-1)


def tril(x, k=0):
    shape = np.shape(_value(x))
    return _ops.multiply(x, np.tril(np.ones(shape[-2:], dtype=bool), k))


def triu(x, k=0):
    shape = np.shape(_value(x))
    return _ops.multiply(x, np.triu(np.ones(shape[-2:], dtype=bool), k))


def inv(x):
    return _a.inv(_arg(x))


def det(x):
    return _a.det(_arg(x))


def solve(a, b):
    return _a.solve(_arg(a), _arg(b))


def cdist(x1, x2, p=2.0):
    """Pairwise distances between the rows of `x1` (..., n, d) and `x2` (..., m, d)."""
    difference = _ops.subtract(_ops.expand_dims(x1, -2), _ops.expand_dims(x2, -3))
    if p == 2.0:
        return _ops.sqrt(_ops.sum(_ops.square(difference), axis=-1))
    return _ops.power(_ops.sum(_ops.power(_ops.abs(difference), p), axis=-1), 1.0 / p)


cholesky, eig, eigh = _constant(np.linalg.cholesky), _constant(np.linalg.eig), _constant(np.linalg.eigh)
pinv, matrix_rank = _constant(np.linalg.pinv), _constant(np.linalg.matrix_rank)


def qr(x, mode="reduced"):
    q, r = np.linalg.qr(_value(x), mode=mode)
    return Tensor(q), Tensor(r)


def svd(x, full_matrices=True, compute_uv=True):
    result = np.linalg.svd(_value(x), full_matrices=full_matrices, compute_uv=compute_uv)
    return tuple(Tensor(r) for r in result) if compute_uv else Tensor(result)


def slogdet(x):
    sign, logabs = np.linalg.slogdet(_value(x))
    return Tensor(sign), Tensor(logabs)


def logdet(x):
    return _ops.log(det(x))


def lstsq(a, b, rcond=None):
    return Tensor(np.linalg.lstsq(_value(a), _value(b), rcond=rcond)[0])


def solve_triangular(a, b, lower=False):
    return solve(tril(a) if lower else triu(a), b)


# --- attention --------------------------------------------------------------------------------
def dot_product_attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False,
                          flash_attention=None, attn_logits_soft_cap=None):
    """Softmax attention over (batch, length, heads, dim) inputs, as keras.ops defines it."""
    dim = np.shape(_value(query))[-1]
    scale = 1.0 / _math.sqrt(dim) if scale is None else scale
    logits = _ops.multiply(einsum("bqhd,bkhd->bhqk", query, key), scale)
    if bias is not None:
        logits = _ops.add(logits, bias)
    allowed = None if mask is None else np.asarray(_value(mask), dtype=bool)
    if is_causal:
        q_len, k_len = np.shape(_value(query))[1], np.shape(_value(key))[1]
        causal = np.tril(np.ones((q_len, k_len), dtype=bool))
        allowed = causal if allowed is None else allowed & causal
    if allowed is not None:
        logits = _ops.where(allowed, logits, np.finfo(np.float32).min / 2)
    weights = _ops.softmax(logits, axis=-1)
    return einsum("bhqk,bkhd->bqhd", weights, value)


def psnr(x1, x2, max_val):
    mse = _ops.mean(_ops.square(_ops.subtract(x1, x2)))
    return _ops.subtract(20 * _math.log10(max_val), _ops.multiply(10.0, log10(mse)))


__all__ = [n for n in dir() if not n.startswith("_") and n not in ("np", "Tensor")]
