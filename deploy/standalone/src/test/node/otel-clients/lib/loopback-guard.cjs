'use strict';
// Loopback-only network guard for the test fixture.
//
// Loaded first by both scripts. Every outgoing TCP connection in Node (http, https,
// fetch/undici, gRPC) goes through net.Socket.prototype.connect; this wrapper refuses
// any destination that is not a loopback address, so neither the OpenAI client nor an
// instrumentation SDK can ever reach a remote host from a test run. Unix-socket (path)
// connections are left alone. Each destination is recorded; with FIXTURE_DEBUG_NET=1 the
// list is printed to stderr at exit.

const net = require('node:net');

const connections = [];

function isLoopbackHost(host) {
  if (host == null || host === '') return true; // Node defaults to localhost
  const h = String(host).toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return false;
}

function destinationOf(args) {
  // net.connect()/http pass an already-normalized [options, cb] array as the first argument.
  let first = args[0];
  if (Array.isArray(first)) first = first[0];
  if (first !== null && typeof first === 'object') {
    if (first.path) return { path: first.path };
    return { host: first.host, port: first.port };
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
  return { host: typeof args[1] === 'string' ? args[1] : undefined, port: first };
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const dest = destinationOf(args);
  if (dest.path === undefined) {
    connections.push(`${dest.host ?? 'localhost'}:${dest.port}`);
    if (!isLoopbackHost(dest.host)) {
      const err = new Error(
        `otel-clients fixture: refusing connection to non-loopback host ${dest.host}:${dest.port}`);
      err.code = 'EFIXTURE_NON_LOOPBACK';
      // Fail asynchronously like a normal connection error.
      process.nextTick(() => this.destroy(err));
      return this;
    }
  }
  return originalConnect.apply(this, args);
};

process.on('exit', () => {
  if (process.env.FIXTURE_DEBUG_NET === '1') {
    process.stderr.write(`[otel-clients] TCP destinations: ${JSON.stringify(connections)}\n`);
  }
});

module.exports = { isLoopbackHost, connections };
