import { PlanSchema } from './plan-schema';
import { renderPlanMarkdown } from './render-markdown';

describe('renderPlanMarkdown', () => {
  it("renders tasks in seed 000's task format with the execution-order graph", () => {
    const plan = PlanSchema.parse({
      version: 1,
      name: 'churn',
      kind: 'ml-app',
      title: 'churn',
      overview: 'Predict churn.',
      requirements: { functional: ['Score customers'], nonFunctional: ['p95 < 100 ms'], constraints: ['Python 3.11'] },
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
              files: [{ path: 'schemas/churn.json' }, { path: 'schemas/churn.sql' }],
              verification: ['Run `python skills/db-architect/scripts/validate_schema.py schemas/churn.json`', 'Verify exit code is 0'],
              done: ['JSON schema passes validation'],
            },
            {
              id: '1.2',
              key: 'fastapi',
              label: 'FastAPI',
              title: 'Scaffold FastAPI Project',
              estimate: 5,
              checks: [{ uses: 'lint-endpoints', with: { paths: ['api/'] } }],
            },
          ],
        },
        {
          id: '2',
          title: 'Data Engineering',
          tasks: [{ id: '2.1', key: 'pipeline', label: 'Pipeline', title: 'Create Mage ETL Pipeline', dependsOn: ['1.1', 'fastapi'] }],
        },
      ],
      notes: 'Nothing else.',
    });
    expect(renderPlanMarkdown(plan)).toBe(`# Implementation Plan: churn

## Overview

Predict churn.

---

## Requirements Summary

| Category | Requirement |
|----------|-------------|
| **Functional** | Score customers |
| **Non-Functional** | p95 < 100 ms |
| **Constraints** | Python 3.11 |

---

## Phase 1: Foundation

### Task 1.1: Design Database Schema
- **Assignee**: Database Architect
- **Skill**: \`skills/db-architect\`
- **Estimated Time**: 10 minutes
- **Files**:
  - \`schemas/churn.json\` (CREATE)
  - \`schemas/churn.sql\` (CREATE)
- **Dependencies**: None
- **Verification**:
  - Run \`python skills/db-architect/scripts/validate_schema.py schemas/churn.json\`
  - Verify exit code is 0
- **Definition of Done**:
  - JSON schema passes validation

### Task 1.2: Scaffold FastAPI Project
- **Estimated Time**: 5 minutes
- **Dependencies**: None
- **Verification**:
  - Run \`plan lint-endpoints api/\`

---

## Phase 2: Data Engineering

### Task 2.1: Create Mage ETL Pipeline
- **Dependencies**: Task 1.1, Task 1.2

---

## Execution Order

\`\`\`mermaid
graph LR
    T1.1[Task 1.1: Schema] --> T2.1[Task 2.1: Pipeline]
    T1.2[Task 1.2: FastAPI] --> T2.1
\`\`\`

---

## Notes

Nothing else.
`);
  });

  it("renders lettered tasks in seed 001's stream format", () => {
    const plan = PlanSchema.parse({
      version: 1,
      name: 'web',
      kind: 'web-app',
      title: 'Web',
      phases: [
        {
          id: '1',
          title: 'Contract & Environment Setup',
          parallel: true,
          window: 'Day 1-2',
          tasks: [
            {
              id: 'A',
              key: 'api-contract',
              title: 'API Contract Design',
              estimateText: '4-8 hours',
              items: [
                { text: 'Create OpenAPI spec', priority: 'critical' },
                { text: 'Mock it', priority: 'high', done: true },
              ],
            },
            { id: 'B', key: 'environment', title: 'Development Environment', items: [{ text: 'docker-compose.yml' }] },
          ],
        },
        {
          id: '2',
          title: 'Parallel Implementation',
          window: 'Day 2-5',
          tasks: [{ id: 'D', key: 'backend', title: 'Backend Implementation', dependsOn: ['A', 'environment'] }],
        },
      ],
      integrationPoints: [{ id: '1', title: 'Contract Validation', after: ['Phase 1'], items: [{ text: 'Backend matches spec' }] }],
      successCriteria: [{ text: 'Contract implemented' }],
    });
    const md = renderPlanMarkdown(plan);
    expect(md).toContain(
      '## Phase 1: Contract & Environment Setup (Parallel - Day 1-2)\n\n### Stream A: API Contract Design\n**Estimated Time:** 4-8 hours\n**Dependencies:** None\n**Tasks:**\n- [ ] Create OpenAPI spec (Priority: Critical)\n- [x] Mock it (Priority: High)\n',
    );
    expect(md).toContain('## Phase 2: Parallel Implementation (Day 2-5)');
    expect(md).toContain('**Dependencies:** API Contract Design, Development Environment');
    expect(md).toContain(
      '## Sequential Integration Points\n\n### Integration 1: Contract Validation (After Phase 1)\n- [ ] Backend matches spec',
    );
    expect(md).toContain('## Success Criteria\n- [ ] Contract implemented');
    expect(md).not.toContain('```mermaid');
  });

  it('is deterministic', () => {
    const plan = PlanSchema.parse({
      version: 1,
      name: 'x',
      kind: 'custom',
      title: 'X',
      phases: [{ id: '1', title: 'P', tasks: [{ id: '1.1', key: 'a', title: 'A' }] }],
    });
    expect(renderPlanMarkdown(plan)).toBe(renderPlanMarkdown(plan));
    expect(renderPlanMarkdown(plan)).toContain('    T1.1[Task 1.1: A]');
  });
});
