import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ConnectRouter, HandlerContext } from "@connectrpc/connect";
import type { JobSpec } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import {
  FailurePolicy,
  WorkflowService,
  type CancelWorkflowRequest,
  type GetWorkflowRequest,
  type ListWorkflowsRequest,
  type SubmitWorkflowRequest,
  type WatchWorkflowRequest,
  type WatchWorkflowResponseSchema,
} from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import { z } from "zod";
import { InvalidArgumentError, NotFoundError } from "../errors/conveyor-error.ts";
import { Wakeup } from "../events/wakeup.ts";
import { isTerminal, type JobStateName } from "../jobs/job-state-machine.ts";
import type { ServerContext } from "../server-context.ts";
import { findAttemptsOfJobs, findEventsOfJobsAfter } from "../store/job-store.ts";
import { findWorkflow, findWorkflowTasks, listWorkflows } from "../store/workflow-store.ts";
import { cancelWorkflow, submitWorkflow, type NewWorkflowTask } from "../workflows/workflow-commands.ts";
import { labelsSchema, toNewJob } from "./job-spec.ts";
import { toProtoEvent } from "./job-mapper.ts";
import { waitOrShutdown } from "./job-service.ts";
import { fromProtoFailurePolicy, toProtoWorkflow } from "./workflow-mapper.ts";
import { cancelReasonSchema, idempotencyKeySchema, jobTypeSchema, namespaceSchema, pageTokenSchema, parseRequest, pageOf, uuidSchema } from "./request-validation.ts";

const policySchema = z.number().refine((p) => p === FailurePolicy.UNSPECIFIED || fromProtoFailurePolicy(p) !== undefined, "must name a failure policy");

const workflowRefSchema = z.object({ namespace: namespaceSchema, id: uuidSchema });

const listWorkflowsSchema = z.object({
  namespace: namespaceSchema,
  pageSize: z.number().int().min(0, "must be from 1 to 1000 (0 means 100)").max(1000, "must be from 1 to 1000 (0 means 100)"),
  pageToken: pageTokenSchema("ListWorkflows"),
});

function workflowSpecSchema(maxTasks: number) {
  return z.object({
    name: z.string().max(200, "must be at most 200 characters"),
    tasks: z
      .array(
        z.object({
          // Task names follow job type rules: they show up in logs, results maps and messages.
          name: jobTypeSchema,
          dependsOn: z.array(z.string()),
          failurePolicy: policySchema,
        }),
      )
      .min(1, "needs at least one task")
      .max(maxTasks, `at most ${maxTasks} tasks per workflow (CONVEYOR_WORKFLOW_MAX_TASKS)`),
    failurePolicy: policySchema,
    labels: labelsSchema,
    idempotencyKey: idempotencyKeySchema,
  });
}

/** Task jobs start when the graph lets them, and belong to their workflow alone. */
function refuseTaskOnlyFields(spec: JobSpec | undefined, field: string): void {
  if (spec?.runAt) throw new InvalidArgumentError(`${field}.run_at`, "is not supported for workflow tasks: a task starts when its dependencies allow");
  if (spec?.delay) throw new InvalidArgumentError(`${field}.delay`, "is not supported for workflow tasks: a task starts when its dependencies allow");
  if (spec?.idempotencyKey) throw new InvalidArgumentError(`${field}.idempotency_key`, "is not supported for workflow tasks");
}

