import { FILLED_TEMPLATES } from '../../testing/filled-templates';
import { parsePlanMarkdown } from './parse-markdown';
import { seedDocuments } from './seed-documents';
import { TEMPLATE_STREAMS } from './kind';
import { splitTemplates } from './seed-documents';

describe('kind inference of filled seed-001 templates', () => {
  it.each(FILLED_TEMPLATES.map((t) => [t.template, t.kind, t.markdown] as const))(
    'Template %i, filled with our own values, is %s',
    (_, kind, markdown) => {
      const { plan, diagnostics } = parsePlanMarkdown(markdown, { file: 'PLAN.md', name: 'filled' });
      expect(diagnostics).toEqual([]);
      expect(plan!.kind).toBe(kind);
    },
  );

  it('the streams decide, not a misleading filled-in title or overview', () => {
    for (const filled of FILLED_TEMPLATES) {
      const misleading = filled.markdown
        .replace(/^# Implementation Plan: .*$/m, '# Implementation Plan: Mobile Machine Learning Microservices Web App')
        .replace(/## Overview\n.*\n/, '## Overview\nA RESTful API service and ETL data pipeline for iOS.\n');
      expect([filled.template, parsePlanMarkdown(misleading, { file: 'PLAN.md', name: 'x' }).plan!.kind]).toEqual([
        filled.template,
        filled.kind,
      ]);
    }
  });
});

const seeds = seedDocuments();
const describeSeeds = seeds.length ? describe : describe.skip;

describeSeeds('kind inference against the seed itself (../shared/seeds)', () => {
  const templates = seeds.filter((d) => d.name.includes('#template-'));
  it('has six templates whose stream headings are TEMPLATE_STREAMS, in order', () => {
    expect(templates).toHaveLength(6);
    const kinds = ['web-app', 'api-service', 'mobile-app', 'data-pipeline', 'ml-platform', 'microservices'] as const;
    templates.forEach((doc, i) => {
      const headings = [...doc.markdown.matchAll(/^### Stream [A-Z]+: (.+)$/gm)].map((m) => m[1].trim());
      expect([kinds[i], headings]).toEqual([kinds[i], TEMPLATE_STREAMS[kinds[i]]]);
    });
    expect(splitTemplates('no templates')).toEqual([]);
  });
});
