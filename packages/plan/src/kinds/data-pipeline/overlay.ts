import { OUTPUTS } from '../../skills/data-pipeline/domain';
import { paths } from '../../skills/data-pipeline/render-contracts';
import type { ItemOverlayEntry, ItemProof } from '../kind-module';
import { DataPipelineContext } from './context';

/**
 * Template 4's items → the checks that prove them. Every item of the streams and of integration
 * points 1 and 2 has a check (a stream is done only when all its items are, and the streams after
 * it wait for it). Each check proves one concern, so a mutation fails exactly the item about it and
 * blocks what comes after: schema compatibility (A.6), output contracts (E.1), source quality rules
 * (G.1), topics in code vs the AsyncAPI document (G.3). Whether documentation is complete stays for
 * a person to attest.
 */
export function dataPipelineOverlay(ctx: DataPipelineContext): ItemOverlayEntry[] {
  const d = ctx.domain.datasets;
  const sourceContracts = d.map((x) => paths.odcs(x.name));
  const contractsOdcs = [...sourceContracts, ...OUTPUTS.map((o) => paths.odcs(o))];
  const pipeline = 'pipeline/pipeline.yaml';
  const runInputs = ['contracts/', 'data/samples/', 'pipeline/', 'quality/'];
  const run = (options: Record<string, unknown>, files?: string[]): ItemProof => ({
    checks: [{ uses: 'pipeline-run', with: { paths: [pipeline], ...options } }],
    inputs: runInputs,
    ...(files ? { files: files.map((path) => ({ path })) } : {}),
  });
  const ingest = run({ stage: 'ingest' });
  const endToEnd = run({ conform: false });
  const load = run({ scale: 20, conform: false });
  const lineage: ItemProof = { checks: [{ uses: 'openlineage', with: { paths: [pipeline] } }], inputs: ['pipeline/', 'contracts/'] };
  const monitoring: ItemProof = {
    checks: [{ uses: 'prometheus-config', with: { paths: ['monitoring/prometheus.yml'] } }],
    inputs: ['monitoring/'],
  };
  const compile = (file: string, create = true): ItemProof => ({
    // compile() like py_compile, without writing __pycache__/ into the plan folder.
    checks: [
      {
        uses: 'command',
        with: { command: `python3 -c 'import sys; compile(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1], "exec")' ${file}` },
      },
    ],
    ...(create ? { files: [{ path: file }] } : { inputs: [file] }),
  });
  const odcs = (options: Record<string, unknown> = {}, files?: string[]): ItemProof => ({
    checks: [{ uses: 'validate-odcs', with: { paths: contractsOdcs, ...options } }],
    ...(files ? { files: files.map((path) => ({ path })) } : {}),
  });
  const compose: ItemProof = { checks: [{ uses: 'validate-compose', with: { paths: ['docker-compose.yml'] } }] };
  const dataApi = (create: boolean): ItemProof => ({
    checks: [{ uses: 'validate-openapi', with: { paths: [paths.openapi] } }],
    ...(create ? { files: [{ path: paths.openapi }] } : {}),
  });
  const quality: ItemProof = {
    checks: [{ uses: 'data-quality', with: { paths: ['quality/rules.yaml'] } }],
    inputs: ['contracts/', 'data/samples/'],
  };
  const rulesValid = (files?: string[]): ItemProof => ({
    checks: [{ uses: 'data-quality', with: { paths: ['quality/rules.yaml'], evaluate: false } }],
    inputs: ['contracts/'],
    ...(files ? { files: files.map((path) => ({ path })) } : {}),
  });
  const samplesConform = d.map((x) => ({
    uses: 'validate-data-contract',
    with: { paths: [paths.jsonSchema(x.name, 2)], samples: [`data/samples/${x.name}.ndjson`] },
  }));
  const stream = (match: RegExp, proof: ItemProof): ItemOverlayEntry => ({ scope: 'stream', match, proof });
  const integration = (match: RegExp, proof: ItemProof): ItemOverlayEntry => ({ scope: 'integration', match, proof });
  const success = (match: RegExp, proof: ItemProof): ItemOverlayEntry => ({ scope: 'success', match, proof });
  return [
    // Stream A: schemas and contracts
    stream(/^Define comprehensive data schemas/, {
      checks: [
        ...samplesConform,
        ...d.map((x) => ({
          uses: 'validate-data-contract',
          with: { paths: [paths.jsonSchema(x.name, 1), paths.avro(x.name, 1), paths.avro(x.name, 2)] },
        })),
      ],
      files: d.flatMap((x) => [1, 2].flatMap((v) => [{ path: paths.jsonSchema(x.name, v) }, { path: paths.avro(x.name, v) }])),
    }),
    stream(/^Create data contract specifications/, odcs({}, contractsOdcs)),
    stream(/^Design data quality rules/, rulesValid(['quality/rules.yaml'])),
    stream(/^Define SLA requirements/, odcs({ sla: true })),
    stream(/^Create data lineage and metadata/, lineage),
    stream(/^Set up schema registry and versioning/, {
      checks: d.flatMap((x) => [
        {
          uses: 'validate-data-contract',
          with: { paths: [paths.avro(x.name, 2)], previous: paths.avro(x.name, 1), compatibility: 'backward' },
        },
        {
          uses: 'validate-data-contract',
          with: { paths: [paths.jsonSchema(x.name, 2)], previous: paths.jsonSchema(x.name, 1), compatibility: 'backward' },
        },
      ]),
      files: [{ path: paths.registry }],
    }),
    // Stream B: infrastructure
    stream(/^Create docker-compose\.yml/, { ...compose, files: [{ path: 'docker-compose.yml' }, { path: '.env.example' }] }),
    stream(/^Set up message broker/, {
      checks: [{ uses: 'validate-asyncapi', with: { paths: [paths.asyncapi] } }],
      files: [{ path: paths.asyncapi }],
    }),
    stream(/^Configure data processing framework/, compile('pipeline/spark/run_models.py')),
    // The lake (MinIO) and the warehouse (PostgreSQL) are services of the compose file.
    stream(/^Set up data storage/, compose),
    stream(/^Configure monitoring and alerting for data pipeline/, {
      ...monitoring,
      files: [{ path: 'monitoring/prometheus.yml' }, { path: 'monitoring/alerts.yml' }],
    }),
    stream(/^Set up development and testing data environments/, { checks: samplesConform, files: [{ path: 'data/samples/' }] }),
    // Stream C: API and contract testing
    stream(/^Create data API specifications/, dataApi(true)),
    stream(/^Set up contract testing framework for data interfaces/, { checks: samplesConform }),
    stream(/^Create data quality testing automation/, rulesValid()),
    stream(/^Set up data pipeline integration testing/, { ...ingest, files: [{ path: pipeline }] }),
    stream(/^Configure CI\/CD/, {
      checks: [{ uses: 'validate-workflow', with: { paths: ['.github/workflows/ci.yml'] } }],
      files: [{ path: '.github/workflows/ci.yml' }],
    }),
    stream(/^Create data validation and reconciliation tools/, rulesValid(['quality/reconciliation.yaml'])),
    // Stream D: ingestion
    stream(/^Implement data source connectors/, ingest),
    stream(/^Create data validation and cleaning modules/, ingest),
    stream(/^Build data ingestion services with schema enforcement/, ingest),
    stream(/^Implement error handling and retry/, ingest),
    stream(/^Add data lineage tracking/, lineage),
    stream(/^Set up data quality monitoring and alerting/, monitoring),
    // Stream E: processing
    stream(
      /^Implement core data transformation logic/,
      run({ outputs: ['user_activity'], reconcile: false }, ['pipeline/models/user_activity.sql']),
    ),
    stream(/^Create stream processing workflows/, compile('pipeline/streaming/stream_job.py')),
    stream(/^Set up batch processing for large datasets/, compile('pipeline/spark/run_models.py', false)),
    // Scaling out = the same models on Spark: held to SQL both engines read alike.
    stream(/^Implement parallel processing and scaling/, run({ stage: 'lint' })),
    stream(/^Add processing monitoring/, monitoring),
    stream(
      /^Create data aggregation and feature engineering/,
      run({ outputs: ['user_features'], reconcile: false }, ['pipeline/models/user_features.sql']),
    ),
    // Stream F: storage and access
    stream(/^Implement data storage with schema enforcement/, ingest),
    stream(/^Create data access APIs following specifications/, dataApi(false)),
    stream(/^Implement data governance and security controls/, { checks: [...compose.checks!, ...odcs().checks!] }),
    stream(/^Set up data catalog and metadata management/, { checks: [...odcs().checks!, ...lineage.checks!], inputs: lineage.inputs }),
    stream(/^Create data visualization and export features/, run({ conform: false, reconcile: false })),
    stream(/^Implement data retention and archival policies/, odcs({ sla: ['retention'] })),
    // Stream G: testing
    stream(/^Implement comprehensive data quality tests/, quality),
    stream(/^Create end-to-end pipeline integration tests/, endToEnd),
    stream(/^Set up automated contract validation/, {
      checks: [{ uses: 'topic-coverage', with: { paths: ['pipeline/'], asyncapi: paths.asyncapi } }],
      inputs: ['pipeline/', paths.asyncapi],
    }),
    stream(/^Create performance and load testing/, load),
    stream(/^Implement data reconciliation and accuracy checks/, endToEnd),
    stream(/^Set up monitoring and alerting for data quality/, monitoring),
    // Integration points
    integration(/^All data interfaces follow defined schemas and contracts/, odcs()),
    integration(/^Data quality rules are enforced at ingestion points/, ingest),
    integration(/^Infrastructure components can communicate/, compose),
    integration(/^Data flows from source to destination reliably/, endToEnd),
    integration(/^All processing transformations work correctly/, run({})),
    integration(/^Data access APIs provide expected results/, dataApi(false)),
    integration(/^Data quality meets defined standards/, quality),
    integration(/^Pipeline performs under expected load/, load),
    integration(/^All monitoring and alerting is functional/, monitoring),
    integration(/^Data governance and security controls are active/, { checks: [...compose.checks!, ...odcs().checks!] }),
    integration(/^Documentation and operational procedures complete/, {
      unprovable: 'whether documentation is complete is a judgement: attest it',
    }),
    // Success criteria
    success(/^Data contracts and schemas are consistently enforced/, ingest),
    success(/^Pipeline processes data with required performance and reliability/, load),
    success(/^Data quality meets defined standards and SLAs/, quality),
    success(/^All monitoring and alerting is functional/, monitoring),
    success(/^Data governance and security controls are implemented/, { checks: [...compose.checks!, ...odcs().checks!] }),
  ];
}
