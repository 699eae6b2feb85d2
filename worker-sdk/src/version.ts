/** Sent in LeaseOpen's labels; keep in step with package.json. */
export const SDK_NAME = "@conveyor/worker-sdk";
export const SDK_VERSION = "0.1.0";
