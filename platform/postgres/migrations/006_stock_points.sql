-- Stock of the products partners make from their harvests, points of the supporters who back their
-- hives and groves, conversions of points into products, and the audit trail of every change.
-- Ledgers are append-only (enforced below by triggers): balances are sums over them, never stored.

-- What partners sell or give for points. `unit` is how it is counted (a 250 g jar, a 500 ml bottle);
-- `unit_kg` turns harvest weights and yield forecasts into units.
CREATE TABLE products (
  id                 text PRIMARY KEY,
  partner_id         text NOT NULL REFERENCES partners (id),
  name               text NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('honey', 'olive_oil', 'cosmetic', 'other')),
  unit               text NOT NULL,
  unit_kg            double precision CHECK (unit_kg IS NULL OR unit_kg > 0),
  -- the product a partner's recorded harvests become: honey harvests its honey, olive harvests its oil
  receives_harvests  boolean NOT NULL DEFAULT false,
  -- stock cover under this many days raises a finding; null: the service's default
  min_cover_days     integer CHECK (min_cover_days IS NULL OR min_cover_days > 0),
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, partner_id),
  CHECK (NOT receives_harvests OR (kind IN ('honey', 'olive_oil') AND unit_kg IS NOT NULL))
);
CREATE UNIQUE INDEX products_one_harvest_target ON products (partner_id, kind) WHERE receives_harvests;

-- A lot: one harvest (or one batch made or bought in) of a product. A recorded harvest opens it
-- pending, with the reported weight as an estimate; ops confirm it once extracted and bottled, and
-- the confirmation is the lot's receipt in the ledger. Only that one transition is allowed.
CREATE TABLE stock_lots (
  id               bigserial PRIMARY KEY,
  product_id       text NOT NULL,
  partner_id       text NOT NULL,
  site_id          text REFERENCES sites (id),
  -- the harvest it came from: one lot per harvest, however often the harvest is reported to us
  intervention_id  bigint UNIQUE REFERENCES interventions (id),
  harvested_on     date NOT NULL,
  best_before      date,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed')),
  -- as reported at harvest: kg of honey, or kg of olive fruit; and the units expected from it
  estimated_kg     double precision CHECK (estimated_kg IS NULL OR estimated_kg >= 0),
  estimated_units  integer CHECK (estimated_units IS NULL OR estimated_units >= 0),
  created_by       text NOT NULL,
  request_id       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  confirmed_by     text,
  confirmed_at     timestamptz,
  UNIQUE (id, product_id),
  FOREIGN KEY (product_id, partner_id) REFERENCES products (id, partner_id),
  CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL AND confirmed_by IS NOT NULL))
);
CREATE INDEX stock_lots_product_idx ON stock_lots (product_id, status);
CREATE INDEX stock_lots_partner_idx ON stock_lots (partner_id, id);

-- The stock ledger. `quantity` is in the product's units, positive except for adjustments; the
-- deltas are generated from the kind so no writer can book a movement into the wrong balance:
--   receipt      on hand +q             (a lot's confirmation)
--   reservation  reserved +q            (a hold that is not a sale: samples, a market stall)
--   order        reserved +q            (a sale, from the shop or a points conversion: counts as demand)
--   release      reserved -q            (a hold or an order cancelled)
--   shipment     on hand -q, reserved -q
--   return       on hand +q             (back into the lot it was shipped from)
--   adjustment   on hand ±q             (count differences, breakage)
-- available = on hand - reserved.
CREATE TABLE stock_movements (
  id              bigserial PRIMARY KEY,
  product_id      text NOT NULL,
  lot_id          bigint NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('receipt', 'reservation', 'order', 'release', 'shipment', 'return', 'adjustment')),
  quantity        integer NOT NULL CHECK (quantity <> 0 AND (kind = 'adjustment' OR quantity > 0)),
  on_hand_delta   integer NOT NULL GENERATED ALWAYS AS (
                    CASE WHEN kind IN ('receipt', 'return', 'adjustment') THEN quantity WHEN kind = 'shipment' THEN -quantity ELSE 0 END) STORED,
  reserved_delta  integer NOT NULL GENERATED ALWAYS AS (
                    CASE WHEN kind IN ('reservation', 'order') THEN quantity WHEN kind IN ('release', 'shipment') THEN -quantity ELSE 0 END) STORED,
  -- the order, hold or conversion a movement belongs to: releases, shipments and returns name theirs
  order_ref       text CHECK ((kind IN ('receipt', 'adjustment')) = (order_ref IS NULL)),
  conversion_id   bigint,
  actor           text NOT NULL,
  reason          text NOT NULL,
  request_id      text,
  -- when it happened (a shipment may be booked the day after); recorded_at is when we were told
  occurred_at     timestamptz NOT NULL DEFAULT now(),
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (lot_id, product_id) REFERENCES stock_lots (id, product_id)
);
-- Balances of a lot: an index-only sum.
CREATE INDEX stock_movements_lot_idx ON stock_movements (lot_id, id) INCLUDE (on_hand_delta, reserved_delta);
-- Demand, KPIs and a product's history.
CREATE INDEX stock_movements_product_idx ON stock_movements (product_id, occurred_at) INCLUDE (kind, quantity, on_hand_delta, reserved_delta);
CREATE INDEX stock_movements_order_idx ON stock_movements (order_ref, lot_id) WHERE order_ref IS NOT NULL;
-- A lot is received once: its confirmation.
CREATE UNIQUE INDEX stock_movements_one_receipt ON stock_movements (lot_id) WHERE kind = 'receipt';

