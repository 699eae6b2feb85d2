// Command submit_and_watch submits a job and prints every state it goes through until it finishes.
//
//	CONVEYOR_TOKEN=... go run ./examples/submit_and_watch 127.0.0.1:50051 emails
//
// CONVEYOR_TOKEN is a bearer token with the scopes jobs:write and jobs:read; leave it unset for a
// server with auth off. Run a worker for the queue to see it reach JOB_STATE_SUCCEEDED (or cancel
// it with CancelJob).
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	conveyorv1 "conveyor.dev/clients/go/conveyor/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatalf("usage: %s HOST:PORT QUEUE", os.Args[0])
	}
	// grpc-go >= 1.34: grpc.WithTransportCredentials(insecure.NewCredentials()) instead of WithInsecure.
	options := []grpc.DialOption{grpc.WithInsecure()}
	if token := strings.TrimSpace(os.Getenv("CONVEYOR_TOKEN")); token != "" {
		// On the connection rather than a context, so every call carries it, WatchJob's stream included.
		options = append(options, grpc.WithPerRPCCredentials(bearerToken(token)))
	}
	conn, err := grpc.Dial(os.Args[1], options...)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	jobs := conveyorv1.NewJobServiceClient(conn)
	ctx := context.Background()

	payload, err := structpb.NewStruct(map[string]interface{}{"to": "ada@example.com", "subject": "hello"})
	if err != nil {
		log.Fatal(err)
	}
	submitted, err := jobs.SubmitJob(ctx, &conveyorv1.SubmitJobRequest{Job: &conveyorv1.JobSpec{
		Queue:   os.Args[2],
		Type:    "send_email",
		Payload: &conveyorv1.Payload{Kind: &conveyorv1.Payload_Json{Json: payload}},
	}})
	if err != nil {
		// A status error: e.g. "InvalidArgument: job.queue: is required".
		log.Fatalf("%s: %s", status.Code(err), status.Convert(err).Message())
	}
	fmt.Println("submitted", submitted.Job.Id)

	stream, err := jobs.WatchJob(ctx, &conveyorv1.WatchJobRequest{Id: submitted.Job.Id})
	if err != nil {
		log.Fatal(err)
	}
	for {
		update, err := stream.Recv()
		if err == io.EOF {
			return // the job finished
		}
		if err != nil {
			log.Fatalf("%s: %s", status.Code(err), status.Convert(err).Message())
		}
		// Besides state changes, the stream carries the handler's progress reports and log lines.
		switch {
		case update.Event != nil:
			fmt.Println(update.Event.ToState)
		case update.Log != nil:
			fmt.Println("  log:", update.Log.Message)
		case update.Job != nil:
			fmt.Println(update.Job.State)
		}
	}
}

// bearerToken sends `authorization: Bearer <token>` with every call (credentials.PerRPCCredentials).
type bearerToken string

func (t bearerToken) GetRequestMetadata(ctx context.Context, uri ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(t)}, nil
}

// RequireTransportSecurity is false only because this example dials without TLS, as a local
// development server listens; against a server on another host, use TLS and return true, so that
// grpc-go refuses to send the token in the clear.
func (bearerToken) RequireTransportSecurity() bool { return false }
