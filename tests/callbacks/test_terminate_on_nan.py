import math

import pytest

from numkeras.callbacks import CallbackList, TerminateOnNaN


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_invalid_loss_stops_training(model, capsys, bad):
    cb = TerminateOnNaN()
    cb.set_model(model)
    cb.on_train_batch_end(6, {"loss": bad})
    assert model.stop_training is True
    assert capsys.readouterr().out == "Batch 6: Invalid loss, terminating training\n"


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
    with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch 3"):
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