-- Every lot column a query filters on is a grouping column, so PostgreSQL pushes those filters
-- below the aggregation and sums only the lots asked for.
CREATE VIEW stock_lot_balances AS
SELECT l.id AS lot_id, l.product_id, l.partner_id, l.status, l.best_before, l.estimated_units,
       coalesce(sum(m.on_hand_delta), 0)::int AS on_hand,
       coalesce(sum(m.reserved_delta), 0)::int AS reserved,
       coalesce(sum(m.on_hand_delta - m.reserved_delta), 0)::int AS available
FROM stock_lots l LEFT JOIN stock_movements m ON m.lot_id = l.id
GROUP BY l.id, l.product_id, l.partner_id, l.status, l.best_before, l.estimated_units;

-- Supporters' points accounts; the id is the supporter's id on the Make the CHANGE platform. The
-- row is what a conversion or an expiry locks, so one account's spending is serialised.
CREATE TABLE points_accounts (
  id            text PRIMARY KEY,
  display_name  text,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Which hive or grove a supporter backs, and since when.
CREATE TABLE points_backings (
  id          bigserial PRIMARY KEY,
  account_id  text NOT NULL REFERENCES points_accounts (id),
  partner_id  text NOT NULL REFERENCES partners (id),
  device_id   text REFERENCES devices (id),
  site_id     text REFERENCES sites (id),
  scope       text NOT NULL GENERATED ALWAYS AS (CASE WHEN device_id IS NOT NULL THEN 'hive' ELSE 'grove' END) STORED,
  subject_id  text NOT NULL GENERATED ALWAYS AS (coalesce(device_id, site_id)) STORED,
  started_at  timestamptz NOT NULL,
  ended_at    timestamptz,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((device_id IS NULL) <> (site_id IS NULL)),
  CHECK (ended_at IS NULL OR ended_at > started_at)
);
CREATE INDEX points_backings_subject_idx ON points_backings (scope, subject_id);
CREATE INDEX points_backings_account_idx ON points_backings (account_id);

-- Attribution rules: `points` for each milestone of season-to-date production a backed hive or grove
-- crosses (honey kg for a hive, olive fruit kg harvested for a grove), valid `expiry_months`.
CREATE TABLE points_rules (
  id             text PRIMARY KEY,
  scope          text NOT NULL CHECK (scope IN ('hive', 'grove')),
  milestones_kg  numeric[] NOT NULL CHECK (cardinality(milestones_kg) > 0),
  points         integer NOT NULL CHECK (points > 0),
  expiry_months  integer NOT NULL DEFAULT 24 CHECK (expiry_months > 0),
  active         boolean NOT NULL DEFAULT true,
  description    text,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- Products supporters may take for points, at a price in points per unit.
CREATE TABLE points_catalogue (
  product_id   text PRIMARY KEY REFERENCES products (id),
  point_price  integer NOT NULL CHECK (point_price > 0),
  active       boolean NOT NULL DEFAULT true,
  updated_by   text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- A conversion of points into units of a product: its stock order and points debit refer to it.
CREATE TABLE conversions (
  id           bigserial PRIMARY KEY,
  account_id   text NOT NULL REFERENCES points_accounts (id),
  product_id   text NOT NULL REFERENCES products (id),
  quantity     integer NOT NULL CHECK (quantity > 0),
  point_price  integer NOT NULL CHECK (point_price > 0),
  points       integer NOT NULL CHECK (points = quantity * point_price),
  actor        text NOT NULL,
  request_id   text,
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversions_account_idx ON conversions (account_id, id);
ALTER TABLE stock_movements ADD FOREIGN KEY (conversion_id) REFERENCES conversions (id);

-- The points ledger: credits (positive, each with its expiry), debits (conversions, corrections) and
-- expiries (negative). A rule's credit carries (rule, account, subject, milestone, season): the unique
-- index below is what makes attribution safe to recompute.
CREATE TABLE points_entries (
  id                 bigserial PRIMARY KEY,
  account_id         text NOT NULL REFERENCES points_accounts (id),
  kind               text NOT NULL CHECK (kind IN ('credit', 'debit', 'expiry')),
  points             integer NOT NULL CHECK ((kind = 'credit') = (points > 0) AND points <> 0),
  expires_at         timestamptz CHECK ((kind = 'credit') = (expires_at IS NOT NULL)),
  rule_id            text REFERENCES points_rules (id),
  subject_id         text,
  milestone_kg       numeric,
  season             text,
  conversion_id      bigint REFERENCES conversions (id),
  -- an expiry names the one credit whose unspent remainder it removes
  expired_credit_id  bigint REFERENCES points_entries (id),
  actor              text NOT NULL,
  reason             text NOT NULL,
  request_id         text,
  occurred_at        timestamptz NOT NULL DEFAULT now(),
  recorded_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((rule_id IS NULL) = (subject_id IS NULL) AND (rule_id IS NULL) = (milestone_kg IS NULL) AND (rule_id IS NULL) = (season IS NULL)),
  CHECK (rule_id IS NULL OR kind = 'credit'),
  CHECK (conversion_id IS NULL OR kind = 'debit'),
  CHECK ((kind = 'expiry') = (expired_credit_id IS NOT NULL))
);
CREATE UNIQUE INDEX points_entries_milestone_once ON points_entries (rule_id, account_id, subject_id, milestone_kg, season) WHERE rule_id IS NOT NULL;
CREATE UNIQUE INDEX points_entries_expiry_once ON points_entries (expired_credit_id) WHERE kind = 'expiry';
CREATE INDEX points_entries_account_idx ON points_entries (account_id, id) INCLUDE (points);
CREATE INDEX points_entries_credits_idx ON points_entries (account_id, expires_at, id) WHERE kind = 'credit';
CREATE INDEX points_entries_expiring_idx ON points_entries (expires_at) WHERE kind = 'credit';
CREATE INDEX points_entries_subject_idx ON points_entries (subject_id) WHERE rule_id IS NOT NULL;

-- Which credits each debit or expiry consumed, so spending takes the oldest-expiring points first
-- and an expiry removes exactly what is left of its credit.
CREATE TABLE points_allocations (
  debit_id   bigint NOT NULL REFERENCES points_entries (id),
  credit_id  bigint NOT NULL REFERENCES points_entries (id),
  points     integer NOT NULL CHECK (points > 0),
  PRIMARY KEY (debit_id, credit_id)
);
CREATE INDEX points_allocations_credit_idx ON points_allocations (credit_id) INCLUDE (points);

-- Expiry warnings sent, one per credit ever, so a re-run of the daily job never warns twice.
CREATE TABLE points_expiry_warnings (
  credit_id   bigint PRIMARY KEY REFERENCES points_entries (id),
  account_id  text NOT NULL REFERENCES points_accounts (id),
  points      integer NOT NULL CHECK (points > 0),
  expires_at  timestamptz NOT NULL,
  warned_at   timestamptz NOT NULL
);

-- Supporter keys read and spend one points account. Ops and partner keys keep their rule.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('ops', 'partner', 'supporter'));
ALTER TABLE api_keys ADD COLUMN supporter_account_id text REFERENCES points_accounts (id);
ALTER TABLE api_keys ADD CONSTRAINT api_keys_supporter_check CHECK ((role = 'supporter') = (supporter_account_id IS NOT NULL));

-- Audit: ledger rows are never changed nor removed, whoever connects. Statement-level, so even an
-- UPDATE or DELETE that matches no row is refused, and TRUNCATE (which skips row triggers) too.
CREATE FUNCTION refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'integrity_constraint_violation';
END
$$;

DO $$
DECLARE ledger text;
BEGIN
  FOREACH ledger IN ARRAY ARRAY['stock_movements', 'points_entries', 'points_allocations', 'conversions', 'points_expiry_warnings'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_change()',
                   ledger || '_append_only', ledger);
  END LOOP;
END
$$;

-- A lot may only go from pending to confirmed (with its best-before date); nothing else of it changes.
CREATE FUNCTION guard_lot_confirmation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'pending' OR NEW.status <> 'confirmed'
     OR (NEW.id, NEW.product_id, NEW.partner_id, NEW.site_id, NEW.intervention_id, NEW.harvested_on, NEW.estimated_kg,
         NEW.estimated_units, NEW.created_by, NEW.request_id, NEW.created_at)
        IS DISTINCT FROM
        (OLD.id, OLD.product_id, OLD.partner_id, OLD.site_id, OLD.intervention_id, OLD.harvested_on, OLD.estimated_kg,
         OLD.estimated_units, OLD.created_by, OLD.request_id, OLD.created_at) THEN
    RAISE EXCEPTION 'stock_lots: lot % may only be confirmed once, and nothing else of it changes', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER stock_lots_confirm_only BEFORE UPDATE ON stock_lots FOR EACH ROW EXECUTE FUNCTION guard_lot_confirmation();
CREATE TRIGGER stock_lots_append_only BEFORE DELETE OR TRUNCATE ON stock_lots FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_change();
