/**
 * Template 4 of seed 001, "Data Processing Pipeline (Contract-First Parallel)", as written there,
 * with its placeholders filled. The title and overview are set on the parsed plan (free text never
 * goes through the Markdown parser); the estimates are the template's ranges or the options'.
 */
export interface TemplateValues {
  schemaHours: string;
  infraHours: string;
  apiHours: string;
}

export const TEMPLATE_TITLE = 'Data Processing Pipeline (Contract-First Parallel)';

export const STREAM_TITLES = [
  'Data Schema & Contract Design',
  'Infrastructure & Environment',
  'API & Contract Testing Framework',
  'Data Ingestion Implementation',
  'Data Processing Implementation',
  'Data Storage & Access Implementation',
  'Testing & Quality Assurance',
] as const;

export function templateMarkdown(v: TemplateValues): string {
  return `# Implementation Plan: Data Pipeline

## Overview
Data processing pipeline.

## Phase 1: Schema & Infrastructure Setup (Parallel - Day 1-2)

### Stream A: Data Schema & Contract Design
**Estimated Time:** ${v.schemaHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Define comprehensive data schemas (Avro/Parquet/JSON Schema) (Priority: Critical)
- [ ] Create data contract specifications for all data interfaces (Priority: Critical)
- [ ] Design data quality rules and validation criteria (Priority: High)
- [ ] Define SLA requirements for data freshness and volume (Priority: High)
- [ ] Create data lineage and metadata specifications (Priority: High)
- [ ] Set up schema registry and versioning strategy (Priority: Critical)

### Stream B: Infrastructure & Environment
**Estimated Time:** ${v.infraHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Create docker-compose.yml with data services (Kafka, Flink, DB) (Priority: Critical)
- [ ] Set up message broker for data streaming (Kafka/Pulsar) (Priority: Critical)
- [ ] Configure data processing framework (Spark/Flink/Airflow) (Priority: High)
- [ ] Set up data storage (data lake, warehouse) (Priority: High)
- [ ] Configure monitoring and alerting for data pipeline (Priority: High)
- [ ] Set up development and testing data environments (Priority: Medium)

### Stream C: API & Contract Testing Framework
**Estimated Time:** ${v.apiHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Create data API specifications (REST/GraphQL for data access) (Priority: High)
- [ ] Set up contract testing framework for data interfaces (Priority: High)
- [ ] Create data quality testing automation (Priority: High)
- [ ] Set up data pipeline integration testing (Priority: Medium)
- [ ] Configure CI/CD for data pipeline deployments (Priority: Medium)
- [ ] Create data validation and reconciliation tools (Priority: High)

## Phase 2: Parallel Implementation (Day 2-5)

### Stream D: Data Ingestion Implementation
**Dependencies:** Data Schema, Infrastructure
**Tasks:**
- [ ] Implement data source connectors following data contracts (Priority: Critical)
- [ ] Create data validation and cleaning modules (Priority: High)
- [ ] Build data ingestion services with schema enforcement (Priority: Critical)
- [ ] Implement error handling and retry mechanisms (Priority: High)
- [ ] Add data lineage tracking and metadata capture (Priority: Medium)
- [ ] Set up data quality monitoring and alerting (Priority: High)

### Stream E: Data Processing Implementation
**Dependencies:** Data Ingestion (basic flow), Infrastructure
**Tasks:**
- [ ] Implement core data transformation logic (Priority: Critical)
- [ ] Create stream processing workflows (Priority: High)
- [ ] Set up batch processing for large datasets (Priority: High)
- [ ] Implement parallel processing and scaling capabilities (Priority: Medium)
- [ ] Add processing monitoring and performance optimization (Priority: Medium)
- [ ] Create data aggregation and feature engineering (Priority: Medium)

### Stream F: Data Storage & Access Implementation
**Dependencies:** Data Schema, Infrastructure
**Tasks:**
- [ ] Implement data storage with schema enforcement (Priority: Critical)
- [ ] Create data access APIs following specifications (Priority: High)
- [ ] Implement data governance and security controls (Priority: High)
- [ ] Set up data catalog and metadata management (Priority: Medium)
- [ ] Create data visualization and export features (Priority: Medium)
- [ ] Implement data retention and archival policies (Priority: Medium)

### Stream G: Testing & Quality Assurance
**Dependencies:** Data Schema, API Specifications
**Tasks:**
- [ ] Implement comprehensive data quality tests (Priority: Critical)
- [ ] Create end-to-end pipeline integration tests (Priority: High)
- [ ] Set up automated contract validation (Priority: High)
- [ ] Create performance and load testing for pipeline (Priority: Medium)
- [ ] Implement data reconciliation and accuracy checks (Priority: High)
- [ ] Set up monitoring and alerting for data quality (Priority: High)

## Sequential Integration Points

### Integration 1: Schema Validation (After Phase 1)
- [ ] All data interfaces follow defined schemas and contracts
- [ ] Data quality rules are enforced at ingestion points
- [ ] Infrastructure components can communicate and process data

### Integration 2: End-to-End Pipeline (After Phase 2)
- [ ] Data flows from source to destination reliably
- [ ] All processing transformations work correctly
- [ ] Data access APIs provide expected results
- [ ] Data quality meets defined standards

### Integration 3: Production Readiness (Final)
- [ ] Pipeline performs under expected load
- [ ] All monitoring and alerting is functional
- [ ] Data governance and security controls are active
- [ ] Documentation and operational procedures complete

## Execution Commands
\`\`\`bash
# Phase 1: Parallel foundation
claude --parallel \\
  "define data schemas and contracts" \\
  "setup data infrastructure (Kafka, processing, storage)" \\
  "create data API specifications and testing framework"

# Phase 2: Parallel implementation
claude --parallel \\
  "implement data ingestion with schema enforcement" \\
  "build data processing and transformation workflows" \\
  "create data storage and access APIs" \\
  "implement comprehensive data quality testing"

# Phase 3: Integration and deployment
claude "integrate data pipeline components, validate end-to-end flow, deploy to production"
\`\`\`

## Success Criteria
- [ ] Data contracts and schemas are consistently enforced
- [ ] Pipeline processes data with required performance and reliability
- [ ] Data quality meets defined standards and SLAs
- [ ] All monitoring and alerting is functional
- [ ] Data governance and security controls are implemented
`;
}
