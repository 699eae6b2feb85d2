// Preloaded with `node --import` by tests that check what a command loads: writes the URL of every
// module it loads to stderr, one line each, as "loaded <url>".
import { registerHooks } from "node:module";

registerHooks({
  load(url, context, nextLoad) {
    process.stderr.write(`loaded ${url}\n`);
    return nextLoad(url, context);
  },
});
