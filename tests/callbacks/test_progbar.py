import sys

import numpy as np
import pytest

from numkeras.utils import progbar as progbar_module
from numkeras.utils.progbar import (
    Progbar,
    format_eta,
    format_time_per_unit,
    format_value,
    print_msg,
    set_interactive,
)

BAR = "━" * 20
B, G, D, R = "\x1b[1m", "\x1b[32m", "\x1b[2m", "\x1b[0m"


def run_ten_steps(clock):
    """1 warm-up step of 0.5 s, then steps of 30 ms; the loss values given per step."""
    bar = Progbar(target=10)
    clock.advance(0.5)
    bar.update(1, [("loss", 0.5)])
    clock.advance(0.01)
    bar.update(2, [("loss", 0.3)])  # within 0.05 s of the last draw: not drawn
    clock.advance(0.05)
    bar.update(3, [("loss", 0.1)])
    clock.advance(0.21)
    bar.update(10, [("loss", 0.25)])
    return bar


def test_interactive_live_line_exact(clock, capsys):
    set_interactive(True)
    run_ten_steps(clock)
    first_plain = " 1/10 " + BAR + " 4s 500ms/step - loss: 0.5000"
    third_plain = " 3/10 " + BAR + " 0s 30ms/step - loss: 0.3000"
    expected = (
        f"\r{B} 1/10{R} {G}{'━' * 2}{R}{D}{'━' * 18}{R} {B}4s{R} 500ms/step - loss: 0.5000"
        # step 3: loss is the step-weighted mean (0.5 + 0.3 + 0.1) / 3; one space blanks the longer old line
        f"\r{B} 3/10{R} {G}{'━' * 6}{R}{D}{'━' * 14}{R} {B}0s{R} 30ms/step - loss: 0.3000"
        + " " * (len(first_plain) - len(third_plain))
        # final: elapsed instead of ETA, the values exactly as given, then a newline
        + f"\r{B}10/10{R} {G}{BAR}{R} {B}1s{R} 30ms/step - loss: 0.2500\n"
    )
    assert capsys.readouterr().out == expected


def test_non_interactive_prints_only_the_final_plain_line(clock, capsys):
    set_interactive(False)
    run_ten_steps(clock)
    assert capsys.readouterr().out == "10/10 " + BAR + " 1s 30ms/step - loss: 0.2500\n"


def test_keras_example_line(clock, capsys):
    set_interactive(False)
    bar = Progbar(469)
    clock.advance(0.5)
    bar.update(1)
    for step in range(2, 470):
        clock.advance(0.003)
        bar.update(step, [("accuracy", 0.9), ("loss", 0.1)], finalize=False)
    bar.update(469, [("accuracy", 0.91681), ("loss", 0.01584)], finalize=True)
    assert capsys.readouterr().out == "469/469 " + BAR + " 2s 3ms/step - accuracy: 0.9168 - loss: 0.0158\n"


def test_verbose_2_prints_one_summary_line(clock, capsys):
    set_interactive(True)  # verbose=2 never draws the bar, even on a terminal
    bar = Progbar(469, verbose=2)
    clock.advance(1.5)
    bar.update(400, [("accuracy", 0.9), ("loss", 0.3)])
    assert capsys.readouterr().out == ""
    bar.update(469, [("accuracy", 0.92184), ("loss", 0.27641)])
    assert capsys.readouterr().out == "469/469 - 2s - 3ms/step - accuracy: 0.9218 - loss: 0.2764\n"


def test_verbose_0_prints_nothing(clock, capsys):
    set_interactive(True)
    bar = Progbar(3, verbose=0)
    bar.update(3, [("loss", 1.0)])
    assert capsys.readouterr().out == ""


def test_stateful_metrics_are_shown_as_given(clock, capsys):
    set_interactive(True)
    bar = Progbar(4, stateful_metrics=["acc"])
    bar.update(1, [("acc", 0.5), ("loss", 1.0)])
    clock.advance(0.1)
    bar.update(3, [("acc", 0.75), ("loss", 2.0)])  # loss weighted by the 2 steps it covers
    line = capsys.readouterr().out.split("\r")[-1]
    assert line.endswith("- acc: 0.7500 - loss: 1.6667")


