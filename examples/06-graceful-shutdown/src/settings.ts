// The server's settings, read from the environment. `npm run serve`, the
// process managers' files and the Kubernetes manifest set them; the tests
// check those files against these defaults.

// #region settings
export const defaults = {
  port: 3000,
  /** How long responses and tasks get once the drain has started. */
  deadlineMs: 8000,
  /** How long the app keeps serving after the signal, with GET /ready
   * answering 503, before it closes its listener and drains. 0 where no
   * load balancer routes to it; a few seconds on Kubernetes. */
  drainDelayMs: 0,
};

export type Settings = typeof defaults;

/** PORT, SHUTDOWN_DEADLINE_MS and DRAIN_DELAY_MS, or their defaults. */
export function settingsFrom(
  env: Record<string, string | undefined>,
): Settings {
  const number = (name: string, fallback: number) =>
    env[name] === undefined ? fallback : Number(env[name]);
  return {
    port: number('PORT', defaults.port),
    deadlineMs: number('SHUTDOWN_DEADLINE_MS', defaults.deadlineMs),
    drainDelayMs: number('DRAIN_DELAY_MS', defaults.drainDelayMs),
  };
}
// #endregion settings
