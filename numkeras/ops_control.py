"""`keras.ops` control flow (cond, while_loop, scan, map, ...): plain Python, as Keras's NumPy
backend runs it. `numkeras.ops` imports every public name here."""

import numpy as np

from numkeras import ops as _ops
from numkeras.ops_arrays import unstack
from numkeras.ops_math import _tensor

_arg, _value, _pair, _constant = _ops._arg, _ops._value, _ops._pair, _ops._constant


# --- control flow: plain Python, as Keras's NumPy backend runs it ------------------------------
def select(condlist, choicelist, default=0):
    """The first choice whose condition holds, elementwise (differentiable in the choices)."""
    out = default
    for condition, choice in reversed(list(zip(condlist, choicelist))):
        out = _ops.where(np.asarray(_value(condition), dtype=bool), choice, out)
    return _tensor(out)


def cond(pred, true_fn, false_fn):
    return true_fn() if bool(np.asarray(_value(pred))) else false_fn()


def switch(index, branches, *operands):
    chosen = int(np.clip(np.asarray(_value(index)), 0, len(branches) - 1))
    return branches[chosen](*operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    single = not isinstance(loop_vars, (list, tuple))
    state = (loop_vars,) if single else tuple(loop_vars)
    count = 0
    while bool(np.asarray(_value(cond(*state)))) and (maximum_iterations is None or count < maximum_iterations):
        out = body(*state)
        state = (out,) if single else tuple(out)
        count += 1
    return state[0] if single else type(loop_vars)(state) if isinstance(loop_vars, list) else state


def fori_loop(lower, upper, body_fun, init_val):
    value = init_val
    for i in range(int(lower), int(upper)):
        value = body_fun(i, value)
    return value


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """`(final carry, stacked outputs)` of `carry, y = f(carry, x)` over `xs`'s first axis."""
    n = length if xs is None else np.shape(_value(xs))[0]
    steps = range(n - 1, -1, -1) if reverse else range(n)
    carry, outputs = init, []
    for i in steps:
        carry, y = f(carry, None if xs is None else _tensor(xs)[i])
        outputs.append(y)
    if reverse:
        outputs.reverse()
    stacked = None if not outputs or outputs[0] is None else _ops.stack(outputs)
    return carry, stacked


def map(f, xs):  # noqa: A001 - keras.ops.map
    return _ops.stack([f(_tensor(xs)[i]) for i in range(np.shape(_value(xs))[0])])


def vectorized_map(function, elements):
    return map(function, elements)


def associative_scan(f, elems, reverse=False, axis=0):
    items = unstack(elems, axis=axis)
    if reverse:
        items.reverse()
    out = [items[0]]
    for item in items[1:]:
        out.append(f(out[-1], item))
    if reverse:
        out.reverse()
    return _ops.stack(out, axis=axis)
