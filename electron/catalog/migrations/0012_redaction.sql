-- Regions can be marked "redact": shared copies of the image hide them (blurred or blacked out).
-- redact_state: 'confirmed' (the user marked or accepted it) or 'suggested' (found by face
-- detection, waiting for the user to accept or reject it; suggestions never redact anything).
ALTER TABLE regions ADD COLUMN redact TEXT CHECK (redact IN ('face', 'plate', 'text', 'other'));
ALTER TABLE regions ADD COLUMN redact_state TEXT CHECK (redact_state IN ('confirmed', 'suggested'));
