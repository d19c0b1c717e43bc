-- The risk rules' figures (order-service Score) read a tenant's recent orders per lead guest,
-- its recent failed/rejected orders and its last confirmed amounts: each a short index range,
-- never a scan of the tenant's whole history.
CREATE INDEX idx_orders_tenant_guest ON orders (tenant_id, lead_guest, created_at);
CREATE INDEX idx_orders_tenant_failed ON orders (tenant_id, created_at) WHERE status IN ('FAILED', 'REJECTED');
CREATE INDEX idx_orders_tenant_confirmed ON orders (tenant_id, currency, id) WHERE status IN ('CONFIRMED', 'COMPLETED');
