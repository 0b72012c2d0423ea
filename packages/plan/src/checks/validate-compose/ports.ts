/**
 * Port entries of `ports` and `expose` as Docker parses them (nat.ParsePortSpec):
 * `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]`, or the long form
 * `{target, published, host_ip, protocol}`. Returns what is wrong, or undefined.
 */
const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);
const INTERPOLATED = /\$\{?[A-Za-z_]/;

interface Range {
  start: number;
  end: number;
}

function range(text: string): Range | string {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return `"${text}" is not a port number or range (e.g. 8080 or 8000-8010)`;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  for (const n of [start, end]) if (n < 1 || n > 65535) return `port ${n} is outside 1-65535`;
  if (end < start) return `range ${text} ends before it starts`;
  return { start, end };
}

export function checkPort(item: unknown, key: 'ports' | 'expose'): string | undefined {
  if (typeof item === 'number') {
    if (!Number.isInteger(item) || item < 1 || item > 65535) return `port ${item} is outside 1-65535`;
    return undefined;
  }
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) return longForm(item as Record<string, unknown>);
  if (typeof item !== 'string' || INTERPOLATED.test(item)) return undefined;

  let spec = item.trim();
  let protocol: string | undefined;
  const slash = spec.lastIndexOf('/');
  if (slash >= 0) {
    protocol = spec.slice(slash + 1);
    spec = spec.slice(0, slash);
    if (!PROTOCOLS.has(protocol)) return `protocol "${protocol}" is not tcp, udp or sctp`;
  }
  if (key === 'expose') {
    const r = range(spec);
    return typeof r === 'string' ? r : undefined;
  }
  // An IPv6 host address is bracketed: [::1]:8080:80.
  let ip: string | undefined;
  if (spec.startsWith('[')) {
    const close = spec.indexOf(']:');
    if (close < 0) return `"${item}" has an unclosed [IPv6] host address`;
    ip = spec.slice(1, close);
    spec = spec.slice(close + 2);
  }
  const parts = spec.split(':');
  let host: string | undefined;
  let container: string;
  if (parts.length === 1) container = parts[0];
  else if (parts.length === 2) [host, container] = parts;
  else if (parts.length === 3 && ip === undefined) [ip, host, container] = parts;
  else return `"${item}" has too many ":" parts; write [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`;
  if (ip !== undefined && !/^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/.test(ip))
    return `host address "${ip}" is not an IP address`;
  if (ip !== undefined && /^\d/.test(ip) && ip.split('.').some((o) => Number(o) > 255)) return `host address "${ip}" is not an IP address`;
  const c = range(container);
  if (typeof c === 'string') return `container port: ${c}`;
  if (host === undefined || host === '') return undefined;
  const h = range(host);
  if (typeof h === 'string') return `host port: ${h}`;
  const hostSize = h.end - h.start;
  const containerSize = c.end - c.start;
  if (containerSize > 0 && hostSize !== containerSize)
    return `host range ${host} and container range ${container} differ in size; give ranges of the same length`;
  return undefined;
}

function longForm(port: Record<string, unknown>): string | undefined {
  const target = port.target;
  if (typeof target === 'number' && (!Number.isInteger(target) || target < 1 || target > 65535))
    return `target ${target} is outside 1-65535`;
  if (typeof target === 'string' && !INTERPOLATED.test(target)) {
    const r = range(target);
    if (typeof r === 'string') return `target: ${r}`;
  }
  const published = port.published;
  if (typeof published === 'number' && (!Number.isInteger(published) || published < 0 || published > 65535))
    return `published ${published} is outside 1-65535`;
  if (typeof published === 'string' && published !== '' && !INTERPOLATED.test(published)) {
    const r = range(published);
    if (typeof r === 'string') return `published: ${r}`;
  }
  if (typeof port.protocol === 'string' && !INTERPOLATED.test(port.protocol) && !PROTOCOLS.has(port.protocol))
    return `protocol "${port.protocol}" is not tcp, udp or sctp`;
  return undefined;
}
