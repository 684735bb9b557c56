CREATE TYPE wealth_type AS ENUM ('object', 'service');

CREATE TYPE wealth_status AS ENUM ('active', 'fulfilled', 'expired', 'cancelled');

CREATE TYPE wealth_request_status AS ENUM ('pending', 'accepted', 'rejected', 'cancelled', 'fulfilled');

CREATE TABLE app_users (
    id text PRIMARY KEY NOT NULL,
    email varchar(255) NOT NULL,
    display_name varchar(100),
    avatar_url text,
    created_at timestamp DEFAULT now(),
    updated_at timestamp DEFAULT now(),
    deleted_at timestamp,
    CONSTRAINT app_users_email_unique UNIQUE (email)
);

CREATE TABLE communities (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
    name varchar(100) NOT NULL,
    description text,
    min_trust_to_award_trust jsonb DEFAULT '{"type":"number","value":15}'::jsonb NOT NULL,
    trust_titles jsonb DEFAULT '{"titles":[{"minScore":0,"name":"New"},{"minScore":10,"name":"Stable"},{"minScore":50,"name":"Trusted"}]}'::jsonb,
    min_trust_for_wealth jsonb DEFAULT '{"type":"number","value":10}'::jsonb NOT NULL,
    non_contribution_threshold_days integer DEFAULT 30,
    dashboard_refresh_interval integer DEFAULT 3600,
    metric_visibility_settings jsonb DEFAULT '{"showActiveMembers":true,"showCouncilActivity":true,"showDisputeRate":true,"showNeedsFulfillment":true,"showTrustNetwork":true,"showWealthGeneration":true}'::jsonb,
    dispute_handling_councils jsonb DEFAULT '[]'::jsonb,
    created_by text,
    created_at timestamp DEFAULT now(),
    updated_at timestamp DEFAULT now(),
    deleted_at timestamp
);

CREATE TABLE resource_memberships (
    resource_id uuid NOT NULL,
    resource_type text NOT NULL,
    user_id text NOT NULL,
    role text NOT NULL,
    created_at timestamp DEFAULT now(),
    updated_at timestamp DEFAULT now(),
    deleted_at timestamp,
    CONSTRAINT resource_memberships_resource_id_resource_type_user_id_pk PRIMARY KEY (resource_id, resource_type, user_id)
);

CREATE TABLE wealth (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
    community_id uuid NOT NULL,
    created_by text NOT NULL,
    title varchar(200) NOT NULL,
    description text,
    type wealth_type NOT NULL,
    status wealth_status DEFAULT 'active' NOT NULL,
    quantity integer,
    target_type text NOT NULL,
    target_id uuid,
    min_trust_required integer,
    expires_at timestamp,
    created_at timestamp DEFAULT now(),
    updated_at timestamp DEFAULT now(),
    deleted_at timestamp,
    CONSTRAINT wealth_quantity_positive CHECK (quantity IS NULL OR quantity > 0)
);

CREATE TABLE wealth_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
    wealth_id uuid NOT NULL,
    requester_id text NOT NULL,
    message text,
    units_requested integer,
    status wealth_request_status DEFAULT 'pending' NOT NULL,
    created_at timestamp DEFAULT now(),
    updated_at timestamp DEFAULT now()
);

CREATE TABLE trust_awards (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
    community_id uuid NOT NULL,
    from_user_id text NOT NULL,
    to_user_id text NOT NULL,
    created_at timestamp DEFAULT now(),
    deleted_at timestamp,
    CONSTRAINT trust_awards_not_self CHECK (from_user_id <> to_user_id)
);

CREATE TABLE councils (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
    community_id uuid NOT NULL,
    name varchar(100) NOT NULL,
    description text,
    created_by text,
    created_at timestamp DEFAULT now(),
    updated_at timestamp DEFAULT now(),
    deleted_at timestamp,
    CONSTRAINT councils_community_id_name_unique UNIQUE (community_id, name)
);

ALTER TABLE resource_memberships ADD CONSTRAINT resource_memberships_resource_id_communities_id_fk FOREIGN KEY (resource_id) REFERENCES communities (id) ON DELETE CASCADE ON UPDATE NO ACTION;

