package dev.conveyor.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Accounts, roles and API keys (see docs/accounts.md). Every method needs the admin scope for all
 * namespaces ("*"), and every change is written to the audit log in the same transaction.
 * FAILED_PRECONDITION while accounts are off.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: conveyor/v1/account_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class AccountServiceGrpc {

  private AccountServiceGrpc() {}

  public static final String SERVICE_NAME = "conveyor.v1.AccountService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.CreateAccountRequest,
      dev.conveyor.v1.CreateAccountResponse> getCreateAccountMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateAccount",
      requestType = dev.conveyor.v1.CreateAccountRequest.class,
      responseType = dev.conveyor.v1.CreateAccountResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.CreateAccountRequest,
      dev.conveyor.v1.CreateAccountResponse> getCreateAccountMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.CreateAccountRequest, dev.conveyor.v1.CreateAccountResponse> getCreateAccountMethod;
    if ((getCreateAccountMethod = AccountServiceGrpc.getCreateAccountMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getCreateAccountMethod = AccountServiceGrpc.getCreateAccountMethod) == null) {
          AccountServiceGrpc.getCreateAccountMethod = getCreateAccountMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.CreateAccountRequest, dev.conveyor.v1.CreateAccountResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateAccount"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.CreateAccountRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.CreateAccountResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("CreateAccount"))
              .build();
        }
      }
    }
    return getCreateAccountMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.ListAccountsRequest,
      dev.conveyor.v1.ListAccountsResponse> getListAccountsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListAccounts",
      requestType = dev.conveyor.v1.ListAccountsRequest.class,
      responseType = dev.conveyor.v1.ListAccountsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.ListAccountsRequest,
      dev.conveyor.v1.ListAccountsResponse> getListAccountsMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.ListAccountsRequest, dev.conveyor.v1.ListAccountsResponse> getListAccountsMethod;
    if ((getListAccountsMethod = AccountServiceGrpc.getListAccountsMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getListAccountsMethod = AccountServiceGrpc.getListAccountsMethod) == null) {
          AccountServiceGrpc.getListAccountsMethod = getListAccountsMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.ListAccountsRequest, dev.conveyor.v1.ListAccountsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListAccounts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListAccountsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListAccountsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("ListAccounts"))
              .build();
        }
      }
    }
    return getListAccountsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.GetAccountRequest,
      dev.conveyor.v1.GetAccountResponse> getGetAccountMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetAccount",
      requestType = dev.conveyor.v1.GetAccountRequest.class,
      responseType = dev.conveyor.v1.GetAccountResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.GetAccountRequest,
      dev.conveyor.v1.GetAccountResponse> getGetAccountMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.GetAccountRequest, dev.conveyor.v1.GetAccountResponse> getGetAccountMethod;
    if ((getGetAccountMethod = AccountServiceGrpc.getGetAccountMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getGetAccountMethod = AccountServiceGrpc.getGetAccountMethod) == null) {
          AccountServiceGrpc.getGetAccountMethod = getGetAccountMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.GetAccountRequest, dev.conveyor.v1.GetAccountResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetAccount"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.GetAccountRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.GetAccountResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("GetAccount"))
              .build();
        }
      }
    }
    return getGetAccountMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.DisableAccountRequest,
      dev.conveyor.v1.DisableAccountResponse> getDisableAccountMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DisableAccount",
      requestType = dev.conveyor.v1.DisableAccountRequest.class,
      responseType = dev.conveyor.v1.DisableAccountResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.DisableAccountRequest,
      dev.conveyor.v1.DisableAccountResponse> getDisableAccountMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.DisableAccountRequest, dev.conveyor.v1.DisableAccountResponse> getDisableAccountMethod;
    if ((getDisableAccountMethod = AccountServiceGrpc.getDisableAccountMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getDisableAccountMethod = AccountServiceGrpc.getDisableAccountMethod) == null) {
          AccountServiceGrpc.getDisableAccountMethod = getDisableAccountMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.DisableAccountRequest, dev.conveyor.v1.DisableAccountResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DisableAccount"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.DisableAccountRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.DisableAccountResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("DisableAccount"))
              .build();
        }
      }
    }
    return getDisableAccountMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.EnableAccountRequest,
      dev.conveyor.v1.EnableAccountResponse> getEnableAccountMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "EnableAccount",
      requestType = dev.conveyor.v1.EnableAccountRequest.class,
      responseType = dev.conveyor.v1.EnableAccountResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.EnableAccountRequest,
      dev.conveyor.v1.EnableAccountResponse> getEnableAccountMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.EnableAccountRequest, dev.conveyor.v1.EnableAccountResponse> getEnableAccountMethod;
    if ((getEnableAccountMethod = AccountServiceGrpc.getEnableAccountMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getEnableAccountMethod = AccountServiceGrpc.getEnableAccountMethod) == null) {
          AccountServiceGrpc.getEnableAccountMethod = getEnableAccountMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.EnableAccountRequest, dev.conveyor.v1.EnableAccountResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "EnableAccount"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.EnableAccountRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.EnableAccountResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("EnableAccount"))
              .build();
        }
      }
    }
    return getEnableAccountMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.DeleteAccountRequest,
      dev.conveyor.v1.DeleteAccountResponse> getDeleteAccountMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteAccount",
      requestType = dev.conveyor.v1.DeleteAccountRequest.class,
      responseType = dev.conveyor.v1.DeleteAccountResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.DeleteAccountRequest,
      dev.conveyor.v1.DeleteAccountResponse> getDeleteAccountMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.DeleteAccountRequest, dev.conveyor.v1.DeleteAccountResponse> getDeleteAccountMethod;
    if ((getDeleteAccountMethod = AccountServiceGrpc.getDeleteAccountMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getDeleteAccountMethod = AccountServiceGrpc.getDeleteAccountMethod) == null) {
          AccountServiceGrpc.getDeleteAccountMethod = getDeleteAccountMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.DeleteAccountRequest, dev.conveyor.v1.DeleteAccountResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteAccount"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.DeleteAccountRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.DeleteAccountResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("DeleteAccount"))
              .build();
        }
      }
    }
    return getDeleteAccountMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.SetPasswordRequest,
      dev.conveyor.v1.SetPasswordResponse> getSetPasswordMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetPassword",
      requestType = dev.conveyor.v1.SetPasswordRequest.class,
      responseType = dev.conveyor.v1.SetPasswordResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.SetPasswordRequest,
      dev.conveyor.v1.SetPasswordResponse> getSetPasswordMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.SetPasswordRequest, dev.conveyor.v1.SetPasswordResponse> getSetPasswordMethod;
    if ((getSetPasswordMethod = AccountServiceGrpc.getSetPasswordMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getSetPasswordMethod = AccountServiceGrpc.getSetPasswordMethod) == null) {
          AccountServiceGrpc.getSetPasswordMethod = getSetPasswordMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.SetPasswordRequest, dev.conveyor.v1.SetPasswordResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetPassword"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.SetPasswordRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.SetPasswordResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("SetPassword"))
              .build();
        }
      }
    }
    return getSetPasswordMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.GrantRoleRequest,
      dev.conveyor.v1.GrantRoleResponse> getGrantRoleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GrantRole",
      requestType = dev.conveyor.v1.GrantRoleRequest.class,
      responseType = dev.conveyor.v1.GrantRoleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.GrantRoleRequest,
      dev.conveyor.v1.GrantRoleResponse> getGrantRoleMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.GrantRoleRequest, dev.conveyor.v1.GrantRoleResponse> getGrantRoleMethod;
    if ((getGrantRoleMethod = AccountServiceGrpc.getGrantRoleMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getGrantRoleMethod = AccountServiceGrpc.getGrantRoleMethod) == null) {
          AccountServiceGrpc.getGrantRoleMethod = getGrantRoleMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.GrantRoleRequest, dev.conveyor.v1.GrantRoleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GrantRole"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.GrantRoleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.GrantRoleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("GrantRole"))
              .build();
        }
      }
    }
    return getGrantRoleMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.RevokeRoleRequest,
      dev.conveyor.v1.RevokeRoleResponse> getRevokeRoleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RevokeRole",
      requestType = dev.conveyor.v1.RevokeRoleRequest.class,
      responseType = dev.conveyor.v1.RevokeRoleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.RevokeRoleRequest,
      dev.conveyor.v1.RevokeRoleResponse> getRevokeRoleMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.RevokeRoleRequest, dev.conveyor.v1.RevokeRoleResponse> getRevokeRoleMethod;
    if ((getRevokeRoleMethod = AccountServiceGrpc.getRevokeRoleMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getRevokeRoleMethod = AccountServiceGrpc.getRevokeRoleMethod) == null) {
          AccountServiceGrpc.getRevokeRoleMethod = getRevokeRoleMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.RevokeRoleRequest, dev.conveyor.v1.RevokeRoleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RevokeRole"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.RevokeRoleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.RevokeRoleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("RevokeRole"))
              .build();
        }
      }
    }
    return getRevokeRoleMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.CreateApiKeyRequest,
      dev.conveyor.v1.CreateApiKeyResponse> getCreateApiKeyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateApiKey",
      requestType = dev.conveyor.v1.CreateApiKeyRequest.class,
      responseType = dev.conveyor.v1.CreateApiKeyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.CreateApiKeyRequest,
      dev.conveyor.v1.CreateApiKeyResponse> getCreateApiKeyMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.CreateApiKeyRequest, dev.conveyor.v1.CreateApiKeyResponse> getCreateApiKeyMethod;
    if ((getCreateApiKeyMethod = AccountServiceGrpc.getCreateApiKeyMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getCreateApiKeyMethod = AccountServiceGrpc.getCreateApiKeyMethod) == null) {
          AccountServiceGrpc.getCreateApiKeyMethod = getCreateApiKeyMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.CreateApiKeyRequest, dev.conveyor.v1.CreateApiKeyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateApiKey"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.CreateApiKeyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.CreateApiKeyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("CreateApiKey"))
              .build();
        }
      }
    }
    return getCreateApiKeyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.ListApiKeysRequest,
      dev.conveyor.v1.ListApiKeysResponse> getListApiKeysMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListApiKeys",
      requestType = dev.conveyor.v1.ListApiKeysRequest.class,
      responseType = dev.conveyor.v1.ListApiKeysResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.ListApiKeysRequest,
      dev.conveyor.v1.ListApiKeysResponse> getListApiKeysMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.ListApiKeysRequest, dev.conveyor.v1.ListApiKeysResponse> getListApiKeysMethod;
    if ((getListApiKeysMethod = AccountServiceGrpc.getListApiKeysMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getListApiKeysMethod = AccountServiceGrpc.getListApiKeysMethod) == null) {
          AccountServiceGrpc.getListApiKeysMethod = getListApiKeysMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.ListApiKeysRequest, dev.conveyor.v1.ListApiKeysResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListApiKeys"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListApiKeysRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListApiKeysResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("ListApiKeys"))
              .build();
        }
      }
    }
    return getListApiKeysMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.RevokeApiKeyRequest,
      dev.conveyor.v1.RevokeApiKeyResponse> getRevokeApiKeyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RevokeApiKey",
      requestType = dev.conveyor.v1.RevokeApiKeyRequest.class,
      responseType = dev.conveyor.v1.RevokeApiKeyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.RevokeApiKeyRequest,
      dev.conveyor.v1.RevokeApiKeyResponse> getRevokeApiKeyMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.RevokeApiKeyRequest, dev.conveyor.v1.RevokeApiKeyResponse> getRevokeApiKeyMethod;
    if ((getRevokeApiKeyMethod = AccountServiceGrpc.getRevokeApiKeyMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getRevokeApiKeyMethod = AccountServiceGrpc.getRevokeApiKeyMethod) == null) {
          AccountServiceGrpc.getRevokeApiKeyMethod = getRevokeApiKeyMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.RevokeApiKeyRequest, dev.conveyor.v1.RevokeApiKeyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RevokeApiKey"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.RevokeApiKeyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.RevokeApiKeyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("RevokeApiKey"))
              .build();
        }
      }
    }
    return getRevokeApiKeyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.ListAuditEventsRequest,
      dev.conveyor.v1.ListAuditEventsResponse> getListAuditEventsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListAuditEvents",
      requestType = dev.conveyor.v1.ListAuditEventsRequest.class,
      responseType = dev.conveyor.v1.ListAuditEventsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.ListAuditEventsRequest,
      dev.conveyor.v1.ListAuditEventsResponse> getListAuditEventsMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.ListAuditEventsRequest, dev.conveyor.v1.ListAuditEventsResponse> getListAuditEventsMethod;
    if ((getListAuditEventsMethod = AccountServiceGrpc.getListAuditEventsMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getListAuditEventsMethod = AccountServiceGrpc.getListAuditEventsMethod) == null) {
          AccountServiceGrpc.getListAuditEventsMethod = getListAuditEventsMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.ListAuditEventsRequest, dev.conveyor.v1.ListAuditEventsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListAuditEvents"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListAuditEventsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.ListAuditEventsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("ListAuditEvents"))
              .build();
        }
      }
    }
    return getListAuditEventsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.conveyor.v1.RotateSigningKeyRequest,
      dev.conveyor.v1.RotateSigningKeyResponse> getRotateSigningKeyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RotateSigningKey",
      requestType = dev.conveyor.v1.RotateSigningKeyRequest.class,
      responseType = dev.conveyor.v1.RotateSigningKeyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.conveyor.v1.RotateSigningKeyRequest,
      dev.conveyor.v1.RotateSigningKeyResponse> getRotateSigningKeyMethod() {
    io.grpc.MethodDescriptor<dev.conveyor.v1.RotateSigningKeyRequest, dev.conveyor.v1.RotateSigningKeyResponse> getRotateSigningKeyMethod;
    if ((getRotateSigningKeyMethod = AccountServiceGrpc.getRotateSigningKeyMethod) == null) {
      synchronized (AccountServiceGrpc.class) {
        if ((getRotateSigningKeyMethod = AccountServiceGrpc.getRotateSigningKeyMethod) == null) {
          AccountServiceGrpc.getRotateSigningKeyMethod = getRotateSigningKeyMethod =
              io.grpc.MethodDescriptor.<dev.conveyor.v1.RotateSigningKeyRequest, dev.conveyor.v1.RotateSigningKeyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RotateSigningKey"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.RotateSigningKeyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.conveyor.v1.RotateSigningKeyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccountServiceMethodDescriptorSupplier("RotateSigningKey"))
              .build();
        }
      }
    }
    return getRotateSigningKeyMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AccountServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccountServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccountServiceStub>() {
        @java.lang.Override
        public AccountServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccountServiceStub(channel, callOptions);
        }
      };
    return AccountServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AccountServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccountServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccountServiceBlockingStub>() {
        @java.lang.Override
        public AccountServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccountServiceBlockingStub(channel, callOptions);
        }
      };
    return AccountServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AccountServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccountServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccountServiceFutureStub>() {
        @java.lang.Override
        public AccountServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccountServiceFutureStub(channel, callOptions);
        }
      };
    return AccountServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Accounts, roles and API keys (see docs/accounts.md). Every method needs the admin scope for all
   * namespaces ("*"), and every change is written to the audit log in the same transaction.
   * FAILED_PRECONDITION while accounts are off.
   * </pre>
   */
  public static abstract class AccountServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * ALREADY_EXISTS when the email (users) or name (service accounts) is taken. INVALID_ARGUMENT
     * for a weak password.
     * </pre>
     */
    public void createAccount(dev.conveyor.v1.CreateAccountRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.CreateAccountResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateAccountMethod(), responseObserver);
    }

    /**
     * <pre>
     * Ordered by creation.
     * </pre>
     */
    public void listAccounts(dev.conveyor.v1.ListAccountsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListAccountsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListAccountsMethod(), responseObserver);
    }

    /**
     */
    public void getAccount(dev.conveyor.v1.GetAccountRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.GetAccountResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetAccountMethod(), responseObserver);
    }

    /**
     * <pre>
     * A disabled account cannot log in or exchange keys, and its tokens stop working (see
     * docs/accounts.md for how soon).
     * </pre>
     */
    public void disableAccount(dev.conveyor.v1.DisableAccountRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.DisableAccountResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDisableAccountMethod(), responseObserver);
    }

    /**
     */
    public void enableAccount(dev.conveyor.v1.EnableAccountRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.EnableAccountResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getEnableAccountMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes the account with its roles and keys. FAILED_PRECONDITION for the last enabled admin
     * of all namespaces.
     * </pre>
     */
    public void deleteAccount(dev.conveyor.v1.DeleteAccountRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.DeleteAccountResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteAccountMethod(), responseObserver);
    }

    /**
     * <pre>
     * Users only. Tokens issued before the change stop working.
     * </pre>
     */
    public void setPassword(dev.conveyor.v1.SetPasswordRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.SetPasswordResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetPasswordMethod(), responseObserver);
    }

    /**
     */
    public void grantRole(dev.conveyor.v1.GrantRoleRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.GrantRoleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGrantRoleMethod(), responseObserver);
    }

    /**
     * <pre>
     * FAILED_PRECONDITION when it would leave no enabled admin of all namespaces.
     * </pre>
     */
    public void revokeRole(dev.conveyor.v1.RevokeRoleRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.RevokeRoleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRevokeRoleMethod(), responseObserver);
    }

    /**
     * <pre>
     * The key's secret is in the response and nowhere else: it is stored hashed.
     * </pre>
     */
    public void createApiKey(dev.conveyor.v1.CreateApiKeyRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.CreateApiKeyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateApiKeyMethod(), responseObserver);
    }

    /**
     */
    public void listApiKeys(dev.conveyor.v1.ListApiKeysRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListApiKeysResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListApiKeysMethod(), responseObserver);
    }

    /**
     * <pre>
     * Tokens exchanged for the key stop working (see docs/accounts.md for how soon).
     * </pre>
     */
    public void revokeApiKey(dev.conveyor.v1.RevokeApiKeyRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.RevokeApiKeyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRevokeApiKeyMethod(), responseObserver);
    }

    /**
     * <pre>
     * Newest first.
     * </pre>
     */
    public void listAuditEvents(dev.conveyor.v1.ListAuditEventsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListAuditEventsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListAuditEventsMethod(), responseObserver);
    }

    /**
     * <pre>
     * A new signing key signs from now on; the previous ones still verify the tokens they signed
     * until those expire.
     * </pre>
     */
    public void rotateSigningKey(dev.conveyor.v1.RotateSigningKeyRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.RotateSigningKeyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRotateSigningKeyMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getCreateAccountMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.CreateAccountRequest,
                dev.conveyor.v1.CreateAccountResponse>(
                  this, METHODID_CREATE_ACCOUNT)))
          .addMethod(
            getListAccountsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.ListAccountsRequest,
                dev.conveyor.v1.ListAccountsResponse>(
                  this, METHODID_LIST_ACCOUNTS)))
          .addMethod(
            getGetAccountMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.GetAccountRequest,
                dev.conveyor.v1.GetAccountResponse>(
                  this, METHODID_GET_ACCOUNT)))
          .addMethod(
            getDisableAccountMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.DisableAccountRequest,
                dev.conveyor.v1.DisableAccountResponse>(
                  this, METHODID_DISABLE_ACCOUNT)))
          .addMethod(
            getEnableAccountMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.EnableAccountRequest,
                dev.conveyor.v1.EnableAccountResponse>(
                  this, METHODID_ENABLE_ACCOUNT)))
          .addMethod(
            getDeleteAccountMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.DeleteAccountRequest,
                dev.conveyor.v1.DeleteAccountResponse>(
                  this, METHODID_DELETE_ACCOUNT)))
          .addMethod(
            getSetPasswordMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.SetPasswordRequest,
                dev.conveyor.v1.SetPasswordResponse>(
                  this, METHODID_SET_PASSWORD)))
          .addMethod(
            getGrantRoleMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.GrantRoleRequest,
                dev.conveyor.v1.GrantRoleResponse>(
                  this, METHODID_GRANT_ROLE)))
          .addMethod(
            getRevokeRoleMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.RevokeRoleRequest,
                dev.conveyor.v1.RevokeRoleResponse>(
                  this, METHODID_REVOKE_ROLE)))
          .addMethod(
            getCreateApiKeyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.CreateApiKeyRequest,
                dev.conveyor.v1.CreateApiKeyResponse>(
                  this, METHODID_CREATE_API_KEY)))
          .addMethod(
            getListApiKeysMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.ListApiKeysRequest,
                dev.conveyor.v1.ListApiKeysResponse>(
                  this, METHODID_LIST_API_KEYS)))
          .addMethod(
            getRevokeApiKeyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.RevokeApiKeyRequest,
                dev.conveyor.v1.RevokeApiKeyResponse>(
                  this, METHODID_REVOKE_API_KEY)))
          .addMethod(
            getListAuditEventsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.ListAuditEventsRequest,
                dev.conveyor.v1.ListAuditEventsResponse>(
                  this, METHODID_LIST_AUDIT_EVENTS)))
          .addMethod(
            getRotateSigningKeyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                dev.conveyor.v1.RotateSigningKeyRequest,
                dev.conveyor.v1.RotateSigningKeyResponse>(
                  this, METHODID_ROTATE_SIGNING_KEY)))
          .build();
    }
  }

  /**
   * <pre>
   * Accounts, roles and API keys (see docs/accounts.md). Every method needs the admin scope for all
   * namespaces ("*"), and every change is written to the audit log in the same transaction.
   * FAILED_PRECONDITION while accounts are off.
   * </pre>
   */
  public static final class AccountServiceStub extends io.grpc.stub.AbstractAsyncStub<AccountServiceStub> {
    private AccountServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccountServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccountServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * ALREADY_EXISTS when the email (users) or name (service accounts) is taken. INVALID_ARGUMENT
     * for a weak password.
     * </pre>
     */
    public void createAccount(dev.conveyor.v1.CreateAccountRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.CreateAccountResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateAccountMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Ordered by creation.
     * </pre>
     */
    public void listAccounts(dev.conveyor.v1.ListAccountsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListAccountsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListAccountsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void getAccount(dev.conveyor.v1.GetAccountRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.GetAccountResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetAccountMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * A disabled account cannot log in or exchange keys, and its tokens stop working (see
     * docs/accounts.md for how soon).
     * </pre>
     */
    public void disableAccount(dev.conveyor.v1.DisableAccountRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.DisableAccountResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDisableAccountMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void enableAccount(dev.conveyor.v1.EnableAccountRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.EnableAccountResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getEnableAccountMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes the account with its roles and keys. FAILED_PRECONDITION for the last enabled admin
     * of all namespaces.
     * </pre>
     */
    public void deleteAccount(dev.conveyor.v1.DeleteAccountRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.DeleteAccountResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteAccountMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Users only. Tokens issued before the change stop working.
     * </pre>
     */
    public void setPassword(dev.conveyor.v1.SetPasswordRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.SetPasswordResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetPasswordMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void grantRole(dev.conveyor.v1.GrantRoleRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.GrantRoleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGrantRoleMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * FAILED_PRECONDITION when it would leave no enabled admin of all namespaces.
     * </pre>
     */
    public void revokeRole(dev.conveyor.v1.RevokeRoleRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.RevokeRoleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRevokeRoleMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The key's secret is in the response and nowhere else: it is stored hashed.
     * </pre>
     */
    public void createApiKey(dev.conveyor.v1.CreateApiKeyRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.CreateApiKeyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateApiKeyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     */
    public void listApiKeys(dev.conveyor.v1.ListApiKeysRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListApiKeysResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListApiKeysMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Tokens exchanged for the key stop working (see docs/accounts.md for how soon).
     * </pre>
     */
    public void revokeApiKey(dev.conveyor.v1.RevokeApiKeyRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.RevokeApiKeyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRevokeApiKeyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Newest first.
     * </pre>
     */
    public void listAuditEvents(dev.conveyor.v1.ListAuditEventsRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.ListAuditEventsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListAuditEventsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * A new signing key signs from now on; the previous ones still verify the tokens they signed
     * until those expire.
     * </pre>
     */
    public void rotateSigningKey(dev.conveyor.v1.RotateSigningKeyRequest request,
        io.grpc.stub.StreamObserver<dev.conveyor.v1.RotateSigningKeyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRotateSigningKeyMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * Accounts, roles and API keys (see docs/accounts.md). Every method needs the admin scope for all
   * namespaces ("*"), and every change is written to the audit log in the same transaction.
   * FAILED_PRECONDITION while accounts are off.
   * </pre>
   */
  public static final class AccountServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<AccountServiceBlockingStub> {
    private AccountServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccountServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccountServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * ALREADY_EXISTS when the email (users) or name (service accounts) is taken. INVALID_ARGUMENT
     * for a weak password.
     * </pre>
     */
    public dev.conveyor.v1.CreateAccountResponse createAccount(dev.conveyor.v1.CreateAccountRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateAccountMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Ordered by creation.
     * </pre>
     */
    public dev.conveyor.v1.ListAccountsResponse listAccounts(dev.conveyor.v1.ListAccountsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListAccountsMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.conveyor.v1.GetAccountResponse getAccount(dev.conveyor.v1.GetAccountRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetAccountMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * A disabled account cannot log in or exchange keys, and its tokens stop working (see
     * docs/accounts.md for how soon).
     * </pre>
     */
    public dev.conveyor.v1.DisableAccountResponse disableAccount(dev.conveyor.v1.DisableAccountRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDisableAccountMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.conveyor.v1.EnableAccountResponse enableAccount(dev.conveyor.v1.EnableAccountRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getEnableAccountMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes the account with its roles and keys. FAILED_PRECONDITION for the last enabled admin
     * of all namespaces.
     * </pre>
     */
    public dev.conveyor.v1.DeleteAccountResponse deleteAccount(dev.conveyor.v1.DeleteAccountRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteAccountMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Users only. Tokens issued before the change stop working.
     * </pre>
     */
    public dev.conveyor.v1.SetPasswordResponse setPassword(dev.conveyor.v1.SetPasswordRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetPasswordMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.conveyor.v1.GrantRoleResponse grantRole(dev.conveyor.v1.GrantRoleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGrantRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * FAILED_PRECONDITION when it would leave no enabled admin of all namespaces.
     * </pre>
     */
    public dev.conveyor.v1.RevokeRoleResponse revokeRole(dev.conveyor.v1.RevokeRoleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRevokeRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The key's secret is in the response and nowhere else: it is stored hashed.
     * </pre>
     */
    public dev.conveyor.v1.CreateApiKeyResponse createApiKey(dev.conveyor.v1.CreateApiKeyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateApiKeyMethod(), getCallOptions(), request);
    }

    /**
     */
    public dev.conveyor.v1.ListApiKeysResponse listApiKeys(dev.conveyor.v1.ListApiKeysRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListApiKeysMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Tokens exchanged for the key stop working (see docs/accounts.md for how soon).
     * </pre>
     */
    public dev.conveyor.v1.RevokeApiKeyResponse revokeApiKey(dev.conveyor.v1.RevokeApiKeyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRevokeApiKeyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Newest first.
     * </pre>
     */
    public dev.conveyor.v1.ListAuditEventsResponse listAuditEvents(dev.conveyor.v1.ListAuditEventsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListAuditEventsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * A new signing key signs from now on; the previous ones still verify the tokens they signed
     * until those expire.
     * </pre>
     */
    public dev.conveyor.v1.RotateSigningKeyResponse rotateSigningKey(dev.conveyor.v1.RotateSigningKeyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRotateSigningKeyMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * Accounts, roles and API keys (see docs/accounts.md). Every method needs the admin scope for all
   * namespaces ("*"), and every change is written to the audit log in the same transaction.
   * FAILED_PRECONDITION while accounts are off.
   * </pre>
   */
  public static final class AccountServiceFutureStub extends io.grpc.stub.AbstractFutureStub<AccountServiceFutureStub> {
    private AccountServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccountServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccountServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * ALREADY_EXISTS when the email (users) or name (service accounts) is taken. INVALID_ARGUMENT
     * for a weak password.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.CreateAccountResponse> createAccount(
        dev.conveyor.v1.CreateAccountRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateAccountMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Ordered by creation.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.ListAccountsResponse> listAccounts(
        dev.conveyor.v1.ListAccountsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListAccountsMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.GetAccountResponse> getAccount(
        dev.conveyor.v1.GetAccountRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetAccountMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * A disabled account cannot log in or exchange keys, and its tokens stop working (see
     * docs/accounts.md for how soon).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.DisableAccountResponse> disableAccount(
        dev.conveyor.v1.DisableAccountRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDisableAccountMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.EnableAccountResponse> enableAccount(
        dev.conveyor.v1.EnableAccountRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getEnableAccountMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes the account with its roles and keys. FAILED_PRECONDITION for the last enabled admin
     * of all namespaces.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.DeleteAccountResponse> deleteAccount(
        dev.conveyor.v1.DeleteAccountRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteAccountMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Users only. Tokens issued before the change stop working.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.SetPasswordResponse> setPassword(
        dev.conveyor.v1.SetPasswordRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetPasswordMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.GrantRoleResponse> grantRole(
        dev.conveyor.v1.GrantRoleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGrantRoleMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * FAILED_PRECONDITION when it would leave no enabled admin of all namespaces.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.RevokeRoleResponse> revokeRole(
        dev.conveyor.v1.RevokeRoleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRevokeRoleMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The key's secret is in the response and nowhere else: it is stored hashed.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.CreateApiKeyResponse> createApiKey(
        dev.conveyor.v1.CreateApiKeyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateApiKeyMethod(), getCallOptions()), request);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.ListApiKeysResponse> listApiKeys(
        dev.conveyor.v1.ListApiKeysRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListApiKeysMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Tokens exchanged for the key stop working (see docs/accounts.md for how soon).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.RevokeApiKeyResponse> revokeApiKey(
        dev.conveyor.v1.RevokeApiKeyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRevokeApiKeyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Newest first.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.ListAuditEventsResponse> listAuditEvents(
        dev.conveyor.v1.ListAuditEventsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListAuditEventsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * A new signing key signs from now on; the previous ones still verify the tokens they signed
     * until those expire.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.conveyor.v1.RotateSigningKeyResponse> rotateSigningKey(
        dev.conveyor.v1.RotateSigningKeyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRotateSigningKeyMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_ACCOUNT = 0;
  private static final int METHODID_LIST_ACCOUNTS = 1;
  private static final int METHODID_GET_ACCOUNT = 2;
  private static final int METHODID_DISABLE_ACCOUNT = 3;
  private static final int METHODID_ENABLE_ACCOUNT = 4;
  private static final int METHODID_DELETE_ACCOUNT = 5;
  private static final int METHODID_SET_PASSWORD = 6;
  private static final int METHODID_GRANT_ROLE = 7;
  private static final int METHODID_REVOKE_ROLE = 8;
  private static final int METHODID_CREATE_API_KEY = 9;
  private static final int METHODID_LIST_API_KEYS = 10;
  private static final int METHODID_REVOKE_API_KEY = 11;
  private static final int METHODID_LIST_AUDIT_EVENTS = 12;
  private static final int METHODID_ROTATE_SIGNING_KEY = 13;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AccountServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(AccountServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_CREATE_ACCOUNT:
          serviceImpl.createAccount((dev.conveyor.v1.CreateAccountRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.CreateAccountResponse>) responseObserver);
          break;
        case METHODID_LIST_ACCOUNTS:
          serviceImpl.listAccounts((dev.conveyor.v1.ListAccountsRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.ListAccountsResponse>) responseObserver);
          break;
        case METHODID_GET_ACCOUNT:
          serviceImpl.getAccount((dev.conveyor.v1.GetAccountRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.GetAccountResponse>) responseObserver);
          break;
        case METHODID_DISABLE_ACCOUNT:
          serviceImpl.disableAccount((dev.conveyor.v1.DisableAccountRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.DisableAccountResponse>) responseObserver);
          break;
        case METHODID_ENABLE_ACCOUNT:
          serviceImpl.enableAccount((dev.conveyor.v1.EnableAccountRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.EnableAccountResponse>) responseObserver);
          break;
        case METHODID_DELETE_ACCOUNT:
          serviceImpl.deleteAccount((dev.conveyor.v1.DeleteAccountRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.DeleteAccountResponse>) responseObserver);
          break;
        case METHODID_SET_PASSWORD:
          serviceImpl.setPassword((dev.conveyor.v1.SetPasswordRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.SetPasswordResponse>) responseObserver);
          break;
        case METHODID_GRANT_ROLE:
          serviceImpl.grantRole((dev.conveyor.v1.GrantRoleRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.GrantRoleResponse>) responseObserver);
          break;
        case METHODID_REVOKE_ROLE:
          serviceImpl.revokeRole((dev.conveyor.v1.RevokeRoleRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.RevokeRoleResponse>) responseObserver);
          break;
        case METHODID_CREATE_API_KEY:
          serviceImpl.createApiKey((dev.conveyor.v1.CreateApiKeyRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.CreateApiKeyResponse>) responseObserver);
          break;
        case METHODID_LIST_API_KEYS:
          serviceImpl.listApiKeys((dev.conveyor.v1.ListApiKeysRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.ListApiKeysResponse>) responseObserver);
          break;
        case METHODID_REVOKE_API_KEY:
          serviceImpl.revokeApiKey((dev.conveyor.v1.RevokeApiKeyRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.RevokeApiKeyResponse>) responseObserver);
          break;
        case METHODID_LIST_AUDIT_EVENTS:
          serviceImpl.listAuditEvents((dev.conveyor.v1.ListAuditEventsRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.ListAuditEventsResponse>) responseObserver);
          break;
        case METHODID_ROTATE_SIGNING_KEY:
          serviceImpl.rotateSigningKey((dev.conveyor.v1.RotateSigningKeyRequest) request,
              (io.grpc.stub.StreamObserver<dev.conveyor.v1.RotateSigningKeyResponse>) responseObserver);
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

  private static abstract class AccountServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AccountServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.conveyor.v1.AccountServiceOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AccountService");
    }
  }

  private static final class AccountServiceFileDescriptorSupplier
      extends AccountServiceBaseDescriptorSupplier {
    AccountServiceFileDescriptorSupplier() {}
  }

  private static final class AccountServiceMethodDescriptorSupplier
      extends AccountServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    AccountServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (AccountServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AccountServiceFileDescriptorSupplier())
              .addMethod(getCreateAccountMethod())
              .addMethod(getListAccountsMethod())
              .addMethod(getGetAccountMethod())
              .addMethod(getDisableAccountMethod())
              .addMethod(getEnableAccountMethod())
              .addMethod(getDeleteAccountMethod())
              .addMethod(getSetPasswordMethod())
              .addMethod(getGrantRoleMethod())
              .addMethod(getRevokeRoleMethod())
              .addMethod(getCreateApiKeyMethod())
              .addMethod(getListApiKeysMethod())
              .addMethod(getRevokeApiKeyMethod())
              .addMethod(getListAuditEventsMethod())
              .addMethod(getRotateSigningKeyMethod())
              .build();
        }
      }
    }
    return result;
  }
}
