import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * How a payment method is paid (S5, L1): PAY_NOW through the provider at once, PAY_IN_STORE
 * later at the counter (longer timeout), WALLET from the customer's balance in payments.
 */
export type PaymentMethodKind = 'PAY_NOW' | 'PAY_IN_STORE' | 'WALLET';

export interface PaymentMethodConfig {
  code: string;
  name: string;
  kind: PaymentMethodKind;
  /** An order left unpaid this long with this method is cancelled (C3: 15 min pay-now, 24 h in store). */
  timeoutMs: number;
}

const fileSchema = z.object({
  methods: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z0-9_-]{1,32}$/),
        name: z.string().min(1),
        kind: z.enum(['PAY_NOW', 'PAY_IN_STORE', 'WALLET']),
        timeoutMinutes: z.number().positive(),
      }),
    )
    .min(1),
});

/** The configuration that ships: card (pay now), store (pay in store), wallet. */
export const DEFAULT_PAYMENT_METHODS_PATH = fileURLToPath(new URL('../../payment-methods.json', import.meta.url));

/**
 * Reads the payment methods from the file `PAYMENT_METHODS` names (default: the one that ships),
 * so methods and their timeouts are configuration, not code (S5). Throws on a malformed file.
 */
export function loadPaymentMethods(path: string | undefined): PaymentMethodConfig[] {
  const file = path ?? DEFAULT_PAYMENT_METHODS_PATH;
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`PAYMENT_METHODS ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const codes = new Set<string>();
  return parsed.data.methods.map((m) => {
    if (codes.has(m.code)) throw new Error(`PAYMENT_METHODS ${file}: method ${m.code} appears twice`);
    codes.add(m.code);
    return { code: m.code, name: m.name, kind: m.kind, timeoutMs: Math.round(m.timeoutMinutes * 60_000) };
  });
}
