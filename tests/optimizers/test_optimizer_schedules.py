"""Learning-rate schedules: Keras 3's values, the formulas by hand, configs and errors."""
import math

import numpy as np
import pytest
from keras_optimizer_goldens import SCHEDULE_STEPS, SCHEDULES

from numkeras.backend import Variable
from numkeras.optimizers import SGD, schedules


@pytest.mark.parametrize("case", sorted(SCHEDULES))
def test_values_match_keras(case):
    spec = SCHEDULES[case]
    schedule = getattr(schedules, spec["class_name"])(**spec["config"])
    # Keras computes in float32, we in float64: agree to float32 precision.
    np.testing.assert_allclose([schedule(step) for step in SCHEDULE_STEPS], spec["values"],
                               rtol=1e-6, atol=1e-9, err_msg=case)


def test_exponential_decay_by_hand():
    schedule = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert schedule(0) == pytest.approx(0.1)
    assert schedule(5) == pytest.approx(0.1 * 0.5 ** 0.5)       # 0.0707107
    assert schedule(20) == pytest.approx(0.025)
    staircase = schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True)
    assert (staircase(9), staircase(10)) == pytest.approx((0.1, 0.05))


def test_piecewise_constant_boundaries_belong_to_the_earlier_interval():
    schedule = schedules.PiecewiseConstantDecay([5, 15], [1.0, 0.5, 0.1])
    assert [schedule(s) for s in (0, 5, 6, 15, 16, 1000)] == [1.0, 1.0, 0.5, 0.5, 0.1, 0.1]


def test_polynomial_decay_by_hand():
    # (0.1 - 0.01) * (1 - 5/10)**2 + 0.01 = 0.09 * 0.25 + 0.01 = 0.0325
    schedule = schedules.PolynomialDecay(0.1, 10, end_learning_rate=0.01, power=2.0)
    assert schedule(5) == pytest.approx(0.0325)
    assert schedule(50) == pytest.approx(0.01)                   # held at the end value
    cycling = schedules.PolynomialDecay(0.1, 10, end_learning_rate=0.01, cycle=True)
    # step 15: horizon 20 -> (0.09) * (1 - 15/20) + 0.01 = 0.0325
    assert cycling(15) == pytest.approx(0.0325)


def test_inverse_time_decay_by_hand():
    schedule = schedules.InverseTimeDecay(0.1, decay_steps=5, decay_rate=0.5)
    assert schedule(10) == pytest.approx(0.1 / (1 + 0.5 * 2))    # 0.05
    assert schedules.InverseTimeDecay(0.1, 5, 0.5, staircase=True)(9) == pytest.approx(0.1 / 1.5)


def test_cosine_decay_with_warmup_by_hand():
    schedule = schedules.CosineDecay(0.0, decay_steps=20, warmup_target=0.1, warmup_steps=5)
    assert schedule(2) == pytest.approx(0.04)                    # linear: 0.1 * 2 / 5
    assert schedule(5) == pytest.approx(0.1)                     # the peak
    assert schedule(15) == pytest.approx(0.1 * 0.5 * (1 + math.cos(math.pi * 10 / 20)))
    assert schedule(100) == pytest.approx(0.0, abs=1e-12)
    floor = schedules.CosineDecay(0.1, decay_steps=20, alpha=0.1)
    assert floor(20) == pytest.approx(0.01) and floor(500) == pytest.approx(0.01)


def test_cosine_decay_restarts_by_hand():
    # t_mul=2: periods of 5, 10, 20 steps start at steps 0, 5, 15.
    schedule = schedules.CosineDecayRestarts(0.1, first_decay_steps=5, m_mul=0.5)
    assert schedule(5) == pytest.approx(0.05)                    # restart at half the peak
    assert schedule(10) == pytest.approx(0.05 * 0.5 * (1 + math.cos(math.pi * 0.5)))
    assert schedule(15) == pytest.approx(0.025)


@pytest.mark.parametrize("case", sorted(SCHEDULES))
def test_config_round_trip(case):
    spec = SCHEDULES[case]
    original = getattr(schedules, spec["class_name"])(**spec["config"])
    rebuilt = type(original).from_config(original.get_config())
    assert rebuilt.get_config() == original.get_config()
    data = schedules.serialize(original)
    assert (data["module"], data["class_name"], data["registered_name"]) == (
        "keras.optimizers.schedules", spec["class_name"], None)
    assert schedules.deserialize(data)(7) == original(7)


def test_keras_config_keys():
    assert list(schedules.CosineDecay(0.1, 10).get_config()) == [
        "initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps"]
    assert list(schedules.CosineDecayRestarts(0.1, 10).get_config()) == [
        "initial_learning_rate", "first_decay_steps", "t_mul", "m_mul", "alpha", "name"]


def test_invalid_arguments():
    with pytest.raises(ValueError, match="decay_steps"):
        schedules.ExponentialDecay(0.1, 0, 0.5)
    with pytest.raises(ValueError, match="first_decay_steps"):
        schedules.CosineDecayRestarts(0.1, -1)
    with pytest.raises(ValueError, match="1 less than"):
        schedules.PiecewiseConstantDecay([1, 2], [1.0, 0.5])
    with pytest.raises(ValueError, match="Unknown learning rate schedule"):
        schedules.deserialize({"class_name": "Nope", "config": {}})


def test_custom_schedules():
    class Halving(schedules.LearningRateSchedule):
        def __init__(self, start):
            self.start = start

        def __call__(self, step):
            return self.start / 2 ** step

        def get_config(self):
            return {"start": self.start}

    data = schedules.serialize(Halving(1.0))
    assert data["registered_name"] == "Halving"
    assert schedules.deserialize(data, custom_objects={"Halving": Halving})(3) == 0.125
    with pytest.raises(NotImplementedError, match="__call__"):
        schedules.LearningRateSchedule()(0)


def test_step_may_be_the_optimizers_iterations_variable():
    optimizer = SGD(learning_rate=schedules.ExponentialDecay(1.0, 1, 0.5))
    w = Variable(np.zeros(1, "float32"))
    optimizer.apply([np.ones(1, "float32")], [w])
    assert optimizer._learning_rate(optimizer.iterations) == 0.5
