"""The playground's web app (Starlette): the page, the session API and the event stream.

    GET  /                                  the page (static/index.html)
    GET  /api/options                       choices and defaults of every control
    POST /api/sessions                      a new session {id, config, code}; body: optional controls
    GET  /api/sessions/{id}/events          server-sent events: the session's snapshots, throttled
    POST /api/sessions/{id}/config          changed controls -> {applied, config, code} or 422 {errors}
    POST /api/sessions/{id}/control         {"action": "play" | "pause" | "step" | "reset"}
    POST /api/sessions/{id}/close, DELETE /api/sessions/{id}    end the session, free its memory

A session ends when its tab closes (its event stream drops, or the page's close beacon) and
when no stream has watched it for IDLE_TIMEOUT seconds.
"""
import asyncio
import json
import os
import threading
import time

from starlette.applications import Starlette
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from numkeras.playground import config as config_module
from numkeras.playground.datasets import MNIST_MISSING, mnist_cache_path
from numkeras.playground.session import Session, new_session_id

STATIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
MAX_SESSIONS = 32
IDLE_TIMEOUT = 60.0  # seconds a session lives without a stream watching it
STREAM_INTERVAL = 0.1  # seconds between two events of a stream (the throttle)


class Registry:
    """The live sessions, by id."""

    def __init__(self):
        self.sessions = {}
        self.watchers = {}  # id -> open streams
        self.last_watched = {}
        self.lock = threading.Lock()

    def create(self, values):
        self.reap()
        with self.lock:
            if len(self.sessions) >= MAX_SESSIONS:
                raise OverflowError(f"the playground already runs {MAX_SESSIONS} sessions; close a tab "
                                    f"and try again.")
        _check_dataset_available(values.get("dataset"))
        session = Session(new_session_id(), values)
        with self.lock:
            self.sessions[session.id] = session
            self.watchers[session.id] = 0
            self.last_watched[session.id] = time.monotonic()
        return session

    def get(self, session_id):
        with self.lock:
            return self.sessions.get(session_id)

    def close(self, session_id, wait=True):
        """Ends a session; `wait` joins its worker thread (else it ends on its own, soon)."""
        with self.lock:
            session = self.sessions.pop(session_id, None)
            self.watchers.pop(session_id, None)
            self.last_watched.pop(session_id, None)
        if session is not None:
            session.close(wait)
        return session is not None

    def watch(self, session_id, delta):
        with self.lock:
            if session_id in self.watchers:
                self.watchers[session_id] += delta
                self.last_watched[session_id] = time.monotonic()

    def reap(self):
        """Closes the sessions no stream has watched for IDLE_TIMEOUT seconds."""
        now = time.monotonic()
        with self.lock:
            idle = [sid for sid, count in self.watchers.items()
                    if count == 0 and now - self.last_watched[sid] > IDLE_TIMEOUT]
        for session_id in idle:
            self.close(session_id)

    def close_all(self):
        for session_id in list(self.sessions):
            self.close(session_id)


def _check_dataset_available(dataset):
    if dataset == "mnist" and mnist_cache_path() is None:
        raise config_module.ConfigError({"dataset": MNIST_MISSING})


async def _json_body(request):
    body = await request.body()
    if not body:
        return {}
    try:
        values = json.loads(body)
    except ValueError:
        raise config_module.ConfigError({"request": "the body must be JSON."}) from None
    if not isinstance(values, dict):
        raise config_module.ConfigError({"request": "the body must be a JSON object."})
    return values


