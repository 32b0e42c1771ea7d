-- As SQLite's 0007_task_source_context.sql: the context a task was started from when it made another one.
ALTER TABLE tasks ADD COLUMN source_context_id text COLLATE "C";
