"""Each update rule against its formula, worked by hand for two or three steps.

All cases use float64 variables so that the comparison at 1e-6 checks the
formula, not float32 rounding (the learning rate itself is stored in float32,
as Keras does: 0.1 is 0.10000000149). The arithmetic is written out in comments.
"""
import math

import numpy as np
import pytest

from numkeras.backend import Variable
from numkeras.optimizers import SGD, Adadelta, Adagrad, Adam, Adamax, AdamW, Ftrl, Lion, Nadam, RMSprop


def run(optimizer, grads, start=1.0):
    """Applies scalar gradients one step at a time to w = [start]; returns w after each step."""
    w = Variable(np.array([start]), dtype="float64")
    history = []
    for g in grads:
        optimizer.apply([np.array([g])], [w])
        history.append(float(w.value[0]))
    return history


def test_sgd_plain():
    # w1 = 1 - 0.1 * 1 = 0.9;  w2 = 0.9 - 0.1 * 2 = 0.7
    assert run(SGD(learning_rate=0.1), [1.0, 2.0]) == pytest.approx([0.9, 0.7], abs=1e-6)


def test_sgd_momentum():
    # m1 = 0.9 * 0 - 0.1 * 1 = -0.1;         w1 = 1 - 0.1 = 0.9
    # m2 = 0.9 * -0.1 - 0.1 * 2 = -0.29;     w2 = 0.9 - 0.29 = 0.61
    assert run(SGD(0.1, momentum=0.9), [1.0, 2.0]) == pytest.approx([0.9, 0.61], abs=1e-6)


def test_sgd_nesterov_uses_the_new_momentum():
    # m1 = -0.1;  w1 = 1 + 0.9 * -0.1 - 0.1 * 1 = 0.81
    # m2 = -0.29; w2 = 0.81 + 0.9 * -0.29 - 0.1 * 2 = 0.81 - 0.261 - 0.2 = 0.349
    assert run(SGD(0.1, momentum=0.9, nesterov=True), [1.0, 2.0]) == pytest.approx([0.81, 0.349], abs=1e-6)


def test_rmsprop_epsilon_inside_the_sqrt():
    # v1 = 0.1 * 1 = 0.1;            w1 = 1 - 0.01 * 1 / sqrt(0.1 + 1e-7)  = 1 - 0.0316227...
    # v2 = 0.9 * 0.1 + 0.1 * 4 = 0.49;  w2 = w1 - 0.01 * 2 / sqrt(0.49 + 1e-7) = w1 - 0.0285714...
    w1 = 1 - 0.01 / math.sqrt(0.1 + 1e-7)
    w2 = w1 - 0.02 / math.sqrt(0.49 + 1e-7)
    assert run(RMSprop(learning_rate=0.01), [1.0, 2.0]) == pytest.approx([w1, w2], abs=1e-6)
    # PyTorch's form, sqrt(v) + eps, would give a different value at this eps only
    # in the 7th digit, so check it with a large epsilon where the two differ clearly:
    w1_keras = 1 - 0.01 / math.sqrt(0.1 + 0.5)
    assert run(RMSprop(0.01, epsilon=0.5), [1.0]) == pytest.approx([w1_keras], abs=1e-9)


def test_rmsprop_centered():
    # a1 = 0.1;  v1 = 0.1;  denominator1 = 0.1 - 0.01 + 1e-7 = 0.0900001; w1 = 1 - 0.01 / 0.3 = 0.96667
    # a2 = 0.09 + 0.2 = 0.29; v2 = 0.49; denominator2 = 0.49 - 0.0841 + 1e-7 = 0.4059001
    w1 = 1 - 0.01 / math.sqrt(0.09 + 1e-7)
    w2 = w1 - 0.02 / math.sqrt(0.4059 + 1e-7)
    assert run(RMSprop(0.01, centered=True), [1.0, 2.0]) == pytest.approx([w1, w2], abs=1e-6)


def test_rmsprop_momentum():
    # inc1 = 0.01 / sqrt(0.1 + 1e-7);  mo1 = inc1;               w1 = 1 - mo1
    # inc2 = 0.02 / sqrt(0.49 + 1e-7); mo2 = 0.5 * mo1 + inc2;   w2 = w1 - mo2
    inc1, inc2 = 0.01 / math.sqrt(0.1 + 1e-7), 0.02 / math.sqrt(0.49 + 1e-7)
    expected = [1 - inc1, 1 - inc1 - (0.5 * inc1 + inc2)]
    assert run(RMSprop(0.01, momentum=0.5), [1.0, 2.0]) == pytest.approx(expected, abs=1e-6)


def adam_by_hand(grads, lr=0.1, b1=0.9, b2=0.999, eps=1e-7, amsgrad=False, decay=0.0):
    """Keras's Adam written out: bias corrections folded into alpha, eps added to sqrt(v)."""
    w, m, v, v_hat, out = 1.0, 0.0, 0.0, 0.0, []
    for t, g in enumerate(grads, start=1):
        w -= w * decay * lr
        m += (g - m) * (1 - b1)
        v += (g * g - v) * (1 - b2)
        v_hat = max(v_hat, v)
        alpha = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        w -= alpha * m / (math.sqrt(v_hat if amsgrad else v) + eps)
        out.append(w)
    return out


