CREATE TYPE status AS ENUM ('draft', 'active', 'inactive');
