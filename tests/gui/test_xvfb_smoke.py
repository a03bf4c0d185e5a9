"""The real app on a real X server (xcb, as on a user's desktop): it starts at the unlock window."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from app.demo.round import DemoRound

ROOT = Path(__file__).resolve().parents[2]
DISPLAY_NUMBER = 97

pytestmark = pytest.mark.xvfb


def _free_display() -> int:
    number = DISPLAY_NUMBER
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    return number


def _screenshot(display: str, target: Path) -> Image.Image:
    subprocess.run(
        ["import", "-window", "root", str(target)],
        env={**os.environ, "DISPLAY": display},
        check=True,
        capture_output=True,
    )
    return Image.open(target)


def test_the_app_opens_its_unlock_window_under_xvfb(
    demo_round: DemoRound, tmp_path: Path, artifacts: Path
) -> None:
    for tool in ("Xvfb", "xwininfo", "import"):
        if shutil.which(tool) is None:
            pytest.skip(
                f"{tool} is not installed (./dev test installs xvfb, x11-utils, imagemagick)"
            )
    display = f":{_free_display()}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    app = None
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{display[1:]}").exists():
            assert server.poll() is None, "Xvfb exited"
            assert time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.1)
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "PYTHONPATH": str(ROOT),
        }
        app = subprocess.Popen(
            [sys.executable, "-m", "app", "gui", str(demo_round.stores["expert"])],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 30
        shot = artifacts / "xvfb-unlock.png"
        while True:  # the bare X root is one flat colour until the window paints
            if app.poll() is not None:
                output = app.stdout.read() if app.stdout else ""
                pytest.fail(f"the app exited ({app.returncode}): {output}")
            low, high = _screenshot(display, shot).convert("L").getextrema()
            if high - low > 50:
                break
            assert time.monotonic() < deadline, "no unlock window within 30 s"
            time.sleep(0.3)
        time.sleep(1.0)  # let it finish painting, then keep that picture
        low, high = _screenshot(display, shot).convert("L").getextrema()
        assert high - low > 50, "the screenshot is blank"
    finally:
        if app is not None and app.poll() is None:
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
        server.terminate()
        server.wait(10)
