// A promise the test opens by hand: how tests (and the demos) hold a task or a
// handler at a known point without sleeping.
export interface Latch<T = void> {
  /** Resolves when `open` is called. */
  readonly opened: Promise<T>;
  open(value: T): void;
}

export function latch<T = void>(): Latch<T> {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => (open = resolve));
  return { opened, open };
}
