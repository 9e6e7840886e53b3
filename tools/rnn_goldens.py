"""Computes golden values for the recurrent layers with real Keras 3 (run once, by hand).

    KERAS_BACKEND=jax python tools/rnn_goldens.py               # the golden values
    KERAS_BACKEND=jax python tools/rnn_goldens.py --keras-files  # the .keras files Keras saved

writes tests/golden/rnn_goldens.npz, or (--keras-files) tests/saving/fixtures/rnn_*.keras with
the inputs and Keras's predictions beside each in an .npz. Layer cases record, for a layer built by Keras with its
own initial weights: the inputs, the mask, the weights and every output (with return_state,
the states too). Training cases record a small model's initial weights, the loss of each
`train_on_batch` step and the weights after the last one. Each case's spec is stored as JSON
next to its arrays, so the test builds the same layer from the same description.
CI does not install Keras; the written file is checked in.
"""
import json
import os
import zlib

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

RNG = np.random.default_rng(20261205)
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "rnn_goldens.npz")

X = np.round(RNG.standard_normal((3, 6, 4)), 2).astype("float32")
MASK = np.array([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0], [0, 0, 1, 1, 1, 0]], bool)


def layer_from_spec(spec):
    cls = getattr(keras.layers, spec["layer"])
    kwargs = dict(spec.get("kwargs", {}))
    if "inner" in spec:
        inner = layer_from_spec(spec["inner"])
        if "backward" in spec:
            kwargs["backward_layer"] = layer_from_spec(spec["backward"])
        return cls(inner, **kwargs)
    return cls(**kwargs)


def layer_cases():
    cases = {}
    families = [("SimpleRNN", {}), ("LSTM", {}), ("GRU", {}), ("GRU", {"reset_after": False})]
    for family, extra in families:
        tag = family.lower() + ("_reset_before" if extra.get("reset_after") is False else "")
        for seq in (False, True):
            for backwards in (False, True):
                for masked in (False, True):
                    name = f"{tag}_seq{int(seq)}_back{int(backwards)}_mask{int(masked)}"
                    kwargs = {"units": 5, "return_sequences": seq, "go_backwards": backwards,
                              "return_state": True, **extra}
                    cases[name] = {"layer": family, "kwargs": kwargs, "mask": masked}
    cases["lstm_initial_state"] = {"layer": "LSTM", "kwargs": {"units": 5, "return_sequences": True},
                                   "mask": True, "initial_state": 2}
    cases["gru_initial_state"] = {"layer": "GRU", "kwargs": {"units": 5}, "mask": False,
                                  "initial_state": 1}
    cases["lstm_no_bias_hard_sigmoid"] = {"layer": "LSTM", "kwargs": {
        "units": 3, "use_bias": False, "recurrent_activation": "hard_sigmoid"}, "mask": False}
    cases["simple_rnn_relu"] = {"layer": "SimpleRNN", "kwargs": {"units": 3, "activation": "relu",
                                                                 "return_sequences": True},
                                "mask": True}
    cases["lstm_no_forget_bias"] = {"layer": "LSTM", "kwargs": {
        "units": 3, "unit_forget_bias": False, "bias_initializer": "ones"}, "mask": False}
    for mode in ("concat", "sum", "mul", "ave", None):
        for seq in (False, True):
            for masked in (False, True):
                cases[f"bidirectional_{mode}_seq{int(seq)}_mask{int(masked)}"] = {
                    "layer": "Bidirectional", "kwargs": {"merge_mode": mode},
                    "inner": {"layer": "LSTM", "kwargs": {"units": 3, "return_sequences": seq}},
                    "mask": masked}
    cases["bidirectional_gru_state"] = {
        "layer": "Bidirectional", "kwargs": {}, "mask": True,
        "inner": {"layer": "GRU", "kwargs": {"units": 3, "return_sequences": True,
                                             "return_state": True}}}
    cases["bidirectional_backward_layer"] = {
        "layer": "Bidirectional", "kwargs": {"merge_mode": "concat"}, "mask": False,
        "inner": {"layer": "LSTM", "kwargs": {"units": 3, "return_sequences": True}},
        "backward": {"layer": "GRU", "kwargs": {"units": 2, "return_sequences": True,
                                                "go_backwards": True}}}
    cases["time_distributed_dense"] = {"layer": "TimeDistributed", "kwargs": {}, "mask": False,
                                       "inner": {"layer": "Dense", "kwargs": {"units": 2}}}
    cases["stacked_cells"] = {"layer": "StackedRNN", "kwargs": {}, "mask": True}
    return cases


