"""Strided inputs train as fast as contiguous ones.

The siamese idiom `model.fit([pairs[:, 0], pairs[:, 1]], y)` passes non-contiguous
views. Gathering a shuffled batch with `ndarray.take` copied the whole strided
array first (tens of milliseconds a step on MNIST-sized pairs); `fit` now gathers
only the batch's rows. This times one epoch of shuffled steps both ways, and the
batch gather alone.

Run from the repository root: python -m benchmarks.strided_input
"""
import time
import timeit

import numpy as np

import numkeras
from numkeras import layers
from numkeras.models.data import _take


def make_pairs(n=20_000, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 2, 28, 28), dtype=np.float32), (rng.random(n) > 0.5).astype(np.float32)


def siamese_model():
    numkeras.utils.set_random_seed(0)
    a, b = numkeras.Input((28, 28)), numkeras.Input((28, 28))
    embed = numkeras.Sequential([layers.Flatten(), layers.Dense(32, activation="relu")])
    distance = layers.Subtract()([embed(a), embed(b)])
    model = numkeras.Model([a, b], layers.Dense(1, activation="sigmoid")(distance))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def ms_per_step(inputs, y, batch_size=32, epochs=2):
    model = siamese_model()
    model.fit(inputs, y, batch_size=batch_size, epochs=1, steps_per_epoch=5, verbose=0)  # warm up
    start = time.perf_counter()
    model.fit(inputs, y, batch_size=batch_size, epochs=epochs, verbose=0)
    steps = epochs * -(-len(y) // batch_size)
    return (time.perf_counter() - start) / steps * 1e3


def gather_us(array, batch_size=32):
    index = np.random.default_rng(1).permutation(len(array))[:batch_size]
    return min(timeit.repeat(lambda: _take(array, index), number=200, repeat=5)) / 200 * 1e6


def main():
    pairs, y = make_pairs()
    strided = [pairs[:, 0], pairs[:, 1]]
    contiguous = [np.ascontiguousarray(a) for a in strided]
    print(f"{'input':<12}{'gather (us)':>14}{'fit step (ms)':>16}")
    for name, inputs in (("strided", strided), ("contiguous", contiguous)):
        print(f"{name:<12}{gather_us(inputs[0]):>14.1f}{ms_per_step(inputs, y):>16.3f}")
    whole_copy = min(timeit.repeat(lambda: strided[0].take(np.arange(32), axis=0), number=5, repeat=3)) / 5
    print(f"(the old gather, ndarray.take on the strided view: {whole_copy * 1e3:.1f} ms per batch)")


if __name__ == "__main__":
    main()
