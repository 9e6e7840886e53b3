"""Writes tests/golden/training_goldens.npz: small trainings run once with real Keras 3.

Each case: a model built from fixed initial weights, trained with shuffle=False; we keep the
data, the initial weights, Keras's final weights and its history, so the test can check that
numkeras reproduces Keras's training to float32 rounding.

    KERAS_BACKEND=jax python tools/training_goldens.py
"""
import json
import os
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "tests" / "golden" / "training_goldens.npz"

CASES = {
    # name: (hidden activation, output units, output activation, loss, optimizer, metrics, labels)
    "mse_rmsprop_sigmoid": ("relu", 3, "sigmoid", "mse", "rmsprop", ["accuracy"], "onehot"),
    "cce_adam_softmax": ("tanh", 3, "softmax", "categorical_crossentropy", "adam", ["accuracy"], "onehot"),
    "scce_sgd_momentum": ("relu", 3, "softmax", "sparse_categorical_crossentropy",
                          {"class_name": "SGD", "config": {"learning_rate": 0.05, "momentum": 0.9,
                                                           "nesterov": True}}, ["accuracy"], "sparse"),
    "bce_adagrad_l2": ("relu", 1, "sigmoid", "binary_crossentropy", "adagrad", ["acc"], "binary"),
    "mae_nadam_linear": ("elu", 1, None, "mse", "nadam", ["mae"], "regression"),
}


def data(kind, rng):
    x = rng.normal(size=(40, 5)).astype("float32")
    score = x @ rng.normal(size=(5, 3)).astype("float32")
    if kind == "onehot":
        return x, np.eye(3, dtype="float32")[score.argmax(1)]
    if kind == "sparse":
        return x, score.argmax(1).astype("int64")
    if kind == "binary":
        return x, (score[:, :1] > 0).astype("float32")
    return x, score[:, :1]


def main():
    rng = np.random.RandomState(7)
    arrays, meta = {}, {}
    for name, (hidden, units, out_act, loss, opt, metrics, labels) in CASES.items():
        x, y = data(labels, rng)
        reg = keras.regularizers.l2(0.01) if "l2" in name else None
        model = keras.Sequential([keras.Input((5,)),
                                  keras.layers.Dense(8, activation=hidden, kernel_regularizer=reg),
                                  keras.layers.Dense(units, activation=out_act)])
        optimizer = keras.optimizers.get(opt)
        model.compile(optimizer=optimizer, loss=loss, metrics=metrics)
        init = model.get_weights()
        history = model.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0).history
        arrays[f"{name}/x"], arrays[f"{name}/y"] = x, y
        for i, w in enumerate(init):
            arrays[f"{name}/init{i}"] = w
        for i, w in enumerate(model.get_weights()):
            arrays[f"{name}/final{i}"] = w
        meta[name] = {"hidden": hidden, "units": units, "out_act": out_act, "loss": loss,
                      "optimizer": opt, "metrics": metrics, "history": history,
                      "evaluate": model.evaluate(x, y, verbose=0, return_dict=True),
                      "keras_version": keras.__version__}
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
