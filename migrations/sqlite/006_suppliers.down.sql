DROP TABLE supplier_availability;
DROP TABLE supplier_sync_state;
DROP TABLE suppliers;