export function registerWorkflowService(router: ConnectRouter, context: ServerContext): void {
  const { db, config } = context;

  router.service(WorkflowService, {
    async submitWorkflow(request: SubmitWorkflowRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      if (!request.workflow) throw new InvalidArgumentError("workflow", "is required");
      const spec = parseRequest(workflowSpecSchema(config.workflowMaxTasks), request.workflow, "workflow");
      const tasks: NewWorkflowTask[] = request.workflow.tasks.map((task, i) => {
        const field = `workflow.tasks[${i}].job`;
        refuseTaskOnlyFields(task.job, field);
        return {
          name: task.name,
          dependsOn: task.dependsOn,
          failurePolicy: fromProtoFailurePolicy(task.failurePolicy),
          job: toNewJob(task.job, field, config.maxPayloadBytes, config.queueDefaults, context.webhookGuard),
        };
      });
      const { workflow, taskJobIds, created } = await submitWorkflow(db, {
        namespace,
        name: spec.name,
        failurePolicy: fromProtoFailurePolicy(spec.failurePolicy) ?? "SKIP_DESCENDANTS",
        labels: spec.labels,
        idempotencyKey: spec.idempotencyKey || null,
        tasks,
        delayHorizonMs: config.delayHorizonMs,
      });
      // A repeat of an idempotency key stored nothing: no jobs to announce or count.
      if (created) {
        context.kickOutbox();
        context.metrics.countJobs(
          context.metrics.jobsSubmitted,
          tasks.map((task) => ({ namespace, queue: task.job.queue, type: task.job.type })),
        );
      }
      context.logger.info({ workflowId: workflow.id, tasks: taskJobIds.size, created }, "workflow submitted");
      return { workflow: toProtoWorkflow(workflow), taskJobIds: Object.fromEntries(taskJobIds), created };
    },

    async getWorkflow(request: GetWorkflowRequest) {
      const { namespace, id } = parseRequest(workflowRefSchema, request);
      const row = await findWorkflow(db, namespace, id);
      if (!row) throw new NotFoundError(`workflow ${id} not found in namespace ${namespace}`);
      const tasks = await findWorkflowTasks(db, id);
      return { workflow: toProtoWorkflow(row, tasks, await findAttemptsOfJobs(db, tasks.map((task) => task.id))) };
    },

    async listWorkflows(request: ListWorkflowsRequest) {
      const params = parseRequest(listWorkflowsSchema, request);
      const limit = params.pageSize || 100;
      const rows = await listWorkflows(db, params.namespace, params.pageToken, limit + 1);
      const { page, nextPageToken } = pageOf(rows, limit, (row) => row.id);
      return { workflows: page.map((row) => toProtoWorkflow(row)), nextPageToken };
    },

    async cancelWorkflow(request: CancelWorkflowRequest) {
      const { namespace, id } = parseRequest(workflowRefSchema, request);
      const reason = parseRequest(cancelReasonSchema, request.reason, "reason");
      const { workflow, cancelled } = await cancelWorkflow(db, namespace, id, reason || "workflow cancelled by request");
      context.kickOutbox();
      context.logger.info({ workflowId: id, cancelled }, "workflow cancelled");
      return { workflow: toProtoWorkflow(workflow), cancelledTasks: cancelled };
    },

    watchWorkflow: (request: WatchWorkflowRequest, handlerContext: HandlerContext) => watchWorkflow(context, request, handlerContext),
  });
}

/**
 * Streams the workflow with its tasks, then every task transition until all tasks have finished.
 * Each task is subscribed to on the shared LISTEN connection (which also resyncs them after a
 * reconnect); a wakeup reads only the changed tasks' events after the last one sent for each, so
 * nothing is skipped or repeated however notifications are batched.
 */
async function* watchWorkflow(
  context: ServerContext,
  request: WatchWorkflowRequest,
  handlerContext: HandlerContext,
): AsyncGenerator<MessageInitShape<typeof WatchWorkflowResponseSchema>> {
  const { namespace, id } = parseRequest(workflowRefSchema, request);
  const signal = AbortSignal.any([handlerContext.signal, context.shutdownSignal]);
  const found = await findWorkflow(context.db, namespace, id);
  if (!found) throw new NotFoundError(`workflow ${id} not found in namespace ${namespace}`);
  const wakeup = new Wakeup();
  const changed = new Set<string>();
  const onChange = (jobId: string) => {
    changed.add(jobId);
    wakeup.notify();
  };
  // The task set never changes after submit: subscribe to each before reading, so that a change
  // between the read and the subscription still wakes us.
  const { rows: taskIds } = await context.db.query<{ id: string }>("select id from jobs where workflow_id = $1", [id]);
  const unsubscribes = taskIds.map((task) => context.jobChanges.subscribe(task.id, onChange));
  try {
    const tasks = await findWorkflowTasks(context.db, id);
    const lastEvent = new Map(tasks.map((task) => [task.id, task.latest_event]));
    const state = new Map<string, JobStateName>(tasks.map((task) => [task.id, task.state]));
    const nameOf = new Map(tasks.map((task) => [task.id, task.task_name ?? ""]));
    let open = tasks.filter((task) => !isTerminal(task.state)).length;
    const attempts = await findAttemptsOfJobs(context.db, tasks.map((task) => task.id));
    yield { workflow: toProtoWorkflow((await findWorkflow(context.db, namespace, id)) ?? found, tasks, attempts) };
    if (open === 0) return;
    for (;;) {
      await waitOrShutdown(wakeup, signal, context.shutdownSignal);
      const ids = [...changed];
      changed.clear();
      const after = new Map(ids.map((jobId) => [jobId, lastEvent.get(jobId)!]));
      for (const event of await findEventsOfJobsAfter(context.db, after)) {
        lastEvent.set(event.job_id, event.id);
        const wasOpen = !isTerminal(state.get(event.job_id)!);
        state.set(event.job_id, event.to_state);
        open += (isTerminal(event.to_state) ? 0 : 1) - (wasOpen ? 1 : 0);
        const message = { event: toProtoEvent(event), taskName: nameOf.get(event.job_id)! };
        if (open > 0) {
          yield message;
          continue;
        }
        const workflow = await findWorkflow(context.db, namespace, id);
        yield { ...message, workflow: workflow ? toProtoWorkflow(workflow) : undefined };
        return;
      }
    }
  } finally {
    for (const unsubscribe of unsubscribes) unsubscribe();
  }
}
