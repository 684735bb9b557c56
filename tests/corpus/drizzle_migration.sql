CREATE TYPE "public"."wealth_status" AS ENUM('active', 'fulfilled', 'expired', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."wealth_type" AS ENUM('object', 'service');--> statement-breakpoint
CREATE TABLE "app_users" (
	"id" text PRIMARY KEY NOT NULL,
	"display_name" varchar(100),
	"created_at" timestamp DEFAULT now(),
	"updated_at" timestamp DEFAULT now(),
	"deleted_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "communities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" text,
	"min_trust_to_award_trust" jsonb DEFAULT '{"type":"number","value":15}'::jsonb NOT NULL,
	"trust_titles" jsonb DEFAULT '{"titles":[{"name":"New","minScore":0},{"name":"Stable","minScore":10},{"name":"Trusted","minScore":50}]}'::jsonb,
	"min_trust_for_wealth" jsonb DEFAULT '{"type":"number","value":10}'::jsonb NOT NULL,
	"non_contribution_threshold_days" integer DEFAULT 30,
	"dashboard_refresh_interval" integer DEFAULT 3600,
	"metric_visibility_settings" jsonb DEFAULT '{"showActiveMembers":true,"showWealthGeneration":true}'::jsonb,
	"dispute_handling_councils" jsonb DEFAULT '[]'::jsonb,
	"created_by" text,
	"created_at" timestamp DEFAULT now(),
	"updated_at" timestamp DEFAULT now(),
	"deleted_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "resource_memberships" (
	"resource_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp DEFAULT now(),
	"updated_at" timestamp DEFAULT now(),
	"deleted_at" timestamp,
	CONSTRAINT "resource_memberships_resource_id_resource_type_user_id_pk" PRIMARY KEY("resource_id","resource_type","user_id")
);
--> statement-breakpoint
CREATE TABLE "trust_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"from_user_id" text NOT NULL,
	"to_user_id" text NOT NULL,
	"created_at" timestamp DEFAULT now(),
	"deleted_at" timestamp,
	CONSTRAINT "trust_awards_community_id_from_user_id_to_user_id_unique" UNIQUE("community_id","from_user_id","to_user_id")
);
--> statement-breakpoint
CREATE TABLE "wealth" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"created_by" text NOT NULL,
	"title" varchar(200) NOT NULL,
	"description" text,
	"type" "wealth_type" NOT NULL,
	"status" "wealth_status" DEFAULT 'active' NOT NULL,
	"quantity" integer,
	"target_type" text NOT NULL,
	"target_id" uuid,
	"min_trust_required" integer,
	"expires_at" timestamp,
	"created_at" timestamp DEFAULT now(),
	"updated_at" timestamp DEFAULT now(),
	"deleted_at" timestamp
);
--> statement-breakpoint
ALTER TABLE "resource_memberships" ADD CONSTRAINT "resource_memberships_resource_id_communities_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_memberships" ADD CONSTRAINT "resource_memberships_user_id_app_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust_awards" ADD CONSTRAINT "trust_awards_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust_awards" ADD CONSTRAINT "trust_awards_from_user_id_app_users_id_fk" FOREIGN KEY ("from_user_id") REFERENCES "public"."app_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust_awards" ADD CONSTRAINT "trust_awards_to_user_id_app_users_id_fk" FOREIGN KEY ("to_user_id") REFERENCES "public"."app_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wealth" ADD CONSTRAINT "wealth_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wealth" ADD CONSTRAINT "wealth_created_by_app_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wealth_community_id_index" ON "wealth" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "wealth_status_index" ON "wealth" USING btree ("status") WHERE "wealth"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "communities_name_lower_index" ON "communities" USING btree (lower("name"));
--> statement-breakpoint
DO $$ BEGIN
 CREATE TYPE "public"."council_role" AS ENUM('chair', 'member');
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "councils" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"chair_role" "council_role" DEFAULT 'chair' NOT NULL
);
--> statement-breakpoint
DO $$ BEGIN
 ALTER TABLE "councils" ADD CONSTRAINT "councils_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
--> statement-breakpoint
DO $$ BEGIN
 IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app') THEN
  CREATE ROLE app;
 END IF;
END $$;
