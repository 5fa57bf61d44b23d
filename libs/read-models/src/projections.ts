import { changeRequestsProjection } from './change-requests/change-requests.projection';
import { ciEventsProjection } from './ci-events/ci-events.projection';
import { type Projection } from './projection/projection';
import { changeMetricsProjection } from './reports/change-metrics.projection';
import { frozenReportsProjection } from './retention/retention.projection';
import { standardChangeCatalogueProjection } from './standard-changes/standard-change-catalogue.projection';

/** Every projection the projector runs. */
export const PROJECTIONS: readonly Projection[] = [
  changeRequestsProjection,
  ciEventsProjection,
  frozenReportsProjection,
  changeMetricsProjection,
  standardChangeCatalogueProjection,
];
