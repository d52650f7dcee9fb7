"""A real JupyterLab, driven by a real Chromium, on a temporary learner workspace.

One JupyterLab server and one browser serve every test of this folder (session scope).
Both start lazily, on the first test that opens a notebook, so that a missing Chromium
is reported by the test itself: a skip on a developer's machine, a failure when CI=true.

Everything Jupyter would keep in the home folder (config, data, runtime, settings,
workspaces, IPython profile) lives in a temporary folder instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source" / "week1"
RELEASE = ROOT / "release" / "week1"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
ARTIFACTS = ROOT / "test-artifacts"

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TOKEN = "browser-test-token"
WAIT_MS = 60_000  # every wait is event-based; this is only the ceiling on a loaded machine
SERVER_START_S = 90

# The one notebook that needs no solution, so the workspace keeps the learner's copy of it.
QUIZ = "07_quiz.ipynb"
# What running the lessons leaves in their folder; a new learner starts without it.
LEARNER_STATE = ("quiz_answers.json", "mock_sheets", "*.backup-*.ipynb")

# Settings a learner never sees, to keep the page deterministic:
# no virtual scrolling of off-screen cells, no news or update pop-up.
USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def require_chromium() -> None:
    """Skip without Chromium, except in CI, where a missing browser is a failure."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    message = (
        f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
        "(or set CHROMIUM_PATH); the browser tests need it"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true: a missing browser is a failure)", pytrace=False)
    pytest.skip(message)


def require_notebook(name: str) -> None:
    if not (SOURCE / name).is_file():
        pytest.skip(f"source/week1/{name} does not exist yet: this test runs once the notebook is added")


