"""Tensors, variables and the reverse-mode tape.

A `Tensor` wraps a NumPy array. When recording is on (inside `GradientTape`
or a training step) and one of an op's inputs needs a gradient, the op's
output remembers a `Node`: which primitive made it and from what. `backward`
walks those nodes from the output back to the sources, calling each
primitive's vector-Jacobian products (see `primitive.py`).
"""
import itertools

import numpy as np

from . import config


class _RecordingState:
    __slots__ = ("recording",)

    def __init__(self):
        self.recording = False


STATE = _RecordingState()


_CREATION_ORDER = itertools.count()

# NumPy ufuncs applied to Tensors dispatch to these ops (filled by `numkeras.ops`), so `np.exp(t)`
# records gradients too.
UFUNC_OPS = {}


class Node:
    """How a tensor was made: `primitive(*values, **kwargs) -> ans`.

    `order` counts nodes as they are made: a node's inputs always come from older nodes, so
    walking nodes from newest to oldest is a valid order for the backward pass.
    """

    __slots__ = ("primitive", "argnums", "inputs", "values", "kwargs", "ans", "order", "mark")

    def __init__(self, primitive, argnums, inputs, values, kwargs, ans):
        self.primitive = primitive
        self.argnums = argnums
        self.inputs = inputs
        self.values = values
        self.kwargs = kwargs
        self.ans = ans
        self.order = next(_CREATION_ORDER)
        self.mark = None  # set by `backward` to mark the node visited during one pass


