"""tf.data-style input pipelines: what `prefetch` and `map(num_parallel_calls)` buy in `fit`.

An MNIST-sized MLP trains on batches that a `map` augments (noise and a random shift, NumPy
work that releases the GIL). Without prefetch, input and training alternate; with
`prefetch(AUTOTUNE)` a background thread prepares the next batches during the step. Also times
the bare pipelines (no model) to show the gather path of `from_tensor_slices().shuffle().batch()`.

Run from the repository root: python -m benchmarks.data_pipeline
"""
import time

import numpy as np

import numkeras
from numkeras import layers
from numkeras.data import AUTOTUNE, Dataset

N, FEATURES, BATCH = 12_000, 784, 128


def augment(x, y):
    rng = np.random.default_rng(int(y[0]))
    noisy = x + rng.normal(0.0, 0.05, x.shape).astype(np.float32)
    return np.roll(noisy, int(rng.integers(-2, 3)), axis=1), y


def pipeline(x, y, prefetch, parallel):
    ds = Dataset.from_tensor_slices((x, y)).shuffle(N, seed=0).batch(BATCH)
    ds = ds.map(augment, num_parallel_calls=AUTOTUNE if parallel else None)
    return ds.prefetch(AUTOTUNE) if prefetch else ds


def model():
    numkeras.utils.set_random_seed(0)
    m = numkeras.Sequential([numkeras.Input((FEATURES,)), layers.Dense(256, activation="relu"),
                             layers.Dense(10)])
    m.compile(optimizer="adam", loss=numkeras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return m


def epoch_seconds(ds, repeats=3):
    m = model()
    m.fit(ds.take(3), epochs=1, verbose=0)  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        m.fit(ds, epochs=1, verbose=0)
        times.append(time.perf_counter() - start)
    return min(times)


def pass_seconds(ds, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in ds.as_numpy_iterator():
            pass
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    rng = np.random.default_rng(0)
    x = rng.random((N, FEATURES), dtype=np.float32)
    y = rng.integers(0, 10, N).astype(np.int64)
    bare = Dataset.from_tensor_slices((x, y)).shuffle(N, seed=0).batch(BATCH)
    print(f"one pass, shuffle+batch only: {pass_seconds(bare) * 1e3:.1f} ms for {N} samples")
    print(f"{'pipeline':<34}{'epoch (s)':>10}")
    for name, prefetch, parallel in (("map", False, False), ("map + prefetch", True, False),
                                     ("map(AUTOTUNE) + prefetch", True, True)):
        print(f"{name:<34}{epoch_seconds(pipeline(x, y, prefetch, parallel)):>10.3f}")


if __name__ == "__main__":
    main()
