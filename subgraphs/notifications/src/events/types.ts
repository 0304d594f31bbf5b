/**
 * Events the notifications service consumes (ARCHITECTURE.md event catalogue) and the payload
 * fields it reads. Producers own the full payloads; these are the parts relied on here.
 */
export const ConsumedEvents = {
  AccountRegistered: 'AccountRegistered',
  AccountUpdated: 'AccountUpdated',
  OrderStatusChanged: 'OrderStatusChanged',
  RefundSucceeded: 'RefundSucceeded',
  RefundFailed: 'RefundFailed',
  ClassRegistered: 'ClassRegistered',
  WaitlistOffered: 'WaitlistOffered',
} as const;

export interface AccountContactPayload {
  accountId: string;
  name: string;
  email: string;
  phone: string | null;
  channels: string[];
  locale: string;
}

export interface OrderStatusChangedPayload {
  orderId: string;
  accountId: string;
  from: string | null;
  to: string;
  reason?: string | null;
}

export interface MoneyPayload {
  amount: number;
  currency: string;
}

export interface RefundResultPayload {
  refundId: string;
  orderId: string;
  accountId: string;
  amount: MoneyPayload;
  reason?: string | null;
}

export interface ClassRegisteredPayload {
  registrationId: string;
  accountId: string;
  swimmerName: string;
  classTitle: string;
  startsAt: string;
}

export interface WaitlistOfferedPayload {
  accountId: string;
  swimmerName: string;
  classTitle: string;
  holdUntil: string;
}
