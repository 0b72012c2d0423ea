/**
 * Template 2 of seed 001, "API Service (Contract-First Parallel)", as written there, with its
 * placeholders filled. The title and overview are set on the parsed plan (free text never goes
 * through the Markdown parser); estimates and the backend framework are checked values.
 */
export interface TemplateValues {
  contractHours: string;
  infraHours: string;
  foundationHours: string;
  backendFramework: string;
}

export const TEMPLATE_TITLE = 'API Service (Contract-First Parallel)';

export const STREAM_TITLES = [
  'OpenAPI Contract & Mocking',
  'Infrastructure & Environment',
  'Project Foundation',
  'Core API Implementation',
  'Contract & Integration Testing',
  'Client SDKs & Documentation',
  'Deployment & Operations',
] as const;

export function templateMarkdown(v: TemplateValues): string {
  return `# Implementation Plan: API Service

## Overview
API service.

## Phase 1: Contract & Infrastructure (Parallel - Day 1-2)

### Stream A: OpenAPI Contract & Mocking
**Estimated Time:** ${v.contractHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Create comprehensive OpenAPI 3.0 specification (Priority: Critical)
- [ ] Define all request/response schemas and validation rules (Priority: Critical)
- [ ] Set up automated API mocking service (Priority: High)
- [ ] Generate API documentation and SDK examples (Priority: High)
- [ ] Validate contract covers all PRD requirements (Priority: Critical)
- [ ] Set up contract testing framework (Pact/Dredd) (Priority: High)

### Stream B: Infrastructure & Environment
**Estimated Time:** ${v.infraHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Create docker-compose.yml with all dependencies (db, cache, message broker) (Priority: Critical)
- [ ] Set up API Gateway configuration (Priority: High)
- [ ] Configure authentication service (Keycloak/OIDC) (Priority: Critical)
- [ ] Set up monitoring and logging stack (Prometheus/Grafana) (Priority: Medium)
- [ ] Configure rate limiting and security middleware (Priority: High)

### Stream C: Project Foundation
**Estimated Time:** ${v.foundationHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Initialize API project structure (${v.backendFramework}) (Priority: High)
- [ ] Set up CI/CD pipeline for automated testing/deployment (Priority: High)
- [ ] Configure code quality and security scanning (Priority: Medium)
- [ ] Set up automated testing framework (unit, integration, contract) (Priority: High)
- [ ] Create development and deployment scripts (Priority: Medium)

## Phase 2: Implementation & Testing (Parallel - Day 2-4)

### Stream D: Core API Implementation
**Dependencies:** OpenAPI Contract, Infrastructure
**Tasks:**
- [ ] Implement authentication/authorization middleware (Priority: Critical)
- [ ] Create database models and repositories matching contract schemas (Priority: High)
- [ ] Implement all API endpoints following OpenAPI spec (Priority: Critical)
- [ ] Add comprehensive input validation and error handling (Priority: High)
- [ ] Implement business logic for all features (Priority: High)
- [ ] Add caching and performance optimizations (Priority: Medium)

### Stream E: Contract & Integration Testing
**Dependencies:** OpenAPI Contract, Mocking Service
**Tasks:**
- [ ] Write contract tests validating API vs OpenAPI spec (Priority: Critical)
- [ ] Create comprehensive integration test suite (Priority: High)
- [ ] Set up consumer-driven contract testing (Priority: High)
- [ ] Implement performance and load testing (Priority: Medium)
- [ ] Create automated API contract validation in CI/CD (Priority: High)

### Stream F: Client SDKs & Documentation
**Dependencies:** OpenAPI Contract, Mocking Service
**Tasks:**
- [ ] Generate client SDKs (JavaScript, Python, etc.) (Priority: High)
- [ ] Create comprehensive API documentation site (Priority: High)
- [ ] Build interactive API explorer (Swagger UI) (Priority: Medium)
- [ ] Create usage examples and tutorials (Priority: Medium)
- [ ] Set up API versioning and deprecation strategy (Priority: Medium)

## Phase 3: Production Readiness (Sequential - Day 4-5)

### Stream G: Deployment & Operations
**Dependencies:** Core API Implementation
**Tasks:**
- [ ] Configure production deployment pipeline (Priority: Critical)
- [ ] Set up comprehensive monitoring and alerting (Priority: Critical)
- [ ] Implement health checks and circuit breakers (Priority: High)
- [ ] Configure backup and disaster recovery (Priority: Medium)
- [ ] Set up API analytics and usage metrics (Priority: Medium)

## Sequential Integration Points

### Integration 1: Contract Validation (After Phase 1)
- [ ] API implementation matches OpenAPI specification 100%
- [ ] All contract tests pass against mock and real API
- [ ] Client SDKs work with mock API

### Integration 2: Full Stack Testing (After Phase 2)
- [ ] All integration tests pass against real implementation
- [ ] Performance and security requirements met
- [ ] Client SDKs work with real API

### Integration 3: Production Deployment (After Phase 3)
- [ ] API deployed and accessible in production
- [ ] Monitoring and alerting fully configured
- [ ] Documentation and SDKs published

## Execution Commands
\`\`\`bash
# Phase 1: Parallel foundation
claude --parallel \\
  "create OpenAPI spec and mocking service" \\
  "setup infrastructure with docker-compose" \\
  "initialize API project and CI/CD"

# Phase 2: Parallel implementation
claude --parallel \\
  "implement API endpoints matching OpenAPI spec" \\
  "create contract and integration test suite" \\
  "generate client SDKs and documentation"

# Phase 3: Production deployment
claude "deploy API to production, configure monitoring, publish docs"
\`\`\`

## Success Criteria
- [ ] OpenAPI contract is single source of truth
- [ ] All endpoints implemented and tested according to contract
- [ ] Client SDKs generated and documented
- [ ] Production deployment is automated and monitored
- [ ] Performance and security requirements met
`;
}
