"""The Python example worker (clients/python/examples/worker.py) as a conformance worker: it runs
jobs of type "conformance" as their payload says (see test/worker-conformance.test.ts and
docs/worker-protocol.md for the contract), until SIGTERM."""

import os
import signal
import sys
import threading

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "clients", "python", "examples"))
import worker  # noqa: E402


def conformance(job, cancelled):
    action = worker.json_of(job.payload) or {}
    kind = action.get("action")
    if kind == "succeed":
        return {"echo": action.get("echo")}
    if kind == "fail":
        raise RuntimeError(action["error"])
    if kind == "sleep":
        cancelled.wait(action["ms"] / 1000)
        return {"slept": action["ms"]}
    if kind == "block":
        cancelled.wait(120)  # until the server ends the lease (cancelled, timed out); nothing is reported then
        return {}
    raise ValueError(f"unknown action {kind!r}")


def main():
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with grpc.insecure_channel(os.environ["CONFORMANCE_TARGET"]) as channel:
        worker.run_worker(channel, [os.environ["CONFORMANCE_QUEUE"]], conformance,
                          worker_id=os.environ["CONFORMANCE_WORKER_ID"], capacity=int(os.environ["CONFORMANCE_CAPACITY"]), stop=stop)


if __name__ == "__main__":
    main()
