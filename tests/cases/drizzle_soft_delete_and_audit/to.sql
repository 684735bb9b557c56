CREATE TYPE wealth_status AS ENUM ('active', 'fulfilled');
CREATE TABLE wealth (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), title varchar(200) NOT NULL, status wealth_status NOT NULL DEFAULT 'active', created_at timestamp DEFAULT now(), updated_at timestamp DEFAULT now(), deleted_at timestamp);
CREATE INDEX wealth_live_idx ON wealth (status) WHERE deleted_at IS NULL;
