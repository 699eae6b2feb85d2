// gRPC server reflection (grpc.reflection.v1 and v1alpha), served through Connect,
// so grpcurl, grpcui, Postman etc. can discover the API without local .proto files.
import { create, createFileRegistry, toBinary, type DescFile, type DescService, type FileRegistry, type MessageInitShape } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { Code, type ConnectRouter, type ServiceImpl } from "@connectrpc/connect";
import { Health, file_grpc_health_v1_health } from "@conveyor/client/gen/grpc/health/v1/health_pb.js";
import * as v1 from "@conveyor/client/gen/grpc/reflection/v1/reflection_pb.js";
import * as v1alpha from "@conveyor/client/gen/grpc/reflection/v1alpha/reflection_pb.js";

type Request = v1.ServerReflectionRequest["messageRequest"];
type Answer = MessageInitShape<typeof v1.ServerReflectionResponseSchema>["messageResponse"];

export function registerReflectionService(router: ConnectRouter, services: DescService[]): void {
  const impl = createReflectionImpl(services);
  router.service(v1.ServerReflection, impl);
  // v1alpha differs from v1 only in its package name. The implementation echoes the request it
  // got and returns init shapes, which Connect completes with the schema of the method actually
  // called, so the v1 implementation serves v1alpha unchanged.
  router.service(v1alpha.ServerReflection, impl as unknown as ServiceImpl<typeof v1alpha.ServerReflection>);
}

function createReflectionImpl(services: DescService[]): ServiceImpl<typeof v1.ServerReflection> {
  const ownServices = [Health, v1.ServerReflection, v1alpha.ServerReflection];
  const serviceNames = [...new Set([...services, ...ownServices].map((s) => s.typeName))];
  const registry = buildRegistry([
    ...services.map((s) => s.file),
    file_grpc_health_v1_health,
    v1.file_grpc_reflection_v1_reflection,
    v1alpha.file_grpc_reflection_v1alpha_reflection,
  ]);

  function answer(req: Request): Answer {
    switch (req.case) {
      case "listServices":
        return { case: "listServicesResponse", value: { service: serviceNames.map((name) => ({ name })) } };
      case "fileByFilename":
        return filesAnswer(registry.getFile(req.value), `file ${req.value}`);
      case "fileContainingSymbol":
        return filesAnswer(fileOfSymbol(registry, req.value), `symbol ${req.value}`);
      case "fileContainingExtension": {
        const { containingType, extensionNumber } = req.value;
        const extendee = registry.getMessage(containingType);
        const ext = extendee && registry.getExtensionFor(extendee, extensionNumber);
        return filesAnswer(ext?.file, `extension ${extensionNumber} of ${containingType}`);
      }
      case "allExtensionNumbersOfType": {
        if (!registry.getMessage(req.value)) return notFound(`type ${req.value}`);
        const extensionNumber: number[] = [];
        for (const type of registry) {
          if (type.kind === "extension" && type.extendee.typeName === req.value) extensionNumber.push(type.number);
        }
        return { case: "allExtensionNumbersResponse", value: { baseTypeName: req.value, extensionNumber } };
      }
      default:
        return { case: "errorResponse", value: { errorCode: Code.InvalidArgument, errorMessage: "empty message_request" } };
    }
  }

  return {
    async *serverReflectionInfo(requests, ctx) {
      for await (const req of requests) {
        ctx.signal.throwIfAborted();
        yield { validHost: req.host, originalRequest: req, messageResponse: answer(req.messageRequest) };
      }
      ctx.signal.throwIfAborted();
    },
  };
}

/**
 * Re-reads the files (and everything they import, e.g. well-known types) into one registry,
 * ordered so that every file comes after its dependencies.
 */
function buildRegistry(roots: DescFile[]): FileRegistry {
  const ordered = new Map<string, FileDescriptorProto>();
  const visit = (file: DescFile) => {
    if (ordered.has(file.proto.name)) return;
    file.dependencies.forEach(visit);
    ordered.set(file.proto.name, file.proto);
  };
  roots.forEach(visit);
  return createFileRegistry(create(FileDescriptorSetSchema, { file: [...ordered.values()] }));
}

/** Types resolve directly; methods and fields through their service or message. */
function fileOfSymbol(registry: FileRegistry, symbol: string): DescFile | undefined {
  const name = symbol.replace(/^\./, "");
  const type = registry.get(name);
  if (type) return type.file;
  const dot = name.lastIndexOf(".");
  const parent = registry.get(name.slice(0, dot));
  const member = name.slice(dot + 1);
  if (parent?.kind === "service" && parent.methods.some((m) => m.name === member)) return parent.file;
  if (parent?.kind === "message" && parent.fields.some((f) => f.name === member)) return parent.file;
  return undefined;
}

/** The file first, then its transitive imports: clients need all of them to link the descriptors. */
function filesAnswer(file: DescFile | undefined, what: string): Answer {
  if (!file) return notFound(what);
  const seen = new Set<DescFile>();
  const fileDescriptorProto: Uint8Array[] = [];
  const visit = (f: DescFile) => {
    if (seen.has(f)) return;
    seen.add(f);
    fileDescriptorProto.push(toBinary(FileDescriptorProtoSchema, f.proto));
    f.dependencies.forEach(visit);
  };
  visit(file);
  return { case: "fileDescriptorResponse", value: { fileDescriptorProto } };
}

function notFound(what: string): Answer {
  return { case: "errorResponse", value: { errorCode: Code.NotFound, errorMessage: `${what} not found` } };
}
