import numpy as np
import pytest

from numkeras.callbacks import CallbackList, LearningRateScheduler


def test_two_argument_schedule_gets_the_current_rate(model, fit_like):
    scheduler = LearningRateScheduler(lambda epoch, lr: lr * 0.5)
    fit_like(scheduler, model, [{"loss": 1.0}] * 3)
    assert model.optimizer.learning_rate == 0.01 * 0.5 ** 3


def test_one_argument_schedule(model, fit_like):
    calls = []

    def schedule(epoch):
        calls.append(epoch)
        return 0.1 if epoch < 2 else 0.01

    fit_like(LearningRateScheduler(schedule), model, [{"loss": 1.0}] * 3)
    assert calls == [0, 1, 2]
    assert model.optimizer.learning_rate == 0.01


def test_default_second_argument_still_counts_as_two_arguments(model):
    scheduler = LearningRateScheduler(lambda epoch, lr=1.0: lr + epoch)
    scheduler.set_model(model)
    scheduler.on_epoch_begin(2)
    assert model.optimizer.learning_rate == 2.01


def test_a_type_error_inside_the_schedule_is_not_swallowed(model):
    def schedule(epoch, lr):
        return lr + "oops"

    scheduler = LearningRateScheduler(schedule)
    scheduler.set_model(model)
    with pytest.raises(TypeError, match="str"):
        scheduler.on_epoch_begin(0)


def test_learning_rate_is_added_to_the_epoch_logs_and_history(model):
    cbs = CallbackList([LearningRateScheduler(lambda epoch: 0.1 / (epoch + 1))], add_history=True, model=model,
                       verbose=0, epochs=2, steps=1)
    cbs.on_train_begin()
    for epoch in range(2):
        cbs.on_epoch_begin(epoch)
        logs = cbs.on_epoch_end(epoch, {"loss": 1.0, "accuracy": 0.5})
    assert list(logs) == ["accuracy", "loss", "learning_rate"]  # appended after the sorted keys
    assert model.history.history["learning_rate"] == [0.1, 0.05]


@pytest.mark.parametrize("value", [np.float32(0.5), np.float64(0.5), np.array(0.5), 1])
def test_numeric_results_are_accepted(model, value):
    scheduler = LearningRateScheduler(lambda epoch: value)
    scheduler.set_model(model)
    scheduler.on_epoch_begin(0)
    assert model.optimizer.learning_rate == float(value)
    assert type(model.optimizer.learning_rate) is float


@pytest.mark.parametrize("value", [None, "0.1", True, np.array([0.1, 0.2])])
def test_non_numeric_results_are_rejected(model, value):
    scheduler = LearningRateScheduler(lambda epoch: value)
    scheduler.set_model(model)
    with pytest.raises(ValueError, match="should be a float. Got"):
        scheduler.on_epoch_begin(0)


def test_verbose_message(model, capsys):
    scheduler = LearningRateScheduler(lambda epoch, lr: 0.05, verbose=1)
    scheduler.set_model(model)
    scheduler.on_epoch_begin(2)
    assert capsys.readouterr().out == "Epoch 3: LearningRateScheduler setting learning rate to 0.05.\n"


def test_schedule_must_be_callable():
    with pytest.raises(TypeError, match="schedule"):
        LearningRateScheduler(0.1)
