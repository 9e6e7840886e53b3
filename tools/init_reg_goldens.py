"""Computes golden values for tests/test_constraints.py and tests/test_regularizers.py
with real Keras 3 (JAX backend), once; the printed literals are pasted into the tests.

Usage:  KERAS_BACKEND=jax python tools/init_reg_goldens.py
Needs keras>=3 and jax; numkeras itself does not.
"""
import os
import pprint

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

# The weights every golden is computed on (also written in the tests).
W = np.array([[0.5, -1.0, 2.0, 0.0],
              [1.5, 0.25, -0.75, 3.0],
              [-2.0, 0.5, 1.0, -0.5]], dtype="float32")
W3 = np.arange(-6, 6, dtype="float32").reshape(2, 3, 2) / 4.0


def as_list(x):
    return np.asarray(x, dtype="float32").tolist()


def constraint_goldens():
    c = keras.constraints
    cases = {
        "max_norm_2_axis0": (c.MaxNorm(2.0, axis=0), W),
        "max_norm_1.5_axis1": (c.MaxNorm(1.5, axis=1), W),
        "unit_norm_axis0": (c.UnitNorm(axis=0), W),
        "unit_norm_axis01_3d": (c.UnitNorm(axis=[0, 1]), W3),
        "min_max_norm_0.5_1_rate0.7_axis0": (c.MinMaxNorm(0.5, 1.0, rate=0.7, axis=0), W),
        "min_max_norm_3_4_rate1_axis1": (c.MinMaxNorm(3.0, 4.0, rate=1.0, axis=1), W),
        "non_neg": (c.NonNeg(), W),
    }
    return {name: as_list(con(keras.ops.convert_to_tensor(w))) for name, (con, w) in cases.items()}


def regularizer_goldens():
    r = keras.regularizers
    cases = {
        "l1_0.3": r.L1(0.3),
        "l2_0.1": r.L2(0.1),
        "l1l2_0.01_0.02": r.L1L2(l1=0.01, l2=0.02),
        "orthogonal_0.1_rows": r.OrthogonalRegularizer(0.1, mode="rows"),
        "orthogonal_0.2_columns": r.OrthogonalRegularizer(0.2, mode="columns"),
    }
    out = {}
    for name, reg in cases.items():
        # A tensor, as a layer passes its variable: Keras's NumPy-input path of
        # `normalize` differs (and breaks for mode="columns").
        value = float(reg(keras.ops.convert_to_tensor(W)))
        # JAX's gradient of the penalty in float64 is the reference for our tape.
        jax.config.update("jax_enable_x64", True)
        grad = jax.grad(lambda w, reg=reg: reg(w))(np.asarray(W, "float64"))
        jax.config.update("jax_enable_x64", False)
        out[name] = {"value": value, "grad": np.asarray(grad).tolist()}
    return out


def config_goldens():
    objects = [keras.initializers.GlorotUniform(), keras.initializers.VarianceScaling(),
               keras.initializers.RandomNormal(), keras.initializers.Orthogonal(),
               keras.initializers.Constant(3.0), keras.initializers.Identity(),
               keras.regularizers.L1L2(), keras.regularizers.OrthogonalRegularizer(),
               keras.constraints.MinMaxNorm(), keras.constraints.NonNeg()]
    return [keras.saving.serialize_keras_object(o) for o in objects]


def fan_goldens():
    from keras.src.initializers.random_initializers import compute_fans
    shapes = [(), (7,), (5, 3), (3, 4, 5), (3, 3, 16, 32), (2, 2, 2, 4, 8), (0, 3)]
    return {shape: compute_fans(shape) for shape in shapes}


if __name__ == "__main__":
    print("keras", keras.__version__, "jax", jax.__version__)
    for title, goldens in [("CONSTRAINTS", constraint_goldens()), ("REGULARIZERS", regularizer_goldens()),
                           ("CONFIGS", config_goldens()), ("FANS", fan_goldens())]:
        print(f"{title} = ", end="")
        pprint.pprint(goldens, width=100, sort_dicts=False)
