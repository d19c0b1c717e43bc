DROP INDEX idx_orders_tenant_confirmed;
DROP INDEX idx_orders_tenant_failed;
DROP INDEX idx_orders_tenant_guest;
