// The sample Kubernetes Deployment (deploy/kubernetes.yaml), read as
// Kubernetes reads it, against the example's own settings and routes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { settingsFrom } from '../src/settings.js';

interface Container {
  command: string[];
  env: { name: string; value: string }[];
  ports: { containerPort: number }[];
  readinessProbe: { httpGet: { path: string; port: number } };
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
}
const file = new URL('../deploy/kubernetes.yaml', import.meta.url);
const deployment = parse(readFileSync(fileURLToPath(file), 'utf8'));
const pod = deployment.spec.template.spec as {
  terminationGracePeriodSeconds: number;
  containers: Container[];
};
const [container] = pod.containers as [Container];
const env = Object.fromEntries(container.env.map((e) => [e.name, e.value]));
const settings = settingsFrom(env);

describe('the Kubernetes Deployment', () => {
  it('gives the pod a grace period longer than its preStop sleep, the drain delay and the deadline together, with both waits set', () => {
    expect(deployment.kind).toBe('Deployment');
    const preStopMs =
      (container.lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
    expect(preStopMs).toBeGreaterThan(0);
    expect(settings.drainDelayMs).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      preStopMs + settings.drainDelayMs + settings.deadlineMs,
    );
  });

  it('runs Node itself, probes GET /ready on the port the app listens on', () => {
    expect(container.command.slice(0, 1)).toEqual(['node']);
    expect(container.command).toContain('src/server.ts');
    expect(container.ports).toEqual([{ containerPort: settings.port }]);
    expect(container.readinessProbe.httpGet).toEqual({
      path: '/ready',
      port: settings.port,
    });
  });
});
