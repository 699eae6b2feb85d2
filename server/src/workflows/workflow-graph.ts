import { InvalidArgumentError } from "../errors/conveyor-error.ts";

export interface GraphTask {
  name: string;
  dependsOn: readonly string[];
}

/**
 * Checks a workflow's graph and returns its tasks' indexes in a topological order (every task
 * after the tasks it depends on; otherwise in submission order). Refuses, naming the field:
 * duplicate names, unknown or repeated dependencies, self-dependencies, and cycles, whose path is
 * spelled out along depends_on ("tasks[2].depends_on: cycle a -> b -> c -> a", where a depends on
 * b). Iterative throughout: a 10,000-deep chain must not overflow the stack.
 */
export function orderTasks(tasks: readonly GraphTask[], field = "tasks"): number[] {
  const indexByName = new Map<string, number>();
  tasks.forEach((task, i) => {
    const earlier = indexByName.get(task.name);
    if (earlier !== undefined) throw new InvalidArgumentError(`${field}[${i}].name`, `duplicate task name ${JSON.stringify(task.name)} (also ${field}[${earlier}])`);
    indexByName.set(task.name, i);
  });
  const parents: number[][] = tasks.map((task, i) => {
    const seen = new Set<string>();
    return task.dependsOn.map((name, k) => {
      const at = `${field}[${i}].depends_on[${k}]`;
      if (name === task.name) throw new InvalidArgumentError(at, `task ${JSON.stringify(name)} cannot depend on itself`);
      if (seen.has(name)) throw new InvalidArgumentError(at, `${JSON.stringify(name)} is listed twice`);
      seen.add(name);
      const parent = indexByName.get(name);
      if (parent === undefined) throw new InvalidArgumentError(at, `unknown task ${JSON.stringify(name)}`);
      return parent;
    });
  });

  // Depth-first over depends_on, emitting a task once all its parents are emitted.
  const UNSEEN = 0;
  const ON_PATH = 1;
  const DONE = 2;
  const mark = new Uint8Array(tasks.length);
  const order: number[] = [];
  for (let root = 0; root < tasks.length; root++) {
    if (mark[root] !== UNSEEN) continue;
    const path: number[] = [root];
    const nextParent: number[] = [0];
    mark[root] = ON_PATH;
    while (path.length > 0) {
      const top = path.length - 1;
      const task = path[top]!;
      const k = nextParent[top]!;
      if (k === parents[task]!.length) {
        mark[task] = DONE;
        order.push(task);
        path.pop();
        nextParent.pop();
        continue;
      }
      nextParent[top] = k + 1;
      const parent = parents[task]![k]!;
      if (mark[parent] === DONE) continue;
      if (mark[parent] === ON_PATH) throw cycleError(tasks, path.slice(path.indexOf(parent)), field);
      mark[parent] = ON_PATH;
      path.push(parent);
      nextParent.push(0);
    }
  }
  return order;
}

/** `cycle` lists task indexes, each depending on the next, the last on the first. */
function cycleError(tasks: readonly GraphTask[], cycle: number[], field: string): InvalidArgumentError {
  // Start at the cycle's first task in submission order, so that the message does not depend on
  // where the search happened to enter the cycle.
  const start = cycle.indexOf(Math.min(...cycle));
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  const names = [...rotated, rotated[0]!].map((i) => tasks[i]!.name);
  return new InvalidArgumentError(`${field}[${rotated[0]}].depends_on`, `cycle ${names.join(" -> ")}`);
}
