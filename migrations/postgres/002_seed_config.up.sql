-- The seed's feature flags (all off) and the matching weights (seed §5).
INSERT INTO feature_flags (name, enabled, rollout_pct, description, updated_by) VALUES
    ('supplier.realtime.sync', false, 100, 'Real-time supplier inventory sync (gradual rollout)', 'migration'),
    ('risk.auto.reject', false, 100, 'Risk control rejects high-risk orders automatically', 'migration'),
    ('matching.ai.boost', false, 100, 'AI-assisted weighting in hotel matching', 'migration'),
    ('settlement.auto.reconcile', false, 100, 'Automatic reconciliation of supplier statements', 'migration'),
    ('admin.v2', false, 100, 'Operations console V2 interface', 'migration');

INSERT INTO platform_config (key, value, env, description, updated_by) VALUES
    ('matching.algorithm.weights',
     '{"price":0.4,"rating":0.3,"availability":0.2,"supplier_reliability":0.1}'::jsonb,
     'default', 'Hotel matching algorithm weights', 'migration');