class Tensor:
    """An array value, plus the node that made it when gradients are recorded.

    Supports `.numpy()`, `.shape`, `.dtype`, `np.asarray(t)`, `float(t)` and
    Python arithmetic (which records gradients like the ops do).
    """

    __slots__ = ("value", "node", "requires_grad", "_grad", "_keras_mask", "__weakref__")
    __array_priority__ = 100

    def __init__(self, value, node=None):
        self.value = value
        self.node = node
        self.requires_grad = False
        self._grad = None  # used only while `backward` runs
        self._keras_mask = None  # the (batch, timesteps) mask a masking layer attached, as Keras

    # --- NumPy-like surface -------------------------------------------------
    @property
    def shape(self):
        return self.value.shape

    @property
    def dtype(self):
        return self.value.dtype

    @property
    def ndim(self):
        return self.value.ndim

    @property
    def size(self):
        return self.value.size

    def numpy(self):
        """Returns the value as a NumPy array (a scalar array for 0-d tensors)."""
        return self.value

    def __array__(self, dtype=None, copy=None):
        value = np.asarray(self.value)
        return value if dtype is None else value.astype(dtype, copy=False)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        op = UFUNC_OPS.get(ufunc.__name__)
        if method == "__call__" and op is not None and not kwargs:
            return op(*inputs)
        raw = [x.value if isinstance(x, Tensor) else x for x in inputs]
        return getattr(ufunc, method)(*raw, **kwargs)

    def __float__(self):
        return float(self.value)

    def __int__(self):
        return int(self.value)

    def __bool__(self):
        return bool(self.value)

    def __len__(self):
        if self.value.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.value.shape[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __repr__(self):
        return f"<Tensor shape={self.shape}, dtype={self.dtype.name}, numpy=\n{self.value!r}>"

    def __str__(self):
        return str(self.value)

    def __format__(self, spec):
        return format(self.value.item() if self.value.ndim == 0 else self.value, spec)

    def __hash__(self):
        return id(self)

    # `T`, `astype`, `reshape`, `sum`, `mean` and the arithmetic operators are ops: `numkeras.ops`
    # installs them (the engine does not import the op namespace above it).


class Variable(Tensor):
    """A named, mutable tensor: a layer's weight or an optimizer's slot.

    Optimizers update `value` in place, so references to it stay valid.

    Args:
        initializer: an array-like value, or a callable `(shape, dtype) -> array`.
        shape: needed when `initializer` is a callable.
        dtype: defaults to `floatx()`.
        trainable: whether gradients are computed for it in training.
        name: the variable's name (`"kernel"`, `"bias"`...).
    """

    __slots__ = ("name", "path", "_trainable", "constraint", "regularizer", "aggregation")

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, name=None,
                 constraint=None, regularizer=None, aggregation="none", path=None, autocast=True,
                 synchronization="auto"):
        dtype = config.standardize_dtype(dtype)
        if isinstance(initializer, str):  # "zeros", "glorot_uniform", ... as keras.Variable takes them
            if INITIALIZER_LOOKUP[0] is None:
                raise ValueError(f"Variable '{name}': string initializers need numkeras.initializers "
                                 f"(import numkeras first).")
            initializer = INITIALIZER_LOOKUP[0](initializer)
        if callable(initializer):
            if shape is None:
                raise ValueError(f"Variable '{name}': an initializer ({initializer!r}) needs a `shape`, "
                                 f"e.g. keras.Variable(initializer='zeros', shape=(3, 2)).")
            value = initializer(tuple(shape), dtype=dtype)
        else:
            value = initializer.value if isinstance(initializer, Tensor) else initializer
        value = np.array(value.value if isinstance(value, Tensor) else value, dtype=dtype)
        if shape is not None and tuple(value.shape) != tuple(shape):
            raise ValueError(f"Variable '{name}': initial value has shape {value.shape}, "
                             f"expected {tuple(shape)}.")
        super().__init__(value)
        self.name = name or "variable"
        self.path = path or self.name
        self._trainable = bool(trainable)
        self.requires_grad = self._trainable
        self.constraint = constraint
        self.regularizer = regularizer
        self.aggregation = aggregation

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        self.requires_grad = self._trainable

    def numpy(self):
        return self.value.copy()

    def assign(self, value):
        """Overwrites the value in place (shape must match)."""
        value = value.value if isinstance(value, Tensor) else value
        value = np.asarray(value)
        if value.shape != self.value.shape:
            raise ValueError(f"Variable '{self.path}' has shape {self.value.shape}; "
                             f"cannot assign a value of shape {value.shape}.")
        np.copyto(self.value, value, casting="unsafe")
        return self

    def assign_add(self, value):
        self.value += np.asarray(value.value if isinstance(value, Tensor) else value, self.value.dtype)
        return self

    def assign_sub(self, value):
        self.value -= np.asarray(value.value if isinstance(value, Tensor) else value, self.value.dtype)
        return self

    def __getitem__(self, key):
        """A slice that reads like any tensor and also takes `assign` (`v[0, 0].assign(3.0)`)."""
        from numkeras.backend.math_ops import getitem

        key = key.value if isinstance(key, Tensor) else key
        result = getitem(self, key)
        return VariableSlice(result.value, result.node, self, key)

    def __repr__(self):
        return (f"<Variable path={self.path}, shape={self.shape}, dtype={self.dtype.name}, "
                f"value={self.value!r}>")


# Set by numkeras.initializers: name -> initializer, for `Variable(initializer="zeros", shape=...)`.
INITIALIZER_LOOKUP = [None]


class VariableSlice(Tensor):
    """`variable[key]`: its value, plus `assign`/`assign_add`/`assign_sub` into the variable."""

    __slots__ = ("variable", "key")

    def __init__(self, value, node, variable, key):
        super().__init__(value, node)
        self.variable, self.key = variable, key

    def _write(self, new_value):
        target = self.variable.value
        new_value = np.asarray(new_value.value if isinstance(new_value, Tensor) else new_value)
        if np.shape(target[self.key]) != new_value.shape and new_value.ndim:
            raise ValueError(f"Variable '{self.variable.path}': cannot assign a value of shape "
                             f"{new_value.shape} to the slice [{self.key}] of shape {np.shape(target[self.key])}.")
        target[self.key] = new_value
        self.value = target[self.key]
        return self.variable

    def assign(self, value):
        return self._write(value)

    def assign_add(self, value):
        return self._write(self.variable.value[self.key] + np.asarray(
            value.value if isinstance(value, Tensor) else value))

    def assign_sub(self, value):
        return self._write(self.variable.value[self.key] - np.asarray(
            value.value if isinstance(value, Tensor) else value))


