"""The README's first snippet runs as pasted: it defines everything it uses."""
import re
from pathlib import Path

import numpy as np

README = Path(__file__).resolve().parents[1] / "README.md"


def test_first_snippet_runs_as_pasted(capsys):
    snippet = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1)
    namespace = {"__name__": "__main__"}
    exec(compile(snippet, "README.md", "exec"), namespace)  # a NameError here fails the test
    predictions = namespace["model"].predict(namespace["X"], verbose=0)
    assert predictions.shape == (4, 1) and np.all((predictions > 0) & (predictions < 1))
    out = capsys.readouterr().out
    assert 'Model: "sequential' in out and "Trainable params: 9 " in out
