CREATE TABLE "auth_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" bigint PRIMARY KEY NOT NULL,
	"resource_id" bigint NOT NULL,
	"consumer" text NOT NULL,
	"provider" text NOT NULL,
	"state" text NOT NULL,
	"price_per_second" numeric(78, 0) NOT NULL,
	"duration" bigint NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"fee_bps" integer DEFAULT 0 NOT NULL,
	"provision_deadline" bigint NOT NULL,
	"endpoint_hash" text,
	"start_time" bigint,
	"end_time" bigint,
	"withdrawn_net" numeric(78, 0) DEFAULT '0' NOT NULL,
	"fees_paid" numeric(78, 0) DEFAULT '0' NOT NULL,
	"settled" numeric(78, 0) DEFAULT '0' NOT NULL,
	"penalized" numeric(78, 0) DEFAULT '0' NOT NULL,
	"refunded" numeric(78, 0) DEFAULT '0' NOT NULL,
	"created_at" bigint NOT NULL,
	"created_block" bigint NOT NULL,
	"updated_block" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"block_number" bigint NOT NULL,
	"log_index" integer NOT NULL,
	"block_hash" text NOT NULL,
	"block_timestamp" bigint NOT NULL,
	"transaction_hash" text NOT NULL,
	"address" text NOT NULL,
	"contract" text NOT NULL,
	"event_name" text NOT NULL,
	"args" jsonb NOT NULL,
	"topics" jsonb NOT NULL,
	"data" text NOT NULL,
	CONSTRAINT "events_block_number_log_index_pk" PRIMARY KEY("block_number","log_index")
);
--> statement-breakpoint
CREATE TABLE "indexed_blocks" (
	"number" bigint PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"timestamp" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indexer_checkpoint" (
	"id" integer PRIMARY KEY NOT NULL,
	"chain_id" integer NOT NULL,
	"deployment_id" text NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_timestamp" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parameters" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_block" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" numeric(78, 0) PRIMARY KEY NOT NULL,
	"proposer" text NOT NULL,
	"description" text NOT NULL,
	"targets" jsonb NOT NULL,
	"calldatas" jsonb NOT NULL,
	"vote_start" bigint NOT NULL,
	"vote_end" bigint NOT NULL,
	"status" text NOT NULL,
	"for_votes" numeric(78, 0) DEFAULT '0' NOT NULL,
	"against_votes" numeric(78, 0) DEFAULT '0' NOT NULL,
	"abstain_votes" numeric(78, 0) DEFAULT '0' NOT NULL,
	"eta" bigint,
	"created_block" bigint NOT NULL,
	"updated_block" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"address" text PRIMARY KEY NOT NULL,
	"registered" boolean NOT NULL,
	"stake" numeric(78, 0) NOT NULL,
	"metadata_uri" text DEFAULT '' NOT NULL,
	"registered_at" bigint NOT NULL,
	"open_bookings" integer DEFAULT 0 NOT NULL,
	"reputation_bps" integer DEFAULT 5000 NOT NULL,
	"periods_reported" integer DEFAULT 0 NOT NULL,
	"violations" integer DEFAULT 0 NOT NULL,
	"slashed_total" numeric(78, 0) DEFAULT '0' NOT NULL,
	"updated_block" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receipt_batches" (
	"id" bigint PRIMARY KEY NOT NULL,
	"anchorer" text NOT NULL,
	"provider" text NOT NULL,
	"root" text NOT NULL,
	"count" integer NOT NULL,
	"first_timestamp" bigint NOT NULL,
	"last_timestamp" bigint NOT NULL,
	"prev_batch_id" bigint NOT NULL,
	"uri" text NOT NULL,
	"transaction_hash" text NOT NULL,
	"block_number" bigint NOT NULL,
	"anchored_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" bigint PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"price_per_second" numeric(78, 0) NOT NULL,
	"cpu_millicores" integer NOT NULL,
	"memory_mb" integer NOT NULL,
	"storage_gb" integer NOT NULL,
	"gpu_count" integer NOT NULL,
	"capacity" integer NOT NULL,
	"in_use" integer DEFAULT 0 NOT NULL,
	"region" text NOT NULL,
	"uptime_target_bps" integer NOT NULL,
	"penalty_bps" integer NOT NULL,
	"p95_latency_ms" integer NOT NULL,
	"period_length" integer NOT NULL,
	"active" boolean NOT NULL,
	"listed_at" bigint NOT NULL,
	"updated_block" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedulers" (
	"address" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"active" boolean NOT NULL,
	"updated_block" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_reports" (
	"booking_id" bigint NOT NULL,
	"period" integer NOT NULL,
	"provider" text,
	"status" text NOT NULL,
	"uptime_bps" integer,
	"p95_latency_ms" integer,
	"violated" boolean,
	"penalty" numeric(78, 0),
	"refunded" numeric(78, 0),
	"from_stake" numeric(78, 0),
	"submissions" integer DEFAULT 0 NOT NULL,
	"disputed_by" text,
	"finalized_at" bigint,
	"applied_at" bigint,
	"updated_block" bigint NOT NULL,
	CONSTRAINT "sla_reports_booking_id_period_pk" PRIMARY KEY("booking_id","period")
);
--> statement-breakpoint
CREATE INDEX "bookings_consumer_idx" ON "bookings" USING btree ("consumer");--> statement-breakpoint
CREATE INDEX "bookings_provider_idx" ON "bookings" USING btree ("provider");--> statement-breakpoint
CREATE INDEX "bookings_resource_idx" ON "bookings" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "events_contract_event_idx" ON "events" USING btree ("contract","event_name");--> statement-breakpoint
CREATE INDEX "receipt_batches_anchorer_idx" ON "receipt_batches" USING btree ("anchorer");--> statement-breakpoint
CREATE INDEX "receipt_batches_provider_idx" ON "receipt_batches" USING btree ("provider");--> statement-breakpoint
CREATE INDEX "resources_provider_idx" ON "resources" USING btree ("provider");--> statement-breakpoint
CREATE INDEX "resources_region_idx" ON "resources" USING btree ("region");--> statement-breakpoint
CREATE INDEX "resources_price_idx" ON "resources" USING btree ("price_per_second");--> statement-breakpoint
CREATE INDEX "sla_reports_provider_idx" ON "sla_reports" USING btree ("provider");