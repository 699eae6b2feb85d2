// The Conveyor API for Go: messages (protoc-gen-go) and gRPC stubs (protoc-gen-go-grpc) generated
// from proto/ by `npm run generate` into conveyor/v1 (import path conveyor.dev/clients/go/conveyor/v1,
// the files' go_package). The versions below are the ones the code is generated for and tested with
// (Debian 12's golang-google-grpc-dev and golang-google-protobuf-dev, in GOPATH mode); newer ones
// work too. Run `go mod tidy` once to write go.sum: see README.md.
module conveyor.dev/clients/go

go 1.19

require (
	google.golang.org/grpc v1.33.3
	google.golang.org/protobuf v1.28.1
)
