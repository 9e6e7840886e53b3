"""The random-number tree: seeding, SeedGenerator streams and the sampling functions."""
import random as python_random

import numpy as np
import pytest

from numkeras.backend import config, random


# --- set_random_seed / draw_seed ---------------------------------------------------
@pytest.mark.parametrize("bad", ["1", 1.5, True, None, [1]])
def test_set_random_seed_rejects_non_int(bad):
    with pytest.raises(TypeError, match="`seed` must be an int"):
        random.set_random_seed(bad)


@pytest.mark.parametrize("bad", [-1, 2**32])
def test_set_random_seed_rejects_out_of_range(bad):
    with pytest.raises(ValueError, match="seed"):
        random.set_random_seed(bad)


def test_set_random_seed_accepts_numpy_int():
    random.set_random_seed(np.int64(5))
    assert random.get_random_seed() == 5


def test_set_random_seed_seeds_python_numpy_and_numkeras():
    random.set_random_seed(123)
    first = (python_random.random(), np.random.rand(), random.draw_seed())
    random.set_random_seed(123)
    assert (python_random.random(), np.random.rand(), random.draw_seed()) == first
    assert random.get_random_seed() == 123


def test_draw_seed_sequence_is_deterministic_and_varied():
    random.set_random_seed(9)
    seeds = [random.draw_seed() for _ in range(50)]
    random.set_random_seed(9)
    assert [random.draw_seed() for _ in range(50)] == seeds
    assert len(set(seeds)) == 50
    assert all(isinstance(s, int) and 1 <= s < 2**31 - 1 for s in seeds)
    random.set_random_seed(10)
    assert [random.draw_seed() for _ in range(50)] != seeds


# --- SeedGenerator -------------------------------------------------------------------
def test_seed_generator_next_gives_new_generators_in_a_fixed_order():
    gen_a, gen_b = random.SeedGenerator(42), random.SeedGenerator(42)
    draws_a = [gen_a.next().random(4) for _ in range(3)]
    draws_b = [gen_b.next().random(4) for _ in range(3)]
    assert isinstance(gen_a.next(), np.random.Generator)
    for a, b in zip(draws_a, draws_b):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(draws_a[0], draws_a[1])
    assert not np.array_equal(random.SeedGenerator(43).next().random(4), draws_a[0])


def test_seed_generator_streams_do_not_depend_on_earlier_draw_sizes():
    # A smaller last batch must not shift the dropout masks of later steps.
    gen_a, gen_b = random.SeedGenerator(1), random.SeedGenerator(1)
    gen_a.next().random(5)
    gen_b.next().random(500)
    np.testing.assert_array_equal(gen_a.next().random(3), gen_b.next().random(3))


def test_seed_generator_state_round_trip():
    gen = random.SeedGenerator(3)
    gen.next(), gen.next_seed()
    assert gen.state.tolist() == [3, 2]
    expected = gen.next().random(3)
    restored = random.SeedGenerator(0)
    restored.set_state([3, 2])
    np.testing.assert_array_equal(restored.next().random(3), expected)


def test_unseeded_seed_generator_follows_set_random_seed():
    random.set_random_seed(5)
    first = random.SeedGenerator().next().random(3)
    random.set_random_seed(5)
    np.testing.assert_array_equal(random.SeedGenerator().next().random(3), first)


def test_seed_generator_config_and_validation():
    gen = random.SeedGenerator.from_config(random.SeedGenerator(8).get_config())
    assert gen.seed == 8
    assert random.SeedGenerator(None).get_config() == {"seed": None}
    with pytest.raises(TypeError):
        random.SeedGenerator("8")
    with pytest.raises(ValueError):
        random.SeedGenerator(-3)


# --- make_generator --------------------------------------------------------------------
def test_make_generator_resolves_each_kind_of_seed():
    np.testing.assert_array_equal(random.make_generator(7).random(3), random.make_generator(7).random(3))
    rng = np.random.default_rng(0)
    assert random.make_generator(rng) is rng
    random.set_random_seed(2)
    unseeded = random.make_generator().random(3)
    random.set_random_seed(2)
    np.testing.assert_array_equal(random.make_generator(None).random(3), unseeded)
    gen = random.SeedGenerator(4)
    assert not np.array_equal(random.make_generator(gen).random(3), random.make_generator(gen).random(3))
    with pytest.raises(TypeError, match="SeedGenerator"):
        random.make_generator(1.0)


