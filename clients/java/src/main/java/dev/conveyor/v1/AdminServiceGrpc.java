package dev.conveyor.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Queue administration: pausing, limits, notifications and figures. A queue exists as soon as it
 * has jobs or settings; its settings hold on every server (they live in PostgreSQL). Every request
 * names a namespace ("" means "default").
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: conveyor/v1/admin_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class AdminServiceGrpc {

  private AdminServiceGrpc() {}

  public static final String SERVICE_NAME = "conveyor.v1.AdminService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.PauseQueueRequest,
      dev.conveyor.v1.PauseQueueResponse> getPauseQueueMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "PauseQueue",
      requestType = dev.conveyor.v1.PauseQueueRequest.class,
      responseType = dev.conveyor.v1.PauseQueueResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.PauseQueueRequest,
      dev.conveyor.v1.PauseQueueResponse> getPauseQueueMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.PauseQueueRequest, dev.conveyor.v1.PauseQueueResponse> getPauseQueueMethod;
    if ((getPauseQueueMethod = AdminServiceGrpc.getPauseQueueMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getPauseQueueMethod = AdminServiceGrpc.getPauseQueueMethod) == null) {
          AdminServiceGrpc.getPauseQueueMethod = getPauseQueueMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.PauseQueueRequest, dev.conveyor.v1.PauseQueueResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "PauseQueue"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.PauseQueueRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.PauseQueueResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("PauseQueue"))
              .build();
        }
      }
    }
    return getPauseQueueMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.ResumeQueueRequest,
      dev.conveyor.v1.ResumeQueueResponse> getResumeQueueMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ResumeQueue",
      requestType = dev.conveyor.v1.ResumeQueueRequest.class,
      responseType = dev.conveyor.v1.ResumeQueueResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.ResumeQueueRequest,
      dev.conveyor.v1.ResumeQueueResponse> getResumeQueueMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.ResumeQueueRequest, dev.conveyor.v1.ResumeQueueResponse> getResumeQueueMethod;
    if ((getResumeQueueMethod = AdminServiceGrpc.getResumeQueueMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getResumeQueueMethod = AdminServiceGrpc.getResumeQueueMethod) == null) {
          AdminServiceGrpc.getResumeQueueMethod = getResumeQueueMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.ResumeQueueRequest, dev.conveyor.v1.ResumeQueueResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ResumeQueue"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ResumeQueueRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ResumeQueueResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("ResumeQueue"))
              .build();
        }
      }
    }
    return getResumeQueueMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.UpdateQueueRequest,
      dev.conveyor.v1.UpdateQueueResponse> getUpdateQueueMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateQueue",
      requestType = dev.conveyor.v1.UpdateQueueRequest.class,
      responseType = dev.conveyor.v1.UpdateQueueResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.UpdateQueueRequest,
      dev.conveyor.v1.UpdateQueueResponse> getUpdateQueueMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.UpdateQueueRequest, dev.conveyor.v1.UpdateQueueResponse> getUpdateQueueMethod;
    if ((getUpdateQueueMethod = AdminServiceGrpc.getUpdateQueueMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getUpdateQueueMethod = AdminServiceGrpc.getUpdateQueueMethod) == null) {
          AdminServiceGrpc.getUpdateQueueMethod = getUpdateQueueMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.UpdateQueueRequest, dev.conveyor.v1.UpdateQueueResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateQueue"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.UpdateQueueRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.UpdateQueueResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("UpdateQueue"))
              .build();
        }
      }
    }
    return getUpdateQueueMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.GetQueueRequest,
      dev.conveyor.v1.GetQueueResponse> getGetQueueMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetQueue",
      requestType = dev.conveyor.v1.GetQueueRequest.class,
      responseType = dev.conveyor.v1.GetQueueResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.GetQueueRequest,
      dev.conveyor.v1.GetQueueResponse> getGetQueueMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.GetQueueRequest, dev.conveyor.v1.GetQueueResponse> getGetQueueMethod;
    if ((getGetQueueMethod = AdminServiceGrpc.getGetQueueMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getGetQueueMethod = AdminServiceGrpc.getGetQueueMethod) == null) {
          AdminServiceGrpc.getGetQueueMethod = getGetQueueMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.GetQueueRequest, dev.conveyor.v1.GetQueueResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetQueue"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.GetQueueRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.GetQueueResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("GetQueue"))
              .build();
        }
      }
    }
    return getGetQueueMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.ListQueuesRequest,
      dev.conveyor.v1.ListQueuesResponse> getListQueuesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListQueues",
      requestType = dev.conveyor.v1.ListQueuesRequest.class,
      responseType = dev.conveyor.v1.ListQueuesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.ListQueuesRequest,
      dev.conveyor.v1.ListQueuesResponse> getListQueuesMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.ListQueuesRequest, dev.conveyor.v1.ListQueuesResponse> getListQueuesMethod;
    if ((getListQueuesMethod = AdminServiceGrpc.getListQueuesMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getListQueuesMethod = AdminServiceGrpc.getListQueuesMethod) == null) {
          AdminServiceGrpc.getListQueuesMethod = getListQueuesMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.ListQueuesRequest, dev.conveyor.v1.ListQueuesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListQueues"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListQueuesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListQueuesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("ListQueues"))
              .build();
        }
      }
    }
    return getListQueuesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.GetQueueHistoryRequest,
      dev.conveyor.v1.GetQueueHistoryResponse> getGetQueueHistoryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetQueueHistory",
      requestType = dev.conveyor.v1.GetQueueHistoryRequest.class,
      responseType = dev.conveyor.v1.GetQueueHistoryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.GetQueueHistoryRequest,
      dev.conveyor.v1.GetQueueHistoryResponse> getGetQueueHistoryMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.GetQueueHistoryRequest, dev.conveyor.v1.GetQueueHistoryResponse> getGetQueueHistoryMethod;
    if ((getGetQueueHistoryMethod = AdminServiceGrpc.getGetQueueHistoryMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getGetQueueHistoryMethod = AdminServiceGrpc.getGetQueueHistoryMethod) == null) {
          AdminServiceGrpc.getGetQueueHistoryMethod = getGetQueueHistoryMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.GetQueueHistoryRequest, dev.conveyor.v1.GetQueueHistoryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetQueueHistory"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.GetQueueHistoryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.GetQueueHistoryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("GetQueueHistory"))
              .build();
        }
      }
    }
    return getGetQueueHistoryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.ListWorkersRequest,
      dev.conveyor.v1.ListWorkersResponse> getListWorkersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListWorkers",
      requestType = dev.conveyor.v1.ListWorkersRequest.class,
      responseType = dev.conveyor.v1.ListWorkersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.ListWorkersRequest,
      dev.conveyor.v1.ListWorkersResponse> getListWorkersMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.ListWorkersRequest, dev.conveyor.v1.ListWorkersResponse> getListWorkersMethod;
    if ((getListWorkersMethod = AdminServiceGrpc.getListWorkersMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getListWorkersMethod = AdminServiceGrpc.getListWorkersMethod) == null) {
          AdminServiceGrpc.getListWorkersMethod = getListWorkersMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.ListWorkersRequest, dev.conveyor.v1.ListWorkersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListWorkers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListWorkersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListWorkersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("ListWorkers"))
              .build();
        }
      }
    }
    return getListWorkersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.SetQueueNotificationsRequest,
      dev.conveyor.v1.SetQueueNotificationsResponse> getSetQueueNotificationsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetQueueNotifications",
      requestType = dev.conveyor.v1.SetQueueNotificationsRequest.class,
      responseType = dev.conveyor.v1.SetQueueNotificationsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.SetQueueNotificationsRequest,
      dev.conveyor.v1.SetQueueNotificationsResponse> getSetQueueNotificationsMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.SetQueueNotificationsRequest, dev.conveyor.v1.SetQueueNotificationsResponse> getSetQueueNotificationsMethod;
    if ((getSetQueueNotificationsMethod = AdminServiceGrpc.getSetQueueNotificationsMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getSetQueueNotificationsMethod = AdminServiceGrpc.getSetQueueNotificationsMethod) == null) {
          AdminServiceGrpc.getSetQueueNotificationsMethod = getSetQueueNotificationsMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.SetQueueNotificationsRequest, dev.conveyor.v1.SetQueueNotificationsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetQueueNotifications"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.SetQueueNotificationsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.SetQueueNotificationsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("SetQueueNotifications"))
              .build();
        }
      }
    }
    return getSetQueueNotificationsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AdminServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceStub>() {
        @java.lang.Override
        public AdminServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceStub(channel, callOptions);
        }
      };
    return AdminServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AdminServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceBlockingStub>() {
        @java.lang.Override
        public AdminServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceBlockingStub(channel, callOptions);
        }
      };
    return AdminServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AdminServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceFutureStub>() {
        @java.lang.Override
        public AdminServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceFutureStub(channel, callOptions);
        }
      };
    return AdminServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Queue administration: pausing, limits, notifications and figures. A queue exists as soon as it
   * has jobs or settings; its settings hold on every server (they live in PostgreSQL). Every request
   * names a namespace ("" means "default").
   * </pre>
   */
  public static abstract class AdminServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * A paused queue keeps accepting jobs but no worker leases any of them until it is resumed.
     * Pausing a queue that has no jobs yet is allowed (and creates its settings).
     * </pre>
     */
    public void pauseQueue(dev.conveyor.v1.PauseQueueRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.PauseQueueResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPauseQueueMethod(), responseObserver);
    }

    /**
     * <pre>
     * Jobs that waited while the queue was paused run again at once.
     * </pre>
     */
    public void resumeQueue(dev.conveyor.v1.ResumeQueueRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ResumeQueueResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResumeQueueMethod(), responseObserver);
    }

    /**
     * <pre>
     * Changes the fields that are set; the others keep their values.
     * </pre>
     */
    public void updateQueue(dev.conveyor.v1.UpdateQueueRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.UpdateQueueResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateQueueMethod(), responseObserver);
    }

    /**
     * <pre>
     * NOT_FOUND when the queue has neither jobs nor settings.
     * </pre>
     */
    public void getQueue(dev.conveyor.v1.GetQueueRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.GetQueueResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetQueueMethod(), responseObserver);
    }

    /**
     * <pre>
     * Every queue of the namespace that has unfinished jobs, settings, or activity in the last
     * minute, ordered by name.
     * </pre>
     */
    public void listQueues(dev.conveyor.v1.ListQueuesRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListQueuesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListQueuesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Started, succeeded and failed attempts per minute over the last hour, per queue of the
     * namespace (all servers: read from the jobs' history in PostgreSQL).
     * </pre>
     */
    public void getQueueHistory(dev.conveyor.v1.GetQueueHistoryRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.GetQueueHistoryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetQueueHistoryMethod(), responseObserver);
    }

    /**
     * <pre>
     * The workers connected to the server that answers, in the namespace: each server knows only its
     * own Lease streams, so behind a load balancer ask each server (the `server` field says which).
     * </pre>
     */
    public void listWorkers(dev.conveyor.v1.ListWorkersRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListWorkersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListWorkersMethod(), responseObserver);
    }

    /**
     * <pre>
     * Who hears when the queue's jobs finish (webhook outcomes, email), and which webhook answers
     * are retried. Creates the queue's settings if it has none.
     * </pre>
     */
    public void setQueueNotifications(dev.conveyor.v1.SetQueueNotificationsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.SetQueueNotificationsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetQueueNotificationsMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getPauseQueueMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.PauseQueueRequest,
                dev.conveyor.v1.PauseQueueResponse>(
                  this, METHODID_PAUSE_QUEUE)))
          .addMethod(
            getResumeQueueMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.ResumeQueueRequest,
                dev.conveyor.v1.ResumeQueueResponse>(
                  this, METHODID_RESUME_QUEUE)))
          .addMethod(
            getUpdateQueueMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.UpdateQueueRequest,
                dev.conveyor.v1.UpdateQueueResponse>(
                  this, METHODID_UPDATE_QUEUE)))
          .addMethod(
            getGetQueueMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.GetQueueRequest,
                dev.conveyor.v1.GetQueueResponse>(
                  this, METHODID_GET_QUEUE)))
          .addMethod(
            getListQueuesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.ListQueuesRequest,
                dev.conveyor.v1.ListQueuesResponse>(
                  this, METHODID_LIST_QUEUES)))
          .addMethod(
            getGetQueueHistoryMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.GetQueueHistoryRequest,
                dev.conveyor.v1.GetQueueHistoryResponse>(
                  this, METHODID_GET_QUEUE_HISTORY)))
          .addMethod(
            getListWorkersMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.ListWorkersRequest,
                dev.conveyor.v1.ListWorkersResponse>(
                  this, METHODID_LIST_WORKERS)))
          .addMethod(
            getSetQueueNotificationsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.SetQueueNotificationsRequest,
                dev.conveyor.v1.SetQueueNotificationsResponse>(
                  this, METHODID_SET_QUEUE_NOTIFICATIONS)))
          .build();
    }
  }

  /**
   * <pre>
   * Queue administration: pausing, limits, notifications and figures. A queue exists as soon as it
   * has jobs or settings; its settings hold on every server (they live in PostgreSQL). Every request
   * names a namespace ("" means "default").
   * </pre>
   */
  public static final class AdminServiceStub extends io.grpc.stub.AbstractAsyncStub<AdminServiceStub> {
    private AdminServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * A paused queue keeps accepting jobs but no worker leases any of them until it is resumed.
     * Pausing a queue that has no jobs yet is allowed (and creates its settings).
     * </pre>
     */
    public void pauseQueue(dev.conveyor.v1.PauseQueueRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.PauseQueueResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPauseQueueMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Jobs that waited while the queue was paused run again at once.
     * </pre>
     */
    public void resumeQueue(dev.conveyor.v1.ResumeQueueRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ResumeQueueResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResumeQueueMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Changes the fields that are set; the others keep their values.
     * </pre>
     */
    public void updateQueue(dev.conveyor.v1.UpdateQueueRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.UpdateQueueResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateQueueMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * NOT_FOUND when the queue has neither jobs nor settings.
     * </pre>
     */
    public void getQueue(dev.conveyor.v1.GetQueueRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.GetQueueResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetQueueMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Every queue of the namespace that has unfinished jobs, settings, or activity in the last
     * minute, ordered by name.
     * </pre>
     */
    public void listQueues(dev.conveyor.v1.ListQueuesRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListQueuesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListQueuesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Started, succeeded and failed attempts per minute over the last hour, per queue of the
     * namespace (all servers: read from the jobs' history in PostgreSQL).
     * </pre>
     */
    public void getQueueHistory(dev.conveyor.v1.GetQueueHistoryRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.GetQueueHistoryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetQueueHistoryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The workers connected to the server that answers, in the namespace: each server knows only its
     * own Lease streams, so behind a load balancer ask each server (the `server` field says which).
     * </pre>
     */
    public void listWorkers(dev.conveyor.v1.ListWorkersRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListWorkersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListWorkersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Who hears when the queue's jobs finish (webhook outcomes, email), and which webhook answers
     * are retried. Creates the queue's settings if it has none.
     * </pre>
     */
    public void setQueueNotifications(dev.conveyor.v1.SetQueueNotificationsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.SetQueueNotificationsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetQueueNotificationsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * Queue administration: pausing, limits, notifications and figures. A queue exists as soon as it
   * has jobs or settings; its settings hold on every server (they live in PostgreSQL). Every request
   * names a namespace ("" means "default").
   * </pre>
   */
  public static final class AdminServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<AdminServiceBlockingStub> {
    private AdminServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * A paused queue keeps accepting jobs but no worker leases any of them until it is resumed.
     * Pausing a queue that has no jobs yet is allowed (and creates its settings).
     * </pre>
     */
    public dev.conveyor.v1.PauseQueueResponse pauseQueue(dev.conveyor.v1.PauseQueueRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPauseQueueMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Jobs that waited while the queue was paused run again at once.
     * </pre>
     */
    public dev.conveyor.v1.ResumeQueueResponse resumeQueue(dev.conveyor.v1.ResumeQueueRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResumeQueueMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Changes the fields that are set; the others keep their values.
     * </pre>
     */
    public dev.conveyor.v1.UpdateQueueResponse updateQueue(dev.conveyor.v1.UpdateQueueRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateQueueMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * NOT_FOUND when the queue has neither jobs nor settings.
     * </pre>
     */
    public dev.conveyor.v1.GetQueueResponse getQueue(dev.conveyor.v1.GetQueueRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetQueueMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Every queue of the namespace that has unfinished jobs, settings, or activity in the last
     * minute, ordered by name.
     * </pre>
     */
    public dev.conveyor.v1.ListQueuesResponse listQueues(dev.conveyor.v1.ListQueuesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListQueuesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Started, succeeded and failed attempts per minute over the last hour, per queue of the
     * namespace (all servers: read from the jobs' history in PostgreSQL).
     * </pre>
     */
    public dev.conveyor.v1.GetQueueHistoryResponse getQueueHistory(dev.conveyor.v1.GetQueueHistoryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetQueueHistoryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The workers connected to the server that answers, in the namespace: each server knows only its
     * own Lease streams, so behind a load balancer ask each server (the `server` field says which).
     * </pre>
     */
    public dev.conveyor.v1.ListWorkersResponse listWorkers(dev.conveyor.v1.ListWorkersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListWorkersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Who hears when the queue's jobs finish (webhook outcomes, email), and which webhook answers
     * are retried. Creates the queue's settings if it has none.
     * </pre>
     */
    public dev.conveyor.v1.SetQueueNotificationsResponse setQueueNotifications(dev.conveyor.v1.SetQueueNotificationsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetQueueNotificationsMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * Queue administration: pausing, limits, notifications and figures. A queue exists as soon as it
   * has jobs or settings; its settings hold on every server (they live in PostgreSQL). Every request
   * names a namespace ("" means "default").
   * </pre>
   */
  public static final class AdminServiceFutureStub extends io.grpc.stub.AbstractFutureStub<AdminServiceFutureStub> {
    private AdminServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * A paused queue keeps accepting jobs but no worker leases any of them until it is resumed.
     * Pausing a queue that has no jobs yet is allowed (and creates its settings).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.PauseQueueResponse> pauseQueue(
        dev.conveyor.v1.PauseQueueRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPauseQueueMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Jobs that waited while the queue was paused run again at once.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.ResumeQueueResponse> resumeQueue(
        dev.conveyor.v1.ResumeQueueRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResumeQueueMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Changes the fields that are set; the others keep their values.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.UpdateQueueResponse> updateQueue(
        dev.conveyor.v1.UpdateQueueRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateQueueMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * NOT_FOUND when the queue has neither jobs nor settings.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.GetQueueResponse> getQueue(
        dev.conveyor.v1.GetQueueRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetQueueMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Every queue of the namespace that has unfinished jobs, settings, or activity in the last
     * minute, ordered by name.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.ListQueuesResponse> listQueues(
        dev.conveyor.v1.ListQueuesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListQueuesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Started, succeeded and failed attempts per minute over the last hour, per queue of the
     * namespace (all servers: read from the jobs' history in PostgreSQL).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.GetQueueHistoryResponse> getQueueHistory(
        dev.conveyor.v1.GetQueueHistoryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetQueueHistoryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The workers connected to the server that answers, in the namespace: each server knows only its
     * own Lease streams, so behind a load balancer ask each server (the `server` field says which).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.ListWorkersResponse> listWorkers(
        dev.conveyor.v1.ListWorkersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListWorkersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Who hears when the queue's jobs finish (webhook outcomes, email), and which webhook answers
     * are retried. Creates the queue's settings if it has none.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.SetQueueNotificationsResponse> setQueueNotifications(
        dev.conveyor.v1.SetQueueNotificationsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetQueueNotificationsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_PAUSE_QUEUE = 0;
  private static final int METHODID_RESUME_QUEUE = 1;
  private static final int METHODID_UPDATE_QUEUE = 2;
  private static final int METHODID_GET_QUEUE = 3;
  private static final int METHODID_LIST_QUEUES = 4;
  private static final int METHODID_GET_QUEUE_HISTORY = 5;
  private static final int METHODID_LIST_WORKERS = 6;
  private static final int METHODID_SET_QUEUE_NOTIFICATIONS = 7;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AdminServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(AdminServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_PAUSE_QUEUE:
          serviceImpl.pauseQueue((dev.conveyor.v1.PauseQueueRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.PauseQueueResponse>) responseObserver);
          break;
        case METHODID_RESUME_QUEUE:
          serviceImpl.resumeQueue((dev.conveyor.v1.ResumeQueueRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.ResumeQueueResponse>) responseObserver);
          break;
        case METHODID_UPDATE_QUEUE:
          serviceImpl.updateQueue((dev.conveyor.v1.UpdateQueueRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.UpdateQueueResponse>) responseObserver);
          break;
        case METHODID_GET_QUEUE:
          serviceImpl.getQueue((dev.conveyor.v1.GetQueueRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.GetQueueResponse>) responseObserver);
          break;
        case METHODID_LIST_QUEUES:
          serviceImpl.listQueues((dev.conveyor.v1.ListQueuesRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.ListQueuesResponse>) responseObserver);
          break;
        case METHODID_GET_QUEUE_HISTORY:
          serviceImpl.getQueueHistory((dev.conveyor.v1.GetQueueHistoryRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.GetQueueHistoryResponse>) responseObserver);
          break;
        case METHODID_LIST_WORKERS:
          serviceImpl.listWorkers((dev.conveyor.v1.ListWorkersRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.ListWorkersResponse>) responseObserver);
          break;
        case METHODID_SET_QUEUE_NOTIFICATIONS:
          serviceImpl.setQueueNotifications((dev.conveyor.v1.SetQueueNotificationsRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.SetQueueNotificationsResponse>) responseObserver);
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

  private static abstract class AdminServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AdminServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.conveyor.v1.AdminServiceOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AdminService");
    }
  }

  private static final class AdminServiceFileDescriptorSupplier
      extends AdminServiceBaseDescriptorSupplier {
    AdminServiceFileDescriptorSupplier() {}
  }

  private static final class AdminServiceMethodDescriptorSupplier
      extends AdminServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    AdminServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (AdminServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AdminServiceFileDescriptorSupplier())
              .addMethod(getPauseQueueMethod())
              .addMethod(getResumeQueueMethod())
              .addMethod(getUpdateQueueMethod())
              .addMethod(getGetQueueMethod())
              .addMethod(getListQueuesMethod())
              .addMethod(getGetQueueHistoryMethod())
              .addMethod(getListWorkersMethod())
              .addMethod(getSetQueueNotificationsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