def make_workspace(dest: Path) -> Path:
    """The learner's `notebooks/` folder as `make lab` makes it, with solutions in the lessons.

    `make lab` copies release/week1 into notebooks/week1; so does this, when a release exists.
    Every lesson notebook then comes from source/, so that its later cells have solutions
    to call, and so does the support package (nbgrader copies it unchanged, and a release
    that lags behind source/ is test_release.py's business). The quiz needs no solution:
    it stays the learner's copy from release/ (from source/ until a release has it).
    State that running a lesson leaves behind (saved quiz answers, the mock sheets) is
    never copied: every run starts as a new learner.
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", *LEARNER_STATE)
    week = dest / "week1"
    if RELEASE.is_dir():
        shutil.copytree(RELEASE, week, ignore=ignore)
    shutil.copytree(SOURCE, week, ignore=ignore, dirs_exist_ok=True)
    if (RELEASE / QUIZ).is_file():
        shutil.copy(RELEASE / QUIZ, week / QUIZ)
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server and a headless Chromium, started on first use."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.workspace = make_workspace(tmp / "notebooks")
        for stale in SCREENSHOTS.glob("FAILED-*.png"):
            stale.unlink()
        self.log_path = ARTIFACTS / "jupyterlab.log"
        self.server: subprocess.Popen | None = None
        self.port: int | None = None
        self._playwright = None
        self.browser = None
        self._context = None
        self._page = None
        self._startup_error = ""
        self.timings: dict[str, float] = {}

    # -- server ---------------------------------------------------------------

    def _environment(self) -> dict[str, str]:
        state = self.tmp / "jupyter"
        dirs = {
            "JUPYTER_CONFIG_DIR": state / "config",
            "JUPYTER_DATA_DIR": state / "data",
            "JUPYTER_RUNTIME_DIR": state / "runtime",
            "IPYTHONDIR": state / "ipython",
            "JUPYTERLAB_SETTINGS_DIR": state / "settings",
            "JUPYTERLAB_WORKSPACES_DIR": state / "workspaces",
        }
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        for name, settings in USER_SETTINGS.items():
            plugin, file = name.rsplit("/", 1)
            target = dirs["JUPYTERLAB_SETTINGS_DIR"] / plugin / file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(settings), encoding="utf-8")
        env = dict(os.environ)
        env.update({k: str(v) for k, v in dirs.items()})
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        env.pop("MPLBACKEND", None)  # a CI setting such as Agg must not hide the plots
        env.pop("JUPYTER_PATH", None)
        return env

    def launch_server(self) -> None:
        self._server_started = time.monotonic()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        cmd = [
            sys.executable, "-m", "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--port-retries=0",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={self.workspace}",
            "--LabApp.expose_app_in_browser=True",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        with open(self.log_path, "w", encoding="utf-8") as log:
            self.server = subprocess.Popen(
                cmd, cwd=self.workspace, env=self._environment(),
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def wait_for_server(self) -> None:
        for attempt in range(3):
            if self._wait_for_status():
                self.timings["server_start_s"] = time.monotonic() - self._server_started
                return
            if self.server.poll() is None or attempt == 2:
                break  # alive but not answering, or out of attempts
            # It exited, perhaps because the port was taken between bind and listen.
            self.stop_server()
            self.launch_server()
        raise RuntimeError(f"JupyterLab did not start; its log:\n{self.server_log()}")

    def _wait_for_status(self) -> bool:
        url = f"http://127.0.0.1:{self.port}/api/status?token={TOKEN}"
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.2)  # polling a process that gives no other signal of readiness
        return False

    def server_log(self, tail: int = 60) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-tail:])

    def stop_server(self) -> None:
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait(timeout=15)
        self.server = None

    # -- browser --------------------------------------------------------------

    def start_browser(self) -> None:
        from playwright.sync_api import sync_playwright

        started = time.monotonic()
        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        self.timings["browser_start_s"] = time.monotonic() - started

    def ensure_started(self) -> None:
        require_chromium()
        if self._startup_error:
            pytest.fail(f"JupyterLab or Chromium did not start in an earlier test: {self._startup_error}", pytrace=False)
        try:
            if self.server is None:
                # The browser starts while the server boots: both are slow on a busy machine.
                self.launch_server()
                if self.browser is None:
                    self.start_browser()
                self.wait_for_server()
        except Exception as err:
            self._startup_error = f"{type(err).__name__}: {err}"
            raise
        if self.server.poll() is not None:
            pytest.fail(f"JupyterLab exited early; its log:\n{self.server_log()}", pytrace=False)

    @property
    def page(self):
        """The one JupyterLab page of the session, loaded and restored.

        Tests open their notebooks in it, as a learner does from the file browser.
        After a failed test it is replaced by a fresh page, so one failure does not cascade.
        """
        if self._page is None:
            started = time.monotonic()
            self._context = self.browser.new_context(viewport={"width": 1280, "height": 1000})
            page = self._context.new_page()
            page.set_default_timeout(WAIT_MS)
            page.goto(
                f"http://127.0.0.1:{self.port}/lab/workspaces/browser-tests?reset&token={TOKEN}",
                wait_until="domcontentloaded",
            )
            page.wait_for_function(APP_RESTORED_JS, timeout=WAIT_MS, polling=100)
            self.timings.setdefault("lab_page_load_s", []).append(time.monotonic() - started)
            self._page = page
        return self._page

    def shutdown_kernels(self) -> None:
        """Shut down every kernel through the REST API (after a failure the page may be stuck)."""
        if self.server is None or self.server.poll() is not None:
            return
        base = f"http://127.0.0.1:{self.port}/api/kernels"
        headers = {"Authorization": f"token {TOKEN}"}
        try:
            with urllib.request.urlopen(urllib.request.Request(base, headers=headers), timeout=10) as r:
                kernels = json.load(r)
            for kernel in kernels:
                request = urllib.request.Request(f"{base}/{kernel['id']}", headers=headers, method="DELETE")
                urllib.request.urlopen(request, timeout=30).close()
        except (urllib.error.URLError, OSError, ValueError):
            pass

    def discard_page(self) -> None:
        if self._context is not None:
            try:
                self._context.close()
            except Exception:  # the browser may already be gone
                pass
        self._page = self._context = None

    def close(self) -> None:
        if self.timings:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / "browser-timings.json").write_text(
                json.dumps(self.timings, indent=1), encoding="utf-8"
            )
        self.discard_page()
        if self.browser is not None:
            self.browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self.stop_server()


# -- notebooks in the page -----------------------------------------------------

APP_RESTORED_JS = """() => {
    const app = window.jupyterapp;
    if (!app) return false;
    if (!window.__browserTestRestored) {
        window.__browserTestRestored = 'waiting';
        app.restored.then(() => { window.__browserTestRestored = 'yes'; });
    }
    return window.__browserTestRestored === 'yes';
}"""

# JavaScript run in the page: `path` is the notebook's path relative to the server root.
_FIND = """
    const app = window.jupyterapp;
    const nb = app && app.shell ? [...app.shell.widgets('main')].find(
        w => w.context && w.context.path === path && w.content && w.sessionContext) : undefined;
