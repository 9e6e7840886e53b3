"""Hashing (FarmHash Fingerprint64, SipHash) and Discretization against Keras 3 / TensorFlow goldens."""
import json
import os

import numpy as np
import pytest

from numkeras import layers
from numkeras.layers.preprocessing.categorical.hashing import fingerprint64, siphash24

with open(os.path.join(os.path.dirname(__file__), "..", "..", "..", "golden", "text_goldens.json"),
          encoding="utf-8") as f:
    GOLDEN = json.load(f)
HASHING, DISCRETIZATION = GOLDEN["hashing"], GOLDEN["discretization"]


def test_fingerprint64_and_siphash_match_tensorflow_for_every_length_branch():
    for text, fast, strong in zip(HASHING["texts"], HASHING["buckets_fast"], HASHING["buckets_strong"]):
        data = text.encode("utf-8")
        assert fingerprint64(data) % 2**62 == fast, text
        assert siphash24(data, 7, 11) % 2**62 == strong, text


@pytest.mark.parametrize("case", sorted(k for k in HASHING if k.startswith("hash_")))
def test_hashing_layer_matches_keras(case):
    entry = HASHING[case]
    out = layers.Hashing(**entry["kwargs"])(np.array(entry["inputs"])).numpy()
    np.testing.assert_array_equal(out, np.array(entry["outputs"]))


@pytest.mark.parametrize("case", sorted(k for k in DISCRETIZATION if k.startswith("disc_")))
def test_discretization_matches_keras(case):
    entry = DISCRETIZATION[case]
    layer = layers.Discretization(**entry["kwargs"])
    if entry["adapt"]:
        layer.adapt(np.array(DISCRETIZATION["adapt_data"], "float32")[:, None])
    np.testing.assert_allclose(layer.bin_boundaries, entry["boundaries"], rtol=1e-6)
    x = np.array(DISCRETIZATION["inputs"], "float32")
    if entry["kwargs"].get("output_mode") == "one_hot":
        x = x[:, :1]
    out = layer(x).numpy()
    np.testing.assert_array_equal(out, np.array(entry["outputs"]))
    assert out.dtype.kind == np.dtype(entry["output_dtype"]).kind


def test_string_lookup_oov_buckets_use_keras_hash():
    layer = layers.StringLookup(vocabulary=["a", "b"], num_oov_indices=3)
    ids = layer(np.array([["a", "zz", "b", "qq"]])).numpy()
    assert ids[0, 0] == 3 and ids[0, 2] == 4
    assert ids[0, 1] == fingerprint64(b"zz") % 3 and ids[0, 3] == fingerprint64(b"qq") % 3


def test_bad_arguments():
    with pytest.raises(ValueError, match="num_bins"):
        layers.Hashing(num_bins=0)
    with pytest.raises(ValueError, match="salt"):
        layers.Hashing(num_bins=3, salt="x")
    with pytest.raises(ValueError, match="not both"):
        layers.Discretization(bin_boundaries=[0.0], num_bins=3)
    with pytest.raises(ValueError, match="adapt"):
        layers.Discretization(bin_boundaries=[0.0]).adapt(np.zeros(3))
