import { OUTPUTS } from '../../skills/data-pipeline/domain';
import { paths } from '../../skills/data-pipeline/render-contracts';
import type { ItemOverlayEntry, ItemProof } from '../kind-module';
import { DataPipelineContext } from './context';

/**
 * Template 4's items → the checks that prove them. Each check proves one concern, so a mutation
 * fails exactly the item about it: schema compatibility (A.6), output contracts (E.1), source
 * quality rules (G.1), topics in code vs the AsyncAPI document (G.3). Items no machine here can
 * prove (a Spark cluster, production load, governance) stay unproven until attested.
 */
export function dataPipelineOverlay(ctx: DataPipelineContext): ItemOverlayEntry[] {
  const d = ctx.domain.datasets;
  const contractsOdcs = [...d.map((x) => paths.odcs(x.name)), ...OUTPUTS.map((o) => paths.odcs(o))];
  const pipeline = 'pipeline/pipeline.yaml';
  const runInputs = ['contracts/', 'data/samples/', 'pipeline/', 'quality/'];
  const ingest: ItemProof = { checks: [{ uses: 'pipeline-run', with: { paths: [pipeline], stage: 'ingest' } }], inputs: runInputs };
  const endToEnd: ItemProof = { checks: [{ uses: 'pipeline-run', with: { paths: [pipeline], conform: false } }], inputs: runInputs };
  const lineage: ItemProof = { checks: [{ uses: 'openlineage', with: { paths: [pipeline] } }], inputs: ['pipeline/', 'contracts/'] };
  const monitoring: ItemProof = {
    checks: [{ uses: 'prometheus-config', with: { paths: ['monitoring/prometheus.yml'] } }],
    inputs: ['monitoring/'],
  };
  const compile = (file: string): ItemProof => ({
    checks: [{ uses: 'command', with: { command: `python3 -m py_compile ${file}` } }],
    files: [{ path: file }],
  });
  const odcs: ItemProof = { checks: [{ uses: 'validate-odcs', with: { paths: contractsOdcs } }] };
  const unprovable = (why: string): ItemProof => ({ unprovable: why });
  const stream = (match: RegExp, proof: ItemProof): ItemOverlayEntry => ({ scope: 'stream', match, proof });
  return [
    // Stream A: contracts
    stream(/^Define comprehensive data schemas/, {
      checks: d.flatMap((x) => [
        { uses: 'validate-data-contract', with: { paths: [paths.jsonSchema(x.name, 2)], samples: [`data/samples/${x.name}.ndjson`] } },
        { uses: 'validate-data-contract', with: { paths: [paths.jsonSchema(x.name, 1), paths.avro(x.name, 1), paths.avro(x.name, 2)] } },
      ]),
      files: d.flatMap((x) => [1, 2].flatMap((v) => [{ path: paths.jsonSchema(x.name, v) }, { path: paths.avro(x.name, v) }])),
    }),
    stream(/^Create data contract specifications/, { ...odcs, files: contractsOdcs.map((p) => ({ path: p })) }),
    stream(/^Design data quality rules/, {
      checks: [{ uses: 'data-quality', with: { paths: ['quality/rules.yaml'], evaluate: false } }],
      files: [{ path: 'quality/rules.yaml' }],
      inputs: ['contracts/'],
    }),
    stream(/^Define SLA requirements/, { checks: [{ uses: 'validate-odcs', with: { paths: contractsOdcs, sla: true } }] }),
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
    stream(/^Create docker-compose\.yml/, {
      checks: [{ uses: 'validate-compose', with: { paths: ['docker-compose.yml'] } }],
      files: [{ path: 'docker-compose.yml' }, { path: '.env.example' }],
    }),
    stream(/^Set up message broker/, {
      checks: [{ uses: 'validate-asyncapi', with: { paths: [paths.asyncapi] } }],
      files: [{ path: paths.asyncapi }],
    }),
    stream(/^Configure data processing framework/, compile('pipeline/spark/run_models.py')),
    stream(
      /^Set up data storage/,
      unprovable('object storage and the warehouse run as containers (docker-compose.yml); no engine here starts them'),
    ),
    stream(/^Configure monitoring and alerting for data pipeline/, {
      ...monitoring,
      files: [{ path: 'monitoring/prometheus.yml' }, { path: 'monitoring/alerts.yml' }],
    }),
    stream(/^Set up development and testing data environments/, {
      checks: d.map((x) => ({
        uses: 'validate-data-contract',
        with: { paths: [paths.jsonSchema(x.name, 2)], samples: [`data/samples/${x.name}.ndjson`] },
      })),
      files: [{ path: 'data/samples/' }],
    }),
    // Stream C
    stream(/^Configure CI\/CD/, {
      checks: [{ uses: 'validate-workflow', with: { paths: ['.github/workflows/ci.yml'] } }],
      files: [{ path: '.github/workflows/ci.yml' }],
    }),
    stream(/^Create data validation and reconciliation tools/, {
      checks: [{ uses: 'data-quality', with: { paths: ['quality/rules.yaml'], evaluate: false } }],
      files: [{ path: 'quality/reconciliation.yaml' }],
      inputs: ['contracts/'],
    }),
    // Stream D: ingestion
    stream(/^Implement data source connectors/, { ...ingest, files: [{ path: pipeline }] }),
    stream(/^Create data validation and cleaning modules/, ingest),
    stream(/^Build data ingestion services with schema enforcement/, ingest),
    stream(/^Implement error handling and retry/, ingest),
    stream(/^Add data lineage tracking/, lineage),
    stream(/^Set up data quality monitoring and alerting/, monitoring),
    // Stream E: processing
    stream(/^Implement core data transformation logic/, {
      checks: [{ uses: 'pipeline-run', with: { paths: [pipeline], outputs: ['user_activity'], reconcile: false } }],
      files: [{ path: 'pipeline/models/user_activity.sql' }],
      inputs: runInputs,
    }),
    stream(/^Create stream processing workflows/, compile('pipeline/streaming/stream_job.py')),
    stream(
      /^Set up batch processing for large datasets/,
      unprovable('needs a Spark cluster and production-size data (pipeline/spark/run_models.py runs the same models there)'),
    ),
    stream(/^Implement parallel processing and scaling/, unprovable('scaling is proven on a cluster, not on one machine')),
    stream(/^Add processing monitoring/, monitoring),
    stream(/^Create data aggregation and feature engineering/, {
      checks: [{ uses: 'pipeline-run', with: { paths: [pipeline], outputs: ['user_features'], reconcile: false } }],
      files: [{ path: 'pipeline/models/user_features.sql' }],
      inputs: runInputs,
    }),
    // Stream G: testing
    stream(/^Implement comprehensive data quality tests/, {
      checks: [{ uses: 'data-quality', with: { paths: ['quality/rules.yaml'] } }],
      inputs: ['contracts/', 'data/samples/'],
    }),
    stream(/^Create end-to-end pipeline integration tests/, endToEnd),
    stream(/^Set up automated contract validation/, {
      checks: [{ uses: 'topic-coverage', with: { paths: ['pipeline/'], asyncapi: paths.asyncapi } }],
      inputs: ['pipeline/', paths.asyncapi],
    }),
    stream(/^Create performance and load testing/, unprovable('load is measured by the benchmark on a production-like machine')),
    stream(/^Implement data reconciliation and accuracy checks/, endToEnd),
    stream(/^Set up monitoring and alerting for data quality/, monitoring),
    // Integration points
    { scope: 'integration', match: /^All data interfaces follow defined schemas and contracts/, proof: odcs },
    { scope: 'integration', match: /^Data quality rules are enforced at ingestion points/, proof: ingest },
    {
      scope: 'integration',
      match: /^Infrastructure components can communicate/,
      proof: { checks: [{ uses: 'validate-compose', with: { paths: ['docker-compose.yml'] } }] },
    },
    { scope: 'integration', match: /^Data flows from source to destination reliably/, proof: endToEnd },
    { scope: 'integration', match: /^All monitoring and alerting is functional/, proof: monitoring },
    // Success criteria
    { scope: 'success', match: /^Data contracts and schemas are consistently enforced/, proof: ingest },
    { scope: 'success', match: /^All monitoring and alerting is functional/, proof: monitoring },
  ];
}
