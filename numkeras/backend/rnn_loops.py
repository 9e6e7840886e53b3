"""The recurrent time loops of `rnn_ops` and `gru_ops`, compiled by numba.

Read the NumPy loops first: they are the reference. Each function here is the same loop, step
by step, written element by element, so that numba compiles a whole sequence into one call
instead of ~10 (forward) or ~15 (backward) NumPy calls per timestep. At batch 128 x 32 units
those calls, not the arithmetic, were the cost. The functions fill the same buffers the NumPy
loops fill (gates, states, gate gradients), so everything before and after the loop is shared.

Differences from the NumPy loops, all within float32 rounding:
- the recurrent matmul `h_{t-1} @ recurrent_kernel` is BLAS in both (`np.dot` inside numba: 10
  us a step at batch 128 x 32 units, where a hand loop took 46 us), but numba's BLAS is SciPy's,
  which may sum in another order than NumPy's;
- float32 tanh is a rational fit here (`tanh32`), NumPy's vectorised tanh there.
`tests/backend/test_rnn_loops.py` holds the two paths equal.

Only imported when numba is (see `compiled_loops`); activations are passed as the integer codes
of `ACTIVATION_CODES`.
"""
import numpy as np
from numba import njit
from numba.extending import register_jitable

from numkeras.backend.rnn_workspace import FLUSH_EVERY

ACTIVATION_CODES = {"linear": 0, "tanh": 1, "sigmoid": 2, "hard_sigmoid": 3, "relu": 4}


def _jit(function):
    # error_model="numpy": no division checks, as in NumPy. cache=True keeps the compiled code on
    # disk; where no cache folder is writable, compile in memory once per process.
    try:
        return njit(function, error_model="numpy", cache=True)
    except Exception:
        return njit(function, error_model="numpy")


# tanh as a rational function (odd numerator of degree 13 over even denominator of degree 6,
# the minimax fit that XLA's and Eigen's float32 tanh also evaluate): no library call, so a loop
# over a row of gates compiles to vector instructions. Within 4e-7 of tanh (NumPy's: 6e-8).
_TANH_NUMERATOR = (4.89352455891786e-03, 6.37261928875436e-04, 1.48572235717979e-05,
                   5.12229709037114e-08, -8.60467152213735e-11, 2.00018790482477e-13,
                   -2.76076847742355e-16)
_TANH_DENOMINATOR = (4.89352518554385e-03, 2.26843463243900e-03, 1.18534705686654e-04,
                     1.19825839466702e-06)
_TANH_SATURATES = 7.90531110763549805  # float32 tanh is +-1 beyond


@register_jitable
def tanh32(v):
    """float32 tanh of a float32 scalar, by the rational fit above."""
    a, b = _TANH_NUMERATOR, _TANH_DENOMINATOR
    limit = np.float32(_TANH_SATURATES)
    x = limit if v > limit else v   # conditional selects, not min/max: these vectorise
    x = -limit if x < -limit else x
    x2 = x * x
    p = np.float32(a[6])
    p = p * x2 + np.float32(a[5])
    p = p * x2 + np.float32(a[4])
    p = p * x2 + np.float32(a[3])
    p = p * x2 + np.float32(a[2])
    p = p * x2 + np.float32(a[1])
    p = p * x2 + np.float32(a[0])
    q = np.float32(b[3])
    q = q * x2 + np.float32(b[2])
    q = q * x2 + np.float32(b[1])
    q = q * x2 + np.float32(b[0])
    y = x * p / q
    return v if abs(v) < np.float32(0.0004) else y


@register_jitable
def activate_row(code, row, fast):
    """`row[:] = activation(row)` in place (loops from 0, which numba knows needs no negative
    index wrap-around: they vectorise); `fast`: float32, by `tanh32`
    (sigmoid then as `0.5 tanh(x / 2) + 0.5`, as the NumPy LSTM computes it)."""
    if code == 1:
        if fast:
            for j in range(row.shape[0]):
                row[j] = tanh32(row[j])
        else:
            for j in range(row.shape[0]):
                row[j] = np.tanh(row[j])
    elif code == 2:
        if fast:
            for j in range(row.shape[0]):
                row[j] = np.float32(0.5) * tanh32(np.float32(0.5) * row[j]) + np.float32(0.5)
        else:
            for j in range(row.shape[0]):
                row[j] = 1.0 / (1.0 + np.exp(-row[j]))
    elif code == 3:
        for j in range(row.shape[0]):
            row[j] = min(max(row[j] * (1.0 / 6.0) + 0.5, 0.0), 1.0)
    elif code == 4:
        for j in range(row.shape[0]):
            row[j] = max(row[j], 0.0)


