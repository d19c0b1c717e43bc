DROP TABLE catalog_lock;
DROP TABLE content_import_jobs;
DROP TABLE mapping_pins;
DROP TABLE mapping_reviews;
DROP TABLE hotel_mappings;
DROP TABLE supplier_hotels;
DROP TABLE master_hotel_tokens;
DROP TABLE master_hotels;
