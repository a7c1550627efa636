"""One headless Chromium driven over the DevTools protocol on a pipe (standard library only).

`chromium --headless --remote-debugging-pipe` reads JSON messages, each ended by
a NUL byte, on its fd 3 and writes its answers and events the same way on fd 4.
Browser keeps one such process, and one tab in it (a flat session), for many
screenshots and PDFs: each capture sets the window size with
Emulation.setDeviceMetricsOverride, loads the page, waits for the load event of
that navigation and asks for the image (Page.captureScreenshot) or the PDF
(Page.printToPDF), as the one-shot `--screenshot` / `--print-to-pdf` switches do
inside the browser.

Every read waits at most until the capture's deadline; a browser that hangs,
dies, or whose page crashes raises ChromiumError, and Browser.capture starts a
new browser for a second try, as a crashed one-shot run got a second start.
"""

import base64
import collections
import fcntl
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

FLAGS = ["--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--force-device-scale-factor=1", "--run-all-compositor-stages-before-draw",
         "--disable-background-networking", "--disable-component-update", "--disable-extensions", "--disable-sync",
         "--no-first-run", "--no-default-browser-check", "--mute-audio"]


class ChromiumError(RuntimeError):
    """The browser died, hung, crashed a page or refused a command."""


class Session:
    """One browser process and its two pipes; messages in, answers and events out."""

    def __init__(self, chromium, limit):
        self.limit = limit  # the seconds a capture may take, for the messages
        # The sanitizer settings of the test run are not the browser's business.
        env = {k: v for k, v in os.environ.items() if not k.endswith("SAN_OPTIONS")}
        self.profile = tempfile.TemporaryDirectory(prefix="fbkit-chromium-", ignore_cleanup_errors=True)
        self.stderr = tempfile.TemporaryFile()
        child_in, self.to_browser = os.pipe()
        self.from_browser, child_out = os.pipe()

        def onto_3_and_4():  # in the child, before exec: the pipe ends where Chromium expects them
            # Copies at 10 or above first, so neither end is overwritten nor copied onto itself.
            a, b = fcntl.fcntl(child_in, fcntl.F_DUPFD, 10), fcntl.fcntl(child_out, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        # os.pipe() descriptors are close-on-exec: only the copies on 3 and 4 reach the
        # browser, so its death closes the pipe and a read sees EOF instead of waiting.
        self.proc = subprocess.Popen([chromium, *FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=self.stderr, stderr=self.stderr, env=env,
                                     preexec_fn=onto_3_and_4, close_fds=False, start_new_session=True)
        os.close(child_in)
        os.close(child_out)
        self.partial, self.complete = [], collections.deque()  # bytes of the message being read; whole ones
        self.last_id, self.events, self.tab_session = 0, [], None

    def why_gone(self):
        """The exit status and the end of the browser's stderr, for a failure message."""
        code = self.proc.poll()
        self.stderr.seek(0)
        tail = self.stderr.read().decode("utf-8", "replace")[-2000:]
        state = "still running" if code is None else f"exit {code}"
        return f"chromium {state}" + (f"; its stderr ends:\n{tail}" if tail.strip() else "")

    def send(self, method, params, session, deadline):
        self.last_id += 1
        message = {"id": self.last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            if not select.select([], [self.to_browser], [], max(0.0, deadline - time.monotonic()))[1]:
                raise ChromiumError(f"chromium took no command for {method} before the deadline")
            try:
                data = data[os.write(self.to_browser, data):]
            except BrokenPipeError:
                raise ChromiumError(f"chromium closed its command pipe ({method}): {self.why_gone()}") from None
        return self.last_id

    def receive(self, deadline, waiting_for):
        """The next whole message, or ChromiumError at the deadline or when the pipe closes."""
        while not self.complete:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.from_browser], [], [], left)[0]:
                raise ChromiumError(f"no answer from chromium within the {self.limit:g} s of a capture ({waiting_for})")
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                try:
                    self.proc.wait(timeout=5)  # for its exit status in the message
                except subprocess.TimeoutExpired:
                    pass
                raise ChromiumError(f"chromium closed its pipe ({waiting_for}): {self.why_gone()}")
            # A screenshot is megabytes in 64 KiB reads: look for the NULs in the new bytes only.
            *ends, rest = chunk.split(b"\0")
            if ends:
                self.complete.extend([b"".join(self.partial) + ends[0], *ends[1:]])
                self.partial = []
            self.partial.append(rest)
        message = self.complete.popleft()
        message = json.loads(message)
        if message.get("method") == "Inspector.targetCrashed":
            raise ChromiumError(f"the page crashed in chromium ({waiting_for})")
        return message

    def call(self, method, params, session, deadline):
        """Sends a command and returns its result; events that come first are kept for wait_event."""
        sent = self.send(method, params, session, deadline)
        while True:
            message = self.receive(deadline, method)
            if message.get("id") == sent:
                if "error" in message:
                    raise ChromiumError(f"{method} refused: {message['error'].get('message')}")
                return message.get("result", {})
            self.events.append(message)

    def wait_event(self, matches, deadline, waiting_for):
        for i, message in enumerate(self.events):
            if matches(message):
                return self.events.pop(i)
        while True:
            message = self.receive(deadline, waiting_for)
            if matches(message):
                return message
            self.events.append(message)

    def close(self, gently):
        """Ends the browser: gently asks it to quit first (10 s); then its process group is killed."""
        if gently:
            try:
                self.send("Browser.close", {}, None, time.monotonic() + 5)
                self.proc.wait(timeout=10)
            except (ChromiumError, OSError, subprocess.TimeoutExpired):
                pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        for fd in (self.to_browser, self.from_browser):
            os.close(fd)
        self.stderr.close()
        self.profile.cleanup()


class Browser:
    """Captures pages with one long-lived Chromium (started on first use, restarted after a failure)."""

    def __init__(self, chromium, timeout=90):
        self.chromium, self.timeout, self.session, self.starts = chromium, timeout, None, 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop(gently=True)

    def stop(self, gently):
        if self.session:
            self.session.close(gently)
            self.session = None

    def screenshot(self, page, width, height):
        """The PNG of a width x height window showing page (what --window-size and --screenshot gave)."""
        params = {"format": "png", "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
                  # zlib level 1 and filter Up on every row: the same pixels, decoded fast.
                  "optimizeForSpeed": True}
        return self.capture(page, (width, height), "Page.captureScreenshot", params)

    def pdf(self, page):
        """The PDF of page as --print-to-pdf --no-pdf-header-footer printed it."""
        params = {"displayHeaderFooter": False, "printBackground": True, "preferCSSPageSize": True,
                  "generateTaggedPDF": True}
        return self.capture(page, None, "Page.printToPDF", params)

    def capture(self, page, size, method, params):
        for attempt in (1, 2):
            try:
                if not self.session:
                    self.session = Session(self.chromium, self.timeout)
                    self.starts += 1
                return self.capture_once(page, size, method, params, time.monotonic() + self.timeout)
            except (ChromiumError, OSError, ValueError) as e:
                print(f"render_check: chromium failed on {page} (attempt {attempt}): {e}", file=sys.stderr)
                self.stop(gently=False)  # the second try gets a new browser, as a crashed one-shot run did
        raise ChromiumError(f"chromium failed twice on {page}")

    def capture_once(self, page, size, method, params, deadline):
        s = self.session
        s.events = []  # the earlier pages' late events
        sid = self.tab(deadline)
        if size:
            s.call("Emulation.setDeviceMetricsOverride",
                   {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False}, sid, deadline)
        else:
            s.call("Emulation.clearDeviceMetricsOverride", {}, sid, deadline)
        nav = s.call("Page.navigate", {"url": "file://" + os.path.abspath(page)}, sid, deadline)
        if nav.get("errorText"):
            raise ChromiumError(f"cannot load the page: {nav['errorText']}")
        # The loader of this navigation: not an earlier page's load, nor one replayed
        # when lifecycle events were enabled.
        frame, loader = nav["frameId"], nav.get("loaderId")
        s.wait_event(lambda m: m.get("sessionId") == sid and m.get("method") == "Page.lifecycleEvent"
                     and m["params"].get("name") == "load" and m["params"].get("frameId") == frame
                     and m["params"].get("loaderId") == loader, deadline, f"the load event of {page}")
        s.call("Page.bringToFront", {}, sid, deadline)
        return base64.b64decode(s.call(method, params, sid, deadline)["data"], validate=True)

    def tab(self, deadline):
        """The session of the browser's one tab, attached on first use.

        One tab, reused: headless Chromium draws no frame for a tab in the
        background, and a screenshot of one can wait forever (seen once in 13
        captures with a new tab for each: a 90 s timeout and a restart)."""
        s = self.session
        if s.tab_session:
            return s.tab_session
        pages = [t for t in s.call("Target.getTargets", {}, None, deadline)["targetInfos"] if t["type"] == "page"]
        target = pages[0]["targetId"] if pages else \
            s.call("Target.createTarget", {"url": "about:blank"}, None, deadline)["targetId"]
        sid = s.call("Target.attachToTarget", {"targetId": target, "flatten": True}, None, deadline)["sessionId"]
        for command, args in [("Inspector.enable", {}), ("Page.enable", {}),
                              ("Page.setLifecycleEventsEnabled", {"enabled": True})]:
            s.call(command, args, sid, deadline)
        s.tab_session = sid
        return sid
