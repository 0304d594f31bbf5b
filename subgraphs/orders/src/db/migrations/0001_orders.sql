CREATE TABLE "orders"."checkout_requests" (
	"account_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"input_hash" text NOT NULL,
	"cart_id" text NOT NULL,
	"cart_version" integer NOT NULL,
	"order_id" uuid NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkout_requests_account_id_idempotency_key_pk" PRIMARY KEY("account_id","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "orders"."open_orders" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"abandoned_at" timestamp with time zone,
	CONSTRAINT "open_orders_order_id_unique" UNIQUE("order_id")
);
--> statement-breakpoint
CREATE TABLE "orders"."order_history" (
	"order_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"stock_status" text NOT NULL,
	"payment_status" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"source_event_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_history_order_id_version_pk" PRIMARY KEY("order_id","version")
);
--> statement-breakpoint
CREATE TABLE "orders"."orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"cart_id" text NOT NULL,
	"status" text NOT NULL,
	"stock_status" text NOT NULL,
	"payment_status" text NOT NULL,
	"version" integer NOT NULL,
	"currency" text NOT NULL,
	"subtotal" integer NOT NULL,
	"discount_total" integer NOT NULL,
	"freight" integer NOT NULL,
	"total" integer NOT NULL,
	"wallet_amount" integer DEFAULT 0 NOT NULL,
	"captured" integer DEFAULT 0 NOT NULL,
	"refunded" integer DEFAULT 0 NOT NULL,
	"lines" jsonb NOT NULL,
	"discounts" jsonb NOT NULL,
	"coupon_codes" text[] NOT NULL,
	"coupons_state" text NOT NULL,
	"address" jsonb,
	"payment_method" text NOT NULL,
	"pay_deadline" timestamp with time zone NOT NULL,
	"idempotency_key" text NOT NULL,
	"tracking_no" text,
	"shipped_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"client_confirmed_at" timestamp with time zone,
	"needs_followup" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_amounts_check" CHECK ("orders"."orders"."total" >= 0 and "orders"."orders"."captured" >= 0 and "orders"."orders"."refunded" >= 0 and "orders"."orders"."wallet_amount" >= 0)
) PARTITION BY HASH ("id");
--> statement-breakpoint
-- L6: the orders table is sharded by order id in 8 hash partitions (added by hand after drizzle-kit generate, which cannot express partitioning).
CREATE TABLE "orders"."orders_p0" PARTITION OF "orders"."orders" FOR VALUES WITH (MODULUS 8, REMAINDER 0);
--> statement-breakpoint
CREATE TABLE "orders"."orders_p1" PARTITION OF "orders"."orders" FOR VALUES WITH (MODULUS 8, REMAINDER 1);
--> statement-breakpoint
CREATE TABLE "orders"."orders_p2" PARTITION OF "orders"."orders" FOR VALUES WITH (MODULUS 8, REMAINDER 2);
--> statement-breakpoint
CREATE TABLE "orders"."orders_p3" PARTITION OF "orders"."orders" FOR VALUES WITH (MODULUS 8, REMAINDER 3);
--> statement-breakpoint
CREATE TABLE "orders"."orders_p4" PARTITION OF "orders"."orders" FOR VALUES WITH (MODULUS 8, REMAINDER 4);
--> statement-breakpoint
CREATE TABLE "orders"."orders_p5" PARTITION OF "orders"."orders" FOR VALUES WITH (MODULUS 8, REMAINDER 5);
--> statement-breakpoint
CREATE TABLE "orders"."orders_p6" PARTITION OF "orders"."orders" FOR VALUES WITH (MODULUS 8, REMAINDER 6);
--> statement-breakpoint
CREATE TABLE "orders"."orders_p7" PARTITION OF "orders"."orders" FOR VALUES WITH (MODULUS 8, REMAINDER 7);
--> statement-breakpoint
CREATE TABLE "orders"."refund_requests" (
	"key" text PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"reason" text NOT NULL,
	"requested_at" timestamp with time zone,
	"refund_id" text,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refund_requests_amount_check" CHECK ("orders"."refund_requests"."amount" > 0)
);
--> statement-breakpoint
CREATE INDEX "checkout_requests_created_idx" ON "orders"."checkout_requests" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "order_history_source_idx" ON "orders"."order_history" USING btree ("source_event_id") WHERE "orders"."order_history"."source_event_id" is not null;--> statement-breakpoint
CREATE INDEX "orders_account_idx" ON "orders"."orders" USING btree ("account_id","id");--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders"."orders" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "orders_unpaid_deadline_idx" ON "orders"."orders" USING btree ("pay_deadline") WHERE "orders"."orders"."status" in ('PAY_PENDING', 'PAID_PARTIAL');--> statement-breakpoint
CREATE INDEX "orders_shipped_idx" ON "orders"."orders" USING btree ("shipped_at") WHERE "orders"."orders"."status" = 'SHIPPED';--> statement-breakpoint
CREATE INDEX "orders_followup_idx" ON "orders"."orders" USING btree ("updated_at") WHERE "orders"."orders"."needs_followup";--> statement-breakpoint
CREATE INDEX "refund_requests_due_idx" ON "orders"."refund_requests" USING btree ("created_at") WHERE "orders"."refund_requests"."requested_at" is null;--> statement-breakpoint
CREATE INDEX "refund_requests_order_idx" ON "orders"."refund_requests" USING btree ("order_id");