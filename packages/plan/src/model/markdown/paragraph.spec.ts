import { renderPlanMarkdown } from '../render-markdown';
import { escapeParagraph, headingText, unescapeParagraph } from './paragraph';
import { parsePlanMarkdown } from './parse-markdown';

const texts = [
  'plain text',
  '## Phase 9: Injected\n### Task 9.1: Boom',
  '# Heading',
  '   ## indented heading',
  '    # four spaces: code, not a heading',
  '\\## already escaped\n\\\\# twice',
  '```\nfenced\n```',
  '~~~',
  '---',
  '* * *',
  'a # not at the start\nx ## y',
];

describe('escapeParagraph / unescapeParagraph', () => {
  it('are inverse for any text', () => {
    for (const t of texts) expect(unescapeParagraph(escapeParagraph(t))).toBe(t);
  });

  it('escape exactly the lines that read as structure', () => {
    expect(escapeParagraph('## Phase 9: x\nplain\n```\n---')).toBe('\\## Phase 9: x\nplain\n\\```\n\\---');
    expect(escapeParagraph('    # code')).toBe('    # code');
  });

  it('keep an overview and notes in their sections through render and import', () => {
    for (const t of texts) {
      const plan: any = {
        version: 1,
        name: 'p',
        kind: 'custom',
        title: 'P',
        overview: t,
        notes: t,
        phases: [
          {
            id: '1',
            title: 'One',
            tasks: [{ id: '1.1', key: 'a', title: 'A', files: [], checks: [], done: [], items: [], dependsOn: [] }],
          },
        ],
        integrationPoints: [],
        successCriteria: [],
      };
      const again = parsePlanMarkdown(renderPlanMarkdown(plan), { file: 'PLAN.md', name: 'p' });
      expect(again.diagnostics).toEqual([]);
      expect(again.plan!.phases.map((p) => p.id)).toEqual(['1']);
      expect(again.plan!.overview).toBe(t.trim());
      expect(again.plan!.notes).toBe(t.trim());
    }
  });

  it('headingText keeps a title that ends in # through render and import', () => {
    expect(headingText('# Plan: C#')).toBe('# Plan: C#');
    expect(headingText('# Plan: #')).toBe('# Plan: # #');
    for (const title of ['#', 'x ##', 'C#', 'a # b']) {
      const plan: any = {
        version: 1,
        name: 'p',
        kind: 'custom',
        title,
        phases: [{ id: '1', title, tasks: [{ id: '1.1', key: 'a', title, files: [], checks: [], done: [], items: [], dependsOn: [] }] }],
        integrationPoints: [],
        successCriteria: [],
      };
      const again = parsePlanMarkdown(renderPlanMarkdown(plan), { file: 'PLAN.md', name: 'p' });
      expect(again.diagnostics).toEqual([]);
      expect([again.plan!.title, again.plan!.phases[0].title, again.plan!.phases[0].tasks[0].title]).toEqual([title, title, title]);
    }
  });
});
