"""Writes the `.keras` / `.h5` files that real Keras 3 saved, used by tests/saving as fixtures.

Run once, with Keras 3 and a backend installed (CI does not install Keras):

    KERAS_BACKEND=jax python tools/make_keras_fixtures.py

Each model `NAME` gives `tests/saving/fixtures/NAME.keras` (or `.h5`, `.weights.h5`)
and `NAME.npz` holding the inputs (`x`, or `x0`, `x1` for two inputs) and
Keras's predictions for them (`y_pred`), plus `iterations` (the optimizer's
step count when the file was written).
"""
import os
import sys

import numpy as np

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "saving", "fixtures")


def xor_mlp(keras):
    """The seed lab's XOR network: Dense(2, sigmoid) -> Dense(1, sigmoid), SGD(0.3), MSE."""
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], "float32")
    y = np.array([[0], [1], [1], [0]], "float32")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="sigmoid"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(learning_rate=0.3))
    model.fit(x, y, batch_size=1, epochs=50, verbose=0)
    return model, {"x": x}


def mnist_mlp(keras):
    """An MNIST-shaped MLP with Flatten and Dropout, trained one epoch with Adam (slots in the file)."""
    rng = np.random.default_rng(0)
    x = rng.random((64, 28, 28), dtype="float32")
    y = rng.integers(0, 10, 64)
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(16, activation="relu"), keras.layers.Dropout(0.2),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=16, epochs=1, verbose=0)
    return model, {"x": x[:8], "y": y}


def two_inputs_concat(keras):
    """A functional model: two inputs, a Dense branch, Concatenate, trained with RMSprop."""
    rng = np.random.default_rng(1)
    x0, x1 = rng.random((32, 3), dtype="float32"), rng.random((32, 2), dtype="float32")
    y = rng.random((32, 2), dtype="float32")
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    hidden = keras.layers.Dense(4, activation="tanh")(a)
    merged = keras.layers.Concatenate()([hidden, b])
    out = keras.layers.Dense(2)(merged)
    model = keras.Model([a, b], out, name="two_inputs")
    model.compile(optimizer="rmsprop", loss="mse")
    model.fit([x0, x1], y, batch_size=8, epochs=1, verbose=0)
    return model, {"x0": x0[:5], "x1": x1[:5]}


def embedding_bn(keras):
    """Embedding -> Flatten -> BatchNormalization -> Dense, trained one epoch (moving statistics move)."""
    rng = np.random.default_rng(2)
    x = rng.integers(0, 20, (48, 5)).astype("int32")
    y = rng.random((48, 1), dtype="float32")
    model = keras.Sequential([keras.Input((5,), dtype="int32"), keras.layers.Embedding(20, 4),
                              keras.layers.Flatten(), keras.layers.BatchNormalization(),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="mse")
    model.fit(x, y, batch_size=16, epochs=1, verbose=0)
    return model, {"x": x[:6]}


def subclassed_mlp(keras):
    """A registered subclassed model (`fixtures>TwoLayerMLP`): weights live under attribute paths."""

    @keras.saving.register_keras_serializable(package="fixtures")
    class TwoLayerMLP(keras.Model):
        def __init__(self, units=6, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.hidden = keras.layers.Dense(units, activation="relu")
            self.out = keras.layers.Dense(1)

        def call(self, inputs):
            return self.out(self.hidden(inputs))

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    rng = np.random.default_rng(3)
    x, y = rng.random((24, 3), dtype="float32"), rng.random((24, 1), dtype="float32")
    model = TwoLayerMLP()
    model(x[:1])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    return model, {"x": x[:4]}


def main():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    keras.utils.set_random_seed(1234)
    os.makedirs(FIXTURES, exist_ok=True)
    for make in (xor_mlp, mnist_mlp, two_inputs_concat, embedding_bn, subclassed_mlp):
        model, data = make(keras)
        inputs = [data["x0"], data["x1"]] if "x0" in data else data["x"]
        data["y_pred"] = np.asarray(model.predict(inputs, verbose=0))
        data["iterations"] = np.array(int(model.optimizer.iterations))
        name = make.__name__
        model.save(os.path.join(FIXTURES, f"{name}.keras"))
        np.savez(os.path.join(FIXTURES, f"{name}.npz"), **data)
        print(f"wrote {name}.keras ({os.path.getsize(os.path.join(FIXTURES, name + '.keras'))} bytes)")
    # The legacy formats: a whole model saved as .h5 and Keras 3 weights alone.
    model, data = mnist_mlp(keras)
    data["y_pred"] = np.asarray(model.predict(data["x"], verbose=0))
    data["iterations"] = np.array(int(model.optimizer.iterations))
    model.save(os.path.join(FIXTURES, "legacy_mnist_mlp.h5"))
    model.save_weights(os.path.join(FIXTURES, "mnist_mlp_weights.weights.h5"))
    np.savez(os.path.join(FIXTURES, "legacy_mnist_mlp.npz"), **data)
    print(f"wrote legacy_mnist_mlp.h5 and mnist_mlp_weights.weights.h5 with Keras {keras.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