def run_layer_case(name, spec, arrays):
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    if spec["layer"] == "StackedRNN":
        layer = keras.layers.RNN([keras.layers.LSTMCell(3), keras.layers.GRUCell(2)],
                                 return_sequences=True)
    else:
        layer = layer_from_spec(spec)
    kwargs = {}
    if spec.get("mask"):
        kwargs["mask"] = MASK
    if spec.get("initial_state"):
        units = spec["kwargs"]["units"]
        states = [np.round(RNG.standard_normal((3, units)), 2).astype("float32")
                  for _ in range(spec["initial_state"])]
        kwargs["initial_state"] = states
        for i, s in enumerate(states):
            arrays[f"{name}/state{i}"] = s
    outputs = layer(X, **kwargs)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    for i, w in enumerate(layer.get_weights()):
        arrays[f"{name}/w{i}"] = w
    for i, o in enumerate(outputs):
        arrays[f"{name}/out{i}"] = np.asarray(o)


# --- training cases: a few optimizer steps from Keras's initial weights ------------------------
IDS = np.array([[3, 7, 1, 9, 0, 0, 0], [5, 2, 8, 8, 4, 6, 1], [11, 3, 0, 0, 0, 0, 0],
                [2, 2, 5, 14, 7, 0, 0]], "int32")
Y_BINARY = np.array([[1.0], [0.0], [1.0], [0.0]], "float32")
SEQ = np.round(RNG.standard_normal((4, 5, 3)), 2).astype("float32")
Y_REG = np.round(RNG.standard_normal((4, 2)), 2).astype("float32")

TRAINING = {
    "train_lstm_masked": {"input": [7, "int32"], "layers": [
        ["Embedding", {"input_dim": 16, "output_dim": 4, "mask_zero": True}],
        ["LSTM", {"units": 3}], ["Dense", {"units": 1, "activation": "sigmoid"}]],
        "optimizer": "rmsprop", "loss": "binary_crossentropy"},
    "train_gru_masked": {"input": [7, "int32"], "layers": [
        ["Embedding", {"input_dim": 16, "output_dim": 4, "mask_zero": True}],
        ["GRU", {"units": 3}], ["Dense", {"units": 1, "activation": "sigmoid"}]],
        "optimizer": "adam", "loss": "binary_crossentropy"},
    "train_simple_rnn_masked": {"input": [7, "int32"], "layers": [
        ["Embedding", {"input_dim": 16, "output_dim": 4, "mask_zero": True}],
        ["SimpleRNN", {"units": 3}], ["Dense", {"units": 1, "activation": "sigmoid"}]],
        "optimizer": "sgd", "loss": "binary_crossentropy"},
    "train_bidirectional_stack_masked": {"input": [7, "int32"], "layers": [
        ["Embedding", {"input_dim": 16, "output_dim": 4, "mask_zero": True}],
        ["Bidirectional", {"layer": ["LSTM", {"units": 3, "return_sequences": True}]}],
        ["LSTM", {"units": 2}], ["Dense", {"units": 1, "activation": "sigmoid"}]],
        "optimizer": "rmsprop", "loss": "binary_crossentropy"},
    "train_lstm_sequences_regression": {"input": [[5, 3], "float32"], "layers": [
        ["LSTM", {"units": 4, "return_sequences": True, "go_backwards": True}],
        ["GRU", {"units": 2, "reset_after": False}]],
        "optimizer": "adam", "loss": "mse"},
    "train_time_distributed_masked": {"input": [7, "int32"], "layers": [
        ["Embedding", {"input_dim": 16, "output_dim": 4, "mask_zero": True}],
        ["LSTM", {"units": 3, "return_sequences": True}],
        ["TimeDistributed", {"layer": ["Dense", {"units": 1, "activation": "sigmoid"}]}]],
        "optimizer": "adam", "loss": "binary_crossentropy", "target": "per_step"},
}
Y_STEPS = (RNG.random((4, 7, 1)) > 0.5).astype("float32")


