"""Reads tests/golden/rnn_goldens.npz (written by tools/rnn_goldens.py with real Keras 3)."""
import json
import os

import numpy as np

from numkeras import layers

PATH = os.path.join(os.path.dirname(__file__), "..", "..", "golden", "rnn_goldens.npz")
GOLDENS = np.load(PATH)
SPECS = json.loads(str(GOLDENS["specs"]))


def arrays(prefix):
    """The arrays `prefix0, prefix1, ...` of a case, in order."""
    out, i = [], 0
    while prefix + str(i) in GOLDENS:
        out.append(GOLDENS[prefix + str(i)])
        i += 1
    return out


def layer_from_spec(spec):
    if spec["layer"] == "StackedRNN":
        return layers.RNN([layers.LSTMCell(3), layers.GRUCell(2)], return_sequences=True)
    cls = getattr(layers, spec["layer"])
    kwargs = dict(spec.get("kwargs", {}))
    if "inner" in spec:
        if "backward" in spec:
            kwargs["backward_layer"] = layer_from_spec(spec["backward"])
        return cls(layer_from_spec(spec["inner"]), **kwargs)
    return cls(**kwargs)


def build_layer(entry):
    cls_name, kwargs = entry
    kwargs = dict(kwargs)
    if "layer" in kwargs:
        kwargs["layer"] = build_layer(kwargs["layer"])
    return getattr(layers, cls_name)(**kwargs)
