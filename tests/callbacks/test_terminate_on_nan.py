import math

import pytest

from numkeras.callbacks import CallbackList, TerminateOnNaN


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_invalid_loss_stops_training(model, capsys, bad):
    cb = TerminateOnNaN()
    cb.set_model(model)
    cb.set_params({"epochs": 10, "steps": 100, "verbose": 0})
    cb.on_epoch_begin(1)
    cb.on_train_batch_end(6, {"loss": bad})
    assert model.stop_training is True
    assert capsys.readouterr().out == (
        f"Epoch 2/10, batch 7/100: invalid loss ({bad}), terminating training. Lower the learning "
        f"rate, scale the inputs, or clip the gradients (clipnorm=1.0).\n")


def test_outside_fit_it_names_what_it_knows(model, capsys):
    cb = TerminateOnNaN()
    cb.set_model(model)
    cb.on_train_batch_end(6, {"loss": math.nan})
    assert capsys.readouterr().out.startswith("Batch 7: invalid loss (nan), terminating training.")


def test_fit_reports_the_epoch_batch_and_value(capsys):
    import numpy as np

    import numkeras as keras

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_initializer="zeros")])
    model.compile("sgd", "mse")
    x = np.ones((8, 2), "float32")
    y = np.zeros((8, 1), "float32")
    y[5] = 1e30  # the second batch's squared error overflows float32: inf
    with np.errstate(over="ignore"):
        history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0,
                            callbacks=[TerminateOnNaN()])
    assert capsys.readouterr().out.startswith(
        "Epoch 1/3, batch 2/2: invalid loss (inf), terminating training.")
    assert len(history.history["loss"]) == 1


def test_finite_or_missing_loss_is_ignored(model, capsys):
    cb = TerminateOnNaN()
    cb.set_model(model)
    cb.on_train_batch_end(0, {"loss": 0.5})
    cb.on_train_batch_end(1, {"accuracy": math.nan})
    cb.on_train_batch_end(2, None)
    assert model.stop_training is False
    assert capsys.readouterr().out == ""


def test_raise_error(model):
    cb = TerminateOnNaN(raise_error=True)
    cb.set_model(model)
    with pytest.raises(RuntimeError, match=r"NaN or Inf loss encountered at batch 4\. Loss value: nan\."):
        cb.on_train_batch_end(3, {"loss": math.nan})
    assert model.stop_training is False


def test_it_asks_the_trainer_for_every_batch_logs(model):
    cbs = CallbackList([TerminateOnNaN()], model=model, verbose=0, epochs=1, steps=10)
    cbs.on_train_begin()
    assert cbs.needs_train_batch_hooks
    assert not cbs.needs_test_batch_hooks and not cbs.needs_predict_batch_hooks
    assert all(cbs.batch_logs_wanted(b) for b in range(5))
    cbs.on_train_batch_end(0, {"loss": float("nan")})
    assert model.stop_training is True
