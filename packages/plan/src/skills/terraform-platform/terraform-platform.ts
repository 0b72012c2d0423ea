import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';

/** Where the Terraform skeleton lives, relative to the plan folder. */
export const TERRAFORM_DIR = 'infra/terraform';

/**
 * The platform as Terraform (a skeleton to grow): providers pinned, namespaces, Istio from its
 * Helm charts, and a module per service (its service account = mesh identity, its config).
 */
export function renderTerraform(input: {
  system: string;
  namespace: string;
  registry: string;
  tag: string;
  services: { name: string; port: number }[];
}): Map<string, string> {
  const files = renderTemplateDir(templatesDir('skills', 'terraform-platform'), input, {});
  return new Map([...files].map(([p, c]) => [`${TERRAFORM_DIR}/${p}`, c]));
}
