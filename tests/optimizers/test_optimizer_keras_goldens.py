"""Every optimizer against numbers computed once with real Keras 3 (see tools/optimizer_goldens.py).

Each case runs 3 steps on the same float32 kernel (2x2) and bias (2,) with
fixed gradients; the weights after every step and all optimizer variables
(values and Keras's order) must match.
"""
import numpy as np
import pytest
from float32_tolerance import assert_float32_close
from keras_optimizer_goldens import BIAS, BIAS_GRADS, CASES, CONSTRAINED, KERNEL, KERNEL_GRADS

from numkeras import optimizers
from numkeras.backend import Variable
from numkeras.optimizers import accelerator

# Keras names Nadam's running momentum product "variable"; we call it "u_product".
_RENAMED_SLOTS = {"variable": "u_product"}


def _build_argument(value):
    if isinstance(value, dict) and "schedule" in value:
        return getattr(optimizers.schedules, value["schedule"])(**value["config"])
    return value


def _run(case):
    constraint = (lambda w: np.maximum(w, 0.0)) if case in CONSTRAINED else None
    kernel = Variable(np.array(KERNEL, "float32"), name="kernel", constraint=constraint)
    bias = Variable(np.array(BIAS, "float32"), name="bias", constraint=constraint)
    spec = CASES[case]
    optimizer = getattr(optimizers, spec["class_name"])(
        **{k: _build_argument(v) for k, v in spec["kwargs"].items()})
    steps = []
    for kernel_grad, bias_grad in zip(KERNEL_GRADS, BIAS_GRADS):
        optimizer.apply_gradients([(np.array(kernel_grad, "float32"), kernel),
                                   (np.array(bias_grad, "float32"), bias)])
        steps.append((kernel.numpy(), bias.numpy()))
    return optimizer, steps


@pytest.fixture(params=[None, "numba"])
def accelerated(request):
    """Runs a test with NumPy, and again with the compiled (numba) updates."""
    accelerator.set_accelerator(request.param)
    yield request.param
    accelerator.set_accelerator("auto")


@pytest.mark.parametrize("case", sorted(CASES))
def test_weights_match_keras_after_each_step(case, accelerated):
    _, steps = _run(case)
    for step, (kernel, bias) in enumerate(steps):
        expected = CASES[case]["steps"][step]
        # jax and NumPy round each float32 step on their own, and steps carry it: float32 rounding
        assert_float32_close(kernel, expected["kernel"], err_msg=f"{case}: kernel after step {step + 1}")
        assert_float32_close(bias, expected["bias"], err_msg=f"{case}: bias after step {step + 1}")


@pytest.mark.parametrize("case", sorted(CASES))
def test_optimizer_variables_match_keras_in_order_and_value(case):
    optimizer, _ = _run(case)
    expected = CASES[case]["variables"]
    names = [v.name for v in optimizer.variables]
    assert names == [_RENAMED_SLOTS.get(name, name) for name, _ in expected]
    for variable, (name, value) in zip(optimizer.variables, expected):
        assert_float32_close(variable.numpy(), value, err_msg=f"{case}: optimizer variable {name}")
