"""Fused recurrent primitives: a whole SimpleRNN or LSTM sequence as one recorded node.

Each primitive projects the inputs of all timesteps with one matrix multiply, then runs the
time loop over preallocated time-major buffers (see `rnn_workspace`); its VJP is the
backward-through-time written out. Masks (a (batch, time) boolean array) are handled inside:
at a masked step the state is carried over unchanged. `go_backwards` reads the sequence in
reverse; outputs are then in processing order, as Keras gives them.

The output packs the states: with `return_sequences`, (batch, time, S) holding every step's
states; otherwise (batch, S) holding the final ones. S is `units` (SimpleRNN: h) or
`2 * units` (LSTM: h then c). At a masked step the packed state is the carried one, which is
also what Keras outputs there.

The GRU lives in `gru_ops`; the general per-timestep path is `numkeras.layers.rnn.RNN`.
"""
import numpy as np

from numkeras.backend.compiled_loops import compiled_loop, mask_arguments, sequence_arguments
from numkeras.backend.primitive import defvjp_joint, primitive
from numkeras.backend.rnn_workspace import (
    Workspace,
    activation_pair,
    flush_constant,
    flush_tiny,
    input_gradients,
    project_inputs,
    rows_product,
    saved_forward,
    time_major,
    vanished,
)


def pack_states(states, return_sequences):
    """`states`: (time + 1, batch, units) arrays -> the primitive's packed output (a new array)."""
    units = states[0].shape[-1]
    if not return_sequences:
        return np.concatenate([s[-1] for s in states], axis=-1)
    steps, batch = states[0].shape[0] - 1, states[0].shape[1]
    out = np.empty((batch, steps, units * len(states)), states[0].dtype)
    for k, s in enumerate(states):
        out[:, :, k * units:(k + 1) * units] = s[1:].swapaxes(0, 1)
    return out


def unpack_gradient(g, return_sequences, parts, packed=False):
    """The output gradient: per-part time-major arrays (sequences; with `packed`, one
    (time, batch, S) array), or per-part final arrays that the backward loop may update in place."""
    units = g.shape[-1] // parts
    if return_sequences:
        gt = np.ascontiguousarray(g.swapaxes(0, 1))
        finals = [np.zeros((g.shape[0], units), g.dtype) for _ in range(parts)]
        if packed:
            return gt, finals
        return [gt[:, :, k * units:(k + 1) * units] for k in range(parts)], finals
    return None, [np.array(g[:, k * units:(k + 1) * units]) for k in range(parts)]


def split_by_mask(grad, keep, carry):
    """Of `grad` (for a step's new state), moves the rows of masked samples, whose state was
    carried over, into `carry` (for the previous state); `keep` is the step's mask."""
    np.multiply(grad, ~keep, out=carry)
    grad *= keep


def collect(argnums, dz, saved, kernel, go_backwards, recurrent_grad, state_grads, bias_grad=None):
    """The gradients asked for in `argnums`: x, kernel, recurrent_kernel, bias, initial states."""
    dx, dkernel, dbias = input_gradients(dz, saved["xt"], kernel, go_backwards, 0 in argnums,
                                         1 in argnums, 3 in argnums and bias_grad is None)
    table = {0: dx, 1: dkernel, 2: recurrent_grad() if 2 in argnums else None,
             3: dbias if bias_grad is None else bias_grad}
    for k, grad in enumerate(state_grads):
        table[4 + k] = grad
    return [table[i] for i in argnums]


# --- SimpleRNN ---------------------------------------------------------------------------
@primitive
def simple_rnn_sequence(x, kernel, recurrent_kernel, bias, h0, mask=None, go_backwards=False,
                        return_sequences=False, activation="tanh", workspace=None):
    """`h_t = activation(x_t @ kernel + bias + h_{t-1} @ recurrent_kernel)` over the sequence."""
    saved = _simple_rnn_forward(x, kernel, recurrent_kernel, bias, h0, mask, go_backwards,
                                activation, workspace or Workspace())
    return pack_states([saved["h"]], return_sequences)


