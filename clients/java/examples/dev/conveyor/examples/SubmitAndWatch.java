package dev.conveyor.examples;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.conveyor.v1.Job;
import dev.conveyor.v1.JobServiceGrpc;
import dev.conveyor.v1.JobSpec;
import dev.conveyor.v1.Payload;
import dev.conveyor.v1.SubmitJobRequest;
import dev.conveyor.v1.WatchJobRequest;
import dev.conveyor.v1.WatchJobResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.Iterator;

/**
 * Submits a job and prints every state it goes through until it finishes.
 *
 * <pre>CONVEYOR_TOKEN=... java -cp ... dev.conveyor.examples.SubmitAndWatch 127.0.0.1:50051 emails</pre>
 *
 * CONVEYOR_TOKEN is a bearer token with the scopes jobs:write and jobs:read; leave it unset for a
 * server with auth off. Run a worker for the queue to see it reach JOB_STATE_SUCCEEDED (or cancel
 * it with CancelJob).
 */
public final class SubmitAndWatch {
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: SubmitAndWatch HOST:PORT QUEUE");
      System.exit(2);
    }
    ManagedChannel channel = ManagedChannelBuilder.forTarget(args[0]).usePlaintext().build();
    try {
      JobServiceGrpc.JobServiceBlockingStub jobs = withToken(JobServiceGrpc.newBlockingStub(channel));
      Struct payload = Struct.newBuilder()
          .putFields("to", Value.newBuilder().setStringValue("ada@example.com").build())
          .putFields("subject", Value.newBuilder().setStringValue("hello").build())
          .build();
      JobSpec spec = JobSpec.newBuilder().setQueue(args[1]).setType("send_email")
          .setPayload(Payload.newBuilder().setJson(payload)).build();
      Job job = jobs.submitJob(SubmitJobRequest.newBuilder().setJob(spec).build()).getJob();
      System.out.println("submitted " + job.getId());

      Iterator<WatchJobResponse> updates = jobs.watchJob(WatchJobRequest.newBuilder().setId(job.getId()).build());
      while (updates.hasNext()) { // ends when the job reaches a terminal state
        WatchJobResponse update = updates.next();
        // Besides state changes, the stream carries the handler's progress reports and log lines.
        if (update.hasEvent()) System.out.println(update.getEvent().getToState());
        else if (update.hasLog()) System.out.println("  log: " + update.getLog().getMessage());
        else if (update.hasJob()) System.out.println(update.getJob().getState());
      }
    } catch (StatusRuntimeException e) { // e.g. INVALID_ARGUMENT: job.queue: is required
      System.err.println(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      System.exit(1);
    } finally {
      channel.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /**
   * The stub with {@code authorization: Bearer $CONVEYOR_TOKEN} on every call, the watchJob stream
   * included, or the stub as it is when CONVEYOR_TOKEN is unset.
   */
  private static JobServiceGrpc.JobServiceBlockingStub withToken(JobServiceGrpc.JobServiceBlockingStub stub) {
    String token = System.getenv("CONVEYOR_TOKEN");
    if (token == null || token.isBlank()) return stub;
    Metadata auth = new Metadata();
    auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token.strip());
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
  }
}
