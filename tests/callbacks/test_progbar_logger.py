import pytest

from numkeras.callbacks import CallbackList, EarlyStopping, LambdaCallback
from numkeras.utils.progbar import set_interactive

BAR = "━" * 20


def fit_loop(cbs, model, clock, epochs, steps, epoch_logs, step_seconds=0.02):
    """A trainer following the protocol: batch hooks only if needed, batch logs only if wanted."""
    requested = []
    cbs.on_train_begin()
    for epoch in range(epochs):
        cbs.on_epoch_begin(epoch)
        for step in range(steps):
            clock.advance(step_seconds)
            if cbs.needs_train_batch_hooks:
                cbs.on_train_batch_begin(step)
                logs = None
                if cbs.batch_logs_wanted(step):
                    requested.append((epoch, step))
                    logs = {"loss": 1.0 / (step + 1), "accuracy": 0.5}
                cbs.on_train_batch_end(step, logs)
        cbs.on_test_begin()
        cbs.on_test_end({"loss": 0.5})
        logs = cbs.on_epoch_end(epoch, epoch_logs[epoch])
        if model.stop_training:
            break
    cbs.on_train_end(logs)
    return requested


EPOCH_LOGS = [
    {"loss": 0.27641, "accuracy": 0.92184, "val_loss": 0.14021, "val_accuracy": 0.95812},
    {"loss": 0.0158, "accuracy": 0.91681, "val_loss": 0.2, "val_accuracy": 0.9},
]


def test_non_interactive_fit_prints_header_and_one_line_per_epoch(model, clock, capsys):
    set_interactive(False)
    cbs = CallbackList(add_history=True, add_progbar=True, model=model, verbose=1, epochs=2, steps=100)
    cbs.on_train_begin()
    assert not cbs.needs_train_batch_hooks  # nothing to draw per batch: the trainer skips the hooks
    requested = fit_loop(cbs, model, clock, 2, 100, EPOCH_LOGS)
    assert requested == []
    assert capsys.readouterr().out == (
        "Epoch 1/2\n"
        f"100/100 {BAR} 2s 20ms/step - accuracy: 0.9218 - loss: 0.2764 - val_accuracy: 0.9581 - val_loss: 0.1402\n"
        "Epoch 2/2\n"
        f"100/100 {BAR} 2s 20ms/step - accuracy: 0.9168 - loss: 0.0158 - val_accuracy: 0.9000 - val_loss: 0.2000\n"
    )


def test_final_line_shows_exactly_the_history_values(model, clock, capsys):
    set_interactive(True)
    cbs = CallbackList(add_history=True, add_progbar=True, model=model, verbose=1, epochs=1, steps=50)
    fit_loop(cbs, model, clock, 1, 50, EPOCH_LOGS)
    final = capsys.readouterr().out.split("\r")[-1]
    shown = dict(part.split(": ") for part in final.rstrip(" \n").split(" - ")[1:])
    assert shown == {k: f"{v[-1]:.4f}" for k, v in model.history.history.items()}


def test_interactive_fit_asks_for_batch_logs_only_when_a_redraw_is_due(model, clock, capsys):
    set_interactive(True)
    cbs = CallbackList(add_progbar=True, model=model, verbose=1, epochs=1, steps=20)
    cbs.on_train_begin()
    assert cbs.needs_train_batch_hooks
    assert not cbs.needs_test_batch_hooks  # validation inside fit draws nothing
    requested = fit_loop(cbs, model, clock, 1, 20, EPOCH_LOGS, step_seconds=0.02)
    # The first step always draws; then one redraw per 0.05 s, i.e. every third 20 ms step.
    assert requested == [(0, 0), (0, 3), (0, 6), (0, 9), (0, 12), (0, 15), (0, 18)]
    out = capsys.readouterr().out
    assert out.count("\r") == len(requested) + 1  # plus the final line
    assert "\x1b[" in out and out.endswith("val_loss: 0.1402\n")


def test_verbose_2(model, clock, capsys):
    set_interactive(True)
    cbs = CallbackList(add_progbar=True, model=model, verbose=2, epochs=1, steps=469)
    cbs.on_train_begin()
    assert not cbs.needs_train_batch_hooks
    fit_loop(cbs, model, clock, 1, 469, EPOCH_LOGS, step_seconds=0.0032)
    assert capsys.readouterr().out == (
        "469/469 - 2s - 3ms/step - accuracy: 0.9218 - loss: 0.2764 - val_accuracy: 0.9581 - val_loss: 0.1402\n"
    )


