"""Prints Keras 3's activation outputs on a fixed input, pasted into tests/test_activations.py.

    KERAS_BACKEND=jax python tools/activation_goldens.py
"""
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

X = np.array([[-3.5, -1.0, -0.25, 0.0, 0.3, 1.0, 2.5, 7.0]], dtype="float32")
NAMES = ["relu", "sigmoid", "softmax", "tanh", "selu", "softplus", "elu", "gelu", "silu", "swish",
         "leaky_relu", "relu6", "hard_sigmoid", "exponential", "linear", "log_softmax", "mish",
         "softsign", "hard_silu"]

print("GOLDEN = {")
for name in NAMES:
    out = np.asarray(keras.activations.get(name)(X))[0]
    print(f"    {name!r}: {[float(v) for v in out]},")
print("}")
