import { randomUUID } from 'node:crypto';
import { eventually } from '@shop/platform/testing';
import {
  AddAddressDocument,
  AddClassToCartDocument,
  AddSwimmerDocument,
  AddToCartDocument,
  CartSummaryDocument,
  CheckoutDocument,
  CreateCouponDocument,
  CreateProductDocument,
  CreateSwimClassDocument,
  CreateWarehouseDocument,
  GrantRoleDocument,
  LogInDocument,
  OrderDocument,
  PayOrderDocument,
  PutOnShelfDocument,
  RedeemCouponDocument,
  SetStockDocument,
  SignUpDocument,
  type CheckoutInput,
  type CouponInput,
  type OrderQuery,
  type Role,
} from '../__generated__/operations.js';
import { ADMIN, ok, uniqueEmail, type TestSystem } from './system.js';
import { WebhookSender } from './webhooks.js';

export const CURRENCY = 'USD';
export const WEBHOOK_SECRET = 'orders-e2e-webhook-secret';
export const usd = (amount: number) => ({ amount, currency: CURRENCY });

/** What a shop under test needs for orders: the shop currency, manual webhooks with a known secret. */
export const SHOP_ENV = { SHOP_CURRENCY: CURRENCY, PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET, PAYMENT_PROVIDER_MODE: 'manual' };

export interface Customer {
  token: string;
  accountId: string;
  /** Null for a customer made without an address (checkout without one). */
  addressId: string | null;
}

export type Order = NonNullable<OrderQuery['order']>;

let seq = 0;
const tag = () => `${Date.now().toString(36)}${(seq++).toString(36)}`.toUpperCase();

/**
 * A shop to order from, set up through the gateway as operators do it: products on shelf with
 * stock in a warehouse, classes, coupons, customers with an address; and the provider's side
 * (signed webhooks) for payments.
 */
export class Shop {
  readonly provider: WebhookSender;

  private constructor(
    readonly system: TestSystem,
    readonly admin: string,
  ) {
    this.provider = new WebhookSender(system.url, WEBHOOK_SECRET);
  }

  static async open(system: TestSystem): Promise<Shop> {
    return new Shop(system, ok(await system.gql(LogInDocument, ADMIN)).logIn.token);
  }

  /** A new customer with one address (in `region`), or none when `region` is null. */
  async customer(region: string | null = 'CA'): Promise<Customer> {
    const { token, account } = ok(
      await this.system.gql(SignUpDocument, { input: { email: uniqueEmail('buyer'), password: 'correct horse', name: 'Buyer' } }),
    ).signUp;
    if (region === null) return { token, accountId: account.id, addressId: null };
    const address = ok(
      await this.system.gql(
        AddAddressDocument,
        { input: { name: 'Buyer', line1: '1 Main St', city: 'Springfield', region, country: 'US', postalCode: '12345' } },
        token,
      ),
    ).addAddress;
    return { token, accountId: account.id, addressId: address.id };
  }

