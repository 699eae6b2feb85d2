from conveyor.v1 import job_pb2 as _job_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

CANCELLATION_REASON_CANCELLED: CancellationReason
CANCELLATION_REASON_JOB_FINISHED: CancellationReason
CANCELLATION_REASON_LEASE_EXPIRED: CancellationReason
CANCELLATION_REASON_TIMED_OUT: CancellationReason
CANCELLATION_REASON_UNSPECIFIED: CancellationReason
DESCRIPTOR: _descriptor.FileDescriptor

class CompleteRequest(_message.Message):
    __slots__ = ["completions", "namespace"]
    COMPLETIONS_FIELD_NUMBER: _ClassVar[int]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    completions: _containers.RepeatedCompositeFieldContainer[Completion]
    namespace: str
    def __init__(self, namespace: _Optional[str] = ..., completions: _Optional[_Iterable[_Union[Completion, _Mapping]]] = ...) -> None: ...

class CompleteResponse(_message.Message):
    __slots__ = ["results"]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[LeaseOutcome]
    def __init__(self, results: _Optional[_Iterable[_Union[LeaseOutcome, _Mapping]]] = ...) -> None: ...

class Completion(_message.Message):
    __slots__ = ["lease", "result", "trace_context"]
    class TraceContextEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    LEASE_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    TRACE_CONTEXT_FIELD_NUMBER: _ClassVar[int]
    lease: LeaseRef
    result: _job_pb2.Payload
    trace_context: _containers.ScalarMap[str, str]
    def __init__(self, lease: _Optional[_Union[LeaseRef, _Mapping]] = ..., result: _Optional[_Union[_job_pb2.Payload, _Mapping]] = ..., trace_context: _Optional[_Mapping[str, str]] = ...) -> None: ...

class FailRequest(_message.Message):
    __slots__ = ["failures", "namespace"]
    FAILURES_FIELD_NUMBER: _ClassVar[int]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    failures: _containers.RepeatedCompositeFieldContainer[Failure]
    namespace: str
    def __init__(self, namespace: _Optional[str] = ..., failures: _Optional[_Iterable[_Union[Failure, _Mapping]]] = ...) -> None: ...

class FailResponse(_message.Message):
    __slots__ = ["results"]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[LeaseOutcome]
    def __init__(self, results: _Optional[_Iterable[_Union[LeaseOutcome, _Mapping]]] = ...) -> None: ...

class Failure(_message.Message):
    __slots__ = ["error", "lease", "non_retryable", "retry_after", "trace_context"]
    class TraceContextEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ERROR_FIELD_NUMBER: _ClassVar[int]
    LEASE_FIELD_NUMBER: _ClassVar[int]
    NON_RETRYABLE_FIELD_NUMBER: _ClassVar[int]
    RETRY_AFTER_FIELD_NUMBER: _ClassVar[int]
    TRACE_CONTEXT_FIELD_NUMBER: _ClassVar[int]
    error: str
    lease: LeaseRef
    non_retryable: bool
    retry_after: _duration_pb2.Duration
    trace_context: _containers.ScalarMap[str, str]
    def __init__(self, lease: _Optional[_Union[LeaseRef, _Mapping]] = ..., error: _Optional[str] = ..., non_retryable: bool = ..., retry_after: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., trace_context: _Optional[_Mapping[str, str]] = ...) -> None: ...

class HeartbeatRequest(_message.Message):
    __slots__ = ["leases", "namespace"]
    LEASES_FIELD_NUMBER: _ClassVar[int]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    leases: _containers.RepeatedCompositeFieldContainer[LeaseRef]
    namespace: str
    def __init__(self, namespace: _Optional[str] = ..., leases: _Optional[_Iterable[_Union[LeaseRef, _Mapping]]] = ...) -> None: ...

class HeartbeatResponse(_message.Message):
    __slots__ = ["leases"]
    LEASES_FIELD_NUMBER: _ClassVar[int]
    leases: _containers.RepeatedCompositeFieldContainer[LeaseOutcome]
    def __init__(self, leases: _Optional[_Iterable[_Union[LeaseOutcome, _Mapping]]] = ...) -> None: ...

class JobReport(_message.Message):
    __slots__ = ["dropped_logs", "lease", "logs", "progress"]
    DROPPED_LOGS_FIELD_NUMBER: _ClassVar[int]
    LEASE_FIELD_NUMBER: _ClassVar[int]
    LOGS_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    dropped_logs: int
    lease: LeaseRef
    logs: _containers.RepeatedCompositeFieldContainer[_job_pb2.JobLogLine]
    progress: _job_pb2.JobProgress
    def __init__(self, lease: _Optional[_Union[LeaseRef, _Mapping]] = ..., progress: _Optional[_Union[_job_pb2.JobProgress, _Mapping]] = ..., logs: _Optional[_Iterable[_Union[_job_pb2.JobLogLine, _Mapping]]] = ..., dropped_logs: _Optional[int] = ...) -> None: ...

