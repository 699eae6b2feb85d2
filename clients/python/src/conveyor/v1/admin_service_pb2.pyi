from conveyor.v1 import job_pb2 as _job_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ConnectedWorker(_message.Message):
    __slots__ = ["capacity", "connected_at", "draining", "held_jobs", "job_types", "labels", "namespace", "queues", "server", "worker_id"]
    class LabelsEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    CONNECTED_AT_FIELD_NUMBER: _ClassVar[int]
    DRAINING_FIELD_NUMBER: _ClassVar[int]
    HELD_JOBS_FIELD_NUMBER: _ClassVar[int]
    JOB_TYPES_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    SERVER_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    capacity: int
    connected_at: _timestamp_pb2.Timestamp
    draining: bool
    held_jobs: int
    job_types: _containers.RepeatedScalarFieldContainer[str]
    labels: _containers.ScalarMap[str, str]
    namespace: str
    queues: _containers.RepeatedScalarFieldContainer[str]
    server: str
    worker_id: str
    def __init__(self, worker_id: _Optional[str] = ..., namespace: _Optional[str] = ..., queues: _Optional[_Iterable[str]] = ..., job_types: _Optional[_Iterable[str]] = ..., capacity: _Optional[int] = ..., held_jobs: _Optional[int] = ..., labels: _Optional[_Mapping[str, str]] = ..., connected_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., server: _Optional[str] = ..., draining: bool = ...) -> None: ...

class GetQueueHistoryRequest(_message.Message):
    __slots__ = ["namespace", "queue"]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    queue: str
    def __init__(self, namespace: _Optional[str] = ..., queue: _Optional[str] = ...) -> None: ...

class GetQueueHistoryResponse(_message.Message):
    __slots__ = ["points"]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    points: _containers.RepeatedCompositeFieldContainer[QueueHistoryPoint]
    def __init__(self, points: _Optional[_Iterable[_Union[QueueHistoryPoint, _Mapping]]] = ...) -> None: ...

class GetQueueRequest(_message.Message):
    __slots__ = ["namespace", "queue"]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    queue: str
    def __init__(self, namespace: _Optional[str] = ..., queue: _Optional[str] = ...) -> None: ...

class GetQueueResponse(_message.Message):
    __slots__ = ["queue"]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    queue: Queue
    def __init__(self, queue: _Optional[_Union[Queue, _Mapping]] = ...) -> None: ...

class ListQueuesRequest(_message.Message):
    __slots__ = ["namespace"]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    def __init__(self, namespace: _Optional[str] = ...) -> None: ...

class ListQueuesResponse(_message.Message):
    __slots__ = ["queues"]
    QUEUES_FIELD_NUMBER: _ClassVar[int]
    queues: _containers.RepeatedCompositeFieldContainer[Queue]
    def __init__(self, queues: _Optional[_Iterable[_Union[Queue, _Mapping]]] = ...) -> None: ...

class ListWorkersRequest(_message.Message):
    __slots__ = ["namespace"]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    def __init__(self, namespace: _Optional[str] = ...) -> None: ...

class ListWorkersResponse(_message.Message):
    __slots__ = ["workers"]
    WORKERS_FIELD_NUMBER: _ClassVar[int]
    workers: _containers.RepeatedCompositeFieldContainer[ConnectedWorker]
    def __init__(self, workers: _Optional[_Iterable[_Union[ConnectedWorker, _Mapping]]] = ...) -> None: ...

class PauseQueueRequest(_message.Message):
    __slots__ = ["namespace", "queue"]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    queue: str
    def __init__(self, namespace: _Optional[str] = ..., queue: _Optional[str] = ...) -> None: ...

class PauseQueueResponse(_message.Message):
    __slots__ = ["queue"]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    queue: Queue
    def __init__(self, queue: _Optional[_Union[Queue, _Mapping]] = ...) -> None: ...

class Queue(_message.Message):
    __slots__ = ["concurrency_limit", "depth", "name", "namespace", "notifications", "oldest_ready_age", "paused", "rate_limit", "rates", "updated_at", "webhook_retry_statuses", "webhook_url"]
    CONCURRENCY_LIMIT_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    OLDEST_READY_AGE_FIELD_NUMBER: _ClassVar[int]
    PAUSED_FIELD_NUMBER: _ClassVar[int]
    RATES_FIELD_NUMBER: _ClassVar[int]
    RATE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    WEBHOOK_RETRY_STATUSES_FIELD_NUMBER: _ClassVar[int]
    WEBHOOK_URL_FIELD_NUMBER: _ClassVar[int]
    concurrency_limit: int
    depth: QueueDepth
    name: str
    namespace: str
    notifications: _job_pb2.Notifications
    oldest_ready_age: _duration_pb2.Duration
    paused: bool
    rate_limit: float
    rates: QueueRates
    updated_at: _timestamp_pb2.Timestamp
    webhook_retry_statuses: _containers.RepeatedScalarFieldContainer[int]
    webhook_url: str
    def __init__(self, namespace: _Optional[str] = ..., name: _Optional[str] = ..., paused: bool = ..., concurrency_limit: _Optional[int] = ..., rate_limit: _Optional[float] = ..., webhook_url: _Optional[str] = ..., depth: _Optional[_Union[QueueDepth, _Mapping]] = ..., oldest_ready_age: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., rates: _Optional[_Union[QueueRates, _Mapping]] = ..., updated_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., notifications: _Optional[_Union[_job_pb2.Notifications, _Mapping]] = ..., webhook_retry_statuses: _Optional[_Iterable[int]] = ...) -> None: ...

