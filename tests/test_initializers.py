"""Initializers: formulas (checked statistically on large shapes), fans, seeding,
configs and name lookup. Random values cannot match Keras's RNG, so the
distributions are tested instead; the configs are compared with Keras's own."""
import json
import math

import numpy as np
import pytest

from numkeras import initializers
from numkeras.backend import config, random
from numkeras.backend.tensor import Variable
from numkeras.initializers import compute_fans

TRUNC = 0.87962566103423978  # std of a unit normal truncated to [-2, 2]
SHAPE = (400, 600)  # 240,000 samples: relative error of a sample std is ~0.2%


def stats(x):
    x = np.asarray(x, dtype=np.float64)
    return x.mean(), x.std(), np.abs(x).max()


# --- fans --------------------------------------------------------------------------------------
# Computed with Keras 3.15.1 (tools/init_reg_goldens.py, FANS).
KERAS_FANS = {(): (1, 1), (7,): (7, 7), (5, 3): (5, 3), (3, 4, 5): (12, 15),
              (3, 3, 16, 32): (144, 288), (2, 2, 2, 4, 8): (32, 64), (0, 3): (0, 3)}


@pytest.mark.parametrize("shape, fans", KERAS_FANS.items())
def test_compute_fans_matches_keras(shape, fans):
    assert compute_fans(shape) == fans
    assert all(type(f) is int for f in compute_fans(shape))


def test_compute_fans_with_explicit_axes():
    assert compute_fans((2, 3, 4, 5), input_axes=[0, 2], output_axes=[3]) == (8, 5)


# --- formulas, checked statistically ------------------------------------------------------------
UNIFORM_CASES = [  # initializer, shape, expected limit L of U[-L, L]
    (initializers.GlorotUniform(seed=1), SHAPE, math.sqrt(6 / 1000)),
    (initializers.GlorotUniform(seed=1), (3, 3, 64, 32), math.sqrt(6 / (576 + 288))),
    (initializers.HeUniform(seed=1), SHAPE, math.sqrt(6 / 400)),
    (initializers.LecunUniform(seed=1), SHAPE, math.sqrt(3 / 400)),
    (initializers.VarianceScaling(2.5, "fan_out", "uniform", seed=1), SHAPE, math.sqrt(3 * 2.5 / 600)),
    (initializers.RandomUniform(-0.3, 0.3, seed=1), SHAPE, 0.3),
]


@pytest.mark.parametrize("init, shape, limit", UNIFORM_CASES)
def test_uniform_initializers_limit_and_spread(init, shape, limit):
    mean, std, largest = stats(init(shape))
    n = np.prod(shape)
    assert largest <= limit * (1 + 1e-6) and largest > 0.999 * limit
    assert abs(std / (limit / math.sqrt(3)) - 1) < 0.01
    assert abs(mean) < 5 * limit / math.sqrt(3 * n)


NORMAL_CASES = [  # initializer, shape, target std of the draws, truncation bound (or None)
    (initializers.GlorotNormal(seed=2), SHAPE, math.sqrt(2 / 1000), True),
    (initializers.GlorotNormal(seed=2), (5, 5, 32, 64), math.sqrt(2 / (800 + 1600)), True),
    (initializers.HeNormal(seed=2), SHAPE, math.sqrt(2 / 400), True),
    (initializers.LecunNormal(seed=2), SHAPE, math.sqrt(1 / 400), True),
    (initializers.VarianceScaling(seed=2), SHAPE, math.sqrt(1 / 400), True),
    (initializers.VarianceScaling(0.5, "fan_avg", "normal", seed=2), SHAPE, math.sqrt(0.5 / 500), True),
    (initializers.VarianceScaling(3.0, "fan_out", "untruncated_normal", seed=2), SHAPE,
     math.sqrt(3 / 600), False),
    (initializers.TruncatedNormal(stddev=0.2, seed=2), SHAPE, 0.2 * TRUNC, True),
    (initializers.RandomNormal(stddev=0.2, seed=2), SHAPE, 0.2, False),
]


@pytest.mark.parametrize("init, shape, std_target, truncated", NORMAL_CASES)
def test_normal_initializers_spread_and_truncation(init, shape, std_target, truncated):
    mean, std, largest = stats(init(shape))
    assert abs(std / std_target - 1) < 0.01
    assert abs(mean) < 5 * std_target / math.sqrt(np.prod(shape))
    if truncated:  # the pre-truncation stddev is std_target / 0.8796...; nothing beyond 2 of it
        bound = 2 * std_target / TRUNC
        assert largest <= bound * (1 + 1e-6) and largest > 0.99 * bound
    else:
        assert largest > 4 * std_target  # an untruncated normal of 240k draws reaches ~4.5 sigma


