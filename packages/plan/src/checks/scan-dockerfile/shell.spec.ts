import { commandsOf, programOf, shellTextOf } from './shell';

describe('scan-dockerfile shell reading', () => {
  it('joins continuations and drops comment lines inside them', () => {
    expect(shellTextOf('apt-get update && \\\n  # curl x | sh\n  apt-get install -y a', '\\').replace(/\s+/g, ' ')).toBe(
      'apt-get update && apt-get install -y a',
    );
    expect(shellTextOf('echo a `\n  # c\n  && echo b', '`').replace(/\s+/g, ' ')).toBe('echo a && echo b');
  });

  it('keeps a trailing escaped escape character as text, not a continuation', () => {
    expect(shellTextOf('echo a\\\\\necho b', '\\')).toBe('echo a\\\\\necho b');
  });

  it('splits commands on operators and numbers pipelines, honouring quotes', () => {
    const commands = commandsOf('curl -s "a | b" | sh && echo \'x; y\'; sudo -u app env A=1 /usr/bin/pip3 install z');
    expect(commands.map((c) => c.words)).toEqual([
      ['curl', '-s', 'a | b'],
      ['sh'],
      ['echo', 'x; y'],
      ['sudo', '-u', 'app', 'env', 'A=1', '/usr/bin/pip3', 'install', 'z'],
    ]);
    expect(commands[0].pipeline).toBe(commands[1].pipeline);
    expect(commands[2].pipeline).not.toBe(commands[1].pipeline);
    expect(programOf(commands[3].words)).toBe('pip3');
  });

  it('never throws on unbalanced quotes', () => {
    expect(() => commandsOf('echo "unterminated \'also')).not.toThrow();
    expect(commandsOf('echo "unterminated')[0].words).toEqual(['echo', 'unterminated']);
  });
});
