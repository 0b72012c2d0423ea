import { inferKind, kindOfStreams, TEMPLATE_STREAMS } from '../model/markdown/kind';
import { PLAN_KINDS } from '../model/plan-schema';
import { kindModule, kindModules } from './registry';

describe('kind registry', () => {
  it('lists each kind once, each a kind of the plan model', () => {
    const kinds = kindModules().map((k) => k.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const kind of kinds) expect(PLAN_KINDS).toContain(kind);
    expect(kindModule('ml-app')?.kind).toBe('ml-app');
    expect(kindModule('custom')).toBeUndefined();
  });

  it("a kind's stream titles are its template's: a document with them is inferred as that kind", () => {
    for (const kind of kindModules().filter((k) => k.streamTitles.length > 0)) {
      expect([kind.kind, kindOfStreams([...kind.streamTitles])]).toEqual([kind.kind, kind.kind]);
      expect([kind.kind, [...kind.streamTitles]]).toEqual([kind.kind, TEMPLATE_STREAMS[kind.kind]]);
    }
  });

  it('inference by streams wins over what the filled-in title says', () => {
    expect(inferKind(['Mobile Machine Learning Web App'], [], [...TEMPLATE_STREAMS['api-service']!])).toBe('api-service');
    // Headings renamed a little still count (half a point each).
    expect(kindOfStreams(['Backend Implementation (Go)', 'Frontend Implementation (Svelte)', 'E2E Testing Framework'])).toBe('web-app');
    // Too little to go on: no kind from streams, the words decide.
    expect(kindOfStreams(['Infrastructure & Environment'])).toBeUndefined();
    expect(inferKind(['Churn model', 'machine learning'], [], ['Data prep'])).toBe('ml-platform');
    expect(inferKind(['Churn model', 'machine learning'], [], [])).toBe('ml-app');
  });
});
