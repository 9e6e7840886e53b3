import numpy as np
import pytest

from numkeras.callbacks import Callback, CallbackList, History, LambdaCallback, ProgbarLogger
from numkeras.utils.progbar import set_interactive


class Recorder(Callback):
    """Records (hook, args) for the hooks it overrides."""

    def __init__(self, name, calls):
        super().__init__()
        self.name, self.calls = name, calls

    def on_epoch_end(self, epoch, logs=None):
        self.calls.append((self.name, epoch, logs))


class TrainBatchEndOnly(Callback):
    def __init__(self):
        super().__init__()
        self.seen = []

    def on_train_batch_end(self, batch, logs=None):
        self.seen.append((batch, logs))


class AddsKey(Callback):
    def on_epoch_end(self, epoch, logs=None):
        logs["custom"] = 7.0


def test_user_callbacks_first_then_history_then_progbar():
    a, b = Callback(), Callback()
    cbs = CallbackList([a, [b]], add_history=True, add_progbar=True, verbose=1, epochs=1, steps=1)
    assert cbs.callbacks[:2] == [a, b]
    assert [type(cb) for cb in cbs.callbacks[2:]] == [History, ProgbarLogger]


def test_a_user_progbar_keeps_its_place():
    mine, last = ProgbarLogger(), Callback()
    cbs = CallbackList([mine, last], add_history=True, add_progbar=True, verbose=1, epochs=1, steps=1)
    assert cbs.callbacks[0] is mine and cbs.callbacks[1] is last and len(cbs.callbacks) == 3


def test_epoch_logs_are_sorted_floats_in_one_shared_dict(model):
    calls = []
    cbs = CallbackList([Recorder("a", calls), AddsKey(), Recorder("b", calls)], add_history=True, model=model,
                       verbose=0, epochs=1, steps=1)
    returned = cbs.on_epoch_end(0, {"val_loss": np.float32(0.25), "loss": np.array(0.5), "accuracy": 1})
    (_, _, logs_a), (_, _, logs_b) = calls
    assert logs_a is logs_b is returned
    assert returned == {"accuracy": 1.0, "loss": 0.5, "val_loss": 0.25, "custom": 7.0}
    assert list(returned) == ["accuracy", "loss", "val_loss", "custom"]
    assert all(type(v) is float for v in returned.values())
    assert model.history.history["custom"] == [7.0]  # History runs after user callbacks


def test_nested_log_dicts_are_flattened_and_non_numbers_kept():
    cbs = CallbackList([], verbose=0)
    logs = cbs.on_epoch_end(0, {"out": {"b_loss": np.float64(1.5), "a_loss": 2}, "name": "x", "vec": np.ones(2)})
    assert list(logs) == ["a_loss", "b_loss", "name", "vec"]
    assert logs["a_loss"] == 2.0 and logs["name"] == "x" and logs["vec"].shape == (2,)


def test_model_and_params_reach_every_callback(model):
    a = Callback()
    cbs = CallbackList([a], model=model, verbose=1, epochs=3, steps=7)
    assert a.model is model and cbs.model is model
    assert a.params == {"verbose": 1, "epochs": 3, "steps": 7}


def test_no_listener_means_no_batch_hooks():
    set_interactive(True)
    cbs = CallbackList([Callback(), History()], add_progbar=False, verbose=1, epochs=1, steps=10)
    assert (cbs.needs_train_batch_hooks, cbs.needs_test_batch_hooks, cbs.needs_predict_batch_hooks) == (False, False, False)
    assert not cbs.batch_logs_wanted(0)


def test_only_overriding_callbacks_are_called_per_batch():
    listener = TrainBatchEndOnly()
    cbs = CallbackList([Callback(), listener], verbose=0, epochs=1, steps=10)
    assert cbs.needs_train_batch_hooks and not cbs.needs_test_batch_hooks and not cbs.needs_predict_batch_hooks
    assert cbs._train_begin_fns == () and len(cbs._train_end_fns) == 1
    cbs.on_train_batch_begin(0)
    cbs.on_train_batch_end(0, {"loss": np.float32(0.5), "accuracy": 1})
    cbs.on_train_batch_end(1, None)
    cbs.on_test_batch_end(0, {"loss": 1.0})
    assert listener.seen == [(0, {"accuracy": 1.0, "loss": 0.5}), (1, {})]
    assert list(listener.seen[0][1]) == ["accuracy", "loss"]


