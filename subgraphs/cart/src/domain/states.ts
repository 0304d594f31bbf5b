import { AppError, ErrorCode } from '@shop/platform';

/** Every state of API.md's `CartState` (MISSION C3). */
export const CART_STATES = ['ACTIVE', 'PENDING', 'CHECKING', 'APPLIED', 'DONE', 'EXPIRING', 'EXPIRED', 'CANCELING', 'CANCELED'] as const;
export type CartState = (typeof CART_STATES)[number];

/**
 * The cart state machine as a transition table (ARCHITECTURE.md): the main path ACTIVE -> PENDING
 * -> CHECKING -> APPLIED -> DONE, expiry PENDING|CHECKING -> EXPIRING -> EXPIRED, cancel
 * ACTIVE|PENDING|CHECKING -> CANCELING -> CANCELED. The -ING states are persisted before the
 * step that ends them runs, so a crash leaves a state the recovery job knows how to finish (C4).
 */
export const CART_TRANSITIONS: Readonly<Record<CartState, readonly CartState[]>> = {
  ACTIVE: ['PENDING', 'CANCELING'],
  PENDING: ['CHECKING', 'EXPIRING', 'CANCELING'],
  CHECKING: ['APPLIED', 'EXPIRING', 'CANCELING'],
  APPLIED: ['DONE'],
  EXPIRING: ['EXPIRED'],
  CANCELING: ['CANCELED'],
  DONE: [],
  EXPIRED: [],
  CANCELED: [],
};

/** States whose cart is not the account's current one any more (the partial unique index says the same). */
export const FINISHED_STATES: readonly CartState[] = ['APPLIED', 'DONE', 'EXPIRED', 'CANCELED'];

/** States in which the customer may change the lines. */
export const EDITABLE_STATES: readonly CartState[] = ['ACTIVE', 'PENDING'];

export function canTransition(from: CartState, to: CartState): boolean {
  return CART_TRANSITIONS[from].includes(to);
}

/** `to` if the table allows it from `from`; INVALID_STATE otherwise. */
export function transition(from: CartState, to: CartState): CartState {
  if (!canTransition(from, to)) throw new AppError(ErrorCode.INVALID_STATE, `A cart cannot go from ${from} to ${to}`, { state: from });
  return to;
}

/** CART_NOT_EDITABLE unless the customer may still change the cart's lines. */
export function assertEditable(state: CartState): void {
  if (!EDITABLE_STATES.includes(state)) {
    throw new AppError(ErrorCode.CART_NOT_EDITABLE, `The cart is ${state} and can no longer be changed`, { state });
  }
}
