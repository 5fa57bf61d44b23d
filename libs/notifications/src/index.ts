// libs/notifications: who is told what about a change (issue 17), planned from the event store
// subscription into an outbox, and sent over email (SMTP), Slack and signed webhooks with retries.
export { migrateNotifications } from './migrate-notifications';
export {
  NotifierEnvironment,
  notifierTransports,
  type NotifierTransports,
} from './notifier-environment';
export {
  NOTIFICATION_PLANNER_RUNNER,
  NotifierModule,
  type NotifierModuleOptions,
  OUTBOX_DISPATCHER,
  sendersFor,
} from './notifier.module';
export {
  type ChannelSender,
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  webhookSignature,
} from './delivery/channels';
export { OutboxDispatcher, type OutboxEntry, OutboxQueries } from './delivery/outbox-dispatcher';
export {
  NOTIFICATION_PLANNER,
  NOTIFICATION_PLANNER_LISTING,
  notificationPlanner,
} from './plan/notification-planner';
export {
  changePageLink,
  type Delivery,
  deliveriesOf,
  type Notification,
  notificationFor,
  type NotificationKind,
} from './plan/notification-plan';
export {
  NotificationOperationError,
  NotificationOperations,
  type NotificationRequestAnswer,
} from './operate/notification-operations';
