import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { AdminService } from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";

/** An AdminService client over real gRPC. */
export function adminClient(baseUrl: string): Client<typeof AdminService> {
  return createClient(AdminService, createGrpcTransport({ baseUrl }));
}
