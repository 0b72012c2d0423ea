/**
 * Template 3 of seed 001, "Mobile Application (Contract-First Parallel)", as written there, with
 * its placeholders filled: the estimates and the framework (one of four, so no free text reaches
 * the parser). The title and overview are set on the parsed plan.
 */
export const TEMPLATE_TITLE = 'Mobile Application (Contract-First Parallel)';

export const FRAMEWORKS = ['React Native', 'Flutter', 'Swift', 'Kotlin'] as const;

export interface MobileTemplateValues {
  contractHours: string;
  infraHours: string;
  foundationHours: string;
  framework: (typeof FRAMEWORKS)[number];
}

export const STREAM_TITLES = [
  'Mobile API Contract Design',
  'Mobile Infrastructure',
  'Mobile App Foundation',
  'Backend API Implementation',
  'Mobile App Implementation',
  'Mobile Testing Framework',
  'App Store & Distribution',
] as const;

export function templateMarkdown(v: MobileTemplateValues): string {
  return `# Implementation Plan: Mobile App

## Overview
Mobile application.

## Phase 1: Contract & Environment Setup (Parallel - Day 1-2)

### Stream A: Mobile API Contract Design
**Estimated Time:** ${v.contractHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Create OpenAPI 3.0 specification for all mobile API endpoints (Priority: Critical)
- [ ] Define authentication flows (OAuth2, JWT, refresh tokens) (Priority: Critical)
- [ ] Design data models for mobile-specific features (offline sync, push) (Priority: High)
- [ ] Set up API mocking service for mobile development (Priority: High)
- [ ] Create API documentation with mobile-specific examples (Priority: High)
- [ ] Define real-time communication protocols (WebSocket/WebRTC) (Priority: Medium)

### Stream B: Mobile Infrastructure
**Estimated Time:** ${v.infraHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Create docker-compose.yml with backend services (auth, database, push) (Priority: Critical)
- [ ] Set up push notification service (Firebase/APNS) (Priority: Critical)
- [ ] Configure file storage service for mobile uploads (Priority: High)
- [ ] Set up real-time messaging infrastructure (WebSockets) (Priority: Medium)
- [ ] Configure analytics and crash reporting (Priority: Medium)

### Stream C: Mobile App Foundation
**Estimated Time:** ${v.foundationHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Initialize ${v.framework} project (Priority: Critical)
- [ ] Set up state management (Redux/Provider/BLoC/MVVM) (Priority: Critical)
- [ ] Create navigation structure and deep linking (Priority: High)
- [ ] Build design system and reusable components (Priority: High)
- [ ] Configure platform-specific settings (permissions, icons) (Priority: Medium)
- [ ] Set up code signing and app store configuration (Priority: High)

## Phase 2: Parallel Implementation (Day 2-5)

### Stream D: Backend API Implementation
**Dependencies:** API Contract, Infrastructure
**Tasks:**
- [ ] Implement authentication endpoints matching mobile requirements (Priority: Critical)
- [ ] Create database models and repositories for mobile data (Priority: High)
- [ ] Implement all REST/GraphQL APIs following OpenAPI spec (Priority: Critical)
- [ ] Add push notification sending functionality (Priority: High)
- [ ] Implement real-time features (chat, live updates) (Priority: Medium)
- [ ] Add API rate limiting and security for mobile clients (Priority: High)

### Stream E: Mobile App Implementation
**Dependencies:** API Contract, Mock API, App Foundation
**Tasks:**
- [ ] Implement authentication flow and secure token storage (Priority: Critical)
- [ ] Create UI screens for all API endpoints (Priority: High)
- [ ] Implement offline data synchronization (Priority: High)
- [ ] Connect to mock API service for development (Priority: Critical)
- [ ] Add form validation and error handling (Priority: High)
- [ ] Implement platform-specific features (camera, location) (Priority: Medium)

### Stream F: Mobile Testing Framework
**Dependencies:** API Contract, App Foundation
**Tasks:**
- [ ] Set up mobile testing framework (Detox/Jest/Espresso) (Priority: High)
- [ ] Create E2E test scenarios for all user journeys (Priority: High)
- [ ] Set up visual regression testing for mobile UI (Priority: Medium)
- [ ] Configure device testing on iOS/Android simulators (Priority: High)
- [ ] Set up automated testing in CI/CD pipeline (Priority: Medium)
- [ ] Create performance and memory profiling tests (Priority: Medium)

### Stream G: App Store & Distribution
**Dependencies:** App Foundation
**Tasks:**
- [ ] Create app store listings and screenshots (Priority: High)
- [ ] Set up beta testing distribution (TestFlight/Play Console) (Priority: High)
- [ ] Configure app signing and certificates (Priority: Critical)
- [ ] Create privacy policy and legal requirements (Priority: Medium)
- [ ] Set up crash reporting and analytics integration (Priority: High)

## Sequential Integration Points

### Integration 1: API Contract Validation (After Phase 1)
- [ ] Backend APIs match OpenAPI specification exactly
- [ ] Mobile app can communicate with mock API service
- [ ] Authentication flows work end-to-end with mock services

### Integration 2: Full Integration (After Phase 2)
- [ ] Mobile app connects to real backend APIs
- [ ] Push notifications work between backend and mobile app
- [ ] Offline synchronization functions correctly
- [ ] Real-time features work between client and server

### Integration 3: Production Deployment (Final)
- [ ] App signed and ready for app store submission
- [ ] All automated tests pass on real devices
- [ ] Performance and security requirements met
- [ ] Beta testing feedback incorporated

## Execution Commands
\`\`\`bash
# Phase 1: Parallel foundation
claude --parallel \\
  "create mobile API contract and mocking service" \\
  "setup mobile infrastructure (push, storage, real-time)" \\
  "initialize mobile app project and foundation"

# Phase 2: Parallel implementation
claude --parallel \\
  "implement backend APIs matching mobile contract" \\
  "build mobile app UI with mock API integration" \\
  "create mobile testing framework and E2E tests" \\
  "prepare app store submission materials"

# Phase 3: Integration and deployment
claude "integrate mobile app with real backend, test on devices, submit to stores"
\`\`\`

## Success Criteria
- [ ] Mobile API contract fully implemented and tested
- [ ] Mobile app works seamlessly with backend services
- [ ] Offline functionality and push notifications working
- [ ] App store submission requirements met
- [ ] Comprehensive automated test coverage
`;
}
