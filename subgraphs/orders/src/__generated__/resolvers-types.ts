import type { GraphQLResolveInfo } from 'graphql';
import type { OrderRow, OrderLine, OrderHistoryRow, AddressSnapshot } from '../db/schema.js';
import type { SubgraphContext } from '@shop/platform';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type Account = {
  __typename?: 'Account';
  id: Scalars['ID']['output'];
};

export type Address = {
  __typename?: 'Address';
  id: Scalars['ID']['output'];
};

export type CheckoutInput = {
  /** One of the caller's addresses; checked against the delivery blacklist. */
  addressId?: InputMaybe<Scalars['ID']['input']>;
  couponCodes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The total the client showed; a different server total is PRICE_CHANGED. */
  expectedTotal?: InputMaybe<MoneyInput>;
  /** Chosen by the client, 8 to 100 characters; a retry sends the same one. */
  idempotencyKey: Scalars['String']['input'];
  /** A configured payment method code (paymentMethods). */
  paymentMethod: Scalars['String']['input'];
  useWallet?: InputMaybe<Scalars['Boolean']['input']>;
};

export type Discount = {
  __typename?: 'Discount';
  amount: Money;
  /** The coupon code or the promotion's name. */
  code?: Maybe<Scalars['String']['output']>;
  /** PROMOTION, COUPON or LEVEL. */
  source: Scalars['String']['output'];
};

export type Money = {
  __typename?: 'Money';
  /** Minor units (cents). */
  amount: Scalars['Int']['output'];
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
};

export type MoneyInput = {
  /** Minor units (cents), >= 0. */
  amount: Scalars['Int']['input'];
  /** ISO 4217 code. */
  currency: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Cancels an order before it ships (its owner, or OPERATOR): stock, seats and coupon uses are
   * given back and what was captured is refunded.
   */
  cancelOrder: Order;
  /**
   * Turns the caller's cart into an order in PAY_PENDING (S4): prices it on the server, books
   * stock, takes coupon uses, moves the cart to CHECKING. The same idempotencyKey with the same
   * request returns the same order; with another cart or input it is IDEMPOTENCY_CONFLICT. A
   * customer has at most one unpaid order (INVALID_STATE naming it, `extensions.orderId`).
   * With useWallet the usable wallet balance (`walletAmount`) is paid from the wallet at once (the
   * order becomes PAID_PARTIAL, or PAID when it covers everything); the app pays the rest with
   * another method.
   */
  checkout: Order;
  /** The app says it paid (S6): the order's items leave the cart; the order waits for the provider. */
  confirmPaidFromClient: Order;
  /** SHIPPING_PENDING -> SHIPPED with a tracking number (SHIPPING_OPERATOR). */
  shipOrder: Order;
};


