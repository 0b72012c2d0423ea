/** Moved to kinds/ml-app/context.ts (issue 10); kept for the e2e suites that import it from here. */
export * from '../../kinds/ml-app/context';
