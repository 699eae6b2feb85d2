package livetest

import (
	"context"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	conveyorv1 "conveyor.dev/clients/go/conveyor/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"
)

const namespace = "golang"

var conn *grpc.ClientConn

func TestMain(m *testing.M) {
	target := os.Getenv("CONVEYOR_TARGET")
	if target == "" {
		fmt.Println("CONVEYOR_TARGET (host:port of a Conveyor server) is not set: skipping the live tests")
		os.Exit(0)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	var err error
	conn, err = grpc.DialContext(ctx, target, grpc.WithInsecure(), grpc.WithBlock())
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "cannot reach %s: %v\n", target, err)
		os.Exit(1)
	}
	code := m.Run()
	conn.Close()
	os.Exit(code)
}

func callContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func uniqueQueue(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano())
}

func jsonPayload(t *testing.T, value map[string]interface{}) *conveyorv1.Payload {
	t.Helper()
	data, err := structpb.NewStruct(value)
	if err != nil {
		t.Fatal(err)
	}
	return &conveyorv1.Payload{Kind: &conveyorv1.Payload_Json{Json: data}}
}

func wantCode(t *testing.T, err error, code codes.Code) *status.Status {
	t.Helper()
	if err == nil {
		t.Fatalf("expected %s, the call succeeded", code)
	}
	st := status.Convert(err)
	if st.Code() != code {
		t.Fatalf("expected %s, got %s: %s", code, st.Code(), st.Message())
	}
	return st
}

