/**
 * Seed 001's six templates filled with our own values: our own titles, overviews, estimates and
 * mostly our own checklist items under each template's stream headings, phases and integration
 * points (what kind inference and the overlays read). Used by specs; nothing here ships.
 */
export interface FilledTemplate {
  /** Template number in seed 001 (1–6). */
  template: number;
  kind: 'web-app' | 'api-service' | 'mobile-app' | 'data-pipeline' | 'ml-platform' | 'microservices';
  markdown: string;
}

interface Stream {
  title: string;
  items: string[];
  dependsOn?: string;
}

function document(
  title: string,
  overview: string,
  phases: { title: string; streams: Stream[] }[],
  integrations: { title: string; items: string[] }[],
  success: string[],
): string {
  const lines = [`# Implementation Plan: ${title}`, '', '## Overview', overview, ''];
  let letter = 0;
  phases.forEach((phase, p) => {
    lines.push(`## Phase ${p + 1}: ${phase.title}`, '');
    for (const stream of phase.streams) {
      lines.push(`### Stream ${String.fromCharCode(65 + letter++)}: ${stream.title}`);
      lines.push('**Estimated Time:** 3-5 hours', `**Dependencies:** ${stream.dependsOn ?? 'None'}`, '**Tasks:**');
      stream.items.forEach((item, i) => lines.push(`- [ ] ${item} (Priority: ${['Critical', 'High', 'Medium'][i % 3]})`));
      lines.push('');
    }
  });
  lines.push('## Sequential Integration Points', '');
  integrations.forEach((point, i) => {
    lines.push(`### Integration ${i + 1}: ${point.title}`, ...point.items.map((item) => `- [ ] ${item}`), '');
  });
  lines.push('## Success Criteria', ...success.map((s) => `- [ ] ${s}`), '');
  return lines.join('\n');
}

