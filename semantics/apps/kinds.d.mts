import type { AsyncLocalStorage } from 'node:async_hooks';

/** Schedules `fn` after the response, the system's own way. */
export type Add = (name: string, fn: () => unknown) => void;
export function emit(
  ev: string,
  id: string,
  task?: string,
  extra?: object,
): void;
export const requestContext: AsyncLocalStorage<string>;
export function order(
  kind: string,
  id: string,
  ms: number,
  add: Add,
): Promise<number>;
export function listening(port: number): void;