@register_jitable
def times_slope(code, row, y):
    """`row *= activation'(x)`, the derivative read from the activation's output `y`
    (as `rnn_workspace`'s derivatives), computed in `row`'s dtype."""
    one = np.ones(1, row.dtype)[0]   # a 1 of the arrays' dtype: float32 stays float32
    if code == 1:
        for j in range(row.shape[0]):
            row[j] *= one - y[j] * y[j]
    elif code == 2:
        for j in range(row.shape[0]):
            row[j] *= y[j] * (one - y[j])
    elif code == 3:
        for j in range(row.shape[0]):
            row[j] *= (1.0 / 6.0) if 0.0 < y[j] < 1.0 else 0.0
    elif code == 4:
        for j in range(row.shape[0]):
            row[j] *= 1.0 if y[j] > 0.0 else 0.0


@register_jitable
def flushed_all_zero(array, tiny):
    """`flush_tiny` on `array` (2-D), and whether all of it is then exactly zero."""
    zero = True
    for b in range(array.shape[0]):
        for k in range(array.shape[1]):
            v = (array[b, k] + tiny) - tiny
            array[b, k] = v
            if v != 0.0:
                zero = False
    return zero


# --- SimpleRNN -----------------------------------------------------------------------------
def simple_rnn_forward(projected, recurrent_kernel, h, mask, use_mask, activation, fast):
    """`h_t = act(projected_t + h_{t-1} @ recurrent_kernel)` into `h` (time + 1, batch, u)."""
    steps, batch, u = projected.shape
    product = np.empty((batch, u), h.dtype)
    for t in range(steps):
        np.dot(h[t], recurrent_kernel, product)
        for b in range(batch):
            new, z, recurrent = h[t + 1, b], projected[t, b], product[b]
            if use_mask and not mask[t, b]:
                new[:] = h[t, b]
                continue
            for k in range(u):   # h_{t-1} @ U + (x_t @ W + b), the NumPy loop's order
                new[k] = recurrent[k] + z[k]
            activate_row(activation, new, fast)


def simple_rnn_backward(h, recurrent_t, dz, dh, seq_grads, use_seq, mask, use_mask, activation,
                        tiny):
    """Backward through time of `simple_rnn_forward`: fills `dz`, leaves the initial state's
    gradient in `dh`; returns the step it stopped at (as `lstm_backward`)."""
    steps, batch, u = dz.shape
    back = np.empty_like(dh)
    for t in range(steps - 1, -1, -1):
        for b in range(batch):
            gh, d = dh[b], dz[t, b]
            if use_seq:
                seq = seq_grads[t, b]
                for k in range(u):
                    gh[k] += seq[k]
            if use_mask and not mask[t, b]:
                d[:] = 0.0
                continue
            for k in range(u):
                d[k] = gh[k]
            times_slope(activation, d, h[t + 1, b])
        np.dot(dz[t], recurrent_t, back)
        for b in range(batch):
            if not use_mask or mask[t, b]:
                gh, new = dh[b], back[b]
                for k in range(u):
                    gh[k] = new[k]
        if tiny > 0 and t % FLUSH_EVERY == 0:
            if flushed_all_zero(dh, tiny) and not use_seq:
                dz[:t] = 0.0
                return t
    return 0


