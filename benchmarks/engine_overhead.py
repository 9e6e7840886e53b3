"""Engine overhead: microseconds per primitive call and per backward pass.

Tiny arrays, so the figures are the engine's bookkeeping, not NumPy's
arithmetic. Compares a raw NumPy call with the same primitive when nothing is
recorded (inference), when its input needs a gradient (training), and through
the public `numkeras.ops` wrapper; then times forward and backward of a tiny
2-layer MLP graph (8 samples, 4 -> 16 -> 3, relu, softmax cross-entropy).

Run from the repository root: python -m benchmarks.engine_overhead
"""
import timeit

import numpy as np

from numkeras import ops
from numkeras.backend import GradientTape, Tensor, Variable, backward, math_ops, nn_ops


def per_call_us(fn, number=2_000, repeat=50):
    """Best-of-`repeat` microseconds per call.

    Many short samples and their minimum: on a busy machine, some samples run undisturbed.
    """
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def primitive_rows():
    a = np.ones((4, 4), np.float32)
    constant = Tensor(a)
    source = Tensor(a)
    source.requires_grad = True

    def recording(call):
        with GradientTape():  # one tape around the loop: each call records a node, then drops it
            return per_call_us(call)

    rows = []
    for name, numpy_call, prim in [("add", np.add, math_ops.add), ("multiply", np.multiply, math_ops.multiply),
                                   ("matmul", np.matmul, math_ops.matmul)]:
        public = getattr(ops, name)
        rows.append((name, per_call_us(lambda: numpy_call(a, a)),
                     per_call_us(lambda: prim(constant, constant)),
                     recording(lambda: prim(source, constant)),
                     per_call_us(lambda: public(constant, constant))))
    rows.append(("tensor + tensor", per_call_us(lambda: a + a), per_call_us(lambda: constant + constant),
                 recording(lambda: source + constant), None))
    return rows


def backward_per_node_us(length=50):
    """Backward through a chain of `length` adds: the engine's cost per node, the VJP being trivial."""
    x = Tensor(np.ones((4, 4), np.float32))
    x.requires_grad = True
    constant = Tensor(np.ones((4, 4), np.float32))
    with GradientTape():
        y = x
        for _ in range(length):
            y = math_ops.add(y, constant)
    return per_call_us(lambda: backward(y, [x]), number=100) / length


def mlp_rows():
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((8, 4)).astype(np.float32))
    labels = rng.integers(0, 3, 8)
    w1 = Variable(rng.standard_normal((4, 16)) * 0.5)
    b1 = Variable(np.zeros(16))
    w2 = Variable(rng.standard_normal((16, 3)) * 0.5)
    b2 = Variable(np.zeros(3))
    params = [w1, b1, w2, b2]

    def forward():
        hidden = nn_ops.relu(math_ops.linear(x, w1, b1))
        logits = math_ops.linear(hidden, w2, b2)
        return math_ops.mean(nn_ops.sparse_softmax_crossentropy(logits, labels))

    def forward_recorded():
        with GradientTape():
            return forward()

    loss = forward_recorded()
    return [("forward, not recording", per_call_us(forward, number=200)),
            ("forward, recording", per_call_us(forward_recorded, number=200)),
            ("backward only (5 nodes)", per_call_us(lambda: backward(loss, params), number=200)),
            ("forward + backward", per_call_us(lambda: backward(forward_recorded(), params), number=200))]


def main():
    rows = primitive_rows()
    print(f"numpy {np.__version__}; arrays of shape (4, 4) float32; microseconds per call (best of 50 samples)\n")
    print(f"{'op':<16}{'raw numpy':>11}{'not recording':>15}{'recording':>11}{'ops.<name>':>12}")
    for name, raw, plain, recording, public in rows:
        public = "-" if public is None else f"{public:.2f}"
        print(f"{name:<16}{raw:>11.2f}{plain:>15.2f}{recording:>11.2f}{public:>12}")
    print(f"\nbackward, per node of a chain of adds: {backward_per_node_us():.2f} us")
    print("\ntiny 2-layer MLP graph (linear, relu, linear, sparse softmax cross-entropy, mean)")
    for name, us in mlp_rows():
        print(f"  {name:<26}{us:>8.1f} us")


if __name__ == "__main__":
    main()
