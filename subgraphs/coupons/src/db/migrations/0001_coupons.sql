CREATE TABLE "coupons"."coupons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"value" integer NOT NULL,
	"currency" text NOT NULL,
	"min_subtotal" integer,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"max_uses" integer,
	"uses_remaining" integer,
	"per_customer_limit" integer,
	"region" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupons_code_unique" UNIQUE("code"),
	CONSTRAINT "coupons_kind_check" CHECK ("coupons"."coupons"."kind" in ('PERCENT', 'AMOUNT')),
	CONSTRAINT "coupons_value_check" CHECK ("coupons"."coupons"."value" > 0 and ("coupons"."coupons"."kind" <> 'PERCENT' or "coupons"."coupons"."value" <= 100)),
	CONSTRAINT "coupons_min_subtotal_check" CHECK ("coupons"."coupons"."min_subtotal" is null or "coupons"."coupons"."min_subtotal" >= 0),
	CONSTRAINT "coupons_window_check" CHECK ("coupons"."coupons"."starts_at" is null or "coupons"."coupons"."ends_at" is null or "coupons"."coupons"."ends_at" > "coupons"."coupons"."starts_at"),
	CONSTRAINT "coupons_uses_check" CHECK (("coupons"."coupons"."max_uses" is null and "coupons"."coupons"."uses_remaining" is null) or ("coupons"."coupons"."max_uses" >= 1 and "coupons"."coupons"."uses_remaining" >= 0 and "coupons"."coupons"."uses_remaining" <= "coupons"."coupons"."max_uses")),
	CONSTRAINT "coupons_per_customer_check" CHECK ("coupons"."coupons"."per_customer_limit" is null or "coupons"."coupons"."per_customer_limit" >= 1)
);
--> statement-breakpoint
CREATE TABLE "coupons"."order_uses" (
	"order_id" text PRIMARY KEY NOT NULL,
	"account_id" uuid,
	"status" text NOT NULL,
	"codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"discounts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_uses_status_check" CHECK ("coupons"."order_uses"."status" in ('RESERVED', 'CONSUMED', 'RELEASED'))
);
--> statement-breakpoint
CREATE TABLE "coupons"."reservations" (
	"order_id" text NOT NULL,
	"coupon_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"status" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reservations_order_id_coupon_id_pk" PRIMARY KEY("order_id","coupon_id"),
	CONSTRAINT "reservations_status_check" CHECK ("coupons"."reservations"."status" in ('RESERVED', 'CONSUMED', 'RELEASED')),
	CONSTRAINT "reservations_amount_check" CHECK ("coupons"."reservations"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "coupons"."wallet" (
	"account_id" uuid NOT NULL,
	"coupon_id" uuid NOT NULL,
	"redeemed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wallet_account_id_coupon_id_pk" PRIMARY KEY("account_id","coupon_id")
);
--> statement-breakpoint
ALTER TABLE "coupons"."reservations" ADD CONSTRAINT "reservations_order_id_order_uses_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "coupons"."order_uses"("order_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons"."reservations" ADD CONSTRAINT "reservations_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "coupons"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons"."wallet" ADD CONSTRAINT "wallet_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "coupons"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reservations_account_coupon_idx" ON "coupons"."reservations" USING btree ("account_id","coupon_id");--> statement-breakpoint
CREATE INDEX "wallet_account_idx" ON "coupons"."wallet" USING btree ("account_id","redeemed_at");