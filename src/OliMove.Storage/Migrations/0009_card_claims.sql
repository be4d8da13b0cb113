-- Version 9: an idTag joins an account only after proof (issue 21, decision 0241). A card the app asks to add is
-- a claim, kept here until it expires; the next Authorize or StartTransaction with the idTag binds it (a row in
-- id_tags), or an operator binds it. Rows of id_tags are bound cards only, so every reader of id_tags (sessions,
-- receipts, settlement, authorization) sees proven cards and nothing else.

-- How each bound card was proven: 'presented:<chargePointId>', 'operator:<name>', or 'before-0009' for the cards
-- of accounts made before claims existed (they keep their cards).
ALTER TABLE id_tags ADD COLUMN bound_by TEXT NOT NULL DEFAULT 'before-0009';

CREATE TABLE id_tag_claims (
    id_tag     TEXT    NOT NULL COLLATE NOCASE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    claimed_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (id_tag, user_id)
) STRICT;

CREATE INDEX ix_id_tag_claims_user ON id_tag_claims (user_id);
