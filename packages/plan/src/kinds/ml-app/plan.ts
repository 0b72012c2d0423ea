import { PlanInput } from '../../model/plan-schema';
import { MlAppContext } from './context';

/**
 * Seed 000 as a Plan: its seven tasks with the same ids, titles, assignees, skills, estimates,
 * files, dependencies, verification lines and definitions of done, keyed by the labels of its
 * execution-order graph, each with the checks that prove it.
 */
export function mlAppPlan(ctx: MlAppContext, options: { python?: string } = {}): PlanInput {
  const p = ctx.paths;
  const python = options.python ? { python: options.python } : {};
  const trainCommand = `nx run ${ctx.name}:train`;
  return {
    version: 1,
    name: ctx.name,
    kind: 'ml-app',
    title: ctx.projectName,
    overview: ctx.projectDescription,
    requirements: {
      functional: [ctx.functionalRequirements],
      nonFunctional: [ctx.nonFunctionalRequirements],
      constraints: [ctx.constraints],
    },
    variables: {
      project_name: ctx.projectName,
      project_description: ctx.projectDescription,
      functional_requirements: ctx.functionalRequirements,
      non_functional_requirements: ctx.nonFunctionalRequirements,
      constraints: ctx.constraints,
      schema_name: ctx.schemaName,
      pipeline_name: ctx.pipelineName,
      model_name: ctx.modelName,
      additional_notes: ctx.additionalNotes,
    },
    phases: [
      {
        id: '1',
        title: 'Foundation',
        tasks: [
          {
            id: '1.1',
            key: 'schema',
            label: 'Schema',
            title: 'Design Database Schema',
            assignee: 'Database Architect',
            skill: 'skills/db-architect',
            estimate: 10,
            files: [
              { path: p.schemaJson, action: 'create' },
              { path: p.schemaSql, action: 'create' },
            ],
            checks: [{ uses: 'validate-schema', with: { paths: [p.schemaJson] } }],
            verification: [`Run \`python skills/db-architect/scripts/validate_schema.py ${p.schemaJson}\``, 'Verify exit code is 0'],
            done: ['JSON schema passes validation', 'DDL generated successfully', 'All tables have primary keys'],
          },
          {
            id: '1.2',
            key: 'fastapi',
            label: 'FastAPI',
            title: 'Scaffold FastAPI Project',
            assignee: 'FastAPI Pro',
            skill: 'skills/fastapi-pro',
            estimate: 5,
            files: [
              { path: 'api/main.py', action: 'create' },
              { path: 'api/dependencies.py', action: 'create' },
              { path: 'api/routers/__init__.py', action: 'create' },
            ],
            // The health probe imports the whole app, so every file under api/ is an input.
            inputs: ['api/'],
            checks: [
              {
                uses: 'lint-endpoints',
                with: { paths: ['api/main.py', 'api/dependencies.py', 'api/routers/__init__.py'], health: true, ...python },
              },
            ],
            verification: ['Run `python skills/fastapi-pro/scripts/lint_endpoints.py api/`', 'Verify syntax is valid'],
            done: ['Project structure matches template', 'Health endpoint returns 200'],
          },
        ],
      },
      {
        id: '2',
        title: 'Data Engineering',
        tasks: [
          {
            id: '2.1',
            key: 'pipeline',
            label: 'Pipeline',
            title: 'Create Mage ETL Pipeline',
            assignee: 'Data Engineer',
            skill: 'skills/data-engineer',
            estimate: 15,
            dependsOn: ['1.1'],
            files: [
              { path: `${p.pipelineDir}/metadata.yaml`, action: 'create' },
              { path: `${p.pipelineDir}/data_loaders/`, action: 'create' },
              { path: `${p.pipelineDir}/transformers/`, action: 'create' },
              { path: `${p.pipelineDir}/data_exporters/`, action: 'create' },
            ],
            checks: [
              { uses: 'validate-pipeline', with: { paths: [`${p.pipelineDir}/`] } },
              {
                uses: 'ml-contracts',
                with: { paths: [], exporter: `${p.pipelineDir}/data_exporters/export_${ctx.table}.py`, schema: p.schemaJson },
              },
            ],
            verification: [
              `Run \`python skills/data-engineer/scripts/validate_pipeline.py ${p.pipelineDir}/\``,
              'Verify no circular dependencies',
            ],
            done: ['Pipeline has loader, transformer, and exporter', 'Passes DAG validation'],
          },
        ],
      },
      {
        id: '3',
        title: 'Machine Learning',
        tasks: [
          {
            id: '3.1',
            key: 'training',
            label: 'Training',
            title: 'Create H2O Training Script',
            assignee: 'ML Engineer',
            skill: 'skills/ml-engineer',
            estimate: 10,
            dependsOn: ['2.1'],
            files: [
              { path: p.trainScript, action: 'create' },
              { path: p.mlConfig, action: 'create' },
            ],
            checks: [
              { uses: 'lint-endpoints', with: { paths: [p.trainScript], ...python } },
              { uses: 'validate-ml-config', with: { paths: [p.mlConfig], modelPath: p.model, schema: p.schemaJson } },
            ],
            verification: ['Script imports successfully', 'Config file has required fields'],
            done: ['Training script ready for execution', 'MOJO export path configured'],
          },
          {
            id: '3.2',
            key: 'mojo',
            label: 'MOJO',
            title: 'Validate Initial Model Export',
            assignee: 'ML Engineer',
            skill: 'skills/ml-engineer',
            estimate: 5,
            dependsOn: ['3.1'],
            files: [{ path: p.model, action: 'create', producedBy: trainCommand }],
            checks: [
              { uses: 'validate-mojo', with: { paths: [p.model] } },
              { uses: 'ml-contracts', with: { paths: [], mojo: p.model, config: p.mlConfig, mojoHint: `run \`${trainCommand}\`` } },
            ],
            verification: [`Run \`python skills/ml-engineer/scripts/validate_mojo.py ${p.model}\``],
            done: ['MOJO file validates successfully', 'Model metadata extracted'],
          },
        ],
      },
      {
        id: '4',
        title: 'Serving',
        tasks: [
          {
            id: '4.1',
            key: 'predict',
            label: 'Predict',
            title: 'Implement Prediction Endpoint',
            assignee: 'FastAPI Pro',
            skill: 'skills/fastapi-pro',
            estimate: 10,
            dependsOn: ['1.2', '3.2'],
            files: [
              { path: 'api/routers/predictions.py', action: 'create' },
              { path: 'api/models/prediction.py', action: 'create' },
            ],
            checks: [
              { uses: 'lint-endpoints', with: { paths: ['api/routers/predictions.py', 'api/models/prediction.py'], ...python } },
              {
                uses: 'ml-contracts',
                with: {
                  paths: [],
                  requestModel: 'api/models/prediction.py:PredictionRequest',
                  mojo: p.model,
                  mojoHint: `run \`${trainCommand}\``,
                },
              },
            ],
            verification: ['Run `python skills/fastapi-pro/scripts/lint_endpoints.py api/`', 'All endpoints have type annotations'],
            done: ['`/predict` endpoint implemented', 'Pydantic models defined', 'Error handling in place'],
          },
        ],
      },
      {
        id: '5',
        title: 'Deployment',
        tasks: [
          {
            id: '5.1',
            key: 'docker',
            label: 'Docker',
            title: 'Create Dockerfile',
            assignee: 'Deployment Engineer',
            skill: 'skills/deployment-engineer',
            estimate: 10,
            dependsOn: ['4.1'],
            files: [
              { path: 'Dockerfile', action: 'create' },
              { path: 'docker-compose.yml', action: 'create' },
              { path: '.dockerignore', action: 'create' },
            ],
            checks: [{ uses: 'scan-dockerfile', with: { paths: ['Dockerfile'] } }],
            verification: ['Run `python skills/deployment-engineer/scripts/scan_dockerfile.py Dockerfile`', 'No security errors'],
            done: ['Multi-stage build implemented', 'Non-root user configured', 'Health check defined'],
          },
        ],
      },
    ],
    notes: ctx.additionalNotes,
  };
}
