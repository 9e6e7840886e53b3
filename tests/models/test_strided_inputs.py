"""fit gathers only a batch's rows from a strided input (`pairs[:, 0]`), never the whole array."""
import tracemalloc

import numpy as np

import numkeras
from numkeras import layers
from numkeras.models.data import ArrayBatches


def test_gather_from_a_strided_view_allocates_only_the_batch():
    pairs = np.random.default_rng(0).random((4000, 2, 16, 16), dtype=np.float32)
    strided = pairs[:, 0]
    assert not strided.flags.c_contiguous
    batches = ArrayBatches(strided, np.zeros(4000, np.float32), batch_size=32)
    order = np.random.default_rng(1).permutation(4000)
    tracemalloc.start()
    xb, yb, _ = next(batches.batches(order))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    np.testing.assert_array_equal(xb, pairs[order[:32], 0])
    assert peak < 10 * xb.nbytes < strided.nbytes / 10  # the batch, not a copy of all 4000 rows


def test_strided_and_contiguous_inputs_train_identically():
    rng = np.random.default_rng(0)
    pairs = rng.normal(size=(96, 2, 3)).astype(np.float32)
    y = rng.random(96).astype(np.float32)

    def train(inputs):
        numkeras.utils.set_random_seed(4)
        a, b = numkeras.Input((3,)), numkeras.Input((3,))
        model = numkeras.Model([a, b], layers.Dense(1)(layers.Subtract()([a, b])))
        model.compile(optimizer="sgd", loss="mse")
        model.fit(inputs, y, batch_size=16, epochs=2, verbose=0)
        return model.get_weights()

    strided = train([pairs[:, 0], pairs[:, 1]])
    contiguous = train([np.ascontiguousarray(pairs[:, 0]), np.ascontiguousarray(pairs[:, 1])])
    for s, c in zip(strided, contiguous):
        np.testing.assert_array_equal(s, c)
