CREATE TABLE "inventory"."registrations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"class_id" uuid NOT NULL,
	"swimmer_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"swimmer_name" text NOT NULL,
	"cart_id" text,
	"order_id" text,
	"status" text NOT NULL,
	"price_amount" integer NOT NULL,
	"currency" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"registered_at" timestamp with time zone,
	"canceled_at" timestamp with time zone,
	"hold_until" timestamp with time zone,
	"reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "registrations_status_check" CHECK ("inventory"."registrations"."status" in ('HELD', 'REGISTERED', 'CANCELED')),
	CONSTRAINT "registrations_price_check" CHECK ("inventory"."registrations"."price_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inventory"."waitlist_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"class_id" uuid NOT NULL,
	"swimmer_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"swimmer_name" text NOT NULL,
	"status" text NOT NULL,
	"registration_id" uuid,
	"joined_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "waitlist_status_check" CHECK ("inventory"."waitlist_entries"."status" in ('WAITING', 'OFFERED', 'LEFT'))
);
--> statement-breakpoint
DROP TABLE "inventory"."class_students" CASCADE;--> statement-breakpoint
ALTER TABLE "inventory"."registrations" ADD CONSTRAINT "registrations_class_id_swim_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "inventory"."swim_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."waitlist_entries" ADD CONSTRAINT "waitlist_entries_class_id_swim_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "inventory"."swim_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."waitlist_entries" ADD CONSTRAINT "waitlist_entries_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "inventory"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_active_swimmer_idx" ON "inventory"."registrations" USING btree ("class_id","swimmer_id") WHERE "inventory"."registrations"."status" in ('HELD', 'REGISTERED');--> statement-breakpoint
CREATE INDEX "registrations_cart_idx" ON "inventory"."registrations" USING btree ("cart_id") WHERE "inventory"."registrations"."status" = 'HELD';--> statement-breakpoint
CREATE INDEX "registrations_held_idx" ON "inventory"."registrations" USING btree ("held_at") WHERE "inventory"."registrations"."status" = 'HELD';--> statement-breakpoint
CREATE INDEX "registrations_order_idx" ON "inventory"."registrations" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "registrations_account_idx" ON "inventory"."registrations" USING btree ("account_id","held_at");--> statement-breakpoint
CREATE INDEX "registrations_swimmer_idx" ON "inventory"."registrations" USING btree ("swimmer_id") WHERE "inventory"."registrations"."status" = 'REGISTERED';--> statement-breakpoint
CREATE INDEX "registrations_class_idx" ON "inventory"."registrations" USING btree ("class_id","registered_at") WHERE "inventory"."registrations"."status" = 'REGISTERED';--> statement-breakpoint
CREATE UNIQUE INDEX "waitlist_waiting_swimmer_idx" ON "inventory"."waitlist_entries" USING btree ("class_id","swimmer_id") WHERE "inventory"."waitlist_entries"."status" = 'WAITING';--> statement-breakpoint
CREATE INDEX "waitlist_line_idx" ON "inventory"."waitlist_entries" USING btree ("class_id","joined_at","id") WHERE "inventory"."waitlist_entries"."status" = 'WAITING';--> statement-breakpoint
CREATE INDEX "waitlist_swimmer_idx" ON "inventory"."waitlist_entries" USING btree ("swimmer_id") WHERE "inventory"."waitlist_entries"."status" = 'WAITING';