DELETE FROM platform_config WHERE key = 'matching.algorithm.weights';
DELETE FROM feature_flags
 WHERE name IN ('supplier.realtime.sync', 'risk.auto.reject', 'matching.ai.boost',
                'settlement.auto.reconcile', 'admin.v2');
