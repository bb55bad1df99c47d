-- Readings and messages the pipeline could not accept, kept with everything needed to replay them.
CREATE TABLE dead_letters (
  id           bigserial PRIMARY KEY,
  message_id   text NOT NULL,
  received_at  timestamptz NOT NULL,
  topic        text NOT NULL,
  partner_id   text,
  device_id    text,
  reason_code  text NOT NULL,
  reason       text NOT NULL,
  payload      bytea NOT NULL,
  -- the one reading of a batch this letter is about (null: the whole message)
  reading_index integer,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- a redelivered job must not file the same letter twice
  UNIQUE NULLS NOT DISTINCT (message_id, reading_index)
);
CREATE INDEX dead_letters_device_idx ON dead_letters (device_id, received_at DESC);
CREATE INDEX dead_letters_partner_idx ON dead_letters (partner_id, received_at DESC);
CREATE INDEX dead_letters_received_idx ON dead_letters (received_at DESC);
