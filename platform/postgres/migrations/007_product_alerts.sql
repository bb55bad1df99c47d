-- Stock alerts concern a product, not a device: an alert names exactly one of the two.
ALTER TABLE alerts ALTER COLUMN site_id DROP NOT NULL;
ALTER TABLE alerts ALTER COLUMN device_id DROP NOT NULL;
ALTER TABLE alerts ADD COLUMN product_id text;
ALTER TABLE alerts ADD CONSTRAINT alerts_one_subject CHECK ((device_id IS NULL) <> (product_id IS NULL));
CREATE UNIQUE INDEX alerts_one_open_per_product_rule ON alerts (product_id, rule) WHERE status <> 'resolved' AND product_id IS NOT NULL;