ALTER TABLE resource_memberships ADD CONSTRAINT resource_memberships_user_id_app_users_id_fk FOREIGN KEY (user_id) REFERENCES app_users (id) ON DELETE CASCADE ON UPDATE NO ACTION;

ALTER TABLE wealth ADD CONSTRAINT wealth_community_id_communities_id_fk FOREIGN KEY (community_id) REFERENCES communities (id) ON DELETE CASCADE ON UPDATE NO ACTION;

ALTER TABLE wealth ADD CONSTRAINT wealth_created_by_app_users_id_fk FOREIGN KEY (created_by) REFERENCES app_users (id) ON DELETE NO ACTION ON UPDATE NO ACTION;

ALTER TABLE wealth_requests ADD CONSTRAINT wealth_requests_wealth_id_wealth_id_fk FOREIGN KEY (wealth_id) REFERENCES wealth (id) ON DELETE CASCADE ON UPDATE NO ACTION;

ALTER TABLE wealth_requests ADD CONSTRAINT wealth_requests_requester_id_app_users_id_fk FOREIGN KEY (requester_id) REFERENCES app_users (id) ON DELETE CASCADE ON UPDATE NO ACTION;

ALTER TABLE trust_awards ADD CONSTRAINT trust_awards_community_id_communities_id_fk FOREIGN KEY (community_id) REFERENCES communities (id) ON DELETE CASCADE ON UPDATE NO ACTION;

ALTER TABLE trust_awards ADD CONSTRAINT trust_awards_from_user_id_app_users_id_fk FOREIGN KEY (from_user_id) REFERENCES app_users (id) ON DELETE CASCADE ON UPDATE NO ACTION;

ALTER TABLE trust_awards ADD CONSTRAINT trust_awards_to_user_id_app_users_id_fk FOREIGN KEY (to_user_id) REFERENCES app_users (id) ON DELETE CASCADE ON UPDATE NO ACTION;

ALTER TABLE councils ADD CONSTRAINT councils_community_id_communities_id_fk FOREIGN KEY (community_id) REFERENCES communities (id) ON DELETE CASCADE ON UPDATE NO ACTION;

ALTER TABLE councils ADD CONSTRAINT councils_created_by_app_users_id_fk FOREIGN KEY (created_by) REFERENCES app_users (id) ON DELETE SET NULL ON UPDATE NO ACTION;

CREATE INDEX resource_memberships_user_id_index ON resource_memberships USING btree (user_id);

CREATE INDEX wealth_community_id_status_index ON wealth USING btree (community_id, status) WHERE deleted_at IS NULL;

CREATE INDEX wealth_requests_wealth_id_index ON wealth_requests USING btree (wealth_id);

CREATE UNIQUE INDEX trust_awards_active_award_unique ON trust_awards USING btree (community_id, from_user_id, to_user_id) WHERE deleted_at IS NULL;

CREATE VIEW trust_scores AS
SELECT community_id, to_user_id AS user_id, count(*)::integer AS trust_score
FROM trust_awards
WHERE deleted_at IS NULL
GROUP BY community_id, to_user_id;

COMMENT ON TYPE wealth_type IS 'What a wealth item is: a thing to lend or give, or a service.';

COMMENT ON TABLE app_users IS 'User profiles; the id comes from Keycloak, so it is text rather than a uuid.';

COMMENT ON COLUMN app_users.id IS 'Keycloak subject id.';

COMMENT ON TABLE communities IS 'Communities with their trust configuration.';

COMMENT ON COLUMN communities.deleted_at IS 'Soft delete: set instead of deleting the row.';

COMMENT ON COLUMN resource_memberships.resource_type IS '''community'', ''council'', ...';

COMMENT ON COLUMN resource_memberships.role IS '''admin'', ''member'', ...';

COMMENT ON COLUMN wealth.target_type IS '''community'', ''council'' or ''pool''.';

COMMENT ON COLUMN wealth.target_id IS 'NULL when shared with the whole community.';

COMMENT ON TABLE trust_awards IS 'One member vouching for another within a community.';

COMMENT ON COLUMN trust_awards.deleted_at IS 'Set when the trust is removed.';

COMMENT ON VIEW trust_scores IS 'Current trust score of each member in each community.';
