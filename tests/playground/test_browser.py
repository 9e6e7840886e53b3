"""End to end in headless Chromium: the page trains XOR with relu, pauses, takes a new learning rate.

Needs Debian's chromium and chromium-driver (`.ci/run` installs them); under CI=true a missing
browser fails the test instead of skipping it.
"""
import os
import pathlib
import time

import numpy as np
import pytest
from browser import Browser, available
from playground_helpers import wait_for

MISSING = available()
if MISSING and os.environ.get("CI") != "true":
    pytest.skip(f"the browser test needs {MISSING} (CI installs them)", allow_module_level=True)

# The README's screenshot: rewritten when NUMKERAS_SAVE_SCREENSHOT=1, else saved to a temporary folder.
README_SCREENSHOT = pathlib.Path(__file__).resolve().parents[2] / "docs" / "playground.png"


def _by_test(driver, name):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'[data-test="{name}"]')


def _number(driver, name):
    text = _by_test(driver, name).text
    return None if text in ("", "-") else float(text)


def _type(element, text):
    from selenium.webdriver.common.keys import Keys

    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(text + Keys.TAB)


def test_xor_relu_plays_pauses_and_takes_a_new_learning_rate(server, tmp_path):
    from selenium.webdriver.support.ui import Select

    assert MISSING is None, f"the browser test needs {MISSING}"
    client, app = server
    with Browser(1280, 800) as driver:
        driver.get(client.base + "/")
        wait_for(lambda: app.state.registry.sessions and _by_test(driver, "epoch").text == "0")
        Select(_by_test(driver, "dataset")).select_by_value("xor")
        Select(_by_test(driver, "activation")).select_by_value("relu")
        wait_for(lambda: 'activation="relu"' in driver.find_element("id", "code").text)
        session = next(iter(app.state.registry.sessions.values()))
        assert session.config["dataset"] == "xor" and session.config["activation"] == "relu"

        _by_test(driver, "play").click()
        wait_for(lambda: (_number(driver, "epoch") or 0) >= 3)
        first_loss = _number(driver, "loss-train")
        wait_for(lambda: (_number(driver, "epoch") or 0) >= 40)
        assert _number(driver, "loss-train") < first_loss
        assert _number(driver, "loss-test") is not None

        _by_test(driver, "pause").click()
        time.sleep(0.6)
        held = _number(driver, "epoch")
        time.sleep(1.5)
        assert _number(driver, "epoch") == held

        # A bad value gets a message beside the control and changes nothing.
        rate = _by_test(driver, "learning-rate")
        _type(rate, "0")
        message = wait_for(lambda: driver.find_element("id", "error-learning_rate").text)
        assert "learning rate must be in (0, 10]" in message
        assert session.config["learning_rate"] == 0.03

        # A new learning rate mid-run: it shows in the code and reaches the optimizer.
        _by_test(driver, "play").click()
        _type(rate, "0.1")
        wait_for(lambda: "learning_rate=0.1," in driver.find_element("id", "code").text)
        assert driver.find_element("id", "error-learning_rate").text == ""
        wait_for(lambda: abs(float(np.asarray(session.model.optimizer.learning_rate.value)) - 0.1) < 1e-7)
        resumed = _number(driver, "epoch")
        wait_for(lambda: _number(driver, "epoch") >= resumed + 20)
        assert _by_test(driver, "boundary").size["width"] > 200
        driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
        time.sleep(0.3)
        screenshot = README_SCREENSHOT if os.environ.get("NUMKERAS_SAVE_SCREENSHOT") == "1" else \
            tmp_path / "playground.png"
        driver.save_screenshot(str(screenshot))
        assert screenshot.stat().st_size > 20000

        # Keyboard: "p" toggles play/pause when no field has the focus.
        driver.find_element("tag name", "body").click()
        driver.find_element("tag name", "body").send_keys("p")
        wait_for(lambda: _by_test(driver, "pause").get_attribute("aria-pressed") == "true")


def test_phone_width_fits_and_closing_the_tab_ends_the_session(server):
    assert MISSING is None, f"the browser test needs {MISSING}"
    client, app = server
    with Browser(390, 844) as driver:
        driver.get(client.base + "/")
        wait_for(lambda: app.state.registry.sessions and _by_test(driver, "epoch").text == "0")
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        for name in ("dataset", "learning-rate", "play", "boundary"):
            assert _by_test(driver, name).size["width"] > 0
        driver.get("about:blank")  # the tab leaves the page: its stream closes
        wait_for(lambda: not app.state.registry.sessions)
