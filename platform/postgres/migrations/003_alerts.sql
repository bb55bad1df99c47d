-- Alerts raised by the detectors: one open (open or acknowledged) alert per (device, rule) at a time.
CREATE TABLE alerts (
  id              bigserial PRIMARY KEY,
  partner_id      text NOT NULL,
  site_id         text NOT NULL,
  device_id       text NOT NULL,
  rule            text NOT NULL,
  severity        text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  status          text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  summary         text NOT NULL,
  evidence        jsonb NOT NULL,
  -- reading times: the finding that opened it and the latest that kept it firing
  opened_at       timestamptz NOT NULL,
  last_firing_at  timestamptz NOT NULL,
  acknowledged_at timestamptz,
  resolved_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
-- The dedup rule itself: a redelivered job or a second worker cannot open a twin.
CREATE UNIQUE INDEX alerts_one_open_per_device_rule ON alerts (device_id, rule) WHERE status <> 'resolved';
CREATE INDEX alerts_partner_idx ON alerts (partner_id, opened_at DESC);
CREATE INDEX alerts_status_idx ON alerts (status, opened_at DESC);

-- Every change of every alert, with who made it and when; never updated.
CREATE TABLE alert_changes (
  id         bigserial PRIMARY KEY,
  alert_id   bigint NOT NULL REFERENCES alerts (id),
  change     text NOT NULL CHECK (change IN ('opened', 'acknowledged', 'resolved')),
  actor      text NOT NULL,
  comment    text,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_changes_alert_idx ON alert_changes (alert_id, id);
