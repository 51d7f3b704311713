-- The order of an each-side item's repetitions: 'alternate' (left, right, left, right: what
-- every program did before this column) or 'one-side-first' (all repetitions on the left,
-- then all on the right, as a kneeling lunge is done).

ALTER TABLE program_items ADD COLUMN side_order TEXT NOT NULL DEFAULT 'alternate';