export type MutationCancelOrderArgs = {
  orderId: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCheckoutArgs = {
  input: CheckoutInput;
};


export type MutationConfirmPaidFromClientArgs = {
  orderId: Scalars['ID']['input'];
};


export type MutationShipOrderArgs = {
  orderId: Scalars['ID']['input'];
};

export type Order = {
  __typename?: 'Order';
  account: Account;
  /** The delivery address (its id names it in the account's address book). */
  address?: Maybe<Address>;
  createdAt: Scalars['String']['output'];
  discounts: Array<Discount>;
  freight: Money;
  /**
   * Status changes, oldest first. With all: every change of the order (stock, payment, money,
   * notes), one per version.
   */
  history: Array<OrderChange>;
  /** Time-sortable, unique across instances. */
  id: Scalars['ID']['output'];
  items: Array<OrderItem>;
  /** Captured minus refunded. */
  paid: Money;
  /** When an unpaid order is cancelled. */
  payDeadline: Scalars['String']['output'];
  /** The payment method chosen at checkout. */
  paymentMethod: Scalars['String']['output'];
  paymentStatus: PaymentStatus;
  refunded: Money;
  /** Null for an order with nothing to ship. */
  shipment?: Maybe<Shipment>;
  /** The delivery address exactly as it was at checkout. */
  shippingAddress?: Maybe<OrderAddress>;
  status: OrderStatus;
  stockStatus: StockStatus;
  /** Sum of the lines before discounts. */
  subtotal: Money;
  total: Money;
  /** Changes with every change of the order (aggregate version). */
  version: Scalars['Int']['output'];
  /** The wallet part chosen at checkout (useWallet); zero when none. */
  walletAmount: Money;
};


export type OrderHistoryArgs = {
  all?: InputMaybe<Scalars['Boolean']['input']>;
};

/** A delivery address as the order keeps it. */
export type OrderAddress = {
  __typename?: 'OrderAddress';
  city: Scalars['String']['output'];
  country: Scalars['String']['output'];
  line1: Scalars['String']['output'];
  line2?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  phone?: Maybe<Scalars['String']['output']>;
  postalCode: Scalars['String']['output'];
  region: Scalars['String']['output'];
};

export type OrderChange = {
  __typename?: 'OrderChange';
  /** An account id, or system:<step> (checkout, payments, timeout, fulfilment, logistics, …). */
  actor: Scalars['String']['output'];
  at: Scalars['String']['output'];
  from?: Maybe<OrderStatus>;
  paymentStatus: PaymentStatus;
  reason?: Maybe<Scalars['String']['output']>;
  stockStatus: StockStatus;
  to: OrderStatus;
  version: Scalars['Int']['output'];
};

export type OrderConnection = {
  __typename?: 'OrderConnection';
  edges: Array<OrderEdge>;
  pageInfo: PageInfo;
};

export type OrderEdge = {
  __typename?: 'OrderEdge';
  cursor: Scalars['String']['output'];
  node: Order;
};

export type OrderItem = {
  __typename?: 'OrderItem';
  /** unitPrice x quantity, before discounts. */
  amount: Money;
  id: Scalars['ID']['output'];
  quantity: Scalars['Int']['output'];
  /** The product line's SKU and the warehouse that serves it. */
  sku?: Maybe<Sku>;
  /** The class line's class and swimmer. */
  swimClass?: Maybe<SwimClass>;
  swimmer?: Maybe<Swimmer>;
  /** Product or class name at checkout. */
  title: Scalars['String']['output'];
  unitPrice: Money;
  warehouse?: Maybe<Warehouse>;
};

/**
 * M10 order statuses. Checkout walks NEW..PAY_PENDING in one call; a class-only order goes from
 * PAID to COMPLETED, anything to ship through SHIPPING_PENDING and SHIPPED.
 */
export type OrderStatus =
  | 'BOOKED'
  | 'BOOKING_PENDING'
  | 'CANCELED'
  | 'COMPLETED'
  | 'NEW'
  | 'PAID'
  | 'PAID_PARTIAL'
  | 'PAY_PENDING'
  | 'REFUNDED'
  | 'SHIPPED'
  | 'SHIPPING_PENDING';

export type OrderStatusEvent = {
  __typename?: 'OrderStatusEvent';
  actor: Scalars['String']['output'];
  at: Scalars['String']['output'];
  from?: Maybe<OrderStatus>;
  order: Order;
  reason?: Maybe<Scalars['String']['output']>;
  to: OrderStatus;
  /** The order's version after this change. */
  version: Scalars['Int']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PaymentStatus =
  | 'NEW'
  | 'PAID'
  | 'PAID_PARTIAL'
  | 'PENDING'
  | 'REFUNDED';

export type Query = {
  __typename?: 'Query';
  /** Every order, newest first (OPERATOR, SHIPPING_OPERATOR). */
  allOrders: OrderConnection;
  /** One order: its owner's, or any for OPERATOR, SHIPPING_OPERATOR and ADMIN; null for anyone else. */
  order?: Maybe<Order>;
  /**
   * One status change of one of the caller's orders: the history entry with that aggregate
   * version. What `orderStatusChanged` subscribers receive is read through this field.
   */
  orderStatusEvent?: Maybe<OrderStatusEvent>;
  /** The caller's orders, newest first. */
  orders: OrderConnection;
};


export type QueryAllOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<OrderStatus>;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrderStatusEventArgs = {
  orderId: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type QueryOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<OrderStatus>;
};

export type Shipment = {
  __typename?: 'Shipment';
  deliveredAt?: Maybe<Scalars['String']['output']>;
  shippedAt?: Maybe<Scalars['String']['output']>;
  /** PENDING (not handed to the carrier), SHIPPED or DELIVERED; CANCELED if the order was. */
  status: Scalars['String']['output'];
  trackingNo?: Maybe<Scalars['String']['output']>;
};

export type Sku = {
  __typename?: 'Sku';
  id: Scalars['ID']['output'];
};

/** The order's stock: NONE when it has no product lines (classes only). */
export type StockStatus =
  | 'ASSEMBLED'
  | 'BOOKED'
  | 'ERROR'
  | 'NONE'
  | 'PENDING'
  | 'RELEASED';

export type Subscription = {
  __typename?: 'Subscription';
  /** Status changes of the caller's orders, or of one of them when orderId is given. */
  orderStatusChanged: OrderStatusEvent;
};


export type SubscriptionOrderStatusChangedArgs = {
  orderId?: InputMaybe<Scalars['ID']['input']>;
};

export type SwimClass = {
  __typename?: 'SwimClass';
  id: Scalars['ID']['output'];
};

export type Swimmer = {
  __typename?: 'Swimmer';
  id: Scalars['ID']['output'];
};

export type Warehouse = {
  __typename?: 'Warehouse';
  id: Scalars['ID']['output'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Order: Order;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Account: ResolverTypeWrapper<Account>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Address: ResolverTypeWrapper<Address>;
  CheckoutInput: CheckoutInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Discount: ResolverTypeWrapper<Discount>;
  Money: ResolverTypeWrapper<Money>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  MoneyInput: MoneyInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Order: ResolverTypeWrapper<OrderRow>;
  OrderAddress: ResolverTypeWrapper<AddressSnapshot>;
  OrderChange: ResolverTypeWrapper<OrderHistoryRow>;
  OrderConnection: ResolverTypeWrapper<Omit<OrderConnection, 'edges'> & { edges: Array<ResolversTypes['OrderEdge']> }>;
  OrderEdge: ResolverTypeWrapper<Omit<OrderEdge, 'node'> & { node: ResolversTypes['Order'] }>;
  OrderItem: ResolverTypeWrapper<OrderLine>;
  OrderStatus: OrderStatus;
  OrderStatusEvent: ResolverTypeWrapper<OrderHistoryRow>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PaymentStatus: PaymentStatus;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Shipment: ResolverTypeWrapper<Shipment>;
  Sku: ResolverTypeWrapper<Sku>;
  StockStatus: StockStatus;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SwimClass: ResolverTypeWrapper<SwimClass>;
  Swimmer: ResolverTypeWrapper<Swimmer>;
  Warehouse: ResolverTypeWrapper<Warehouse>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Account: Account;
  ID: Scalars['ID']['output'];
  Address: Address;
  CheckoutInput: CheckoutInput;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  Discount: Discount;
  Money: Money;
  Int: Scalars['Int']['output'];
  MoneyInput: MoneyInput;
  Mutation: Record<PropertyKey, never>;
  Order: OrderRow;
  OrderAddress: AddressSnapshot;
  OrderChange: OrderHistoryRow;
  OrderConnection: Omit<OrderConnection, 'edges'> & { edges: Array<ResolversParentTypes['OrderEdge']> };
  OrderEdge: Omit<OrderEdge, 'node'> & { node: ResolversParentTypes['Order'] };
  OrderItem: OrderLine;
  OrderStatusEvent: OrderHistoryRow;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  Shipment: Shipment;
  Sku: Sku;
  Subscription: Record<PropertyKey, never>;
  SwimClass: SwimClass;
  Swimmer: Swimmer;
  Warehouse: Warehouse;
}>;

export type AccountResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type AddressResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Address'] = ResolversParentTypes['Address']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type DiscountResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Discount'] = ResolversParentTypes['Discount']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  code?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  cancelOrder?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationCancelOrderArgs, 'orderId'>>;
  checkout?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationCheckoutArgs, 'input'>>;
  confirmPaidFromClient?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationConfirmPaidFromClientArgs, 'orderId'>>;
  shipOrder?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationShipOrderArgs, 'orderId'>>;
}>;

export type OrderResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  account?: Resolver<ResolversTypes['Account'], ParentType, ContextType>;
  address?: Resolver<Maybe<ResolversTypes['Address']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  discounts?: Resolver<Array<ResolversTypes['Discount']>, ParentType, ContextType>;
  freight?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['OrderChange']>, ParentType, ContextType, RequireFields<OrderHistoryArgs, 'all'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['OrderItem']>, ParentType, ContextType>;
  paid?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  payDeadline?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  paymentMethod?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  paymentStatus?: Resolver<ResolversTypes['PaymentStatus'], ParentType, ContextType>;
  refunded?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  shipment?: Resolver<Maybe<ResolversTypes['Shipment']>, ParentType, ContextType>;
  shippingAddress?: Resolver<Maybe<ResolversTypes['OrderAddress']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  stockStatus?: Resolver<ResolversTypes['StockStatus'], ParentType, ContextType>;
  subtotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  walletAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type OrderAddressResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['OrderAddress'] = ResolversParentTypes['OrderAddress']> = ResolversObject<{
  city?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  country?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line1?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line2?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  postalCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type OrderChangeResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['OrderChange'] = ResolversParentTypes['OrderChange']> = ResolversObject<{
  actor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['OrderStatus']>, ParentType, ContextType>;
  paymentStatus?: Resolver<ResolversTypes['PaymentStatus'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stockStatus?: Resolver<ResolversTypes['StockStatus'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type OrderConnectionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['OrderConnection'] = ResolversParentTypes['OrderConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['OrderEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type OrderEdgeResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['OrderEdge'] = ResolversParentTypes['OrderEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
}>;

export type OrderItemResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['OrderItem'] = ResolversParentTypes['OrderItem']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<Maybe<ResolversTypes['Sku']>, ParentType, ContextType>;
  swimClass?: Resolver<Maybe<ResolversTypes['SwimClass']>, ParentType, ContextType>;
  swimmer?: Resolver<Maybe<ResolversTypes['Swimmer']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  warehouse?: Resolver<Maybe<ResolversTypes['Warehouse']>, ParentType, ContextType>;
}>;

export type OrderStatusEventResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['OrderStatusEvent'] = ResolversParentTypes['OrderStatusEvent']> = ResolversObject<{
  actor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['OrderStatus']>, ParentType, ContextType>;
  order?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  to?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  allOrders?: Resolver<ResolversTypes['OrderConnection'], ParentType, ContextType, RequireFields<QueryAllOrdersArgs, 'first'>>;
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<QueryOrderArgs, 'id'>>;
  orderStatusEvent?: Resolver<Maybe<ResolversTypes['OrderStatusEvent']>, ParentType, ContextType, RequireFields<QueryOrderStatusEventArgs, 'orderId' | 'version'>>;
  orders?: Resolver<ResolversTypes['OrderConnection'], ParentType, ContextType, RequireFields<QueryOrdersArgs, 'first'>>;
}>;

export type ShipmentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Shipment'] = ResolversParentTypes['Shipment']> = ResolversObject<{
  deliveredAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  shippedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  trackingNo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type SkuResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Sku'] = ResolversParentTypes['Sku']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  orderStatusChanged?: SubscriptionResolver<ResolversTypes['OrderStatusEvent'], "orderStatusChanged", ParentType, ContextType, Partial<SubscriptionOrderStatusChangedArgs>>;
}>;

export type SwimClassResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['SwimClass'] = ResolversParentTypes['SwimClass']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type SwimmerResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Swimmer'] = ResolversParentTypes['Swimmer']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type WarehouseResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Warehouse'] = ResolversParentTypes['Warehouse']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  Account?: AccountResolvers<ContextType>;
  Address?: AddressResolvers<ContextType>;
  Discount?: DiscountResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderAddress?: OrderAddressResolvers<ContextType>;
  OrderChange?: OrderChangeResolvers<ContextType>;
  OrderConnection?: OrderConnectionResolvers<ContextType>;
  OrderEdge?: OrderEdgeResolvers<ContextType>;
  OrderItem?: OrderItemResolvers<ContextType>;
  OrderStatusEvent?: OrderStatusEventResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Shipment?: ShipmentResolvers<ContextType>;
  Sku?: SkuResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  SwimClass?: SwimClassResolvers<ContextType>;
  Swimmer?: SwimmerResolvers<ContextType>;
  Warehouse?: WarehouseResolvers<ContextType>;
}>;

