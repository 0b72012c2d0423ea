import type { MicroservicesContext } from './context';

/**
 * Template 6 of seed 001 ("Microservices Architecture (Contract-First Parallel)") as written,
 * with its placeholders filled: the core services are the context's services (one item each,
 * where the seed has [Service A], [Service B], [Service C]); the supporting services keep the
 * seed's names. Title and overview are set on the parsed plan (free text never goes through
 * the Markdown parser).
 */
export const TEMPLATE_TITLE = 'Microservices Architecture (Contract-First Parallel)';
const TITLE_SLOT = 'Microservices System';
const OVERVIEW_SLOT = 'The services of the system and their contracts.';

export function microservicesTemplate(ctx: MicroservicesContext): string {
  const ctxTitle = TITLE_SLOT;
  const overview = OVERVIEW_SLOT;
  const serviceItems = ctx.services
    .map((s, i) => `- [ ] Implement ${s.name} following API contract (Priority: ${i < 2 ? 'Critical' : 'High'})\n`)
    .join('');
  return `# Implementation Plan: ${ctxTitle}

## Overview
${overview}

## Phase 1: Service Contracts & Infrastructure (Parallel - Day 1-3)

### Stream A: Inter-Service API Contracts
**Estimated Time:** 8-12 hours
**Dependencies:** None
**Tasks:**
- [ ] Define service boundaries and responsibilities (Priority: Critical)
- [ ] Create OpenAPI specifications for all inter-service communication (Priority: Critical)
- [ ] Design event schemas for async communication (AsyncAPI) (Priority: Critical)
- [ ] Set up API mocking for all services (Priority: High)
- [ ] Create service mesh configuration patterns (Priority: High)
- [ ] Define service discovery and load balancing contracts (Priority: High)

### Stream B: Platform Infrastructure
**Estimated Time:** 6-8 hours
**Dependencies:** None
**Tasks:**
- [ ] Create docker-compose.yml with all platform services (Kubernetes, Gateway) (Priority: Critical)
- [ ] Set up service mesh (Istio/Linkerd) (Priority: Critical)
- [ ] Configure API Gateway with routing rules (Priority: Critical)
- [ ] Set up centralized logging and monitoring (ELK/Prometheus) (Priority: High)
- [ ] Configure distributed tracing (Jaeger/Zipkin) (Priority: High)
- [ ] Set up service registry and discovery (Consul/Eureka) (Priority: High)

### Stream C: CI/CD & Deployment Pipeline
**Estimated Time:** 4-6 hours
**Dependencies:** None
**Tasks:**
- [ ] Create CI/CD pipeline templates for microservices (Priority: High)
- [ ] Set up container registry and image scanning (Priority: High)
- [ ] Configure automated testing frameworks (Priority: High)
- [ ] Set up feature flag management system (Priority: Medium)
- [ ] Create deployment strategies (canary, blue-green) (Priority: High)
- [ ] Configure infrastructure as code (Terraform/CloudFormation) (Priority: Medium)

### Stream D: Shared Services & Data
**Estimated Time:** 6-8 hours
**Dependencies:** None
**Tasks:**
- [ ] Set up message broker for async communication (Kafka/RabbitMQ) (Priority: Critical)
- [ ] Configure distributed cache (Redis/Redis Cluster) (Priority: High)
- [ ] Set up database per service pattern (PostgreSQL/MongoDB) (Priority: High)
- [ ] Configure centralized authentication service (Keycloak/Auth0) (Priority: Critical)
- [ ] Set up configuration management (Consul/Spring Cloud Config) (Priority: High)
- [ ] Create shared libraries and common patterns (Priority: Medium)

## Phase 2: Parallel Service Implementation (Day 3-8)

### Stream E: Core Business Services
**Dependencies:** API Contracts, Platform Infrastructure
**Tasks:**
${serviceItems}- [ ] Add service-to-service authentication (mTLS) (Priority: Critical)
- [ ] Implement circuit breakers and retry logic (Priority: High)
- [ ] Add health checks and service metrics (Priority: High)

### Stream F: Supporting Services
**Dependencies:** API Contracts, Platform Infrastructure
**Tasks:**
- [ ] Implement notification service for async events (Priority: High)
- [ ] Implement file storage service for document handling (Priority: Medium)
- [ ] Implement search service for full-text capabilities (Priority: Medium)
- [ ] Implement analytics service for business metrics (Priority: Low)
- [ ] Add event sourcing patterns for critical services (Priority: Medium)

### Stream G: API Gateway & Aggregation
**Dependencies:** API Contracts, Core Services
**Tasks:**
- [ ] Implement API Gateway routing rules (Priority: Critical)
- [ ] Create BFF (Backend for Frontend) patterns (Priority: High)
- [ ] Implement request aggregation and composition (Priority: High)
- [ ] Add rate limiting and API quotas (Priority: High)
- [ ] Configure authentication and authorization at gateway (Priority: Critical)
- [ ] Implement API versioning and deprecation strategy (Priority: Medium)

### Stream H: Testing & Validation Framework
**Dependencies:** API Contracts, Platform Infrastructure
**Tasks:**
- [ ] Create contract testing between services (Pact) (Priority: Critical)
- [ ] Set up end-to-end testing across service boundaries (Priority: High)
- [ ] Implement chaos engineering for resilience testing (Priority: Medium)
- [ ] Create performance testing for service communication (Priority: High)
- [ ] Set up automated security scanning (SAST/DAST) (Priority: High)
- [ ] Create monitoring and alerting for service health (Priority: Critical)

## Phase 3: Integration & Production Readiness (Day 8-10)

### Stream I: Service Mesh & Observability
**Dependencies:** Core Services Implementation
**Tasks:**
- [ ] Configure service mesh traffic management (Priority: Critical)
- [ ] Set up distributed tracing across all services (Priority: High)
- [ ] Implement service-level objectives (SLOs) and monitoring (Priority: High)
- [ ] Configure automated service remediation (Priority: Medium)
- [ ] Set up log aggregation and analysis (Priority: High)

### Stream J: Frontend Integration
**Dependencies:** API Gateway, Core Services
**Tasks:**
- [ ] Implement frontend applications consuming microservices (Priority: High)
- [ ] Set up client-side service discovery (Priority: Medium)
- [ ] Implement authentication flows across service boundaries (Priority: Critical)
- [ ] Add error handling for service failures (Priority: High)
- [ ] Configure progressive web app features (Priority: Low)

## Sequential Integration Points

### Integration 1: Service Contract Validation (After Phase 1)
- [ ] All inter-service APIs match OpenAPI specifications
- [ ] Message schemas follow AsyncAPI specifications
- [ ] Platform infrastructure can host mock services
- [ ] Service mesh can route between mock services

### Integration 2: Service Integration (After Phase 2)
- [ ] All core services communicate via defined contracts
- [ ] API Gateway successfully routes and aggregates requests
- [ ] Contract tests pass between all service pairs
- [ ] Distributed tracing captures end-to-end requests

### Integration 3: Production Readiness (After Phase 3)
- [ ] Complete system deployed with production configuration
- [ ] All monitoring, alerting, and observability functional
- [ ] Performance requirements met under load
- [ ] Security and compliance requirements satisfied

## Execution Commands
\`\`\`bash
# Phase 1: Parallel foundation
claude --parallel \
  "define inter-service API contracts and mocking" \
  "setup platform infrastructure (Kubernetes, service mesh)" \
  "create CI/CD pipeline templates" \
  "setup shared services (messaging, cache, auth)"

# Phase 2: Parallel service implementation
claude --parallel \
  "implement core business services following contracts" \
  "implement supporting services (notification, storage, search)" \
  "create API Gateway and BFF patterns" \
  "build testing and validation framework"

# Phase 3: Integration and production
claude "configure service mesh, integrate frontend, deploy to production"
\`\`\`

## Success Criteria
- [ ] All service contracts implemented and tested
- [ ] Platform infrastructure supports independent service deployment
- [ ] End-to-end workflows work across service boundaries
- [ ] System meets performance and resilience requirements
- [ ] Comprehensive observability and monitoring in place
- [ ] Security and compliance requirements satisfied
`;
}

export { OVERVIEW_SLOT, TITLE_SLOT };
