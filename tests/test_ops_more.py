"""The rest of keras.ops: values against Keras 3 goldens, gradients of the composed ops, and
the list of names still missing."""
from pathlib import Path

import numpy as np
import pytest
from ops_more_cases import CASES, flat_outputs

from numkeras import ops
from numkeras.backend.gradcheck import check_grads

GOLDEN = np.load(Path(__file__).parent / "golden" / "keras_ops_goldens.npz")

# keras.ops names numkeras does not serve (yet): the nn kernels other modules own (conv, pooling,
# CTC), FFTs, and transforms with no NumPy counterpart. The README lists them too.
NOT_SERVED = {
    "adaptive_average_pool", "adaptive_max_pool", "average_pool", "max_pool", "conv", "conv_transpose",
    "depthwise_conv", "separable_conv", "ctc_decode", "ctc_loss", "binary_crossentropy",
    "categorical_crossentropy", "sparse_categorical_crossentropy", "sparsemax", "depth_to_space",
    "space_to_depth", "extract_sequences", "fold", "unfold", "fft", "fft2", "ifft2", "rfft", "irfft",
    "stft", "istft", "cholesky_inverse", "lu_factor", "erfinv", "custom_gradient", "jvp", "polar",
    "rearrange", "vectorize", "view", "view_as_complex", "view_as_real",
}


def numkeras_op(name):
    return getattr(ops, name.split(".")[-1])


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_values_match_keras(index):
    name, args, kwargs = CASES[index]
    got = flat_outputs([o.numpy() if hasattr(o, "numpy") else o
                        for o in _as_list(numkeras_op(name)(*args, **kwargs))])
    expected = [GOLDEN[key] for key in sorted((k for k in GOLDEN.files if k.startswith(f"{index}:")),
                                              key=lambda k: int(k.rsplit(":", 1)[1]))]
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.shape == e.shape
        np.testing.assert_allclose(g.astype(np.float64), e.astype(np.float64), rtol=2e-5, atol=2e-6)


def _as_list(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def test_every_keras_op_is_served_or_listed_as_missing():
    names = set(GOLDEN["names"].tolist())
    missing = {n for n in names if not hasattr(ops, n)}
    assert missing <= NOT_SERVED, f"keras.ops names neither served nor listed: {sorted(missing - NOT_SERVED)}"
    assert NOT_SERVED <= names  # every entry is a real keras.ops name


@pytest.mark.parametrize("fn, args", [
    (lambda x: ops.split(x, 2, axis=1)[1], (np.random.default_rng(0).normal(size=(3, 4)),)),
    (lambda x: ops.flip(x, axis=0), (np.random.default_rng(1).normal(size=(3, 4)),)),
    (ops.glu, (np.random.default_rng(2).normal(size=(3, 4)),)),
    (lambda a, b: ops.tensordot(a, b, axes=1), (np.random.default_rng(3).normal(size=(3, 4)),
                                                np.random.default_rng(4).normal(size=(4, 2)))),
    (lambda x: ops.sort(x), (np.random.default_rng(5).permutation(12).reshape(3, 4) * 0.1,)),
    (lambda x: ops.top_k(x, 2)[0], (np.random.default_rng(6).permutation(12).reshape(3, 4) * 0.1,)),
    (lambda x: ops.layer_normalization(x), (np.random.default_rng(7).normal(size=(3, 4)),)),
    (lambda q, k, v: ops.dot_product_attention(q, k, v, is_causal=True),
     tuple(np.random.default_rng(s).normal(size=(1, 3, 2, 4)) for s in (8, 9, 10))),
    (lambda x: ops.mod(x, 0.7), (np.random.default_rng(11).uniform(0.1, 0.6, (3, 4)),)),
    (lambda x: ops.cdist(x, x[:2] + 1.0), (np.random.default_rng(12).normal(size=(3, 4)),)),
    (lambda x: ops.scatter_update(x, np.array([[0, 1]]), ops.sum(x[1:2, 1:3], axis=1)),
     (np.random.default_rng(13).normal(size=(3, 4)),)),
])
def test_composed_ops_are_differentiable(float64, fn, args):
    check_grads(fn, args)


def test_split_rejects_uneven_sections():
    with pytest.raises(ValueError, match="equal sections"):
        ops.split(np.zeros((3, 5)), 2, axis=1)


def test_control_flow():
    assert int(ops.fori_loop(0, 4, lambda i, v: v + i, 0)) == 6
    assert ops.while_loop(lambda v: v < 10, lambda v: v * 2, 1) == 16
    carry, ys = ops.scan(lambda c, x: (c + x, c * x), ops.convert_to_numpy(0.0), np.arange(4.0))
    assert float(carry) == 6.0 and ops.convert_to_numpy(ys).tolist() == [0.0, 0.0, 2.0, 9.0]
    assert ops.cond(True, lambda: "yes", lambda: "no") == "yes"
    assert ops.switch(1, [lambda x: x + 1, lambda x: x * 10], 3) == 30
    assert ops.map(lambda row: ops.sum(row), np.ones((3, 2))).numpy().tolist() == [2.0, 2.0, 2.0]
