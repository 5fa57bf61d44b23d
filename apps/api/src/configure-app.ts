import { type NestExpressApplication } from '@nestjs/platform-express';
import { raw } from 'express';

/** What the served app and the tested app share: create it with `{ bodyParser: false }`. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  // CI events arrive as bytes: webhook signatures cover them exactly, and CloudEvents say their
  // own content type. Registered first, so the JSON parser leaves these bodies alone.
  app.use('/api/v1/ingest', raw({ type: () => true, limit: '1mb' }));
  app.useBodyParser('json', { limit: '100kb' });
  return app;
}
