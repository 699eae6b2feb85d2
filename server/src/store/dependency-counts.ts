/**
 * CTEs that transitionJobs adds to a statement moving jobs into or out of a terminal state
 * (see task-dependencies.ts): the children of the workflow tasks in `changed`, which have just
 * reached a terminal state (direction "finished") or left one ("reopened", RetryJob), count them
 * as finished or pending again. Jobs outside workflows join nothing: the `workflow_id is not null`
 * filter empties the join before it touches workflow_edges.
 */
export function childCountsCtes(direction: "finished" | "reopened"): string {
  const sign = direction === "finished" ? "-" : "+";
  const failedSign = direction === "finished" ? "+" : "-";
  // The parent's failure counts by the state it reached, or, when reopened, the state it left.
  const parentState = direction === "finished" ? "ch.state" : "ch.from_state";
  return `dependency_counts as (
      select e.child_id, count(*)::int as parents, (count(*) filter (where ${parentState} <> 'SUCCEEDED'))::int as failed
      from changed ch join workflow_edges e on e.parent_id = ch.id
      -- A child changed by this very statement (a batch holding parent and child) is left alone:
      -- one statement must not update a row twice.
      where ch.workflow_id is not null and e.child_id not in (select id from changed)
      group by e.child_id
    ), locked_children as (
      select c.id from jobs c join dependency_counts d on d.child_id = c.id order by c.id for update of c
    ), counted_children as (
      update jobs c set pending_parents = c.pending_parents ${sign} d.parents, failed_parents = c.failed_parents ${failedSign} d.failed,
        updated_at = now()
      from dependency_counts d
      where c.id = d.child_id and c.id in (select id from locked_children)
    )`;
}
