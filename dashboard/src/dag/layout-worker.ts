import { layoutTasks, type LayoutInput } from "./layout.ts";

self.onmessage = (event: MessageEvent<LayoutInput>) => {
  const result = layoutTasks(event.data);
  (self as unknown as Worker).postMessage(result, [result.x.buffer, result.y.buffer]);
};