def test_adam_three_steps():
    # t=1: m = 0.1, v = 0.001, alpha = 0.1 * sqrt(0.001) / 0.1 = 0.0316228
    #      w1 = 1 - 0.0316228 * 0.1 / (0.0316228 + 1e-7) = 0.9000003
    assert run(Adam(0.1), [1.0, 2.0, -1.0])[0] == pytest.approx(0.9000003, abs=1e-6)
    assert run(Adam(0.1), [1.0, 2.0, -1.0]) == pytest.approx(adam_by_hand([1.0, 2.0, -1.0]), abs=1e-6)


def test_amsgrad_uses_the_running_maximum_of_v():
    # v1 = 0.001 * 100 = 0.1 and v2 = 0.0999 + 0.001 * 0.01 = 0.09991 < v1: v_hat2 = 0.1
    grads = [10.0, 0.1, 0.1]
    with_ams = run(Adam(0.1, amsgrad=True), grads)
    assert with_ams == pytest.approx(adam_by_hand(grads, amsgrad=True), abs=1e-6)
    assert with_ams[1] != pytest.approx(adam_by_hand(grads)[1], abs=1e-6)


def test_adamw_decays_before_the_adam_step():
    # w -= w * 0.1 * 0.1 (= 0.01 w) before each Adam update
    grads = [1.0, 2.0]
    assert run(AdamW(0.1, weight_decay=0.1), grads) == pytest.approx(
        adam_by_hand(grads, decay=0.1), abs=1e-6)


def test_adagrad():
    # acc1 = 0.1 + 1 = 1.1;  w1 = 1 - 0.1 * 1 / sqrt(1.1 + 1e-7)
    # acc2 = 1.1 + 4 = 5.1;  w2 = w1 - 0.1 * 2 / sqrt(5.1 + 1e-7)
    w1 = 1 - 0.1 / math.sqrt(1.1 + 1e-7)
    w2 = w1 - 0.2 / math.sqrt(5.1 + 1e-7)
    assert run(Adagrad(0.1), [1.0, 2.0]) == pytest.approx([w1, w2], abs=1e-6)


def test_adadelta():
    # Eg1 = 0.05;  d1 = -sqrt(0 + 1e-7) / sqrt(0.05 + 1e-7) * 1;   Edx1 = 0.05 * d1**2;  w1 = 1 + d1
    # Eg2 = 0.95 * 0.05 + 0.05 * 4 = 0.2475;  d2 = -sqrt(Edx1 + 1e-7) / sqrt(0.2475 + 1e-7) * 2
    d1 = -math.sqrt(1e-7) / math.sqrt(0.05 + 1e-7)
    edx1 = 0.05 * d1 * d1
    d2 = -math.sqrt(edx1 + 1e-7) / math.sqrt(0.2475 + 1e-7) * 2
    assert run(Adadelta(1.0), [1.0, 2.0]) == pytest.approx([1 + d1, 1 + d1 + d2], abs=1e-9)


def test_adamax():
    # t=1: m = 0.1, u = max(0, 1) = 1;          w1 = 1 - 0.1 * 0.1 / ((1 - 0.9) * (1 + 1e-7))
    # t=2: m = 0.09 + 0.2 = 0.29, u = max(0.999, 2) = 2; w2 = w1 - 0.1 * 0.29 / ((1 - 0.81) * (2 + 1e-7))
    w1 = 1 - 0.01 / (0.1 * (1 + 1e-7))
    w2 = w1 - 0.029 / (0.19 * (2 + 1e-7))
    assert run(Adamax(0.1), [1.0, 2.0]) == pytest.approx([w1, w2], abs=1e-6)


def test_nadam():
    # u_t = 0.9 * (1 - 0.5 * 0.96**t); the product of u's so far is kept across steps.
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-7
    w, m, v, u_product, expected = 1.0, 0.0, 0.0, 1.0, []
    for t, g in enumerate([1.0, 2.0, -1.0], start=1):
        u_t, u_next = b1 * (1 - 0.5 * 0.96 ** t), b1 * (1 - 0.5 * 0.96 ** (t + 1))
        u_product *= u_t
        m += (g - m) * (1 - b1)
        v += (g * g - v) * (1 - b2)
        m_hat = u_next * m / (1 - u_product * u_next) + (1 - u_t) * g / (1 - u_product)
        v_hat = v / (1 - b2 ** t)
        w -= lr * m_hat / (math.sqrt(v_hat) + eps)
        expected.append(w)
    # step 1 by hand: u1 = 0.468, u2 = 0.485280; m_hat = 0.48528 * 0.1 / (1 - 0.227111) + 0.532 / 0.532
    #                 = 1.062790; v_hat = 1; w1 = 1 - 0.1 * 1.062790 / (1 + 1e-7) = 0.893721
    assert expected[0] == pytest.approx(0.893721, abs=1e-6)
    assert run(Nadam(lr), [1.0, 2.0, -1.0]) == pytest.approx(expected, abs=1e-6)


