/** How many classes are remembered at most; the oldest mark goes first beyond it. */
const MAX_CLASSES = 10_000;

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

  /** A seat of the class was given back through this service. */
  forget(classId: string): void {
    this.until.delete(classId);
  }
}
