/**
 * Template 1 of seed 001, "Standard Web Application (Contract-First Parallel)", as written there,
 * with its placeholders filled: estimates and the backend and frontend frameworks. The title and
 * overview are set on the parsed plan (free text never goes through the Markdown parser).
 */
export interface TemplateValues {
  contractHours: string;
  environmentHours: string;
  scaffoldingHours: string;
  backendFramework: string;
  frontendFramework: string;
}

export const TEMPLATE_TITLE = 'Standard Web Application (Contract-First Parallel)';

export const STREAM_TITLES = [
  'API Contract Design',
  'Development Environment',
  'Project Scaffolding',
  'Backend Implementation',
  'Frontend Implementation',
  'E2E Testing Framework',
] as const;

export function templateMarkdown(v: TemplateValues): string {
  return `# Implementation Plan: Web Application

## Overview
Web application.

## Phase 1: Contract & Environment Setup (Parallel - Day 1-2)

### Stream A: API Contract Design
**Estimated Time:** ${v.contractHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Create OpenAPI 3.0 specification with all endpoints (Priority: Critical)
- [ ] Define authentication/authorization flows in OpenAPI spec (Priority: Critical)
- [ ] Generate API contract documentation (Priority: High)
- [ ] Set up API mocking service (e.g., Prism, MSW) (Priority: High)
- [ ] Validate API contract covers all PRD requirements (Priority: High)

### Stream B: Development Environment
**Estimated Time:** ${v.environmentHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Create docker-compose.yml with all services (db, cache, message broker) (Priority: Critical)
- [ ] Set up local development environment scripts (Priority: High)
- [ ] Configure database schema and migrations (Priority: High)
- [ ] Set up Keycloak/Auth service for identity management (Priority: High)
- [ ] Verify all services start and connect properly (Priority: Critical)

### Stream C: Project Scaffolding
**Estimated Time:** ${v.scaffoldingHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Initialize backend project structure (${v.backendFramework}) (Priority: High)
- [ ] Initialize frontend project structure (${v.frontendFramework}) (Priority: High)
- [ ] Set up CI/CD pipeline configuration (Priority: Medium)
- [ ] Configure code quality tools (linting, formatting) (Priority: Medium)
- [ ] Set up package management and dependency resolution (Priority: High)

## Phase 2: Parallel Implementation (Day 2-5)

### Stream D: Backend Implementation
**Dependencies:** API Contract, Environment Setup
**Tasks:**
- [ ] Implement authentication middleware matching API contract (Priority: Critical)
- [ ] Create database models and repositories (Priority: High)
- [ ] Implement REST API endpoints following OpenAPI spec (Priority: Critical)
- [ ] Add input validation and error handling (Priority: High)
- [ ] Implement business logic for core features (Priority: High)
- [ ] Add logging and monitoring (Priority: Medium)

### Stream E: Frontend Implementation
**Dependencies:** API Contract, Mock API Service
**Tasks:**
- [ ] Build authentication UI and state management (Priority: Critical)
- [ ] Create layout components and routing (Priority: High)
- [ ] Implement UI components for all API endpoints (Priority: High)
- [ ] Connect frontend to mock API service (Priority: Critical)
- [ ] Add form validation and error handling (Priority: High)
- [ ] Implement responsive design (Priority: Medium)

### Stream F: E2E Testing Framework
**Dependencies:** API Contract, Environment Setup
**Tasks:**
- [ ] Set up E2E testing framework (Cypress/Playwright) (Priority: High)
- [ ] Write tests for all user journeys from PRD (Priority: High)
- [ ] Create test data fixtures and utilities (Priority: Medium)
- [ ] Set up visual regression testing (Priority: Medium)
- [ ] Configure test reporting and CI integration (Priority: High)

## Sequential Integration Points

### Integration 1: Contract Validation (After Phase 1)
- [ ] Backend endpoints match OpenAPI specification
- [ ] Frontend can communicate with mock API
- [ ] All services in docker-compose are healthy

### Integration 2: Full Stack Testing (After Phase 2)
- [ ] Frontend connects to real backend API
- [ ] All E2E tests pass against real implementation
- [ ] Performance and security requirements met

### Integration 3: Production Readiness (Final)
- [ ] Documentation complete
- [ ] Deployment pipeline tested
- [ ] Monitoring and alerting configured

## Execution Commands
\`\`\`bash
# Phase 1: Parallel foundation (Day 1-2)
claude --parallel \\
  "create OpenAPI spec and API mocking service" \\
  "setup docker-compose with all services" \\
  "scaffold frontend and backend projects"

# Phase 2: Parallel implementation (Day 2-5)
claude --parallel \\
  "implement backend REST APIs matching OpenAPI spec" \\
  "build frontend UI components with mock API integration" \\
  "create comprehensive E2E test suite"

# Phase 3: Integration and deployment (Day 5+)
claude "integrate frontend and backend, run full test suite, deploy"
\`\`\`

## Success Criteria
- [ ] API contract fully implemented and tested
- [ ] Frontend and backend can be developed independently
- [ ] E2E tests cover all PRD requirements
- [ ] Local development environment is fully functional
- [ ] Integration points are clearly defined and tested
`;
}
