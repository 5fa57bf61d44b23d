import { AUDIT_OPERATION_PREFIX } from './audit-route';
import { DrawSampleHttpController } from './draw-sample/draw-sample.http.controller';
import { ExportBundleHttpController } from './export-bundle/export-bundle.http.controller';
import { GetSampleHttpController } from './get-sample/get-sample.http.controller';
import { PopulationHttpController } from './population/population.http.controller';

/**
 * The auditor's workspace (issue 13), one controller per route under AUDIT_ROUTE: the population
 * of a period, reproducible samples recorded as evidence, and evidence bundles. Thin: libs/audit
 * holds the rules. Auditors only.
 */
export const AUDIT_CONTROLLERS = [
  PopulationHttpController,
  DrawSampleHttpController,
  GetSampleHttpController,
  ExportBundleHttpController,
];

/** Each audit controller's name, and the prefix of its routes' OpenAPI operation ids. */
export const AUDIT_OPERATION_PREFIXES: ReadonlyMap<string, string> = new Map(
  AUDIT_CONTROLLERS.map((controller) => [controller.name, AUDIT_OPERATION_PREFIX]),
);