class QueueDepth(_message.Message):
    __slots__ = ["ready", "running", "waiting"]
    READY_FIELD_NUMBER: _ClassVar[int]
    RUNNING_FIELD_NUMBER: _ClassVar[int]
    WAITING_FIELD_NUMBER: _ClassVar[int]
    ready: int
    running: int
    waiting: int
    def __init__(self, ready: _Optional[int] = ..., waiting: _Optional[int] = ..., running: _Optional[int] = ...) -> None: ...

class QueueHistoryPoint(_message.Message):
    __slots__ = ["failed", "minute", "queue", "started", "succeeded"]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    MINUTE_FIELD_NUMBER: _ClassVar[int]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    STARTED_FIELD_NUMBER: _ClassVar[int]
    SUCCEEDED_FIELD_NUMBER: _ClassVar[int]
    failed: int
    minute: _timestamp_pb2.Timestamp
    queue: str
    started: int
    succeeded: int
    def __init__(self, queue: _Optional[str] = ..., minute: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., started: _Optional[int] = ..., succeeded: _Optional[int] = ..., failed: _Optional[int] = ...) -> None: ...

class QueueRates(_message.Message):
    __slots__ = ["failed_per_second", "started_per_second", "succeeded_per_second"]
    FAILED_PER_SECOND_FIELD_NUMBER: _ClassVar[int]
    STARTED_PER_SECOND_FIELD_NUMBER: _ClassVar[int]
    SUCCEEDED_PER_SECOND_FIELD_NUMBER: _ClassVar[int]
    failed_per_second: float
    started_per_second: float
    succeeded_per_second: float
    def __init__(self, started_per_second: _Optional[float] = ..., succeeded_per_second: _Optional[float] = ..., failed_per_second: _Optional[float] = ...) -> None: ...

class ResumeQueueRequest(_message.Message):
    __slots__ = ["namespace", "queue"]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    queue: str
    def __init__(self, namespace: _Optional[str] = ..., queue: _Optional[str] = ...) -> None: ...

class ResumeQueueResponse(_message.Message):
    __slots__ = ["queue"]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    queue: Queue
    def __init__(self, queue: _Optional[_Union[Queue, _Mapping]] = ...) -> None: ...

class SetQueueNotificationsRequest(_message.Message):
    __slots__ = ["namespace", "notifications", "queue", "webhook_retry_statuses"]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    WEBHOOK_RETRY_STATUSES_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    notifications: _job_pb2.Notifications
    queue: str
    webhook_retry_statuses: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, namespace: _Optional[str] = ..., queue: _Optional[str] = ..., notifications: _Optional[_Union[_job_pb2.Notifications, _Mapping]] = ..., webhook_retry_statuses: _Optional[_Iterable[int]] = ...) -> None: ...

class SetQueueNotificationsResponse(_message.Message):
    __slots__ = ["queue"]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    queue: Queue
    def __init__(self, queue: _Optional[_Union[Queue, _Mapping]] = ...) -> None: ...

class UpdateQueueRequest(_message.Message):
    __slots__ = ["concurrency_limit", "namespace", "queue", "rate_limit", "webhook_url"]
    CONCURRENCY_LIMIT_FIELD_NUMBER: _ClassVar[int]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    RATE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    WEBHOOK_URL_FIELD_NUMBER: _ClassVar[int]
    concurrency_limit: int
    namespace: str
    queue: str
    rate_limit: float
    webhook_url: str
    def __init__(self, namespace: _Optional[str] = ..., queue: _Optional[str] = ..., concurrency_limit: _Optional[int] = ..., rate_limit: _Optional[float] = ..., webhook_url: _Optional[str] = ...) -> None: ...

class UpdateQueueResponse(_message.Message):
    __slots__ = ["queue"]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    queue: Queue
    def __init__(self, queue: _Optional[_Union[Queue, _Mapping]] = ...) -> None: ...
