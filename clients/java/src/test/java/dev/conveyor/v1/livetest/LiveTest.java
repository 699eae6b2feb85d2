package dev.conveyor.v1.livetest;

import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.conveyor.v1.CancelJobRequest;
import dev.conveyor.v1.GetJobRequest;
import dev.conveyor.v1.Job;
import dev.conveyor.v1.JobServiceGrpc;
import dev.conveyor.v1.JobSpec;
import dev.conveyor.v1.JobState;
import dev.conveyor.v1.Payload;
import dev.conveyor.v1.SubmitJobRequest;
import dev.conveyor.v1.SubmitJobResponse;
import dev.conveyor.v1.WatchJobRequest;
import dev.conveyor.v1.WatchJobResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Java client against a live Conveyor server, with no test framework (Debian ships grpc-java
 * but this needs nothing beyond it): each check prints "PASS name" or "FAIL name: why", and the
 * exit status is the number of failures.
 *
 * <pre>java -cp ... dev.conveyor.v1.livetest.LiveTest 127.0.0.1:50051</pre>
 *
 * test/clients-java.test.ts compiles and runs it against a server of its own.
 */
public final class LiveTest {
  private static final String NAMESPACE = "java";
  private static final long DEADLINE_SECONDS = 10;

  private final JobServiceGrpc.JobServiceBlockingStub jobs;

  private LiveTest(ManagedChannel channel) {
    this.jobs = JobServiceGrpc.newBlockingStub(channel);
  }

  private JobServiceGrpc.JobServiceBlockingStub jobs() {
    return jobs.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private static void check(boolean condition, String what) {
    if (!condition) throw new AssertionError(what);
  }

  private static String queue(String prefix) {
    return prefix + "-" + System.nanoTime();
  }

  private static Status.Code codeOf(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
    throw new AssertionError("expected the call to fail, but it succeeded");
  }

  void submitAndGet() {
    Struct payload = Struct.newBuilder()
        .putFields("width", Value.newBuilder().setNumberValue(640).build())
        .putFields("name", Value.newBuilder().setStringValue("cat.png").build())
        .build();
    String queue = queue("java-get");
    SubmitJobResponse submitted = jobs().submitJob(SubmitJobRequest.newBuilder()
        .setNamespace(NAMESPACE)
        .setJob(JobSpec.newBuilder()
            .setQueue(queue)
            .setType("resize")
            .setPriority(4)
            .setMaxAttempts(2)
            .setTimeout(Duration.newBuilder().setSeconds(90))
            .putLabels("client", "java")
            .setPayload(Payload.newBuilder().setJson(payload)))
        .build());
    Job job = submitted.getJob();
    check(submitted.getCreated(), "created");
    check(job.getState() == JobState.JOB_STATE_READY, "state READY, got " + job.getState());
    check(job.getNamespace().equals(NAMESPACE) && job.getQueue().equals(queue), "namespace and queue");
    check(job.getPriority() == 4 && job.getMaxAttempts() == 2, "priority and max_attempts");
    check(job.getTimeout().getSeconds() == 90, "timeout");
    check("java".equals(job.getLabelsMap().get("client")), "labels");

    Job got = jobs().getJob(GetJobRequest.newBuilder().setNamespace(NAMESPACE).setId(job.getId()).build()).getJob();
    check(got.getId().equals(job.getId()), "GetJob returns the job");
    check(got.getPayload().hasJson(), "payload is JSON");
    check(got.getPayload().getJson().getFieldsOrThrow("width").getNumberValue() == 640, "payload width");
    check(got.getPayload().getJson().getFieldsOrThrow("name").getStringValue().equals("cat.png"), "payload name");
    check(got.getCreatedAt().equals(job.getCreatedAt()), "created_at");
  }

  void watchUntilCancelled() {
    Job job = jobs().submitJob(SubmitJobRequest.newBuilder().setNamespace(NAMESPACE)
        .setJob(JobSpec.newBuilder().setQueue(queue("java-watch")).setType("watched")).build()).getJob();
    Iterator<WatchJobResponse> stream = jobs().watchJob(WatchJobRequest.newBuilder().setNamespace(NAMESPACE).setId(job.getId()).build());
    WatchJobResponse first = stream.next();
    check(!first.hasEvent() && first.getJob().getState() == JobState.JOB_STATE_READY, "first message: READY snapshot, no event");

    jobs().cancelJob(CancelJobRequest.newBuilder().setNamespace(NAMESPACE).setId(job.getId()).setReason("from java").build());
    List<WatchJobResponse> rest = new ArrayList<>();
    stream.forEachRemaining(rest::add);
    check(rest.size() == 1, "one more message, then the end of the stream; got " + rest.size());
    WatchJobResponse last = rest.get(0);
    check(last.getEvent().getFromState() == JobState.JOB_STATE_READY, "event from READY");
    check(last.getEvent().getToState() == JobState.JOB_STATE_CANCELLED, "event to CANCELLED");
    check(last.getEvent().getMessage().equals("from java"), "event message");
    check(last.getJob().getState() == JobState.JOB_STATE_CANCELLED && last.getJob().hasFinishedAt(), "terminal job");
  }

  void errorsCarryTheServersCode() {
    StatusRuntimeException invalid = null;
    try {
      jobs().submitJob(SubmitJobRequest.newBuilder().setJob(JobSpec.newBuilder().setType("t")).build());
    } catch (StatusRuntimeException e) {
      invalid = e;
    }
    check(invalid != null, "an empty queue is refused");
    check(invalid.getStatus().getCode() == Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT, got " + invalid.getStatus());
    check("job.queue: is required".equals(invalid.getStatus().getDescription()), "description: " + invalid.getStatus().getDescription());

    String missing = "0190d8a4-0000-7000-8000-000000000000";
    check(codeOf(() -> jobs().getJob(GetJobRequest.newBuilder().setId(missing).build())) == Status.Code.NOT_FOUND, "GetJob NOT_FOUND");
    check(codeOf(() -> jobs().watchJob(WatchJobRequest.newBuilder().setId(missing).build()).hasNext()) == Status.Code.NOT_FOUND, "WatchJob NOT_FOUND");
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: LiveTest HOST:PORT");
      System.exit(2);
    }
    ManagedChannel channel = ManagedChannelBuilder.forTarget(args[0]).usePlaintext().build();
    LiveTest test = new LiveTest(channel);
    String[] names = {"submitAndGet", "watchUntilCancelled", "errorsCarryTheServersCode"};
    Runnable[] checks = {test::submitAndGet, test::watchUntilCancelled, test::errorsCarryTheServersCode};
    int failures = 0;
    for (int i = 0; i < checks.length; i++) {
      try {
        checks[i].run();
        System.out.println("PASS " + names[i]);
      } catch (Throwable e) {
        failures++;
        System.out.println("FAIL " + names[i] + ": " + e);
        e.printStackTrace();
      }
    }
    System.out.println("transport: " + io.grpc.ManagedChannelProvider.provider().getClass().getName());
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    System.exit(failures);
  }
}
