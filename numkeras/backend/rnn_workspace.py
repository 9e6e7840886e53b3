"""Buffers and activations shared by the fused recurrent primitives (`rnn_ops`).

A recurrent primitive keeps its per-timestep intermediates (gates, states) in a `Workspace`
so its backward-through-time can read them. A layer owns a `WorkspacePool`: each call leases
a workspace, whose arrays are reused as long as the batch shape stays the same. A lease lives
as long as the recorded node that holds it, so a layer called twice before one backward gets
two workspaces, and a workspace is reused only once nothing can read it any more.
"""
import weakref

import numpy as np


class Workspace:
    """Named arrays, reallocated only when the requested shape or dtype changes."""

    __slots__ = ("arrays", "saved", "__weakref__")

    def __init__(self):
        self.arrays = {}
        self.saved = None  # what the last forward left for its backward

    def get(self, name, shape, dtype):
        array = self.arrays.get(name)
        if array is None or array.shape != shape or array.dtype != dtype:
            array = np.empty(shape, dtype)
            self.arrays[name] = array
        return array


class WorkspacePool:
    """Hands out workspaces that no live recorded node still reads."""

    def __init__(self):
        self._entries = []  # [workspace, weak reference to the lease that holds it]

    def lease(self):
        for entry in self._entries:
            if entry[1]() is None:
                return self._hand_out(entry)
        entry = [Workspace(), None]
        self._entries.append(entry)
        return self._hand_out(entry)

    @staticmethod
    def _hand_out(entry):
        lease = _Lease(entry[0])
        entry[1] = weakref.ref(lease)
        return lease

    def __len__(self):
        return len(self._entries)


class _Lease:
    __slots__ = ("workspace", "__weakref__")

    def __init__(self, workspace):
        self.workspace = workspace

    def get(self, name, shape, dtype):
        return self.workspace.get(name, shape, dtype)

    @property
    def saved(self):
        return self.workspace.saved

    @saved.setter
    def saved(self, value):
        self.workspace.saved = value


def saved_forward(workspace, forward, *args):
    """The intermediates the recorded forward left in `workspace`; recomputed in a fresh
    workspace when the call had none (a one-off call, e.g. a gradient check)."""
    if workspace is not None and workspace.saved is not None:
        return workspace.saved
    return forward(*args, Workspace())


# --- activations the fused loops compute in place, with derivatives from their outputs ----
def _sigmoid_inplace(x):
    np.negative(x, out=x)
    np.exp(x, out=x)
    x += 1
    np.reciprocal(x, out=x)


def _hard_sigmoid_inplace(x):
    x *= 1.0 / 6.0
    x += 0.5
    np.clip(x, 0.0, 1.0, out=x)


def _tanh_inplace(x):
    np.tanh(x, out=x)


def _relu_inplace(x):
    np.maximum(x, 0, out=x)


def _linear_inplace(x):
    return None


def _tanh_derivative(y):
    return 1 - y * y


def _sigmoid_derivative(y):
    return y * (1 - y)


def _hard_sigmoid_derivative(y):
    return ((y > 0) & (y < 1)).astype(y.dtype) * (1.0 / 6.0)


def _relu_derivative(y):
    return (y > 0).astype(y.dtype)


def _linear_derivative(y):
    return np.ones_like(y)


# name -> (in-place forward, derivative expressed with the output)
FUSED_ACTIVATIONS = {
    "tanh": (_tanh_inplace, _tanh_derivative),
    "sigmoid": (_sigmoid_inplace, _sigmoid_derivative),
    "hard_sigmoid": (_hard_sigmoid_inplace, _hard_sigmoid_derivative),
    "relu": (_relu_inplace, _relu_derivative),
    "linear": (_linear_inplace, _linear_derivative),
}


def activation_pair(name):
    try:
        return FUSED_ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"The fused recurrent kernels support the activations "
                         f"{sorted(FUSED_ACTIVATIONS)}; got {name!r}.") from None


