"""`check_grads`: compares an op's gradient with finite differences.

The cheap check (HIPS autograd's): draw a random output cotangent `u` and a
random input direction `v`. The engine's vector-Jacobian product gives
`<J^T u, v>`; central differences give `<u, J v>` from two forward calls.
The two numbers agree for a correct VJP, whatever the input size. For small
inputs, `mode="jacobian"` builds the whole Jacobian both ways and names the
first wrong entry.

Everything runs in float64 so that finite differences are trustworthy.
"""
import numpy as np

from numkeras.backend.tensor import GradientTape, Tensor, backward, no_grad

MAX_JACOBIAN_ENTRIES = 100_000


def check_grads(fn, args, argnums=None, eps=1e-6, rtol=1e-5, atol=1e-6, mode="projection",
                num_projections=2, seed=0, name=None):
    """Raises AssertionError if `fn`'s gradients disagree with finite differences.

    Args:
        fn: a primitive, or any function of Tensors built from numkeras ops,
            returning a Tensor.
        args: the positional arguments of `fn`. Floating arrays and Python
            floats are converted to float64; other values (integer indices,
            shapes, masks) are passed through unchanged.
        argnums: positions of the arguments to differentiate; defaults to every
            floating argument.
        eps: finite-difference step.
        rtol, atol: tolerance, `|vjp - numeric| <= atol + rtol * max(|vjp|, |numeric|)`.
        mode: `"projection"` (random projections, any size) or `"jacobian"`
            (every entry, for inputs and outputs with at most 100,000 pairs).
        num_projections: how many random `(u, v)` pairs `"projection"` draws.
        seed: seed of the random projections.
        name: what to call `fn` in messages; defaults to its primitives' names.

    Returns:
        None; raises AssertionError naming the primitive(s), the argument, and
        the expected (finite differences) and received (VJP) values.

    Example:
    >>> from numkeras.backend import math_ops
    >>> check_grads(math_ops.multiply, (np.array([1.0, 2.0]), 3.0))   # both arguments
    >>> from numkeras.backend.primitive import Primitive, defvjp
    >>> cube = Primitive(lambda x: x ** 3, name="cube")  # your own op (`@primitive` also registers it)
    >>> _ = defvjp(cube, lambda g, ans, x: g * 3 * x ** 2)
    >>> check_grads(cube, (np.array([0.5, -2.0]),), mode="jacobian")
    >>> def bad_square(x):  # a custom op whose gradient is off by a factor of 2
    ...     return math_ops.multiply(math_ops.stop_gradient(x), x)
    >>> check_grads(bad_square, (np.array([1.0, 2.0]),), name="bad_square")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: check_grads: gradient of bad_square with respect to argument 0 (shape (2,)) ...
    """
    if mode not in ("projection", "jacobian"):
        raise ValueError(f"check_grads() mode must be 'projection' or 'jacobian', got {mode!r}.")
    args = [_as_float64(a) for a in args]
    if argnums is None:
        argnums = [i for i, a in enumerate(args) if _is_floating(a)]
    elif isinstance(argnums, int):
        argnums = [argnums]
    if not argnums:
        raise ValueError("check_grads() found no floating argument to differentiate; pass `argnums`.")
    rng = np.random.default_rng(seed)
    for argnum in argnums:
        if not _is_floating(args[argnum]):
            raise ValueError(f"check_grads() argument {argnum} is not floating "
                             f"(got {type(args[argnum]).__name__}); it cannot be differentiated.")
        if mode == "projection":
            for _ in range(num_projections):
                _check_projection(fn, args, argnum, rng, eps, rtol, atol, name)
        else:
            _check_jacobian(fn, args, argnum, eps, rtol, atol, name)


# --- the two checks --------------------------------------------------------------
def _check_projection(fn, args, argnum, rng, eps, rtol, atol, name):
    out, source = _record(fn, args, argnum)
    u = rng.standard_normal(out.shape)
    v = rng.standard_normal(np.shape(args[argnum]))
    grad = _vjp(out, source, u)
    vjp_value = float(np.sum(grad * v))
    numeric = float(np.sum(u * _directional_derivative(fn, args, argnum, v, eps)))
    if not _close(vjp_value, numeric, rtol, atol):
        raise AssertionError(
            f"{_who(fn, out, argnum, args, name)} along a random projection: "
            f"expected <u, J v> = {numeric!r} (finite differences), "
            f"got <J^T u, v> = {vjp_value!r} (VJP); difference {abs(vjp_value - numeric):.3g}.")


