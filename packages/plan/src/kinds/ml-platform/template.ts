/**
 * Template 5 of seed 001, "Machine Learning Application (Contract-First Parallel)", as written
 * there, with its estimate placeholders filled. The title and overview are set on the parsed plan.
 * (Seed 000's ML application in the task format is the ml-app kind.)
 */
export const TEMPLATE_TITLE = 'Machine Learning Application (Contract-First Parallel)';

export interface MlPlatformTemplateValues {
  contractHours: string;
  infraHours: string;
  foundationHours: string;
}

export const STREAM_TITLES = [
  'ML API Contract Design',
  'ML Infrastructure & Environment',
  'Application Foundation',
  'Data Pipeline Implementation',
  'Model Development Pipeline',
  'Model Serving & API Implementation',
  'Application Integration',
  'ML Testing & Validation',
] as const;

export function templateMarkdown(v: MlPlatformTemplateValues): string {
  return `# Implementation Plan: ML Platform

## Overview
Machine learning application.

## Phase 1: Schema & Infrastructure Setup (Parallel - Day 1-3)

### Stream A: ML API Contract Design
**Estimated Time:** ${v.contractHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Create OpenAPI 3.0 specification for ML inference APIs (Priority: Critical)
- [ ] Define model input/output schemas and validation rules (Priority: Critical)
- [ ] Design data contracts for training data and features (Priority: Critical)
- [ ] Create ML model metadata specification (version, performance, drift) (Priority: High)
- [ ] Set up model monitoring API contracts (performance, drift, fairness) (Priority: High)
- [ ] Create API mocking service for ML development (Priority: High)

### Stream B: ML Infrastructure & Environment
**Estimated Time:** ${v.infraHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Create docker-compose.yml with ML stack (Jupyter, MLflow, Redis, GPU) (Priority: Critical)
- [ ] Set up model serving infrastructure (TensorFlow Serving, TorchServe, Sagemaker) (Priority: Critical)
- [ ] Configure ML experiment tracking and model registry (MLflow/Weights & Biases) (Priority: Critical)
- [ ] Set up data infrastructure for ML (data lake, feature store) (Priority: High)
- [ ] Configure MLOps pipeline for automated training/deployment (Priority: High)
- [ ] Set up monitoring and alerting for ML systems (Priority: Medium)

### Stream C: Application Foundation
**Estimated Time:** ${v.foundationHours} hours
**Dependencies:** None
**Tasks:**
- [ ] Initialize web/mobile application project structure (Priority: High)
- [ ] Set up UI for ML model interaction and visualization (Priority: High)
- [ ] Create state management for model results and user inputs (Priority: High)
- [ ] Implement frontend integration with ML API mocking service (Priority: Critical)
- [ ] Set up CI/CD for application deployment (Priority: Medium)
- [ ] Create responsive design for ML result visualization (Priority: Medium)

## Phase 2: Parallel Implementation (Day 3-7)

### Stream D: Data Pipeline Implementation
**Dependencies:** Data Contracts, ML Infrastructure
**Tasks:**
- [ ] Implement data ingestion following defined schemas (Priority: Critical)
- [ ] Create data preprocessing and feature engineering pipelines (Priority: Critical)
- [ ] Build data validation and quality monitoring (Priority: High)
- [ ] Implement data versioning and lineage tracking (Priority: High)
- [ ] Create data labeling and annotation tools (Priority: Medium)
- [ ] Set up automated data pipeline monitoring and alerting (Priority: High)

### Stream E: Model Development Pipeline
**Dependencies:** Data Pipeline (basic flow), ML Infrastructure
**Tasks:**
- [ ] Implement ML models following model contract specifications (Priority: Critical)
- [ ] Create automated model training and validation pipelines (Priority: Critical)
- [ ] Implement model evaluation metrics and thresholds (Priority: High)
- [ ] Set up model versioning and registry with metadata (Priority: High)
- [ ] Create model explainability and interpretability tools (Priority: Medium)
- [ ] Implement model drift detection and retraining triggers (Priority: High)

### Stream F: Model Serving & API Implementation
**Dependencies:** ML API Contracts, Model Development (initial models)
**Tasks:**
- [ ] Implement model serving endpoints matching OpenAPI specification (Priority: Critical)
- [ ] Create real-time and batch inference APIs (Priority: High)
- [ ] Implement model A/B testing and canary deployment (Priority: High)
- [ ] Add API authentication and rate limiting (Priority: High)
- [ ] Implement model result caching and performance optimization (Priority: Medium)
- [ ] Set up API monitoring and performance metrics (Priority: High)

### Stream G: Application Integration
**Dependencies:** ML API Mocking, Application Foundation
**Tasks:**
- [ ] Integrate application with real ML model APIs (Priority: Critical)
- [ ] Implement real-time model result visualization (Priority: High)
- [ ] Create user interfaces for model feedback and correction (Priority: Medium)
- [ ] Add offline functionality for model predictions (Priority: Medium)
- [ ] Implement progressive web app features for mobile ML access (Priority: Low)
- [ ] Create user onboarding and ML feature tutorials (Priority: Medium)

### Stream H: ML Testing & Validation
**Dependencies:** Model Contracts, ML Infrastructure
**Tasks:**
- [ ] Create comprehensive ML testing framework (Priority: Critical)
- [ ] Implement model performance testing and benchmarking (Priority: High)
- [ ] Set up automated model validation and regression testing (Priority: High)
- [ ] Create bias and fairness testing for ML models (Priority: High)
- [ ] Implement model robustness and adversarial testing (Priority: Medium)
- [ ] Set up automated model monitoring in production (Priority: Critical)

## Sequential Integration Points

### Integration 1: Contract Validation (After Phase 1)
- [ ] All ML APIs follow OpenAPI specification exactly
- [ ] Data contracts are enforced throughout the pipeline
- [ ] Model serving infrastructure can load and serve mock models

### Integration 2: End-to-End ML Pipeline (After Phase 2)
- [ ] Data flows from source to model training and prediction
- [ ] Models serve predictions through API with required performance
- [ ] Application successfully integrates with ML models
- [ ] All monitoring and alerting systems are functional

### Integration 3: Production Deployment (Final)
- [ ] Complete MLOps pipeline for automated model updates
- [ ] Application and models deployed to production
- [ ] All quality gates and monitoring active
- [ ] Documentation and operational procedures complete

## Execution Commands
\`\`\`bash
# Phase 1: Parallel foundation
claude --parallel \\
  "create ML API contracts and mocking service" \\
  "setup ML infrastructure (serving, tracking, monitoring)" \\
  "initialize application foundation with ML UI"

# Phase 2: Parallel implementation
claude --parallel \\
  "implement data pipeline with contract enforcement" \\
  "build ML model training and validation pipelines" \\
  "implement model serving APIs matching contracts" \\
  "integrate application with real ML models" \\
  "create comprehensive ML testing and validation"

# Phase 3: Integration and deployment
claude "deploy end-to-end ML system, validate performance, setup MLOps"
\`\`\`

## Success Criteria
- [ ] ML API contracts are fully implemented and tested
- [ ] Complete MLOps pipeline for automated model lifecycle
- [ ] Application provides real-time ML functionality to users
- [ ] Model performance meets requirements and is continuously monitored
- [ ] All data quality and model fairness requirements are met
`;
}