def unbroadcast(grad, shape):
    """Sums `grad` down to `shape`, undoing NumPy broadcasting (done once, here)."""
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad.reshape(shape)


def _newest_first(output):
    """The tensors `output` depends on through recorded nodes, newest node first."""
    token = object()
    found, stack = [], [output]
    while stack:
        tensor = stack.pop()
        node = tensor.node
        if node is None or node.mark is token:
            continue
        node.mark = token
        found.append(tensor)
        inputs = node.inputs
        for i in node.argnums:
            parent = inputs[i]
            if parent.node is not None and parent.node.mark is not token:
                stack.append(parent)
    if len(found) > 1:
        found.sort(key=_node_order, reverse=True)
    return found


def _node_order(tensor):
    return tensor.node.order


def backward(output, sources, output_grad=None):
    """Gradients of `output` with respect to each of `sources` (None where unconnected).

    `output_grad` defaults to ones (so a non-scalar output is summed).
    """
    if not isinstance(output, Tensor):
        raise TypeError(f"backward() expected a Tensor output, got {type(output).__name__}.")
    if output_grad is None:
        output_grad = np.ones_like(output.value)
    # Gradients ride on the tensors themselves while this runs (cheaper than a dict keyed by id);
    # every tensor that received one is listed in `touched` and reset before returning.
    output._grad = np.asarray(output_grad, dtype=output.value.dtype)
    touched = [output]
    source_ids = {id(s) for s in sources}
    for tensor in _newest_first(output):
        g = tensor._grad
        if g is None:
            continue
        if id(tensor) not in source_ids:
            tensor._grad = None  # an intermediate gradient is freed once used
        node = tensor.node
        prim = node.primitive
        if prim.joint_vjp is not None:
            results = prim.joint_vjp(g, node.ans, node.argnums, *node.values, **node.kwargs)
        else:
            vjps = prim.vjps
            results = [None if vjps[i] is None else vjps[i](g, node.ans, *node.values, **node.kwargs)
                       for i in node.argnums]
        inputs = node.inputs
        for i, gi in zip(node.argnums, results):
            if gi is None:
                continue
            parent = inputs[i]
            shape = parent.value.shape
            if type(gi) is not np.ndarray or gi.shape != shape:
                gi = unbroadcast(np.asarray(gi), shape)
            previous = parent._grad
            if previous is None:
                parent._grad = gi
                touched.append(parent)
            else:
                parent._grad = previous + gi
    results = [s._grad for s in sources]
    for t in touched:
        t._grad = None
    return results


class GradientTape:
    """Records ops so that `gradient(target, sources)` can be taken afterwards.

    Trainable variables are watched automatically; call `watch(t)` for other tensors.

    >>> w = Variable([2.0]); x = Tensor(np.array([3.0], "float32"))
    >>> with GradientTape() as tape:
    ...     y = w * x
    >>> tape.gradient(y, [w])[0].tolist()
    [3.0]
    """

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self.persistent = persistent
        self._previous = None

    def __enter__(self):
        self._previous = STATE.recording
        STATE.recording = True
        return self

    def __exit__(self, *exc):
        STATE.recording = self._previous
        return False

    def watch(self, tensor):
        for t in tensor if isinstance(tensor, (list, tuple)) else [tensor]:
            t.requires_grad = True

    def gradient(self, target, sources):
        single = isinstance(sources, Tensor)
        grads = backward(target, [sources] if single else list(sources))
        return grads[0] if single else grads


class no_grad:
    """Context in which no gradients are recorded (inference)."""

    def __enter__(self):
        self._previous = STATE.recording
        STATE.recording = False
        return self

    def __exit__(self, *exc):
        STATE.recording = self._previous
        return False


def convert_to_tensor(x, dtype=None):
    """Wraps an array-like as a Tensor (float inputs become floatx unless `dtype` says otherwise)."""
    if isinstance(x, Tensor):
        return x if dtype is None or x.dtype == np.dtype(dtype) else Tensor(x.value.astype(dtype))
    value = np.asarray(x, dtype=dtype)
    if dtype is None and value.dtype.kind == "f" and value.dtype.name != config.floatx():
        value = value.astype(config.floatx())
    return Tensor(value)
