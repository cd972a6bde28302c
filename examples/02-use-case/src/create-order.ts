// The business rule for creating an order. It knows nothing of Express, HTTP
// or background tasks: it gets plain input, uses the dependencies it was built
// with, and returns plain output.

// #region use-case
export interface CreateOrderInput {
  email: string;
}

/** What the caller needs next: the id to answer with, and who to notify. */
export interface CreateOrderOutput {
  orderId: string;
  notifyEmail: string;
}

export interface Order {
  orderId: string;
  email: string;
}

export interface OrderRepository {
  save(order: Order): Promise<void>;
}

export class CreateOrderUseCase {
  private readonly newId: () => string;
  private readonly orders: OrderRepository;

  constructor(deps: { newId: () => string; orders: OrderRepository }) {
    this.newId = deps.newId;
    this.orders = deps.orders;
  }

  async execute(input: CreateOrderInput): Promise<CreateOrderOutput> {
    const order: Order = { orderId: this.newId(), email: input.email };
    await this.orders.save(order);
    // It says who should hear about the order. Sending is the caller's job.
    return { orderId: order.orderId, notifyEmail: input.email };
  }
}
// #endregion use-case

/** Keeps orders in a Map: enough for the demo and the tests. */
export class InMemoryOrderRepository implements OrderRepository {
  readonly orders = new Map<string, Order>();

  async save(order: Order): Promise<void> {
    this.orders.set(order.orderId, { ...order });
  }
}
