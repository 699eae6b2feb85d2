package dev.conveyor.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Submitting, inspecting and steering jobs. Every request names a namespace ("" means "default");
 * a job is only ever visible through its own namespace.
 * Retrying a submit: an answer of UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL or UNKNOWN (or a
 * connection that broke before the answer) is ambiguous: the jobs may have been stored before the
 * answer was lost. Retrying such a submit is safe only with an idempotency_key on every job, the
 * same on every try: the retry then returns the jobs the first try stored (created = false) instead
 * of storing them again. So give each job a key before the first try (a random UUID will do when
 * the caller has none of its own) and reuse it on every retry. ABORTED means a concurrent request
 * rolled the submit back: nothing was stored; retry it too. Other codes (INVALID_ARGUMENT,
 * RESOURCE_EXHAUSTED, ...) mean nothing was stored and the same request will fail again. The
 * TypeScript client (&#64;conveyor/client) does all this by default.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: conveyor/v1/job_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class JobServiceGrpc {

  private JobServiceGrpc() {}

  public static final String SERVICE_NAME = "conveyor.v1.JobService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.SubmitJobRequest,
      dev.conveyor.v1.SubmitJobResponse> getSubmitJobMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SubmitJob",
      requestType = dev.conveyor.v1.SubmitJobRequest.class,
      responseType = dev.conveyor.v1.SubmitJobResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.SubmitJobRequest,
      dev.conveyor.v1.SubmitJobResponse> getSubmitJobMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.SubmitJobRequest, dev.conveyor.v1.SubmitJobResponse> getSubmitJobMethod;
    if ((getSubmitJobMethod = JobServiceGrpc.getSubmitJobMethod) == null) {
      synchronized (JobServiceGrpc.class) {
        if ((getSubmitJobMethod = JobServiceGrpc.getSubmitJobMethod) == null) {
          JobServiceGrpc.getSubmitJobMethod = getSubmitJobMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.SubmitJobRequest, dev.conveyor.v1.SubmitJobResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SubmitJob"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.SubmitJobRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.SubmitJobResponse.getDefaultInstance()))
              .setSchemaDescriptor(new JobServiceMethodDescriptorSupplier("SubmitJob"))
              .build();
        }
      }
    }
    return getSubmitJobMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.SubmitJobsRequest,
      dev.conveyor.v1.SubmitJobsResponse> getSubmitJobsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SubmitJobs",
      requestType = dev.conveyor.v1.SubmitJobsRequest.class,
      responseType = dev.conveyor.v1.SubmitJobsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.SubmitJobsRequest,
      dev.conveyor.v1.SubmitJobsResponse> getSubmitJobsMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.SubmitJobsRequest, dev.conveyor.v1.SubmitJobsResponse> getSubmitJobsMethod;
    if ((getSubmitJobsMethod = JobServiceGrpc.getSubmitJobsMethod) == null) {
      synchronized (JobServiceGrpc.class) {
        if ((getSubmitJobsMethod = JobServiceGrpc.getSubmitJobsMethod) == null) {
          JobServiceGrpc.getSubmitJobsMethod = getSubmitJobsMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.SubmitJobsRequest, dev.conveyor.v1.SubmitJobsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SubmitJobs"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.SubmitJobsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.SubmitJobsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new JobServiceMethodDescriptorSupplier("SubmitJobs"))
              .build();
        }
      }
    }
    return getSubmitJobsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.GetJobRequest,
      dev.conveyor.v1.GetJobResponse> getGetJobMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetJob",
      requestType = dev.conveyor.v1.GetJobRequest.class,
      responseType = dev.conveyor.v1.GetJobResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.GetJobRequest,
      dev.conveyor.v1.GetJobResponse> getGetJobMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.GetJobRequest, dev.conveyor.v1.GetJobResponse> getGetJobMethod;
    if ((getGetJobMethod = JobServiceGrpc.getGetJobMethod) == null) {
      synchronized (JobServiceGrpc.class) {
        if ((getGetJobMethod = JobServiceGrpc.getGetJobMethod) == null) {
          JobServiceGrpc.getGetJobMethod = getGetJobMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.GetJobRequest, dev.conveyor.v1.GetJobResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetJob"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.GetJobRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.GetJobResponse.getDefaultInstance()))
              .setSchemaDescriptor(new JobServiceMethodDescriptorSupplier("GetJob"))
              .build();
        }
      }
    }
    return getGetJobMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.ListJobsRequest,
      dev.conveyor.v1.ListJobsResponse> getListJobsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListJobs",
      requestType = dev.conveyor.v1.ListJobsRequest.class,
      responseType = dev.conveyor.v1.ListJobsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.ListJobsRequest,
      dev.conveyor.v1.ListJobsResponse> getListJobsMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.ListJobsRequest, dev.conveyor.v1.ListJobsResponse> getListJobsMethod;
    if ((getListJobsMethod = JobServiceGrpc.getListJobsMethod) == null) {
      synchronized (JobServiceGrpc.class) {
        if ((getListJobsMethod = JobServiceGrpc.getListJobsMethod) == null) {
          JobServiceGrpc.getListJobsMethod = getListJobsMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.ListJobsRequest, dev.conveyor.v1.ListJobsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListJobs"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListJobsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListJobsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new JobServiceMethodDescriptorSupplier("ListJobs"))
              .build();
        }
      }
    }
    return getListJobsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.CancelJobRequest,
      dev.conveyor.v1.CancelJobResponse> getCancelJobMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CancelJob",
      requestType = dev.conveyor.v1.CancelJobRequest.class,
      responseType = dev.conveyor.v1.CancelJobResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.CancelJobRequest,
      dev.conveyor.v1.CancelJobResponse> getCancelJobMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.CancelJobRequest, dev.conveyor.v1.CancelJobResponse> getCancelJobMethod;
    if ((getCancelJobMethod = JobServiceGrpc.getCancelJobMethod) == null) {
      synchronized (JobServiceGrpc.class) {
        if ((getCancelJobMethod = JobServiceGrpc.getCancelJobMethod) == null) {
          JobServiceGrpc.getCancelJobMethod = getCancelJobMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.CancelJobRequest, dev.conveyor.v1.CancelJobResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CancelJob"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.CancelJobRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.CancelJobResponse.getDefaultInstance()))
              .setSchemaDescriptor(new JobServiceMethodDescriptorSupplier("CancelJob"))
              .build();
        }
      }
    }
    return getCancelJobMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.RetryJobRequest,
      dev.conveyor.v1.RetryJobResponse> getRetryJobMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RetryJob",
      requestType = dev.conveyor.v1.RetryJobRequest.class,
      responseType = dev.conveyor.v1.RetryJobResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.RetryJobRequest,
      dev.conveyor.v1.RetryJobResponse> getRetryJobMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.RetryJobRequest, dev.conveyor.v1.RetryJobResponse> getRetryJobMethod;
    if ((getRetryJobMethod = JobServiceGrpc.getRetryJobMethod) == null) {
      synchronized (JobServiceGrpc.class) {
        if ((getRetryJobMethod = JobServiceGrpc.getRetryJobMethod) == null) {
          JobServiceGrpc.getRetryJobMethod = getRetryJobMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.RetryJobRequest, dev.conveyor.v1.RetryJobResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RetryJob"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.RetryJobRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.RetryJobResponse.getDefaultInstance()))
              .setSchemaDescriptor(new JobServiceMethodDescriptorSupplier("RetryJob"))
              .build();
        }
      }
    }
    return getRetryJobMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.WatchJobRequest,
      dev.conveyor.v1.WatchJobResponse> getWatchJobMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchJob",
      requestType = dev.conveyor.v1.WatchJobRequest.class,
      responseType = dev.conveyor.v1.WatchJobResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.WatchJobRequest,
      dev.conveyor.v1.WatchJobResponse> getWatchJobMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.WatchJobRequest, dev.conveyor.v1.WatchJobResponse> getWatchJobMethod;
    if ((getWatchJobMethod = JobServiceGrpc.getWatchJobMethod) == null) {
      synchronized (JobServiceGrpc.class) {
        if ((getWatchJobMethod = JobServiceGrpc.getWatchJobMethod) == null) {
          JobServiceGrpc.getWatchJobMethod = getWatchJobMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.WatchJobRequest, dev.conveyor.v1.WatchJobResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchJob"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.WatchJobRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.WatchJobResponse.getDefaultInstance()))
              .setSchemaDescriptor(new JobServiceMethodDescriptorSupplier("WatchJob"))
              .build();
        }
      }
    }
    return getWatchJobMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.RetryJobsRequest,
      dev.conveyor.v1.RetryJobsResponse> getRetryJobsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RetryJobs",
      requestType = dev.conveyor.v1.RetryJobsRequest.class,
      responseType = dev.conveyor.v1.RetryJobsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.RetryJobsRequest,
      dev.conveyor.v1.RetryJobsResponse> getRetryJobsMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.RetryJobsRequest, dev.conveyor.v1.RetryJobsResponse> getRetryJobsMethod;
    if ((getRetryJobsMethod = JobServiceGrpc.getRetryJobsMethod) == null) {
      synchronized (JobServiceGrpc.class) {
        if ((getRetryJobsMethod = JobServiceGrpc.getRetryJobsMethod) == null) {
          JobServiceGrpc.getRetryJobsMethod = getRetryJobsMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.RetryJobsRequest, dev.conveyor.v1.RetryJobsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RetryJobs"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.RetryJobsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.RetryJobsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new JobServiceMethodDescriptorSupplier("RetryJobs"))
              .build();
        }
      }
    }
    return getRetryJobsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.ListJobEventsRequest,
      dev.conveyor.v1.ListJobEventsResponse> getListJobEventsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListJobEvents",
      requestType = dev.conveyor.v1.ListJobEventsRequest.class,
      responseType = dev.conveyor.v1.ListJobEventsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.ListJobEventsRequest,
      dev.conveyor.v1.ListJobEventsResponse> getListJobEventsMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.ListJobEventsRequest, dev.conveyor.v1.ListJobEventsResponse> getListJobEventsMethod;
    if ((getListJobEventsMethod = JobServiceGrpc.getListJobEventsMethod) == null) {
      synchronized (JobServiceGrpc.class) {
        if ((getListJobEventsMethod = JobServiceGrpc.getListJobEventsMethod) == null) {
          JobServiceGrpc.getListJobEventsMethod = getListJobEventsMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.ListJobEventsRequest, dev.conveyor.v1.ListJobEventsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListJobEvents"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListJobEventsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListJobEventsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new JobServiceMethodDescriptorSupplier("ListJobEvents"))
              .build();
        }
      }
    }
    return getListJobEventsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.ListJobLogsRequest,
      dev.conveyor.v1.ListJobLogsResponse> getListJobLogsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListJobLogs",
      requestType = dev.conveyor.v1.ListJobLogsRequest.class,
      responseType = dev.conveyor.v1.ListJobLogsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.ListJobLogsRequest,
      dev.conveyor.v1.ListJobLogsResponse> getListJobLogsMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.ListJobLogsRequest, dev.conveyor.v1.ListJobLogsResponse> getListJobLogsMethod;
    if ((getListJobLogsMethod = JobServiceGrpc.getListJobLogsMethod) == null) {
      synchronized (JobServiceGrpc.class) {
        if ((getListJobLogsMethod = JobServiceGrpc.getListJobLogsMethod) == null) {
          JobServiceGrpc.getListJobLogsMethod = getListJobLogsMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.ListJobLogsRequest, dev.conveyor.v1.ListJobLogsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListJobLogs"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListJobLogsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListJobLogsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new JobServiceMethodDescriptorSupplier("ListJobLogs"))
              .build();
        }
      }
    }
    return getListJobLogsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static JobServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<JobServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<JobServiceStub>() {
        @java.lang.Override
        public JobServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new JobServiceStub(channel, callOptions);
        }
      };
    return JobServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static JobServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<JobServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<JobServiceBlockingStub>() {
        @java.lang.Override
        public JobServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new JobServiceBlockingStub(channel, callOptions);
        }
      };
    return JobServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static JobServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<JobServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<JobServiceFutureStub>() {
        @java.lang.Override
        public JobServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new JobServiceFutureStub(channel, callOptions);
        }
      };
    return JobServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Submitting, inspecting and steering jobs. Every request names a namespace ("" means "default");
   * a job is only ever visible through its own namespace.
   * Retrying a submit: an answer of UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL or UNKNOWN (or a
   * connection that broke before the answer) is ambiguous: the jobs may have been stored before the
   * answer was lost. Retrying such a submit is safe only with an idempotency_key on every job, the
   * same on every try: the retry then returns the jobs the first try stored (created = false) instead
   * of storing them again. So give each job a key before the first try (a random UUID will do when
   * the caller has none of its own) and reuse it on every retry. ABORTED means a concurrent request
   * rolled the submit back: nothing was stored; retry it too. Other codes (INVALID_ARGUMENT,
   * RESOURCE_EXHAUSTED, ...) mean nothing was stored and the same request will fail again. The
   * TypeScript client (&#64;conveyor/client) does all this by default.
   * </pre>
   */
  public static abstract class JobServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Creates a job, or returns the existing one when its idempotency key was seen on that queue.
     * </pre>
     */
    public void submitJob(dev.conveyor.v1.SubmitJobRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.SubmitJobResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSubmitJobMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates up to 1,000 jobs atomically: all are stored or none is. A retry after an ambiguous
     * answer is safe when every job has an idempotency key (see above).
     * </pre>
     */
    public void submitJobs(dev.conveyor.v1.SubmitJobsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.SubmitJobsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSubmitJobsMethod(), responseObserver);
    }

    /**
     */
    public void getJob(dev.conveyor.v1.GetJobRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.GetJobResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetJobMethod(), responseObserver);
    }

    /**
     * <pre>
     * Newest first.
     * </pre>
     */
    public void listJobs(dev.conveyor.v1.ListJobsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListJobsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListJobsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Cancels a job that has not finished; a running job's worker sees its signal aborted.
     * FAILED_PRECONDITION when the job already finished.
     * </pre>
     */
    public void cancelJob(dev.conveyor.v1.CancelJobRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.CancelJobResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCancelJobMethod(), responseObserver);
    }

    /**
     * <pre>
     * Brings a DEAD or CANCELLED job back to READY with a fresh set of attempts.
     * FAILED_PRECONDITION for a job in any other state.
     * </pre>
     */
    public void retryJob(dev.conveyor.v1.RetryJobRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.RetryJobResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRetryJobMethod(), responseObserver);
    }

    /**
     * <pre>
     * The job as it stands, then every transition, progress report and log line, in the order
     * they were stored, until it reaches a terminal state.
     * </pre>
     */
    public void watchJob(dev.conveyor.v1.WatchJobRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.WatchJobResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchJobMethod(), responseObserver);
    }

    /**
     * <pre>
     * Brings many DEAD or CANCELLED jobs back to READY, as RetryJob does one: those named by id, or
     * those matching a filter, at most `limit` of them. Jobs are moved in batches of up to 500, one
     * transaction per batch; jobs in other states are passed over, not refused.
     * </pre>
     */
    public void retryJobs(dev.conveyor.v1.RetryJobsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.RetryJobsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRetryJobsMethod(), responseObserver);
    }

    /**
     * <pre>
     * The job's history (every transition), oldest first.
     * </pre>
     */
    public void listJobEvents(dev.conveyor.v1.ListJobEventsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListJobEventsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListJobEventsMethod(), responseObserver);
    }

    /**
     * <pre>
     * The log lines a job's handlers wrote (see WorkerService JobReports), oldest first.
     * </pre>
     */
    public void listJobLogs(dev.conveyor.v1.ListJobLogsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListJobLogsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListJobLogsMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getSubmitJobMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.SubmitJobRequest,
                dev.conveyor.v1.SubmitJobResponse>(
                  this, METHODID_SUBMIT_JOB)))
          .addMethod(
            getSubmitJobsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.SubmitJobsRequest,
                dev.conveyor.v1.SubmitJobsResponse>(
                  this, METHODID_SUBMIT_JOBS)))
          .addMethod(
            getGetJobMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.GetJobRequest,
                dev.conveyor.v1.GetJobResponse>(
                  this, METHODID_GET_JOB)))
          .addMethod(
            getListJobsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.ListJobsRequest,
                dev.conveyor.v1.ListJobsResponse>(
                  this, METHODID_LIST_JOBS)))
          .addMethod(
            getCancelJobMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.CancelJobRequest,
                dev.conveyor.v1.CancelJobResponse>(
                  this, METHODID_CANCEL_JOB)))
          .addMethod(
            getRetryJobMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.RetryJobRequest,
                dev.conveyor.v1.RetryJobResponse>(
                  this, METHODID_RETRY_JOB)))
          .addMethod(
            getWatchJobMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                dev.conveyor.v1.WatchJobRequest,
                dev.conveyor.v1.WatchJobResponse>(
                  this, METHODID_WATCH_JOB)))
          .addMethod(
            getRetryJobsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.RetryJobsRequest,
                dev.conveyor.v1.RetryJobsResponse>(
                  this, METHODID_RETRY_JOBS)))
          .addMethod(
            getListJobEventsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.ListJobEventsRequest,
                dev.conveyor.v1.ListJobEventsResponse>(
                  this, METHODID_LIST_JOB_EVENTS)))
          .addMethod(
            getListJobLogsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.ListJobLogsRequest,
                dev.conveyor.v1.ListJobLogsResponse>(
                  this, METHODID_LIST_JOB_LOGS)))
          .build();
    }
  }

  /**
   * <pre>
   * Submitting, inspecting and steering jobs. Every request names a namespace ("" means "default");
   * a job is only ever visible through its own namespace.
   * Retrying a submit: an answer of UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL or UNKNOWN (or a
   * connection that broke before the answer) is ambiguous: the jobs may have been stored before the
   * answer was lost. Retrying such a submit is safe only with an idempotency_key on every job, the
   * same on every try: the retry then returns the jobs the first try stored (created = false) instead
   * of storing them again. So give each job a key before the first try (a random UUID will do when
   * the caller has none of its own) and reuse it on every retry. ABORTED means a concurrent request
   * rolled the submit back: nothing was stored; retry it too. Other codes (INVALID_ARGUMENT,
   * RESOURCE_EXHAUSTED, ...) mean nothing was stored and the same request will fail again. The
   * TypeScript client (&#64;conveyor/client) does all this by default.
   * </pre>
   */
  public static final class JobServiceStub extends io.grpc.stub.AbstractAsyncStub<JobServiceStub> {
    private JobServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected JobServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new JobServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a job, or returns the existing one when its idempotency key was seen on that queue.
     * </pre>
     */
    public void submitJob(dev.conveyor.v1.SubmitJobRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.SubmitJobResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSubmitJobMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates up to 1,000 jobs atomically: all are stored or none is. A retry after an ambiguous
     * answer is safe when every job has an idempotency key (see above).
     * </pre>
     */
    public void submitJobs(dev.conveyor.v1.SubmitJobsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.SubmitJobsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSubmitJobsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void getJob(dev.conveyor.v1.GetJobRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.GetJobResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetJobMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Newest first.
     * </pre>
     */
    public void listJobs(dev.conveyor.v1.ListJobsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListJobsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListJobsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Cancels a job that has not finished; a running job's worker sees its signal aborted.
     * FAILED_PRECONDITION when the job already finished.
     * </pre>
     */
    public void cancelJob(dev.conveyor.v1.CancelJobRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.CancelJobResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCancelJobMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Brings a DEAD or CANCELLED job back to READY with a fresh set of attempts.
     * FAILED_PRECONDITION for a job in any other state.
     * </pre>
     */
    public void retryJob(dev.conveyor.v1.RetryJobRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.RetryJobResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRetryJobMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The job as it stands, then every transition, progress report and log line, in the order
     * they were stored, until it reaches a terminal state.
     * </pre>
     */
    public void watchJob(dev.conveyor.v1.WatchJobRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.WatchJobResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchJobMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Brings many DEAD or CANCELLED jobs back to READY, as RetryJob does one: those named by id, or
     * those matching a filter, at most `limit` of them. Jobs are moved in batches of up to 500, one
     * transaction per batch; jobs in other states are passed over, not refused.
     * </pre>
     */
    public void retryJobs(dev.conveyor.v1.RetryJobsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.RetryJobsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRetryJobsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The job's history (every transition), oldest first.
     * </pre>
     */
    public void listJobEvents(dev.conveyor.v1.ListJobEventsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListJobEventsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListJobEventsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The log lines a job's handlers wrote (see WorkerService JobReports), oldest first.
     * </pre>
     */
    public void listJobLogs(dev.conveyor.v1.ListJobLogsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListJobLogsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListJobLogsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * Submitting, inspecting and steering jobs. Every request names a namespace ("" means "default");
   * a job is only ever visible through its own namespace.
   * Retrying a submit: an answer of UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL or UNKNOWN (or a
   * connection that broke before the answer) is ambiguous: the jobs may have been stored before the
   * answer was lost. Retrying such a submit is safe only with an idempotency_key on every job, the
   * same on every try: the retry then returns the jobs the first try stored (created = false) instead
   * of storing them again. So give each job a key before the first try (a random UUID will do when
   * the caller has none of its own) and reuse it on every retry. ABORTED means a concurrent request
   * rolled the submit back: nothing was stored; retry it too. Other codes (INVALID_ARGUMENT,
   * RESOURCE_EXHAUSTED, ...) mean nothing was stored and the same request will fail again. The
   * TypeScript client (&#64;conveyor/client) does all this by default.
   * </pre>
   */
  public static final class JobServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<JobServiceBlockingStub> {
    private JobServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected JobServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new JobServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a job, or returns the existing one when its idempotency key was seen on that queue.
     * </pre>
     */
    public dev.conveyor.v1.SubmitJobResponse submitJob(dev.conveyor.v1.SubmitJobRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSubmitJobMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates up to 1,000 jobs atomically: all are stored or none is. A retry after an ambiguous
     * answer is safe when every job has an idempotency key (see above).
     * </pre>
     */
    public dev.conveyor.v1.SubmitJobsResponse submitJobs(dev.conveyor.v1.SubmitJobsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSubmitJobsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.conveyor.v1.GetJobResponse getJob(dev.conveyor.v1.GetJobRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetJobMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Newest first.
     * </pre>
     */
    public dev.conveyor.v1.ListJobsResponse listJobs(dev.conveyor.v1.ListJobsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListJobsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Cancels a job that has not finished; a running job's worker sees its signal aborted.
     * FAILED_PRECONDITION when the job already finished.
     * </pre>
     */
    public dev.conveyor.v1.CancelJobResponse cancelJob(dev.conveyor.v1.CancelJobRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCancelJobMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Brings a DEAD or CANCELLED job back to READY with a fresh set of attempts.
     * FAILED_PRECONDITION for a job in any other state.
     * </pre>
     */
    public dev.conveyor.v1.RetryJobResponse retryJob(dev.conveyor.v1.RetryJobRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRetryJobMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The job as it stands, then every transition, progress report and log line, in the order
     * they were stored, until it reaches a terminal state.
     * </pre>
     */
    public java.util.Iterator<dev.conveyor.v1.WatchJobResponse> watchJob(
        dev.conveyor.v1.WatchJobRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchJobMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Brings many DEAD or CANCELLED jobs back to READY, as RetryJob does one: those named by id, or
     * those matching a filter, at most `limit` of them. Jobs are moved in batches of up to 500, one
     * transaction per batch; jobs in other states are passed over, not refused.
     * </pre>
     */
    public dev.conveyor.v1.RetryJobsResponse retryJobs(dev.conveyor.v1.RetryJobsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRetryJobsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The job's history (every transition), oldest first.
     * </pre>
     */
    public dev.conveyor.v1.ListJobEventsResponse listJobEvents(dev.conveyor.v1.ListJobEventsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListJobEventsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The log lines a job's handlers wrote (see WorkerService JobReports), oldest first.
     * </pre>
     */
    public dev.conveyor.v1.ListJobLogsResponse listJobLogs(dev.conveyor.v1.ListJobLogsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListJobLogsMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * Submitting, inspecting and steering jobs. Every request names a namespace ("" means "default");
   * a job is only ever visible through its own namespace.
   * Retrying a submit: an answer of UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL or UNKNOWN (or a
   * connection that broke before the answer) is ambiguous: the jobs may have been stored before the
   * answer was lost. Retrying such a submit is safe only with an idempotency_key on every job, the
   * same on every try: the retry then returns the jobs the first try stored (created = false) instead
   * of storing them again. So give each job a key before the first try (a random UUID will do when
   * the caller has none of its own) and reuse it on every retry. ABORTED means a concurrent request
   * rolled the submit back: nothing was stored; retry it too. Other codes (INVALID_ARGUMENT,
   * RESOURCE_EXHAUSTED, ...) mean nothing was stored and the same request will fail again. The
   * TypeScript client (&#64;conveyor/client) does all this by default.
   * </pre>
   */
  public static final class JobServiceFutureStub extends io.grpc.stub.AbstractFutureStub<JobServiceFutureStub> {
    private JobServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected JobServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new JobServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a job, or returns the existing one when its idempotency key was seen on that queue.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.SubmitJobResponse> submitJob(
        dev.conveyor.v1.SubmitJobRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSubmitJobMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates up to 1,000 jobs atomically: all are stored or none is. A retry after an ambiguous
     * answer is safe when every job has an idempotency key (see above).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.SubmitJobsResponse> submitJobs(
        dev.conveyor.v1.SubmitJobsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSubmitJobsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.GetJobResponse> getJob(
        dev.conveyor.v1.GetJobRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetJobMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Newest first.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.ListJobsResponse> listJobs(
        dev.conveyor.v1.ListJobsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListJobsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Cancels a job that has not finished; a running job's worker sees its signal aborted.
     * FAILED_PRECONDITION when the job already finished.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.CancelJobResponse> cancelJob(
        dev.conveyor.v1.CancelJobRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCancelJobMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Brings a DEAD or CANCELLED job back to READY with a fresh set of attempts.
     * FAILED_PRECONDITION for a job in any other state.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.RetryJobResponse> retryJob(
        dev.conveyor.v1.RetryJobRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRetryJobMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Brings many DEAD or CANCELLED jobs back to READY, as RetryJob does one: those named by id, or
     * those matching a filter, at most `limit` of them. Jobs are moved in batches of up to 500, one
     * transaction per batch; jobs in other states are passed over, not refused.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.RetryJobsResponse> retryJobs(
        dev.conveyor.v1.RetryJobsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRetryJobsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The job's history (every transition), oldest first.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.ListJobEventsResponse> listJobEvents(
        dev.conveyor.v1.ListJobEventsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListJobEventsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The log lines a job's handlers wrote (see WorkerService JobReports), oldest first.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.ListJobLogsResponse> listJobLogs(
        dev.conveyor.v1.ListJobLogsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListJobLogsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_SUBMIT_JOB = 0;
  private static final int METHODID_SUBMIT_JOBS = 1;
  private static final int METHODID_GET_JOB = 2;
  private static final int METHODID_LIST_JOBS = 3;
  private static final int METHODID_CANCEL_JOB = 4;
  private static final int METHODID_RETRY_JOB = 5;
  private static final int METHODID_WATCH_JOB = 6;
  private static final int METHODID_RETRY_JOBS = 7;
  private static final int METHODID_LIST_JOB_EVENTS = 8;
  private static final int METHODID_LIST_JOB_LOGS = 9;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final JobServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(JobServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_SUBMIT_JOB:
          serviceImpl.submitJob((dev.conveyor.v1.SubmitJobRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.SubmitJobResponse>) responseObserver);
          break;
        case METHODID_SUBMIT_JOBS:
          serviceImpl.submitJobs((dev.conveyor.v1.SubmitJobsRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.SubmitJobsResponse>) responseObserver);
          break;
        case METHODID_GET_JOB:
          serviceImpl.getJob((dev.conveyor.v1.GetJobRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.GetJobResponse>) responseObserver);
          break;
        case METHODID_LIST_JOBS:
          serviceImpl.listJobs((dev.conveyor.v1.ListJobsRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.ListJobsResponse>) responseObserver);
          break;
        case METHODID_CANCEL_JOB:
          serviceImpl.cancelJob((dev.conveyor.v1.CancelJobRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.CancelJobResponse>) responseObserver);
          break;
        case METHODID_RETRY_JOB:
          serviceImpl.retryJob((dev.conveyor.v1.RetryJobRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.RetryJobResponse>) responseObserver);
          break;
        case METHODID_WATCH_JOB:
          serviceImpl.watchJob((dev.conveyor.v1.WatchJobRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.WatchJobResponse>) responseObserver);
          break;
        case METHODID_RETRY_JOBS:
          serviceImpl.retryJobs((dev.conveyor.v1.RetryJobsRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.RetryJobsResponse>) responseObserver);
          break;
        case METHODID_LIST_JOB_EVENTS:
          serviceImpl.listJobEvents((dev.conveyor.v1.ListJobEventsRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.ListJobEventsResponse>) responseObserver);
          break;
        case METHODID_LIST_JOB_LOGS:
          serviceImpl.listJobLogs((dev.conveyor.v1.ListJobLogsRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.ListJobLogsResponse>) responseObserver);
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
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class JobServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    JobServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.conveyor.v1.JobServiceOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("JobService");
    }
  }

  private static final class JobServiceFileDescriptorSupplier
      extends JobServiceBaseDescriptorSupplier {
    JobServiceFileDescriptorSupplier() {}
  }

  private static final class JobServiceMethodDescriptorSupplier
      extends JobServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    JobServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (JobServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new JobServiceFileDescriptorSupplier())
              .addMethod(getSubmitJobMethod())
              .addMethod(getSubmitJobsMethod())
              .addMethod(getGetJobMethod())
              .addMethod(getListJobsMethod())
              .addMethod(getCancelJobMethod())
              .addMethod(getRetryJobMethod())
              .addMethod(getWatchJobMethod())
              .addMethod(getRetryJobsMethod())
              .addMethod(getListJobEventsMethod())
              .addMethod(getListJobLogsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