export const FILLED_TEMPLATES: FilledTemplate[] = [
  {
    template: 1,
    kind: 'web-app',
    markdown: document(
      'Allotment Booker',
      'Members of a community garden reserve plots and tools for a season.',
      [
        {
          title: 'Contract & Environment Setup (Parallel - Day 1-2)',
          streams: [
            {
              title: 'API Contract Design',
              items: ['Create OpenAPI 3.0 specification for plots and bookings', 'Document error responses'],
            },
            { title: 'Development Environment', items: ['Create docker-compose.yml with PostgreSQL', 'Write .env.example'] },
            { title: 'Project Scaffolding', items: ['Initialize frontend project (Vite)', 'Initialize backend project (Fastify)'] },
          ],
        },
        {
          title: 'Parallel Implementation (Day 2-5)',
          streams: [
            { title: 'Backend Implementation', items: ['Implement booking endpoints'], dependsOn: 'API Contract Design' },
            { title: 'Frontend Implementation', items: ['Build the season calendar page'], dependsOn: 'API Contract Design' },
            { title: 'E2E Testing Framework', items: ['Write the booking journey test'], dependsOn: 'Project Scaffolding' },
          ],
        },
      ],
      [
        { title: 'Contract Validation (After Phase 1)', items: ['Backend endpoints match OpenAPI specification'] },
        { title: 'Full Stack Testing (After Phase 2)', items: ['Booking journey passes end to end'] },
      ],
      ['Members can book a plot in under a minute'],
    ),
  },
  {
    template: 2,
    kind: 'api-service',
    markdown: document(
      'Parcel Tracking API',
      'Carriers push scan events; shops query where a parcel is.',
      [
        {
          title: 'Contract & Infrastructure (Parallel - Day 1-2)',
          streams: [
            { title: 'OpenAPI Contract & Mocking', items: ['Create comprehensive OpenAPI 3.0 specification', 'Publish a Prism mock'] },
            {
              title: 'Infrastructure & Environment',
              items: ['Create docker-compose.yml with all dependencies (db, cache, message broker)'],
            },
            { title: 'Project Foundation', items: ['Initialize API project structure (Go)'] },
          ],
        },
        {
          title: 'Implementation & Testing (Parallel - Day 2-4)',
          streams: [
            { title: 'Core API Implementation', items: ['Implement scan ingestion'], dependsOn: 'OpenAPI Contract & Mocking' },
            {
              title: 'Contract & Integration Testing',
              items: ['Write contract tests validating API vs OpenAPI spec'],
              dependsOn: 'OpenAPI Contract & Mocking',
            },
            { title: 'Client SDKs & Documentation', items: ['Generate a TypeScript client'], dependsOn: 'OpenAPI Contract & Mocking' },
          ],
        },
        {
          title: 'Production Readiness (Sequential - Day 4-5)',
          streams: [{ title: 'Deployment & Operations', items: ['Set up alerting on scan lag'], dependsOn: 'Core API Implementation' }],
        },
      ],
      [
        { title: 'Contract Validation (After Phase 1)', items: ['API implementation matches OpenAPI specification 100%'] },
        { title: 'Production Deployment (After Phase 3)', items: ['API deployed and accessible in production'] },
      ],
      ['OpenAPI contract is single source of truth', 'Shops see a scan within five seconds'],
    ),
  },
  {
    template: 3,
    kind: 'mobile-app',
    markdown: document(
      'Trail Log',
      'Hikers record routes offline and sync them when back in range.',
      [
        {
          title: 'Contract & Environment Setup (Parallel - Day 1-2)',
          streams: [
            { title: 'Mobile API Contract Design', items: ['Design the sync API for routes'] },
            { title: 'Mobile Infrastructure', items: ['Set up Firebase for crash reports'] },
            { title: 'Mobile App Foundation', items: ['Initialize React Native project'] },
          ],
        },
        {
          title: 'Parallel Implementation (Day 2-5)',
          streams: [
            { title: 'Backend API Implementation', items: ['Implement route upload'], dependsOn: 'Mobile API Contract Design' },
            { title: 'Mobile App Implementation', items: ['Record GPS tracks offline'], dependsOn: 'Mobile App Foundation' },
            { title: 'Mobile Testing Framework', items: ['Write Detox tests for recording'], dependsOn: 'Mobile App Foundation' },
            { title: 'App Store & Distribution', items: ['Prepare store listings'], dependsOn: 'Mobile App Foundation' },
          ],
        },
      ],
      [{ title: 'API Contract Validation (After Phase 1)', items: ['Sync API matches the contract'] }],
      ['A route recorded offline appears on the web after sync'],
    ),
  },
  {
    template: 4,
    kind: 'data-pipeline',
    markdown: document(
      'Meter Readings Pipeline',
      'Half-hourly smart-meter readings are validated, aggregated and served to billing.',
      [
        {
          title: 'Schema & Infrastructure Setup (Parallel - Day 1-2)',
          streams: [
            { title: 'Data Schema & Contract Design', items: ['Define the reading schema (Avro)'] },
            { title: 'Infrastructure & Environment', items: ['Set up Kafka and PostgreSQL in compose'] },
            { title: 'API & Contract Testing Framework', items: ['Write schema compatibility tests'] },
          ],
        },
        {
          title: 'Parallel Implementation (Day 2-5)',
          streams: [
            {
              title: 'Data Ingestion Implementation',
              items: ['Consume readings from the meter topic'],
              dependsOn: 'Data Schema & Contract Design',
            },
            { title: 'Data Processing Implementation', items: ['Aggregate readings per day'], dependsOn: 'Data Schema & Contract Design' },
            {
              title: 'Data Storage & Access Implementation',
              items: ['Expose daily totals over HTTP'],
              dependsOn: 'Data Schema & Contract Design',
            },
            {
              title: 'Testing & Quality Assurance',
              items: ['Reconcile totals with the source'],
              dependsOn: 'Data Schema & Contract Design',
            },
          ],
        },
      ],
      [{ title: 'Schema Validation (After Phase 1)', items: ['Every sample reading matches the schema'] }],
      ['Billing gets yesterday’s totals by 06:00'],
    ),
  },
  {
    template: 5,
    kind: 'ml-platform',
    markdown: document(
      'Crop Yield Forecaster',
      'Forecasts field yields from soil and weather data for agronomists.',
      [
        {
          title: 'Schema & Infrastructure Setup (Parallel - Day 1-3)',
          streams: [
            { title: 'ML API Contract Design', items: ['Define the forecast request and response'] },
            { title: 'ML Infrastructure & Environment', items: ['Set up MLflow tracking'] },
            { title: 'Application Foundation', items: ['Initialize the agronomist dashboard'] },
          ],
        },
        {
          title: 'Parallel Implementation (Day 3-7)',
          streams: [
            { title: 'Data Pipeline Implementation', items: ['Join weather and soil samples'], dependsOn: 'ML API Contract Design' },
            {
              title: 'Model Development Pipeline',
              items: ['Train a gradient-boosted baseline'],
              dependsOn: 'ML Infrastructure & Environment',
            },
            {
              title: 'Model Serving & API Implementation',
              items: ['Serve forecasts behind the contract'],
              dependsOn: 'ML API Contract Design',
            },
            { title: 'Application Integration', items: ['Show forecasts on the field map'], dependsOn: 'Application Foundation' },
            { title: 'ML Testing & Validation', items: ['Backtest on last season'], dependsOn: 'Model Development Pipeline' },
          ],
        },
      ],
      [{ title: 'Contract Validation (After Phase 1)', items: ['Forecast API matches the contract'] }],
      ['Forecast error below 10 % on last season'],
    ),
  },
  {
    template: 6,
    kind: 'microservices',
    markdown: document(
      'Library Lending Platform',
      'Branches lend books; members reserve, renew and pay fines online.',
      [
        {
          title: 'Service Contracts & Infrastructure (Parallel - Day 1-3)',
          streams: [
            { title: 'Inter-Service API Contracts', items: ['Define the loans and catalogue APIs'] },
            { title: 'Platform Infrastructure', items: ['Create the Kubernetes namespaces'] },
            { title: 'CI/CD & Deployment Pipeline', items: ['Build images on every push'] },
            { title: 'Shared Services & Data', items: ['Set up the identity provider'] },
          ],
        },
        {
          title: 'Parallel Service Implementation (Day 3-8)',
          streams: [
            { title: 'Core Business Services', items: ['Implement the loans service'], dependsOn: 'Inter-Service API Contracts' },
            { title: 'Supporting Services', items: ['Implement notifications'], dependsOn: 'Inter-Service API Contracts' },
            {
              title: 'API Gateway & Aggregation',
              items: ['Route public paths through the gateway'],
              dependsOn: 'Inter-Service API Contracts',
            },
            { title: 'Testing & Validation Framework', items: ['Write consumer contract tests'], dependsOn: 'Inter-Service API Contracts' },
          ],
        },
        {
          title: 'Integration & Production Readiness (Day 8-10)',
          streams: [
            { title: 'Service Mesh & Observability', items: ['Enable mTLS between services'], dependsOn: 'Platform Infrastructure' },
            { title: 'Frontend Integration', items: ['Connect the member portal'], dependsOn: 'API Gateway & Aggregation' },
          ],
        },
      ],
      [{ title: 'Service Contract Validation (After Phase 1)', items: ['Every service matches its contract'] }],
      ['A member can renew a loan from the portal'],
    ),
  },
];
