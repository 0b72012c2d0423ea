/**
 * Small plan documents in both seed formats, written for tests and the fuzz tool so neither
 * depends on ../shared. TASK_DOCUMENT has seed 000's shape; STREAM_DOCUMENT seed 001's.
 */

export const TASK_DOCUMENT = `# Implementation Plan: {{ project_name }}

## Overview

Score {{ entity }} churn nightly.

---

## Requirements Summary

| Category | Requirement |
|----------|-------------|
| **Functional** | Score customers; Serve predictions |
| **Non-Functional** | p95 < 100 ms |
| **Constraints** | None |

---

## Phase 1: Foundation

### Task 1.1: Design Database Schema
- **Assignee**: Database Architect
- **Skill**: \`skills/db-architect\`
- **Estimated Time**: 10 minutes
- **Files**:
  - \`schemas/{{ schema_name }}.json\` (CREATE)
  - \`schemas/{{ schema_name }}.sql\` (CREATE)
- **Dependencies**: None
- **Verification**: 
  - Run \`python skills/db-architect/scripts/validate_schema.py schemas/{{ schema_name }}.json\`
  - Verify exit code is 0
- **Definition of Done**: 
  - JSON schema passes validation

### Task 1.2: Scaffold API
- **Assignee**: FastAPI Pro
- **Estimated Time**: 1-2 hours
- **Files**:
  - \`api/main.py\` (CREATE)
  - \`api/\` (CREATE)
  - \`README.md\` (MODIFY)
- **Dependencies**: None
- **Verification**:
  - Run \`npm test -- --ci\`
  - Verify syntax is valid

---

## Phase 2: Models

### Task 2.1: Train Model
- **Estimated Time**: 15 minutes
- **Priority**: High
- **Files**:
  - \`models/model.zip\` (CREATE)
- **Dependencies**: Task 1.1, Task 1.2
- **Verification**:
  - Script imports successfully
- **Definition of Done**:
  - Model exported

---

## Execution Order

\`\`\`mermaid
graph LR
    T1.1[Task 1.1: Schema] --> T2.1[Task 2.1: Training]
    T1.2[Task 1.2: API] --> T2.1
\`\`\`

---

## Notes

{{ additional_notes }}
`;

export const TASK_VALUES = { project_name: 'Churn', entity: 'customer', schema_name: 'customers', additional_notes: 'Retrain weekly.' };

export const STREAM_DOCUMENT = `# Implementation Plan: [Shop Name]

## Overview
A small web application for [Shop Name].

## Phase 1: Contract & Environment Setup (Parallel - Day 1-2)

### Stream A: API Contract Design
**Estimated Time:** [4-8] hours
**Dependencies:** None
**Tasks:**
- [ ] Create OpenAPI 3.0 specification (Priority: Critical)
- [x] Set up API mocking service (Priority: High)

### Stream B: Development Environment
**Estimated Time:** 2 days
**Dependencies:** None
**Tasks:**
- [ ] Create docker-compose.yml (Priority: Critical)
- [ ] Set up local development environment scripts (Priority: Medium)

## Phase 2: Implementation (Sequential - Day 2-5)

### Stream C: Backend Implementation
**Dependencies:** API Contract, Environment Setup
**Tasks:**
- [ ] Implement endpoints with [Backend Framework] (Priority: Critical)

### Stream D: Frontend Implementation
**Dependencies:** API Contract Design, Mock API Service
**Tasks:**
- [ ] Build the UI (Priority: Low)
- [ ] Connect to the mock API

## Sequential Integration Points

### Integration 1: Contract Validation (After Phase 1)
- [ ] Backend endpoints match the specification
- [x] Frontend talks to the mock API

### Integration 2: Production Readiness (Final)
- [ ] Deployed

## Execution Commands
\`\`\`bash
# Phase 1
claude --parallel \\
  "create the spec" \\
  "set up docker-compose"
\`\`\`

## Success Criteria
- [ ] Contract implemented and tested
- [ ] Environment works
`;

export const STREAM_VALUES = { 'Shop Name': 'Corner Shop', backend_framework: 'FastAPI' };