def test_lion_moves_by_the_sign():
    # step 1: sign(0.9 * 0 + 0.1 * 1) = 1 -> w1 = 0.9;  m1 = 0.99 * 0 + 0.01 * 1 = 0.01
    # step 2: sign(0.9 * 0.01 + 0.1 * -2) = sign(-0.191) = -1 -> w2 = 1.0;  m2 = 0.0099 - 0.02
    assert run(Lion(0.1), [1.0, -2.0]) == pytest.approx([0.9, 1.0], abs=1e-6)


def test_ftrl():
    # n1 = 0.1 + 1 = 1.1;  z1 = 0 + 1 - (sqrt(1.1) - sqrt(0.1)) / 0.1 * 0 = 1 (w starts at 0)
    # w1 = (clip(1, -0.5, 0.5) - 1) / (sqrt(1.1) / 0.1 + 2 * 0) = -0.5 / 10.48809 = -0.0476731
    assert run(Ftrl(0.1, l1_regularization_strength=0.5), [1.0], start=0.0) == pytest.approx(
        [-0.5 / (math.sqrt(1.1) / 0.1)], abs=1e-9)


def test_weight_decay_is_decoupled_and_uses_the_learning_rate():
    # w1 = (1 - 1 * 0.5 * 0.1) - 0.1 * 1 = 0.85
    # w2 = (0.85 - 0.85 * 0.05) - 0.1 * 2 = 0.8075 - 0.2 = 0.6075
    assert run(SGD(0.1, weight_decay=0.5), [1.0, 2.0]) == pytest.approx([0.85, 0.6075], abs=1e-6)


def test_clipnorm_per_tensor():
    # g = [3, 4] has norm 5 > 1 -> [0.6, 0.8]; g = [0.3, 0.4] (norm 0.5) passes unchanged.
    w = Variable(np.zeros(2), dtype="float64")
    optimizer = SGD(1.0, clipnorm=1.0)
    optimizer.apply([np.array([3.0, 4.0])], [w])
    np.testing.assert_allclose(w.value, [-0.6, -0.8], atol=1e-12)
    optimizer.apply([np.array([0.3, 0.4])], [w])
    np.testing.assert_allclose(w.value, [-0.9, -1.2], atol=1e-12)


def test_global_clipnorm_scales_all_gradients_together():
    # norms 3 and 4 -> global norm 5 -> both scaled by 1/5
    a, b = Variable(np.zeros(1), dtype="float64"), Variable(np.zeros(1), dtype="float64")
    SGD(1.0, global_clipnorm=1.0).apply([np.array([3.0]), np.array([4.0])], [a, b])
    assert (float(a.value[0]), float(b.value[0])) == pytest.approx((-0.6, -0.8), abs=1e-12)


def test_clipvalue():
    w = Variable(np.zeros(2), dtype="float64")
    SGD(1.0, clipvalue=0.5).apply([np.array([3.0, -0.2])], [w])
    np.testing.assert_allclose(w.value, [-0.5, 0.2], atol=1e-12)


def test_clipping_does_not_modify_the_callers_gradient():
    grad = np.array([3.0, 4.0])
    w = Variable(np.zeros(2), dtype="float64")
    SGD(1.0, clipnorm=1.0).apply([grad], [w])
    np.testing.assert_array_equal(grad, [3.0, 4.0])


def test_constraint_is_applied_after_the_update():
    seen = []

    def clip_to_half(value):
        seen.append(value.copy())
        return np.clip(value, -0.5, 0.5)

    w = Variable(np.array([0.4]), dtype="float64", constraint=clip_to_half)
    SGD(1.0).apply([np.array([-0.3])], [w])
    assert seen[0].tolist() == pytest.approx([0.7])   # the constraint saw the updated value
    assert w.value.tolist() == [0.5]


def test_legacy_decay_divides_the_rate_by_one_plus_decay_times_iterations():
    # lr_t = 0.1 / (1 + 0.5 * t) for t = 0, 1, 2 -> 0.1, 0.0666667, 0.05
    with pytest.warns(DeprecationWarning, match="decay"):
        optimizer = SGD(learning_rate=0.1, decay=0.5)
    assert run(optimizer, [1.0, 1.0, 1.0]) == pytest.approx(
        [0.9, 0.9 - 0.1 / 1.5, 0.9 - 0.1 / 1.5 - 0.05], abs=1e-6)


def test_float32_variables_stay_float32():
    w = Variable(np.array([1.0, 2.0], "float32"))
    Adam(0.1).apply([np.array([1.0, 1.0])], [w])   # a float64 gradient is cast, as in Keras
    assert w.value.dtype == np.float32
