/**
 * Stream plans ("shop", web-app) shared by the item specs and the stream-items fuzzer, so each
 * sample is written once. Specs point at lines of these texts: an edit here moves their positions.
 */

/** How both samples begin: a web-app plan whose phase 1 opens with the API Contract stream A. */
const SHOP_HEADER = `version: 1
name: shop
kind: web-app
title: Shop
phases:
  - id: "1"
    title: Contract
    tasks:
      - id: A
        key: api-contract
        title: API Contract
`;

/**
 * Streams with items (A.7 written, the others numbered by position; checks on an item and on an
 * integration point), an integration point after Phase 1 and one after everything, two success
 * criteria. Used by model/items.spec.ts, plugins/stream-targets.spec.ts and tools/fuzz/stream-items.ts.
 */
export const SHOP_STREAMS = `${SHOP_HEADER}        items:
          - text: Write the spec
            files: [{ path: openapi.yaml }]
            checks: [{ uses: validate-openapi }]
          - id: A.7
            text: Review it
          - text: Publish it
      - id: B
        key: environment
        title: Environment
  - id: "2"
    title: Build
    tasks:
      - { id: C, key: backend, title: Backend, dependsOn: [A, B], items: [{ text: Endpoints }] }
integrationPoints:
  - id: "1"
    title: Contract Validation
    after: [Phase 1]
    items: [{ text: Backend matches the spec, checks: [{ uses: files-exist, with: { paths: [contract/] } }] }, { text: Services healthy }]
  - id: "2"
    title: Ready
    items: [{ text: Documented }]
successCriteria:
  - text: Contract implemented
  - text: Tests cover the PRD
`;

/**
 * Items proven by the real files-exist and command checks over a plan folder: a checked item, one
 * left to a person, one declared unprovable; a later stream, an integration point, a success
 * criterion. Used by checks/stream-items.spec.ts and tools/fuzz/stream-items.ts.
 */
export const SHOP_EVIDENCE = `${SHOP_HEADER}        estimate: 240
        files: [{ path: openapi.yaml }]
        items:
          - text: Write the OpenAPI specification
            priority: critical
            checks: [{ uses: command, with: { command: "grep -q openapi openapi.yaml" } }]
          - text: Review it with product
            priority: high
          - text: Publish the mock server
            unprovable: needs the staging cluster
  - id: "2"
    title: Build
    tasks:
      - id: B
        key: backend
        title: Backend
        dependsOn: [A]
        items:
          - text: Implement endpoints
            files: [{ path: src/app.py }]
            checks: [{ uses: files-exist }]
integrationPoints:
  - id: "1"
    title: Contract Validation
    after: [Phase 1]
    items:
      - text: Backend matches the spec
        checks: [{ uses: command, with: { command: "test -f openapi.yaml" } }]
successCriteria:
  - text: Everything documented
`;
