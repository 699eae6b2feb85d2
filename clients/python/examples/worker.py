"""A small Conveyor worker that speaks the WorkerService protocol directly, with the generated stubs
only: it opens a Lease stream, runs each job the server pushes, and reports it with Complete (or
Fail when the handler raises). Before reporting, it sends the job's progress and a log line on the
stream (a JobReports batch) and waits until the server has stored them (ReportsStored), so that
GetJob, ListJobLogs and WatchJob show them before the job's end.

    python3 worker.py 127.0.0.1:50051 emails            # run until Ctrl-C
    python3 worker.py 127.0.0.1:50051 emails --jobs 3   # stop after three jobs

CONVEYOR_TOKEN is a bearer token with the worker scope; leave it unset for a server with auth off.

The handler here upper-cases the string values of a JSON payload. Jobs run one at a time
(capacity 1), each well within the lease, so this worker sends no Heartbeat; a worker with long
jobs must call Heartbeat before `lease_expires_at` (see the README).
"""

import argparse
import os
import queue
import socket
import sys
import threading

import grpc
from google.protobuf import json_format, struct_pb2

from conveyor.v1 import job_pb2, worker_service_pb2 as ws, worker_service_pb2_grpc


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


def shout(job):
    """The example handler: upper-cases every string value of the job's JSON payload."""
    data = json_of(job.payload) or {}
    return {key: value.upper() if isinstance(value, str) else value for key, value in data.items()}


def auth_metadata():
    """The bearer token from CONVEYOR_TOKEN as call metadata, or none: a server with auth off wants none."""
    token = os.environ.get("CONVEYOR_TOKEN", "").strip()
    return [("authorization", f"Bearer {token}")] if token else []


def run_worker(channel, queues, handler, namespace="", worker_id=None, max_jobs=None, stop=None, on_ready=None, metadata=()):
    """Leases jobs from `queues` and runs `handler(job) -> dict` on each, until `max_jobs` jobs are
    done or `stop` (a threading.Event) is set. Then it drains: it asks for no more jobs, half-closes
    the stream, and returns the number of jobs it ran once the server has ended the stream.
    `metadata` goes with every call (the Lease stream, Complete and Fail): e.g. auth_metadata().
    """
    workers = worker_service_pb2_grpc.WorkerServiceStub(channel)
    worker_id = worker_id or f"python-{socket.gethostname()}:{os.getpid()}"
    outgoing = queue.Queue()
    outgoing.put(ws.LeaseRequest(open=ws.LeaseOpen(
        namespace=namespace, worker_id=worker_id, queues=list(queues), capacity=1, labels={"sdk": "python-example"},
    )))

    def requests():
        # The Lease stream stays open for as long as this generator runs; returning half-closes it.
        while True:
            message = outgoing.get()
            if message is None:
                return
            yield message

    closing = threading.Event()

    def close():
        if not closing.is_set():
            closing.set()
            outgoing.put(ws.LeaseRequest(drain=ws.LeaseDrain()))
            outgoing.put(None)

    if stop is not None:
        threading.Thread(target=lambda: (stop.wait(), close()), daemon=True).start()

    done = 0
    batches = iter(range(1, 2**63))
    responses = workers.Lease(requests(), metadata=metadata)

    def report(lease, message, percent):
        """Sends a log line and the progress of a held job, then reads the stream until they are stored."""
        batch = next(batches)
        line = ws.JobReport(lease=lease, progress=job_pb2.JobProgress(percent=percent),
                            logs=[job_pb2.JobLogLine(level=job_pb2.LOG_LEVEL_INFO, message=message)])
        outgoing.put(ws.LeaseRequest(reports=ws.JobReports(batch=batch, reports=[line])))
        for answer in responses:  # capacity 1: nothing but a cancellation can come meanwhile
            if answer.WhichOneof("message") == "reports_stored" and answer.reports_stored.batch == batch:
                return

    for response in responses:
        kind = response.WhichOneof("message")
        if kind == "cancellation":
            # Jobs run synchronously here, so there is nothing left to abort by the time this arrives.
            continue
        if not response.jobs.jobs and on_ready is not None:
            on_ready()  # the server's first, empty, message: LeaseOpen was accepted
            on_ready = None
        for leased in response.jobs.jobs:
            lease = ws.LeaseRef(job_id=leased.job.id, lease_id=leased.lease_id)
            try:
                result = handler(leased.job)
            except Exception as error:  # the job failed: report it, and the server retries it after its backoff
                outcome = workers.Fail(ws.FailRequest(namespace=namespace, failures=[ws.Failure(lease=lease, error=str(error))]), metadata=metadata).results[0]
            else:
                report(lease, "handled by the Python example worker", 100)
                completion = ws.Completion(lease=lease, result=json_payload(result) if result is not None else None)
                outcome = workers.Complete(ws.CompleteRequest(namespace=namespace, completions=[completion]), metadata=metadata).results[0]
            if not outcome.accepted:
                # For example FAILED_PRECONDITION: the job was cancelled or the lease expired meanwhile.
                print(f"job {leased.job.id}: report refused: {outcome.code} {outcome.message}", file=sys.stderr)
            done += 1
            if max_jobs is not None and done >= max_jobs:
                close()
    return done


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", help="the server's host:port, e.g. 127.0.0.1:50051")
    parser.add_argument("queues", nargs="+")
    parser.add_argument("--namespace", default="")
    parser.add_argument("--jobs", type=int, default=None, help="stop after this many jobs")
    args = parser.parse_args()
    stop = threading.Event()
    with grpc.insecure_channel(args.target) as channel:
        try:
            ran = run_worker(channel, args.queues, shout, namespace=args.namespace, max_jobs=args.jobs, stop=stop,
                             on_ready=lambda: print("worker ready", flush=True), metadata=auth_metadata())
        except KeyboardInterrupt:
            # The stream drops; the server counts the job in hand as lost and retries it.
            return 130
        except grpc.RpcError as error:  # e.g. UNAUTHENTICATED without a token, PERMISSION_DENIED without the worker scope
            print(f"{error.code().name}: {error.details()}", file=sys.stderr)
            return 1
    print(f"worker ran {ran} jobs", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
