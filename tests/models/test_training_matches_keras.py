"""numkeras trains exactly like Keras 3: same initial weights and data -> same final weights.

The golden file was written once with real Keras 3 (JAX backend) by tools/training_goldens.py:
five small trainings (3 epochs, batch 8, shuffle=False) covering MSE/RMSprop, softmax
cross-entropy/Adam, sparse cross-entropy/SGD with Nesterov momentum, binary cross-entropy/Adagrad
with an L2 kernel penalty, and MSE/Nadam.
"""
import json
from pathlib import Path

import numpy as np
import pytest

import numkeras as keras

GOLDEN = np.load(Path(__file__).resolve().parents[1] / "golden" / "training_goldens.npz")
META = json.loads(str(GOLDEN["meta"]))


@pytest.mark.parametrize("name", sorted(META))
def test_training_reproduces_keras(name):
    case = META[name]
    x, y = GOLDEN[f"{name}/x"], GOLDEN[f"{name}/y"]
    reg = keras.regularizers.l2(0.01) if "l2" in name else None
    model = keras.Sequential([keras.Input((5,)),
                              keras.layers.Dense(8, activation=case["hidden"], kernel_regularizer=reg),
                              keras.layers.Dense(case["units"], activation=case["out_act"])])
    model.compile(optimizer=keras.optimizers.get(case["optimizer"]), loss=case["loss"],
                  metrics=case["metrics"])
    model.set_weights([GOLDEN[f"{name}/init{i}"] for i in range(4)])
    history = model.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0).history

    assert list(history) == list(case["history"])  # same keys, same (alphabetical) order
    for key, values in case["history"].items():
        np.testing.assert_allclose(history[key], values, rtol=2e-5, atol=1e-6, err_msg=key)
    for i, w in enumerate(model.get_weights()):
        np.testing.assert_allclose(w, GOLDEN[f"{name}/final{i}"], rtol=1e-4, atol=2e-6,
                                   err_msg=f"weight {i}")
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    for key, value in case["evaluate"].items():
        assert logs[key] == pytest.approx(value, rel=2e-5, abs=1e-6), key