def test_unknown_target(clock, capsys):
    set_interactive(False)
    bar = Progbar(None)
    clock.advance(1.0)
    bar.update(10, finalize=True)
    assert capsys.readouterr().out == "     10/Unknown 1s 100ms/step\n"


def test_add_advances_by_n(clock, capsys):
    set_interactive(False)
    bar = Progbar(4)
    bar.add(2)
    bar.add(2, {"loss": 0.5})  # a dict works as well as (name, value) pairs
    assert capsys.readouterr().out == "4/4 " + BAR + " 0s 0s/step - loss: 0.5000\n"


@pytest.mark.parametrize("value, text", [(0.27641, "0.2764"), (1e-3, "1.0000e-03"), (2e-5, "2.0000e-05"),
                                         (-0.5, "-0.5000"), (-1e-4, "-1.0000e-04"), (0.0, "0.0000e+00"), (12.0, "12.0000")])
def test_value_format(value, text):
    assert format_value(value) == text


@pytest.mark.parametrize("seconds, text", [(0.003, "3ms/step"), (0.00085, "850us/step"), (2.2, "2s/step"),
                                           (0, "0s/step"), (1.0, "1s/step")])
def test_time_per_step_format(seconds, text):
    assert format_time_per_unit(seconds) == text


@pytest.mark.parametrize("seconds, text", [(45.9, "45s"), (65.0, "1:05"), (3665.0, "1:01:05")])
def test_eta_format(seconds, text):
    assert format_eta(seconds) == text


def test_print_msg_ends_an_open_live_line(clock, capsys):
    set_interactive(True)
    bar = Progbar(10)
    bar.update(1, [("loss", 1.0)])
    print_msg("Epoch 1: saving")
    print_msg("next")
    out = capsys.readouterr().out
    assert out.endswith("loss: 1.0000\nEpoch 1: saving\nnext\n")


def test_detection(monkeypatch):
    class Terminal:
        def isatty(self):
            return True

        def write(self, text):
            pass

    class Pipe(Terminal):
        def isatty(self):
            return False

    class OutStream(Pipe):  # what a Jupyter kernel installs as sys.stdout
        pass

    OutStream.__module__ = "ipykernel.iostream"
    monkeypatch.delenv("PYCHARM_HOSTED", raising=False)
    for stream, expected in [(Terminal(), True), (Pipe(), False), (OutStream(), True), (None, False)]:
        monkeypatch.setattr(sys, "stdout", stream)
        assert progbar_module.is_interactive() is expected
    monkeypatch.setattr(sys, "stdout", Terminal())
    set_interactive(False)
    assert progbar_module.is_interactive() is False
    with pytest.raises(TypeError, match="True, False or None"):
        set_interactive("yes")


def test_console_without_the_bar_character_falls_back_to_equals(clock, monkeypatch):
    written = []

    class Cp1252:
        def write(self, text):
            text.encode("cp1252")
            written.append(text)

        def flush(self):
            pass

        def isatty(self):
            return False

    monkeypatch.setattr(sys, "stdout", Cp1252())
    Progbar(2).update(2)
    assert written == ["2/2 " + "=" * 20 + " 0s 0s/step\n"]


@pytest.mark.parametrize("kwargs", [{"target": -1}, {"target": 2.5}, {"target": 3, "verbose": 3}, {"target": 3, "width": 0}])
def test_invalid_arguments(kwargs):
    with pytest.raises(ValueError, match="Progbar expected"):
        Progbar(**kwargs)


def test_array_values_are_averaged(clock, capsys):
    set_interactive(False)
    Progbar(1).update(1, [("loss", np.array([0.25, 0.75]))])
    assert capsys.readouterr().out.endswith("- loss: 0.5000\n")
