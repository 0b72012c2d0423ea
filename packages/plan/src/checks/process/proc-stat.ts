import { readFileSync } from 'node:fs';

/** Fields of /proc/<pid>/stat after "pid (comm) ": state, ppid, pgrp, … (comm may hold spaces and parentheses). */
export const statFields = (stat: string): string[] => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/** A process's stat fields; undefined when it does not exist or there is no /proc (not Linux). */
export function procStatFields(pid: number | string): string[] | undefined {
  try {
    return statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}
