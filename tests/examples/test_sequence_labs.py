"""The recurrent labs run with --quick on stand-in data (IMDB/Reuters) and a generated series.

The stand-ins carry random words, so these check that the labs run end to end and print their
results, not the accuracy the real reviews and newswires would give."""
import re

from example_checks import assert_figures
from test_example_labs import evaluation


def test_imdb_lstm(lab_runs):
    run = lab_runs["imdb_lstm"]
    out = run.check()
    assert "600 training and 300 test reviews" in out
    assert "input_train shape: (600, 100)" in out
    assert re.search(r"lstm \(LSTM\)\s+│ \(None, 32\)\s+│\s+8,320", out)  # Keras's parameter count
    accuracy = float(re.search(r"best validation accuracy: ([0-9.]+)", out).group(1))
    assert 0 <= accuracy <= 1
    loss, test_accuracy = evaluation(out)
    assert loss > 0 and 0 <= test_accuracy <= 1
    assert_figures(run, "imdb_lstm_accuracy")


def test_reuters_gru(lab_runs):
    run = lab_runs["reuters_gru"]
    out = run.check()
    assert "400 training and 200 test newswires" in out
    assert re.search(r"gru \(GRU\)\s+│ \(None, 64\)\s+│\s+24,960", out)
    loss, accuracy = evaluation(out)
    assert loss > 0 and 0 <= accuracy <= 1
    assert_figures(run, "reuters_gru_loss")


def test_timeseries_forecast(lab_runs):
    run = lab_runs["timeseries_forecast"]
    out = run.check()
    assert "windows: (1152, 48, 1) targets: (1152, 1)" in out
    model, naive = (float(v) for v in re.search(r"test MAE: model ([0-9.]+), naive ([0-9.]+)",
                                                out).groups())
    assert 0 < naive < 1 and 0 < model < 2
    assert_figures(run, "timeseries_forecast")
