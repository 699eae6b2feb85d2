import { Background, Controls, Handle, MiniMap, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { memo, useEffect, useMemo, useState } from "react";
import { STATE_GLYPHS } from "../components/state-badge.tsx";
import type { LayoutInput, LayoutOutput } from "./layout.ts";

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

export function WorkflowGraph({ tasks, onOpen }: { tasks: readonly GraphTask[]; onOpen: (jobId: string) => void }) {
  const layout = useLayout(tasks);
  const large = tasks.length > 2000;
  const edges = useMemo<Edge[]>(
    () => tasks.flatMap((t) => t.dependsOn.map((d) => ({ id: `${d}->${t.name}`, source: d, target: t.name, type: large ? "straight" : "default" }))),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [layout],
  );
  const nodes = useMemo<TaskNode[]>(() => {
    if (!layout) return [];
    return tasks.map((t, i) => ({
      id: t.name,
      type: "task",
      position: { x: layout.x[i]!, y: layout.y[i]! },
      data: { name: t.name, state: t.state, jobId: t.jobId },
      draggable: false,
      connectable: false,
    }));
  }, [layout, tasks]);
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
        fitView
        minZoom={0.02}
        maxZoom={2}
        // Only what is on screen is in the DOM: 10,000 tasks stay responsive.
        onlyRenderVisibleElements={tasks.length > 300}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        onNodeClick={(_, node) => onOpen((node.data as TaskNodeData).jobId)}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
        {large ? null : <MiniMap pannable zoomable nodeClassName={(node) => `state-${(node.data as TaskNodeData).state}`} />}
      </ReactFlow>
    </div>
  );
}
