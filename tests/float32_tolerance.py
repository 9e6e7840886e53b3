"""How close two float32 computations of one value must be when they may round differently.

float32 keeps 24 significant bits: each rounding errs by at most eps/2 (eps = 2**-23, about
1.2e-7) of the value. A small model's forward pass or a loss chains a few dozen roundings
(a dot product of a few terms per unit, a bias, an activation, a reduction), so two paths
that add in another order (BLAS kernels picked by batch size or memory layout, a DataFrame's
column-major copy against a row-major array, a fused kernel against composed ops, jax against
NumPy) each accumulate their own error: results a few tens of ulps apart, and a few training
steps carry that along. RTOL = 1e-5 (about 84 eps) covers it with room, and still catches a
real difference (a wrong term, a missed weight or a skipped step moves values by 1e-3 and more).
ATOL does the same for values near zero, where a relative bound means nothing: 1e-6 is 8 eps
of a unit-sized value.

Bit equality stays only where it is promised: the same inputs along the same path
(determinism, resuming after a crash, the accelerator against NumPy).
"""
import numpy as np

RTOL = 1e-5
ATOL = 1e-6


def assert_float32_close(actual, desired, err_msg=""):
    """Asserts two float32 results agree to float32 rounding (see the module docstring)."""
    np.testing.assert_allclose(actual, desired, rtol=RTOL, atol=ATOL, err_msg=err_msg)
