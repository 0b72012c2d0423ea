import { parseAllDocuments } from 'yaml';
import { hostileStrings } from '../../testing/hostile-strings';
import { dataPipelineKind } from './index';

/**
 * Free text (--pipelineName, --description) reaches the generated files only through JSON and YAML
 * serialisers: with hostile text every YAML and JSON file still parses, the set of files is the same
 * as with plain text, and the text never lands in code (SQL, Python, Compose, the CI workflow).
 */
describe('data-pipeline: hostile free text stays data', () => {
  const plain = dataPipelineKind.files(dataPipelineKind.context({ name: 'clickstream', datasets: 'events,sessions' }));
  const payloads = hostileStrings('PWNED').filter(
    (p) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udfff](?![\udc00-\udfff])/.test(p),
  );

  it.each(payloads.map((p) => [p]))('%j', (payload) => {
    let ctx;
    try {
      ctx = dataPipelineKind.context({
        name: 'clickstream',
        datasets: 'events,sessions',
        pipelineName: payload.replace(/\n/g, ' ') || 'x',
        description: payload,
      });
    } catch (error) {
      // Refused text is fine when the message names the option.
      expect((error as Error).message).toMatch(/--pipelineName|--description/);
      return;
    }
    const files = dataPipelineKind.files(ctx);
    expect([...files.keys()]).toEqual([...plain.keys()]);
    for (const [file, content] of files) {
      if (/\.(ya?ml)$/.test(file))
        expect(parseAllDocuments(content).flatMap((d) => (d as { errors?: unknown[] }).errors ?? [])).toEqual([]);
      if (/\.(json|avsc)$/.test(file)) expect(() => JSON.parse(content)).not.toThrow();
      if (/\.(sql|py|ndjson)$|docker-compose|workflows/.test(file)) expect(content).toBe(plain.get(file));
    }
  });
});
