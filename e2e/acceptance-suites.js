/**
 * The generators' acceptance suites: a full cold verify of a generated plan (services, browser
 * suites, a data pipeline run) takes many minutes each, so they run with `npm run test:acceptance`,
 * not in `npm test`, which CI runs under its time limit.
 */
module.exports = ['api-service', 'web-app', 'data-pipeline', 'microservices'];
