CREATE TABLE "payments"."payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"method" text NOT NULL,
	"kind" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_amount_check" CHECK ("payments"."payments"."amount" > 0),
	CONSTRAINT "payments_status_check" CHECK ("payments"."payments"."status" in ('PENDING', 'AUTHORIZED', 'CAPTURED', 'FAILED'))
);
--> statement-breakpoint
CREATE TABLE "payments"."refunds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"provider_amount" integer NOT NULL,
	"wallet_amount" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"requested_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_amount_check" CHECK ("payments"."refunds"."amount" > 0 and "payments"."refunds"."provider_amount" >= 0 and "payments"."refunds"."wallet_amount" >= 0 and "payments"."refunds"."provider_amount" + "payments"."refunds"."wallet_amount" = "payments"."refunds"."amount"),
	CONSTRAINT "refunds_status_check" CHECK ("payments"."refunds"."status" in ('PENDING', 'SUCCEEDED', 'FAILED'))
);
--> statement-breakpoint
CREATE TABLE "payments"."wallet_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"balance_after" integer NOT NULL,
	"currency" text NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"order_id" text,
	"payment_id" uuid,
	"refund_id" uuid,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wallet_entries_kind_check" CHECK ("payments"."wallet_entries"."kind" in ('CREDIT', 'PAYMENT', 'REFUND', 'REBATE')),
	CONSTRAINT "wallet_entries_amount_check" CHECK ("payments"."wallet_entries"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "payments"."wallets" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wallets_balance_check" CHECK ("payments"."wallets"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payments"."webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"target_id" text NOT NULL,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "payments_order_idx" ON "payments"."payments" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_idempotency_idx" ON "payments"."refunds" USING btree ("account_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "refunds_order_idx" ON "payments"."refunds" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "wallet_entries_account_idx" ON "payments"."wallet_entries" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "wallet_entries_rebate_idx" ON "payments"."wallet_entries" USING btree ("order_id") WHERE "payments"."wallet_entries"."kind" = 'REBATE';--> statement-breakpoint
CREATE INDEX "webhook_events_target_idx" ON "payments"."webhook_events" USING btree ("target_id","received_at");