def _simple_rnn_forward(x, kernel, recurrent_kernel, bias, h0, mask, go_backwards, activation, ws):
    act, _ = activation_pair(activation)
    xt, mt = time_major(x, mask, go_backwards)
    steps, batch, _ = xt.shape
    units = recurrent_kernel.shape[0]
    dtype = np.result_type(x, kernel, h0)
    projected = project_inputs(xt, kernel, bias, ws.get("projected", (steps, batch, units), dtype))
    h = ws.get("h", (steps + 1, batch, units), dtype)
    h[0] = h0
    compiled = compiled_loop(activation)
    if compiled is not None:
        loops, codes = compiled
        loops.simple_rnn_forward(projected, np.ascontiguousarray(recurrent_kernel, dtype), h,
                                 *mask_arguments(mt), *codes, dtype == np.float32)
    else:
        for t in range(steps):
            new = h[t + 1]
            np.matmul(h[t], recurrent_kernel, out=new)
            new += projected[t]
            act(new)
            if mt is not None:
                np.copyto(new, h[t], where=~mt[t])
    ws.saved = {"xt": xt, "mt": mt, "h": h}
    return ws.saved


def _simple_rnn_vjp(g, ans, argnums, x, kernel, recurrent_kernel, bias, h0, mask=None,
                    go_backwards=False, return_sequences=False, activation="tanh", workspace=None):
    saved = saved_forward(workspace, _simple_rnn_forward, x, kernel, recurrent_kernel, bias, h0,
                          mask, go_backwards, activation)
    h, mt = saved["h"], saved["mt"]
    dz = np.empty_like(h[1:])
    tiny = flush_constant(dz.dtype)
    compiled = compiled_loop(activation)
    if compiled is not None:
        loops, codes = compiled
        seq_grads, (dh,) = unpack_gradient(g, return_sequences, 1, packed=True)
        loops.simple_rnn_backward(h, np.ascontiguousarray(recurrent_kernel.T, dz.dtype), dz, dh,
                                  *sequence_arguments(seq_grads, dz.dtype), *mask_arguments(mt),
                                  *codes, dz.dtype.type(tiny or 0))
    else:
        seq_grads, (dh,) = unpack_gradient(g, return_sequences, 1)
        _simple_rnn_backward_loop(h, mt, recurrent_kernel, dz, dh, seq_grads, activation, tiny)
    flush_tiny(dz, tiny)
    units = h.shape[-1]
    return collect(argnums, dz, saved, kernel, go_backwards,
                   lambda: rows_product(h[:-1].reshape(-1, units), dz.reshape(-1, units)), [dh])


def _simple_rnn_backward_loop(h, mt, recurrent_kernel, dz, dh, seq_grads, activation, tiny):
    """Backward through time on NumPy (`rnn_loops.simple_rnn_backward` is the compiled one)."""
    slopes = activation_pair(activation)[1](h[1:])
    carry = np.empty_like(dh)
    for t in range(h.shape[0] - 2, -1, -1):
        if seq_grads:
            dh += seq_grads[0][t]
        if mt is not None:
            split_by_mask(dh, mt[t], carry)
        np.multiply(dh, slopes[t], out=dz[t])
        np.matmul(dz[t], recurrent_kernel.T, out=dh)
        if mt is not None:
            dh += carry
        if vanished(t, tiny, seq_grads, dh):
            dz[:t] = 0
            break


defvjp_joint(simple_rnn_sequence, _simple_rnn_vjp)


# --- LSTM ----------------------------------------------------------------------------------
# Keras orders the gates i, f, c, o; the loop uses i, f, o, c so that the three gates under
# `recurrent_activation` are one contiguous block. Columns are permuted once per call.
def _internal_order(units):
    i, f, c, o = (np.arange(k * units, (k + 1) * units) for k in range(4))
    return np.concatenate([i, f, o, c])


@primitive
def lstm_sequence(x, kernel, recurrent_kernel, bias, h0, c0, mask=None, go_backwards=False,
                  return_sequences=False, activation="tanh", recurrent_activation="sigmoid",
                  workspace=None):
    """Keras's LSTM over the sequence: gates i, f, c, o from `x_t @ kernel + h_{t-1} @
    recurrent_kernel + bias`; `c_t = f c_{t-1} + i act(c~)`, `h_t = o act(c_t)`."""
    saved = _lstm_forward(x, kernel, recurrent_kernel, bias, h0, c0, mask, go_backwards,
                          activation, recurrent_activation, workspace or Workspace())
    return pack_states([saved["h"], saved["c"]], return_sequences)


