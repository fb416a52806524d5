// Serves the desk's Prometheus metrics: at `/metrics` on the HTTP port, or, when METRICS_PORT is set,
// on a listener of its own so the scrape endpoint need not be reachable from where partners call.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plugin } from 'graphql-yoga';
import type { Desk } from '../desk.js';

export const METRICS_PATH = '/metrics';

/** `/metrics` on the GraphQL server (when no METRICS_PORT is set). */
export function useMetricsEndpoint(desk: Desk): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== METRICS_PATH) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      endResponse(new fetchAPI.Response(await desk.metrics.render(), { status: 200, headers: { 'content-type': desk.metrics.contentType } }));
    },
  };
}

export interface MetricsListener {
  readonly port: number;
  close(): Promise<void>;
}

/** A plain HTTP listener answering only `GET /metrics`. */
export async function startMetricsListener(desk: Desk, options: { host: string; port: number }): Promise<MetricsListener> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== METRICS_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(path === METRICS_PATH ? 405 : 404, { 'content-type': 'text/plain' }).end(path === METRICS_PATH ? 'GET only\n' : 'Not found: metrics are at /metrics\n');
      return;
    }
    desk.metrics.render().then(
      (body) => response.writeHead(200, { 'content-type': desk.metrics.contentType }).end(body),
      (error: unknown) => {
        desk.log.error({ err: error }, 'metrics could not be rendered');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
