"""A session that speaks Streamlit's own websocket protocol, as a browser tab does, without drawing anything.

load_test.py runs these beside its Chromium sessions (--browsers): the server, the proxy and the network see what a
browser's session makes them do (a script run per page, with the page's URL parameters, every element sent), while
the machine running the test is spared the drawing of forty pages of charts, which on one small machine is the
browsers' work, not the server's. Each page view is timed from the request until the script has finished and every
message has arrived; an exception element, an error box, a script that did not finish or a connection that did not
come back counts as an error, as it does for a browser session.
"""
from __future__ import annotations

import asyncio
import contextlib
import time
from urllib.parse import urlencode, urlsplit

import requests
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

FINISHED = ForwardMsg.ScriptFinishedStatus.Name  # the status names, e.g. FINISHED_SUCCESSFULLY
RECONNECT_S = 60.0  # a dropped connection must be back within this, as a browser page's would
DROPPED = (OSError, WebSocketException, requests.RequestException)  # refused, reset, closed, the proxy's 502


class Tab:
    """One browser tab's connection: its cookies (the proxy's route), its websocket and the app's pages."""

    def __init__(self, base: str) -> None:
        self.base, self.cookies, self.ws, self.pages = base.rstrip("/"), {}, None, {}

    async def connect(self, path: str) -> None:
        """Fetch the page as a browser does first (the proxy sets its route cookie), then open the websocket."""
        http = requests.Session()
        http.cookies.update(self.cookies)
        response = await asyncio.to_thread(http.get, f"{self.base}/{path}", timeout=30)
        response.raise_for_status()
        self.cookies = http.cookies.get_dict()
        parts = urlsplit(self.base)
        url = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}/_stcore/stream"
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.ws = await connect(url, subprotocols=["streamlit"], additional_headers={"Cookie": cookie} if cookie else None,
                                max_size=64 * 2**20, open_timeout=30)

    async def run(self, url_path: str, params: dict, timeout: float, keep: list | None = None) -> tuple[list[str], str]:
        """Ask for a page (by its script hash once known, else by its path, as a deep link does) and read until the
        script has finished; return the error texts found in its elements and the finish status (keep: a list that
        receives every message as sent, for a caller looking for a text anywhere in the page)."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = urlencode(params)
        state.page_name = url_path
        if url_path in self.pages:
            state.page_script_hash = self.pages[url_path]
        await self.ws.send(msg.SerializeToString())
        return await asyncio.wait_for(self._until_finished(keep), timeout)

    async def _until_finished(self, keep: list | None) -> tuple[list[str], str]:
        """Read forward messages until script_finished; collect exception elements and error boxes."""
        errors: list[str] = []
        while True:
            raw = await self.ws.recv()
            if keep is not None:
                keep.append(raw)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                errors += element_errors(fwd.delta.new_element)
            elif kind == "script_finished" and fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return errors, FINISHED(fwd.script_finished)  # a run that reran at once goes on: the browser waits too

    async def close(self) -> None:
        """Close the websocket if open."""
        if self.ws is not None:
            ws, self.ws = self.ws, None
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(), 5)


def element_errors(element) -> list[str]:
    """The error an element shows, if any: an exception (a traceback box) or an error alert."""
    kind = element.WhichOneof("type")
    if kind == "exception":
        return [f"exception box: {element.exception.type}: {element.exception.message[:160]}"]
    if kind == "alert" and element.alert.format == Alert.Format.ERROR:
        return [f"error box: {element.alert.body[:160]}"]
    return []


async def session(base: str, pages: list[str], index: int, deadline: float, tally, delay: float = 0,
                  step_timeout: float = 60.0) -> None:
    """One user without a browser: arrive after delay seconds, open a page, then move through the pages until the
    deadline; a dropped connection is opened again (through the proxy, to a replica that is up), as a page does."""
    await asyncio.sleep(delay)
    lang, i, tab = ("en", "ru")[index % 2], index % len(pages), Tab(base)
    opened = False
    try:
        while time.monotonic() < deadline:
            path, t0 = pages[i], time.perf_counter()
            try:
                if not opened:
                    await tab.connect(path)
                    opened = True
                errors, status = await tab.run(path, {"lang": lang}, step_timeout)
                tally.times[page_of(path)].append(time.perf_counter() - t0)
                for text in errors:
                    tally.error(text.split(":", 1)[0], f"{path or 'overview'}/{lang} (websocket): {text}")
                if status != "FINISHED_SUCCESSFULLY":
                    tally.error("script did not finish", f"{path}/{lang} (websocket): {status}")
                i = (i + 1) % len(pages)
            except DROPPED as exc:  # the replica went away: reconnect, as the browser's page does
                await tab.close()
                opened = await reconnect(tab, path, index, tally, exc)
            except asyncio.TimeoutError:
                tally.error("failed or timed-out load", f"{path or 'overview'}/{lang} (websocket): no script_finished")
                await tab.close()
                opened = False
    finally:
        await tab.close()


async def reconnect(tab: Tab, path: str, index: int, tally, cause: Exception) -> bool:
    """Open the connection again within RECONNECT_S; record the drop (and when it came back) like a browser's."""
    lost = {"session": index, "t": time.time(), "state": f"websocket: {type(cause).__name__}", "back": None}
    tally.lost.append(lost)
    give_up = time.monotonic() + RECONNECT_S
    while time.monotonic() < give_up:
        try:
            await tab.connect(path)
            lost["back"] = time.time()
            return True
        except DROPPED:
            await asyncio.sleep(1)
    tally.error("connection not back", f"{path} (websocket): not reconnected in {RECONNECT_S:.0f} s")
    return False


def page_of(url_path: str) -> str:
    """The tally's name of a page from its URL path, as the browser sessions name it (its script's stem)."""
    from tests.e2e.helpers import page_name
    from ui.navigation import PAGES

    return next(page_name(p.script) for p in PAGES if p.url_path == url_path)
