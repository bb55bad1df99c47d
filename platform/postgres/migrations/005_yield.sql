-- What beekeepers and growers did, as they report it: estimators take it as truth where it exists.
CREATE TABLE interventions (
  id           bigserial PRIMARY KEY,
  partner_id   text NOT NULL REFERENCES partners (id),
  site_id      text NOT NULL REFERENCES sites (id),
  -- the hive; null when it concerns the whole site (an olive harvest of a grove)
  device_id    text REFERENCES devices (id),
  kind         text NOT NULL CHECK (kind IN ('inspection', 'harvest', 'super_added', 'super_removed', 'feeding', 'treatment', 'olive_harvest')),
  occurred_at  timestamptz NOT NULL,
  -- honey extracted, super or feed weight, olive fruit harvested
  kg           double precision CHECK (kg IS NULL OR kg >= 0),
  notes        text,
  recorded_by  text NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interventions_site_idx ON interventions (site_id, occurred_at);
CREATE INDEX interventions_device_idx ON interventions (device_id, occurred_at);

-- Olive groves: what the estimators need to know about the trees.
CREATE TABLE grove_profiles (
  site_id      text PRIMARY KEY REFERENCES sites (id),
  variety      text NOT NULL,
  trees        integer NOT NULL CHECK (trees > 0),
  -- seasons before the grove was on the platform: [{"season": 2024, "kgPerTree": 22.5}]
  past_yields  jsonb NOT NULL DEFAULT '[]'
);

-- Daily net production of each hive over site-local days, rewritten by each yield computation.
CREATE TABLE hive_daily_production (
  device_id         text NOT NULL REFERENCES devices (id),
  day               date NOT NULL,
  net_gain_kg       double precision NOT NULL,
  removed_steps_kg  double precision NOT NULL,
  coverage          double precision NOT NULL,
  model_version     text NOT NULL,
  PRIMARY KEY (device_id, day)
);

-- Estimates and forecasts, one row per computation (history kept), with the model version and the
-- time range of the data it read, so any figure shown to a partner can be traced back.
CREATE TABLE yield_estimates (
  id             bigserial PRIMARY KEY,
  scope          text NOT NULL CHECK (scope IN ('hive', 'site', 'grove', 'partner')),
  scope_id       text NOT NULL,
  partner_id     text NOT NULL REFERENCES partners (id),
  product        text NOT NULL CHECK (product IN ('honey', 'olive')),
  season         text NOT NULL,
  model_version  text NOT NULL,
  inputs_from    timestamptz NOT NULL,
  inputs_to      timestamptz NOT NULL,
  computed_at    timestamptz NOT NULL DEFAULT now(),
  estimate       jsonb NOT NULL
);
CREATE INDEX yield_estimates_latest_idx ON yield_estimates (scope, scope_id, product, computed_at DESC);
CREATE INDEX yield_estimates_partner_idx ON yield_estimates (partner_id, product, computed_at DESC);
