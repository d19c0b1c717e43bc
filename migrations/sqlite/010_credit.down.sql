DROP TABLE credit_holds;
DROP TABLE credit_entries;
DROP TABLE credit_accounts;
