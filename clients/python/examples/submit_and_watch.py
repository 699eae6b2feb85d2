"""Submits a job and prints every state it goes through until it finishes.

    CONVEYOR_TOKEN=... python3 submit_and_watch.py 127.0.0.1:50051 emails

CONVEYOR_TOKEN is a bearer token with the scopes jobs:write and jobs:read; leave it unset for a
server with auth off. Run a worker for the queue (worker.py beside this file) to see it reach
SUCCEEDED.
"""

import os
import sys

import grpc
from google.protobuf import json_format, struct_pb2

from conveyor.v1 import job_pb2, job_service_pb2 as js, job_service_pb2_grpc


def auth_metadata():
    """The bearer token from CONVEYOR_TOKEN as call metadata, or none: a server with auth off wants none."""
    token = os.environ.get("CONVEYOR_TOKEN", "").strip()
    return [("authorization", f"Bearer {token}")] if token else []


def main(target, queue):
    # Passed to each call, the WatchJob stream included: a grpc channel has no metadata of its own.
    metadata = auth_metadata()
    with grpc.insecure_channel(target) as channel:
        jobs = job_service_pb2_grpc.JobServiceStub(channel)
        payload = struct_pb2.Struct()
        payload.update({"to": "ada@example.com", "subject": "hello"})
        spec = job_pb2.JobSpec(queue=queue, type="send_email", payload=job_pb2.Payload(json=payload))
        job = jobs.SubmitJob(js.SubmitJobRequest(job=spec), metadata=metadata).job
        print(f"submitted {job.id}", flush=True)
        for update in jobs.WatchJob(js.WatchJobRequest(id=job.id), metadata=metadata):
            state = update.event.to_state if update.HasField("event") else update.job.state
            print(job_pb2.JobState.Name(state), flush=True)
            if update.job.state == job_pb2.JOB_STATE_SUCCEEDED:
                print("result", json_format.MessageToJson(update.job.result.json, sort_keys=True, indent=None), flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} HOST:PORT QUEUE")
    try:
        sys.exit(main(*sys.argv[1:3]))
    except grpc.RpcError as error:  # e.g. INVALID_ARGUMENT: job.queue: is required, or UNAUTHENTICATED
        print(f"{error.code().name}: {error.details()}", file=sys.stderr)
        sys.exit(1)