def build_keras_layer(entry):
    cls_name, kwargs = entry
    kwargs = dict(kwargs)
    if "layer" in kwargs:
        kwargs["layer"] = build_keras_layer(kwargs["layer"])
    return getattr(keras.layers, cls_name)(**kwargs)


def run_training_case(name, spec, arrays, steps=3):
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    shape, dtype = spec["input"]
    shape = tuple(shape) if isinstance(shape, list) else (shape,)
    model = keras.Sequential([keras.Input(shape=shape, dtype=dtype)]
                             + [build_keras_layer(e) for e in spec["layers"]])
    model.compile(optimizer=spec["optimizer"], loss=spec["loss"])
    x = IDS if dtype == "int32" else SEQ
    y = Y_STEPS if spec.get("target") == "per_step" else Y_BINARY if dtype == "int32" else Y_REG
    for i, w in enumerate(model.get_weights()):
        arrays[f"{name}/init{i}"] = w
    losses = [float(model.train_on_batch(x, y)) for _ in range(steps)]
    arrays[f"{name}/losses"] = np.array(losses, "float32")
    for i, w in enumerate(model.get_weights()):
        arrays[f"{name}/final{i}"] = w
    arrays[f"{name}/predict"] = model.predict(x, verbose=0)


def main():
    arrays = {"x": X, "mask": MASK, "ids": IDS, "y_binary": Y_BINARY, "seq": SEQ, "y_reg": Y_REG,
              "y_steps": Y_STEPS}
    cases = layer_cases()
    for name, spec in cases.items():
        run_layer_case(name, spec, arrays)
    for name, spec in TRAINING.items():
        run_training_case(name, spec, arrays)
    arrays["specs"] = np.array(json.dumps({"layers": cases, "training": TRAINING}))
    arrays["keras_version"] = np.array(keras.__version__)
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {len(cases)} layer cases and {len(TRAINING)} training cases to {OUT}")


FIXTURES = os.path.join(os.path.dirname(__file__), "..", "tests", "saving", "fixtures")


def keras_files():
    """Sequence models that real Keras trains one epoch and saves, for numkeras to load."""
    keras.utils.set_random_seed(7)
    masked = keras.Sequential([
        keras.Input((7,), dtype="int32"), keras.layers.Embedding(16, 4, mask_zero=True),
        keras.layers.Bidirectional(keras.layers.GRU(3, return_sequences=True), merge_mode="ave"),
        keras.layers.LSTM(2), keras.layers.Dense(1, activation="sigmoid")])
    masked.compile(optimizer="rmsprop", loss="binary_crossentropy")
    masked.fit(IDS, Y_BINARY, epochs=2, verbose=0)
    inputs = keras.Input((5, 3))
    seq, h, c = keras.layers.LSTM(4, return_sequences=True, return_state=True)(inputs)
    steps = keras.layers.TimeDistributed(keras.layers.Dense(2))(seq)
    last = keras.layers.RNN(keras.layers.SimpleRNNCell(2), go_backwards=True)(steps)
    states = keras.Model(inputs, keras.layers.Concatenate()([last, h, c]))
    states.compile(optimizer="adam", loss="mse")
    states.fit(SEQ, np.ones((4, 10), "float32"), epochs=2, verbose=0)
    for name, model, x in (("rnn_masked_stack", masked, IDS), ("rnn_states_functional", states, SEQ)):
        model.save(os.path.join(FIXTURES, f"{name}.keras"))
        np.savez(os.path.join(FIXTURES, f"{name}.npz"), x=x, y_pred=model.predict(x, verbose=0),
                 iterations=np.array(int(model.optimizer.iterations)))
        print(f"wrote {name}.keras")


if __name__ == "__main__":
    import sys

    keras_files() if "--keras-files" in sys.argv else main()
