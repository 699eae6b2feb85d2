// Places a workflow's tasks for drawing. Runs in a Web Worker (layout-worker.ts) so that a large
// graph never blocks the tab. Up to DAGRE_LIMIT tasks dagre does a proper layered layout (fewer
// crossings); beyond it dagre's ordering passes take too long (minutes at 10,000), so the
// tasks are layered by longest path from the roots and ordered within a layer by the mean position
// of their parents (one barycentre pass): linear time, and the same top-to-bottom reading.
import dagre from "@dagrejs/dagre";

export const NODE_WIDTH = 168;
export const NODE_HEIGHT = 40;
const GAP_X = 24;
const GAP_Y = 56;
export const DAGRE_LIMIT = 1000;

export interface LayoutInput {
  names: string[];
  /** dependsOn[i]: indexes of the tasks task i waits for. */
  dependsOn: number[][];
}

export interface LayoutOutput {
  /** x and y of each task's top-left corner, in task order. */
  x: Float64Array;
  y: Float64Array;
  engine: "dagre" | "layers";
  ms: number;
}

export function layoutTasks(input: LayoutInput): LayoutOutput {
  const started = performance.now();
  const result = input.names.length <= DAGRE_LIMIT ? withDagre(input) : byLayers(input);
  return { ...result, ms: performance.now() - started };
}

function withDagre({ names, dependsOn }: LayoutInput): Omit<LayoutOutput, "ms"> {
  const graph = new dagre.graphlib.Graph();
  // network-simplex ranks more compactly but costs seconds from a few hundred tasks on.
  graph.setGraph({ rankdir: "TB", nodesep: GAP_X, ranksep: GAP_Y, ranker: names.length > 200 ? "longest-path" : "network-simplex" });
  graph.setDefaultEdgeLabel(() => ({}));
  names.forEach((_, i) => graph.setNode(String(i), { width: NODE_WIDTH, height: NODE_HEIGHT }));
  dependsOn.forEach((parents, i) => parents.forEach((p) => graph.setEdge(String(p), String(i))));
  dagre.layout(graph);
  const x = new Float64Array(names.length);
  const y = new Float64Array(names.length);
  names.forEach((_, i) => {
    const node = graph.node(String(i));
    x[i] = node.x - NODE_WIDTH / 2;
    y[i] = node.y - NODE_HEIGHT / 2;
  });
  return { x, y, engine: "dagre" };
}

function byLayers({ names, dependsOn }: LayoutInput): Omit<LayoutOutput, "ms"> {
  const n = names.length;
  const children: number[][] = names.map(() => []);
  const waiting = new Int32Array(n);
  dependsOn.forEach((parents, i) => {
    waiting[i] = parents.length;
    for (const p of parents) children[p]!.push(i);
  });
  // Kahn's order gives each task its layer: one more than its deepest parent.
  const layer = new Int32Array(n);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (waiting[i] === 0) order.push(i);
  for (let head = 0; head < order.length; head++) {
    const task = order[head]!;
    for (const child of children[task]!) {
      layer[child] = Math.max(layer[child]!, layer[task]! + 1);
      if (--waiting[child]! === 0) order.push(child);
    }
  }
  const layers: number[][] = [];
  for (const task of order) (layers[layer[task]!] ??= []).push(task);
  const position = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const width = Math.max(...layers.map((l) => l.length));
  layers.forEach((tasks, depth) => {
    if (depth > 0) {
      const mean = (t: number) => {
        const parents = dependsOn[t]!;
        return parents.reduce((sum, p) => sum + position[p]!, 0) / Math.max(1, parents.length);
      };
      tasks.sort((a, b) => mean(a) - mean(b));
    }
    const offset = ((width - tasks.length) * (NODE_WIDTH + GAP_X)) / 2;
    tasks.forEach((task, i) => {
      position[task] = i;
      x[task] = offset + i * (NODE_WIDTH + GAP_X);
      y[task] = depth * (NODE_HEIGHT + GAP_Y);
    });
  });
  return { x, y, engine: "layers" };
}