def create_app():
    """The Starlette app; each app has its own sessions, closed when it shuts down."""
    registry = Registry()

    def session_or_404(request):
        session = registry.get(request.path_params["session_id"])
        if session is None:
            return None, JSONResponse({"error": "no such session (it ended: reload the page)."},
                                      status_code=404)
        return session, None

    async def index(request):
        return FileResponse(os.path.join(STATIC, "index.html"))

    async def options(request):
        return JSONResponse({
            "defaults": config_module.DEFAULTS, "datasets": list(config_module.DATASETS),
            "activations": list(config_module.ACTIVATIONS),
            "initializers": list(config_module.INITIALIZERS),
            "optimizers": list(config_module.OPTIMIZERS), "live": list(config_module.LIVE_FIELDS),
            "max_hidden_layers": config_module.MAX_HIDDEN_LAYERS, "max_units": config_module.MAX_UNITS,
            "mnist_available": mnist_cache_path() is not None, "mnist_missing": MNIST_MISSING})

    async def create(request):
        try:
            values = await _json_body(request)
            session = await asyncio.to_thread(registry.create, values)
        except config_module.ConfigError as error:
            return JSONResponse({"errors": error.errors}, status_code=422)
        except OverflowError as error:
            return JSONResponse({"error": str(error)}, status_code=503)
        return JSONResponse({"id": session.id, "config": session.config, "code": session.code})

    async def update(request):
        session, missing = session_or_404(request)
        if missing:
            return missing
        try:
            values = await _json_body(request)
            if "dataset" in values:
                _check_dataset_available(values["dataset"])
            applied = session.update(values)
        except config_module.ConfigError as error:
            return JSONResponse({"errors": error.errors}, status_code=422)
        return JSONResponse({"applied": applied, "config": session.config, "code": session.code})

    async def control(request):
        session, missing = session_or_404(request)
        if missing:
            return missing
        try:
            action = (await _json_body(request)).get("action")
        except config_module.ConfigError as error:
            return JSONResponse({"errors": error.errors}, status_code=422)
        actions = {"play": session.play, "pause": session.pause, "step": session.step,
                   "reset": session.reset}
        if action not in actions:
            return JSONResponse({"errors": {"action": f"action must be one of {', '.join(actions)}, "
                                                      f"got {action!r}."}}, status_code=422)
        accepted = actions[action]()
        if accepted is False:
            return JSONResponse({"errors": {"action": f"the run has ended ({session.state}): reset "
                                                      f"to train again."}}, status_code=409)
        return JSONResponse({"state": session.state})

    async def close(request):
        closed = await asyncio.to_thread(registry.close, request.path_params["session_id"])
        return Response(status_code=204 if closed else 404)

    async def events(request):
        session, missing = session_or_404(request)
        if missing:
            return missing
        registry.watch(session.id, +1)

        async def stream():
            seen_version, sent_epochs, sent_build = -1, 0, -1
            try:
                while not session.closed and not await request.is_disconnected():
                    version = await asyncio.to_thread(session.wait_for_change, seen_version, 1.0)
                    if version == seen_version:
                        yield ": keep-alive\n\n"
                        continue
                    seen_version = version
                    snapshot = session.view(sent_epochs, sent_build)
                    sent_epochs, sent_build = snapshot["epoch"], snapshot["build"]
                    yield f"data: {json.dumps(snapshot, allow_nan=False)}\n\n"
                    await asyncio.sleep(STREAM_INTERVAL)
                yield "event: closed\ndata: {}\n\n"
            finally:
                registry.watch(session.id, -1)
                # The tab went away (or the session ended): free it. No await here: a dropped
                # connection cancels this generator, and a cancelled task cannot await.
                registry.close(session.id, wait=False)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    async def reaper():
        while True:
            await asyncio.sleep(10)
            await asyncio.to_thread(registry.reap)

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app):
        task = asyncio.create_task(reaper())
        try:
            yield
        finally:
            task.cancel()
            await asyncio.to_thread(registry.close_all)

    async def server_error(request, error):
        return JSONResponse({"error": f"{type(error).__name__}: {error}"}, status_code=500)

    app = Starlette(routes=[
        Route("/", index),
        Route("/api/options", options),
        Route("/api/sessions", create, methods=["POST"]),
        Route("/api/sessions/{session_id}/events", events),
        Route("/api/sessions/{session_id}/config", update, methods=["POST"]),
        Route("/api/sessions/{session_id}/control", control, methods=["POST"]),
        Route("/api/sessions/{session_id}/close", close, methods=["POST"]),
        Route("/api/sessions/{session_id}", close, methods=["DELETE"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ], lifespan=lifespan, exception_handlers={500: server_error})
    app.state.registry = registry
    return app
