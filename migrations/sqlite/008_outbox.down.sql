DROP TABLE consumed_events;
DROP INDEX outbox_published;
DROP INDEX outbox_unpublished;
DROP TABLE outbox;
