// libs/policy: the policy file (API-CONFIG's config.yaml, extended), loaded and validated at start-up.
export {
  InvalidPolicyError,
  loadPolicyFile,
  NOTIFICATION_CHANNELS,
  type NotificationChannel,
  type NotificationPolicy,
  parsePolicy,
  type LoadedPolicy,
} from './policy-file';
export { DEMO_POLICY_CHANGES, demoPolicyText, loadDemoPolicy } from './demo-policy';