def _check_jacobian(fn, args, argnum, eps, rtol, atol, name):
    out, source = _record(fn, args, argnum)
    x = args[argnum]
    n_in, n_out = int(np.size(x)), int(np.size(out.value))
    if n_in * n_out > MAX_JACOBIAN_ENTRIES:
        raise ValueError(f"check_grads(mode='jacobian') needs {n_in} x {n_out} entries "
                         f"(at most {MAX_JACOBIAN_ENTRIES}); use mode='projection'.")
    numeric = np.empty((n_out, n_in))
    for j in range(n_in):
        direction = np.zeros(n_in)
        direction[j] = 1.0
        numeric[:, j] = _directional_derivative(fn, args, argnum, direction.reshape(np.shape(x)), eps).ravel()
    analytic = np.empty((n_out, n_in))
    for i in range(n_out):
        cotangent = np.zeros(n_out)
        cotangent[i] = 1.0
        analytic[i] = _vjp(out, source, cotangent.reshape(out.shape)).ravel()
    bad = np.abs(analytic - numeric) > atol + rtol * np.maximum(np.abs(analytic), np.abs(numeric))
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        out_index = np.unravel_index(i, out.shape) if out.shape else ()
        in_index = np.unravel_index(j, np.shape(x)) if np.shape(x) else ()
        raise AssertionError(
            f"{_who(fn, out, argnum, args, name)}: {int(bad.sum())} of {bad.size} Jacobian entries differ; "
            f"first d out{_index(out_index)} / d x{_index(in_index)}: "
            f"expected {float(numeric[i, j])!r} (finite differences), got {float(analytic[i, j])!r} (VJP).")


# --- helpers ---------------------------------------------------------------------
def _record(fn, args, argnum):
    """Runs `fn` on the tape with argument `argnum` as the source; returns (output, source)."""
    source = Tensor(args[argnum])
    source.requires_grad = True
    with GradientTape():
        out = fn(*_with(args, argnum, source))
    if not isinstance(out, Tensor):
        raise TypeError(f"check_grads() needs `fn` to return a Tensor, got {type(out).__name__}.")
    if out.dtype.kind != "f":
        raise TypeError(f"check_grads() needs a floating output, got dtype {out.dtype}.")
    return out, source


def _vjp(out, source, cotangent):
    grad = backward(out, [source], output_grad=cotangent)[0]
    # None means "not connected": the engine claims a zero gradient.
    grad = np.zeros(np.shape(source.value)) if grad is None else np.asarray(grad, dtype=np.float64)
    if grad.shape != np.shape(source.value):
        raise AssertionError(f"check_grads: VJP returned shape {grad.shape} for an input of shape "
                             f"{np.shape(source.value)}.")
    return grad


def _directional_derivative(fn, args, argnum, direction, eps):
    """Central difference `(f(x + eps v) - f(x - eps v)) / 2 eps`, nothing recorded."""
    x = args[argnum]
    with no_grad():
        plus = _value(fn(*_with(args, argnum, x + eps * direction)))
        minus = _value(fn(*_with(args, argnum, x - eps * direction)))
    return (plus - minus) / (2 * eps)


def _with(args, argnum, value):
    """`args` with `value` at `argnum`, floating arrays as Tensors (so ops keep float64)."""
    args = [value if i == argnum else a for i, a in enumerate(args)]
    return [Tensor(a) if _is_floating(a) else a for a in args]


def _value(t):
    return np.asarray(t.value if isinstance(t, Tensor) else t, dtype=np.float64)


def _is_floating(a):
    return isinstance(a, np.ndarray) and a.dtype.kind == "f"


def _as_float64(a):
    if isinstance(a, Tensor):
        a = a.value
    if isinstance(a, float) or (isinstance(a, np.ndarray) and a.dtype.kind == "f"):
        return np.asarray(a, dtype=np.float64)  # Python floats become 0-d arrays, so they can be checked
    return a


def _close(a, b, rtol, atol):
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def _index(idx):
    return "[" + ", ".join(str(int(k)) for k in idx) + "]"


def _who(fn, out, argnum, args, name):
    if name is None:
        name = getattr(fn, "name", None) or _primitive_names(out) or getattr(fn, "__name__", repr(fn))
    return (f"check_grads: gradient of {name} with respect to argument {argnum} "
            f"(shape {np.shape(args[argnum])})")


def _primitive_names(out):
    """The primitives on the path to `out`, output first, e.g. 'sum <- exp <- multiply'."""
    names, seen, stack = [], set(), [out]
    while stack:
        t = stack.pop()
        if t.node is None or id(t) in seen:
            continue
        seen.add(id(t))
        if t.node.primitive.name not in names:
            names.append(t.node.primitive.name)
        stack.extend(t.node.inputs[i] for i in t.node.argnums)
    return " <- ".join(names)
