import { PlanSchema } from '../plan-schema';
import { renderPlanMarkdown } from '../render-markdown';

/** The renderer additions the parser's round trip relies on. */
describe('renderPlanMarkdown fidelity', () => {
  const plan = (overrides: Record<string, unknown> = {}) =>
    PlanSchema.parse({
      version: 1,
      name: 'web',
      kind: 'web-app',
      title: 'Web',
      phases: [
        {
          id: '1',
          title: 'Setup',
          parallel: true,
          window: 'Day 1',
          tasks: [
            { id: 'A', key: 'api', title: 'API Contract Design' },
            { id: 'B', key: 'env', title: 'Development Environment' },
          ],
        },
        {
          id: '2',
          title: 'Build',
          parallel: false,
          tasks: [
            {
              id: 'C',
              key: 'backend',
              title: 'Backend',
              skill: 'skills/`odd',
              dependsOn: ['A', 'B'],
              dependsOnText: 'API Contract, Environment',
              verification: ['Run `make test`', 'Looks right'],
              done: ['Works', 'Looks right'],
              ...overrides,
            },
          ],
        },
      ],
    });

  it('writes Sequential for parallel: false and the dependencies as written', () => {
    const md = renderPlanMarkdown(plan());
    expect(md).toContain('## Phase 2: Build (Sequential)\n');
    expect(md).toContain('**Dependencies:** API Contract, Environment\n');
  });

  it('falls back to the titles when the written dependencies no longer name the same tasks', () => {
    expect(renderPlanMarkdown(plan({ dependsOn: ['A'] }))).toContain('**Dependencies:** API Contract Design\n');
    expect(renderPlanMarkdown(plan({ dependsOnText: 'Nothing Like It' }))).toContain(
      '**Dependencies:** API Contract Design, Development Environment\n',
    );
  });

  it('prints prose verification once: under Verification, not again under Definition of Done', () => {
    const md = renderPlanMarkdown(plan());
    expect(md).toContain('**Verification:**\n- Run `make test`\n- Looks right\n**Definition of Done:**\n- Works\n');
    expect(md.match(/Looks right/g)).toHaveLength(1);
  });

  it('does not wrap a skill holding a backtick in a code span', () => {
    expect(renderPlanMarkdown(plan())).toContain('**Skill:** skills/`odd\n');
  });
});
