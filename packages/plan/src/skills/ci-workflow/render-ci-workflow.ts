import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import { checkStack, imageOf, Stack } from '../infra-stack/stack';

export const CI_WORKFLOW_PATH = '.github/workflows/ci.yml';
const PLAN_DIR = /^(\.|[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)$/;

export interface CiWorkflowOptions {
  /** Folder (plan-relative) of the Playwright HTML reports: the browser suites run in the runner's Chrome and the reports are published. */
  playwrightReport?: string;
}

/**
 * The plan's CI workflow (GitHub Actions): `nx run <plan>:verify` with promtool installed and the
 * findings kept as SARIF (and the Playwright report, when the plan has browser suites), then every
 * service image built and the compose file read by Docker Compose itself. `planDir` is the plan
 * folder relative to the repository root. validate-workflow checks it.
 */
export function renderCiWorkflow(stack: Stack, planDir: string, options: CiWorkflowOptions = {}): Map<string, string> {
  checkStack(stack);
  if (!PLAN_DIR.test(planDir) || planDir.split('/').includes('..')) throw new Error(`Invalid plan folder "${planDir}".`);
  const report = options.playwrightReport;
  if (report !== undefined && (!PLAN_DIR.test(report) || report.split('/').includes('..')))
    throw new Error(`Invalid report folder "${report}".`);
  const services = [...stack.services, ...(stack.web ? [stack.web] : [])].map((s) => ({
    name: s.name,
    image: imageOf(stack, s),
    context: s.context,
    dockerfilePath: s.context === '.' ? s.dockerfile : `${s.context}/${s.dockerfile}`,
  }));
  return renderTemplateDir(
    templatesDir('skills', 'ci-workflow'),
    { name: stack.name, title: stack.title, planDir, services, playwrightReport: report },
    {},
  );
}
