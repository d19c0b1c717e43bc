DROP TABLE fx_rates;
DROP TABLE markup_rules;
