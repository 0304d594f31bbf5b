CREATE TABLE "cart"."cart_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cart_id" uuid NOT NULL,
	"sku_id" uuid,
	"product_id" uuid,
	"class_id" uuid,
	"swimmer_id" uuid,
	"registration_id" text,
	"title" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" integer NOT NULL,
	"currency" text NOT NULL,
	"price_level" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cart_items_quantity_check" CHECK ("cart"."cart_items"."quantity" > 0),
	CONSTRAINT "cart_items_price_check" CHECK ("cart"."cart_items"."unit_price" >= 0),
	CONSTRAINT "cart_items_kind_check" CHECK (("cart"."cart_items"."sku_id" is not null) <> ("cart"."cart_items"."class_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "cart"."carts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"state" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"expires_at" timestamp with time zone,
	"order_id" text,
	"detached" boolean DEFAULT false NOT NULL,
	"holds_seats" boolean DEFAULT false NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "carts_state_check" CHECK ("cart"."carts"."state" in ('ACTIVE', 'PENDING', 'CHECKING', 'APPLIED', 'DONE', 'EXPIRING', 'EXPIRED', 'CANCELING', 'CANCELED'))
);
--> statement-breakpoint
CREATE TABLE "cart"."hold_releases" (
	"registration_id" text PRIMARY KEY NOT NULL,
	"cart_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cart"."promotions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"value" integer NOT NULL,
	"product_ids" uuid[] NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotions_kind_check" CHECK ("cart"."promotions"."kind" in ('PERCENT', 'AMOUNT')),
	CONSTRAINT "promotions_value_check" CHECK ("cart"."promotions"."value" > 0 and ("cart"."promotions"."kind" <> 'PERCENT' or "cart"."promotions"."value" <= 100)),
	CONSTRAINT "promotions_window_check" CHECK ("cart"."promotions"."ends_at" is null or "cart"."promotions"."ends_at" > "cart"."promotions"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "cart"."waitlist_offers" (
	"registration_id" text PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"swimmer_id" uuid NOT NULL,
	"title" text NOT NULL,
	"hold_until" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"note" text,
	"cart_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waitlist_offers_status_check" CHECK ("cart"."waitlist_offers"."status" in ('PENDING', 'ADOPTED', 'SKIPPED'))
);
--> statement-breakpoint
ALTER TABLE "cart"."cart_items" ADD CONSTRAINT "cart_items_cart_id_carts_id_fk" FOREIGN KEY ("cart_id") REFERENCES "cart"."carts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cart_items_cart_idx" ON "cart"."cart_items" USING btree ("cart_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cart_items_cart_sku_idx" ON "cart"."cart_items" USING btree ("cart_id","sku_id") WHERE "cart"."cart_items"."sku_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "cart_items_registration_idx" ON "cart"."cart_items" USING btree ("registration_id") WHERE "cart"."cart_items"."registration_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "carts_current_account_idx" ON "cart"."carts" USING btree ("account_id") WHERE "cart"."carts"."state" not in ('APPLIED', 'DONE', 'EXPIRED', 'CANCELED') and not "cart"."carts"."detached";--> statement-breakpoint
CREATE INDEX "carts_state_expires_idx" ON "cart"."carts" USING btree ("state","expires_at");--> statement-breakpoint
CREATE INDEX "carts_order_idx" ON "cart"."carts" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "promotions_window_idx" ON "cart"."promotions" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "promotions_products_idx" ON "cart"."promotions" USING gin ("product_ids");--> statement-breakpoint
CREATE INDEX "waitlist_offers_status_idx" ON "cart"."waitlist_offers" USING btree ("status");