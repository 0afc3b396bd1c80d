CREATE TABLE "receipt_trees" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "receipt_trees_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider" text NOT NULL,
	"anchorer" text,
	"root" text NOT NULL,
	"count" integer NOT NULL,
	"decisions" bigint NOT NULL,
	"first_timestamp" bigint NOT NULL,
	"last_timestamp" bigint NOT NULL,
	"nodes" "bytea" NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"tx_hash" text,
	"block_number" bigint,
	"batch_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"anchored_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"decision_id" text PRIMARY KEY NOT NULL,
	"tree_id" bigint NOT NULL,
	"tree_index" integer NOT NULL,
	"booking_id" numeric(78, 0) NOT NULL,
	"kind" text NOT NULL,
	"instance_id" text NOT NULL,
	"algorithm" text NOT NULL,
	"inputs_hash" text NOT NULL,
	"timestamp" bigint NOT NULL,
	"decisions" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "receipt_trees_root_idx" ON "receipt_trees" USING btree ("root");--> statement-breakpoint
CREATE INDEX "receipt_trees_status_idx" ON "receipt_trees" USING btree ("status","anchorer");--> statement-breakpoint
CREATE INDEX "receipt_trees_batch_idx" ON "receipt_trees" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "receipts_booking_idx" ON "receipts" USING btree ("booking_id","timestamp");--> statement-breakpoint
CREATE INDEX "receipts_tree_idx" ON "receipts" USING btree ("tree_id","tree_index");