def test_keras2_batch_aliases_count_as_train_batch_listeners():
    class OldStyle(Callback):
        def __init__(self):
            super().__init__()
            self.begun = []

        def on_batch_begin(self, batch, logs=None):
            self.begun.append(batch)

    old = OldStyle()
    cbs = CallbackList([old], verbose=0)
    assert cbs.needs_train_batch_hooks and not cbs.batch_logs_wanted(0)  # begin hooks get no metrics
    cbs.on_train_batch_begin(4)
    cbs.on_batch_begin(5)
    assert old.begun == [4, 5]


def test_progbar_needs_batch_hooks_only_when_drawing_live():
    set_interactive(False)
    assert not CallbackList(add_progbar=True, verbose=1, epochs=1, steps=10).needs_train_batch_hooks
    set_interactive(True)
    live = CallbackList(add_progbar=True, verbose=1, epochs=1, steps=10)
    assert live.needs_train_batch_hooks and live.needs_test_batch_hooks and live.needs_predict_batch_hooks
    live.on_train_begin()
    assert live.needs_train_batch_hooks and not live.needs_test_batch_hooks  # validation is silent in fit
    live.on_train_end()
    assert live.needs_test_batch_hooks
    assert not CallbackList(add_progbar=True, verbose=2, epochs=1, steps=10).needs_train_batch_hooks
    assert not CallbackList(add_progbar=True, verbose=0, epochs=1, steps=10).needs_train_batch_hooks


def test_batch_logs_wanted_follows_the_redraw_interval(clock):
    set_interactive(True)
    cbs = CallbackList(add_progbar=True, verbose=1, epochs=1, steps=100)
    cbs.on_train_begin()
    cbs.on_epoch_begin(0)
    assert cbs.batch_logs_wanted(0)
    cbs.on_train_batch_end(0, {"loss": 1.0})
    clock.advance(0.049)
    assert not cbs.batch_logs_wanted(1)
    cbs.on_train_batch_end(1, None)
    clock.advance(0.002)
    assert cbs.batch_logs_wanted(2)


def test_mode_follows_nested_validation(clock):
    set_interactive(True)
    test_listener = LambdaCallback(on_test_batch_end=lambda b, logs: None)
    cbs = CallbackList([test_listener], add_progbar=True, verbose=1, epochs=1, steps=100)
    cbs.on_train_begin()
    cbs.on_epoch_begin(0)
    cbs.on_train_batch_end(0, {"loss": 1.0})
    assert not cbs.batch_logs_wanted(1)  # train mode: the bar was just drawn
    cbs.on_test_begin()
    assert cbs.batch_logs_wanted(0)  # test mode: the lambda reads every batch
    cbs.on_test_end({"loss": 1.0})
    assert not cbs.batch_logs_wanted(1)  # back in train mode


def test_begin_end_hooks_get_dicts_and_end_hooks_return_logs():
    got = []
    cbs = CallbackList([LambdaCallback(on_train_begin=got.append, on_test_begin=got.append)], verbose=0)
    cbs.on_train_begin()
    cbs.on_test_begin(None)
    assert got == [{}, {}]
    assert cbs.on_train_end({"b": np.float32(1), "a": 2}) == {"a": 2.0, "b": 1.0}
    assert cbs.on_predict_end() == {}


def test_append_refreshes_the_flags(model):
    cbs = CallbackList([], model=model, verbose=0, epochs=1, steps=1)
    assert not cbs.needs_train_batch_hooks
    listener = TrainBatchEndOnly()
    cbs.append(listener)
    assert cbs.needs_train_batch_hooks and listener.model is model and listener.params["steps"] == 1


def test_non_callbacks_are_rejected():
    with pytest.raises(TypeError, match="must be instances of numkeras.callbacks.Callback, got builtin_function"):
        CallbackList([print])
