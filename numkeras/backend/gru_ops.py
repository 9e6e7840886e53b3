"""The fused GRU primitive: a whole sequence as one recorded node (see `rnn_ops` for the plan).

Keras's gate order is z, r, h in the kernel's columns. With `reset_after=True` (Keras 3's
default) the bias is (2, 3 * units): row 0 is added to the input projection, row 1 to the
recurrent one, and the reset gate multiplies the recurrent candidate after the matmul:
    z = rec_act(xz + hz), r = rec_act(xr + hr), hh = act(xh + r * hh_rec),
    h_t = z * h_{t-1} + (1 - z) * hh,
where [hz, hr, hh_rec] = h_{t-1} @ recurrent_kernel + bias[1]. With `reset_after=False` the
bias is (3 * units,) and the candidate is `act(xh + (r * h_{t-1}) @ recurrent_kernel[:, 2u:])`.
"""
import numpy as np

from numkeras.backend.compiled_loops import compiled_loop, mask_arguments, sequence_arguments
from numkeras.backend.primitive import defvjp_joint, primitive
from numkeras.backend.rnn_ops import collect, pack_states, split_by_mask, unpack_gradient
from numkeras.backend.rnn_workspace import (
    Workspace,
    activation_pair,
    flush_constant,
    flush_tiny,
    project_inputs,
    rows_product,
    saved_forward,
    time_major,
    vanished,
)


@primitive
def gru_sequence(x, kernel, recurrent_kernel, bias, h0, mask=None, go_backwards=False,
                 return_sequences=False, activation="tanh", recurrent_activation="sigmoid",
                 reset_after=True, workspace=None):
    """Keras's GRU over the sequence; returns the packed states (see `rnn_ops`)."""
    saved = _gru_forward(x, kernel, recurrent_kernel, bias, h0, mask, go_backwards, activation,
                         recurrent_activation, reset_after, workspace or Workspace())
    return pack_states([saved["h"]], return_sequences)


def _split_bias(bias, reset_after):
    if bias is None:
        return None, None
    return (bias[0], bias[1]) if reset_after else (bias, None)


def _gru_forward(x, kernel, recurrent_kernel, bias, h0, mask, go_backwards, activation,
                 recurrent_activation, reset_after, ws):
    act, _ = activation_pair(activation)
    gate_act, _ = activation_pair(recurrent_activation)
    input_bias, recurrent_bias = _split_bias(bias, reset_after)
    xt, mt = time_major(x, mask, go_backwards)
    steps, batch, _ = xt.shape
    units = recurrent_kernel.shape[0]
    dtype = np.result_type(x, kernel, h0)
    gates = project_inputs(xt, kernel, input_bias, ws.get("gates", (steps, batch, 3 * units), dtype))
    h = ws.get("h", (steps + 1, batch, units), dtype)
    # reset_after: the recurrent candidate h_{t-1} @ U_h + b_h; else r * h_{t-1}.
    candidate_in = ws.get("candidate_in", (steps, batch, units), dtype)
    h[0] = h0
    compiled = compiled_loop(activation, recurrent_activation) if reset_after else None
    if compiled is not None:
        loops, codes = compiled
        rec_bias = np.zeros(3 * units, dtype) if recurrent_bias is None else recurrent_bias
        loops.gru_forward(gates, np.ascontiguousarray(recurrent_kernel, dtype),
                          np.ascontiguousarray(rec_bias, dtype), h, candidate_in,
                          *mask_arguments(mt), *codes, dtype == np.float32)
    else:
        _gru_forward_loop(gates, recurrent_kernel, recurrent_bias, h, candidate_in, mt, act,
                          gate_act, reset_after, ws.get("product", (batch, 3 * units), dtype),
                          ws.get("diff", (batch, units), dtype))
    ws.saved = {"xt": xt, "mt": mt, "h": h, "gates": gates, "candidate_in": candidate_in}
    return ws.saved


def _gru_forward_loop(gates, recurrent_kernel, recurrent_bias, h, candidate_in, mt, act, gate_act,
                      reset_after, product, diff):
    """The time loop on NumPy (`rnn_loops.gru_forward` is the compiled one, for reset_after)."""
    u = h.shape[-1]
    u2 = 2 * u
    recurrent_zr = recurrent_kernel[:, :u2]
    recurrent_h = recurrent_kernel[:, u2:]
    for t in range(gates.shape[0]):
        z, prev = gates[t], h[t]
        if reset_after:
            np.matmul(prev, recurrent_kernel, out=product)
            if recurrent_bias is not None:
                product += recurrent_bias
            z[:, :u2] += product[:, :u2]
            gate_act(z[:, :u2])
            candidate_in[t] = product[:, u2:]
            np.multiply(z[:, u:u2], candidate_in[t], out=product[:, u2:])
            z[:, u2:] += product[:, u2:]
        else:
            np.matmul(prev, recurrent_zr, out=product[:, :u2])
            z[:, :u2] += product[:, :u2]
            gate_act(z[:, :u2])
            np.multiply(z[:, u:u2], prev, out=candidate_in[t])
            np.matmul(candidate_in[t], recurrent_h, out=product[:, u2:])
            z[:, u2:] += product[:, u2:]
        act(z[:, u2:])
        new = h[t + 1]
        np.subtract(prev, z[:, u2:], out=diff)                 # h_t = hh + z * (h_{t-1} - hh)
        diff *= z[:, :u]
        np.add(z[:, u2:], diff, out=new)
        if mt is not None:
            np.copyto(new, prev, where=~mt[t])


