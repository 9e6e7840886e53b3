"""numkeras.data.Dataset: tf.data's semantics for the commonly used methods."""
import threading
import time

import numpy as np
import pytest

from numkeras.data import (
    AUTOTUNE,
    INFINITE_CARDINALITY,
    UNKNOWN_CARDINALITY,
    Dataset,
    TensorSpec,
)


def values(ds):
    return [np.asarray(e).tolist() if not isinstance(e, (tuple, dict)) else e
            for e in ds.as_numpy_iterator()]


def test_from_tensor_slices_tuple_and_dict():
    x, y = np.arange(6).reshape(3, 2), np.array([7, 8, 9])
    pairs = list(Dataset.from_tensor_slices((x, y)).as_numpy_iterator())
    assert [p[0].tolist() for p in pairs] == [[0, 1], [2, 3], [4, 5]]
    assert [int(p[1]) for p in pairs] == [7, 8, 9]
    dicts = list(Dataset.from_tensor_slices({"a": x, "b": y}).as_numpy_iterator())
    assert dicts[2]["a"].tolist() == [4, 5] and int(dicts[2]["b"]) == 9


def test_from_tensor_slices_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same size along axis 0"):
        Dataset.from_tensor_slices((np.zeros(3), np.zeros(4)))


def test_from_tensors_is_one_element():
    ds = Dataset.from_tensors(np.arange(4))
    assert ds.cardinality() == 1 and values(ds) == [[0, 1, 2, 3]]


def test_range_batch_and_drop_remainder():
    assert values(Dataset.range(5).batch(2)) == [[0, 1], [2, 3], [4]]
    assert values(Dataset.range(5).batch(2, drop_remainder=True)) == [[0, 1], [2, 3]]
    assert values(Dataset.range(2, 8, 2)) == [2, 4, 6]
    assert Dataset.range(5).batch(2).cardinality() == 3
    assert Dataset.range(5).batch(2, drop_remainder=True).cardinality() == 2


def test_batch_after_map_stacks_and_unbatch_splits():
    ds = Dataset.range(5).map(lambda i: (i * np.ones(2), i)).batch(2)
    first = next(ds.as_numpy_iterator())
    assert first[0].shape == (2, 2) and first[1].tolist() == [0, 1]
    assert values(ds.unbatch().map(lambda a, b: b)) == [0, 1, 2, 3, 4]


def test_batch_of_ragged_elements_names_the_problem():
    ds = Dataset.from_generator(lambda: iter([np.zeros(2), np.zeros(3)])).batch(2)
    with pytest.raises(ValueError, match="different shapes"):
        list(ds.as_numpy_iterator())


def test_shuffle_is_a_permutation_reshuffled_each_pass():
    ds = Dataset.range(100).shuffle(100, seed=3)
    first, second = values(ds), values(ds)
    assert sorted(first) == list(range(100)) and sorted(second) == list(range(100))
    assert first != second and first != list(range(100))
    fixed = Dataset.range(100).shuffle(100, seed=3, reshuffle_each_iteration=False)
    assert values(fixed) == values(fixed)


def test_shuffle_with_seed_is_reproducible():
    a = values(Dataset.range(50).shuffle(10, seed=7).batch(4))
    b = values(Dataset.range(50).shuffle(10, seed=7).batch(4))
    assert a == b


def test_small_buffer_only_moves_elements_locally():
    # With a buffer of 5, element i cannot come out before position i - 4.
    order = values(Dataset.range(200).shuffle(5, seed=1))
    assert sorted(order) == list(range(200))
    assert all(position >= value - 4 for position, value in enumerate(order))


def test_shuffle_buffer_is_bounded_on_a_streamed_dataset():
    pulled = []

    def stream():
        for i in range(10_000):
            pulled.append(i)
            yield np.float32(i)

    iterator = Dataset.from_generator(stream).shuffle(16, seed=0).as_numpy_iterator()
    next(iterator)
    assert len(pulled) <= 17  # the buffer plus the refill, not the whole stream


def test_shuffled_batches_gather_rows_of_all_components_together():
    x = np.arange(40, dtype=np.float32).reshape(20, 2)
    y = np.arange(20)
    for xb, yb in Dataset.from_tensor_slices((x, y)).shuffle(7, seed=2).batch(6).as_numpy_iterator():
        np.testing.assert_array_equal(xb[:, 0], 2 * yb)


def test_map_passes_tuple_components_as_arguments_and_keeps_order_in_threads():
    ds = Dataset.from_tensor_slices((np.arange(50), np.arange(50) * 2))

    def slow_add(a, b):
        time.sleep(0.001 * (int(a) % 3))
        return a + b

    assert values(ds.map(slow_add, num_parallel_calls=AUTOTUNE)) == [3 * i for i in range(50)]
    assert values(ds.map(slow_add, num_parallel_calls=4)) == [3 * i for i in range(50)]


def test_filter_take_skip_repeat_concatenate():
    ds = Dataset.range(10)
    assert values(ds.filter(lambda v: v % 3 == 0)) == [0, 3, 6, 9]
    assert ds.filter(lambda v: v > 1).cardinality() == UNKNOWN_CARDINALITY
    assert values(ds.take(3)) == [0, 1, 2] and ds.take(3).cardinality() == 3
    assert values(ds.skip(8)) == [8, 9] and ds.skip(8).cardinality() == 2
    assert values(ds.take(2).repeat(3)) == [0, 1] * 3
    assert ds.repeat().cardinality() == INFINITE_CARDINALITY
    assert values(ds.repeat().take(12)) == list(range(10)) + [0, 1]
    assert values(ds.take(2).concatenate(ds.skip(8))) == [0, 1, 8, 9]
    assert values(ds.take(-1)) == list(range(10)) and values(ds.skip(-1)) == []