# --- sampling functions ------------------------------------------------------------------
@pytest.mark.parametrize("fn", [random.normal, random.uniform, random.truncated_normal])
def test_samplers_dtype_and_bitwise_reproducibility(fn):
    a = fn((3, 4), seed=11)
    assert a.shape == (3, 4) and a.dtype == np.float32
    np.testing.assert_array_equal(a, fn((3, 4), seed=11))
    assert not np.array_equal(a, fn((3, 4), seed=12))
    assert fn((2,), dtype="float64", seed=0).dtype == np.float64
    assert fn((2,), dtype="float16", seed=0).dtype == np.float16
    assert fn(5, seed=0).shape == (5,)
    with pytest.raises(ValueError, match="float dtype"):
        fn((2,), dtype="int32", seed=0)


def test_samplers_follow_floatx():
    config.set_floatx("float64")
    try:
        assert random.normal((2,), seed=0).dtype == np.float64
    finally:
        config.set_floatx("float32")


def test_normal_moments():
    x = random.normal((1_000_000,), mean=3.0, stddev=2.0, seed=0).astype(np.float64)
    assert abs(x.mean() - 3.0) < 5 * 2.0 / 1000  # five standard errors
    assert abs(x.std() / 2.0 - 1) < 0.005


def test_uniform_bounds_and_moments():
    x = random.uniform((1_000_000,), minval=-3.0, maxval=1.0, seed=0).astype(np.float64)
    assert x.min() >= -3.0 and x.max() <= 1.0
    assert x.min() < -2.999 and x.max() > 0.999  # the whole range is used
    assert abs(x.mean() - (-1.0)) < 0.01
    assert abs(x.std() / (4.0 / np.sqrt(12)) - 1) < 0.005


def test_truncated_normal_redraws_instead_of_clipping():
    x = random.truncated_normal((1_000_000,), mean=1.0, stddev=0.5, seed=0).astype(np.float64)
    z = (x - 1.0) / 0.5
    assert np.abs(z).max() <= 2.0 + 1e-6
    assert abs(z.mean()) < 0.005
    # std of a unit normal truncated to [-2, 2]: the constant the initializers divide by.
    assert abs(z.std() / 0.87962566103423978 - 1) < 0.004
    # Clipping would pile about 4.6% of the values at +-2; redrawing leaves ~0.1% near the edge.
    assert np.mean(np.abs(z) > 1.99) < 0.003


def test_randint_and_permutation():
    ints = random.randint((1000,), 2, 5, seed=0)
    assert ints.dtype == np.int32 and set(ints.tolist()) == {2, 3, 4}
    perm = random.permutation(100, seed=3)
    assert sorted(perm.tolist()) == list(range(100))
    np.testing.assert_array_equal(perm, random.permutation(100, seed=3))
    assert not np.array_equal(perm, np.arange(100))


# --- dropout masks ---------------------------------------------------------------------------
def test_dropout_mask_values_and_keep_rate():
    mask = random.dropout_mask((1000, 100), rate=0.3, seed=0)
    assert mask.dtype == np.float32
    assert set(np.unique(mask).tolist()) == {0.0, np.float32(1 / 0.7)}
    assert abs(np.mean(mask > 0) - 0.7) < 0.005
    assert abs(mask.astype(np.float64).mean() - 1.0) < 0.01  # expected value kept


def test_dropout_mask_rate_zero_and_bad_rates():
    np.testing.assert_array_equal(random.dropout_mask((3, 3), 0.0, seed=0), np.ones((3, 3)))
    for bad in (1.0, -0.1, 1.5):
        with pytest.raises(ValueError, match="rate"):
            random.dropout_mask((3,), bad, seed=0)


def test_dropout_mask_with_a_seed_generator_changes_each_step_reproducibly():
    def masks(seed):
        gen = random.SeedGenerator(seed)
        return [random.dropout_mask((50,), 0.5, seed=gen) for _ in range(3)]

    first, again = masks(6), masks(6)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], first[1])
