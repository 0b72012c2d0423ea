import { renderPlanMarkdown } from '../render-markdown';
import { scanLines } from './blocks';
import { escapeParagraph, unescapeParagraph } from './paragraph';
import { parsePlanMarkdown } from './parse-markdown';
import { TASK_DOCUMENT, TASK_VALUES } from './sample-documents';

/** PLAN.md → plan → PLAN.md → plan gives the same plan: the three cases the parse-markdown fuzz found. */
function roundTrip(markdown: string) {
  const options = { file: 'PLAN.md', name: 'p', values: TASK_VALUES };
  const first = parsePlanMarkdown(markdown, options);
  expect(first.diagnostics).toEqual([]);
  const again = parsePlanMarkdown(renderPlanMarkdown(first.plan!), options);
  expect(again.diagnostics).toEqual([]);
  expect(again.plan).toEqual(first.plan);
  return first.plan!;
}

describe('PLAN.md round trip', () => {
  it('a graph label with brackets reads as the renderer writes it', () => {
    const plan = roundTrip(TASK_DOCUMENT.replace('T2.1[Task 2.1: Training]', 'T2.1[Task 2.1: Trainin(Priority: Nope)g]'));
    expect(plan.phases.flatMap((p) => p.tasks).find((t) => t.id === '2.1')!.label).toBe('Trainin Priority: Nope g');
  });

  it('a title the graph writes differently (a BOM inside it) stays the label-less title', () => {
    const markdown = TASK_DOCUMENT.replace('### Task 1.1: Design Database Schema', '### Task 1.1: Design Dat\uFEFFabase Schema').replace(
      'T1.1[Task 1.1: Schema]',
      'T1.1',
    );
    const task = roundTrip(markdown).phases[0].tasks[0];
    expect(task.title).toBe('Design Dat\uFEFFabase Schema');
    expect(task.label).toBeUndefined();
  });

  it('placeholders in fenced code of the notes stay text, closed fence or unclosed at the end', () => {
    const unclosed = roundTrip(TASK_DOCUMENT.replace('{{ additional_notes }}', '~~~/etc/passwd\n\n{{ additional_notes }}'));
    expect(unclosed.notes).toBe('~~~/etc/passwd\n\n{{ additional_notes }}');
    const closed = roundTrip(
      TASK_DOCUMENT.replace('{{ additional_notes }}', '```\n{{ additional_notes }}\n## not a heading\n```\n{{ additional_notes }}'),
    );
    expect(closed.notes).toBe('```\n{{ additional_notes }}\n## not a heading\n```\nRetrain weekly.');
  });
});

describe('escapeParagraph with fenced code', () => {
  const texts = [
    '```\n## code\n```\n## text',
    '~~~x\n\\## kept\n~~~',
    '```a\n```b\nstill code',
    '```\nclosed\n```\n```open\n## swallowed?',
    '\uFEFF```\nx',
    'a\r```\r## b',
  ];
  it('are inverse, and leave no unclosed fence unless the text ends the document', () => {
    for (const t of texts) {
      for (const endsDocument of [false, true]) {
        const escaped = escapeParagraph(t, { endsDocument });
        expect(unescapeParagraph(escaped)).toBe(t);
      }
      const last = scanLines('\n' + escapeParagraph(t)).pop()!;
      expect(last.inFence || last.fenceOpen !== undefined).toBe(false);
    }
    expect(escapeParagraph('```\n## code\n```\n## text')).toBe('```\n## code\n```\n\\## text');
    expect(escapeParagraph('```\nclosed\n```\n```open\n## swallowed?')).toBe('```\nclosed\n```\n\\```open\n\\## swallowed?');
    expect(escapeParagraph('```open\n## x', { endsDocument: true })).toBe('```open\n## x');
  });
});
