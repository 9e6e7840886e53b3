"""TextVectorization, StringLookup, IntegerLookup, CategoryEncoding against Keras 3 goldens."""
import json
import os

import numpy as np
import pytest

from numkeras import layers

with open(os.path.join(os.path.dirname(__file__), "..", "..", "..", "golden", "text_goldens.json"),
          encoding="utf-8") as f:
    GOLDEN = json.load(f)["cases"]


def as_input(values, kind):
    if kind == "column":
        return np.array(values)[:, None]
    if kind.startswith("int"):
        return np.array(values, dtype="int64")
    return np.array(values)


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_layer_matches_keras(case):
    entry = GOLDEN[case]
    kwargs = {k: tuple(v) if k == "ngrams" and isinstance(v, list) else v for k, v in entry["kwargs"].items()}
    layer = getattr(layers, entry["class"])(**kwargs)
    if entry["adapt"] is not None:
        layer.adapt(np.array(entry["adapt"]))
    if "vocabulary" in entry:
        assert layer.get_vocabulary() == entry["vocabulary"]
    out = layer(as_input(entry["inputs"], entry["kind"])).numpy()
    expected = entry["outputs"]
    if out.dtype.kind == "U":
        assert out.tolist() == expected
    else:
        assert out.shape == np.asarray(expected).shape
        np.testing.assert_allclose(out, np.asarray(expected, dtype=out.dtype), rtol=1e-6, atol=1e-7)
        assert out.dtype.kind == np.dtype(entry["output_dtype"]).kind
