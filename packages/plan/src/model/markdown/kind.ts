import { PlanKind } from '../plan-schema';

/**
 * The plan kind of a document. First its streams: each of seed 001's six templates has its own
 * set of stream headings, which survive filling in (the title and overview do not: "[API Service
 * Name]" becomes "Payments"). Then what the title and overview say as written (the template
 * placeholders name their kind, "[Mobile App Name]") and as filled; then the skills its tasks use
 * (seed 000 is the ML app). `custom` otherwise.
 */

/** Stream headings (without "Stream X:") of seed 001's templates, by the kind each template is. */
export const TEMPLATE_STREAMS: Readonly<Partial<Record<PlanKind, readonly string[]>>> = {
  'web-app': [
    'API Contract Design',
    'Development Environment',
    'Project Scaffolding',
    'Backend Implementation',
    'Frontend Implementation',
    'E2E Testing Framework',
  ],
  'api-service': [
    'OpenAPI Contract & Mocking',
    'Infrastructure & Environment',
    'Project Foundation',
    'Core API Implementation',
    'Contract & Integration Testing',
    'Client SDKs & Documentation',
    'Deployment & Operations',
  ],
  'mobile-app': [
    'Mobile API Contract Design',
    'Mobile Infrastructure',
    'Mobile App Foundation',
    'Backend API Implementation',
    'Mobile App Implementation',
    'Mobile Testing Framework',
    'App Store & Distribution',
  ],
  'data-pipeline': [
    'Data Schema & Contract Design',
    'Infrastructure & Environment',
    'API & Contract Testing Framework',
    'Data Ingestion Implementation',
    'Data Processing Implementation',
    'Data Storage & Access Implementation',
    'Testing & Quality Assurance',
  ],
  'ml-platform': [
    'ML API Contract Design',
    'ML Infrastructure & Environment',
    'Application Foundation',
    'Data Pipeline Implementation',
    'Model Development Pipeline',
    'Model Serving & API Implementation',
    'Application Integration',
    'ML Testing & Validation',
  ],
  microservices: [
    'Inter-Service API Contracts',
    'Platform Infrastructure',
    'CI/CD & Deployment Pipeline',
    'Shared Services & Data',
    'Core Business Services',
    'Supporting Services',
    'API Gateway & Aggregation',
    'Testing & Validation Framework',
    'Service Mesh & Observability',
    'Frontend Integration',
  ],
};

const BY_WORDS: [RegExp, PlanKind][] = [
  [/\bmicro-?services?\b/i, 'microservices'],
  [/\b(ml|machine[- ]learning)\b/i, 'ml-app'],
  [/\bdata[- ](processing[- ])?pipelines?\b|\betl\b/i, 'data-pipeline'],
  [/\bmobile\b|\b(ios|android)\b/i, 'mobile-app'],
  [/\bapi[- ]service\b|\brest(ful)? api\b/i, 'api-service'],
  [/\bweb[- ]?(app|application|site)\b/i, 'web-app'],
];

/**
 * `streams`: the document's stream headings. A stream-format document that reads as an ML
 * application is seed 001's Template 5 (ml-platform); seed 000, in the task format, is ml-app.
 */
export function inferKind(texts: (string | undefined)[], skills: string[], streams: string[] = []): PlanKind {
  const byStreams = kindOfStreams(streams);
  if (byStreams) return byStreams;
  for (const text of texts) {
    if (!text) continue;
    const hit = BY_WORDS.find(([re]) => re.test(text));
    if (hit) return hit[1] === 'ml-app' && streams.length > 0 ? 'ml-platform' : hit[1];
  }
  if (skills.some((s) => /ml-engineer|h2o|mojo/i.test(s))) return 'ml-app';
  if (skills.some((s) => /data-engineer/i.test(s))) return 'data-pipeline';
  return 'custom';
}

/**
 * The template whose stream headings the document shares most: a heading as in the template
 * counts 1, one that contains the template's heading or is contained in it ("Backend
 * Implementation (Go)") counts 1/2. At least two points and a clear lead, else undefined.
 */
export function kindOfStreams(streams: string[]): PlanKind | undefined {
  const written = streams.map(normalise).filter((s) => s !== '');
  if (written.length === 0) return undefined;
  const scores = Object.entries(TEMPLATE_STREAMS).map(([kind, titles]) => {
    const known = titles!.map(normalise);
    const score = written.reduce(
      (sum, s) => sum + (known.includes(s) ? 1 : known.some((k) => s.includes(k) || k.includes(s)) ? 0.5 : 0),
      0,
    );
    return { kind: kind as PlanKind, score };
  });
  scores.sort((a, b) => b.score - a.score);
  const [best, next] = scores;
  return best.score >= 2 && best.score > (next?.score ?? 0) ? best.kind : undefined;
}

/** Case, punctuation and "&"/"and" ignored. */
function normalise(title: string): string {
  return title
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
