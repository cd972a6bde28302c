// The use case on its own: no server, no requests, no background tasks. Plain calls and plain objects.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CreateOrderUseCase,
  InMemoryOrderRepository,
} from '../src/create-order.js';

/** The use case with ids the test can predict: order-1, order-2, ... */
function setup() {
  let n = 0;
  const orders = new InMemoryOrderRepository();
  const useCase = new CreateOrderUseCase({
    newId: () => `order-${++n}`,
    orders,
  });
  return { useCase, orders };
}

/** Every module specifier a source file imports or re-exports from. */
function importsOf(file: string): string[] {
  const source = readFileSync(new URL(file, import.meta.url), 'utf8');
  const specifiers = /\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;
  return [...source.matchAll(specifiers)].map((m) => m[1]!);
}

describe('CreateOrderUseCase', () => {
  it('returns the new order id and the email to notify', async () => {
    const { useCase } = setup();
    const result = await useCase.execute({ email: 'alice@example.com' });
    expect(result).toEqual({
      orderId: 'order-1',
      notifyEmail: 'alice@example.com',
    });
  });

  it('saves each order under its own id', async () => {
    const { useCase, orders } = setup();
    const first = await useCase.execute({ email: 'alice@example.com' });
    expect(orders.orders.get(first.orderId)).toEqual({
      orderId: 'order-1',
      email: 'alice@example.com',
    });
    const second = await useCase.execute({ email: 'bob@example.com' });
    expect(second.orderId).toBe('order-2');
    expect([...orders.orders.values()]).toEqual([
      { orderId: 'order-1', email: 'alice@example.com' },
      { orderId: 'order-2', email: 'bob@example.com' },
    ]);
  });

  it('rejects when the order cannot be saved, so no order id goes out for it', async () => {
    const failure = new Error('database is down');
    const useCase = new CreateOrderUseCase({
      newId: () => 'order-1',
      orders: { save: () => Promise.reject(failure) },
    });
    await expect(useCase.execute({ email: 'alice@example.com' })).rejects.toBe(
      failure,
    );
  });

  it('imports nothing from Express, HTTP or the background-task lib', () => {
    const forbidden =
      /express|supertest|^(node:)?https?$|background-tasks|json-api|\/lib\//;
    // The check itself works: it finds Express and the lib in the handler layer.
    expect(importsOf('../src/app.ts').filter((s) => forbidden.test(s))).toEqual(
      expect.arrayContaining([
        'express',
        './lib/background-tasks.js',
        './lib/json-api.js',
      ]),
    );
    expect(
      importsOf('../src/create-order.ts').filter((s) => forbidden.test(s)),
    ).toEqual([]);
  });
});
