import { type NestExpressApplication } from '@nestjs/platform-express';
import { json, raw } from 'express';
import { dashboardPage, type PageSignIn } from './dashboard-page/dashboard-page';
import {
  checkParsedInput,
  refuseNonJsonBodies,
  refusingParser,
} from './request-intake/request-intake';

/**
 * What the served app and the tested app share: create it with `{ bodyParser: false }`. With
 * `uiDir`, the built-in dashboard page is served from it at `/`.
 */
export function configureApp(
  app: NestExpressApplication,
  options: { uiDir?: string; signIn?: PageSignIn } = {},
): NestExpressApplication {
  if (options.uiDir) app.use(dashboardPage(options.uiDir, options.signIn));
  // CI events arrive as bytes: webhook signatures cover them exactly, and CloudEvents say their
  // own content type; their parsers check them (libs/ingestion). Registered first, so the JSON
  // parser leaves these bodies alone.
  app.use('/api/v1/ingest', refusingParser(raw({ type: () => true, limit: '1mb' })));
  app.use(refuseNonJsonBodies);
  // Strict: only objects and arrays at the top. Any JSON media type, once the check above passed.
  app.use(refusingParser(json({ limit: '100kb', strict: true, type: () => true })));
  app.use(checkParsedInput);
  return app;
}
