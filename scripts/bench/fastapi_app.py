"""The peer of scripts/bench/server.ts: FastAPI + uvicorn, the same route.

POST /orders reads a JSON body, checks its email and answers 201 with a new
order id. VARIANT picks what happens after the response:
  plain      nothing
  mechanism  a trivial task added with BackgroundTasks
  slow       a 500 ms task (TASK_MS) added with BackgroundTasks
It listens on a free port of 127.0.0.1 and prints it as its first line of
output. GET /stats says how many tasks were added and how many have run,
and the CPU time the process has used.
Run by the bench as: VARIANT=slow TASK_MS=500 python3 fastapi_app.py
"""

import asyncio
import os
import socket
import time
import uuid

import uvicorn
from fastapi import BackgroundTasks, FastAPI
from pydantic import BaseModel, constr

VARIANT = os.environ["VARIANT"]
TASK_SECONDS = int(os.environ["TASK_MS"]) / 1000
if VARIANT not in ("plain", "mechanism", "slow"):
    raise SystemExit(f"unknown VARIANT {VARIANT}")

stats = {"added": 0, "run": 0}
app = FastAPI()


class CreateOrderBody(BaseModel):
    # The same check as zod's z.email().max(254) on the Express side: a
    # pattern, no DNS lookups (pydantic's EmailStr needs email-validator).
    email: constr(max_length=254, regex=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# async tasks run on the event loop, as the Express tasks do; a plain `def`
# task would go to a thread pool instead.
async def trivial_task():
    stats["run"] += 1


async def slow_task():
    await asyncio.sleep(TASK_SECONDS)
    stats["run"] += 1


# The plain route does not ask for BackgroundTasks: FastAPI builds one for
# every request whose handler asks for it, so that is part of its cost.
if VARIANT == "plain":

    @app.post("/orders", status_code=201)
    async def create_order(body: CreateOrderBody):
        return {"order_id": str(uuid.uuid4())}

else:

    @app.post("/orders", status_code=201)
    async def create_order(body: CreateOrderBody, background_tasks: BackgroundTasks):
        order_id = str(uuid.uuid4())
        stats["added"] += 1
        background_tasks.add_task(trivial_task if VARIANT == "mechanism" else slow_task)
        return {"order_id": order_id}


@app.get("/stats")
async def get_stats():
    return {**stats, "cpuUs": time.process_time() * 1e6}


if __name__ == "__main__":
    # IPPROTO_TCP named, as uvicorn's own bind does: asyncio turns Nagle off
    # (TCP_NODELAY) only on sockets that say so. Without it, uvicorn's two
    # writes (head, body) wait for the client's delayed ACK, about 40 ms.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
