/** Where an order's coupon uses stand. */
export type UseStatus = 'RESERVED' | 'CONSUMED' | 'RELEASED';

/**
 * The moves of an order's coupon uses. Reserved at checkout; consumed when the order is paid;
 * released when it is cancelled, expires or its payment fails — also after payment, when a paid
 * order is cancelled, because the order that used the coupon no longer stands. RELEASED is final:
 * a late consume leaves it released, and a late reserve fails.
 */
export const USE_TRANSITIONS: Record<UseStatus, readonly UseStatus[]> = {
  RESERVED: ['CONSUMED', 'RELEASED'],
  CONSUMED: ['RELEASED'],
  RELEASED: [],
};

export const canMove = (from: UseStatus, to: UseStatus) => USE_TRANSITIONS[from].includes(to);

/** The statuses whose uses count against the per-customer limit. */
export const HOLDING_STATUSES: readonly UseStatus[] = ['RESERVED', 'CONSUMED'];