def test_take_skip_repeat_stay_on_the_gather_path_with_batches():
    x = np.arange(10)
    ds = Dataset.from_tensor_slices(x).skip(2).take(5).repeat(2).batch(4)
    assert values(ds) == [[2, 3, 4, 5], [6, 2, 3, 4], [5, 6]]


def test_zip_and_enumerate():
    zipped = Dataset.zip((Dataset.range(3), Dataset.range(10, 20)))
    assert [(int(a), int(b)) for a, b in zipped.as_numpy_iterator()] == [(0, 10), (1, 11), (2, 12)]
    assert zipped.cardinality() == 3
    named = list(Dataset.zip({"a": Dataset.range(2), "b": Dataset.range(5)}).as_numpy_iterator())
    assert [int(e["b"]) for e in named] == [0, 1]
    assert [(int(i), int(v)) for i, v in Dataset.range(3, 6).enumerate(1).as_numpy_iterator()] == [
        (1, 3), (2, 4), (3, 5)]


def test_cache_replays_the_first_complete_pass():
    calls = []
    ds = Dataset.range(4).map(lambda v: calls.append(int(v)) or v).cache()
    assert values(ds) == [0, 1, 2, 3] and values(ds) == [0, 1, 2, 3]
    assert calls == [0, 1, 2, 3]


def test_from_generator_runs_anew_each_pass_and_casts_to_the_signature():
    ds = Dataset.from_generator(lambda: ((np.ones(2) * i, i) for i in range(3)),
                                output_signature=(TensorSpec((2,), "float32"), TensorSpec((), "int32")))
    first = list(ds.as_numpy_iterator())
    assert len(first) == 3 and len(list(ds.as_numpy_iterator())) == 3
    assert first[0][0].dtype == np.float32 and first[0][1].dtype == np.int32
    assert ds.cardinality() == UNKNOWN_CARDINALITY
    assert ds.element_spec[0] == TensorSpec((2,), "float32")


def test_element_spec_of_batched_slices():
    ds = Dataset.from_tensor_slices((np.zeros((10, 3), np.float32), np.zeros(10, np.int64))).batch(4)
    assert ds.element_spec == (TensorSpec((None, 3), "float32"), TensorSpec((None,), "int64"))
    dropped = Dataset.from_tensor_slices(np.zeros((10, 3))).batch(4, drop_remainder=True)
    assert dropped.element_spec.shape == (4, 3)


def test_iteration_gives_arrays_that_answer_numpy_and_len():
    ds = Dataset.from_tensor_slices(np.arange(6.0)).batch(4)
    batch = next(iter(ds))
    assert batch.numpy().tolist() == [0.0, 1.0, 2.0, 3.0] and type(batch.numpy()) is np.ndarray
    assert len(ds) == 2 and ds.cardinality().numpy() == 2
    with pytest.raises(TypeError, match="infinite"):
        len(ds.repeat())
    with pytest.raises(TypeError, match="unknown"):
        len(ds.filter(lambda b: True))


def test_prefetch_fills_its_buffer_in_the_background():
    produced = []
    ds = Dataset.from_generator(lambda: (produced.append(i) or np.float32(i) for i in range(20)))
    iterator = ds.prefetch(3).as_numpy_iterator()
    assert float(next(iterator)) == 0.0
    deadline = time.time() + 5
    while len(produced) < 5 and time.time() < deadline:  # 1 taken, 3 queued, 1 waiting to be put
        time.sleep(0.01)
    assert len(produced) >= 4  # the worker ran ahead while this thread did nothing
    assert [float(v) for v in iterator] == [float(i) for i in range(1, 20)]


def test_prefetch_overlaps_input_with_compute():
    def slow_input(v):
        time.sleep(0.03)
        return v

    def consume(ds):
        start = time.perf_counter()
        for _ in ds.as_numpy_iterator():
            time.sleep(0.03)  # the "training step"
        return time.perf_counter() - start

    base = Dataset.range(12).map(slow_input)
    serial, overlapped = consume(base), consume(base.prefetch(AUTOTUNE))
    assert serial > 0.7 and overlapped < 0.8 * serial


def test_prefetch_passes_errors_and_stops_its_thread_when_abandoned():
    def failing():
        yield np.float32(1)
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError, match="disk gone"):
        list(Dataset.from_generator(failing).prefetch(2).as_numpy_iterator())
    before = threading.active_count()
    iterator = Dataset.range(10_000).prefetch(2).as_numpy_iterator()
    next(iterator)
    iterator.close()
    deadline = time.time() + 5
    while threading.active_count() > before and time.time() < deadline:
        time.sleep(0.01)
    assert threading.active_count() == before


def test_bad_arguments_raise_before_iterating():
    with pytest.raises(ValueError, match="batch_size"):
        Dataset.range(3).batch(0)
    with pytest.raises(ValueError, match="buffer_size"):
        Dataset.range(3).shuffle(0)
    with pytest.raises(TypeError, match="callable"):
        Dataset.range(3).map(5)
    with pytest.raises(TypeError, match="Dataset"):
        Dataset.range(3).concatenate([1, 2])
