-- Webhooks for alert events and the record of every delivery, so a final failure stays visible.
-- The secret is a shared HMAC key (generated server-side, shown once at creation): it is kept as is
-- because each delivery is signed with it; API keys, which are only checked, are kept as hashes.
CREATE TABLE webhooks (
  id            bigserial PRIMARY KEY,
  -- null: an ops webhook, receiving the alerts of every partner
  partner_id    text REFERENCES partners (id),
  url           text NOT NULL,
  secret        text NOT NULL,
  min_severity  text NOT NULL DEFAULT 'warning' CHECK (min_severity IN ('info', 'warning', 'critical')),
  -- null: every rule
  rules         text[] CHECK (rules IS NULL OR cardinality(rules) > 0),
  enabled       boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_partner_idx ON webhooks (partner_id);

CREATE TABLE webhook_deliveries (
  id                bigserial PRIMARY KEY,
  webhook_id        bigint NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  -- alertEventId(): the same event fanned out twice maps to the same row
  event_id          text NOT NULL,
  event_type        text NOT NULL CHECK (event_type IN ('opened', 'acknowledged', 'resolved')),
  -- no foreign key to alerts (003): the record stands on its own and outlives alert clean-ups
  alert_id          text NOT NULL,
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts          integer NOT NULL DEFAULT 0,
  last_error        text,
  last_status_code  integer,
  created_at        timestamptz NOT NULL DEFAULT now(),
  delivered_at      timestamptz,
  failed_at         timestamptz,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, id DESC);
