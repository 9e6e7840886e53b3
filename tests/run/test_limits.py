"""Caps on epochs and steps (`numkeras.compat.limits`), and their use around fit."""
import warnings

import numpy as np
import pytest

import numkeras
from numkeras.compat import limits


@pytest.fixture(autouse=True)
def clean_limits(monkeypatch):
    for variable in (limits.ENV_MAX_EPOCHS, limits.ENV_MAX_STEPS, limits.ENV_STEP_CALLS):
        monkeypatch.delenv(variable, raising=False)
    yield
    limits.set_max_epochs(None)
    limits.set_max_steps_per_epoch(None)
    limits._warned.clear()


def test_epoch_cap_and_environment(monkeypatch):
    assert limits.max_epochs() is None and limits.limit_epochs(7) == 7
    monkeypatch.setenv("KERAS_MAX_EPOCHS", "3")  # Keras 3's variable, read at each query
    with pytest.warns(UserWarning, match="Limiting epochs to 3"):
        assert limits.limit_epochs(7) == 3
    assert limits.limit_epochs(2) == 2
    limits.set_max_epochs(5)  # a value set in code wins over the environment
    assert limits.max_epochs() == 5
    with pytest.raises(ValueError, match="positive int"):
        limits.set_max_epochs(-1)


def test_step_cap_never_cycles_data():
    limits.set_max_steps_per_epoch(4)
    assert limits.limit_steps(None, available=3) is None  # fewer batches than the cap: unchanged
    with pytest.warns(UserWarning, match="Limiting steps per epoch of fit"):
        assert limits.limit_steps(None, available=10) == 4
    assert limits.limit_steps(2) == 2 and limits.limit_steps(9) == 4
    assert limits.max_steps_per_epoch("predict") == 4  # fit, evaluate and predict, as Keras


def test_step_cap_for_some_calls(monkeypatch):
    limits.set_max_steps_per_epoch(2, calls="fit")
    assert limits.max_steps_per_epoch("fit") == 2 and limits.max_steps_per_epoch("predict") is None
    with pytest.raises(ValueError, match="takes names among"):
        limits.set_max_steps_per_epoch(2, calls=["train"])
    limits.set_max_steps_per_epoch(None)
    monkeypatch.setenv("KERAS_MAX_STEPS_PER_EPOCH", "6")
    monkeypatch.setenv("NUMKERAS_MAX_STEPS_CALLS", "fit,evaluate")
    assert limits.max_steps_per_epoch("evaluate") == 6
    assert limits.max_steps_per_epoch("predict") is None


def test_fit_limits_are_idempotent_and_warn_once():
    limits.set_max_epochs(2)
    limits.set_max_steps_per_epoch(3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        once = limits.apply_fit_limits(10, None, 50)
        assert limits.apply_fit_limits(*once, 50) == once == (2, 3)
    assert len(caught) == 2  # one per cap, however often fit is called


def test_caps_around_a_real_fit():
    limits.set_max_epochs(2)
    limits.set_max_steps_per_epoch(3, calls="fit")
    undo = limits.install_caps()
    try:
        assert limits.install_caps() is None  # already wrapped
        model = numkeras.Sequential([numkeras.layers.Dense(1, input_shape=(2,))])
        model.compile(optimizer="sgd", loss="mse")
        batches = []
        counter = numkeras.callbacks.LambdaCallback(
            on_train_batch_end=lambda b, logs: batches.append(b))
        with pytest.warns(UserWarning, match="Limiting"):
            history = model.fit(np.zeros((100, 2)), np.zeros((100, 1)), batch_size=10, epochs=5,
                                callbacks=[counter], verbose=0)
        assert history.epoch == [0, 1] and batches == [0, 1, 2, 0, 1, 2]
        assert model.predict(np.zeros((100, 2)), verbose=0).shape == (100, 1)  # fit only
        limits.set_max_steps_per_epoch(2)  # all calls, as Keras: predict returns 2 batches
        with pytest.warns(UserWarning, match="Limiting steps per epoch of predict"):
            assert model.predict(np.zeros((100, 2)), batch_size=10, verbose=0).shape == (20, 1)
        assert model.predict(np.zeros((15, 2)), batch_size=10, verbose=0).shape == (15, 1)
        evaluated = []
        with pytest.warns(UserWarning, match="Limiting steps per epoch of evaluate"):
            model.evaluate(np.zeros((100, 2)), np.zeros((100, 1)), batch_size=10, verbose=0,
                           callbacks=[numkeras.callbacks.LambdaCallback(
                               on_test_batch_end=lambda b, logs: evaluated.append(b))])
        assert evaluated == [0, 1]
    finally:
        undo()
    for call in ("fit", "evaluate", "predict"):
        method = getattr(numkeras.models.trainer.Trainer, call)
        assert not getattr(method, "_numkeras_limits_wrapper", False)
