import { defineEntity, p } from "@mikro-orm/postgresql";

/**
 * The tables as MikroORM sees them. The migrations in ./migrations are the authority on the schema
 * (partial indexes, the NOTIFY trigger); these definitions let the ORM read and write the rows and
 * let `Migrator.create()` diff future entity changes into new migrations.
 */
export const JobEntity = defineEntity({
  name: "Job",
  tableName: "jobs",
  properties: {
    id: p.uuid().primary(),
    namespace: p.text(),
    queue: p.text(),
    type: p.text(),
    payload: p.json<Record<string, unknown>>().nullable(),
    payloadBytes: p.blob().nullable(),
    priority: p.smallint(),
    runAt: p.datetime(),
    maxAttempts: p.integer(),
    attempt: p.integer(),
    attemptBase: p.integer(),
    backoffInitialMs: p.integer(),
    backoffMultiplier: p.float(),
    backoffMaxMs: p.integer(),
    backoffJitter: p.float(),
    timeoutMs: p.integer(),
    idempotencyKey: p.text().nullable(),
    labels: p.json<Record<string, string>>(),
    state: p.text(),
    result: p.json<Record<string, unknown>>().nullable(),
    resultBytes: p.blob().nullable(),
    lastError: p.text().nullable(),
    leaseId: p.uuid().nullable(),
    leaseWorkerId: p.text().nullable(),
    leaseExpiresAt: p.datetime().nullable(),
    attemptStartedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    announcedAt: p.datetime().nullable(),
  },
});

export const JobAttemptEntity = defineEntity({
  name: "JobAttempt",
  tableName: "job_attempts",
  properties: {
    jobId: p.uuid().primary(),
    number: p.integer().primary(),
    workerId: p.text(),
    startedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    outcome: p.text(),
    error: p.text().nullable(),
  },
});

export const JobEventEntity = defineEntity({
  name: "JobEvent",
  tableName: "job_events",
  properties: {
    id: p.bigint("string").primary(),
    jobId: p.uuid(),
    fromState: p.text().nullable(),
    toState: p.text(),
    attempt: p.integer(),
    workerId: p.text().nullable(),
    message: p.text().nullable(),
    at: p.datetime(),
  },
});

export const OutboxMessageEntity = defineEntity({
  name: "OutboxMessage",
  tableName: "outbox",
  properties: {
    id: p.bigint("string").primary(),
    exchange: p.text(),
    routingKey: p.text(),
    body: p.json<unknown>(),
    createdAt: p.datetime(),
  },
});

export const entities = [JobEntity, JobAttemptEntity, JobEventEntity, OutboxMessageEntity];
