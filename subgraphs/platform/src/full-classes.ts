/** How many classes are remembered at most; the oldest mark goes first beyond it. */
const MAX_CLASSES = 10_000;
/**
 * Holds of one class run at once; the others wait their turn. Far above what one class sees in
 * normal trade; in a rush it keeps the late requests waiting (cheaply) until the class is known
 * full, instead of all of them doing the costly steps side by side. Enough at once that the
 * holds' round trips to the database overlap: with 8, a flash sale's first hundred holds took
 * longer than the gateway's thread was busy with them.
 */
export const HOLDS_AT_ONCE = 32;

/** A turn handed over (`slot`), or a wake-up because the class became known full. */
type Wake = 'slot' | 'full';

/**
 * Classes recently learnt to be full (C7 flash sales), and the turns holds of each class take.
 * The cart service marks a class when inventory answers CLASS_FULL or a hold takes the last
 * seat, and then refuses further holds itself with one read of the customer's own cart; the
 * gateway's flash-sale gate marks it when an answer says CLASS_FULL, and then asks the cart for
 * that refusal instead of running the whole pipeline. When a thousand customers race for a
 * hundred seats, the nine hundred late ones are answered at a fraction of the cost.
 *
 * A mark is a hint with an expiry, never the decision to give a seat: inventory's conditional
 * decrement alone decides that. A seat freed meanwhile (an expired hold, a cancellation) can be
 * taken again once the mark expires; a seat freed through the cart clears its mark at once.
 */
export class FullClasses {
  private readonly until = new Map<string, number>();
  private readonly turns = new Map<string, { running: number; waiting: ((wake: Wake) => void)[] }>();

  /** @param ttlMs how long a mark holds; 0 turns marking off. */
  constructor(private readonly ttlMs: number) {}

  /** The class is full: marked for `ttlMs`, and every hold waiting for its turn is let go to be refused. */
  markFull(classId: string): void {
    if (this.ttlMs <= 0) return;
    this.until.delete(classId);
    if (this.until.size >= MAX_CLASSES) this.until.delete(this.until.keys().next().value!);
    this.until.set(classId, Date.now() + this.ttlMs);
    const turn = this.turns.get(classId);
    if (turn) for (const wake of turn.waiting.splice(0)) wake('full');
  }

  isFull(classId: string): boolean {
    const until = this.until.get(classId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.until.delete(classId);
    return false;
  }

  /**
   * Runs a hold of the class when its turn comes: at most {@link HOLDS_AT_ONCE} at once per class,
   * first come first served. A hold of a class known full needs no turn (it is refused at once),
   * and one waiting goes at once when the class becomes known full.
   */
  async inTurn<T>(classId: string, hold: () => Promise<T>): Promise<T> {
    const slot = await this.enter(classId);
    try {
      return await hold();
    } finally {
      if (slot) this.leave(classId);
    }
  }

  /** A seat of the class was given back through this service. */
  forget(classId: string): void {
    this.until.delete(classId);
  }

  /** True when a slot was taken (to be left), false when the class is known full. */
  private async enter(classId: string): Promise<boolean> {
    for (;;) {
      if (this.isFull(classId)) return false;
      let turn = this.turns.get(classId);
      if (!turn) this.turns.set(classId, (turn = { running: 0, waiting: [] }));
      if (turn.running < HOLDS_AT_ONCE) {
        turn.running++;
        return true;
      }
      const waiting = turn.waiting;
      if ((await new Promise<Wake>((resolve) => waiting.push(resolve))) === 'slot') return true;
    }
  }

  /** Hands the slot to the next hold waiting, in order, or frees it. */
  private leave(classId: string): void {
    const turn = this.turns.get(classId)!;
    const next = turn.waiting.shift();
    if (next) next('slot');
    else if (--turn.running === 0) this.turns.delete(classId);
  }
}
