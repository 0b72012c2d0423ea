import { CliIO } from '../cli/io';

/** A CliIO that keeps what a command prints, for tests that call commands in-process. */
export function captureIO(cwd: string): CliIO & { stdout: string; stderr: string } {
  const io = {
    cwd,
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
  };
  return io;
}
