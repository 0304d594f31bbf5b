/** A message on its way to one address. */
export interface OutgoingMessage {
  address: string;
  title: string;
  body: string;
}

/** Sends on one channel; throws when the provider refuses, and the delivery is retried. */
export interface Sender {
  readonly channel: 'EMAIL' | 'SMS';
  send(message: OutgoingMessage): Promise<void>;
}

/**
 * Simulated mail: accepts any well-formed address except the reserved `bounce.example` domain,
 * which always bounces, so failure and retry paths can be exercised end to end.
 */
export class SimulatedMailSender implements Sender {
  readonly channel = 'EMAIL' as const;

  async send({ address }: OutgoingMessage): Promise<void> {
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) throw new Error(`not an email address: ${address}`);
    if (address.toLowerCase().endsWith('@bounce.example')) throw new Error('mailbox unavailable (550)');
  }
}

/**
 * Simulated SMS gateway: numbers in the reserved +999 range are unreachable, so failure and
 * retry paths can be exercised end to end.
 */
export class SimulatedSmsSender implements Sender {
  readonly channel = 'SMS' as const;

  async send({ address }: OutgoingMessage): Promise<void> {
    if (!/^\+?\d{6,15}$/.test(address)) throw new Error(`not a phone number: ${address}`);
    if (address.startsWith('+999')) throw new Error('number unreachable');
  }
}
