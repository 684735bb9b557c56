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

ALTER TABLE wealth ADD CONSTRAINT wealth_created_by_app_users_id_fk FOREIGN KEY (created_by) REFERENCES app_users (id) ON DELETE NO ACTION ON UPDATE NO ACTION;

ALTER TABLE wealth_requests ADD CONSTRAINT wealth_requests_wealth_id_wealth_id_fk FOREIGN KEY (wealth_id) REFERENCES wealth (id) ON DELETE CASCADE ON UPDATE NO ACTION;

ALTER TABLE wealth_requests ADD CONSTRAINT wealth_requests_requester_id_app_users_id_fk FOREIGN KEY (requester_id) REFERENCES app_users (id) ON DELETE CASCADE ON UPDATE NO ACTION;

CREATE INDEX wealth_community_id_status_index ON wealth USING btree (community_id, status) WHERE deleted_at IS NULL;

CREATE INDEX wealth_requests_wealth_id_index ON wealth_requests USING btree (wealth_id);

COMMENT ON TYPE wealth_type IS 'What a wealth item is: a thing to lend or give, or a service.';

COMMENT ON TABLE app_users IS 'User profiles; the id comes from Keycloak, so it is text rather than a uuid.';

COMMENT ON COLUMN app_users.id IS 'Keycloak subject id.';

COMMENT ON COLUMN wealth.target_type IS '''community'', ''council'' or ''pool''.';

COMMENT ON COLUMN wealth.target_id IS 'NULL when shared with the whole community.';
