DROP TABLE config_audit;
DROP TABLE feature_flags;
DROP TABLE platform_config;
