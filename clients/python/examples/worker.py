"""A small Conveyor worker that speaks the WorkerService protocol directly, with the generated stubs
only (the protocol is written down in proto/conveyor/v1/worker_service.proto): it opens a Lease
stream, runs each job the server pushes in a thread of its own, keeps its lease alive with
Heartbeat, and reports it with Complete (or Fail when the handler raises). It passes the worker
conformance suite (test/worker-conformance.test.ts).

    python3 worker.py 127.0.0.1:50051 emails            # run until Ctrl-C
    python3 worker.py 127.0.0.1:50051 emails --jobs 3   # stop after three jobs

CONVEYOR_TOKEN is a bearer token with the worker scope; leave it unset for a server with auth off.

The handler here upper-cases the string values of a JSON payload.
"""

import argparse
import os
import queue
import socket
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import grpc
from google.protobuf import json_format, struct_pb2

from conveyor.v1 import job_pb2, worker_service_pb2 as ws, worker_service_pb2_grpc

# Stream errors worth reconnecting after: the server restarted, or the network dropped.
RECONNECTABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN, grpc.StatusCode.DEADLINE_EXCEEDED}
CALL_TIMEOUT_S = 10


def json_of(payload):
    """The JSON object of a job's payload, or None when it has none (or binary data)."""
    if payload.WhichOneof("kind") != "json":
        return None
    return json_format.MessageToDict(payload.json)


def json_payload(value):
    """A Payload holding the given dict as JSON."""
    data = struct_pb2.Struct()
    data.update(value)
    return job_pb2.Payload(json=data)


def shout(job, cancelled):
    """The example handler: upper-cases every string value of the job's JSON payload.
    `cancelled` is a threading.Event set when the server ends the lease (cancelled, timed out):
    a long handler checks it and stops; whatever it returns then is not reported."""
    data = json_of(job.payload) or {}
    return {key: value.upper() if isinstance(value, str) else value for key, value in data.items()}


def auth_metadata():
    """The bearer token from CONVEYOR_TOKEN as call metadata, or none: a server with auth off wants none."""
    token = os.environ.get("CONVEYOR_TOKEN", "").strip()
    return [("authorization", f"Bearer {token}")] if token else []


class _Held:
    """One lease the worker holds: the job, and the event that tells its handler to stop."""

    def __init__(self, leased):
        self.ref = ws.LeaseRef(job_id=leased.job.id, lease_id=leased.lease_id)
        self.cancelled = threading.Event()