# Backward-through-time shrinks gradients step after step; in float32 they reach subnormal
# numbers, on which a CPU computes up to ~20x slower (a 500-step LSTM epoch went from seconds to
# minutes). `x + c - c` rounds magnitudes below ~c * 6e-8 to exactly 0 and changes larger ones by
# at most that much; JAX and PyTorch get the same effect from the CPU's flush-to-zero mode.
_FLUSH_BELOW = {np.dtype(np.float32): np.float32(1e-15), np.dtype(np.float16): np.float16(1e-3)}


def flush_constant(dtype):
    """The `c` of `flush_tiny` for `dtype`, or None where subnormals are out of reach (float64)."""
    return _FLUSH_BELOW.get(np.dtype(dtype))


def flush_tiny(array, constant):
    """Rounds the tiny entries of `array` (in place) to 0, so later steps stay fast."""
    if constant is not None:
        array += constant
        array -= constant


FLUSH_EVERY = 8  # steps between flushes: subnormals cannot pile up for long in between


def vanished(step, constant, injected, *grads):
    """At every FLUSH_EVERY-th step (float32): flushes `grads` and tells whether they are all
    exactly zero. Then, with no output gradient still to be injected at earlier steps, every
    earlier step's gradient is zero too and the backward loop may stop: what it drops is below
    ~6e-23 in absolute value, far under the float32 rounding of the weight gradients it sums
    into. (Long sequences whose last output is trained lose the far past this way, as in any
    float32 framework; it saves most of the loop.)"""
    if constant is None or step % FLUSH_EVERY:
        return False
    for g in grads:
        flush_tiny(g, constant)
    return not injected and not any(g.any() for g in grads)


def time_major(x, mask, go_backwards):
    """`x` (batch, time, features) as a contiguous (time, batch, features) array in processing
    order, and the mask as (time, batch, 1) booleans (or None)."""
    xt = x.swapaxes(0, 1)
    if go_backwards:
        xt = xt[::-1]
    xt = np.ascontiguousarray(xt)
    if mask is None:
        return xt, None
    mt = np.asarray(mask, bool).swapaxes(0, 1)
    if go_backwards:
        mt = mt[::-1]
    return xt, np.ascontiguousarray(mt)[:, :, None]


def project_inputs(xt, kernel, bias, out):
    """`out[t] = xt[t] @ kernel + bias` for all timesteps at once: one matrix multiply."""
    steps, batch, features = xt.shape
    np.matmul(xt.reshape(steps * batch, features), kernel, out=out.reshape(steps * batch, -1))
    if bias is not None:
        out += bias
    return out


def rows_product(a, b):
    """`a.T @ b` for tall `a` (n, k) and `b` (n, m), summed over many rows n.

    Written as `(b.T @ a).T`: BLAS computes the same sum 10-50x faster in that layout when n is
    in the tens of thousands (timesteps x batch) and k is small.
    """
    return np.ascontiguousarray((b.T @ a).T)


def input_gradients(dz, xt, kernel, go_backwards, want_x, want_kernel, want_bias):
    """Gradients of `project_inputs` given `dz` (time, batch, gates): for x, kernel, bias."""
    steps, batch, features = xt.shape
    flat = dz.reshape(steps * batch, -1)
    dx = dkernel = dbias = None
    if want_x:
        dx = (flat @ kernel.T).reshape(steps, batch, features)
        if go_backwards:
            dx = dx[::-1]
        dx = np.ascontiguousarray(dx.swapaxes(0, 1))
    if want_kernel:
        dkernel = rows_product(xt.reshape(steps * batch, features), flat)
    if want_bias:
        dbias = flat.sum(axis=0)
    return dx, dkernel, dbias


def batch_major_sequence(states, out):
    """Copies (time, batch, units) states into `out` of shape (batch, time, units)."""
    np.copyto(out, states.swapaxes(0, 1))
    return out
