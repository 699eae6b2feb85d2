package dev.conveyor.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Workflows: graphs of named tasks, each a job that starts only once the tasks it depends on have
 * finished. A task without dependencies starts at once; a task with some waits BLOCKED. When a task
 * ends without succeeding (DEAD, CANCELLED, or itself SKIPPED), its failure policy decides what
 * becomes of the tasks that depend on it.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: conveyor/v1/workflow_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class WorkflowServiceGrpc {

  private WorkflowServiceGrpc() {}

  public static final String SERVICE_NAME = "conveyor.v1.WorkflowService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.SubmitWorkflowRequest,
      dev.conveyor.v1.SubmitWorkflowResponse> getSubmitWorkflowMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SubmitWorkflow",
      requestType = dev.conveyor.v1.SubmitWorkflowRequest.class,
      responseType = dev.conveyor.v1.SubmitWorkflowResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.SubmitWorkflowRequest,
      dev.conveyor.v1.SubmitWorkflowResponse> getSubmitWorkflowMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.SubmitWorkflowRequest, dev.conveyor.v1.SubmitWorkflowResponse> getSubmitWorkflowMethod;
    if ((getSubmitWorkflowMethod = WorkflowServiceGrpc.getSubmitWorkflowMethod) == null) {
      synchronized (WorkflowServiceGrpc.class) {
        if ((getSubmitWorkflowMethod = WorkflowServiceGrpc.getSubmitWorkflowMethod) == null) {
          WorkflowServiceGrpc.getSubmitWorkflowMethod = getSubmitWorkflowMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.SubmitWorkflowRequest, dev.conveyor.v1.SubmitWorkflowResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SubmitWorkflow"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.SubmitWorkflowRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.SubmitWorkflowResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WorkflowServiceMethodDescriptorSupplier("SubmitWorkflow"))
              .build();
        }
      }
    }
    return getSubmitWorkflowMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.GetWorkflowRequest,
      dev.conveyor.v1.GetWorkflowResponse> getGetWorkflowMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetWorkflow",
      requestType = dev.conveyor.v1.GetWorkflowRequest.class,
      responseType = dev.conveyor.v1.GetWorkflowResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.GetWorkflowRequest,
      dev.conveyor.v1.GetWorkflowResponse> getGetWorkflowMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.GetWorkflowRequest, dev.conveyor.v1.GetWorkflowResponse> getGetWorkflowMethod;
    if ((getGetWorkflowMethod = WorkflowServiceGrpc.getGetWorkflowMethod) == null) {
      synchronized (WorkflowServiceGrpc.class) {
        if ((getGetWorkflowMethod = WorkflowServiceGrpc.getGetWorkflowMethod) == null) {
          WorkflowServiceGrpc.getGetWorkflowMethod = getGetWorkflowMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.GetWorkflowRequest, dev.conveyor.v1.GetWorkflowResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetWorkflow"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.GetWorkflowRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.GetWorkflowResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WorkflowServiceMethodDescriptorSupplier("GetWorkflow"))
              .build();
        }
      }
    }
    return getGetWorkflowMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.ListWorkflowsRequest,
      dev.conveyor.v1.ListWorkflowsResponse> getListWorkflowsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListWorkflows",
      requestType = dev.conveyor.v1.ListWorkflowsRequest.class,
      responseType = dev.conveyor.v1.ListWorkflowsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.ListWorkflowsRequest,
      dev.conveyor.v1.ListWorkflowsResponse> getListWorkflowsMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.ListWorkflowsRequest, dev.conveyor.v1.ListWorkflowsResponse> getListWorkflowsMethod;
    if ((getListWorkflowsMethod = WorkflowServiceGrpc.getListWorkflowsMethod) == null) {
      synchronized (WorkflowServiceGrpc.class) {
        if ((getListWorkflowsMethod = WorkflowServiceGrpc.getListWorkflowsMethod) == null) {
          WorkflowServiceGrpc.getListWorkflowsMethod = getListWorkflowsMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.ListWorkflowsRequest, dev.conveyor.v1.ListWorkflowsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListWorkflows"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListWorkflowsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListWorkflowsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WorkflowServiceMethodDescriptorSupplier("ListWorkflows"))
              .build();
        }
      }
    }
    return getListWorkflowsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.CancelWorkflowRequest,
      dev.conveyor.v1.CancelWorkflowResponse> getCancelWorkflowMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CancelWorkflow",
      requestType = dev.conveyor.v1.CancelWorkflowRequest.class,
      responseType = dev.conveyor.v1.CancelWorkflowResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.CancelWorkflowRequest,
      dev.conveyor.v1.CancelWorkflowResponse> getCancelWorkflowMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.CancelWorkflowRequest, dev.conveyor.v1.CancelWorkflowResponse> getCancelWorkflowMethod;
    if ((getCancelWorkflowMethod = WorkflowServiceGrpc.getCancelWorkflowMethod) == null) {
      synchronized (WorkflowServiceGrpc.class) {
        if ((getCancelWorkflowMethod = WorkflowServiceGrpc.getCancelWorkflowMethod) == null) {
          WorkflowServiceGrpc.getCancelWorkflowMethod = getCancelWorkflowMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.CancelWorkflowRequest, dev.conveyor.v1.CancelWorkflowResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CancelWorkflow"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.CancelWorkflowRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.CancelWorkflowResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WorkflowServiceMethodDescriptorSupplier("CancelWorkflow"))
              .build();
        }
      }
    }
    return getCancelWorkflowMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.WatchWorkflowRequest,
      dev.conveyor.v1.WatchWorkflowResponse> getWatchWorkflowMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchWorkflow",
      requestType = dev.conveyor.v1.WatchWorkflowRequest.class,
      responseType = dev.conveyor.v1.WatchWorkflowResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.WatchWorkflowRequest,
      dev.conveyor.v1.WatchWorkflowResponse> getWatchWorkflowMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.WatchWorkflowRequest, dev.conveyor.v1.WatchWorkflowResponse> getWatchWorkflowMethod;
    if ((getWatchWorkflowMethod = WorkflowServiceGrpc.getWatchWorkflowMethod) == null) {
      synchronized (WorkflowServiceGrpc.class) {
        if ((getWatchWorkflowMethod = WorkflowServiceGrpc.getWatchWorkflowMethod) == null) {
          WorkflowServiceGrpc.getWatchWorkflowMethod = getWatchWorkflowMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.WatchWorkflowRequest, dev.conveyor.v1.WatchWorkflowResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchWorkflow"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.WatchWorkflowRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.WatchWorkflowResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WorkflowServiceMethodDescriptorSupplier("WatchWorkflow"))
              .build();
        }
      }
    }
    return getWatchWorkflowMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static WorkflowServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WorkflowServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WorkflowServiceStub>() {
        @java.lang.Override
        public WorkflowServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WorkflowServiceStub(channel, callOptions);
        }
      };
    return WorkflowServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static WorkflowServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WorkflowServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WorkflowServiceBlockingStub>() {
        @java.lang.Override
        public WorkflowServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WorkflowServiceBlockingStub(channel, callOptions);
        }
      };
    return WorkflowServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static WorkflowServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WorkflowServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WorkflowServiceFutureStub>() {
        @java.lang.Override
        public WorkflowServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WorkflowServiceFutureStub(channel, callOptions);
        }
      };
    return WorkflowServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Workflows: graphs of named tasks, each a job that starts only once the tasks it depends on have
   * finished. A task without dependencies starts at once; a task with some waits BLOCKED. When a task
   * ends without succeeding (DEAD, CANCELLED, or itself SKIPPED), its failure policy decides what
   * becomes of the tasks that depend on it.
   * </pre>
   */
  public static abstract class WorkflowServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Validates the graph (unique names, known references, no cycles) and stores every task at once;
     * or returns the existing workflow when its idempotency key was seen in that namespace. After an
     * ambiguous answer (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN: it may have been stored),
     * retry with the same idempotency key, as for SubmitJobs.
     * </pre>
     */
    public void submitWorkflow(dev.conveyor.v1.SubmitWorkflowRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.SubmitWorkflowResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSubmitWorkflowMethod(), responseObserver);
    }

    /**
     * <pre>
     * The workflow with every task's job and dependencies.
     * </pre>
     */
    public void getWorkflow(dev.conveyor.v1.GetWorkflowRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.GetWorkflowResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetWorkflowMethod(), responseObserver);
    }

    /**
     * <pre>
     * Newest first, without the tasks.
     * </pre>
     */
    public void listWorkflows(dev.conveyor.v1.ListWorkflowsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListWorkflowsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListWorkflowsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Cancels every task that has not finished; running tasks' workers see their signal aborted.
     * </pre>
     */
    public void cancelWorkflow(dev.conveyor.v1.CancelWorkflowRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.CancelWorkflowResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCancelWorkflowMethod(), responseObserver);
    }

    /**
     * <pre>
     * The workflow as it stands, then every task transition, progress report and log line until
     * all tasks have finished. Each task's messages come in the order they were stored.
     * </pre>
     */
    public void watchWorkflow(dev.conveyor.v1.WatchWorkflowRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.WatchWorkflowResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchWorkflowMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getSubmitWorkflowMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.SubmitWorkflowRequest,
                dev.conveyor.v1.SubmitWorkflowResponse>(
                  this, METHODID_SUBMIT_WORKFLOW)))
          .addMethod(
            getGetWorkflowMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.GetWorkflowRequest,
                dev.conveyor.v1.GetWorkflowResponse>(
                  this, METHODID_GET_WORKFLOW)))
          .addMethod(
            getListWorkflowsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.ListWorkflowsRequest,
                dev.conveyor.v1.ListWorkflowsResponse>(
                  this, METHODID_LIST_WORKFLOWS)))
          .addMethod(
            getCancelWorkflowMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.CancelWorkflowRequest,
                dev.conveyor.v1.CancelWorkflowResponse>(
                  this, METHODID_CANCEL_WORKFLOW)))
          .addMethod(
            getWatchWorkflowMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                dev.conveyor.v1.WatchWorkflowRequest,
                dev.conveyor.v1.WatchWorkflowResponse>(
                  this, METHODID_WATCH_WORKFLOW)))
          .build();
    }
  }

  /**
   * <pre>
   * Workflows: graphs of named tasks, each a job that starts only once the tasks it depends on have
   * finished. A task without dependencies starts at once; a task with some waits BLOCKED. When a task
   * ends without succeeding (DEAD, CANCELLED, or itself SKIPPED), its failure policy decides what
   * becomes of the tasks that depend on it.
   * </pre>
   */
  public static final class WorkflowServiceStub extends io.grpc.stub.AbstractAsyncStub<WorkflowServiceStub> {
    private WorkflowServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WorkflowServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WorkflowServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Validates the graph (unique names, known references, no cycles) and stores every task at once;
     * or returns the existing workflow when its idempotency key was seen in that namespace. After an
     * ambiguous answer (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN: it may have been stored),
     * retry with the same idempotency key, as for SubmitJobs.
     * </pre>
     */
    public void submitWorkflow(dev.conveyor.v1.SubmitWorkflowRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.SubmitWorkflowResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSubmitWorkflowMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The workflow with every task's job and dependencies.
     * </pre>
     */
    public void getWorkflow(dev.conveyor.v1.GetWorkflowRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.GetWorkflowResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetWorkflowMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Newest first, without the tasks.
     * </pre>
     */
    public void listWorkflows(dev.conveyor.v1.ListWorkflowsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListWorkflowsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListWorkflowsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Cancels every task that has not finished; running tasks' workers see their signal aborted.
     * </pre>
     */
    public void cancelWorkflow(dev.conveyor.v1.CancelWorkflowRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.CancelWorkflowResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCancelWorkflowMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The workflow as it stands, then every task transition, progress report and log line until
     * all tasks have finished. Each task's messages come in the order they were stored.
     * </pre>
     */
    public void watchWorkflow(dev.conveyor.v1.WatchWorkflowRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.WatchWorkflowResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchWorkflowMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * Workflows: graphs of named tasks, each a job that starts only once the tasks it depends on have
   * finished. A task without dependencies starts at once; a task with some waits BLOCKED. When a task
   * ends without succeeding (DEAD, CANCELLED, or itself SKIPPED), its failure policy decides what
   * becomes of the tasks that depend on it.
   * </pre>
   */
  public static final class WorkflowServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<WorkflowServiceBlockingStub> {
    private WorkflowServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WorkflowServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WorkflowServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Validates the graph (unique names, known references, no cycles) and stores every task at once;
     * or returns the existing workflow when its idempotency key was seen in that namespace. After an
     * ambiguous answer (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN: it may have been stored),
     * retry with the same idempotency key, as for SubmitJobs.
     * </pre>
     */
    public dev.conveyor.v1.SubmitWorkflowResponse submitWorkflow(dev.conveyor.v1.SubmitWorkflowRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSubmitWorkflowMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The workflow with every task's job and dependencies.
     * </pre>
     */
    public dev.conveyor.v1.GetWorkflowResponse getWorkflow(dev.conveyor.v1.GetWorkflowRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetWorkflowMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Newest first, without the tasks.
     * </pre>
     */
    public dev.conveyor.v1.ListWorkflowsResponse listWorkflows(dev.conveyor.v1.ListWorkflowsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListWorkflowsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Cancels every task that has not finished; running tasks' workers see their signal aborted.
     * </pre>
     */
    public dev.conveyor.v1.CancelWorkflowResponse cancelWorkflow(dev.conveyor.v1.CancelWorkflowRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCancelWorkflowMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The workflow as it stands, then every task transition, progress report and log line until
     * all tasks have finished. Each task's messages come in the order they were stored.
     * </pre>
     */
    public java.util.Iterator<dev.conveyor.v1.WatchWorkflowResponse> watchWorkflow(
        dev.conveyor.v1.WatchWorkflowRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchWorkflowMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * Workflows: graphs of named tasks, each a job that starts only once the tasks it depends on have
   * finished. A task without dependencies starts at once; a task with some waits BLOCKED. When a task
   * ends without succeeding (DEAD, CANCELLED, or itself SKIPPED), its failure policy decides what
   * becomes of the tasks that depend on it.
   * </pre>
   */
  public static final class WorkflowServiceFutureStub extends io.grpc.stub.AbstractFutureStub<WorkflowServiceFutureStub> {
    private WorkflowServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WorkflowServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WorkflowServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Validates the graph (unique names, known references, no cycles) and stores every task at once;
     * or returns the existing workflow when its idempotency key was seen in that namespace. After an
     * ambiguous answer (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN: it may have been stored),
     * retry with the same idempotency key, as for SubmitJobs.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.SubmitWorkflowResponse> submitWorkflow(
        dev.conveyor.v1.SubmitWorkflowRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSubmitWorkflowMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The workflow with every task's job and dependencies.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.GetWorkflowResponse> getWorkflow(
        dev.conveyor.v1.GetWorkflowRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetWorkflowMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Newest first, without the tasks.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.ListWorkflowsResponse> listWorkflows(
        dev.conveyor.v1.ListWorkflowsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListWorkflowsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Cancels every task that has not finished; running tasks' workers see their signal aborted.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.CancelWorkflowResponse> cancelWorkflow(
        dev.conveyor.v1.CancelWorkflowRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCancelWorkflowMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_SUBMIT_WORKFLOW = 0;
  private static final int METHODID_GET_WORKFLOW = 1;
  private static final int METHODID_LIST_WORKFLOWS = 2;
  private static final int METHODID_CANCEL_WORKFLOW = 3;
  private static final int METHODID_WATCH_WORKFLOW = 4;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final WorkflowServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(WorkflowServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_SUBMIT_WORKFLOW:
          serviceImpl.submitWorkflow((dev.conveyor.v1.SubmitWorkflowRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.SubmitWorkflowResponse>) responseObserver);
          break;
        case METHODID_GET_WORKFLOW:
          serviceImpl.getWorkflow((dev.conveyor.v1.GetWorkflowRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.GetWorkflowResponse>) responseObserver);
          break;
        case METHODID_LIST_WORKFLOWS:
          serviceImpl.listWorkflows((dev.conveyor.v1.ListWorkflowsRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.ListWorkflowsResponse>) responseObserver);
          break;
        case METHODID_CANCEL_WORKFLOW:
          serviceImpl.cancelWorkflow((dev.conveyor.v1.CancelWorkflowRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.CancelWorkflowResponse>) responseObserver);
          break;
        case METHODID_WATCH_WORKFLOW:
          serviceImpl.watchWorkflow((dev.conveyor.v1.WatchWorkflowRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.WatchWorkflowResponse>) responseObserver);
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

  private static abstract class WorkflowServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    WorkflowServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.conveyor.v1.WorkflowServiceOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("WorkflowService");
    }
  }

  private static final class WorkflowServiceFileDescriptorSupplier
      extends WorkflowServiceBaseDescriptorSupplier {
    WorkflowServiceFileDescriptorSupplier() {}
  }

  private static final class WorkflowServiceMethodDescriptorSupplier
      extends WorkflowServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    WorkflowServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (WorkflowServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new WorkflowServiceFileDescriptorSupplier())
              .addMethod(getSubmitWorkflowMethod())
              .addMethod(getGetWorkflowMethod())
              .addMethod(getListWorkflowsMethod())
              .addMethod(getCancelWorkflowMethod())
              .addMethod(getWatchWorkflowMethod())
              .build();
        }
      }
    }
    return result;
  }
}
