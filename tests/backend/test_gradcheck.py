"""The gradient checker itself: it passes correct VJPs and names the culprit of a wrong one."""
import doctest

import numpy as np
import pytest

from numkeras import ops
from numkeras.backend import gradcheck, math_ops
from numkeras.backend.gradcheck import check_grads
from numkeras.backend.primitive import Primitive, defvjp


def unregistered_primitive(fn, *vjps):
    """A primitive kept out of REGISTRY, so the table-coverage test does not ask for a row."""
    prim = Primitive(fn)
    defvjp(prim, *vjps)
    return prim


def cube(x):
    return x ** 3


WRONG_CUBE = unregistered_primitive(cube, lambda g, ans, x: g * 2 * x ** 2)  # should be 3 x^2
RIGHT_CUBE = unregistered_primitive(cube, lambda g, ans, x: g * 3 * x ** 2)


def scaled_sum(x, w):
    return np.sum(x * w)


# The second rule forgets to multiply by g, which only shows for g != 1.
HALF_WRONG = unregistered_primitive(scaled_sum, lambda g, ans, x, w: g * w, lambda g, ans, x, w: x)


@pytest.mark.parametrize("mode", ["projection", "jacobian"])
def test_correct_gradients_pass(mode):
    check_grads(RIGHT_CUBE, (np.array([0.5, -1.0, 2.0]),), mode=mode)
    check_grads(lambda x, w: ops.sum(ops.tanh(ops.matmul(x, w))), (np.ones((2, 3)), np.full((3, 2), 0.1)),
                mode=mode)


def test_a_wrong_vjp_is_reported_with_the_primitive_and_both_values():
    with pytest.raises(AssertionError) as failure:
        check_grads(WRONG_CUBE, (np.array([0.5, -1.0, 2.0]),))
    message = str(failure.value)
    assert "gradient of cube with respect to argument 0 (shape (3,))" in message
    assert "expected <u, J v>" in message and "finite differences" in message
    assert "got <J^T u, v>" in message


def test_jacobian_mode_names_the_first_wrong_entry():
    with pytest.raises(AssertionError, match=r"3 of 9 Jacobian entries differ; first d out\[0\] / d x\[0\]: "
                                             r"expected 0\.75\d* \(finite differences\), got 0\.5 \(VJP\)"):
        check_grads(WRONG_CUBE, (np.array([0.5, -1.0, 2.0]),), mode="jacobian")


def test_only_the_wrong_argument_fails():
    args = (np.array([1.0, 2.0]), np.array([3.0, -1.0]))
    check_grads(HALF_WRONG, args, argnums=0)
    with pytest.raises(AssertionError, match="with respect to argument 1"):
        check_grads(HALF_WRONG, args, argnums=[1])


def test_a_composed_function_is_named_by_its_primitives():
    def uses_wrong_cube(x):
        return ops.sum(WRONG_CUBE(ops.exp(x)))

    with pytest.raises(AssertionError, match="gradient of sum <- cube <- exp with respect to argument 0"):
        check_grads(uses_wrong_cube, (np.array([0.1, 0.2]),))


def test_a_missing_gradient_is_caught():
    no_rule = unregistered_primitive(cube, None)
    with pytest.raises(AssertionError, match="got <J\\^T u, v> = 0.0"):
        check_grads(no_rule, (np.array([1.0, 2.0]),))


def test_inputs_are_checked_in_float64():
    seen = []

    def spy(x, w):
        seen.append((x.dtype, w.dtype))
        return math_ops.multiply(x, w)

    check_grads(spy, (np.array([1.0, 2.0], "float32"), 0.5))
    assert seen and all(x == np.float64 and w == np.float64 for x, w in seen)


def test_python_floats_and_0d_arrays_are_differentiated():
    check_grads(math_ops.multiply, (np.array([1.0, 2.0]), 3.0), argnums=[1], mode="jacobian")
    check_grads(math_ops.power, (np.array([1.5, 2.0]), np.array(2.5)))


@pytest.mark.parametrize("call, error, match", [
    (lambda: check_grads(math_ops.exp, (np.ones(2),), mode="exact"), ValueError, "mode must be"),
    (lambda: check_grads(math_ops.take, (np.ones(3), np.array([0, 1])), argnums=[1]), ValueError,
     "argument 1 is not floating"),
    (lambda: check_grads(math_ops.exp, (np.array([1, 2]),)), ValueError, "no floating argument"),
    (lambda: check_grads(lambda x: np.exp(x.value), (np.ones(2),)), TypeError, "return a Tensor"),
    (lambda: check_grads(lambda x: ops.argmax(x), (np.ones(2),)), TypeError, "floating output"),
    (lambda: check_grads(math_ops.exp, (np.ones(400),), mode="jacobian"), ValueError, "use mode='projection'"),
])
def test_misuse_is_explained(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_docstring_example_runs():
    result = doctest.testmod(gradcheck, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3 and result.failed == 0
