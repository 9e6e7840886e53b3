"""The code the page shows, run as a script, gives the page's loss curve for the same seed."""
import os
import re
import subprocess
import sys
import time

import pytest
from playground_helpers import wait_for

from numkeras.playground.session import Session

CONFIGS = [
    {"dataset": "xor", "activation": "relu", "batch_size": "10"},
    {"dataset": "spiral", "activation": "tanh", "hidden": [12, 6, 4], "initializer": "he_normal",
     "l1": 0.0005, "l2": 0.001, "dropout": 0.1, "optimizer": "adam", "learning_rate": 0.01,
     "batch_size": "all", "noise": 0.2, "seed": 7},
    {"dataset": "circle", "activation": "sigmoid", "optimizer": "rmsprop", "batch_size": "1", "samples": 120,
     "early_stopping": True, "patience": 3},
]


@pytest.mark.parametrize("values", CONFIGS, ids=[c["dataset"] for c in CONFIGS])
def test_shown_code_reproduces_the_page_curve(values, tmp_path):
    session = Session("equivalence", values)
    try:
        session.play()
        wait_for(lambda: len(session.history["loss"]) >= 12 or session.state == "stopped", timeout=60)
        session.pause()
        time.sleep(0.2)
        page_loss = list(session.history["loss"])
        page_test = list(session.history["val_loss"])
        code = session.code
    finally:
        session.close()
    assert "EPOCHS = " in code
    script = tmp_path / "shown_code.py"
    script.write_text(re.sub(r"EPOCHS = \d+", f"EPOCHS = {len(page_loss)}", code))
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, PYTHONPATH=os.getcwd()))
    assert result.returncode == 0, result.stderr
    printed = re.findall(r"epoch (\d+): loss ([\d.eE+-]+) - test loss ([\d.eE+-]+)", result.stdout)
    script_loss = [float(loss) for _, loss, _ in printed]
    script_test = [float(test) for _, _, test in printed]
    if session.state == "stopped":  # early stopping ends both runs at the same epoch
        assert len(script_loss) == len(page_loss)
    n = min(len(script_loss), len(page_loss))
    assert n >= 4
    for page, shown in ((page_loss, script_loss), (page_test, script_test)):
        assert max(abs(a - b) for a, b in zip(page[:n], shown[:n])) < 2e-6, (page[:n], shown[:n])
