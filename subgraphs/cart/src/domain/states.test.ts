/** The cart state machine (MISSION C3): every CartState, the allowed moves and nothing else. */
import { describe, expect, it } from 'vitest';
import { AppError } from '@shop/platform';
import { CART_STATES, CART_TRANSITIONS, EDITABLE_STATES, assertEditable, canTransition, transition, type CartState } from './states.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as AppError).code;
  }
  return undefined;
};

describe('cart transition table', () => {
  it('has a row for every state of API.md and only those', () => {
    expect(Object.keys(CART_TRANSITIONS).sort()).toEqual([...CART_STATES].sort());
    expect(CART_STATES).toEqual(['ACTIVE', 'PENDING', 'CHECKING', 'APPLIED', 'DONE', 'EXPIRING', 'EXPIRED', 'CANCELING', 'CANCELED']);
  });

  it('allows exactly the moves of ARCHITECTURE.md', () => {
    const allowed = CART_STATES.flatMap((from) => CART_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      [
        'ACTIVE->PENDING',
        'PENDING->CHECKING',
        'CHECKING->APPLIED',
        'APPLIED->DONE',
        'PENDING->EXPIRING',
        'CHECKING->EXPIRING',
        'EXPIRING->EXPIRED',
        'ACTIVE->CANCELING',
        'PENDING->CANCELING',
        'CHECKING->CANCELING',
        'CANCELING->CANCELED',
      ].sort(),
    );
  });

  it('refuses every other move with INVALID_STATE', () => {
    for (const from of CART_STATES) {
      for (const to of CART_STATES) {
        if (canTransition(from, to)) expect(transition(from, to)).toBe(to);
        else expect(code(() => transition(from, to)), `${from}->${to}`).toBe('INVALID_STATE');
      }
    }
  });

  it('ends in DONE, EXPIRED and CANCELED, and every state reaches an end', () => {
    const ends = CART_STATES.filter((s) => CART_TRANSITIONS[s].length === 0);
    expect(ends.sort()).toEqual(['CANCELED', 'DONE', 'EXPIRED']);
    const reachesEnd = (s: CartState, seen = new Set<CartState>()): boolean =>
      ends.includes(s) || (!seen.has(s) && CART_TRANSITIONS[s].some((n) => reachesEnd(n, new Set([...seen, s]))));
    for (const s of CART_STATES) expect(reachesEnd(s), s).toBe(true);
  });

  it('lets the customer edit only ACTIVE and PENDING carts', () => {
    expect(EDITABLE_STATES).toEqual(['ACTIVE', 'PENDING']);
    for (const s of CART_STATES) expect(code(() => assertEditable(s)), s).toBe(EDITABLE_STATES.includes(s) ? undefined : 'CART_NOT_EDITABLE');
  });
});