def _lstm_forward(x, kernel, recurrent_kernel, bias, h0, c0, mask, go_backwards, activation,
                  recurrent_activation, ws):
    units = recurrent_kernel.shape[0]
    order = _internal_order(units)
    kernel_p, recurrent_p = kernel[:, order], np.ascontiguousarray(recurrent_kernel[:, order])
    xt, mt = time_major(x, mask, go_backwards)
    steps, batch, _ = xt.shape
    dtype = np.result_type(x, kernel, h0)
    bias_p = None if bias is None else bias[order]
    compiled = compiled_loop(activation, recurrent_activation)
    # Keras's defaults (tanh, sigmoid): sigmoid(z) = 0.5 * tanh(z / 2) + 0.5, so with the three
    # sigmoid blocks of the weights halved, one NumPy tanh over the whole row does all four gates.
    one_tanh = compiled is None and activation == "tanh" and recurrent_activation == "sigmoid"
    step_kernel, step_recurrent, step_bias = kernel_p, recurrent_p, bias_p
    if one_tanh:
        half = np.ones(4 * units, dtype)
        half[:3 * units] = 0.5
        step_kernel, step_recurrent = kernel_p * half, recurrent_p * half
        step_bias = None if bias_p is None else bias_p * half
    gates = project_inputs(xt, step_kernel, step_bias,
                           ws.get("gates", (steps, batch, 4 * units), dtype))
    h = ws.get("h", (steps + 1, batch, units), dtype)
    c = ws.get("c", (steps + 1, batch, units), dtype)
    tanh_c = ws.get("act_c", (steps, batch, units), dtype)
    h[0], c[0] = h0, c0
    if compiled is not None:
        loops, codes = compiled
        loops.lstm_forward(gates, step_recurrent.astype(dtype, copy=False), h, c, tanh_c,
                           *mask_arguments(mt), *codes, dtype == np.float32)
    else:
        _lstm_forward_loop(gates, step_recurrent, h, c, tanh_c, mt, activation,
                           recurrent_activation, one_tanh, ws.get("product", gates.shape[1:], dtype))
    ws.saved = {"xt": xt, "mt": mt, "h": h, "c": c, "gates": gates, "act_c": tanh_c,
                "order": order, "kernel": kernel_p, "recurrent_kernel": recurrent_p}
    return ws.saved


def _lstm_forward_loop(gates, recurrent, h, c, tanh_c, mt, activation, recurrent_activation,
                       one_tanh, product):
    """The time loop on NumPy (`rnn_loops.lstm_forward` is the compiled one): activates
    `gates` in place and fills h, c and act(c)."""
    act, _ = activation_pair(activation)
    gate_act, _ = activation_pair(recurrent_activation)
    u = h.shape[-1]
    u2, u3 = 2 * u, 3 * u
    for t in range(gates.shape[0]):
        z = gates[t]
        np.matmul(h[t], recurrent, out=product)
        z += product
        if one_tanh:
            np.tanh(z, out=z)
            sigmoids = z[:, :u3]
            sigmoids *= 0.5
            sigmoids += 0.5
        else:
            gate_act(z[:, :u3])
            act(z[:, u3:])
        new_c = c[t + 1]
        np.multiply(z[:, u:u2], c[t], out=new_c)               # f * c_{t-1}
        np.multiply(z[:, :u], z[:, u3:], out=product[:, :u])   # i * c~
        new_c += product[:, :u]
        if one_tanh:
            np.tanh(new_c, out=tanh_c[t])
        else:
            np.copyto(tanh_c[t], new_c)
            act(tanh_c[t])
        np.multiply(z[:, u2:u3], tanh_c[t], out=h[t + 1])     # o * act(c_t)
        if mt is not None:
            masked = ~mt[t]
            np.copyto(h[t + 1], h[t], where=masked)
            np.copyto(new_c, c[t], where=masked)


