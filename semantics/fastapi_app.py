"""FastAPI BackgroundTasks under uvicorn: the same order route as
apps/kinds.mjs, in Python. It prints the same JSON lines.

Run by scripts/semantics/ as: python3 fastapi_app.py (SEM_TEST=1: the
test-await scenario with FastAPI's TestClient instead of a server).
"""

import asyncio
import contextvars
import json
import os
import socket
import time

import uvicorn
from fastapi import BackgroundTasks, FastAPI, HTTPException

request_context = contextvars.ContextVar("request_context", default=None)


def emit(ev, id, task=None, **extra):
    line = {"ev": ev, "id": id, "task": task, "t": time.time() * 1000, **extra}
    print(json.dumps(line), flush=True)


def task(name, id, ms=0):
    async def run():
        emit("start", id, name)
        if ms:
            await asyncio.sleep(ms / 1000)
        emit("end", id, name)

    return run


app = FastAPI()


@app.post("/order", status_code=201)
async def create_order(
    background_tasks: BackgroundTasks, kind: str = "basic", id: str = "", ms: int = 0
):
    def add(name, fn):
        background_tasks.add_task(fn)

    request_context.set(id)
    if kind == "basic":
        add("confirm", task("confirm", id, ms))
    elif kind == "two":
        add("first", task("first", id, 20))
        add("second", task("second", id))
    elif kind == "throw":

        def boom():
            emit("start", id, "boom")
            raise RuntimeError(f"boom-{id}")

        add("boom", boom)
        add("after", task("after", id))
    elif kind == "client-error":
        add("confirm", task("confirm", id))
        raise HTTPException(status_code=400)
    elif kind == "server-error":
        add("confirm", task("confirm", id))
        raise RuntimeError(f"handler-{id}")
    elif kind == "abort":
        emit("handler", id)
        add("confirm", task("confirm", id))
        await asyncio.sleep(1)
        emit("handler-return", id)
    elif kind == "late":
        asyncio.get_running_loop().call_later(
            0.1, lambda: add("late", task("late", id))
        )
    elif kind == "nested":

        async def outer():
            emit("start", id, "outer")
            add("inner", task("inner", id))
            emit("end", id, "outer")

        add("outer", outer)
    elif kind == "context":

        async def context():
            emit("context", id, "context", value=request_context.get())

        add("context", context)
    elif kind == "limit":
        add("slow", task("slow", id, ms))
        add("next", task("next", id))
    else:
        raise HTTPException(status_code=404)
    return {"id": id}


if __name__ == "__main__":
    if os.environ.get("SEM_TEST"):
        from fastapi.testclient import TestClient

        TestClient(app).post("/order?kind=basic&id=test&ms=500")
        emit("test-response", "test")
        emit("test-waited", "test", how=None)
        raise SystemExit(0)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    # Listening before the port is announced: a request sent before
    # uvicorn is up waits in the backlog instead of being refused.
    sock.listen(2048)
    emit("listening", "", port=sock.getsockname()[1])
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