  /** Many customers without an address (sign-ups are slow: they run `parallel` at a time). */
  async customers(count: number, parallel = 20): Promise<Customer[]> {
    const out: Customer[] = [];
    for (let i = 0; i < count; i += parallel) {
      out.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, () => this.customer(null)))));
    }
    return out;
  }

  /** A staff account holding `role`. */
  async staff(role: Role): Promise<string> {
    const { token, account } = ok(
      await this.system.gql(SignUpDocument, { input: { email: uniqueEmail(role.toLowerCase()), password: 'correct horse', name: 'Staff' } }),
    ).signUp;
    ok(await this.system.gql(GrantRoleDocument, { accountId: account.id, role }, this.admin));
    return token;
  }

  /** A product with one SKU on shelf now at `price` for every level, `units` in one warehouse. */
  async product(units: number, price = 1000, options: { shelfQuantity?: number; freight?: number } = {}) {
    const code = `ORD-${tag()}`;
    const product = ok(await this.system.gql(CreateProductDocument, { input: { name: `Goggles ${code}`, skus: [{ code, name: 'One size' }] } }, this.admin)).createProduct;
    const skuId = product.skus[0].id;
    const warehouse = ok(await this.system.gql(CreateWarehouseDocument, { input: { code: `W-${code}`, name: 'Depot' } }, this.admin)).createWarehouse;
    ok(await this.system.gql(SetStockDocument, { warehouseId: warehouse.id, skuId, quantity: units }, this.admin));
    ok(
      await this.system.gql(
        PutOnShelfDocument,
        {
          input: {
            productId: product.id,
            freight: usd(options.freight ?? 0),
            items: [
              {
                skuId,
                shelfQuantity: options.shelfQuantity ?? units,
                originalPrice: usd(price),
                prices: (['REGULAR', 'VIP', 'PROMOTER'] as const).map((level) => ({ level, price: usd(price) })),
              },
            ],
          },
        },
        this.admin,
      ),
    );
    return { productId: product.id, skuId, code, warehouseId: warehouse.id };
  }

  /** A class starting in a week with `seats` seats. */
  async swimClass(seats: number, price = 2000): Promise<string> {
    const startsAt = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
    return ok(await this.system.gql(CreateSwimClassDocument, { input: { title: `Class ${tag()}`, startsAt, seatsTotal: seats, price: usd(price) } }, this.admin))
      .createSwimClass.id;
  }

  /** A coupon created by an operator and redeemed into the customer's wallet; returns its code. */
  async coupon(customer: Customer, input: Partial<CouponInput> = {}): Promise<string> {
    const code = input.code ?? `C${tag()}`;
    ok(await this.system.gql(CreateCouponDocument, { input: { kind: 'AMOUNT', value: 100, ...input, code } }, this.admin));
    await this.redeem(customer, code);
    return code;
  }

  /** An existing coupon into the customer's wallet of coupons. */
  async redeem(customer: Customer, code: string) {
    ok(await this.system.gql(RedeemCouponDocument, { code }, customer.token));
  }

  async addToCart(customer: Customer, skuId: string, quantity = 1) {
    return ok(await this.system.gql(AddToCartDocument, { skuId, quantity }, customer.token)).addToCart;
  }

  /** A swimmer of the customer's holding a seat of the class in the cart. */
  async addClass(customer: Customer, classId: string) {
    const swimmer = ok(await this.system.gql(AddSwimmerDocument, { input: { name: `Swimmer ${tag()}` } }, customer.token)).addSwimmer;
    return ok(await this.system.gql(AddClassToCartDocument, { classId, swimmerId: swimmer.id }, customer.token)).addClassToCart;
  }

  /** The cart's total as the app shows it (for expectedTotal). */
  async cartTotal(customer: Customer, couponCodes: string[] = []) {
    return ok(await this.system.gql(CartSummaryDocument, { couponCodes, addressId: customer.addressId }, customer.token)).cart.priceSummary.total;
  }

  checkout(customer: Customer, input: Partial<CheckoutInput> = {}) {
    return this.system.gql(
      CheckoutDocument,
      { input: { idempotencyKey: `checkout-${randomUUID()}`, paymentMethod: 'card', addressId: customer.addressId, ...input } },
      customer.token,
    );
  }

  /** Checks the cart out; the order must come back PAY_PENDING. */
  async order(customer: Customer, input: Partial<CheckoutInput> = {}) {
    return ok(await this.checkout(customer, input)).checkout;
  }

  async read(customer: Customer | string, orderId: string): Promise<Order> {
    const token = typeof customer === 'string' ? customer : customer.token;
    return ok(await this.system.gql(OrderDocument, { id: orderId }, token)).order!;
  }

  /** Waits until the order satisfies `done` (events travel through the bus). */
  until(customer: Customer | string, orderId: string, done: (order: Order) => boolean, timeoutMs = 15_000): Promise<Order> {
    return eventually(async () => {
      const order = await this.read(customer, orderId);
      return done(order) ? order : null;
    }, timeoutMs);
  }

  /** Pays (part of) the order with `method`; returns the payment (PENDING, or CAPTURED for the wallet). */
  async pay(customer: Customer, orderId: string, method = 'card', amount?: number) {
    return ok(await this.system.gql(PayOrderDocument, { orderId, method, amount: amount === undefined ? undefined : usd(amount) }, customer.token)).pay;
  }

  /** The provider authorizes and captures a payment. */
  async capture(orderId: string, payment: { id: string; amount: { amount: number } }) {
    const data = { paymentId: payment.id, orderId, amount: usd(payment.amount.amount) };
    await this.provider.send('payment.authorized', data);
    await this.provider.send('payment.captured', data);
  }

  /** Pays the whole order by card and captures it. */
  async payInFull(customer: Customer, orderId: string) {
    const payment = await this.pay(customer, orderId);
    await this.capture(orderId, payment);
    return payment;
  }
}