def run_worker(channel, queues, handler, namespace="", worker_id=None, capacity=1, max_jobs=None, stop=None,
               on_ready=None, metadata=()):
    """Leases jobs from `queues` and runs `handler(job, cancelled) -> dict` on each, `capacity` at a
    time, until `max_jobs` jobs are done or `stop` (a threading.Event) is set. Then it drains: it asks
    for no more jobs, half-closes the stream, and returns the number of jobs it ran once the server
    has ended the stream and the handlers have returned. A stream that breaks is opened again, with
    backoff. `on_ready` is called each time the server accepts LeaseOpen. `metadata` goes with every
    call (the Lease stream, Heartbeat, Complete and Fail): e.g. auth_metadata().
    """
    workers = worker_service_pb2_grpc.WorkerServiceStub(channel)
    worker_id = worker_id or f"python-{socket.gethostname()}:{os.getpid()}"
    lock = threading.Lock()
    held = {}  # lease_id -> _Held: keys are (job id, lease id); the lease id alone is unique
    state = {"done": 0, "lease_ttl_s": 30.0, "outgoing": None, "batch": 0}
    stored = {}  # JobReports batch number -> Event set when the server answers ReportsStored
    closing = threading.Event()
    pool = ThreadPoolExecutor(max_workers=capacity, thread_name_prefix="conveyor-job")

    def close():
        if closing.is_set():
            return
        closing.set()
        outgoing = state["outgoing"]
        if outgoing is not None:
            outgoing.put(ws.LeaseRequest(drain=ws.LeaseDrain()))
            outgoing.put(None)

    if stop is not None:
        threading.Thread(target=lambda: (stop.wait(), close()), daemon=True).start()

    ttl_learnt = threading.Event()

    def heartbeats():
        # Every held lease, at least every lease_ttl / 3: a lease survives two lost heartbeats. The
        # pace starts as soon as the server has stated lease_ttl (its first message on a stream).
        while not (closing.is_set() and not held):
            if ttl_learnt.wait(min(10.0, state["lease_ttl_s"] / 3)):
                ttl_learnt.clear()
                continue
            with lock:
                beating = list(held.values())
            if not beating:
                continue
            try:
                outcomes = workers.Heartbeat(ws.HeartbeatRequest(namespace=namespace, leases=[h.ref for h in beating]),
                                             metadata=metadata, timeout=CALL_TIMEOUT_S).leases
            except grpc.RpcError:
                continue  # the server is away; the next beat tries again before the leases run out
            for lease, outcome in zip(beating, outcomes):  # outcomes come in request order
                if not outcome.accepted:  # the lease is gone: stop the handler, report nothing
                    forget(lease).cancelled.set()

    def forget(lease):
        with lock:
            held.pop(lease.ref.lease_id, None)
        return lease

    def report(lease, call, request):
        # A transport error is retried with the same item: a report applies at most once per lease.
        for attempt in range(5):
            try:
                return call(request, metadata=metadata, timeout=CALL_TIMEOUT_S).results[0]
            except grpc.RpcError as error:
                if error.code() not in RECONNECTABLE or attempt == 4:
                    print(f"job {lease.ref.job_id}: report failed: {error.code().name} {error.details()}", file=sys.stderr)
                    return None
                threading.Event().wait(0.2 * 2 ** attempt)

    def report_progress(lease, message, percent):
        # Progress and a log line go on the Lease stream (a JobReports batch); the server answers
        # ReportsStored once they are stored, so GetJob, ListJobLogs and WatchJob show them before
        # the job's end. Never longer than a few seconds: reports are a courtesy, not the job.
        with lock:
            state["batch"] += 1
            batch = state["batch"]
            done_storing = stored[batch] = threading.Event()
        outgoing = state["outgoing"]
        if outgoing is None:
            return
        line = job_pb2.JobLogLine(level=job_pb2.LOG_LEVEL_INFO, message=message)
        outgoing.put(ws.LeaseRequest(reports=ws.JobReports(batch=batch, reports=[
            ws.JobReport(lease=lease.ref, progress=job_pb2.JobProgress(percent=percent), logs=[line])])))
        done_storing.wait(5.0)

    def run_one(leased, lease):
        try:
            result = handler(leased.job, lease.cancelled)
        except Exception as error:  # the job failed: report it, and the server retries it after its backoff
            request = ws.FailRequest(namespace=namespace, failures=[ws.Failure(lease=lease.ref, error=str(error))])
            call = workers.Fail
        else:
            report_progress(lease, "handled by the Python example worker", 100)
            completion = ws.Completion(lease=lease.ref, result=json_payload(result) if result is not None else None)
            request, call = ws.CompleteRequest(namespace=namespace, completions=[completion]), workers.Complete
        if not lease.cancelled.is_set():  # a cancelled lease is not reported: the server has moved on
            outcome = report(lease, call, request)
            if outcome is not None and not outcome.accepted:
                # For example FAILED_PRECONDITION: the job was cancelled or the lease expired meanwhile.
                print(f"job {lease.ref.job_id}: report refused: {outcome.code} {outcome.message}", file=sys.stderr)
        forget(lease)
        with lock:
            state["done"] += 1
            finished = max_jobs is not None and state["done"] >= max_jobs
        if finished:
            close()

    def lease_stream():
        outgoing = queue.Queue()
        outgoing.put(ws.LeaseRequest(open=ws.LeaseOpen(
            namespace=namespace, worker_id=worker_id, queues=list(queues), capacity=capacity, labels={"sdk": "python-example"},
        )))
        state["outgoing"] = outgoing
        if closing.is_set():
            outgoing.put(ws.LeaseRequest(drain=ws.LeaseDrain()))
            outgoing.put(None)

        def requests():
            # The Lease stream stays open for as long as this generator runs; returning half-closes it.
            while True:
                message = outgoing.get()
                if message is None:
                    return
                yield message

        try:
            for response in workers.Lease(requests(), metadata=metadata):
                on_response(response)
        finally:
            outgoing.put(None)  # ends the request generator of a stream that broke

    def on_response(response):
        kind = response.WhichOneof("message")
        if kind == "reports_stored":
            with lock:
                done_storing = stored.pop(response.reports_stored.batch, None)
            if done_storing is not None:
                done_storing.set()
            return
        if kind == "cancellation":
            with lock:
                lease = held.pop(response.cancellation.lease_id, None)
            if lease is not None:
                lease.cancelled.set()  # its slot is already free on the server
            return
        if response.jobs.HasField("lease_ttl"):  # the first, empty, message: LeaseOpen was accepted
            state["lease_ttl_s"] = response.jobs.lease_ttl.ToMilliseconds() / 1000
            ttl_learnt.set()
            if on_ready is not None:
                on_ready()
        for leased in response.jobs.jobs:
            lease = _Held(leased)
            with lock:
                held[leased.lease_id] = lease
            pool.submit(run_one, leased, lease)

    threading.Thread(target=heartbeats, daemon=True).start()
    failures = 0
    try:
        while True:
            try:
                lease_stream()
                failures = 0
            except grpc.RpcError as error:
                if error.code() not in RECONNECTABLE:
                    raise  # e.g. INVALID_ARGUMENT: the same LeaseOpen would be refused again
                failures += 1
            if closing.is_set():
                break
            # The stream ended while we still want jobs: open a new one, with backoff.
            closing.wait(min(5.0, 0.1 * 2 ** min(failures, 6)))
    finally:
        closing.set()
        pool.shutdown(wait=True)
    return state["done"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", help="the server's host:port, e.g. 127.0.0.1:50051")
    parser.add_argument("queues", nargs="+")
    parser.add_argument("--namespace", default="")
    parser.add_argument("--capacity", type=int, default=1, help="jobs run at once")
    parser.add_argument("--jobs", type=int, default=None, help="stop after this many jobs")
    args = parser.parse_args()
    stop = threading.Event()
    with grpc.insecure_channel(args.target) as channel:
        try:
            ran = run_worker(channel, args.queues, shout, namespace=args.namespace, capacity=args.capacity, max_jobs=args.jobs,
                             stop=stop, on_ready=lambda: print("worker ready", flush=True), metadata=auth_metadata())
        except KeyboardInterrupt:
            # The stream drops; the server counts the jobs in hand as lost and retries them.
            return 130
        except grpc.RpcError as error:  # e.g. UNAUTHENTICATED without a token, PERMISSION_DENIED without the worker scope
            print(f"{error.code().name}: {error.details()}", file=sys.stderr)
            return 1
    print(f"worker ran {ran} jobs", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
