package dev.conveyor.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * The protocol between the server and the processes that run jobs. A worker opens one Lease
 * stream, says what it can run and how many jobs at once, and the server pushes jobs whenever the
 * worker has room: there is no polling. Each pushed job carries a lease; the worker ends it with
 * Complete or Fail, and keeps it alive with Heartbeat while the handler runs. A lease that is not
 * renewed in time expires and the attempt counts as lost.
 * A worker in any language can be written from this file alone. The rules, in the order a worker
 * meets them (docs/worker-protocol.md walks through them, and test/worker-conformance.test.ts
 * checks a worker against them):
 * 1. Open. Send LeaseOpen as the first and only LeaseOpen of the stream. The server answers with
 *    an empty LeasedJobs at once: that message says LeaseOpen was accepted, and it carries
 *    lease_ttl. A refused LeaseOpen ends the stream with INVALID_ARGUMENT (a message naming the
 *    field, e.g. "open.queues: ..."), UNAUTHENTICATED or PERMISSION_DENIED: reconnecting with the
 *    same LeaseOpen gets the same answer. A second LeaseOpen on a stream ends that stream with
 *    INVALID_ARGUMENT; open a new stream to change what the worker runs.
 * 2. Run. The server pushes LeasedJobs while the worker holds fewer jobs than its capacity. A job
 *    is held from the moment it is pushed until the worker reports it (Complete or Fail), or the
 *    server cancels it (LeaseCancellation). Its slot is free again at that moment: a cancelled
 *    job's slot is reused at once, without any report from the worker.
 * 3. Keep alive. A lease lasts lease_ttl from when it was granted or last renewed. Send Heartbeat
 *    for every held lease at least every lease_ttl / 3 (the TypeScript SDK uses min(10 s,
 *    lease_ttl / 3)), so that a lease survives two lost heartbeats. A refused heartbeat means the
 *    lease is gone: abort the handler and do not report it.
 * 4. Report. Complete or Fail, once per lease. A refused report (accepted = false) is final for
 *    that lease: the job was cancelled, timed out, or its lease expired, and the server has already
 *    scheduled what happens next. Transport errors (UNAVAILABLE, DEADLINE_EXCEEDED) are safe to
 *    retry with the same items: a report applies at most once per lease (so a retry of a report
 *    that did go through is answered FAILED_PRECONDITION).
 * 5. Leave. Send LeaseDrain to stop new pushes, finish and report what is held, then half-close.
 *    When the stream ends while the worker holds jobs (it broke, or the worker closed early),
 *    those attempts are ended as lost and retried, and reports quoting them are refused. The one
 *    exception is the server's own shutdown (the stream ends with UNAVAILABLE): leases live in the
 *    database, so they stay valid until they expire, and the worker, reconnected to any server,
 *    keeps heartbeating and reports them there. A worker whose stream ends reconnects with a new
 *    stream and a new LeaseOpen, with backoff.
 * Keys: every lease is named by the pair (job_id, lease_id). Heartbeat, Complete and Fail quote
 * both; an item whose lease_id is not the job's current lease is refused, whatever its job_id.
 * Batches: Heartbeat, Complete and Fail take 1 to 1,000 items and answer one LeaseOutcome per
 * item, in request order, each carrying the item's job_id and lease_id. Each item is judged on its
 * own: one item that is refused (lease not held, result too large, malformed lease, a NUL in any
 * of its strings) never refuses its neighbours. Only a problem with the request as a whole
 * (namespace, batch size, authentication) fails the call.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: conveyor/v1/worker_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class WorkerServiceGrpc {

  private WorkerServiceGrpc() {}

  public static final String SERVICE_NAME = "conveyor.v1.WorkerService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.LeaseRequest,
      dev.conveyor.v1.LeaseResponse> getLeaseMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Lease",
      requestType = dev.conveyor.v1.LeaseRequest.class,
      responseType = dev.conveyor.v1.LeaseResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.LeaseRequest,
      dev.conveyor.v1.LeaseResponse> getLeaseMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.LeaseRequest, dev.conveyor.v1.LeaseResponse> getLeaseMethod;
    if ((getLeaseMethod = WorkerServiceGrpc.getLeaseMethod) == null) {
      synchronized (WorkerServiceGrpc.class) {
        if ((getLeaseMethod = WorkerServiceGrpc.getLeaseMethod) == null) {
          WorkerServiceGrpc.getLeaseMethod = getLeaseMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.LeaseRequest, dev.conveyor.v1.LeaseResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Lease"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.LeaseRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.LeaseResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WorkerServiceMethodDescriptorSupplier("Lease"))
              .build();
        }
      }
    }
    return getLeaseMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.HeartbeatRequest,
      dev.conveyor.v1.HeartbeatResponse> getHeartbeatMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Heartbeat",
      requestType = dev.conveyor.v1.HeartbeatRequest.class,
      responseType = dev.conveyor.v1.HeartbeatResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.HeartbeatRequest,
      dev.conveyor.v1.HeartbeatResponse> getHeartbeatMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.HeartbeatRequest, dev.conveyor.v1.HeartbeatResponse> getHeartbeatMethod;
    if ((getHeartbeatMethod = WorkerServiceGrpc.getHeartbeatMethod) == null) {
      synchronized (WorkerServiceGrpc.class) {
        if ((getHeartbeatMethod = WorkerServiceGrpc.getHeartbeatMethod) == null) {
          WorkerServiceGrpc.getHeartbeatMethod = getHeartbeatMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.HeartbeatRequest, dev.conveyor.v1.HeartbeatResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Heartbeat"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.HeartbeatRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.HeartbeatResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WorkerServiceMethodDescriptorSupplier("Heartbeat"))
              .build();
        }
      }
    }
    return getHeartbeatMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.CompleteRequest,
      dev.conveyor.v1.CompleteResponse> getCompleteMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Complete",
      requestType = dev.conveyor.v1.CompleteRequest.class,
      responseType = dev.conveyor.v1.CompleteResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.CompleteRequest,
      dev.conveyor.v1.CompleteResponse> getCompleteMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.CompleteRequest, dev.conveyor.v1.CompleteResponse> getCompleteMethod;
    if ((getCompleteMethod = WorkerServiceGrpc.getCompleteMethod) == null) {
      synchronized (WorkerServiceGrpc.class) {
        if ((getCompleteMethod = WorkerServiceGrpc.getCompleteMethod) == null) {
          WorkerServiceGrpc.getCompleteMethod = getCompleteMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.CompleteRequest, dev.conveyor.v1.CompleteResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Complete"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.CompleteRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.CompleteResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WorkerServiceMethodDescriptorSupplier("Complete"))
              .build();
        }
      }
    }
    return getCompleteMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.FailRequest,
      dev.conveyor.v1.FailResponse> getFailMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Fail",
      requestType = dev.conveyor.v1.FailRequest.class,
      responseType = dev.conveyor.v1.FailResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.FailRequest,
      dev.conveyor.v1.FailResponse> getFailMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.FailRequest, dev.conveyor.v1.FailResponse> getFailMethod;
    if ((getFailMethod = WorkerServiceGrpc.getFailMethod) == null) {
      synchronized (WorkerServiceGrpc.class) {
        if ((getFailMethod = WorkerServiceGrpc.getFailMethod) == null) {
          WorkerServiceGrpc.getFailMethod = getFailMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.FailRequest, dev.conveyor.v1.FailResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Fail"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.FailRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.FailResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WorkerServiceMethodDescriptorSupplier("Fail"))
              .build();
        }
      }
    }
    return getFailMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static WorkerServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WorkerServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WorkerServiceStub>() {
        @java.lang.Override
        public WorkerServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WorkerServiceStub(channel, callOptions);
        }
      };
    return WorkerServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static WorkerServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WorkerServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WorkerServiceBlockingStub>() {
        @java.lang.Override
        public WorkerServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WorkerServiceBlockingStub(channel, callOptions);
        }
      };
    return WorkerServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static WorkerServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WorkerServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WorkerServiceFutureStub>() {
        @java.lang.Override
        public WorkerServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WorkerServiceFutureStub(channel, callOptions);
        }
      };
    return WorkerServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * The protocol between the server and the processes that run jobs. A worker opens one Lease
   * stream, says what it can run and how many jobs at once, and the server pushes jobs whenever the
   * worker has room: there is no polling. Each pushed job carries a lease; the worker ends it with
   * Complete or Fail, and keeps it alive with Heartbeat while the handler runs. A lease that is not
   * renewed in time expires and the attempt counts as lost.
   * A worker in any language can be written from this file alone. The rules, in the order a worker
   * meets them (docs/worker-protocol.md walks through them, and test/worker-conformance.test.ts
   * checks a worker against them):
   * 1. Open. Send LeaseOpen as the first and only LeaseOpen of the stream. The server answers with
   *    an empty LeasedJobs at once: that message says LeaseOpen was accepted, and it carries
   *    lease_ttl. A refused LeaseOpen ends the stream with INVALID_ARGUMENT (a message naming the
   *    field, e.g. "open.queues: ..."), UNAUTHENTICATED or PERMISSION_DENIED: reconnecting with the
   *    same LeaseOpen gets the same answer. A second LeaseOpen on a stream ends that stream with
   *    INVALID_ARGUMENT; open a new stream to change what the worker runs.
   * 2. Run. The server pushes LeasedJobs while the worker holds fewer jobs than its capacity. A job
   *    is held from the moment it is pushed until the worker reports it (Complete or Fail), or the
   *    server cancels it (LeaseCancellation). Its slot is free again at that moment: a cancelled
   *    job's slot is reused at once, without any report from the worker.
   * 3. Keep alive. A lease lasts lease_ttl from when it was granted or last renewed. Send Heartbeat
   *    for every held lease at least every lease_ttl / 3 (the TypeScript SDK uses min(10 s,
   *    lease_ttl / 3)), so that a lease survives two lost heartbeats. A refused heartbeat means the
   *    lease is gone: abort the handler and do not report it.
   * 4. Report. Complete or Fail, once per lease. A refused report (accepted = false) is final for
   *    that lease: the job was cancelled, timed out, or its lease expired, and the server has already
   *    scheduled what happens next. Transport errors (UNAVAILABLE, DEADLINE_EXCEEDED) are safe to
   *    retry with the same items: a report applies at most once per lease (so a retry of a report
   *    that did go through is answered FAILED_PRECONDITION).
   * 5. Leave. Send LeaseDrain to stop new pushes, finish and report what is held, then half-close.
   *    When the stream ends while the worker holds jobs (it broke, or the worker closed early),
   *    those attempts are ended as lost and retried, and reports quoting them are refused. The one
   *    exception is the server's own shutdown (the stream ends with UNAVAILABLE): leases live in the
   *    database, so they stay valid until they expire, and the worker, reconnected to any server,
   *    keeps heartbeating and reports them there. A worker whose stream ends reconnects with a new
   *    stream and a new LeaseOpen, with backoff.
   * Keys: every lease is named by the pair (job_id, lease_id). Heartbeat, Complete and Fail quote
   * both; an item whose lease_id is not the job's current lease is refused, whatever its job_id.
   * Batches: Heartbeat, Complete and Fail take 1 to 1,000 items and answer one LeaseOutcome per
   * item, in request order, each carrying the item's job_id and lease_id. Each item is judged on its
   * own: one item that is refused (lease not held, result too large, malformed lease, a NUL in any
   * of its strings) never refuses its neighbours. Only a problem with the request as a whole
   * (namespace, batch size, authentication) fails the call.
   * </pre>
   */
  public static abstract class WorkerServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * The worker's stream of leases: LeaseOpen first, then optionally LeaseDrain; see above.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<dev.conveyor.v1.LeaseRequest> lease(
        io.grpc.stub.StreamObserver<dev.conveyor.v1.LeaseResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getLeaseMethod(), responseObserver);
    }

    /**
     * <pre>
     * Extends leases by lease_ttl (never past the attempt's timeout); answers which ones the worker
     * should abandon (cancelled or already lost).
     * </pre>
     */
    public void heartbeat(dev.conveyor.v1.HeartbeatRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.HeartbeatResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getHeartbeatMethod(), responseObserver);
    }

    /**
     * <pre>
     * Ends attempts successfully. Batches are welcome: each item succeeds or is refused on its own.
     * </pre>
     */
    public void complete(dev.conveyor.v1.CompleteRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.CompleteResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCompleteMethod(), responseObserver);
    }

    /**
     * <pre>
     * Ends attempts with an error; the job is retried after its backoff unless it is non-retryable
     * or out of attempts, in which case it is DEAD.
     * </pre>
     */
    public void fail(dev.conveyor.v1.FailRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.FailResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getFailMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getLeaseMethod(),
            io.grpc.stub.ServerCalls.asyncBidiStreamingCall(
              new MethodHandlers<
                dev.conveyor.v1.LeaseRequest,
                dev.conveyor.v1.LeaseResponse>(
                  this, METHODID_LEASE)))
          .addMethod(
            getHeartbeatMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.HeartbeatRequest,
                dev.conveyor.v1.HeartbeatResponse>(
                  this, METHODID_HEARTBEAT)))
          .addMethod(
            getCompleteMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.CompleteRequest,
                dev.conveyor.v1.CompleteResponse>(
                  this, METHODID_COMPLETE)))
          .addMethod(
            getFailMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.FailRequest,
                dev.conveyor.v1.FailResponse>(
                  this, METHODID_FAIL)))
          .build();
    }
  }

  /**
   * <pre>
   * The protocol between the server and the processes that run jobs. A worker opens one Lease
   * stream, says what it can run and how many jobs at once, and the server pushes jobs whenever the
   * worker has room: there is no polling. Each pushed job carries a lease; the worker ends it with
   * Complete or Fail, and keeps it alive with Heartbeat while the handler runs. A lease that is not
   * renewed in time expires and the attempt counts as lost.
   * A worker in any language can be written from this file alone. The rules, in the order a worker
   * meets them (docs/worker-protocol.md walks through them, and test/worker-conformance.test.ts
   * checks a worker against them):
   * 1. Open. Send LeaseOpen as the first and only LeaseOpen of the stream. The server answers with
   *    an empty LeasedJobs at once: that message says LeaseOpen was accepted, and it carries
   *    lease_ttl. A refused LeaseOpen ends the stream with INVALID_ARGUMENT (a message naming the
   *    field, e.g. "open.queues: ..."), UNAUTHENTICATED or PERMISSION_DENIED: reconnecting with the
   *    same LeaseOpen gets the same answer. A second LeaseOpen on a stream ends that stream with
   *    INVALID_ARGUMENT; open a new stream to change what the worker runs.
   * 2. Run. The server pushes LeasedJobs while the worker holds fewer jobs than its capacity. A job
   *    is held from the moment it is pushed until the worker reports it (Complete or Fail), or the
   *    server cancels it (LeaseCancellation). Its slot is free again at that moment: a cancelled
   *    job's slot is reused at once, without any report from the worker.
   * 3. Keep alive. A lease lasts lease_ttl from when it was granted or last renewed. Send Heartbeat
   *    for every held lease at least every lease_ttl / 3 (the TypeScript SDK uses min(10 s,
   *    lease_ttl / 3)), so that a lease survives two lost heartbeats. A refused heartbeat means the
   *    lease is gone: abort the handler and do not report it.
   * 4. Report. Complete or Fail, once per lease. A refused report (accepted = false) is final for
   *    that lease: the job was cancelled, timed out, or its lease expired, and the server has already
   *    scheduled what happens next. Transport errors (UNAVAILABLE, DEADLINE_EXCEEDED) are safe to
   *    retry with the same items: a report applies at most once per lease (so a retry of a report
   *    that did go through is answered FAILED_PRECONDITION).
   * 5. Leave. Send LeaseDrain to stop new pushes, finish and report what is held, then half-close.
   *    When the stream ends while the worker holds jobs (it broke, or the worker closed early),
   *    those attempts are ended as lost and retried, and reports quoting them are refused. The one
   *    exception is the server's own shutdown (the stream ends with UNAVAILABLE): leases live in the
   *    database, so they stay valid until they expire, and the worker, reconnected to any server,
   *    keeps heartbeating and reports them there. A worker whose stream ends reconnects with a new
   *    stream and a new LeaseOpen, with backoff.
   * Keys: every lease is named by the pair (job_id, lease_id). Heartbeat, Complete and Fail quote
   * both; an item whose lease_id is not the job's current lease is refused, whatever its job_id.
   * Batches: Heartbeat, Complete and Fail take 1 to 1,000 items and answer one LeaseOutcome per
   * item, in request order, each carrying the item's job_id and lease_id. Each item is judged on its
   * own: one item that is refused (lease not held, result too large, malformed lease, a NUL in any
   * of its strings) never refuses its neighbours. Only a problem with the request as a whole
   * (namespace, batch size, authentication) fails the call.
   * </pre>
   */
  public static final class WorkerServiceStub extends io.grpc.stub.AbstractAsyncStub<WorkerServiceStub> {
    private WorkerServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WorkerServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WorkerServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * The worker's stream of leases: LeaseOpen first, then optionally LeaseDrain; see above.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<dev.conveyor.v1.LeaseRequest> lease(
        io.grpc.stub.StreamObserver<dev.conveyor.v1.LeaseResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
          getChannel().newCall(getLeaseMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Extends leases by lease_ttl (never past the attempt's timeout); answers which ones the worker
     * should abandon (cancelled or already lost).
     * </pre>
     */
    public void heartbeat(dev.conveyor.v1.HeartbeatRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.HeartbeatResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getHeartbeatMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Ends attempts successfully. Batches are welcome: each item succeeds or is refused on its own.
     * </pre>
     */
    public void complete(dev.conveyor.v1.CompleteRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.CompleteResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCompleteMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Ends attempts with an error; the job is retried after its backoff unless it is non-retryable
     * or out of attempts, in which case it is DEAD.
     * </pre>
     */
    public void fail(dev.conveyor.v1.FailRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.FailResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getFailMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * The protocol between the server and the processes that run jobs. A worker opens one Lease
   * stream, says what it can run and how many jobs at once, and the server pushes jobs whenever the
   * worker has room: there is no polling. Each pushed job carries a lease; the worker ends it with
   * Complete or Fail, and keeps it alive with Heartbeat while the handler runs. A lease that is not
   * renewed in time expires and the attempt counts as lost.
   * A worker in any language can be written from this file alone. The rules, in the order a worker
   * meets them (docs/worker-protocol.md walks through them, and test/worker-conformance.test.ts
   * checks a worker against them):
   * 1. Open. Send LeaseOpen as the first and only LeaseOpen of the stream. The server answers with
   *    an empty LeasedJobs at once: that message says LeaseOpen was accepted, and it carries
   *    lease_ttl. A refused LeaseOpen ends the stream with INVALID_ARGUMENT (a message naming the
   *    field, e.g. "open.queues: ..."), UNAUTHENTICATED or PERMISSION_DENIED: reconnecting with the
   *    same LeaseOpen gets the same answer. A second LeaseOpen on a stream ends that stream with
   *    INVALID_ARGUMENT; open a new stream to change what the worker runs.
   * 2. Run. The server pushes LeasedJobs while the worker holds fewer jobs than its capacity. A job
   *    is held from the moment it is pushed until the worker reports it (Complete or Fail), or the
   *    server cancels it (LeaseCancellation). Its slot is free again at that moment: a cancelled
   *    job's slot is reused at once, without any report from the worker.
   * 3. Keep alive. A lease lasts lease_ttl from when it was granted or last renewed. Send Heartbeat
   *    for every held lease at least every lease_ttl / 3 (the TypeScript SDK uses min(10 s,
   *    lease_ttl / 3)), so that a lease survives two lost heartbeats. A refused heartbeat means the
   *    lease is gone: abort the handler and do not report it.
   * 4. Report. Complete or Fail, once per lease. A refused report (accepted = false) is final for
   *    that lease: the job was cancelled, timed out, or its lease expired, and the server has already
   *    scheduled what happens next. Transport errors (UNAVAILABLE, DEADLINE_EXCEEDED) are safe to
   *    retry with the same items: a report applies at most once per lease (so a retry of a report
   *    that did go through is answered FAILED_PRECONDITION).
   * 5. Leave. Send LeaseDrain to stop new pushes, finish and report what is held, then half-close.
   *    When the stream ends while the worker holds jobs (it broke, or the worker closed early),
   *    those attempts are ended as lost and retried, and reports quoting them are refused. The one
   *    exception is the server's own shutdown (the stream ends with UNAVAILABLE): leases live in the
   *    database, so they stay valid until they expire, and the worker, reconnected to any server,
   *    keeps heartbeating and reports them there. A worker whose stream ends reconnects with a new
   *    stream and a new LeaseOpen, with backoff.
   * Keys: every lease is named by the pair (job_id, lease_id). Heartbeat, Complete and Fail quote
   * both; an item whose lease_id is not the job's current lease is refused, whatever its job_id.
   * Batches: Heartbeat, Complete and Fail take 1 to 1,000 items and answer one LeaseOutcome per
   * item, in request order, each carrying the item's job_id and lease_id. Each item is judged on its
   * own: one item that is refused (lease not held, result too large, malformed lease, a NUL in any
   * of its strings) never refuses its neighbours. Only a problem with the request as a whole
   * (namespace, batch size, authentication) fails the call.
   * </pre>
   */
  public static final class WorkerServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<WorkerServiceBlockingStub> {
    private WorkerServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WorkerServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WorkerServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Extends leases by lease_ttl (never past the attempt's timeout); answers which ones the worker
     * should abandon (cancelled or already lost).
     * </pre>
     */
    public dev.conveyor.v1.HeartbeatResponse heartbeat(dev.conveyor.v1.HeartbeatRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getHeartbeatMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Ends attempts successfully. Batches are welcome: each item succeeds or is refused on its own.
     * </pre>
     */
    public dev.conveyor.v1.CompleteResponse complete(dev.conveyor.v1.CompleteRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCompleteMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Ends attempts with an error; the job is retried after its backoff unless it is non-retryable
     * or out of attempts, in which case it is DEAD.
     * </pre>
     */
    public dev.conveyor.v1.FailResponse fail(dev.conveyor.v1.FailRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getFailMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * The protocol between the server and the processes that run jobs. A worker opens one Lease
   * stream, says what it can run and how many jobs at once, and the server pushes jobs whenever the
   * worker has room: there is no polling. Each pushed job carries a lease; the worker ends it with
   * Complete or Fail, and keeps it alive with Heartbeat while the handler runs. A lease that is not
   * renewed in time expires and the attempt counts as lost.
   * A worker in any language can be written from this file alone. The rules, in the order a worker
   * meets them (docs/worker-protocol.md walks through them, and test/worker-conformance.test.ts
   * checks a worker against them):
   * 1. Open. Send LeaseOpen as the first and only LeaseOpen of the stream. The server answers with
   *    an empty LeasedJobs at once: that message says LeaseOpen was accepted, and it carries
   *    lease_ttl. A refused LeaseOpen ends the stream with INVALID_ARGUMENT (a message naming the
   *    field, e.g. "open.queues: ..."), UNAUTHENTICATED or PERMISSION_DENIED: reconnecting with the
   *    same LeaseOpen gets the same answer. A second LeaseOpen on a stream ends that stream with
   *    INVALID_ARGUMENT; open a new stream to change what the worker runs.
   * 2. Run. The server pushes LeasedJobs while the worker holds fewer jobs than its capacity. A job
   *    is held from the moment it is pushed until the worker reports it (Complete or Fail), or the
   *    server cancels it (LeaseCancellation). Its slot is free again at that moment: a cancelled
   *    job's slot is reused at once, without any report from the worker.
   * 3. Keep alive. A lease lasts lease_ttl from when it was granted or last renewed. Send Heartbeat
   *    for every held lease at least every lease_ttl / 3 (the TypeScript SDK uses min(10 s,
   *    lease_ttl / 3)), so that a lease survives two lost heartbeats. A refused heartbeat means the
   *    lease is gone: abort the handler and do not report it.
   * 4. Report. Complete or Fail, once per lease. A refused report (accepted = false) is final for
   *    that lease: the job was cancelled, timed out, or its lease expired, and the server has already
   *    scheduled what happens next. Transport errors (UNAVAILABLE, DEADLINE_EXCEEDED) are safe to
   *    retry with the same items: a report applies at most once per lease (so a retry of a report
   *    that did go through is answered FAILED_PRECONDITION).
   * 5. Leave. Send LeaseDrain to stop new pushes, finish and report what is held, then half-close.
   *    When the stream ends while the worker holds jobs (it broke, or the worker closed early),
   *    those attempts are ended as lost and retried, and reports quoting them are refused. The one
   *    exception is the server's own shutdown (the stream ends with UNAVAILABLE): leases live in the
   *    database, so they stay valid until they expire, and the worker, reconnected to any server,
   *    keeps heartbeating and reports them there. A worker whose stream ends reconnects with a new
   *    stream and a new LeaseOpen, with backoff.
   * Keys: every lease is named by the pair (job_id, lease_id). Heartbeat, Complete and Fail quote
   * both; an item whose lease_id is not the job's current lease is refused, whatever its job_id.
   * Batches: Heartbeat, Complete and Fail take 1 to 1,000 items and answer one LeaseOutcome per
   * item, in request order, each carrying the item's job_id and lease_id. Each item is judged on its
   * own: one item that is refused (lease not held, result too large, malformed lease, a NUL in any
   * of its strings) never refuses its neighbours. Only a problem with the request as a whole
   * (namespace, batch size, authentication) fails the call.
   * </pre>
   */
  public static final class WorkerServiceFutureStub extends io.grpc.stub.AbstractFutureStub<WorkerServiceFutureStub> {
    private WorkerServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WorkerServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WorkerServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Extends leases by lease_ttl (never past the attempt's timeout); answers which ones the worker
     * should abandon (cancelled or already lost).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.HeartbeatResponse> heartbeat(
        dev.conveyor.v1.HeartbeatRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getHeartbeatMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Ends attempts successfully. Batches are welcome: each item succeeds or is refused on its own.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.CompleteResponse> complete(
        dev.conveyor.v1.CompleteRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCompleteMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Ends attempts with an error; the job is retried after its backoff unless it is non-retryable
     * or out of attempts, in which case it is DEAD.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.FailResponse> fail(
        dev.conveyor.v1.FailRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getFailMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_HEARTBEAT = 0;
  private static final int METHODID_COMPLETE = 1;
  private static final int METHODID_FAIL = 2;
  private static final int METHODID_LEASE = 3;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final WorkerServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(WorkerServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_HEARTBEAT:
          serviceImpl.heartbeat((dev.conveyor.v1.HeartbeatRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.HeartbeatResponse>) responseObserver);
          break;
        case METHODID_COMPLETE:
          serviceImpl.complete((dev.conveyor.v1.CompleteRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.CompleteResponse>) responseObserver);
          break;
        case METHODID_FAIL:
          serviceImpl.fail((dev.conveyor.v1.FailRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.FailResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_LEASE:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.lease(
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.LeaseResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class WorkerServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    WorkerServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.conveyor.v1.WorkerServiceOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("WorkerService");
    }
  }

  private static final class WorkerServiceFileDescriptorSupplier
      extends WorkerServiceBaseDescriptorSupplier {
    WorkerServiceFileDescriptorSupplier() {}
  }

  private static final class WorkerServiceMethodDescriptorSupplier
      extends WorkerServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    WorkerServiceMethodDescriptorSupplier(String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (WorkerServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new WorkerServiceFileDescriptorSupplier())
              .addMethod(getLeaseMethod())
              .addMethod(getHeartbeatMethod())
              .addMethod(getCompleteMethod())
              .addMethod(getFailMethod())
              .build();
        }
      }
    }
    return result;
  }
}
