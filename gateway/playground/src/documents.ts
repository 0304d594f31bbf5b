/**
 * The operator documents the playground offers as ready-made tabs. Each is a real operation of
 * the client contract (`../shared/API.md`); add new ones here as the schema grows.
 *
 * Nothing is marked by hand as "served": when the gateway builds the playground it validates
 * every document against `schema/api.graphql` and ships only those the current supergraph
 * serves, so a document for a capability that has not landed yet stays hidden until it does.
 * Keep this module free of imports: the build reads it in Node, the page only sees the result.
 */

/** One ready-made tab: the operation text and example variables. */
export interface PlaygroundDocument {
  /** Shown in the documents panel; the tab itself is titled by the operation name. */
  title: string;
  query: string;
  /** Example variables, pretty-printed into the variables editor. */
  variables?: Record<string, unknown>;
}

/** Money in minor units, as API.md's `MoneyInput`. */
const eur = (amount: number) => ({ amount, currency: 'EUR' });

export const DOCUMENTS: readonly PlaygroundDocument[] = [
  {
    title: 'Who am I',
    query: `query Me {
  me {
    id
    email
    name
    roles
    level
    channels
    addresses { id name city country postalCode }
  }
}`,
  },
  {
    title: 'List accounts',
    query: `query Accounts($search: String, $first: Int, $after: String) {
  accounts(search: $search, first: $first, after: $after) {
    edges { cursor node { id email name roles level } }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: { search: null, first: 20 },
  },
  {
    title: 'Sign up a customer',
    query: `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    token
    account { id email name roles level }
  }
}`,
    variables: { input: { email: 'ann@example.com', password: 'correct horse', name: 'Ann', channels: ['EMAIL'] } },
  },
  {
    title: 'Log in',
    query: `mutation LogIn($email: String!, $password: String!) {
  logIn(email: $email, password: $password) {
    token
    account { id email roles }
  }
}`,
    variables: { email: 'ann@example.com', password: 'correct horse' },
  },
  {
    title: 'Grant a role',
    query: `mutation GrantRole($accountId: ID!, $role: Role!) {
  grantRole(accountId: $accountId, role: $role) { id email roles }
}`,
    variables: { accountId: 'ACCOUNT_ID', role: 'OPERATOR' },
  },
  {
    title: 'Set a customer level',
    query: `mutation SetCustomerLevel($accountId: ID!, $level: CustomerLevel!) {
  setCustomerLevel(accountId: $accountId, level: $level) { id email level }
}`,
    variables: { accountId: 'ACCOUNT_ID', level: 'VIP' },
  },
  {
    title: 'Add an address',
    query: `mutation AddAddress($input: AddressInput!) {
  addAddress(input: $input) { id name line1 city region country postalCode }
}`,
    variables: {
      input: { name: 'Ann', line1: '1 Pool Street', city: 'Lyon', region: 'ARA', country: 'FR', postalCode: '69001' },
    },
  },
  {
    title: 'Create a product with SKUs',
    query: `mutation CreateProduct($input: ProductInput!) {
  createProduct(input: $input) {
    id
    name
    skus { id code name }
  }
}`,
    variables: {
      input: {
        name: 'Swim goggles',
        description: 'Anti-fog, adjustable strap',
        skus: [
          { code: 'GOG-BLUE', name: 'Goggles, blue' },
          { code: 'GOG-RED', name: 'Goggles, red' },
        ],
      },
    },
  },
  {
    title: 'Create a warehouse',
    query: `mutation CreateWarehouse($input: WarehouseInput!) {
  createWarehouse(input: $input) { id code name region }
}`,
    variables: { input: { code: 'LYS-1', name: 'Lyon central', region: 'ARA' } },
  },
  {
    title: 'Set stock',
    query: `mutation SetStock($warehouseId: ID!, $skuId: ID!, $quantity: Int!) {
  setStock(warehouseId: $warehouseId, skuId: $skuId, quantity: $quantity) {
    quantity
    reserved
    warehouse { code }
    sku { code displayStock realStock }
  }
}`,
    variables: { warehouseId: 'WAREHOUSE_ID', skuId: 'SKU_ID', quantity: 100 },
  },
  {
    title: 'Put on shelf with level prices and freight',
    query: `mutation PutOnShelf($input: PutOnShelfInput!) {
  putOnShelf(input: $input) {
    id
    status
    startsAt
    endsAt
    freight { amount currency }
    items {
      sku { code }
      shelfQuantity
      remaining
      originalPrice { amount currency }
      prices { level price { amount currency } }
    }
  }
}`,
    variables: {
      input: {
        productId: 'PRODUCT_ID',
        endsAt: '2026-12-31T23:00:00Z',
        freight: eur(490),
        items: [
          {
            skuId: 'SKU_ID',
            shelfQuantity: 50,
            originalPrice: eur(1999),
            prices: [
              { level: 'REGULAR', price: eur(1799) },
              { level: 'VIP', price: eur(1599) },
              { level: 'PROMOTER', price: eur(1499) },
            ],
          },
        ],
      },
    },
  },
  {
    title: 'Take off shelf',
    query: `mutation TakeOffShelf($productId: ID!) {
  takeOffShelf(productId: $productId) { id status endsAt }
}`,
    variables: { productId: 'PRODUCT_ID' },
  },
  {
    title: 'Shelf history',
    query: `query ShelfHistory($productId: ID!) {
  shelfHistory(productId: $productId) {
    at
    action
    actor
    shelf { id status startsAt endsAt }
  }
}`,
    variables: { productId: 'PRODUCT_ID' },
  },
  {
    title: 'Create a swim class',
    query: `mutation CreateSwimClass($input: SwimClassInput!) {
  createSwimClass(input: $input) {
    id
    title
    startsAt
    seatsTotal
    seatsRemain
    price { amount currency }
  }
}`,
    variables: { input: { title: 'Beginners, Saturday 10:00', startsAt: '2026-12-05T10:00:00Z', seatsTotal: 8, price: eur(12000) } },
  },
  {
    title: 'Create a coupon',
    query: `mutation CreateCoupon($input: CouponInput!) {
  createCoupon(input: $input) {
    id
    code
    kind
    value
    minSubtotal { amount currency }
    maxUses
    usesRemaining
    perCustomerLimit
  }
}`,
    // Coupon amounts are in the shop currency (SHOP_CURRENCY, USD unless configured).
    variables: { input: { code: 'WINTER10', kind: 'PERCENT', value: 10, minSubtotal: { amount: 3000, currency: 'USD' }, maxUses: 100, perCustomerLimit: 1 } },
  },
  {
    title: 'List coupons',
    query: `query Coupons($first: Int, $after: String) {
  coupons(first: $first, after: $after) {
    id
    code
    kind
    value
    startsAt
    endsAt
    usesRemaining
    region
  }
}`,
    variables: { first: 50, after: null },
  },
  {
    title: 'Create a promotion',
    query: `mutation CreatePromotion($input: PromotionInput!) {
  createPromotion(input: $input) {
    id
    name
    kind
    value
    products { id name }
    startsAt
    endsAt
    active
  }
}`,
    variables: { input: { name: 'Winter sale', kind: 'PERCENT', value: 15, productIds: ['PRODUCT_ID'], endsAt: '2026-12-31T23:00:00Z' } },
  },
  {
    title: 'List orders by status',
    query: `query OrdersByStatus($status: OrderStatus, $first: Int, $after: String) {
  allOrders(status: $status, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        status
        paymentStatus
        stockStatus
        total { amount currency }
        createdAt
        account { email }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: { status: 'SHIPPING_PENDING', first: 20 },
  },
  {
    title: 'Ship an order',
    query: `mutation ShipOrder($orderId: ID!) {
  shipOrder(orderId: $orderId) {
    id
    status
    shipment { status trackingNo shippedAt }
  }
}`,
    variables: { orderId: 'ORDER_ID' },
  },
  {
    title: 'Credit a customer wallet',
    query: `mutation CreditWallet($accountId: ID!, $amount: MoneyInput!, $reason: String) {
  creditWallet(accountId: $accountId, amount: $amount, reason: $reason) { amount currency }
}`,
    variables: { accountId: 'ACCOUNT_ID', amount: eur(1000), reason: 'goodwill' },
  },
  {
    title: 'Refund an order',
    query: `mutation RequestRefund($input: RefundInput!) {
  requestRefund(input: $input) {
    id
    orderId
    status
    reason
    amount { amount currency }
  }
}`,
    variables: { input: { orderId: 'ORDER_ID', amount: eur(1000), reason: 'damaged in transit', idempotencyKey: 'refund-ORDER_ID-1' } },
  },
  {
    title: "Watch an order's status live",
    query: `subscription WatchOrderStatus($orderId: ID) {
  orderStatusChanged(orderId: $orderId) {
    from
    to
    at
    order { id status paymentStatus }
  }
}`,
    variables: { orderId: 'ORDER_ID' },
  },
  {
    title: "Watch a class's free seats live",
    query: `subscription WatchClassSeats($classId: ID!) {
  classSeatsChanged(classId: $classId) {
    id
    title
    seatsTotal
    seatsRemain
  }
}`,
    variables: { classId: 'CLASS_ID' },
  },
];
