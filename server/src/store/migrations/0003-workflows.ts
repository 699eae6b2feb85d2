import { Migration } from "@mikro-orm/migrations";

/**
 * Workflows: graphs of jobs (tasks) that wait for the tasks they depend on.
 *
 * Each task's job row counts its parents that have not finished (pending_parents) and those that
 * finished without succeeding (failed_parents). The statement that finishes a parent updates its
 * children's counts, so that finishing a task touches only its children, never a whole workflow.
 * The columns are null for jobs outside workflows.
 */
export class Migration0003Workflows extends Migration {
  override name = "0003-workflows";

  override up(): void {
    this.addSql(`
      create table workflows (
        id uuid primary key,
        namespace text not null,
        name text not null default '',
        failure_policy text not null,
        labels jsonb not null default '{}',
        task_count integer not null,
        created_at timestamptz not null default now(),
        cancelled_at timestamptz,
        constraint workflows_failure_policy_check check (failure_policy in ('SKIP_DESCENDANTS', 'CONTINUE'))
      )`);
    this.addSql(`create index workflows_namespace_id_idx on workflows (namespace, id desc)`);

    this.addSql(`alter table jobs
      add column workflow_id uuid,
      add column task_name text,
      add column pending_parents integer,
      add column failed_parents integer,
      add column failure_policy text`);
    this.addSql(`alter table jobs drop constraint jobs_state_check`);
    this.addSql(`alter table jobs add constraint jobs_state_check check (state in
      ('SCHEDULED', 'READY', 'RUNNING', 'RETRY_SCHEDULED', 'SUCCEEDED', 'DEAD', 'CANCELLED', 'BLOCKED', 'SKIPPED'))`);
    this.addSql(`create unique index jobs_workflow_task_idx on jobs (workflow_id, task_name) where workflow_id is not null`);
    // For the rescuer: blocked tasks whose parents are all done (or one failed, for a task that skips) but that were not
    // moved on, because the server died between a parent's completion and the follow-up.
    this.addSql(`create index jobs_blocked_settled_idx on jobs (updated_at)
      where state = 'BLOCKED' and (pending_parents <= 0 or (failed_parents > 0 and failure_policy = 'SKIP_DESCENDANTS'))`);

    // parent -> child. No foreign keys, like job_attempts: written once, with the jobs, at submit.
    this.addSql(`
      create table workflow_edges (
        parent_id uuid not null,
        child_id uuid not null,
        primary key (parent_id, child_id)
      )`);
    this.addSql(`create index workflow_edges_child_idx on workflow_edges (child_id)`);
  }

  override down(): void {
    this.addSql(`drop table workflow_edges`);
    this.addSql(`drop index jobs_blocked_settled_idx`);
    this.addSql(`drop index jobs_workflow_task_idx`);
    this.addSql(`delete from jobs where state in ('BLOCKED', 'SKIPPED')`);
    this.addSql(`alter table jobs drop constraint jobs_state_check`);
    this.addSql(`alter table jobs add constraint jobs_state_check check (state in
      ('SCHEDULED', 'READY', 'RUNNING', 'RETRY_SCHEDULED', 'SUCCEEDED', 'DEAD', 'CANCELLED'))`);
    this.addSql(`alter table jobs drop column workflow_id, drop column task_name, drop column pending_parents,
      drop column failed_parents, drop column failure_policy`);
    this.addSql(`drop table workflows`);
  }
}
