import { InvalidRoleMapError, parseRoleMap, type RoleMap } from '@change-ledger/auth';
import { LedgerError } from '@change-ledger/domain';
import { eventStoreEnvironmentProblems } from '@change-ledger/event-store';
import { NotifierEnvironment } from '@change-ledger/notifications';
import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MinLength,
  Max,
  Min,
  validateSync,
} from 'class-validator';

/**
 * The environment the API reads, validated once at start-up with one message per bad key
 * (STYLE.md §11). Nothing else in the app reads process.env.
 */
export class ApiEnvironment extends NotifierEnvironment {
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(65535)
  @IsInt()
  PORT: number = 3000;

  /** Unset: the embedded PostgreSQL under LEDGER_DATA_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must be a postgres:// connection string',
  })
  DATABASE_URL?: string;

  /**
   * Where the read routes and dashboards query the read models: a replica (issue 29), so reads
   * never load the primary. Writes, and the reads a write decides on, stay on DATABASE_URL. A
   * read asked with `min_position` waits for the replica to reach it (bounded; 503 when not).
   * Unset: DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_READ_URL must be a postgres:// connection string',
  })
  DATABASE_READ_URL?: string;

  /** The role the PostgreSQL store writes as; `ledger_writer` by default (INSERT/SELECT only). */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'LEDGER_DB_ROLE must be a plain PostgreSQL role name' })
  LEDGER_DB_ROLE = 'ledger_writer';

  /**
   * The policy file: API-CONFIG's config.yaml, extended. Unset: the seed (config/policy.yaml), or with
   * the embedded default the demo policy made from it (libs/policy/src/demo-policy.ts).
   */
  @IsOptional()
  @IsString()
  LEDGER_POLICY_FILE?: string;

  /** YAML list of { token, principal, roles }; tokens may be written sha256:<hex>. */
  @IsOptional()
  @IsString()
  LEDGER_TOKENS_FILE?: string;

  /** Deployment webhooks: GitHub's signing secret, GitLab's secret token. Unset: refused. */
  @IsOptional()
  @MinLength(16, { message: 'LEDGER_GITHUB_WEBHOOK_SECRET must be at least 16 characters' })
  LEDGER_GITHUB_WEBHOOK_SECRET?: string;

  @IsOptional()
  @MinLength(16, { message: 'LEDGER_GITLAB_WEBHOOK_TOKEN must be at least 16 characters' })
  LEDGER_GITLAB_WEBHOOK_TOKEN?: string;

  /** OIDC: issuer and audience the JWTs must name; JWKS URL or a public key file to verify them. */
  @IsOptional()
  @IsString()
  LEDGER_OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  LEDGER_OIDC_AUDIENCE?: string;

  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'LEDGER_OIDC_JWKS_URL must be an http(s) URL' })
  LEDGER_OIDC_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  LEDGER_OIDC_PUBLIC_KEY_FILE?: string;

  /** Dotted path of the roles claim: `roles`, `realm_access.roles`, `groups`. */
  @IsOptional()
  @IsString()
  LEDGER_OIDC_ROLES_CLAIM = 'roles';

  @IsOptional()
  @IsString()
  LEDGER_OIDC_PRINCIPAL_CLAIM = 'sub';

  /**
   * The IdP's group or role names to the policy's roles, as JSON:
   * `{"ledger-approvers": ["change-manager", "engineering-manager"], "ledger-auditors": "auditor"}`.
   * Unset: the names in the roles claim are the roles. Set: only the names it lists give roles.
   */
  @IsOptional()
  @IsString()
  LEDGER_OIDC_ROLE_MAP?: string;

  /**
   * The page's public OIDC client (authorization code + PKCE, redirect URI: the page's own
   * address). Set, the page offers "Sign in with" the provider beside the token form.
   */
  @IsOptional()
  @IsString()
  LEDGER_OIDC_WEB_CLIENT_ID?: string;

  /** The role map, read (its shape was checked at start-up); undefined when none is set. */
  oidcRoleMap(): RoleMap | undefined {
    return this.LEDGER_OIDC_ROLE_MAP === undefined
      ? undefined
      : parseRoleMap(this.LEDGER_OIDC_ROLE_MAP);
  }

  /** Dotted path of a service's claim listing the CI sources it may report for. */
  @IsOptional()
  @IsString()
  LEDGER_OIDC_CI_SOURCES_CLAIM = 'ci_sources';

  /** A CI fact reported this far ahead of the server's clock is accepted and flagged. */
  @IsOptional()
  @Type(() => Number)
  @Min(0)
  @IsInt()
  LEDGER_CI_MAX_CLOCK_SKEW_SECONDS = 300;

  /** A CI fact reported this long after it happened is accepted and flagged as late. */
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @IsInt()
  LEDGER_CI_MAX_REPORT_AGE_HOURS = 72;

  /**
   * How long an Idempotency-Key's claim is its request's alone: after it, a retry resolves a claim
   * whose request died (its answer rebuilt, or the request run once). ADR 0017.
   */
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(3600)
  @IsInt()
  LEDGER_IDEMPOTENCY_LEASE_SECONDS = 30;

  /** Run the projector in this process (the default); off where projectors run on their own. */
  @IsOptional()
  // From the raw text: class-transformer would already have made any non-empty string `true`.
  @Transform(({ obj, key }) => {
    const raw: unknown = (obj as Record<string, unknown>)[key];
    return raw === undefined ? true : raw === 'true' ? true : raw === 'false' ? false : raw;
  })
  @IsBoolean()
  LEDGER_RUN_PROJECTOR: boolean = true;

  /** The built-in dashboard page's bundle (`npm run build:ui` writes it), served at `/`. */
  @IsOptional()
  @IsString()
  LEDGER_UI_DIR = 'dist/web';

  // LEDGER_DATA_DIR (the embedded PostgreSQL, the local tokens, the log's key) is the log's
  // setting (IntegrityEnvironment): the projector and the CLI read the key from the same place.
}

