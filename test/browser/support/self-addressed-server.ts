import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiHarness } from '../../api/support/api-harness';
import { testConfig } from '../../api/support/api-harness';

/**
 * The API harness's app on a real port, told that port as its PUBLIC_BASE_URL: the OpenAPI
 * document's `servers` is where /docs sends "Try it out", and the page's CSP lets it reach only
 * its own origin, as it would be in production where the public address is the app's own.
 */
export interface SelfAddressedServer {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function serveSelfAddressed(api: ApiHarness): Promise<SelfAddressedServer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A page pulls a large script and a stylesheet from one address: the default limits are for clients, not for this.
  const app = api.appWith({ config: { ...testConfig, PUBLIC_BASE_URL: baseUrl }, rateLimit: { limit: 100_000, unauthenticatedLimit: 100_000 } });
  server.on('request', app);
  return {
    baseUrl,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
