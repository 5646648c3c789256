/** Where the cluster's Temporal server keeps its data: two databases on one PostgreSQL. */
export interface TemporalStore {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  visibilityDatabase: string;
}

/** The server's ports, one block from `base` (7233 by default, Temporal's own frontend port). */
export interface TemporalPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  membership: { frontend: number; history: number; matching: number; worker: number };
  metrics: number;
}

export function temporalPortsFrom(base: number): TemporalPorts {
  return {
    frontend: base,
    frontendHttp: base + 1,
    history: base + 2,
    matching: base + 3,
    worker: base + 4,
    membership: { frontend: base + 5, history: base + 6, matching: base + 7, worker: base + 8 },
    metrics: base + 9,
  };
}

/** How many ports temporalPortsFrom takes. */
export const TEMPORAL_PORT_COUNT = 10;

/**
 * The Temporal server's static configuration, as docker-compose's `temporalio/server` image
 * renders it from its environment: PostgreSQL (postgres12 plugin) for the store and for
 * visibility (SQL visibility is advanced visibility: custom search attributes and list
 * filters work), 4 history shards, all four services in one process on loopback.
 */
export function temporalServerConfig(store: TemporalStore, ports: TemporalPorts, dynamicConfigFile: string): string {
  const datastore = (database: string, maxConns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${JSON.stringify(database)}
        connectAddr: ${JSON.stringify(`${store.host}:${store.port}`)}
        connectProtocol: tcp
        user: ${JSON.stringify(store.user)}
        password: ${JSON.stringify(store.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  const service = (grpcPort: number, membershipPort: number, extra = '') => `
    rpc:
      grpcPort: ${grpcPort}
      membershipPort: ${membershipPort}
      bindOnIP: 127.0.0.1${extra}`;
  return `# Written by the cluster script at each start; edit cluster/temporal-server-config.ts instead.
log:
  stdout: true
  level: error
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:${datastore(store.database, 20)}
    postgres-visibility:${datastore(store.visibilityDatabase, 10)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
  metrics:
    prometheus:
      framework: tally
      timerType: histogram
      listenAddress: 127.0.0.1:${ports.metrics}
services:
  frontend:${service(ports.frontend, ports.membership.frontend, `\n      httpPort: ${ports.frontendHttp}`)}
  history:${service(ports.history, ports.membership.history)}
  matching:${service(ports.matching, ports.membership.matching)}
  worker:${service(ports.worker, ports.membership.worker)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: 127.0.0.1:${ports.frontend}
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: ${JSON.stringify(dynamicConfigFile)}
  pollInterval: 10s
`;
}
