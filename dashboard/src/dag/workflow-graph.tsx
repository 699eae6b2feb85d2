import "@xyflow/react/dist/style.css";
import { Background, Controls, Handle, MiniMap, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { memo, useEffect, useMemo, useRef, useState } from "react";
import { STATE_GLYPHS } from "../components/state-badge.tsx";
import { NODE_HEIGHT, NODE_WIDTH, type LayoutInput, type LayoutOutput } from "./layout.ts";

export interface GraphTask {
  name: string;
  dependsOn: string[];
  jobId: string;
  state: string;
}

type TaskNodeData = { name: string; state: string; jobId: string };
type TaskNode = Node<TaskNodeData, "task">;

/** A task: its state's colour, glyph and name (colour is never the only cue). */
const TaskNodeView = memo(function TaskNodeView({ data }: NodeProps<TaskNode>) {
  return (
    <div className={`dag-node state-${data.state}`} data-task={data.name} data-state={data.state} title={`${data.name}: ${data.state}`}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <span aria-hidden="true">{STATE_GLYPHS[data.state] ?? "•"}</span> <span className="dag-name">{data.name}</span>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { task: TaskNodeView };

const STATE_COLOURS: Record<string, string> = {
  SCHEDULED: "var(--c-scheduled)",
  READY: "var(--c-ready)",
  RUNNING: "var(--c-running)",
  RETRY_SCHEDULED: "var(--c-retry)",
  SUCCEEDED: "var(--c-succeeded)",
  DEAD: "var(--c-dead)",
  CANCELLED: "var(--c-cancelled)",
  BLOCKED: "var(--c-blocked)",
  SKIPPED: "var(--c-skipped)",
};

/** Where a layout is computed: a worker of its own per graph, ended once it answered. */
function useLayout(tasks: readonly GraphTask[] | undefined): LayoutOutput | undefined {
  const [layout, setLayout] = useState<LayoutOutput>();
  // The layout depends on names and edges only: recolouring does not lay out again.
  const shape = tasks?.map((t) => t.name).join("\n");
  useEffect(() => {
    if (!tasks) return;
    const index = new Map(tasks.map((t, i) => [t.name, i]));
    const input: LayoutInput = { names: tasks.map((t) => t.name), dependsOn: tasks.map((t) => t.dependsOn.map((d) => index.get(d)!).filter((i) => i !== undefined)) };
    const worker = new Worker(new URL("./layout-worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<LayoutOutput>) => {
      setLayout(event.data);
      worker.terminate();
    };
    worker.postMessage(input);
    return () => worker.terminate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);
  return layout;
}

/** Above this many tasks the graph is virtualized: zoom is bounded so that a few hundred tasks are on screen at most. */
const LARGE = 1000;

export function WorkflowGraph({ tasks, onOpen }: { tasks: readonly GraphTask[]; onOpen: (jobId: string) => void }) {
  const layout = useLayout(tasks);
  const large = tasks.length > LARGE;
  const edges = useMemo<Edge[]>(
    () => tasks.flatMap((t) => t.dependsOn.map((d) => ({ id: `${d}->${t.name}`, source: d, target: t.name, type: large ? "straight" : "default" }))),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [layout],
  );
  // A node object per task, kept as long as its task is: a recolour replaces the nodes of the
  // tasks that changed only, so React Flow re-renders (and re-measures) those and no others.
  const cache = useRef(new Map<string, { task: GraphTask; node: TaskNode }>());
  const cachedLayout = useRef<LayoutOutput>(undefined);
  const nodes = useMemo<TaskNode[]>(() => {
    if (!layout) return [];
    if (cachedLayout.current !== layout) {
      cache.current.clear();
      cachedLayout.current = layout;
    }
    return tasks.map((t, i) => {
      const cached = cache.current.get(t.name);
      if (cached?.task === t) return cached.node;
      const node: TaskNode = {
        id: t.name,
        type: "task",
        position: { x: layout.x[i]!, y: layout.y[i]! },
        data: { name: t.name, state: t.state, jobId: t.jobId },
        draggable: false,
        connectable: false,
        // Known sizes: React Flow need not measure before placing edges.
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
      };
      cache.current.set(t.name, { task: t, node });
      return node;
    });
  }, [layout, tasks]);
  // Large graphs open at a readable zoom on their first layer rather than fitted whole.
  const initialViewport = useMemo(() => {
    if (!layout || !large) return undefined;
    let minX = Infinity;
    let maxX = -Infinity;
    for (const x of layout.x) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
    }
    const zoom = 0.6;
    return { x: -((minX + maxX + NODE_WIDTH) / 2) * zoom + 640, y: 24, zoom };
  }, [layout, large]);
  useEffect(() => {
    if (layout) document.documentElement.dataset["dagLayoutMs"] = String(Math.round(layout.ms));
  }, [layout]);

  if (!layout) return <p className="muted" role="status">Laying out {tasks.length.toLocaleString()} tasks…</p>;
  return (
    <div className="dag" data-testid="dag" data-layout-engine={layout.engine} data-task-count={tasks.length}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView={!large}
        {...(initialViewport ? { defaultViewport: initialViewport } : {})}
        minZoom={large ? 0.35 : 0.05}
        maxZoom={2}
        // Only what is on screen is in the DOM: 10,000 tasks stay responsive.
        onlyRenderVisibleElements={tasks.length > 200}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        onNodeClick={(_, node) => onOpen((node.data as TaskNodeData).jobId)}
        proOptions={{ hideAttribution: true }}
        colorMode="system"
      >
        <Background />
        <Controls showInteractive={false} />
        {large ? null : <MiniMap pannable zoomable nodeColor={(node) => STATE_COLOURS[(node.data as TaskNodeData).state] ?? "var(--muted)"} />}
      </ReactFlow>
    </div>
  );
}
