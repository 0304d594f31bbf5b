/** The payment and refund state machines (S7, S9, M2): arrival order never changes the outcome. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextPaymentState, nextRefundState, type PaymentSignal, type PaymentState, type RefundSignal, type RefundState } from './states.js';

const replay = (signals: PaymentSignal[]) =>
  signals.reduce<PaymentState>((state, signal) => nextPaymentState(state, signal) ?? state, 'PENDING');

/** The one state a set of signals must end in, whatever their order (captured > failed > authorized). */
function expected(signals: PaymentSignal[]): PaymentState {
  if (signals.includes('captured')) return 'CAPTURED';
  if (signals.includes('failed')) return 'FAILED';
  return signals.includes('authorized') ? 'AUTHORIZED' : 'PENDING';
}

describe('payment transitions', () => {
  it('follow the happy path PENDING -> AUTHORIZED -> CAPTURED', () => {
    expect(nextPaymentState('PENDING', 'authorized')).toBe('AUTHORIZED');
    expect(nextPaymentState('AUTHORIZED', 'captured')).toBe('CAPTURED');
  });

  it('capture directly when captured arrives before authorized, and drop the late authorized', () => {
    expect(nextPaymentState('PENDING', 'captured')).toBe('CAPTURED');
    expect(nextPaymentState('CAPTURED', 'authorized')).toBeNull();
  });

  it('record but do not apply a failed after captured', () => {
    expect(nextPaymentState('CAPTURED', 'failed')).toBeNull();
  });

  it('fail from PENDING and AUTHORIZED; a late authorized does not revive a failed payment', () => {
    expect(nextPaymentState('PENDING', 'failed')).toBe('FAILED');
    expect(nextPaymentState('AUTHORIZED', 'failed')).toBe('FAILED');
    expect(nextPaymentState('FAILED', 'authorized')).toBeNull();
  });

  it('end in the same state for any order and any duplicates of the same signals', () => {
    const signal = fc.constantFrom<PaymentSignal>('authorized', 'captured', 'failed');
    fc.assert(
      fc.property(fc.array(signal, { maxLength: 9 }), fc.infiniteStream(fc.nat()), (signals, seeds) => {
        const shuffled = [...signals];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = seeds.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(replay(shuffled)).toBe(expected(signals));
      }),
    );
  });
});

describe('refund transitions', () => {
  it('end a PENDING refund with either result and apply nothing after it', () => {
    const results: RefundSignal[] = ['succeeded', 'failed'];
    for (const first of results) {
      const end = nextRefundState('PENDING', first) as RefundState;
      expect(end).toBe(first === 'succeeded' ? 'SUCCEEDED' : 'FAILED');
      for (const late of results) expect(nextRefundState(end, late)).toBeNull();
    }
  });
});
