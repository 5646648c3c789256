import type { ComposeService } from './compose-file';

/** One `ports:` entry of a service: where on the host it is published, and which container port. */
export interface PublishedPort {
  /** The host address it binds; undefined when the entry names none (Docker then binds all). */
  hostIp: string | undefined;
  /** Host port or range; undefined when Docker picks one. */
  published: string | undefined;
  target: string;
}

/**
 * A service's `ports:` in either syntax. Short: "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]",
 * with an IPv6 host address in brackets ("[::1]:8080:8080"); long: { target, published, host_ip }.
 */
export function publishedPorts(service: ComposeService): PublishedPort[] {
  return ((service.ports ?? []) as unknown[]).map((entry) => {
    if (typeof entry === 'number') return { hostIp: undefined, published: undefined, target: String(entry) };
    if (typeof entry === 'string') return parseShortSyntax(entry);
    const long = entry as { target: number | string; published?: number | string; host_ip?: string };
    return { hostIp: long.host_ip, published: long.published === undefined ? undefined : String(long.published), target: String(long.target) };
  });
}

export function parseShortSyntax(entry: string): PublishedPort {
  const withoutProtocol = entry.replace(/\/(tcp|udp|sctp)$/, '');
  const bracketed = /^\[([^\]]+)\]:(.+)$/.exec(withoutProtocol);
  if (bracketed) {
    const [published, target] = (bracketed[2] as string).split(':');
    return { hostIp: bracketed[1], published, target: target ?? fail(entry) };
  }
  const parts = withoutProtocol.split(':');
  const target = parts.pop() ?? fail(entry);
  const published = parts.pop();
  // What remains is the host address; an unbracketed IPv6 one keeps its own colons.
  const hostIp = parts.length > 0 ? parts.join(':') : undefined;
  return { hostIp, published, target };
}

/** Whether Docker would accept connections on this port from any network the host is on. */
export function onAllInterfaces(port: PublishedPort): boolean {
  return port.hostIp === undefined || ['', '0.0.0.0', '::', '[::]'].includes(port.hostIp);
}

/** Whether only this host can reach it. */
export function loopbackOnly(port: PublishedPort): boolean {
  return port.hostIp !== undefined && (/^127\.\d+\.\d+\.\d+$/.test(port.hostIp) || port.hostIp === '::1' || port.hostIp === 'localhost');
}

function fail(entry: string): never {
  throw new Error(`cannot read the ports entry "${entry}"`);
}
