import { existsSync } from 'node:fs';
import path from 'node:path';
import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import express from 'express';

/**
 * The built-in dashboard page (apps/web, bundled by `npm run build:ui`), served as static files at
 * `/`. The files are public because they hold no data: every number on the page comes from the
 * authenticated API, called by the page with the token the user gave it.
 */
/**
 * Single sign-on for the page (issue 28): the provider and the page's public client. Both are
 * public by nature (the provider's discovery document names the one, the browser's address bar
 * shows the other), so the page learns them from a file beside its bundle, not from the API.
 */
export interface PageSignIn {
  issuer: string;
  clientId: string;
  scope?: string;
}

export function dashboardPage(uiDir: string, signIn?: PageSignIn): RequestHandler[] {
  const root = path.resolve(uiDir);
  const headers = pageHeaders(signIn);
  const files = express.static(root, {
    index: 'index.html',
    // Fixed file names: the browser revalidates (ETag) rather than keeping an old bundle.
    cacheControl: false,
    setHeaders: (response) => {
      response.setHeader('Cache-Control', 'no-cache');
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    },
  });
  const notBuilt = (request: Request, response: Response, next: NextFunction) => {
    if (
      request.method !== 'GET' ||
      request.path !== '/' ||
      existsSync(path.join(root, 'index.html'))
    )
      return next();
    response
      .status(404)
      .type('text/plain')
      .send(`The dashboard page is not built in ${root}: run \`npm run build:ui\`.\n`);
  };
  // The page's files are never under the API, health or docs routes: those requests skip the
  // file lookup (a stat per request, a tenth of a GET's CPU under load).
  const pageFiles: RequestHandler = (request, response, next) =>
    API_PATHS.test(request.path) ? next() : files(request, response, next);
  // `{"oidc": null}` without single sign-on: the page then offers the token form alone.
  const signInConfig: RequestHandler = (request, response, next) => {
    if (request.method !== 'GET' || request.path !== SIGN_IN_CONFIG) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.json({
      oidc: signIn
        ? {
            issuer: signIn.issuer,
            client_id: signIn.clientId,
            scope: signIn.scope ?? 'openid profile',
          }
        : null,
    });
  };
  return [signInConfig, pageFiles, notBuilt];
}

/** Where the page reads how to sign in (beside its bundle, as public as it). */
export const SIGN_IN_CONFIG = '/sign-in.json';

const API_PATHS = /^\/(api|health|docs)(\/|$)/;

/**
 * The page runs only its own script and talks only to this origin (no CDN, no inline code), is
 * never framed, and sends no Referer to anything it links.
 */
function pageHeaders(signIn?: PageSignIn): Record<string, string> {
  // With single sign-on the page also talks to the provider (discovery, token, refresh): its
  // origin alone is added. The sign-in itself and the sign-out are navigations, not requests.
  const connect = signIn ? `'self' ${new URL(signIn.issuer).origin}` : "'self'";
  return {
    'Content-Security-Policy':
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ${connect}; ` +
      "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}
