import numpy as np

from numkeras.callbacks import CallbackList, History


def test_records_floats_per_key_and_0_based_epochs(model):
    cbs = CallbackList(add_history=True, model=model, verbose=0, epochs=3, steps=5)
    history = model.history
    assert isinstance(history, History)
    cbs.on_train_begin()
    for epoch in range(3):
        cbs.on_epoch_begin(epoch)
        cbs.on_epoch_end(epoch, {"val_loss": np.float32(0.5), "loss": np.float64(epoch), "accuracy": np.array(0.25)})
    cbs.on_train_end()
    assert history.history == {"accuracy": [0.25] * 3, "loss": [0.0, 1.0, 2.0], "val_loss": [0.5] * 3}
    assert list(history.history) == ["accuracy", "loss", "val_loss"]
    assert all(type(v) is float for values in history.history.values() for v in values)
    assert history.epoch == [0, 1, 2]
    assert history.params == {"verbose": 0, "epochs": 3, "steps": 5}
    assert model.history is history


def test_epoch_list_restarts_with_each_fit():
    history = History()
    history.on_train_begin()
    history.on_epoch_end(0, {"loss": 1.0})
    history.on_train_begin()
    history.on_epoch_end(0, {"loss": 0.5})
    assert history.epoch == [0]
    assert history.history == {"loss": [1.0, 0.5]}  # Keras keeps accumulating values


def test_a_user_history_is_not_duplicated(model):
    mine = History()
    cbs = CallbackList([mine], add_history=True, model=model)
    assert cbs.callbacks == [mine]
    assert model.history is mine
