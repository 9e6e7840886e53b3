import pytest

from numkeras.callbacks import CallbackList, LambdaCallback


def test_hooks_receive_their_arguments():
    calls = []
    cb = LambdaCallback(
        on_train_begin=lambda logs: calls.append(("train_begin", logs)),
        on_epoch_end=lambda epoch, logs: calls.append(("epoch_end", epoch, logs)),
        on_test_end=lambda logs: calls.append(("test_end", logs)),
    )
    cb.on_train_begin({})
    cb.on_epoch_end(3, {"loss": 1.0})
    cb.on_test_end({"loss": 2.0})
    cb.on_epoch_begin(0, {})  # not given: the base no-op
    assert calls == [("train_begin", {}), ("epoch_end", 3, {"loss": 1.0}), ("test_end", {"loss": 2.0})]


def test_keras2_batch_alias_is_called_for_train_batches():
    seen = []
    cbs = CallbackList([LambdaCallback(on_batch_end=lambda batch, logs: seen.append((batch, logs)))],
                       verbose=0, epochs=1, steps=2)
    assert cbs.needs_train_batch_hooks and not cbs.needs_test_batch_hooks
    cbs.on_train_batch_end(1, {"loss": 0.5})
    assert seen == [(1, {"loss": 0.5})]


def test_only_given_batch_hooks_make_the_trainer_call_batch_hooks():
    assert not CallbackList([LambdaCallback(on_epoch_end=print)], verbose=0).needs_train_batch_hooks
    test_only = CallbackList([LambdaCallback(on_test_batch_begin=print)], verbose=0)
    assert test_only.needs_test_batch_hooks and not test_only.needs_train_batch_hooks


def test_unknown_hook_and_non_callable():
    with pytest.raises(ValueError, match="unknown hook 'on_epoch_ends'"):
        LambdaCallback(on_epoch_ends=print)
    with pytest.raises(TypeError, match="on_epoch_end to be a function"):
        LambdaCallback(on_epoch_end="print")