# --- LSTM (gate columns in the loop's order i, f, o, c; see `rnn_ops`) -------------------
def lstm_forward(gates, recurrent_kernel, h, c, act_c, mask, use_mask, activation, gate_activation,
                 fast):
    """`gates` (time, batch, 4u) holds the input projections; on return, the activated gates.
    Fills `h` and `c` (time + 1, batch, u; [0] set by the caller) and `act_c` = act(c_t)."""
    steps, batch, four = gates.shape
    u = four // 4
    product = np.empty((batch, four), gates.dtype)
    for t in range(steps):
        np.dot(h[t], recurrent_kernel, product)   # BLAS, called without leaving compiled code
        for b in range(batch):
            z, recurrent = gates[t, b], product[b]
            for j in range(four):
                z[j] += recurrent[j]
            activate_row(gate_activation, z[:3 * u], fast)
            activate_row(activation, z[3 * u:], fast)
            i, f, o, candidate = z[:u], z[u:2 * u], z[2 * u:3 * u], z[3 * u:]
            previous_c, new_c, cell = c[t, b], c[t + 1, b], act_c[t, b]
            for k in range(u):
                new_c[k] = f[k] * previous_c[k] + i[k] * candidate[k]
                cell[k] = new_c[k]
            activate_row(activation, cell, fast)
            new_h = h[t + 1, b]
            if use_mask and not mask[t, b]:  # a masked step carries the state over
                new_c[:] = previous_c
                new_h[:] = h[t, b]
            else:
                for k in range(u):
                    new_h[k] = o[k] * cell[k]


def lstm_backward(gates, c, act_c, recurrent_t, dz, dh, dc, seq_grads, use_seq, mask, use_mask,
                  activation, gate_activation, tiny):
    """Backward through time: fills `dz` (the gates' pre-activation gradients, flushed), leaves
    in `dh`, `dc` the gradients of the initial states. `seq_grads` (time, batch, 2u): the output
    gradient of every step's (h, c) when `use_seq`. `tiny` > 0: flush and stop early as
    `rnn_workspace.vanished` does. Returns the step the loop stopped at (0 when it ran out)."""
    steps, batch, four = gates.shape
    u = four // 4
    d_cell = np.empty(u, dz.dtype)
    back = np.empty_like(dh)
    for t in range(steps - 1, -1, -1):
        for b in range(batch):
            gh, gc = dh[b], dc[b]
            if use_seq:
                seq = seq_grads[t, b]
                for k in range(u):
                    gh[k] += seq[k]
                    gc[k] += seq[u + k]
            d = dz[t, b]
            if use_mask and not mask[t, b]:
                d[:] = 0.0   # the state was carried over: its gradient passes back unchanged
                continue
            z, cell, previous_c = gates[t, b], act_c[t, b], c[t, b]
            i, f, o, candidate = z[:u], z[u:2 * u], z[2 * u:3 * u], z[3 * u:]
            for k in range(u):
                d_cell[k] = gh[k] * o[k]
            times_slope(activation, d_cell, cell)
            for k in range(u):
                d_cell[k] += gc[k]                       # d c_t, all paths
                d[k] = d_cell[k] * candidate[k]          # d i
                d[u + k] = d_cell[k] * previous_c[k]     # d f
                d[2 * u + k] = gh[k] * cell[k]           # d o
                d[3 * u + k] = d_cell[k] * i[k]          # d c~
                gc[k] = d_cell[k] * f[k]
            times_slope(gate_activation, d[:3 * u], z[:3 * u])
            times_slope(activation, d[3 * u:], z[3 * u:])
            if tiny > 0:   # `flush_tiny` of dz, row by row while it is in cache
                for j in range(four):
                    d[j] = (d[j] + tiny) - tiny
        np.dot(dz[t], recurrent_t, back)
        for b in range(batch):
            if not use_mask or mask[t, b]:
                gh, new = dh[b], back[b]
                for k in range(u):
                    gh[k] = new[k]
        if tiny > 0 and t % FLUSH_EVERY == 0:
            zero_h = flushed_all_zero(dh, tiny)
            zero_c = flushed_all_zero(dc, tiny)
            if zero_h and zero_c and not use_seq:
                dz[:t] = 0.0
                return t
    return 0


