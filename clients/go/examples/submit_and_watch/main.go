// Command submit_and_watch submits a job and prints every state it goes through until it finishes.
//
//	go run ./examples/submit_and_watch 127.0.0.1:50051 emails
//
// Run a worker for the queue to see it reach JOB_STATE_SUCCEEDED (or cancel it with CancelJob).
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"

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
	conn, err := grpc.Dial(os.Args[1], grpc.WithInsecure())
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
		if update.Event != nil {
			fmt.Println(update.Event.ToState)
		} else {
			fmt.Println(update.Job.State)
		}
	}
}