def test_random_normal_and_uniform_honour_mean_and_bounds():
    mean, _, _ = stats(initializers.RandomNormal(mean=5.0, stddev=0.1, seed=0)(SHAPE))
    assert abs(mean - 5.0) < 0.001
    x = initializers.RandomUniform(2.0, 3.0, seed=0)(SHAPE)
    assert x.min() >= 2.0 and x.max() <= 3.0
    x = initializers.TruncatedNormal(mean=-1.0, stddev=0.1, seed=0)(SHAPE)
    assert x.min() >= -1.2 - 1e-6 and x.max() <= -0.8 + 1e-6


def test_variance_scaling_small_shapes():
    # Scalars use fans of 1; a zero-size shape must not divide by zero (fans floored at 1).
    scalar = initializers.VarianceScaling(3.0, distribution="uniform", seed=0)(())
    assert scalar.shape == () and abs(float(scalar)) <= 3.0
    assert initializers.VarianceScaling(seed=0)((0, 3)).shape == (0, 3)


def test_variance_scaling_validation():
    with pytest.raises(ValueError, match="scale"):
        initializers.VarianceScaling(scale=0.0)
    with pytest.raises(ValueError, match="mode"):
        initializers.VarianceScaling(mode="fan_sum")
    with pytest.raises(ValueError, match="distribution"):
        initializers.VarianceScaling(distribution="gamma")
    assert initializers.VarianceScaling(distribution="Normal").distribution == "truncated_normal"


# --- constant initializers ------------------------------------------------------------------------
def test_zeros_ones_constant():
    assert initializers.Zeros()((2, 3)).tolist() == [[0.0] * 3] * 2
    assert initializers.Ones()((2,), dtype="int32").dtype == np.int32
    assert initializers.Constant(2.5)((2, 2)).tolist() == [[2.5, 2.5], [2.5, 2.5]]
    matrix = np.arange(6.0).reshape(2, 3)  # e.g. a pretrained embedding matrix
    np.testing.assert_array_equal(initializers.Constant(matrix)((2, 3)), matrix)
    assert initializers.Constant([1.0, 2.0])((3, 2)).tolist() == [[1.0, 2.0]] * 3
    with pytest.raises(ValueError, match="cannot fill"):
        initializers.Constant(matrix)((3, 3))


def test_identity():
    assert initializers.Identity()((2, 2)).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert initializers.Identity(gain=3.0)((2, 3)).tolist() == [[3.0, 0, 0], [0, 3.0, 0]]
    for shape in [(3,), (2, 2, 2)]:
        with pytest.raises(ValueError, match="2-D"):
            initializers.Identity()(shape)


# --- orthogonal ---------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(6, 6), (10, 4), (4, 10), (3, 3, 4, 8)])
def test_orthogonal_is_orthonormal(shape):
    q = initializers.Orthogonal(gain=2.0, seed=0)(shape)
    assert q.shape == shape and q.dtype == np.float32
    q = q.reshape(-1, shape[-1]).astype(np.float64)
    rows, cols = q.shape
    gram = q.T @ q if rows >= cols else q @ q.T
    np.testing.assert_allclose(gram, 4.0 * np.eye(min(rows, cols)), atol=1e-5)


def test_orthogonal_sign_correction_makes_it_unbiased():
    # Without the diag(R) sign fix, LAPACK's QR makes q[0, 0] negative every time.
    corners = [initializers.Orthogonal(seed=s)((3, 3))[0, 0] for s in range(400)]
    assert 0.35 < np.mean(np.array(corners) > 0) < 0.65
    assert abs(np.mean(corners)) < 0.1


def test_orthogonal_needs_rank_two():
    with pytest.raises(ValueError, match="rank >= 2"):
        initializers.Orthogonal(seed=0)((5,))


# --- dtypes --------------------------------------------------------------------------------------
ALL_INSTANCES = [
    initializers.Zeros(), initializers.Ones(), initializers.Constant(0.5), initializers.Identity(),
    initializers.RandomNormal(seed=1), initializers.RandomUniform(seed=1),
    initializers.TruncatedNormal(seed=1), initializers.VarianceScaling(seed=1),
    initializers.GlorotUniform(seed=1), initializers.GlorotNormal(seed=1),
    initializers.HeNormal(seed=1), initializers.HeUniform(seed=1),
    initializers.LecunNormal(seed=1), initializers.LecunUniform(seed=1),
    initializers.Orthogonal(seed=1),
]


@pytest.mark.parametrize("init", ALL_INSTANCES, ids=lambda i: type(i).__name__)
def test_dtype_defaults_to_floatx(init):
    assert init((4, 4)).dtype == np.float32
    assert init((4, 4), dtype="float64").dtype == np.float64
    config.set_floatx("float64")
    try:
        assert init((4, 4)).dtype == np.float64
    finally:
        config.set_floatx("float32")


