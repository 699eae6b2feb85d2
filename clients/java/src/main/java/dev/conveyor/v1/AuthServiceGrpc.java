package dev.conveyor.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Tokens for Conveyor's own accounts (see docs/accounts.md). Login and ExchangeApiKey need no
 * token; they answer FAILED_PRECONDITION while accounts are off (no CONVEYOR_AUTH_ACCOUNTS_SECRET).
 * The tokens are ES256 JWTs signed with the server's key, whose public half is served at
 * /.well-known/jwks.json, so that other services can verify them too.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: conveyor/v1/auth_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class AuthServiceGrpc {

  private AuthServiceGrpc() {}

  public static final String SERVICE_NAME = "conveyor.v1.AuthService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.LoginRequest,
      dev.conveyor.v1.LoginResponse> getLoginMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Login",
      requestType = dev.conveyor.v1.LoginRequest.class,
      responseType = dev.conveyor.v1.LoginResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.LoginRequest,
      dev.conveyor.v1.LoginResponse> getLoginMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.LoginRequest, dev.conveyor.v1.LoginResponse> getLoginMethod;
    if ((getLoginMethod = AuthServiceGrpc.getLoginMethod) == null) {
      synchronized (AuthServiceGrpc.class) {
        if ((getLoginMethod = AuthServiceGrpc.getLoginMethod) == null) {
          AuthServiceGrpc.getLoginMethod = getLoginMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.LoginRequest, dev.conveyor.v1.LoginResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Login"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.LoginRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.LoginResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AuthServiceMethodDescriptorSupplier("Login"))
              .build();
        }
      }
    }
    return getLoginMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.ExchangeApiKeyRequest,
      dev.conveyor.v1.ExchangeApiKeyResponse> getExchangeApiKeyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ExchangeApiKey",
      requestType = dev.conveyor.v1.ExchangeApiKeyRequest.class,
      responseType = dev.conveyor.v1.ExchangeApiKeyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.ExchangeApiKeyRequest,
      dev.conveyor.v1.ExchangeApiKeyResponse> getExchangeApiKeyMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.ExchangeApiKeyRequest, dev.conveyor.v1.ExchangeApiKeyResponse> getExchangeApiKeyMethod;
    if ((getExchangeApiKeyMethod = AuthServiceGrpc.getExchangeApiKeyMethod) == null) {
      synchronized (AuthServiceGrpc.class) {
        if ((getExchangeApiKeyMethod = AuthServiceGrpc.getExchangeApiKeyMethod) == null) {
          AuthServiceGrpc.getExchangeApiKeyMethod = getExchangeApiKeyMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.ExchangeApiKeyRequest, dev.conveyor.v1.ExchangeApiKeyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ExchangeApiKey"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ExchangeApiKeyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ExchangeApiKeyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AuthServiceMethodDescriptorSupplier("ExchangeApiKey"))
              .build();
        }
      }
    }
    return getExchangeApiKeyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.WhoAmIRequest,
      dev.conveyor.v1.WhoAmIResponse> getWhoAmIMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WhoAmI",
      requestType = dev.conveyor.v1.WhoAmIRequest.class,
      responseType = dev.conveyor.v1.WhoAmIResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.WhoAmIRequest,
      dev.conveyor.v1.WhoAmIResponse> getWhoAmIMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.WhoAmIRequest, dev.conveyor.v1.WhoAmIResponse> getWhoAmIMethod;
    if ((getWhoAmIMethod = AuthServiceGrpc.getWhoAmIMethod) == null) {
      synchronized (AuthServiceGrpc.class) {
        if ((getWhoAmIMethod = AuthServiceGrpc.getWhoAmIMethod) == null) {
          AuthServiceGrpc.getWhoAmIMethod = getWhoAmIMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.WhoAmIRequest, dev.conveyor.v1.WhoAmIResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WhoAmI"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.WhoAmIRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.WhoAmIResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AuthServiceMethodDescriptorSupplier("WhoAmI"))
              .build();
        }
      }
    }
    return getWhoAmIMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AuthServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AuthServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AuthServiceStub>() {
        @java.lang.Override
        public AuthServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AuthServiceStub(channel, callOptions);
        }
      };
    return AuthServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AuthServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AuthServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AuthServiceBlockingStub>() {
        @java.lang.Override
        public AuthServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AuthServiceBlockingStub(channel, callOptions);
        }
      };
    return AuthServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AuthServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AuthServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AuthServiceFutureStub>() {
        @java.lang.Override
        public AuthServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AuthServiceFutureStub(channel, callOptions);
        }
      };
    return AuthServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Tokens for Conveyor's own accounts (see docs/accounts.md). Login and ExchangeApiKey need no
   * token; they answer FAILED_PRECONDITION while accounts are off (no CONVEYOR_AUTH_ACCOUNTS_SECRET).
   * The tokens are ES256 JWTs signed with the server's key, whose public half is served at
   * /.well-known/jwks.json, so that other services can verify them too.
   * </pre>
   */
  public static abstract class AuthServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * A user's email and password for a token. UNAUTHENTICATED for an unknown email, a wrong
     * password and a disabled account alike; RESOURCE_EXHAUSTED after too many failures for the
     * email or from the caller's address.
     * </pre>
     */
    public void login(dev.conveyor.v1.LoginRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.LoginResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getLoginMethod(), responseObserver);
    }

    /**
     * <pre>
     * An API key for a token. UNAUTHENTICATED for an unknown, revoked or expired key or a disabled
     * account; failures count against the caller's address as login failures do.
     * </pre>
     */
    public void exchangeApiKey(dev.conveyor.v1.ExchangeApiKeyRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ExchangeApiKeyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getExchangeApiKeyMethod(), responseObserver);
    }

    /**
     * <pre>
     * Who the caller's token says they are and what it grants, for a dashboard to show.
     * Any valid token (external ones too); no scope needed.
     * </pre>
     */
    public void whoAmI(dev.conveyor.v1.WhoAmIRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.WhoAmIResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWhoAmIMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getLoginMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.LoginRequest,
                dev.conveyor.v1.LoginResponse>(
                  this, METHODID_LOGIN)))
          .addMethod(
            getExchangeApiKeyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.ExchangeApiKeyRequest,
                dev.conveyor.v1.ExchangeApiKeyResponse>(
                  this, METHODID_EXCHANGE_API_KEY)))
          .addMethod(
            getWhoAmIMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.WhoAmIRequest,
                dev.conveyor.v1.WhoAmIResponse>(
                  this, METHODID_WHO_AM_I)))
          .build();
    }
  }

  /**
   * <pre>
   * Tokens for Conveyor's own accounts (see docs/accounts.md). Login and ExchangeApiKey need no
   * token; they answer FAILED_PRECONDITION while accounts are off (no CONVEYOR_AUTH_ACCOUNTS_SECRET).
   * The tokens are ES256 JWTs signed with the server's key, whose public half is served at
   * /.well-known/jwks.json, so that other services can verify them too.
   * </pre>
   */
  public static final class AuthServiceStub extends io.grpc.stub.AbstractAsyncStub<AuthServiceStub> {
    private AuthServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AuthServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AuthServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * A user's email and password for a token. UNAUTHENTICATED for an unknown email, a wrong
     * password and a disabled account alike; RESOURCE_EXHAUSTED after too many failures for the
     * email or from the caller's address.
     * </pre>
     */
    public void login(dev.conveyor.v1.LoginRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.LoginResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getLoginMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * An API key for a token. UNAUTHENTICATED for an unknown, revoked or expired key or a disabled
     * account; failures count against the caller's address as login failures do.
     * </pre>
     */
    public void exchangeApiKey(dev.conveyor.v1.ExchangeApiKeyRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ExchangeApiKeyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getExchangeApiKeyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Who the caller's token says they are and what it grants, for a dashboard to show.
     * Any valid token (external ones too); no scope needed.
     * </pre>
     */
    public void whoAmI(dev.conveyor.v1.WhoAmIRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.WhoAmIResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getWhoAmIMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * Tokens for Conveyor's own accounts (see docs/accounts.md). Login and ExchangeApiKey need no
   * token; they answer FAILED_PRECONDITION while accounts are off (no CONVEYOR_AUTH_ACCOUNTS_SECRET).
   * The tokens are ES256 JWTs signed with the server's key, whose public half is served at
   * /.well-known/jwks.json, so that other services can verify them too.
   * </pre>
   */
  public static final class AuthServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<AuthServiceBlockingStub> {
    private AuthServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AuthServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AuthServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * A user's email and password for a token. UNAUTHENTICATED for an unknown email, a wrong
     * password and a disabled account alike; RESOURCE_EXHAUSTED after too many failures for the
     * email or from the caller's address.
     * </pre>
     */
    public dev.conveyor.v1.LoginResponse login(dev.conveyor.v1.LoginRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getLoginMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * An API key for a token. UNAUTHENTICATED for an unknown, revoked or expired key or a disabled
     * account; failures count against the caller's address as login failures do.
     * </pre>
     */
    public dev.conveyor.v1.ExchangeApiKeyResponse exchangeApiKey(dev.conveyor.v1.ExchangeApiKeyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getExchangeApiKeyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Who the caller's token says they are and what it grants, for a dashboard to show.
     * Any valid token (external ones too); no scope needed.
     * </pre>
     */
    public dev.conveyor.v1.WhoAmIResponse whoAmI(dev.conveyor.v1.WhoAmIRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getWhoAmIMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * Tokens for Conveyor's own accounts (see docs/accounts.md). Login and ExchangeApiKey need no
   * token; they answer FAILED_PRECONDITION while accounts are off (no CONVEYOR_AUTH_ACCOUNTS_SECRET).
   * The tokens are ES256 JWTs signed with the server's key, whose public half is served at
   * /.well-known/jwks.json, so that other services can verify them too.
   * </pre>
   */
  public static final class AuthServiceFutureStub extends io.grpc.stub.AbstractFutureStub<AuthServiceFutureStub> {
    private AuthServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AuthServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AuthServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * A user's email and password for a token. UNAUTHENTICATED for an unknown email, a wrong
     * password and a disabled account alike; RESOURCE_EXHAUSTED after too many failures for the
     * email or from the caller's address.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.LoginResponse> login(
        dev.conveyor.v1.LoginRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getLoginMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * An API key for a token. UNAUTHENTICATED for an unknown, revoked or expired key or a disabled
     * account; failures count against the caller's address as login failures do.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.ExchangeApiKeyResponse> exchangeApiKey(
        dev.conveyor.v1.ExchangeApiKeyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getExchangeApiKeyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Who the caller's token says they are and what it grants, for a dashboard to show.
     * Any valid token (external ones too); no scope needed.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.WhoAmIResponse> whoAmI(
        dev.conveyor.v1.WhoAmIRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getWhoAmIMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LOGIN = 0;
  private static final int METHODID_EXCHANGE_API_KEY = 1;
  private static final int METHODID_WHO_AM_I = 2;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AuthServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(AuthServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_LOGIN:
          serviceImpl.login((dev.conveyor.v1.LoginRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.LoginResponse>) responseObserver);
          break;
        case METHODID_EXCHANGE_API_KEY:
          serviceImpl.exchangeApiKey((dev.conveyor.v1.ExchangeApiKeyRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.ExchangeApiKeyResponse>) responseObserver);
          break;
        case METHODID_WHO_AM_I:
          serviceImpl.whoAmI((dev.conveyor.v1.WhoAmIRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.WhoAmIResponse>) responseObserver);
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

  private static abstract class AuthServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AuthServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.conveyor.v1.AuthServiceOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AuthService");
    }
  }

  private static final class AuthServiceFileDescriptorSupplier
      extends AuthServiceBaseDescriptorSupplier {
    AuthServiceFileDescriptorSupplier() {}
  }

  private static final class AuthServiceMethodDescriptorSupplier
      extends AuthServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    AuthServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (AuthServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AuthServiceFileDescriptorSupplier())
              .addMethod(getLoginMethod())
              .addMethod(getExchangeApiKeyMethod())
              .addMethod(getWhoAmIMethod())
              .build();
        }
      }
    }
    return result;
  }
}