def _gru_vjp(g, ans, argnums, x, kernel, recurrent_kernel, bias, h0, mask=None, go_backwards=False,
             return_sequences=False, activation="tanh", recurrent_activation="sigmoid",
             reset_after=True, workspace=None):
    saved = saved_forward(workspace, _gru_forward, x, kernel, recurrent_kernel, bias, h0, mask,
                          go_backwards, activation, recurrent_activation, reset_after)
    h, gates, candidate_in, mt = saved["h"], saved["gates"], saved["candidate_in"], saved["mt"]
    units = h.shape[-1]
    u2 = 2 * units
    dz = np.empty_like(gates)                  # gradient of the gates' pre-activations
    d_candidate = np.empty_like(candidate_in)  # of h_{t-1} @ U_h + b_h, or of r * h_{t-1}
    tiny = flush_constant(dz.dtype)
    compiled = compiled_loop(activation, recurrent_activation) if reset_after else None
    if compiled is not None:
        loops, codes = compiled
        seq_grads, (dh,) = unpack_gradient(g, return_sequences, 1, packed=True)
        loops.gru_backward(gates, h, candidate_in, np.ascontiguousarray(recurrent_kernel.T, dz.dtype),
                           dz, d_candidate, dh, *sequence_arguments(seq_grads, dz.dtype),
                           *mask_arguments(mt), *codes, dz.dtype.type(tiny or 0))
    else:
        seq_grads, (dh,) = unpack_gradient(g, return_sequences, 1)
        _gru_backward_loop(saved, recurrent_kernel, dz, d_candidate, dh, seq_grads, activation,
                           recurrent_activation, reset_after, tiny)
    flush_tiny(dz, tiny)
    flush_tiny(d_candidate, tiny)
    flat_h = h[:-1].reshape(-1, units)

    def recurrent_grad():
        grad = np.empty_like(recurrent_kernel)
        grad[:, :u2] = rows_product(flat_h, dz[:, :, :u2].reshape(-1, u2))
        if reset_after:
            grad[:, u2:] = rows_product(flat_h, d_candidate.reshape(-1, units))
        else:
            grad[:, u2:] = rows_product(candidate_in.reshape(-1, units),
                                         dz[:, :, u2:].reshape(-1, units))
        return grad

    bias_grad = None
    if reset_after and 3 in argnums:
        recurrent_bias_grad = np.concatenate([dz[:, :, :u2].sum(axis=(0, 1)),
                                              d_candidate.sum(axis=(0, 1))])
        bias_grad = np.stack([dz.sum(axis=(0, 1)), recurrent_bias_grad])
    return collect(argnums, dz, saved, kernel, go_backwards, recurrent_grad, [dh], bias_grad)


def _gru_backward_loop(saved, recurrent_kernel, dz, d_candidate, dh, seq_grads, activation,
                       recurrent_activation, reset_after, tiny):
    """Backward through time on NumPy (`rnn_loops.gru_backward` is the compiled one)."""
    h, gates, candidate_in, mt = saved["h"], saved["gates"], saved["candidate_in"], saved["mt"]
    steps, units = gates.shape[0], h.shape[-1]
    u, u2 = units, 2 * units
    slopes = np.empty_like(gates)
    slopes[:, :, :u2] = activation_pair(recurrent_activation)[1](gates[:, :, :u2])
    slopes[:, :, u2:] = activation_pair(activation)[1](gates[:, :, u2:])
    carry, scratch = np.empty_like(dh), np.empty_like(dh)
    recurrent_h_t = recurrent_kernel[:, u2:].T.copy()
    recurrent_zr_t = recurrent_kernel[:, :u2].T.copy()
    for t in range(steps - 1, -1, -1):
        if seq_grads:
            dh += seq_grads[0][t]
        if mt is not None:
            split_by_mask(dh, mt[t], carry)
        z, d, prev = gates[t], dz[t], h[t]
        np.subtract(prev, z[:, u2:], out=d[:, :u])             # d z = dh * (h_{t-1} - hh)
        d[:, :u] *= dh
        np.multiply(dh, z[:, :u], out=scratch)                  # z * dh: the direct path back
        np.subtract(dh, scratch, out=d[:, u2:])                 # d hh = (1 - z) * dh
        d[:, u2:] *= slopes[t][:, u2:]
        if reset_after:
            np.multiply(d[:, u2:], candidate_in[t], out=d[:, u:u2])   # d r
            np.multiply(d[:, u2:], z[:, u:u2], out=d_candidate[t])
            d[:, :u2] *= slopes[t][:, :u2]
            np.matmul(d[:, :u2], recurrent_zr_t, out=dh)
            dh += d_candidate[t] @ recurrent_h_t
        else:
            np.matmul(d[:, u2:], recurrent_h_t, out=d_candidate[t])   # d (r * h_{t-1})
            np.multiply(d_candidate[t], prev, out=d[:, u:u2])
            d[:, :u2] *= slopes[t][:, :u2]
            np.matmul(d[:, :u2], recurrent_zr_t, out=dh)
            dh += d_candidate[t] * z[:, u:u2]
        dh += scratch
        if mt is not None:
            dh += carry
        if vanished(t, tiny, seq_grads, dh):
            dz[:t] = 0
            d_candidate[:t] = 0
            break


defvjp_joint(gru_sequence, _gru_vjp)
