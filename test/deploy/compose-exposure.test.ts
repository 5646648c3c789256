// What docker-compose.yml opens to the network. Only the API, which checks every caller's key,
// may listen on all interfaces. The Temporal Web UI and Mailpit's inbox show applicants'
// particulars and have no sign-in; Temporal's gRPC port and PostgreSQL would let anyone bypass
// the API altogether. Those stay on this host unless an operator names another address.
import {
  type ComposeService,
  interpolateAll,
  parseEnvFile,
  readComposeFile,
  readRepoFile,
  serviceEnvironment,
} from './support/compose-file';
import { loopbackOnly, onAllInterfaces, parseShortSyntax, publishedPorts } from './support/published-ports';

const facesTheNetwork = ['api'];
const scenarios: [string, Record<string, string>][] = [
  ['no .env at all (every default)', {}],
  ['.env.example copied to .env', parseEnvFile(readRepoFile('.env.example'))],
];

function services(env: Record<string, string>): Record<string, ComposeService> {
  return interpolateAll(readComposeFile(), env).services;
}

describe('reading a ports entry', () => {
  test.each([
    ['8080:8080', undefined, true],
    ['8080', undefined, true],
    ['0.0.0.0:8025:8025', '0.0.0.0', true],
    ['[::]:8025:8025/tcp', '::', true],
    ['127.0.0.1:7233:7233', '127.0.0.1', false],
    ['[::1]:8080:8080', '::1', false],
    ['::1:8080:8080', '::1', false],
    ['10.20.0.5:8080:8080/tcp', '10.20.0.5', false],
  ])('"%s" binds host address %s, on every interface: %s', (entry, hostIp, everywhere) => {
    const port = parseShortSyntax(entry);
    expect(port.hostIp).toBe(hostIp);
    expect(onAllInterfaces(port)).toBe(everywhere);
  });

  test('the long syntax and a bare number are read too', () => {
    const ports = publishedPorts({ ports: [{ target: 8080, published: 8080 }, { target: 8025, host_ip: '127.0.0.1' }, 1025] });
    expect(ports.map(onAllInterfaces)).toEqual([true, false, true]);
    expect(ports.map(loopbackOnly)).toEqual([false, true, false]);
  });
});

describe.each(scenarios)('with %s', (_label, env) => {
  const all = services(env);

  test('every service but the API publishes its ports on this host only', () => {
    const exposed = Object.entries(all)
      .filter(([name]) => !facesTheNetwork.includes(name))
      .flatMap(([name, svc]) => publishedPorts(svc).filter((p) => !loopbackOnly(p)).map((p) => `${name} ${p.hostIp ?? '*'}:${p.target}`));
    expect(exposed).toEqual([]);
  });

  test('the Temporal Web UI, Mailpit, Temporal and PostgreSQL are among them, none on all interfaces', () => {
    for (const name of ['temporal-ui', 'mailpit', 'temporal', 'postgresql']) {
      expect(all).toHaveProperty([name]);
      expect(publishedPorts(all[name]!).filter(onAllInterfaces)).toEqual([]);
    }
    expect(publishedPorts(all.postgresql!)).toEqual([]);
  });

  test('no service shares the host network, which would publish every port it listens on', () => {
    const hostNetworked = Object.entries(all).filter(([, svc]) => svc.network_mode === 'host').map(([name]) => name);
    expect(hostNetworked).toEqual([]);
  });

  test("the Temporal Web UI's write actions are off: its server refuses terminate, reset, signal and the rest", () => {
    const ui = serviceEnvironment(all['temporal-ui']!);
    expect(ui.TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
    for (const action of ['TERMINATE', 'CANCEL', 'SIGNAL', 'UPDATE', 'RESET']) expect(ui[`TEMPORAL_WORKFLOW_${action}_DISABLED`]).toBe('true');
    for (const variable of ['BATCH_ACTIONS', 'START_WORKFLOW', 'ACTIVITY_COMMANDS']) expect(ui[`TEMPORAL_${variable}_DISABLED`]).toBe('true');
    expect(ui.TEMPORAL_CORS_UNSAFE_ALLOW_ALL_ORIGINS).toBeUndefined();
  });
});

test('OPERATOR_BIND_ADDRESS moves the Web UI and the inbox to that address; gRPC and SMTP stay on this host', () => {
  const all = services({ OPERATOR_BIND_ADDRESS: '10.20.0.5' });
  expect(publishedPorts(all['temporal-ui']!).map((p) => p.hostIp)).toEqual(['10.20.0.5']);
  expect(publishedPorts(all.mailpit!).map((p) => `${p.hostIp}:${p.target}`)).toEqual(['10.20.0.5:8025', '127.0.0.1:1025']);
  expect(publishedPorts(all.temporal!).every(loopbackOnly)).toBe(true);
});
