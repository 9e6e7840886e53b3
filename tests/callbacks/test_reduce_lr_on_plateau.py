import numpy as np
import pytest

from numkeras.callbacks import ReduceLROnPlateau


def run(callback, model, fit_like, values, key="val_loss"):
    """Runs the epochs and returns the learning rate logged for each one (the rate in use during it)."""
    seen = []
    original = callback.on_epoch_end

    def record(epoch, logs=None):
        original(epoch, logs)
        seen.append(logs["learning_rate"])

    callback.on_epoch_end = record
    fit_like(callback, model, [{key: v} for v in values])
    return seen


def test_reduces_after_patience_epochs_without_improvement(model, fit_like):
    reduce = ReduceLROnPlateau(factor=0.5, patience=2)
    lrs = run(reduce, model, fit_like, [1.0] * 6)
    assert lrs == [0.01, 0.01, 0.01, 0.005, 0.005, 0.0025]  # reduced at the end of epochs 2 and 4
    assert model.optimizer.learning_rate == 0.0025


def test_improvement_resets_the_wait(model, fit_like):
    reduce = ReduceLROnPlateau(factor=0.5, patience=2)
    run(reduce, model, fit_like, [1.0, 1.0, 0.5, 0.5, 0.4, 0.4])
    assert model.optimizer.learning_rate == 0.01
    assert reduce.wait == 1 and reduce.best == 0.4


def test_min_delta_decides_what_counts_as_improvement(model, fit_like):
    run(ReduceLROnPlateau(factor=0.5, patience=1, min_delta=0.1), model, fit_like, [1.0, 0.95])
    assert model.optimizer.learning_rate == 0.005


def test_cooldown_delays_the_next_count(model, fit_like):
    no_cooldown = run(ReduceLROnPlateau(factor=0.5, patience=2), model, fit_like, [1.0] * 6)
    assert no_cooldown == [0.01, 0.01, 0.01, 0.005, 0.005, 0.0025]
    model.optimizer.learning_rate = 0.01
    with_cooldown = run(ReduceLROnPlateau(factor=0.5, patience=2, cooldown=2), model, fit_like, [1.0] * 6)
    assert with_cooldown == [0.01, 0.01, 0.01, 0.005, 0.005, 0.005]  # next reduction only after epoch 5
    assert model.optimizer.learning_rate == 0.0025


def test_min_lr_is_a_floor(model, fit_like):
    reduce = ReduceLROnPlateau(factor=0.1, patience=1, min_lr=0.005)
    lrs = run(reduce, model, fit_like, [1.0] * 5)
    assert lrs == [0.01, 0.01, 0.005, 0.005, 0.005]


def test_min_lr_reached_by_a_float32_optimizer(make_model, capsys):
    # float32(0.001) is a hair above 0.001: compared in float64 the rate would
    # look above the floor forever and be "reduced" to the same value again.
    model = make_model(learning_rate=0.01, lr_dtype=np.float32)
    reduce = ReduceLROnPlateau(monitor="loss", factor=0.1, patience=1, min_lr=0.001, verbose=1)
    reduce.set_model(model)
    reduce.on_train_begin()
    for epoch in range(6):
        reduce.on_epoch_end(epoch, {"loss": 1.0})
    assert model.optimizer.learning_rate == np.float32(0.001)
    assert capsys.readouterr().out == "Epoch 2: ReduceLROnPlateau reducing learning rate to 0.001.\n"


def test_message_and_max_mode(model, fit_like, capsys):
    reduce = ReduceLROnPlateau(monitor="val_accuracy", factor=0.1, patience=1, verbose=1)
    run(reduce, model, fit_like, [0.5, 0.6, 0.55], key="val_accuracy")
    assert capsys.readouterr().out == "Epoch 3: ReduceLROnPlateau reducing learning rate to 0.001.\n"


def test_missing_monitor_warns_but_logs_learning_rate(model):
    reduce = ReduceLROnPlateau()
    reduce.set_model(model)
    logs = {"loss": 1.0}
    with pytest.warns(UserWarning, match="`val_loss` which is not available"):
        reduce.on_epoch_end(0, logs)
    assert logs == {"loss": 1.0, "learning_rate": 0.01}


def test_invalid_arguments():
    with pytest.raises(ValueError, match="factor >= 1.0"):
        ReduceLROnPlateau(factor=1.0)
    with pytest.raises(ValueError, match="unknown argument"):
        ReduceLROnPlateau(lr_min=0.1)
    with pytest.warns(DeprecationWarning, match="epsilon"):
        assert ReduceLROnPlateau(epsilon=0.5).min_delta == 0.5


def test_model_without_optimizer_is_a_clear_error():
    class Bare:
        optimizer = None

    reduce = ReduceLROnPlateau()
    reduce.set_model(Bare())
    with pytest.raises(ValueError, match="compile"):
        reduce.on_epoch_end(0, {"val_loss": 1.0})