"""

KERNEL_IDLE_JS = "(path) => {" + _FIND + """
    if (!nb || !nb.context.isReady || nb.content.widgets.length === 0) return false;
    const kernel = nb.sessionContext.session && nb.sessionContext.session.kernel;
    return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle'
        && !nb.sessionContext.pendingInput;
}"""

# Commands and kernel calls are started here and report through window.__browserTest,
# so that Python waits for them with wait_for_function (with a timeout) instead of an
# evaluate() that could hang forever.
START_JS = "([path, action, key]) => {" + _FIND + """
    window.__browserTest = window.__browserTest || {};
    window.__browserTest[key] = null;
    const done = (result) => { window.__browserTest[key] = result; };
    let promise;
    if (action === 'open') {
        promise = app.commands.execute('docmanager:open', {path, factory: 'Notebook'}).then(() => null);
    } else if (!nb) {
        promise = Promise.reject(new Error('notebook ' + path + ' is not open'));
    } else {
        app.shell.activateById(nb.id);
        if (action === 'restart') promise = nb.sessionContext.session.kernel.restart();
        else if (action === 'shutdown') promise = nb.sessionContext.shutdown().then(() => nb.dispose());
        else promise = app.commands.execute(action);
    }
    Promise.resolve(promise).then(
        (value) => done({ok: true, value: value === undefined ? null : value}),
        (error) => done({ok: false, error: String(error)}));
}"""

MODEL_JS = "(path) => {" + _FIND + " return nb.content.model.toJSON(); }"


def _outputs(nb_json: dict):
    for index, cell in enumerate(nb_json.get("cells", [])):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            yield index, cell, output


class Notebook:
    """One notebook of the workspace, opened in the session's JupyterLab page."""

    def __init__(self, lab: Lab, name: str):
        self.lab = lab
        self.name = name
        self.path = f"week1/{name}"
        self.file = lab.workspace / self.path
        self.page = lab.page
        self.timings: dict[str, float] = {}
        self._calls = 0
        started = time.monotonic()
        self._run("open")
        self.wait_kernel_idle()
        self.timings["open_to_kernel_idle_s"] = time.monotonic() - started

    def wait_kernel_idle(self) -> None:
        self.page.wait_for_function(KERNEL_IDLE_JS, arg=self.path, timeout=WAIT_MS, polling=100)

    def _run(self, action: str) -> object:
        self._calls += 1
        key = f"{self.path}:{self._calls}:{action}"
        self.page.evaluate(START_JS, [self.path, action, key])
        handle = self.page.wait_for_function(
            "(key) => window.__browserTest && window.__browserTest[key]",
            arg=key, timeout=WAIT_MS, polling=100,
        )
        result = handle.json_value()
        assert result["ok"], f"{self.name}: {action} failed in the page: {result.get('error')}"
        return result["value"]

    def run_all(self) -> None:
        """Run every cell, as Run > Run All Cells, and wait until the kernel is idle again."""
        started = time.monotonic()
        self._run("notebook:run-all-cells")
        self.wait_kernel_idle()
        self.timings.setdefault("run_all_s", []).append(time.monotonic() - started)

    def clear_outputs(self) -> None:
        self._run("notebook:clear-all-cell-outputs")

    def restart_kernel(self) -> None:
        self._run("restart")
        self.wait_kernel_idle()

    def model(self) -> dict:
        """The notebook as the page holds it (nbformat JSON, with the outputs of this run)."""
        return self.page.evaluate(MODEL_JS, self.path)

    def errors(self) -> list[str]:
        return [
            f"cell {i}: {out.get('ename')}: {out.get('evalue')}"
            for i, _, out in _outputs(self.model())
            if out.get("output_type") == "error"
        ]

    def stderr(self) -> list[str]:
        return [
            f"cell {i}: {''.join(out.get('text', ''))[:200]}"
            for i, _, out in _outputs(self.model())
            if out.get("output_type") == "stream" and out.get("name") == "stderr"
        ]

    def count_outputs_with(self, mime: str) -> int:
        return sum(1 for _, _, out in _outputs(self.model()) if mime in out.get("data", {}))

    def screenshot(self, name: str, locator=None) -> Path:
        """Save the page as test-artifacts/screenshots/`name`, scrolled to `locator` if given."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / name
        if locator is not None:
            locator.scroll_into_view_if_needed()
        self.page.screenshot(path=str(target))
        return target

    def close(self) -> None:
        """Shut the kernel down (it would slow the rest of the suite) and close the tab."""
        self.lab.timings[self.name] = dict(self.timings)
        self._run("shutdown")


@contextlib.contextmanager
def open_notebook(lab: Lab, name: str) -> Iterator[Notebook]:
    """Open week1/`name` in JupyterLab, wait for its kernel, close it afterwards.

    Skips when the notebook does not exist yet, or without Chromium (fails in CI).
    On failure, keeps a screenshot FAILED-<name>.png, prints the server log's tail,
    and replaces the page so that the next test starts clean.
    """
    require_notebook(name)
    lab.ensure_started()
    try:
        notebook = Notebook(lab, name)
        yield notebook
        notebook.close()
    except BaseException:
        if lab._page is not None:
            try:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                lab._page.screenshot(path=str(SCREENSHOTS / f"FAILED-{Path(name).stem}.png"))
            except Exception:  # a screenshot must not hide the real failure
                pass
        print(f"--- JupyterLab log (tail) ---\n{lab.server_log()}")
        lab.discard_page()
        lab.shutdown_kernels()
        raise
