"""Per-call cost of a compiled loss and of metric updates, for a batch of 1 and a batch of 128.

    python benchmarks/loss_metric_overhead.py

The loss is timed as a training step uses it: called on the model's output
Tensor while gradients are recorded, then `backward` to the tensor before the
activation. A trivial primitive's forward+backward is printed first, as the
yardstick of this machine's Python speed. Times are the best of several runs.
"""
import timeit

import numpy as np

from numkeras import losses, metrics
from numkeras.backend import Tensor, backward, nn_ops
from numkeras.backend.primitive import Primitive, defvjp
from numkeras.backend.tensor import STATE

RNG = np.random.default_rng(0)


def best_us(fn, number=2000, repeat=25):
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def loss_step(loss, y_true, logits, activation):
    """(forward us, forward + backward us) of `loss(y_true, activation(z))`, activation excluded."""
    z = Tensor(logits)
    z.requires_grad = True
    STATE.recording = True
    try:
        y_pred = activation(z) if activation else z
        forward = best_us(lambda: loss(y_true, y_pred))
        both = best_us(lambda: backward(loss(y_true, y_pred), [z]))
    finally:
        STATE.recording = False
    return forward, both


def main():
    identity = Primitive(lambda x: x, "identity_for_timing")
    defvjp(identity, lambda g, ans, x: g)
    x = Tensor(np.ones((1, 1), np.float32))
    x.requires_grad = True
    STATE.recording = True
    yardstick = best_us(lambda: backward(identity(x), [x]))
    print(f"yardstick: trivial primitive forward+backward {yardstick:.1f} us")
    STATE.recording = False
    for batch, width in [(1, 1), (1, 10), (128, 10)]:
        logits = RNG.normal(size=(batch, width)).astype(np.float32)
        binary = (RNG.random((batch, width)) > 0.5).astype(np.float32)
        ids = RNG.integers(0, width, batch)
        one_hot = np.eye(width, dtype=np.float32)[ids]
        print(f"\nbatch ({batch}, {width})          forward us   forward+backward us")
        cases = [("MeanSquaredError", losses.MeanSquaredError(), binary, None),
                 ("BinaryCrossentropy(sigmoid)", losses.BinaryCrossentropy(), binary, nn_ops.sigmoid),
                 ("MSE with sample_weight", _weighted(losses.MeanSquaredError(), batch), binary, None)]
        if width > 1:
            cases += [("CategoricalCrossentropy(softmax)", losses.CategoricalCrossentropy(), one_hot,
                       nn_ops.softmax),
                      ("SparseCategoricalCE(softmax)", losses.SparseCategoricalCrossentropy(), ids,
                       nn_ops.softmax)]
        for name, loss, y_true, activation in cases:
            forward, both = loss_step(loss, y_true, logits, activation)
            print(f"  {name:32s} {forward:8.1f} {both:14.1f}")
        y_pred = Tensor(nn_ops.softmax.fn(logits) if width > 1 else nn_ops.sigmoid.fn(logits))
        print("  metric update_state                us")
        updates = [("Mean (loss tracker, scalar)", metrics.Mean(), lambda m: m.update_state(0.5)),
                   ("BinaryAccuracy", metrics.BinaryAccuracy(), lambda m: m.update_state(binary, y_pred)),
                   ("SparseCategoricalAccuracy", metrics.SparseCategoricalAccuracy(),
                    lambda m: m.update_state(ids, y_pred)),
                   ("CategoricalAccuracy", metrics.CategoricalAccuracy(),
                    lambda m: m.update_state(one_hot, y_pred)),
                   ("MeanAbsoluteError", metrics.MeanAbsoluteError(),
                    lambda m: m.update_state(binary, y_pred)),
                   ("AUC", metrics.AUC(), lambda m: m.update_state(binary, y_pred))]
        for name, metric, update in updates:
            print(f"  {name:32s} {best_us(lambda: update(metric)):8.1f}")


def _weighted(loss, batch):
    weights = np.linspace(0.5, 1.5, batch).astype(np.float32)
    return lambda y_true, y_pred: loss(y_true, y_pred, sample_weight=weights)


if __name__ == "__main__":
    main()