def test_initializer_fills_a_variable():
    var = Variable(initializers.GlorotUniform(seed=3), shape=(4, 5), name="kernel")
    np.testing.assert_array_equal(var.numpy(), initializers.GlorotUniform(seed=3)((4, 5)))


# --- seeding -------------------------------------------------------------------------------------
RANDOM_CLASSES = [initializers.RandomNormal, initializers.RandomUniform, initializers.TruncatedNormal,
                  initializers.VarianceScaling, initializers.GlorotUniform, initializers.GlorotNormal,
                  initializers.HeNormal, initializers.HeUniform, initializers.LecunNormal,
                  initializers.LecunUniform, initializers.Orthogonal]


@pytest.mark.parametrize("cls", RANDOM_CLASSES, ids=lambda c: c.__name__)
def test_seeding_semantics(cls):
    shape = (8, 6)
    # Same seed, same values, bit for bit; another seed, other values.
    np.testing.assert_array_equal(cls(seed=5)(shape), cls(seed=5)(shape))
    assert not np.array_equal(cls(seed=5)(shape), cls(seed=6)(shape))
    # An unseeded instance picks its seed once: calling it twice repeats its values.
    init = cls()
    np.testing.assert_array_equal(init(shape), init(shape))
    # ...and set_random_seed makes that pick reproducible, while instances still differ.
    random.set_random_seed(77)
    a, b = cls()(shape), cls()(shape)
    random.set_random_seed(77)
    np.testing.assert_array_equal(cls()(shape), a)
    assert not np.array_equal(a, b)


def test_seed_generator_seed_gives_new_values_per_call():
    init = initializers.RandomNormal(seed=random.SeedGenerator(3))
    first, second = init((5,)), init((5,))
    assert not np.array_equal(first, second)
    again = initializers.RandomNormal(seed=random.SeedGenerator(3))
    np.testing.assert_array_equal(again((5,)), first)


def test_bad_seed_type():
    with pytest.raises(TypeError, match="seed"):
        initializers.GlorotUniform(seed="1")


# --- configs ---------------------------------------------------------------------------------------
CONFIG_CASES = [
    initializers.Zeros(), initializers.Ones(), initializers.Constant(3.0),
    initializers.Constant(np.arange(4.0).reshape(2, 2)), initializers.Identity(gain=2.0),
    initializers.RandomNormal(1.0, 0.5, seed=4), initializers.RandomUniform(-1.0, 2.0, seed=4),
    initializers.TruncatedNormal(0.5, 0.1, seed=4),
    initializers.VarianceScaling(2.0, "fan_avg", "uniform", seed=4, input_axes=[0], output_axes=[1]),
    initializers.GlorotUniform(seed=4), initializers.GlorotNormal(seed=4), initializers.HeNormal(seed=4),
    initializers.HeUniform(seed=4), initializers.LecunNormal(seed=4), initializers.LecunUniform(seed=4),
    initializers.Orthogonal(gain=1.5, seed=4),
    initializers.RandomNormal(seed=random.SeedGenerator(9)),
]


@pytest.mark.parametrize("init", CONFIG_CASES, ids=lambda i: type(i).__name__)
def test_config_round_trip_through_json(init):
    data = json.loads(json.dumps(initializers.serialize(init)))
    assert data["module"] == "keras.initializers" and data["registered_name"] is None
    assert data["class_name"] == type(init).__name__
    clone = initializers.deserialize(data)
    assert type(clone) is type(init)
    assert json.dumps(clone.get_config()) == json.dumps(init.get_config())
    assert type(init).from_config(init.get_config()).get_config() == init.get_config()
    if not isinstance(init.seed if hasattr(init, "seed") else None, random.SeedGenerator):
        np.testing.assert_array_equal(clone((2, 2)), init((2, 2)))


# serialize_keras_object(...) of these objects in Keras 3.15.1 (tools/init_reg_goldens.py, CONFIGS).
KERAS_CONFIGS = [
    (initializers.GlorotUniform(), {"module": "keras.initializers", "class_name": "GlorotUniform",
     "config": {"seed": None, "input_axes": None, "output_axes": None}, "registered_name": None}),
    (initializers.VarianceScaling(), {"module": "keras.initializers", "class_name": "VarianceScaling",
     "config": {"seed": None, "scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal",
                "input_axes": None, "output_axes": None}, "registered_name": None}),
    (initializers.RandomNormal(), {"module": "keras.initializers", "class_name": "RandomNormal",
     "config": {"seed": None, "mean": 0.0, "stddev": 0.05}, "registered_name": None}),
    (initializers.Orthogonal(), {"module": "keras.initializers", "class_name": "Orthogonal",
     "config": {"seed": None, "gain": 1.0}, "registered_name": None}),
    (initializers.Constant(3.0), {"module": "keras.initializers", "class_name": "Constant",
     "config": {"value": 3.0}, "registered_name": None}),
]


