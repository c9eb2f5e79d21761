import { singleton } from 'tsyringe';

/** One order, as the demo's pretend shop records it. */
export interface Order {
  readonly id: number;
  readonly amount: number;
  readonly at: Date;
}

/**
 * The app's data store: in memory here, a database client in a real app. `@singleton()` makes every
 * service that injects it (and every scheduled method's `this`) share the one instance.
 */
@singleton()
export class Database {
  readonly #orders: Order[] = [];
  #nextId = 1;

  insert(amount: number, at: Date): Order {
    const order = { id: this.#nextId++, amount, at };
    this.#orders.push(order);
    return order;
  }

  /** Orders placed since `since`, after a pretend round trip. */
  async ordersSince(since: Date, signal: AbortSignal): Promise<readonly Order[]> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    signal.throwIfAborted();
    return this.#orders.filter((order) => order.at >= since);
  }

  /** Drops orders older than `before`; returns how many went. */
  compact(before: Date): number {
    const kept = this.#orders.filter((order) => order.at >= before);
    const dropped = this.#orders.length - kept.length;
    this.#orders.splice(0, this.#orders.length, ...kept);
    return dropped;
  }

  get orderCount(): number {
    return this.#orders.length;
  }
}
