-- Trigram search over product names (products_name_trgm_idx); PGlite ships it, Postgres has it in contrib.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE SCHEMA "inventory";
--> statement-breakpoint
CREATE TABLE "inventory"."booking_lines" (
	"order_id" text NOT NULL,
	"sku_id" uuid NOT NULL,
	"shelf_item_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "booking_lines_order_id_sku_id_pk" PRIMARY KEY("order_id","sku_id"),
	CONSTRAINT "booking_lines_quantity_check" CHECK ("inventory"."booking_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "inventory"."bookings" (
	"order_id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_status_check" CHECK ("inventory"."bookings"."status" in ('BOOKED', 'RELEASED', 'ASSEMBLED'))
);
--> statement-breakpoint
CREATE TABLE "inventory"."class_students" (
	"class_id" uuid NOT NULL,
	"swimmer_id" uuid NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "class_students_class_id_swimmer_id_pk" PRIMARY KEY("class_id","swimmer_id")
);
--> statement-breakpoint
CREATE TABLE "inventory"."inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"type" text NOT NULL,
	"handled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "inventory"."outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"version" integer NOT NULL,
	"aggregate_id" text NOT NULL,
	"aggregate_version" integer NOT NULL,
	"node_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "inventory"."products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"current_shelf_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory"."shelf_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"product_id" uuid NOT NULL,
	"shelf_id" uuid NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory"."shelf_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"shelf_id" uuid NOT NULL,
	"sku_id" uuid NOT NULL,
	"shelf_quantity" integer NOT NULL,
	"remaining" integer NOT NULL,
	"original_price" integer NOT NULL,
	"prices" jsonb NOT NULL,
	CONSTRAINT "shelf_items_remaining_check" CHECK ("inventory"."shelf_items"."remaining" >= 0 and "inventory"."shelf_items"."remaining" <= "inventory"."shelf_items"."shelf_quantity"),
	CONSTRAINT "shelf_items_price_check" CHECK ("inventory"."shelf_items"."original_price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inventory"."shelves" (
	"id" uuid PRIMARY KEY NOT NULL,
	"product_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"taken_off_at" timestamp with time zone,
	"freight_amount" integer NOT NULL,
	"currency" text NOT NULL,
	"placement" text DEFAULT 'NORMAL' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shelves_window_check" CHECK ("inventory"."shelves"."ends_at" is null or "inventory"."shelves"."ends_at" > "inventory"."shelves"."starts_at"),
	CONSTRAINT "shelves_freight_check" CHECK ("inventory"."shelves"."freight_amount" >= 0),
	CONSTRAINT "shelves_placement_check" CHECK ("inventory"."shelves"."placement" in ('NORMAL', 'HOT', 'CAMPAIGN'))
);
--> statement-breakpoint
CREATE TABLE "inventory"."skus" (
	"id" uuid PRIMARY KEY NOT NULL,
	"product_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "skus_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "inventory"."stock" (
	"warehouse_id" uuid NOT NULL,
	"sku_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_warehouse_id_sku_id_pk" PRIMARY KEY("warehouse_id","sku_id"),
	CONSTRAINT "stock_quantity_check" CHECK ("inventory"."stock"."quantity" >= 0),
	CONSTRAINT "stock_booked_check" CHECK ("inventory"."stock"."booked" >= 0 and "inventory"."stock"."booked" <= "inventory"."stock"."quantity")
);
--> statement-breakpoint
CREATE TABLE "inventory"."swim_classes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"seats_total" integer NOT NULL,
	"seats_remain" integer NOT NULL,
	"price_amount" integer NOT NULL,
	"currency" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "swim_classes_seats_check" CHECK ("inventory"."swim_classes"."seats_total" > 0 and "inventory"."swim_classes"."seats_remain" >= 0 and "inventory"."swim_classes"."seats_remain" <= "inventory"."swim_classes"."seats_total"),
	CONSTRAINT "swim_classes_price_check" CHECK ("inventory"."swim_classes"."price_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inventory"."warehouses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"region" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warehouses_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "inventory"."booking_lines" ADD CONSTRAINT "booking_lines_order_id_bookings_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "inventory"."bookings"("order_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."booking_lines" ADD CONSTRAINT "booking_lines_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "inventory"."skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."booking_lines" ADD CONSTRAINT "booking_lines_shelf_item_id_shelf_items_id_fk" FOREIGN KEY ("shelf_item_id") REFERENCES "inventory"."shelf_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."booking_lines" ADD CONSTRAINT "booking_lines_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "inventory"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."class_students" ADD CONSTRAINT "class_students_class_id_swim_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "inventory"."swim_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."shelf_events" ADD CONSTRAINT "shelf_events_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "inventory"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."shelf_events" ADD CONSTRAINT "shelf_events_shelf_id_shelves_id_fk" FOREIGN KEY ("shelf_id") REFERENCES "inventory"."shelves"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."shelf_items" ADD CONSTRAINT "shelf_items_shelf_id_shelves_id_fk" FOREIGN KEY ("shelf_id") REFERENCES "inventory"."shelves"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."shelf_items" ADD CONSTRAINT "shelf_items_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "inventory"."skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."shelves" ADD CONSTRAINT "shelves_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "inventory"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."skus" ADD CONSTRAINT "skus_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "inventory"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."stock" ADD CONSTRAINT "stock_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "inventory"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."stock" ADD CONSTRAINT "stock_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "inventory"."skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "class_students_swimmer_idx" ON "inventory"."class_students" USING btree ("swimmer_id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "inventory"."outbox" USING btree ("seq") WHERE "inventory"."outbox"."published_at" is null;--> statement-breakpoint
CREATE INDEX "products_name_trgm_idx" ON "inventory"."products" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_current_shelf_idx" ON "inventory"."products" USING btree ("current_shelf_id");--> statement-breakpoint
CREATE INDEX "shelf_events_product_idx" ON "inventory"."shelf_events" USING btree ("product_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "shelf_items_shelf_sku_idx" ON "inventory"."shelf_items" USING btree ("shelf_id","sku_id");--> statement-breakpoint
CREATE INDEX "shelf_items_sku_idx" ON "inventory"."shelf_items" USING btree ("sku_id");--> statement-breakpoint
CREATE INDEX "shelves_product_idx" ON "inventory"."shelves" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "skus_product_idx" ON "inventory"."skus" USING btree ("product_id","position");--> statement-breakpoint
CREATE INDEX "stock_sku_idx" ON "inventory"."stock" USING btree ("sku_id");--> statement-breakpoint
CREATE INDEX "swim_classes_starts_idx" ON "inventory"."swim_classes" USING btree ("starts_at","id");