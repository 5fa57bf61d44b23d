/**
 * `ledger catalogue`: the standard-change catalogue as the API lists it (LEDGER_URL, LEDGER_TOKEN:
 * any person's or auditor's token) — each template's status, version in force, constraints, what
 * awaits the CAB and how its instances went. A table for people, `--json` for scripts.
 */
export interface CatalogueOptions {
  status?: string;
  json?: boolean;
  url: string;
  token: string;
}

interface CatalogueAnswer {
  templates: Array<{
    template_id: string;
    status: string;
    version: number | null;
    constraints: {
      change_types: string[];
      max_priority: string;
      max_risk_level: string;
      affected_systems: string[];
      test_plan_required: boolean;
    } | null;
    awaiting_approval: { version: number; kind: string; remaining_approvals: string[] } | null;
    suspension: { change_request_id: string; reason: string } | null;
    usage: { uses: number; rolled_back: number; incidents: number; success_rate: number | null };
  }>;
}

export async function runCatalogue(options: CatalogueOptions): Promise<number> {
  const query = options.status ? `?status=${encodeURIComponent(options.status)}` : '';
  const response = await fetch(
    `${options.url}/api/v1/change-management/standard-change-templates${query}`,
    { headers: { authorization: `Bearer ${options.token}` } },
  );
  const body = (await response.json()) as CatalogueAnswer | { detail?: string };
  if (!response.ok || !('templates' in body)) {
    throw new Error(
      `the ledger answered ${response.status}: ${'detail' in body ? body.detail : ''}`,
    );
  }
  if (options.json) {
    console.log(JSON.stringify(body.templates, null, 2));
    return 0;
  }
  const rows = body.templates.map((template) => [
    template.template_id,
    template.status,
    template.version === null ? '–' : `v${template.version}`,
    template.constraints
      ? `${template.constraints.change_types.join('|')} ≤${template.constraints.max_priority} risk≤${template.constraints.max_risk_level} ${template.constraints.affected_systems.join(',')}${template.constraints.test_plan_required ? ' +test plan' : ''}`
      : '–',
    String(template.usage.uses),
    template.usage.success_rate === null
      ? '–'
      : `${Math.round(template.usage.success_rate * 100)}%`,
    String(template.usage.rolled_back),
    template.suspension
      ? `suspended by ${template.suspension.change_request_id} (${template.suspension.reason})`
      : template.awaiting_approval
        ? `v${template.awaiting_approval.version} awaits ${template.awaiting_approval.remaining_approvals.join(', ')}`
        : '',
  ]);
  const header = [
    'TEMPLATE',
    'STATUS',
    'VERSION',
    'CONSTRAINTS',
    'USES',
    'SUCCESS',
    'ROLLBACKS',
    'NOTE',
  ];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  for (const row of [header, ...rows])
    console.log(
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    );
  return 0;
}