class JobReports(_message.Message):
    __slots__ = ["batch", "reports"]
    BATCH_FIELD_NUMBER: _ClassVar[int]
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    batch: int
    reports: _containers.RepeatedCompositeFieldContainer[JobReport]
    def __init__(self, batch: _Optional[int] = ..., reports: _Optional[_Iterable[_Union[JobReport, _Mapping]]] = ...) -> None: ...

class LeaseCancellation(_message.Message):
    __slots__ = ["job_id", "lease_id", "reason", "reason_code"]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    LEASE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    lease_id: str
    reason: str
    reason_code: CancellationReason
    def __init__(self, job_id: _Optional[str] = ..., lease_id: _Optional[str] = ..., reason: _Optional[str] = ..., reason_code: _Optional[_Union[CancellationReason, str]] = ...) -> None: ...

class LeaseDrain(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class LeaseOpen(_message.Message):
    __slots__ = ["capacity", "job_types", "labels", "namespace", "queues", "worker_id"]
    class LabelsEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    JOB_TYPES_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    capacity: int
    job_types: _containers.RepeatedScalarFieldContainer[str]
    labels: _containers.ScalarMap[str, str]
    namespace: str
    queues: _containers.RepeatedScalarFieldContainer[str]
    worker_id: str
    def __init__(self, namespace: _Optional[str] = ..., worker_id: _Optional[str] = ..., queues: _Optional[_Iterable[str]] = ..., job_types: _Optional[_Iterable[str]] = ..., capacity: _Optional[int] = ..., labels: _Optional[_Mapping[str, str]] = ...) -> None: ...

class LeaseOutcome(_message.Message):
    __slots__ = ["accepted", "code", "job_id", "lease_expires_at", "lease_id", "message"]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    LEASE_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    LEASE_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    accepted: bool
    code: str
    job_id: str
    lease_expires_at: _timestamp_pb2.Timestamp
    lease_id: str
    message: str
    def __init__(self, job_id: _Optional[str] = ..., accepted: bool = ..., code: _Optional[str] = ..., message: _Optional[str] = ..., lease_expires_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., lease_id: _Optional[str] = ...) -> None: ...

class LeaseRef(_message.Message):
    __slots__ = ["job_id", "lease_id"]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    LEASE_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    lease_id: str
    def __init__(self, job_id: _Optional[str] = ..., lease_id: _Optional[str] = ...) -> None: ...

class LeaseRequest(_message.Message):
    __slots__ = ["drain", "open", "reports"]
    DRAIN_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    drain: LeaseDrain
    open: LeaseOpen
    reports: JobReports
    def __init__(self, open: _Optional[_Union[LeaseOpen, _Mapping]] = ..., drain: _Optional[_Union[LeaseDrain, _Mapping]] = ..., reports: _Optional[_Union[JobReports, _Mapping]] = ...) -> None: ...

class LeaseResponse(_message.Message):
    __slots__ = ["cancellation", "jobs", "reports_stored"]
    CANCELLATION_FIELD_NUMBER: _ClassVar[int]
    JOBS_FIELD_NUMBER: _ClassVar[int]
    REPORTS_STORED_FIELD_NUMBER: _ClassVar[int]
    cancellation: LeaseCancellation
    jobs: LeasedJobs
    reports_stored: ReportsStored
    def __init__(self, jobs: _Optional[_Union[LeasedJobs, _Mapping]] = ..., cancellation: _Optional[_Union[LeaseCancellation, _Mapping]] = ..., reports_stored: _Optional[_Union[ReportsStored, _Mapping]] = ...) -> None: ...

class LeasedJob(_message.Message):
    __slots__ = ["job", "lease_expires_at", "lease_id", "parent_results", "timeout", "trace_context"]
    class ParentResultsEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _job_pb2.Payload
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_job_pb2.Payload, _Mapping]] = ...) -> None: ...
    class TraceContextEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    JOB_FIELD_NUMBER: _ClassVar[int]
    LEASE_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    LEASE_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_RESULTS_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    TRACE_CONTEXT_FIELD_NUMBER: _ClassVar[int]
    job: _job_pb2.Job
    lease_expires_at: _timestamp_pb2.Timestamp
    lease_id: str
    parent_results: _containers.MessageMap[str, _job_pb2.Payload]
    timeout: _duration_pb2.Duration
    trace_context: _containers.ScalarMap[str, str]
    def __init__(self, job: _Optional[_Union[_job_pb2.Job, _Mapping]] = ..., lease_id: _Optional[str] = ..., lease_expires_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., timeout: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., trace_context: _Optional[_Mapping[str, str]] = ..., parent_results: _Optional[_Mapping[str, _job_pb2.Payload]] = ...) -> None: ...

class LeasedJobs(_message.Message):
    __slots__ = ["jobs", "lease_ttl"]
    JOBS_FIELD_NUMBER: _ClassVar[int]
    LEASE_TTL_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[LeasedJob]
    lease_ttl: _duration_pb2.Duration
    def __init__(self, jobs: _Optional[_Iterable[_Union[LeasedJob, _Mapping]]] = ..., lease_ttl: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class ReportsStored(_message.Message):
    __slots__ = ["batch"]
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: int
    def __init__(self, batch: _Optional[int] = ...) -> None: ...

class CancellationReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
