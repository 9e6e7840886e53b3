import numpy as np
import pytest

from numkeras.callbacks import EarlyStopping


def loss_logs(values, key="loss"):
    return [{key: v} for v in values]


@pytest.mark.parametrize(
    "losses, patience, stopped_epoch, epochs_run",
    [
        ([1.0, 0.9, 0.95, 0.8], 0, 2, 3),  # patience 0: the first non-improving epoch stops
        ([1.0, 0.9, 0.95, 0.96, 0.5], 2, 3, 4),  # two non-improving epochs in a row
        ([1.0, 0.9, 0.95, 0.8, 0.85, 0.7], 2, 0, 6),  # never two bad epochs in a row: no stop
        ([1.0, 1.0], 0, 1, 2),  # equal is not better
        ([1.0, 0.9, 0.95, 0.8], 1, 2, 3),  # as in Keras, patience 1 acts like patience 0
    ],
)
def test_stops_after_patience_non_improving_epochs(model, fit_like, losses, patience, stopped_epoch, epochs_run):
    stop = EarlyStopping(monitor="loss", patience=patience)
    assert fit_like(stop, model, loss_logs(losses)) == epochs_run
    assert stop.stopped_epoch == stopped_epoch


def test_best_and_best_epoch(model, fit_like):
    stop = EarlyStopping(monitor="loss", patience=5)
    fit_like(stop, model, loss_logs([1.0, 0.4, 0.6, 0.5]))
    assert stop.best == 0.4
    assert stop.best_epoch == 1


def test_min_delta_requires_a_larger_improvement(model, fit_like):
    losses = loss_logs([1.0, 0.95, 0.85])
    assert fit_like(EarlyStopping(monitor="loss", patience=0), model, losses) == 3
    strict = EarlyStopping(monitor="loss", patience=0, min_delta=0.1)
    assert fit_like(strict, model, losses) == 2
    assert strict.stopped_epoch == 1
    assert EarlyStopping(min_delta=-0.1).min_delta == 0.1  # the sign is ignored


def test_baseline_keeps_counting_until_beaten(model, fit_like):
    losses = loss_logs([1.0, 0.9, 0.8, 0.85])
    # Without a baseline the last epoch is the first bad one: patience 2 is not used up.
    assert fit_like(EarlyStopping(monitor="loss", patience=2), model, losses) == 4
    with_baseline = EarlyStopping(monitor="loss", patience=2, baseline=0.5)
    assert fit_like(with_baseline, model, losses) == 4
    assert with_baseline.stopped_epoch == 3
    assert with_baseline.best == 0.8


def test_beating_the_baseline_resets_patience(model, fit_like):
    stop = EarlyStopping(monitor="loss", patience=1, baseline=0.5)
    fit_like(stop, model, loss_logs([0.4, 0.45, 0.3]))
    assert stop.stopped_epoch == 1


def test_start_from_epoch_ignores_warm_up_epochs(model, fit_like):
    losses = loss_logs([1.0, 2.0, 3.0, 2.5, 2.6])
    assert fit_like(EarlyStopping(monitor="loss"), model, losses) == 2
    warm = EarlyStopping(monitor="loss", start_from_epoch=2)
    assert fit_like(warm, model, losses) == 5
    assert warm.stopped_epoch == 4
    assert warm.best == 2.5


def test_restore_best_weights_when_it_stopped_training(model, fit_like, capsys):
    stop = EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True, verbose=1)
    ran = fit_like(stop, model, loss_logs([0.5, 0.3, 0.4, 0.45, 0.2], key="val_loss"))
    assert ran == 4
    np.testing.assert_array_equal(model.weights[0], np.full((2, 2), 1.0))  # epoch 1 was best
    assert capsys.readouterr().out == (
        "Epoch 4: early stopping\nRestoring model weights from the end of the best epoch: 2.\n"
    )


def test_restore_best_weights_when_training_ran_to_completion(model, fit_like, capsys):
    stop = EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True, verbose=1)
    assert fit_like(stop, model, loss_logs([0.5, 0.3, 0.4], key="val_loss")) == 3
    assert stop.stopped_epoch == 0
    np.testing.assert_array_equal(model.weights[1], np.full(2, 1.0))
    assert capsys.readouterr().out == "Restoring model weights from the end of the best epoch: 2.\n"


def test_without_restore_the_last_weights_stay(model, fit_like, capsys):
    fit_like(EarlyStopping(monitor="val_loss", patience=0), model, loss_logs([0.5, 0.6], key="val_loss"))
    np.testing.assert_array_equal(model.weights[0], np.full((2, 2), 1.0))
    assert capsys.readouterr().out == ""  # verbose=0


def test_mode_auto_maximizes_accuracy_and_minimizes_errors(model, fit_like):
    acc = EarlyStopping(monitor="val_accuracy", patience=0)
    fit_like(acc, model, loss_logs([0.5, 0.7, 0.6], key="val_accuracy"))
    assert (acc.stopped_epoch, acc.best) == (2, 0.7)
    mae = EarlyStopping(monitor="val_mae", patience=0)
    fit_like(mae, model, loss_logs([0.5, 0.7], key="val_mae"))
    assert mae.stopped_epoch == 1


def test_explicit_mode_overrides_the_name(model, fit_like):
    stop = EarlyStopping(monitor="loss", patience=0, mode="max")
    fit_like(stop, model, loss_logs([1.0, 2.0, 1.5]))
    assert stop.stopped_epoch == 2


def test_unknown_direction_asks_for_mode(model, fit_like):
    with pytest.raises(ValueError, match="mode='max'.*mode='min'"):
        fit_like(EarlyStopping(monitor="my_score"), model, loss_logs([1.0], key="my_score"))


def test_direction_declared_by_a_model_metric(model, fit_like):
    class Metric:
        name = "my_score"
        _direction = "up"

    model.metrics = [Metric()]
    stop = EarlyStopping(monitor="val_my_score", patience=0)
    fit_like(stop, model, loss_logs([1.0, 2.0, 1.5], key="val_my_score"))
    assert stop.stopped_epoch == 2


def test_missing_monitor_warns_with_available_keys_and_never_stops(model, fit_like):
    stop = EarlyStopping(monitor="val_loss", patience=0)
    with pytest.warns(UserWarning, match="`val_loss` which is not available. Available metrics are: accuracy,loss"):
        ran = fit_like(stop, model, [{"accuracy": 0.5, "loss": 1.0}, {"accuracy": 0.4, "loss": 2.0}])
    assert ran == 2


def test_state_resets_between_fits(model, fit_like):
    stop = EarlyStopping(monitor="loss", patience=0)
    fit_like(stop, model, loss_logs([0.1, 0.2]))
    assert stop.stopped_epoch == 1
    # A second run with worse absolute values must not compare against the first run's best.
    assert fit_like(stop, model, loss_logs([5.0, 4.0, 3.0])) == 3
    assert stop.stopped_epoch == 0 and stop.best == 3.0


@pytest.mark.parametrize("kwargs", [{"patience": -1}, {"patience": 1.5}, {"start_from_epoch": -2}, {"mode": "minimum"}])
def test_invalid_arguments(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        EarlyStopping(**kwargs)
