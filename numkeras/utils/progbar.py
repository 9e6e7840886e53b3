"""Progbar: the text progress bar of fit/evaluate/predict, in Keras 3's format.

Where the output goes decides how it is drawn:

* a terminal or a Jupyter kernel ("interactive"): one line rewritten in place
  with `\\r`, at most every `interval` seconds, coloured with ANSI codes;
* anything else (a log file, a pipe, a CI log): no `\\r`, no ANSI codes, and
  only the final line of each bar, so a redirected `fit(verbose=1)` writes one
  line per epoch instead of thousands of redraws.

`set_interactive(True | False | None)` forces either mode (tests, odd consoles).
"""
import math
import os
import sys
import time

import numpy as np

BAR_CHAR = "━"
_BOLD, _GREEN, _DIM, _RESET = "\x1b[1m", "\x1b[32m", "\x1b[2m", "\x1b[0m"

# Looked up at call time, so tests can patch it for deterministic timings.
_now = time.monotonic

_forced_interactive = None
# Printed width of a live (interactive) bar line that no newline has ended yet;
# print_msg() ends that line first so messages never land in the middle of it.
_open_line_width = 0


def set_interactive(value):
    """Forces the display mode of every progress bar created afterwards.

    Args:
        value: True for the in-place live bar, False for plain final lines,
            None to detect from `sys.stdout` again (the default).

    Example:
    >>> set_interactive(False)
    >>> is_interactive()
    False
    >>> set_interactive(None)
    """
    global _forced_interactive
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"set_interactive() expected True, False or None, got {value!r}.")
    _forced_interactive = value


def is_interactive():
    """Returns True when stdout shows a live bar: a terminal, a Jupyter kernel or PyCharm."""
    if _forced_interactive is not None:
        return _forced_interactive
    stream = sys.stdout
    if stream is None:
        return False
    if type(stream).__module__.startswith("ipykernel"):
        return True
    if "PYCHARM_HOSTED" in os.environ:  # PyCharm's run console understands \r
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def print_msg(message):
    """Prints `message` on a line of its own, first ending a live bar line if one is open.

    Callbacks print through this so that `Epoch 3: early stopping` never gets
    glued to the end of a half-drawn progress line.
    """
    global _open_line_width
    prefix = "\n" if _open_line_width else ""
    _open_line_width = 0
    _write(f"{prefix}{message}\n")


def _write(text):
    stream = sys.stdout
    if stream is None:
        return
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a console code page without "━" (e.g. cp1252)
        stream.write(text.replace(BAR_CHAR, "="))
    stream.flush()


def format_value(value):
    """Formats a metric value the Keras way: `%.4f`, or `%.4e` when |value| <= 1e-3."""
    if isinstance(value, str):
        return value
    return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"


def format_time_per_unit(seconds, unit_name="step"):
    """`3ms/step`, `850us/step`, `2s/step` (whole numbers, like Keras)."""
    if seconds >= 1 or seconds == 0:
        return f"{seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms/{unit_name}"
    return f"{seconds * 1e6:.0f}us/{unit_name}"


