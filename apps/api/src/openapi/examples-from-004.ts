/** Request bodies as API-ROUTES publishes them, by method and route. */
export const EXAMPLES_FROM_004: Record<string, unknown> = {
  'POST /api/v1/change-management/change-requests': {
    title: 'Implement MFA for Admin Access',
    description: 'Add multi-factor authentication requirement',
    change_type: 'security_enhancement',
    priority: 'high',
    affected_systems: ['authentication-service', 'admin-ui'],
    testing_required: true,
    test_plan: 'Test MFA enrollment and login flow',
  },
  'POST /api/v1/change-management/change-requests/{id}/approve': {
    approved: true,
    comments: 'Approved - security enhancement aligns with compliance requirements',
    conditions: ['MFA must be tested in staging before production'],
  },
  'POST /api/v1/change-management/change-requests/{id}/implement': {
    implementation_plan: 'Deploy to staging, test, then production',
    scheduled_time: '2025-01-28T02:00:00Z',
    maintenance_window: true,
  },
  'POST /api/v1/change-management/change-requests/{id}/complete': {
    status: 'completed',
    test_results: 'All tests passed',
    post_implementation_review: 'Change successfully implemented, no issues detected',
  },
};