def _lstm_vjp(g, ans, argnums, x, kernel, recurrent_kernel, bias, h0, c0, mask=None,
              go_backwards=False, return_sequences=False, activation="tanh",
              recurrent_activation="sigmoid", workspace=None):
    saved = saved_forward(workspace, _lstm_forward, x, kernel, recurrent_kernel, bias, h0, c0, mask,
                          go_backwards, activation, recurrent_activation)
    h, gates = saved["h"], saved["gates"]
    units = h.shape[-1]
    recurrent_t = np.ascontiguousarray(saved["recurrent_kernel"].T, gates.dtype)
    dz = np.empty_like(gates)
    tiny = flush_constant(dz.dtype)
    compiled = compiled_loop(activation, recurrent_activation)
    if compiled is not None:
        loops, codes = compiled
        seq_grads, (dh, dc) = unpack_gradient(g, return_sequences, 2, packed=True)
        loops.lstm_backward(gates, saved["c"], saved["act_c"], recurrent_t, dz, dh, dc,
                            *sequence_arguments(seq_grads, dz.dtype), *mask_arguments(saved["mt"]),
                            *codes, dz.dtype.type(tiny or 0))
    else:
        seq_grads, (dh, dc) = unpack_gradient(g, return_sequences, 2)
        _lstm_backward_loop(saved, recurrent_t, dz, dh, dc, seq_grads, activation,
                            recurrent_activation, tiny)
        flush_tiny(dz, tiny)
    order = saved["order"]
    results = collect(argnums, dz, saved, saved["kernel"], go_backwards,
                      lambda: rows_product(h[:-1].reshape(-1, units), dz.reshape(-1, 4 * units)), [dh, dc])
    # Back from the loop's gate order to Keras's.
    for k, i in enumerate(argnums):
        if i in (1, 2, 3):
            grad = np.empty_like(results[k])
            grad[..., order] = results[k]
            results[k] = grad
    return results


def _lstm_backward_loop(saved, recurrent_t, dz, dh, dc, seq_grads, activation,
                        recurrent_activation, tiny):
    """Backward through time on NumPy (`rnn_loops.lstm_backward` is the compiled one): fills
    `dz`, the gates' pre-activation gradients; leaves the initial states' in `dh`, `dc`."""
    c, gates, tanh_c, mt = saved["c"], saved["gates"], saved["act_c"], saved["mt"]
    steps, units = gates.shape[0], c.shape[-1]
    u, u2, u3 = units, 2 * units, 3 * units
    # Every activation's slope at once, before the loop (one array operation each).
    slopes = np.empty_like(gates)
    slopes[:, :, :u3] = activation_pair(recurrent_activation)[1](gates[:, :, :u3])
    slopes[:, :, u3:] = activation_pair(activation)[1](gates[:, :, u3:])
    cell_slopes = activation_pair(activation)[1](tanh_c)
    dcell = np.empty_like(dh)
    carry_h, carry_c = np.empty_like(dh), np.empty_like(dh)
    for t in range(steps - 1, -1, -1):
        if seq_grads:
            dh += seq_grads[0][t]
            dc += seq_grads[1][t]
        if mt is not None:
            split_by_mask(dh, mt[t], carry_h)
            split_by_mask(dc, mt[t], carry_c)
        z, d = gates[t], dz[t]
        np.multiply(dh, tanh_c[t], out=d[:, u2:u3])            # d o
        np.multiply(dh, z[:, u2:u3], out=dcell)
        dcell *= cell_slopes[t]
        dcell += dc                                             # d c_t, all paths
        np.multiply(dcell, z[:, u3:], out=d[:, :u])            # d i
        np.multiply(dcell, c[t], out=d[:, u:u2])               # d f
        np.multiply(dcell, z[:, :u], out=d[:, u3:])            # d c~
        d *= slopes[t]
        np.multiply(dcell, z[:, u:u2], out=dc)
        np.matmul(d, recurrent_t, out=dh)
        if mt is not None:
            dh += carry_h
            dc += carry_c
        if vanished(t, tiny, seq_grads, dh, dc):
            dz[:t] = 0
            break


defvjp_joint(lstm_sequence, _lstm_vjp)