def format_eta(seconds):
    """`45s`, `1:05` or `1:01:05`, truncated to whole seconds like Keras."""
    if seconds > 3600:
        return "%d:%02d:%02d" % (seconds // 3600, (seconds % 3600) // 60, seconds % 60)
    if seconds > 60:
        return "%d:%02d" % (seconds // 60, seconds % 60)
    return "%ds" % seconds


def _as_number(value):
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return value
    return float(np.mean(value))  # arrays and backend tensors: shown as their mean


class Progbar:
    """Displays a progress bar: `32/469 ━━━━━━━━━━━━━━━━━━━━ 12s 3ms/step - loss: 0.2764`.

    Values given for names not in `stateful_metrics` are averaged over the
    steps seen so far (weighted by steps); stateful ones are shown as given.
    On the final update every value is shown exactly as given.

    Args:
        target: total number of steps, or None if unknown.
        width: number of `━` characters in the bar.
        verbose: 0 (silent), 1 (bar) or 2 (one summary line when finished).
        interval: minimum number of seconds between two redraws of the live bar.
        stateful_metrics: names whose values are displayed as-is.
        unit_name: what a step is called in `3ms/step`.

    Example:
    ```python
    bar = Progbar(target=100)
    for i in range(100):
        bar.update(i + 1, values=[("loss", 0.5)])
    # 100/100 ━━━━━━━━━━━━━━━━━━━━ 0s 1ms/step - loss: 0.5000
    ```
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, stateful_metrics=None, unit_name="step"):
        if target is not None and (isinstance(target, bool) or int(target) != target or target < 0):
            raise ValueError(f"Progbar expected target to be None or an integer >= 0, got {target!r}.")
        if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1:
            raise ValueError(f"Progbar expected width to be an integer >= 1, got {width!r}.")
        if verbose not in (0, 1, 2):
            raise ValueError(f"Progbar expected verbose to be 0, 1 or 2, got {verbose!r}.")
        self.target = None if target is None else int(target)
        self.width = int(width)
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics or ())
        self._interactive = is_interactive()
        self._values = {}  # name -> [weighted sum, weight]; insertion order = display order
        self._seen_so_far = 0
        self._start = _now()
        self._last_update = -math.inf
        self._time_after_first_step = None

    def update(self, current, values=None, finalize=None):
        """Moves the bar to step `current`.

        Args:
            current: index of the current step (1-based count of steps done).
            values: iterable of `(name, value)` pairs (or a dict) for the last step.
            finalize: whether this is the last update; defaults to
                `current >= target`.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        if values:
            self._record(current, values.items() if isinstance(values, dict) else values, finalize)
        self._seen_so_far = current
        now = _now()
        time_per_unit = self._estimate_step_duration(current, now)
        if self.verbose == 1:
            if not finalize and (not self._interactive or now - self._last_update < self.interval):
                return
            self._draw(current, now, time_per_unit, finalize)
        elif self.verbose == 2 and finalize:
            self._print_summary(current, now, time_per_unit)
        self._last_update = now

    def add(self, n, values=None):
        """Advances the bar by `n` steps."""
        self.update(self._seen_so_far + n, values)

    def _redraw_due(self):
        # Same clock and threshold as update(), so a True here means the next
        # non-final update() of a live bar redraws.
        return self._interactive and self.verbose == 1 and _now() - self._last_update >= self.interval

    def _record(self, current, values, finalize):
        for name, value in values:
            value = _as_number(value)
            if finalize or name in self.stateful_metrics or isinstance(value, str):
                self._values[name] = [value, 1]
                continue
            steps = max(current - self._seen_so_far, 1)
            entry = self._values.get(name)
            if entry is None:
                self._values[name] = [value * steps, steps]
            else:
                entry[0] += value * steps
                entry[1] += steps

    def _metrics_text(self):
        parts = []
        for name, (total, count) in self._values.items():
            shown = total if isinstance(total, str) else total / max(1, count)
            parts.append(f" - {name}: {format_value(shown)}")
        return "".join(parts)

    def _count_text(self, current):
        if self.target:
            return f"{current:>{len(str(self.target))}}/{self.target}"
        return f"{current:7d}/Unknown"

    def _draw(self, current, now, time_per_unit, finalize):
        global _open_line_width
        count = self._count_text(current)
        if self.target and not finalize:
            timing = format_eta(time_per_unit * (self.target - current))
        else:
            timing = f"{now - self._start:.0f}s"
        tail = f" {format_time_per_unit(time_per_unit, self.unit_name)}{self._metrics_text()}"
        if self.target:
            done = int(self.width * current / self.target)
            done = min(max(done, 0), self.width)
            done_bar, rest_bar = BAR_CHAR * done, BAR_CHAR * (self.width - done)
        else:
            done_bar = rest_bar = None
        plain_bar = "" if done_bar is None else f" {done_bar}{rest_bar}"
        plain = f"{count}{plain_bar} {timing}{tail}"
        if not self._interactive:
            _write(plain + "\n")
            return
        bar = ""
        if done_bar is not None:
            bar = " " + (f"{_GREEN}{done_bar}{_RESET}" if done_bar else "")
            bar += f"{_DIM}{rest_bar}{_RESET}" if rest_bar else ""
        line = f"\r{_BOLD}{count}{_RESET}{bar} {_BOLD}{timing}{_RESET}{tail}"
        # Blank out what is left of a longer previous line.
        line += " " * max(_open_line_width - len(plain), 0)
        if finalize:
            line += "\n"
            _open_line_width = 0
        else:
            _open_line_width = len(plain)
        _write(line)

    def _print_summary(self, current, now, time_per_unit):
        count = self._count_text(current).lstrip()
        per_unit = format_time_per_unit(time_per_unit, self.unit_name)
        print_msg(f"{count} - {now - self._start:.0f}s - {per_unit}{self._metrics_text()}")

    def _estimate_step_duration(self, current, now):
        # The first step carries one-off costs (building weights and optimizer
        # slots), so once a later step is known it is left out of the average.
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            time_per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            time_per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return time_per_unit
