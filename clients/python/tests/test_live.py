"""The Python client against a live Conveyor server: JobService calls, WatchJob to completion, errors
as grpc.RpcError with the server's code, and the example worker (WorkerService Lease, Complete and
Fail used directly, without any SDK).

    CONVEYOR_TARGET=127.0.0.1:50051 PYTHONPATH=../src python3 -m unittest -v test_live

The TypeScript suite test/clients-python.test.ts runs this against its own server, with the package
installed from pyproject.toml (pip install --target), under Debian's /usr/bin/python3.
"""

import os
import subprocess
import sys
import threading
import unittest
import uuid

import grpc

from conveyor.v1 import job_pb2, job_service_pb2 as js, job_service_pb2_grpc, worker_service_pb2 as ws, worker_service_pb2_grpc

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
sys.path.insert(0, EXAMPLES)
import worker  # noqa: E402  (examples/worker.py)

TARGET = os.environ.get("CONVEYOR_TARGET", "127.0.0.1:50051")
NAMESPACE = "python"
TIMEOUT = 10  # seconds, for every call and stream


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class LiveServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.channel = grpc.insecure_channel(TARGET)
        grpc.channel_ready_future(cls.channel).result(timeout=TIMEOUT)
        cls.jobs = job_service_pb2_grpc.JobServiceStub(cls.channel)
        cls.workers = worker_service_pb2_grpc.WorkerServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()

    def submit(self, queue, payload=None, **spec):
        request = js.SubmitJobRequest(namespace=NAMESPACE, job=job_pb2.JobSpec(queue=queue, type="shout", payload=payload, **spec))
        return self.jobs.SubmitJob(request, timeout=TIMEOUT)

    def start_worker(self, queue, handler, max_jobs):
        """The example worker in a thread; returns (thread, outcome dict)."""
        ready = threading.Event()
        outcome = {}

        def run():
            try:
                outcome["ran"] = worker.run_worker(self.channel, [queue], handler, namespace=NAMESPACE,
                                                   worker_id="python-test-worker", max_jobs=max_jobs, on_ready=ready.set)
            except Exception as error:  # reported by the test
                outcome["error"] = error
                ready.set()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        self.assertTrue(ready.wait(TIMEOUT), "the Lease stream did not open")
        self.assertNotIn("error", outcome)
        return thread, outcome

    def test_submit_and_watch_until_the_python_worker_completes_it(self):
        queue = unique("py-watch")
        submitted = self.submit(queue, worker.json_payload({"greeting": "hello", "count": 3}), labels={"client": "python"})
        self.assertTrue(submitted.created)
        self.assertEqual(submitted.job.state, job_pb2.JOB_STATE_READY)
        self.assertEqual(submitted.job.namespace, NAMESPACE)
        self.assertEqual(dict(submitted.job.labels), {"client": "python"})

        stream = self.jobs.WatchJob(js.WatchJobRequest(namespace=NAMESPACE, id=submitted.job.id), timeout=TIMEOUT)
        first = next(stream)
        self.assertFalse(first.HasField("event"))
        self.assertEqual(first.job.state, job_pb2.JOB_STATE_READY)

        # Only now does a worker exist for the queue, so every later state arrives over the stream.
        thread, outcome = self.start_worker(queue, worker.shout, max_jobs=1)
        messages = list(stream)  # ends with status OK once the job is terminal
        # The example worker reports a log line and its progress before it completes the job.
        self.assertEqual([(m.log.message, m.log.level) for m in messages if m.HasField("log")],
                         [("handled by the Python example worker", job_pb2.LOG_LEVEL_INFO)])
        self.assertEqual([m.progress.percent for m in messages if m.HasField("progress")], [100])
        updates = [m for m in messages if m.HasField("event")]
        transitions = [(u.event.from_state, u.event.to_state) for u in updates]
        self.assertEqual(transitions, [
            (job_pb2.JOB_STATE_READY, job_pb2.JOB_STATE_RUNNING),
            (job_pb2.JOB_STATE_RUNNING, job_pb2.JOB_STATE_SUCCEEDED),
        ])
        self.assertEqual(updates[0].event.worker_id, "python-test-worker")
        final = updates[-1].job
        self.assertEqual(final.state, job_pb2.JOB_STATE_SUCCEEDED)
        self.assertEqual(worker.json_of(final.result), {"greeting": "HELLO", "count": 3})
        self.assertTrue(final.HasField("finished_at"))

        thread.join(TIMEOUT)
        self.assertFalse(thread.is_alive(), "the worker did not stop after draining")
        self.assertEqual(outcome, {"ran": 1})

        got = self.jobs.GetJob(js.GetJobRequest(namespace=NAMESPACE, id=submitted.job.id), timeout=TIMEOUT).job
        self.assertEqual(len(got.attempts), 1)
        self.assertEqual(got.attempts[0].worker_id, "python-test-worker")
        self.assertEqual(got.attempts[0].outcome, job_pb2.ATTEMPT_OUTCOME_SUCCEEDED)

    def test_a_handler_error_is_reported_with_fail(self):
        queue = unique("py-fail")

        def broken(job, cancelled):
            raise ValueError("no such template")

        submitted = self.submit(queue, max_attempts=1)
        thread, outcome = self.start_worker(queue, broken, max_jobs=1)
        updates = list(self.jobs.WatchJob(js.WatchJobRequest(namespace=NAMESPACE, id=submitted.job.id), timeout=TIMEOUT))
        thread.join(TIMEOUT)
        self.assertEqual(outcome, {"ran": 1})
        final = updates[-1].job
        self.assertEqual(final.state, job_pb2.JOB_STATE_DEAD)
        self.assertEqual(final.last_error, "no such template")

    def test_bad_input_is_a_grpc_error_with_invalid_argument(self):
        with self.assertRaises(grpc.RpcError) as raised:
            self.submit("")
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(raised.exception.details(), "job.queue: is required")

        with self.assertRaises(grpc.RpcError) as raised:
            self.jobs.SubmitJob(js.SubmitJobRequest(namespace="Not Valid", job=job_pb2.JobSpec(queue="q", type="t")), timeout=TIMEOUT)
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertTrue(raised.exception.details().startswith("namespace: "), raised.exception.details())

    def test_an_unknown_job_is_not_found_on_get_and_on_watch(self):
        missing = "0190d8a4-0000-7000-8000-000000000000"
        with self.assertRaises(grpc.RpcError) as raised:
            self.jobs.GetJob(js.GetJobRequest(namespace=NAMESPACE, id=missing), timeout=TIMEOUT)
        self.assertEqual(raised.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertIn(missing, raised.exception.details())

        with self.assertRaises(grpc.RpcError) as raised:
            list(self.jobs.WatchJob(js.WatchJobRequest(namespace=NAMESPACE, id=missing), timeout=TIMEOUT))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_worker_protocol_errors(self):
        # A report for a lease the worker does not hold is refused item by item, not as a call error.
        ref = ws.LeaseRef(job_id=str(uuid.uuid4()), lease_id=str(uuid.uuid4()))
        response = self.workers.Complete(ws.CompleteRequest(namespace=NAMESPACE, completions=[ws.Completion(lease=ref)]), timeout=TIMEOUT)
        self.assertEqual(len(response.results), 1)
        self.assertFalse(response.results[0].accepted)
        self.assertEqual(response.results[0].code, "FAILED_PRECONDITION")

        # A Lease stream must start with LeaseOpen.
        with self.assertRaises(grpc.RpcError) as raised:
            list(self.workers.Lease(iter([ws.LeaseRequest(drain=ws.LeaseDrain())]), timeout=TIMEOUT))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)

    def test_the_examples_end_to_end(self):
        # examples/worker.py and examples/submit_and_watch.py as a user runs them: two processes.
        queue = unique("py-example")
        run = lambda script, *args: subprocess.Popen(  # noqa: E731
            [sys.executable, os.path.join(EXAMPLES, script), TARGET, queue, *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # The submitter first, so that it sees READY before any worker exists: then every state shows.
        submitter = run("submit_and_watch.py")
        worker_process = None
        try:
            self.assertRegex(submitter.stdout.readline().strip(), r"^submitted [0-9a-f-]{36}$")
            self.assertEqual(submitter.stdout.readline().strip(), "JOB_STATE_READY")
            worker_process = run("worker.py", "--jobs", "1")
            self.assertEqual(worker_process.stdout.readline().strip(), "worker ready")
            out, err = submitter.communicate(timeout=TIMEOUT)
            self.assertEqual(submitter.returncode, 0, err)
            self.assertEqual(out.splitlines(), [
                "JOB_STATE_RUNNING",
                "JOB_STATE_SUCCEEDED",
                'result {"subject": "HELLO", "to": "ADA@EXAMPLE.COM"}',
            ])
            out, err = worker_process.communicate(timeout=TIMEOUT)
            self.assertEqual(worker_process.returncode, 0, err)
            self.assertEqual(out.strip(), "worker ran 1 jobs")
        finally:
            for process in (submitter, worker_process):
                if process is not None:
                    process.kill()
                    process.wait()


if __name__ == "__main__":
    unittest.main()