export class InvalidConfigurationError extends LedgerError {
  readonly code = 'CONFIG.INVALID';
  readonly kind = 'invalid';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`, {
      problems,
    });
  }
}

/**
 * Keys whose value is a credential: a refusal names their length, never the value. A webhook URL
 * (Slack's, a receiver's) is one: whoever holds it may post.
 */
const SECRET_KEY = /SECRET|TOKEN|PASSWORD|PRIVATE|WEBHOOK|SMTP_URL/;

/**
 * The value as it was set (the conversion would show "abc" as null), without a secret: a
 * start-up refusal lands in logs that more people read than hold the secret.
 */
function shownValue(key: string, env: Record<string, string | undefined>): string {
  const raw = env[key] ?? '';
  if (SECRET_KEY.test(key)) return `${raw.length} characters, not shown`;
  return JSON.stringify(withoutPassword(raw));
}

/** A connection string's password replaced by `***` (`scheme://user:***@host/…`). */
function withoutPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

export function loadApiEnvironment(env: NodeJS.ProcessEnv): ApiEnvironment {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(ApiEnvironment, defined, {
    enableImplicitConversion: true,
    excludeExtraneousValues: false,
  });
  // One reason per key: "abc" is not an integer, and saying it is also out of range helps nobody.
  const errors = validateSync(config, { whitelist: false, stopAtFirstError: true });
  const problems = errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map(
      (message) => `${error.property}: ${message} (got ${shownValue(error.property, defined)})`,
    ),
  );
  problems.push(...eventStoreEnvironmentProblems(config));
  const oidc = [
    config.LEDGER_OIDC_ISSUER,
    config.LEDGER_OIDC_AUDIENCE,
    config.LEDGER_OIDC_JWKS_URL ?? config.LEDGER_OIDC_PUBLIC_KEY_FILE,
  ];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    problems.push(
      'LEDGER_OIDC_*: OIDC needs LEDGER_OIDC_ISSUER, LEDGER_OIDC_AUDIENCE and LEDGER_OIDC_JWKS_URL or LEDGER_OIDC_PUBLIC_KEY_FILE',
    );
  }
  if (config.LEDGER_OIDC_WEB_CLIENT_ID !== undefined && !config.LEDGER_OIDC_ISSUER)
    problems.push(
      'LEDGER_OIDC_WEB_CLIENT_ID: the page signs in with LEDGER_OIDC_ISSUER, which is not set',
    );
  if (config.LEDGER_OIDC_ROLE_MAP !== undefined) {
    if (!config.LEDGER_OIDC_ISSUER)
      problems.push('LEDGER_OIDC_ROLE_MAP: maps OIDC roles, but LEDGER_OIDC_ISSUER is not set');
    try {
      config.oidcRoleMap();
    } catch (error) {
      if (!(error instanceof InvalidRoleMapError)) throw error;
      problems.push(`LEDGER_OIDC_ROLE_MAP: ${error.message.replace(/^LEDGER_OIDC_ROLE_MAP /, '')}`);
    }
  }
  if (problems.length > 0) throw new InvalidConfigurationError(problems);
  return config;
}
