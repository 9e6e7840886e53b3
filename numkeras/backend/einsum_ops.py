"""`einsum` of two operands as one batched matrix multiply, and its gradient.

Every two-operand contraction is a transpose, a reshape and a `matmul`: indices in both
operands and the output are batch axes, indices in both operands only are contracted,
the rest are the free axes of one side. So attention's `"aecd,abcd->acbe"` runs on BLAS
like a Dense layer, where `np.einsum` would loop in C without it. The VJP of an operand
is the same kind of contraction with the output's gradient and the other operand.
"""
import string

import numpy as np

from numkeras.backend.primitive import defvjp, primitive

_PARSED = {}


def parse_equation(equation, ndim_a, ndim_b):
    """`(sa, sb, sc)`: the subscripts of both operands and the output, `...` made explicit."""
    key = (equation, ndim_a, ndim_b)
    parsed = _PARSED.get(key)
    if parsed is not None:
        return parsed
    text = equation.replace(" ", "")
    if "->" in text:
        inputs, output = text.split("->")
    else:
        inputs, output = text, None
    parts = inputs.split(",")
    if len(parts) != 2:
        raise ValueError(f"einsum: expected two operands in {equation!r}, got {len(parts)}.")
    spare = [c for c in string.ascii_letters if c not in text]
    ellipsis_letters = ""
    resolved = []
    for part, ndim in zip(parts, (ndim_a, ndim_b)):
        if "..." in part:
            n = ndim - (len(part) - 3)
            if n < 0:
                raise ValueError(f"einsum: subscripts {part!r} of {equation!r} have more letters "
                                 f"than the operand's {ndim} axes.")
            if n > len(ellipsis_letters):
                ellipsis_letters = "".join(spare[:n])
            part = part.replace("...", ellipsis_letters[len(ellipsis_letters) - n:])
        if len(part) != ndim:
            raise ValueError(f"einsum: subscripts {part!r} of {equation!r} name {len(part)} axes, "
                             f"but the operand has {ndim}.")
        if len(set(part)) != len(part):
            raise ValueError(f"einsum: repeated subscripts in {part!r} (traces and diagonals) are "
                             f"not supported.")
        resolved.append(part)
    sa, sb = resolved
    if output is None:  # implicit mode: letters seen once, sorted
        counts = sa + sb
        output = ellipsis_letters + "".join(sorted(c for c in set(counts) if counts.count(c) == 1
                                                   and c not in ellipsis_letters))
    else:
        output = output.replace("...", ellipsis_letters)
    for c in output:
        if c not in sa and c not in sb:
            raise ValueError(f"einsum: output subscript {c!r} of {equation!r} is in no operand.")
    parsed = (sa, sb, output)
    _PARSED[key] = parsed
    return parsed


def contract(sa, sb, sc, a, b):
    """`np.einsum(f"{sa},{sb}->{sc}", a, b)` as a batched matmul."""
    a, sa = _sum_unused(a, sa, sb, sc)
    b, sb = _sum_unused(b, sb, sa, sc)
    batch = [c for c in sa if c in sb and c in sc]
    summed = [c for c in sa if c in sb and c not in sc]
    free_a = [c for c in sa if c not in sb]
    free_b = [c for c in sb if c not in sa]
    a2 = _as_matrices(a, sa, batch, free_a, summed)
    b2 = _as_matrices(b, sb, batch, summed, free_b)
    out = np.matmul(a2, b2)
    batch_shape = out.shape[:-2]
    sizes = dict(zip(sa, a.shape)) | dict(zip(sb, b.shape))
    out = out.reshape(batch_shape + tuple(sizes[c] for c in free_a) + tuple(sizes[c] for c in free_b))
    order = batch + free_a + free_b
    perm = [order.index(c) for c in sc]
    return out if perm == sorted(perm) else out.transpose(perm)


def _sum_unused(x, sx, s_other, sc):
    unused = [i for i, c in enumerate(sx) if c not in s_other and c not in sc]
    if not unused:
        return x, sx
    return x.sum(axis=tuple(unused)), "".join(c for c in sx if c in s_other or c in sc)


def _as_matrices(x, sx, batch, rows, cols):
    perm = [sx.index(c) for c in batch + rows + cols]
    if perm != sorted(perm):
        x = x.transpose(perm)
    shape = x.shape
    nb = len(batch)
    return x.reshape(shape[:nb] + (int(np.prod(shape[nb:nb + len(rows)], dtype=np.int64)),
                                   int(np.prod(shape[nb + len(rows):], dtype=np.int64))))


@primitive
def einsum_matmul(a, b, equation):
    """`np.einsum(equation, a, b)` for two operands (no repeated subscripts within one)."""
    sa, sb, sc = parse_equation(equation, np.ndim(a), np.ndim(b))
    return contract(sa, sb, sc, np.asarray(a), np.asarray(b))


def _operand_gradient(g, other, s_self, s_other, sc, shape):
    """d(einsum)/d(operand): contract the output's gradient with the other operand."""
    kept = "".join(c for c in s_self if c in sc or c in s_other)
    grad = contract(sc, s_other, kept, g, np.asarray(other))
    if kept != s_self:  # axes summed away inside this operand alone: the gradient is broadcast
        grad = grad.reshape(tuple(shape[i] if c in kept else 1 for i, c in enumerate(s_self)))
    if grad.shape != tuple(shape):  # a size-1 axis of this operand met a longer one of the other
        axes = tuple(i for i, (n, m) in enumerate(zip(shape, grad.shape)) if n == 1 and m != 1)
        grad = grad.sum(axis=axes, keepdims=True)
    return np.broadcast_to(grad, shape)


def _einsum_vjp_a(g, ans, a, b, equation):
    sa, sb, sc = parse_equation(equation, np.ndim(a), np.ndim(b))
    return _operand_gradient(g, b, sa, sb, sc, np.shape(a))


def _einsum_vjp_b(g, ans, a, b, equation):
    sa, sb, sc = parse_equation(equation, np.ndim(a), np.ndim(b))
    return _operand_gradient(g, a, sb, sa, sc, np.shape(b))


defvjp(einsum_matmul, _einsum_vjp_a, _einsum_vjp_b)
