/**
 * The contracts between services: the internal operations each one offers (called through
 * {@link InternalClient}, idempotent, in-process or HTTP) and the payloads of the events each one
 * publishes (ARCHITECTURE.md event catalogue). A service imports the types of the others from
 * here and never their code, so that each can run as its own process.
 */
export * from './money.js';
export * from './accounts.js';
export * from './inventory.js';
export * from './cart.js';
export * from './coupons.js';
export * from './orders.js';
export * from './payments.js';
export * from './payment-methods.js';
