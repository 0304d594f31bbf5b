import { existsSync, readdirSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types generated from the SDL:
 * - per subgraph, federation-aware resolver types (`src/__generated__/resolvers-types.ts`), with
 *   the subgraph's own row types as mappers, so resolvers are checked against both sides;
 * - typed operations for the end-to-end tests, from the client view of the composed API.
 * `npm run codegen:check` regenerates and fails when the committed output is stale.
 */

/** GraphQL type -> the model a resolver of that type receives, per subgraph. */
const mappers: Record<string, Record<string, string>> = {
  accounts: {
    Account: '../db/schema.js#AccountRow',
    Address: '../db/schema.js#AddressRow',
    Swimmer: '../db/schema.js#SwimmerRow',
    AuthPayload: '../domain/accounts.js#AuthResult',
  },
  cart: {
    Cart: '../db/schema.js#CartRow',
    CartItem: '../db/schema.js#CartItemRow',
    CartProblem: '../domain/pricer.js#CartProblemModel',
    CouponEligibility: '../domain/pricer.js#CouponEligibilityModel',
    PriceSummary: '../domain/pricer.js#PriceSummaryView',
    PricedLine: '@shop/platform#PricedLineSnapshot',
    Discount: '@shop/platform#DiscountSnapshot',
    Promotion: '../db/schema.js#PromotionRow',
    Product: '../domain/promotions.js#ProductRef',
  },
  inventory: {
    Product: '../db/schema.js#ProductRow',
    Sku: '../db/schema.js#SkuRow',
    Shelf: '../db/schema.js#ShelfRow',
    ShelfItem: '../db/schema.js#ShelfItemRow',
    ShelfEvent: '../db/schema.js#ShelfEventRow',
    Warehouse: '../db/schema.js#WarehouseRow',
    WarehouseStock: '../db/schema.js#StockRow',
    SwimClass: '../db/schema.js#SwimClassRow',
    Swimmer: '../db/schema.js#SwimmerRef',
    Account: '../db/schema.js#AccountRef',
    ClassRegistration: '../db/schema.js#RegistrationRow',
    WaitlistEntry: '../domain/waitlist.js#PlacedEntry',
  },
  coupons: {
    Coupon: '../db/schema.js#CouponRow',
    Account: '../db/schema.js#AccountRef',
  },
  notifications: {
    Notification: '../db/schema.js#NotificationRow',
    Delivery: '../db/schema.js#DeliveryRow',
  },
  orders: {
    Order: '../db/schema.js#OrderRow',
    OrderItem: '../db/schema.js#OrderLine',
    OrderChange: '../db/schema.js#OrderHistoryRow',
    OrderStatusEvent: '../db/schema.js#OrderHistoryRow',
    OrderAddress: '../db/schema.js#AddressSnapshot',
  },
  payments: {
    Payment: '../db/schema.js#PaymentRow',
    Refund: '../db/schema.js#RefundRow',
    PaymentMethod: '@shop/platform#PaymentMethodConfig',
    Order: '../db/schema.js#EntityRef',
    Account: '../db/schema.js#EntityRef',
  },
};

const subgraphs = readdirSync('subgraphs').filter((name) => existsSync(`subgraphs/${name}/src/schema.graphql`));

const config: CodegenConfig = {
  overwrite: true,
  generates: {
    ...Object.fromEntries(
      subgraphs.map((name) => [
        `subgraphs/${name}/src/__generated__/resolvers-types.ts`,
        {
          schema: `subgraphs/${name}/src/schema.graphql`,
          plugins: ['typescript', 'typescript-resolvers'],
          config: {
            federation: true,
            useTypeImports: true,
            enumsAsTypes: true,
            contextType: '@shop/platform#SubgraphContext',
            mappers: mappers[name] ?? {},
            useIndexSignature: true,
            scalars: { ID: 'string' },
          },
        },
      ]),
    ),
    'e2e/__generated__/operations.ts': {
      schema: 'schema/api.graphql',
      documents: 'e2e/operations/**/*.graphql',
      plugins: ['typescript-operations', 'typed-document-node'],
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { ID: 'string' }, avoidOptionals: false },
    },
  },
};

export default config;
