-- An unfinished flow gets one reminder: when it was sent (cleared by the next message, see the sweep).
ALTER TABLE conversations ADD COLUMN reminded_at timestamptz;
