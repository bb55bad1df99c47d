-- Webhooks subscribe to a topic. `alerts`: alert events, as before. `points`: supporters' points
-- notices (expiry warnings), for the supporter-facing platform that tells each supporter; they are
-- about people rather than a partner's hives, so only an ops webhook (no partner, no rule filter) takes them.
ALTER TABLE webhooks ADD COLUMN topic text NOT NULL DEFAULT 'alerts' CHECK (topic IN ('alerts', 'points'));
ALTER TABLE webhooks ADD CONSTRAINT webhooks_points_ops_only CHECK (topic = 'alerts' OR (partner_id IS NULL AND rules IS NULL));
CREATE INDEX webhooks_points_idx ON webhooks (id) WHERE topic = 'points' AND enabled;

-- A delivery is of an alert event or of a points notice about one credit.
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_event_type_check;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_event_type_check
  CHECK (event_type IN ('opened', 'acknowledged', 'resolved', 'points.expiry_warning'));
ALTER TABLE webhook_deliveries ALTER COLUMN alert_id DROP NOT NULL;
ALTER TABLE webhook_deliveries ADD COLUMN credit_id bigint;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_one_subject CHECK ((alert_id IS NULL) <> (credit_id IS NULL));
-- The points notices still to send: the daily job re-enqueues them, so a notice whose job was lost
-- (Redis away at the time) goes out on the next run.
CREATE INDEX webhook_deliveries_pending_points_idx ON webhook_deliveries (credit_id) WHERE status = 'pending' AND credit_id IS NOT NULL;

-- A client retrying a conversion (a timeout, a dropped connection) sends the same Idempotency-Key
-- and gets the first conversion back instead of a second one. Keys are per account and kept for
-- good, as the conversions are.
ALTER TABLE conversions ADD COLUMN idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 255);
CREATE UNIQUE INDEX conversions_idempotency_key ON conversions (account_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