# --- GRU with reset_after=True (Keras 3's default; gate columns z, r, h; see `gru_ops`) ----
def gru_forward(gates, recurrent_kernel, recurrent_bias, h, candidate_in, mask, use_mask,
                activation, gate_activation, fast):
    """`gates` (time, batch, 3u): the input projections (with the input bias); on return, the
    activated gates. Fills `h` (time + 1, batch, u; h[0] set) and `candidate_in`
    (h_{t-1} @ U_h + b_h)."""
    steps, batch, three = gates.shape
    u = three // 3
    product = np.empty((batch, three), gates.dtype)
    for t in range(steps):
        np.dot(h[t], recurrent_kernel, product)
        for b in range(batch):
            z, recurrent, previous = gates[t, b], product[b], h[t, b]
            for j in range(three):
                recurrent[j] += recurrent_bias[j]
            for j in range(2 * u):
                z[j] += recurrent[j]
            activate_row(gate_activation, z[:2 * u], fast)
            update, reset, candidate = z[:u], z[u:2 * u], z[2 * u:]
            saved = candidate_in[t, b]
            for k in range(u):
                saved[k] = recurrent[2 * u + k]
                candidate[k] += reset[k] * saved[k]
            activate_row(activation, candidate, fast)
            new = h[t + 1, b]
            if use_mask and not mask[t, b]:
                new[:] = previous
            else:
                for k in range(u):   # h_t = hh + z * (h_{t-1} - hh), as the NumPy loop rounds it
                    new[k] = candidate[k] + update[k] * (previous[k] - candidate[k])


def gru_backward(gates, h, candidate_in, recurrent_t, dz, d_candidate, dh, seq_grads, use_seq,
                 mask, use_mask, activation, gate_activation, tiny):
    """Backward through time of `gru_forward`: fills `dz` and `d_candidate` (the gradient of
    h_{t-1} @ U_h + b_h); leaves the initial state's gradient in `dh`. `recurrent_t`: the
    recurrent kernel transposed (3u, u). Returns the step it stopped at (as `lstm_backward`)."""
    steps, batch, three = gates.shape
    u = three // 3
    through = np.empty((batch, three), dz.dtype)   # [d z, d r, d candidate_in]: into h_{t-1} @ U
    back = np.empty_like(dh)
    for t in range(steps - 1, -1, -1):
        for b in range(batch):
            gh = dh[b]
            if use_seq:
                seq = seq_grads[t, b]
                for k in range(u):
                    gh[k] += seq[k]
            d, dc, row = dz[t, b], d_candidate[t, b], through[b]
            if use_mask and not mask[t, b]:
                d[:] = 0.0
                dc[:] = 0.0
                row[:] = 0.0
                continue
            z, previous, saved = gates[t, b], h[t, b], candidate_in[t, b]
            update, reset, candidate = z[:u], z[u:2 * u], z[2 * u:]
            for k in range(u):
                d[k] = gh[k] * (previous[k] - candidate[k])       # d z
                d[2 * u + k] = gh[k] - gh[k] * update[k]          # d hh = (1 - z) * dh
            times_slope(activation, d[2 * u:], candidate)
            for k in range(u):
                d[u + k] = d[2 * u + k] * saved[k]                # d r
                dc[k] = d[2 * u + k] * reset[k]
            times_slope(gate_activation, d[:2 * u], z[:2 * u])
            for k in range(2 * u):
                row[k] = d[k]
            for k in range(u):
                row[2 * u + k] = dc[k]
        np.dot(through, recurrent_t, back)
        for b in range(batch):
            if not use_mask or mask[t, b]:
                gh, new, update = dh[b], back[b], gates[t, b, :u]
                for k in range(u):
                    gh[k] = new[k] + gh[k] * update[k]            # + z * dh, the direct path
        if tiny > 0 and t % FLUSH_EVERY == 0:
            if flushed_all_zero(dh, tiny) and not use_seq:
                dz[:t] = 0.0
                d_candidate[:t] = 0.0
                return t
    return 0


lstm_forward = _jit(lstm_forward)
lstm_backward = _jit(lstm_backward)
gru_forward = _jit(gru_forward)
gru_backward = _jit(gru_backward)
simple_rnn_forward = _jit(simple_rnn_forward)
simple_rnn_backward = _jit(simple_rnn_backward)
