/** How many classes are remembered at most; the oldest mark goes first beyond it. */
const MAX_CLASSES = 10_000;
/**
 * Holds of one class this process works on at once; the others wait their turn. Far above what
 * one class sees in normal trade; in a rush it keeps the late requests waiting (cheaply) until
 * the class is known full, instead of all of them doing the costly steps side by side.
 */
const HOLDS_AT_ONCE = 8;

/**
 * Classes this cart service recently learnt are full (C7 flash sales): inventory answered
 * CLASS_FULL, or a hold took the last seat. For `ttlMs` afterwards the cart refuses further
 * holds of such a class itself, with one read of the customer's own cart, instead of locking the
 * cart and asking accounts and inventory: when a thousand customers race for a hundred seats,
 * the nine hundred late ones are answered at a fraction of the cost.
 *
 * The mark is a hint with an expiry, never the decision to give a seat: inventory's conditional
 * decrement alone decides that. A seat freed meanwhile (an expired hold, a cancellation) can be
 * taken again once the mark expires; a seat freed through this service clears it at once.
 */
export class FullClasses {
  private readonly until = new Map<string, number>();
  private readonly turns = new Map<string, { running: number; waiting: (() => void)[] }>();

  /** @param ttlMs how long a mark holds; 0 turns the shortcut off. */
  constructor(private readonly ttlMs: number) {}

  markFull(classId: string): void {
    if (this.ttlMs <= 0) return;
    this.until.delete(classId);
    if (this.until.size >= MAX_CLASSES) this.until.delete(this.until.keys().next().value!);
    this.until.set(classId, Date.now() + this.ttlMs);
  }

  isFull(classId: string): boolean {
    const until = this.until.get(classId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.until.delete(classId);
    return false;
  }

  /** Runs a hold of the class when its turn comes (at most {@link HOLDS_AT_ONCE} at once per class, first come first served). */
  async inTurn<T>(classId: string, hold: () => Promise<T>): Promise<T> {
    let turn = this.turns.get(classId);
    if (!turn) this.turns.set(classId, (turn = { running: 0, waiting: [] }));
    if (turn.running >= HOLDS_AT_ONCE) await new Promise<void>((resolve) => turn.waiting.push(resolve));
    else turn.running++;
    try {
      return await hold();
    } finally {
      const next = turn.waiting.shift();
      if (next) next();
      else if (--turn.running === 0) this.turns.delete(classId);
    }
  }

  /** A seat of the class was given back through this service. */
  forget(classId: string): void {
    this.until.delete(classId);
  }
}