func TestSubmitAndGet(t *testing.T) {
	ctx := callContext(t)
	jobs := conveyorv1.NewJobServiceClient(conn)
	queue := uniqueQueue("go-get")

	submitted, err := jobs.SubmitJob(ctx, &conveyorv1.SubmitJobRequest{Namespace: namespace, Job: &conveyorv1.JobSpec{
		Queue:       queue,
		Type:        "resize",
		Payload:     jsonPayload(t, map[string]interface{}{"width": 640, "name": "cat.png"}),
		Priority:    4,
		MaxAttempts: 2,
		Timeout:     durationpb.New(90 * time.Second),
		Labels:      map[string]string{"client": "go"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	job := submitted.Job
	if !submitted.Created || job.State != conveyorv1.JobState_JOB_STATE_READY || job.Namespace != namespace || job.Queue != queue ||
		job.Priority != 4 || job.MaxAttempts != 2 || job.Timeout.AsDuration() != 90*time.Second || job.Labels["client"] != "go" {
		t.Fatalf("unexpected submit response: %v", submitted)
	}

	got, err := jobs.GetJob(ctx, &conveyorv1.GetJobRequest{Namespace: namespace, Id: job.Id})
	if err != nil {
		t.Fatal(err)
	}
	if got.Job.Id != job.Id || got.Job.State != conveyorv1.JobState_JOB_STATE_READY || len(got.Job.Attempts) != 0 {
		t.Fatalf("unexpected GetJob response: %v", got)
	}
	fields := got.Job.Payload.GetJson().AsMap()
	if fields["width"] != float64(640) || fields["name"] != "cat.png" {
		t.Fatalf("payload came back as %v", fields)
	}
	if !proto.Equal(got.Job.CreatedAt, job.CreatedAt) {
		t.Fatalf("created_at differs: %v vs %v", got.Job.CreatedAt, job.CreatedAt)
	}

	// Another namespace does not see it.
	_, err = jobs.GetJob(ctx, &conveyorv1.GetJobRequest{Namespace: "elsewhere", Id: job.Id})
	wantCode(t, err, codes.NotFound)
}

func TestWatchJobStreamsUntilCancelled(t *testing.T) {
	ctx := callContext(t)
	jobs := conveyorv1.NewJobServiceClient(conn)
	submitted, err := jobs.SubmitJob(ctx, &conveyorv1.SubmitJobRequest{Namespace: namespace, Job: &conveyorv1.JobSpec{Queue: uniqueQueue("go-watch"), Type: "watched"}})
	if err != nil {
		t.Fatal(err)
	}
	stream, err := jobs.WatchJob(ctx, &conveyorv1.WatchJobRequest{Namespace: namespace, Id: submitted.Job.Id})
	if err != nil {
		t.Fatal(err)
	}
	first, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if first.Event != nil || first.Job.GetState() != conveyorv1.JobState_JOB_STATE_READY {
		t.Fatalf("first message should be the READY snapshot without an event: %v", first)
	}

	if _, err := jobs.CancelJob(ctx, &conveyorv1.CancelJobRequest{Namespace: namespace, Id: submitted.Job.Id, Reason: "from go"}); err != nil {
		t.Fatal(err)
	}
	second, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	event := second.GetEvent()
	if event.GetJobId() != submitted.Job.Id || event.GetFromState() != conveyorv1.JobState_JOB_STATE_READY ||
		event.GetToState() != conveyorv1.JobState_JOB_STATE_CANCELLED || event.GetMessage() != "from go" || event.GetSequence() <= 0 {
		t.Fatalf("unexpected event: %v", second)
	}
	if second.Job.GetState() != conveyorv1.JobState_JOB_STATE_CANCELLED || second.Job.GetFinishedAt() == nil {
		t.Fatalf("the terminal message should carry the CANCELLED job: %v", second)
	}
	if _, err := stream.Recv(); err != io.EOF {
		t.Fatalf("the stream should end with OK after the terminal state, got %v", err)
	}
}

// A worker in Go, speaking WorkerService directly: the job it completes reaches SUCCEEDED on WatchJob.
func TestLeaseCompleteAndWatchToSuccess(t *testing.T) {
	ctx := callContext(t)
	jobs := conveyorv1.NewJobServiceClient(conn)
	workers := conveyorv1.NewWorkerServiceClient(conn)
	queue := uniqueQueue("go-work")

	lease, err := workers.Lease(ctx)
	if err != nil {
		t.Fatal(err)
	}
	open := &conveyorv1.LeaseOpen{Namespace: namespace, WorkerId: "go-test-worker", Queues: []string{queue}, Capacity: 1}
	if err := lease.Send(&conveyorv1.LeaseRequest{Message: &conveyorv1.LeaseRequest_Open{Open: open}}); err != nil {
		t.Fatal(err)
	}
	if ack, err := lease.Recv(); err != nil || len(ack.GetJobs().GetJobs()) != 0 {
		t.Fatalf("expected the empty LeaseOpen acknowledgement, got %v, %v", ack, err)
	}

	submitted, err := jobs.SubmitJob(ctx, &conveyorv1.SubmitJobRequest{Namespace: namespace, Job: &conveyorv1.JobSpec{
		Queue: queue, Type: "double", Payload: jsonPayload(t, map[string]interface{}{"n": 21}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	pushed, err := lease.Recv()
	if err != nil {
		t.Fatal(err)
	}
	leased := pushed.GetJobs().GetJobs()
	if len(leased) != 1 || leased[0].Job.Id != submitted.Job.Id || leased[0].LeaseId == "" || leased[0].Job.State != conveyorv1.JobState_JOB_STATE_RUNNING {
		t.Fatalf("expected the submitted job, running, got %v", pushed)
	}
	n := leased[0].Job.Payload.GetJson().AsMap()["n"].(float64)
	completed, err := workers.Complete(ctx, &conveyorv1.CompleteRequest{Namespace: namespace, Completions: []*conveyorv1.Completion{{
		Lease:  &conveyorv1.LeaseRef{JobId: submitted.Job.Id, LeaseId: leased[0].LeaseId},
		Result: jsonPayload(t, map[string]interface{}{"n": n * 2}),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(completed.Results) != 1 || !completed.Results[0].Accepted {
		t.Fatalf("completion refused: %v", completed)
	}
	// Drain and half-close: the server ends the stream with OK.
	if err := lease.Send(&conveyorv1.LeaseRequest{Message: &conveyorv1.LeaseRequest_Drain{Drain: &conveyorv1.LeaseDrain{}}}); err != nil {
		t.Fatal(err)
	}
	if err := lease.CloseSend(); err != nil {
		t.Fatal(err)
	}
	if _, err := lease.Recv(); err != io.EOF {
		t.Fatalf("the Lease stream should end with OK after draining, got %v", err)
	}

	stream, err := jobs.WatchJob(ctx, &conveyorv1.WatchJobRequest{Namespace: namespace, Id: submitted.Job.Id})
	if err != nil {
		t.Fatal(err)
	}
	final, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if final.Job.GetState() != conveyorv1.JobState_JOB_STATE_SUCCEEDED || final.Job.Result.GetJson().AsMap()["n"] != float64(42) {
		t.Fatalf("expected SUCCEEDED with n=42, got %v", final)
	}
	if _, err := stream.Recv(); err != io.EOF {
		t.Fatalf("watching a finished job should end at once, got %v", err)
	}
}

func TestErrorsCarryTheServersCode(t *testing.T) {
	ctx := callContext(t)
	jobs := conveyorv1.NewJobServiceClient(conn)

	_, err := jobs.SubmitJob(ctx, &conveyorv1.SubmitJobRequest{Job: &conveyorv1.JobSpec{Queue: "", Type: "t"}})
	if st := wantCode(t, err, codes.InvalidArgument); st.Message() != "job.queue: is required" {
		t.Fatalf("message: %q", st.Message())
	}

	missing := "0190d8a4-0000-7000-8000-000000000000"
	_, err = jobs.GetJob(ctx, &conveyorv1.GetJobRequest{Id: missing})
	wantCode(t, err, codes.NotFound)

	stream, err := jobs.WatchJob(ctx, &conveyorv1.WatchJobRequest{Id: missing})
	if err != nil {
		t.Fatal(err)
	}
	_, err = stream.Recv()
	wantCode(t, err, codes.NotFound)
}
