import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { MAX_INPUT_BYTES, readInput, sortFindings } from '../contract-files/read-input';
import { readYaml } from '../contract-files/yaml-source';
import { isScannable, topicsIn, TopicUse } from './find-topics';
import { rules, TopicRule } from './rule-catalogue';

/**
 * Every topic the code uses is a channel of the AsyncAPI document (static: nothing runs). A topic
 * used in code but absent from the document is a finding at the code line; a documented channel no
 * scanned file uses is a warning at the channel.
 */
export interface TopicCoverageOptions {
  asyncapi: string;
}

const MAX_FILES = 5000;

export const check: CheckDefinition<TopicCoverageOptions, TopicRule> = {
  name: 'topic-coverage',
  rules,
  summary: 'Topics used in code (YAML topic keys, string literals next to topic/subscribe) are channels of the AsyncAPI document',
  pathsDescription: 'source files or folders to scan (.py .ts .js .java .scala .go .sql .yaml .json)',
  options: [{ name: 'asyncapi', type: 'string', description: 'The AsyncAPI document (2.x or 3.x) declaring the topics' }],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('topic-coverage needs files or folders to scan.');
    if (typeof options.asyncapi !== 'string' || options.asyncapi === '')
      throw new CheckUsageError('topic-coverage needs --asyncapi <document> (the AsyncAPI document that declares the topics).');
    const findings: Finding<TopicRule>[] = [];
    const channels = await documentedChannels(options.asyncapi, context.cwd, findings);
    if (!channels) return resultOf('topic-coverage', findings, {});
    const used = new Set<string>();
    const files = await listFiles(paths, context.cwd, findings);
    let uses = 0;
    for (const file of files) {
      if (path.resolve(context.cwd, file) === path.resolve(context.cwd, options.asyncapi)) continue;
      const input = await readInput(file, context.cwd, 'topics');
      if ('finding' in input) continue;
      for (const use of topicsIn(file, input.text)) {
        uses++;
        const channel = channels.find((c) => c.matches(use.topic));
        if (channel) {
          used.add(channel.address);
          continue;
        }
        findings.push(
          undocumented(
            file,
            use,
            options.asyncapi,
            channels.map((c) => c.address),
          ),
        );
      }
    }
    for (const c of channels)
      if (!used.has(c.address))
        findings.push({
          rule: 'topics/unused',
          severity: 'warning',
          message: `Channel ${c.address} is documented but no scanned file uses it.`,
          file: options.asyncapi,
          line: c.line,
          column: c.column,
        });
    return resultOf('topic-coverage', sortFindings(findings) as Finding<TopicRule>[], {
      channels: channels.map((c) => c.address),
      files: files.length,
      uses,
      used: [...used].sort(),
    });
  },
};

function undocumented(file: string, use: TopicUse, doc: string, known: string[]): Finding<TopicRule> {
  return {
    rule: 'topics/undocumented',
    severity: 'error',
    message: `Topic "${use.topic}" is used here but ${doc} has no such channel (channels: ${known.join(', ') || 'none'}): document it in the AsyncAPI contract or use a documented topic.`,
    file,
    line: use.line,
    column: use.column,
  };
}

interface Channel {
  address: string;
  line: number;
  column: number;
  matches(topic: string): boolean;
}

async function documentedChannels(given: string, cwd: string, findings: Finding<TopicRule>[]): Promise<Channel[] | undefined> {
  const input = await readInput(given, cwd, 'topics');
  if ('finding' in input) {
    findings.push(input.finding as Finding<TopicRule>);
    return undefined;
  }
  const source = readYaml(input.text, given, { rule: 'topics', reader: 'an AsyncAPI reader' });
  findings.push(...(source.findings as Finding<TopicRule>[]));
  const doc = source.documents[0];
  const value = doc?.value as Record<string, unknown> | null | undefined;
  const channels = value && typeof value === 'object' ? value.channels : undefined;
  if (!doc || !channels || typeof channels !== 'object' || Array.isArray(channels)) {
    if (source.findings.length === 0)
      findings.push({
        rule: 'topics/asyncapi',
        severity: 'error',
        message: 'The AsyncAPI document has no `channels` mapping.',
        file: given,
        line: 1,
        column: 1,
      });
    return undefined;
  }
  const v3 = typeof value!.asyncapi === 'string' && value!.asyncapi.startsWith('3');
  return Object.entries(channels as Record<string, unknown>).map(([key, channel]) => {
    const address =
      v3 && channel && typeof channel === 'object' && typeof (channel as { address?: unknown }).address === 'string'
        ? String((channel as { address: string }).address)
        : key;
    const pattern = new RegExp(`^${address.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]*\\?\}/g, '[^/]+')}$`);
    const pos = doc.locate(v3 ? ['channels', key, 'address'] : ['channels', key], v3 ? 'value' : 'key');
    return { address, ...pos, matches: (topic: string) => pattern.test(topic) };
  });
}

async function listFiles(paths: string[], cwd: string, findings: Finding<TopicRule>[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (given: string) => {
    if (out.length >= MAX_FILES) return;
    const stat = await fs.stat(path.resolve(cwd, given)).catch(() => undefined);
    if (!stat) {
      findings.push({
        rule: 'topics/not-found',
        severity: 'error',
        message: 'Does not exist: check the path (relative to the plan folder).',
        file: given,
      });
      return;
    }
    if (stat.isDirectory()) {
      const entries = (await fs.readdir(path.resolve(cwd, given))).sort();
      for (const e of entries) if (e !== 'node_modules' && !e.startsWith('.')) await walk(path.posix.join(given.replace(/\/$/, ''), e));
    } else if (stat.isFile() && isScannable(given) && stat.size <= MAX_INPUT_BYTES) out.push(given);
  };
  for (const p of paths) await walk(p);
  return out;
}
