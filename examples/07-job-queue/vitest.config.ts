import { defineConfig } from 'vitest/config';

// The test files mostly wait on the queue's timers (polling, retry delays,
// expiry), not on the CPU, so two run at once even on two cores.
export default defineConfig({ test: { maxWorkers: 2 } });