@pytest.mark.parametrize("init, keras_config", KERAS_CONFIGS, ids=lambda x: getattr(x, "__name__", ""))
def test_serialize_matches_keras_and_reads_keras_configs(init, keras_config):
    # Same keys in the same order, so a saved config.json reads like Keras's.
    assert json.dumps(initializers.serialize(init)) == json.dumps(keras_config)
    assert type(initializers.deserialize(keras_config)) is type(init)


def test_reads_keras_identity_config_without_gain():
    # Keras 3.15 writes Identity's config as {} (it drops gain); we keep gain and read both.
    ident = initializers.deserialize({"module": "keras.initializers", "class_name": "Identity",
                                      "config": {}, "registered_name": None})
    assert ident.gain == 1.0


# --- get() -----------------------------------------------------------------------------------------
NAMES = {
    "zeros": "Zeros", "zero": "Zeros", "Zeros": "Zeros", "ones": "Ones", "one": "Ones", "Ones": "Ones",
    "constant": "Constant", "Constant": "Constant", "identity": "Identity", "Identity": "Identity",
    "IdentityInitializer": "Identity", "uniform": "RandomUniform", "random_uniform": "RandomUniform",
    "RandomUniform": "RandomUniform", "normal": "RandomNormal", "random_normal": "RandomNormal",
    "RandomNormal": "RandomNormal", "truncated_normal": "TruncatedNormal",
    "TruncatedNormal": "TruncatedNormal", "variance_scaling": "VarianceScaling",
    "VarianceScaling": "VarianceScaling", "glorot_uniform": "GlorotUniform",
    "GlorotUniform": "GlorotUniform", "glorot_normal": "GlorotNormal", "GlorotNormal": "GlorotNormal",
    "he_normal": "HeNormal", "HeNormal": "HeNormal", "he_uniform": "HeUniform", "HeUniform": "HeUniform",
    "lecun_normal": "LecunNormal", "LecunNormal": "LecunNormal", "lecun_uniform": "LecunUniform",
    "LecunUniform": "LecunUniform", "orthogonal": "Orthogonal", "Orthogonal": "Orthogonal",
    "OrthogonalInitializer": "Orthogonal",
}


@pytest.mark.parametrize("name, class_name", NAMES.items())
def test_get_by_name(name, class_name):
    init = initializers.get(name)
    assert type(init).__name__ == class_name
    assert init((3, 3)).shape == (3, 3)


def test_function_style_aliases_are_the_classes():
    assert initializers.glorot_uniform is initializers.GlorotUniform
    assert initializers.he_normal is initializers.HeNormal
    assert initializers.random_normal is initializers.RandomNormal
    assert initializers.orthogonal is initializers.Orthogonal
    assert initializers.zeros is initializers.Zeros


def test_get_other_identifiers():
    assert initializers.get(None) is None
    inst = initializers.HeNormal(seed=1)
    assert initializers.get(inst) is inst
    assert isinstance(initializers.get(initializers.Ones), initializers.Ones)

    def custom(shape, dtype=None):
        return np.full(shape, 7.0, dtype=dtype)

    assert initializers.get(custom) is custom
    from_dict = initializers.get({"class_name": "RandomUniform", "config": {"minval": 1.0, "maxval": 1.5}})
    assert from_dict.get_config()["minval"] == 1.0
    with pytest.raises(ValueError, match="Could not interpret initializer"):
        initializers.get(42)


def test_unknown_name_error_suggests_the_closest_name():
    with pytest.raises(ValueError) as info:
        initializers.get("glorot_unifrom")
    message = str(info.value)
    assert message.startswith("Unknown initializer: 'glorot_unifrom'. Did you mean 'glorot_uniform'? "
                              "Available: constant, glorot_normal, glorot_uniform, he_normal,")
    with pytest.raises(ValueError, match="Did you mean 'he_normal'"):
        initializers.get("HE_NORMAL")


def test_deserialize_custom_class():
    class Sevens(initializers.Initializer):
        def __call__(self, shape, dtype=None):
            return np.full(shape, 7.0, dtype=config.standardize_dtype(dtype))

    data = initializers.serialize(Sevens())
    assert data["registered_name"] == "Sevens" and data["module"] == __name__
    restored = initializers.deserialize(data, custom_objects={"Sevens": Sevens})
    assert restored((2,)).tolist() == [7.0, 7.0]
    with pytest.raises(ValueError, match="Unknown initializer: 'Sevens'"):
        initializers.deserialize(data)
