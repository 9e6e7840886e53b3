"""Inputs for the keras.ops goldens: (name, args, kwargs) rows run through real Keras once
(tools/keras_ops_goldens.py) and through numkeras.ops in tests/test_ops_more.py."""
import numpy as np

RNG = np.random.default_rng(11)
A = RNG.uniform(-0.9, 0.9, (3, 4)).astype("float32")
B = RNG.uniform(0.5, 2.0, (3, 4)).astype("float32")
SQUARE = (RNG.standard_normal((3, 3)) + 3 * np.eye(3)).astype("float32")
V = RNG.standard_normal(3).astype("float32")
INTS = np.array([[3, 1, 2, 7], [0, 5, 5, 1]], dtype="int32")

CASES = [
    ("tan", (A,), {}), ("sinh", (A,), {}), ("cosh", (A,), {}), ("arcsin", (A,), {}),
    ("arccos", (A,), {}), ("arctan", (A,), {}), ("arcsinh", (A,), {}), ("arccosh", (B + 1,), {}),
    ("arctanh", (A,), {}), ("cbrt", (A,), {}), ("arctan2", (A, B), {}), ("erf", (A,), {}),
    ("erfc", (A,), {}), ("reciprocal", (B,), {}), ("rsqrt", (B,), {}), ("log2", (B,), {}),
    ("log10", (B,), {}), ("exp2", (A,), {}), ("logaddexp", (A, B), {}), ("hypot", (A, B), {}),
    ("mod", (B * 3.3, B), {}), ("floor_divide", (B * 3.3, B), {}), ("divide_no_nan", (A, A * 0), {}),
    ("log_sigmoid", (A * 4,), {}), ("celu", (A * 3,), {}), ("glu", (A,), {}),
    ("hard_tanh", (A * 3,), {}), ("hard_shrink", (A,), {}), ("soft_shrink", (A,), {}),
    ("tanh_shrink", (A,), {}), ("squareplus", (A,), {}), ("sparse_plus", (A * 3,), {}),
    ("sparse_sigmoid", (A * 3,), {}),
    ("prod", (B,), {"axis": 1}), ("cumsum", (A,), {"axis": 0}), ("cumprod", (B,), {"axis": 1}),
    ("average", (A,), {"axis": 1, "weights": B[0]}), ("ptp", (A,), {"axis": 0}),
    ("median", (A,), {"axis": 1}), ("quantile", (A, 0.3), {"axis": 1}),
    ("normalize", (A,), {"axis": -1}), ("rms_normalization", (A,), {}),
    ("split", (A, 2), {"axis": 1}), ("split", (A, [1, 3]), {"axis": 1}), ("array_split", (A, 3), {"axis": 1}),
    ("unstack", (A,), {"axis": 1}), ("tile", (V, (2, 2)), {}), ("repeat", (A, 2), {"axis": 0}),
    ("roll", (A, 1), {"axis": 1}), ("flip", (A,), {"axis": 1}), ("rot90", (A,), {}),
    ("pad", (A, ((1, 0), (0, 2))), {}), ("swapaxes", (A, 0, 1), {}), ("moveaxis", (A[None], 0, 2), {}),
    ("hstack", ([A, B],), {}), ("vstack", ([A, B],), {}), ("diff", (A,), {}),
    ("slice", (A, (1, 1), (2, 2)), {}), ("slice_update", (A, (1, 1), B[:2, :2]), {}),
    ("scatter", (np.array([[0, 1], [2, 3]]), V[:2], (3, 4)), {}),
    ("scatter_update", (A, np.array([[0, 1], [2, 3]]), V[:2]), {}),
    ("take_along_axis", (A, np.array([[1, 0], [3, 3], [2, 1]])), {"axis": 1}),
    ("segment_sum", (A, np.array([0, 2, 0])), {"num_segments": 3}),
    ("segment_max", (A, np.array([0, 2, 0])), {"num_segments": 3}),
    ("sort", (A,), {}), ("top_k", (A, 2), {}), ("einsum", ("ij,kj->ik", A, B), {}),
    ("tensordot", (A, B.T), {"axes": 1}), ("outer", (V, V), {}), ("inner", (A, B), {}),
    ("vdot", (A, B), {}), ("diagonal", (SQUARE,), {}), ("trace", (SQUARE,), {}), ("tril", (SQUARE,), {}),
    ("triu", (SQUARE, 1), {}), ("kron", (SQUARE[:2, :2], SQUARE[:2, :2]), {}), ("cross", (V, V[::-1]), {}),
    ("linalg.inv", (SQUARE,), {}), ("linalg.det", (SQUARE,), {}), ("linalg.solve", (SQUARE, V[:, None]), {}),
    ("cdist", (A, B), {}),
    ("isclose", (A, A + 1e-9), {}), ("signbit", (A,), {}), ("logical_xor", (A > 0, B > 1), {}),
    ("trunc", (A * 3,), {}), ("bitwise_and", (INTS, 3), {}), ("left_shift", (INTS, 1), {}),
    ("count_nonzero", (INTS,), {"axis": 1}), ("bincount", (INTS[0],), {}), ("digitize", (A, [-0.5, 0, 0.5]), {}),
    ("searchsorted", (np.array([0.1, 0.5, 0.9], "float32"), V), {}),
    ("eye", (3,), {"k": 1}), ("tri", (3,), {}), ("linspace", (0.0, 1.0, 5), {}), ("logspace", (0.0, 2.0, 3), {}),
    ("full_like", (A, 2.5), {}), ("diag", (V,), {}), ("meshgrid", (V, V[:2]), {}),
    ("multi_hot", (np.array([[0, 2], [1, 1]]), 4), {}), ("saturate_cast", (A * 1000, "int8"), {}),
    ("nan_to_num", (np.array([np.nan, np.inf, -1.0], "float32"),), {}),
    ("dot_product_attention", (A.reshape(1, 3, 1, 4), B.reshape(1, 3, 1, 4), A.reshape(1, 3, 1, 4)),
     {"is_causal": True}),
    ("psnr", (A, B, 2.0), {}),
]


def flat_outputs(out):
    """Any op result (a tensor, or a tuple/list of them) as a list of float64/int arrays."""
    if isinstance(out, (list, tuple)):
        return [a for item in out for a in flat_outputs(item)]
    return [np.asarray(out)]
