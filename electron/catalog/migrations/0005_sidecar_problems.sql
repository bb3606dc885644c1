-- Sidecars that could not be used are listed under Import problems; they are found in the history
-- (action 'sidecar.problem'), which this partial index keeps cheap however long the history grows.
CREATE INDEX history_sidecar_problems ON history(id) WHERE action = 'sidecar.problem';
