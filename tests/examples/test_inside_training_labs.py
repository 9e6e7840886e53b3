"""The labs that look inside training: vanishing gradients and weight initialisation."""
import re

from example_checks import assert_figures


def test_vanishing_gradients_sigmoid_vs_relu(lab_runs):
    run = lab_runs["vanishing_gradients"]
    out = run.check()
    ratios = dict(re.findall(r"^\s*(sigmoid|relu): .*\(ratio ([0-9.e+-]+)\)", out, re.M))
    assert set(ratios) == {"sigmoid", "relu"}, out
    # The first layer's gradient is orders of magnitude below the last one's with sigmoid only.
    assert float(ratios["sigmoid"]) < 1e-3 < float(ratios["relu"])
    assert_figures(run, "vanishing_gradients")


def test_initialization_shows_symmetry_and_vanishing_signal(lab_runs):
    run = lab_runs["initialization"]
    out = run.check()
    lines = {m.group(1): m.group(0) for m in re.finditer(r"^\s*(\S+(?: \S+)?(?: \(relu\))?): layer-5.*$", out, re.M)}
    assert "distinct unit outputs in layer 1 after training: 1 of 100" in lines["zeros"]
    assert "distinct unit outputs in layer 1 after training: 1 of 100" in lines["constant 0.2"]
    std = {name: float(re.search(r"output std ([0-9.e+-]+)", line).group(1)) for name, line in lines.items()}
    assert std["normal 0.01"] < 1e-3 < std["glorot_normal"]
    assert float(re.search(r"saturated (\d+)%", lines["normal 1.0"]).group(1)) > 50
    assert_figures(run, "initialization", "initialization_zeros", "initialization_constant_0_2",
                   "initialization_normal_0_01", "initialization_normal_1_0",
                   "initialization_glorot_normal", "initialization_he_normal")