def test_verbose_0_prints_nothing_and_needs_nothing(model, clock, capsys):
    set_interactive(True)
    cbs = CallbackList(add_progbar=True, model=model, verbose=0, epochs=2, steps=10)
    fit_loop(cbs, model, clock, 2, 10, EPOCH_LOGS)
    assert not cbs.needs_train_batch_hooks
    assert capsys.readouterr().out == ""


def test_messages_of_other_callbacks_come_before_the_final_line(model, clock, capsys):
    set_interactive(False)
    stop = EarlyStopping(monitor="val_loss", patience=0, verbose=1)
    cbs = CallbackList([stop], add_progbar=True, model=model, verbose=1, epochs=3, steps=10)
    fit_loop(cbs, model, clock, 3, 10, EPOCH_LOGS + EPOCH_LOGS)
    lines = capsys.readouterr().out.splitlines()
    assert [line[:9] for line in lines] == ["Epoch 1/3", "10/10 ━━━", "Epoch 2/3", "10/10 ━━━", "Epoch 2: "]
    assert lines[-1] == "Epoch 2: early stopping"


def test_evaluate_prints_its_own_bar(model, clock, capsys):
    set_interactive(False)
    cbs = CallbackList(add_progbar=True, model=model, verbose=1, epochs=1, steps=313)
    cbs.on_test_begin()
    clock.advance(0.4)
    logs = cbs.on_test_end({"loss": 0.14021, "accuracy": 0.95812})
    assert logs == {"accuracy": 0.95812, "loss": 0.14021}
    assert capsys.readouterr().out == f"313/313 {BAR} 0s 1ms/step - accuracy: 0.9581 - loss: 0.1402\n"


def test_interactive_evaluate_draws_batches(model, clock, capsys):
    set_interactive(True)
    cbs = CallbackList(add_progbar=True, model=model, verbose=1, epochs=1, steps=3)
    cbs.on_test_begin()
    assert cbs.needs_test_batch_hooks
    assert cbs.batch_logs_wanted(0)
    cbs.on_test_batch_end(0, {"loss": 0.5})
    assert not cbs.batch_logs_wanted(1)  # just redrawn
    cbs.on_test_end({"loss": 0.5})
    assert capsys.readouterr().out.count("\r") == 2


def test_predict_bar_has_no_metrics(model, clock, capsys):
    set_interactive(False)
    cbs = CallbackList(add_progbar=True, model=model, verbose=1, epochs=1, steps=1)
    cbs.on_predict_begin()
    clock.advance(0.012)
    cbs.on_predict_end()
    assert capsys.readouterr().out == f"1/1 {BAR} 0s 12ms/step\n"


def test_unknown_number_of_steps_is_counted(model, clock, capsys):
    set_interactive(False)
    cbs = CallbackList(add_progbar=True, model=model, verbose=1, epochs=1, steps=None)
    cbs.on_train_begin()
    assert cbs.needs_train_batch_hooks  # the bar must count the batches
    assert not cbs.batch_logs_wanted(0)  # but needs no values for them
    fit_loop(cbs, model, clock, 1, 7, [{"loss": 0.5}], step_seconds=0.1)
    assert capsys.readouterr().out == f"7/7 {BAR} 1s 100ms/step - loss: 0.5000\n"


def test_user_batch_logs_keep_the_bar_throttled(model, clock, capsys):
    set_interactive(True)
    seen = []
    cbs = CallbackList([LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(b))], add_progbar=True,
                       model=model, verbose=1, epochs=1, steps=20)
    requested = fit_loop(cbs, model, clock, 1, 20, EPOCH_LOGS, step_seconds=0.02)
    assert len(requested) == 20 and seen == list(range(20))
    assert capsys.readouterr().out.count("\r") == 8  # 7 throttled redraws + the final line


@pytest.mark.parametrize("epochs, header", [(1, False), (3, True)])
def test_epoch_header_only_for_several_epochs(model, clock, capsys, epochs, header):
    set_interactive(False)
    cbs = CallbackList(add_progbar=True, model=model, verbose=1, epochs=epochs, steps=1)
    cbs.on_train_begin()
    cbs.on_epoch_begin(0)
    assert capsys.readouterr().out == ("Epoch 1/%d\n" % epochs if header else "")
