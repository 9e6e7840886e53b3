"""MultiHeadAttention training step: numkeras vs PyTorch (nn.MultiheadAttention) vs Keras 3 on JAX.

One self-attention layer (4 heads of 16, model width 64) on a batch of 32 sequences of 128
steps, mean-squared error, plain SGD: forward, backward and update, timed as whole steps.
The three run in one process, alternating, and the median of each is reported.

Run from the repository root: python -m benchmarks.attention [--steps N] [--rounds R]
"""
import argparse
import os
import statistics
import time

import numpy as np

BATCH, SEQ, DIM, HEADS = 32, 128, 64, 4


def numkeras_step(x, y):
    import numkeras as keras

    inputs = keras.Input((SEQ, DIM))
    model = keras.Model(inputs, keras.layers.MultiHeadAttention(HEADS, DIM // HEADS)(inputs, inputs))
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    return lambda: model.train_on_batch(x, y)


def torch_step(x, y):
    import torch

    layer = torch.nn.MultiheadAttention(DIM, HEADS, batch_first=True)
    optimizer = torch.optim.SGD(layer.parameters(), lr=0.01)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)

    def step():
        optimizer.zero_grad()
        out, _ = layer(xt, xt, xt, need_weights=False)
        loss = torch.nn.functional.mse_loss(out, yt)
        loss.backward()
        optimizer.step()
        return float(loss)

    return step


def keras_step(x, y):
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    inputs = keras.Input((SEQ, DIM))
    model = keras.Model(inputs, keras.layers.MultiHeadAttention(HEADS, DIM // HEADS)(inputs, inputs))
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    return lambda: float(model.train_on_batch(x, y))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, SEQ, DIM)).astype("float32")
    y = rng.standard_normal((BATCH, SEQ, DIM)).astype("float32")
    steps = {}
    for name, make in (("numkeras", numkeras_step), ("PyTorch", torch_step), ("Keras 3 (JAX)", keras_step)):
        try:
            steps[name] = make(x, y)
            steps[name]()  # warm-up (JAX compiles here)
        except ImportError as error:
            print(f"{name}: not installed ({error})")
    times = {name: [] for name in steps}
    for _ in range(args.rounds):
        for name, step in steps.items():
            started = time.perf_counter()
            for _ in range(args.steps):
                step()
            times[name].append((time.perf_counter() - started) / args.steps * 1000)
    print(f"MultiHeadAttention train step: batch {BATCH}, {SEQ} steps, width {DIM}, {HEADS} heads")
    for name, values in times.items():
        print(f"  {name:15s} {statistics.median(values):8.2f} ms/step (median of {args.rounds} rounds)")


if __name__ == "__main__":
    main()
