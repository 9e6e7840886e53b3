"""The compiled scatter-add of an embedding's gradient against `np.add.at`: the same bits."""
import numpy as np
import pytest

from numkeras.backend import compiled_loops, math_ops

pytest.importorskip("numba")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_take_gradient_compiled_equals_add_at(dtype):
    rng = np.random.default_rng(0)
    table = rng.standard_normal((50, 3, 2)).astype(dtype)
    ids = rng.integers(-50, 50, (7, 40))          # repeats and negative ids
    g = rng.standard_normal((7, 40, 3, 2)).astype(dtype)
    saved = compiled_loops.STATE.mode
    try:
        compiled_loops.set_mode("numba")
        assert compiled_loops.compiled_module("gather_loops") is not None
        compiled = math_ops._take_vjp(g, None, table, ids, axis=0)
        compiled_loops.set_mode(None)
        reference = math_ops._take_vjp(g, None, table, ids, axis=0)
    finally:
        compiled_loops.set_mode(saved)
    expected = np.zeros_like(table)
    np.add.at(expected, ids, g)
    np.testing.assert_array_equal(reference, expected)
    np.testing.assert_array_equal(compiled, expected)
    assert compiled.dtype == table.dtype and np.abs(compiled).sum() > 0
