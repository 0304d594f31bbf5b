import { describe, expect, it } from 'vitest';
import { AppError } from '@shop/platform';
import { REGISTRATION_TRANSITIONS, assertMove, canMove, type RegistrationStatus } from './registration-status.js';

const ALL: RegistrationStatus[] = ['HELD', 'REGISTERED', 'CANCELED'];

describe('registration transitions', () => {
  it('allow exactly HELD -> REGISTERED | CANCELED and REGISTERED -> CANCELED', () => {
    const allowed = ALL.flatMap((from) => ALL.filter((to) => canMove(from, to)).map((to) => `${from}->${to}`));
    expect(allowed).toEqual(['HELD->REGISTERED', 'HELD->CANCELED', 'REGISTERED->CANCELED']);
  });

  it('end at CANCELED and never go back to HELD', () => {
    expect(REGISTRATION_TRANSITIONS.CANCELED).toEqual([]);
    for (const from of ALL) expect(canMove(from, 'HELD')).toBe(false);
  });

  it('refuse a move the table does not allow with INVALID_STATE', () => {
    expect(() => assertMove('REGISTERED', 'HELD')).toThrowError(AppError);
    try {
      assertMove('CANCELED', 'REGISTERED');
    } catch (err) {
      expect((err as AppError).code).toBe('INVALID_STATE');
    }
    expect(() => assertMove('HELD', 'CANCELED')).not.toThrow();
  });
});
