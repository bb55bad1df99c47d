-- Partners, their sites and devices, and API keys. Device secrets and API keys are stored only as
-- hashes (scrypt for device secrets, SHA-256 for 256-bit random API keys).
CREATE TABLE partners (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  country     text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sites (
  id          text PRIMARY KEY,
  partner_id  text NOT NULL REFERENCES partners (id),
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('apiary', 'grove')),
  timezone    text NOT NULL,
  latitude    double precision,
  longitude   double precision,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sites_partner_idx ON sites (partner_id);

CREATE TABLE devices (
  id           text PRIMARY KEY,
  partner_id   text NOT NULL REFERENCES partners (id),
  site_id      text NOT NULL REFERENCES sites (id),
  kind         text NOT NULL CHECK (kind IN ('hive', 'grove')),
  name         text,
  hardware     text,
  secret_hash  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz
);
CREATE INDEX devices_partner_idx ON devices (partner_id);
CREATE INDEX devices_site_idx ON devices (site_id);

CREATE TABLE api_keys (
  id          bigserial PRIMARY KEY,
  key_hash    text NOT NULL UNIQUE,
  role        text NOT NULL CHECK (role IN ('ops', 'partner')),
  partner_id  text REFERENCES partners (id),
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  CHECK ((role = 'partner') = (partner_id IS NOT NULL))
);
