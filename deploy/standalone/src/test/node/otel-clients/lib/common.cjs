'use strict';
// Shared plumbing for openinference.cjs and openllmetry.cjs: configuration from the
// environment, an exporter wrapper that detects export failures, the chat loop and the
// exit-code policy. The instrumentation-specific wiring lives in the two scripts.

const { isLoopbackHost } = require('./loopback-guard.cjs');

// Exit codes (documented in README.md).
const EXIT = Object.freeze({ OK: 0, SETUP: 1, CHAT_FAILED: 2, EXPORT_FAILED: 3, NO_SPANS: 4 });

class FixtureError extends Error {
  constructor(message, exitCode = EXIT.SETUP) {
    super(message);
    this.exitCode = exitCode;
  }
}

function requireEnv(name) {
  const value = (process.env[name] || '').trim();
  if (!value) throw new FixtureError(`environment variable ${name} is required`);
  return value;
}

function requireLoopbackUrl(name, value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new FixtureError(`${name} is not a valid URL: ${value}`);
  }
  if (!isLoopbackHost(url.hostname)) {
    throw new FixtureError(`${name} must point at a loopback address (127.0.0.0/8, localhost, ::1), got ${url.hostname}`);
  }
  return value;
}

function parseMessages(argv) {
  const raw = process.env.MESSAGES !== undefined && process.env.MESSAGES.trim() !== ''
    ? process.env.MESSAGES
    : argv[0];
  if (raw === undefined) {
    throw new FixtureError('no messages: set MESSAGES to a JSON array of strings (or pass it as the first argument)');
  }
  let messages;
  try {
    messages = JSON.parse(raw);
  } catch (e) {
    throw new FixtureError(`MESSAGES is not valid JSON: ${e.message}`);
  }
  if (!Array.isArray(messages) || messages.length === 0
      || !messages.every((m) => typeof m === 'string')) {
    throw new FixtureError('MESSAGES must be a non-empty JSON array of strings');
  }
  return messages;
}

function intEnv(name, fallback) {
  const raw = (process.env[name] || '').trim();
  if (raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new FixtureError(`${name} must be a non-negative integer, got ${raw}`);
  return n;
}

function readConfig(argv = process.argv.slice(2)) {
  const baseURL = requireLoopbackUrl('OPENAI_BASE_URL', requireEnv('OPENAI_BASE_URL'));
  const apiKey = requireEnv('OPENAI_API_KEY');
  const otlpEndpoint = requireLoopbackUrl('OTEL_EXPORTER_OTLP_ENDPOINT', requireEnv('OTEL_EXPORTER_OTLP_ENDPOINT'));
  if (process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    requireLoopbackUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  }
  return {
    baseURL,
    apiKey,
    otlpEndpoint: otlpEndpoint.replace(/\/+$/, ''),
    model: (process.env.OPENAI_MODEL || '').trim() || 'gpt-4o-mini',
    messages: parseMessages(argv),
    maxRetries: intEnv('OPENAI_MAX_RETRIES', 0),
    timeoutMs: intEnv('OPENAI_TIMEOUT_MS', 30000),
    continueOnError: /^(1|true|yes)$/i.test(process.env.CONTINUE_ON_ERROR || ''),
  };
}

/**
 * Wraps a SpanExporter, counting exported spans and remembering failed exports so the
 * script can exit non-zero when the OTLP receiver rejected or never got the spans.
 */
class RecordingExporter {
  constructor(delegate) {
    this.delegate = delegate;
    this.exportedSpans = 0;
    this.failures = [];
  }

  export(spans, resultCallback) {
    this.delegate.export(spans, (result) => {
      if (result.code === 0) {
        this.exportedSpans += spans.length;
      } else {
        const reason = result.error ? (result.error.message || String(result.error)) : 'unknown error';
        this.failures.push(`export of ${spans.length} span(s) failed: ${reason}`);
      }
      resultCallback(result);
    });
  }

  forceFlush() {
    return this.delegate.forceFlush ? this.delegate.forceFlush() : Promise.resolve();
  }

  shutdown() {
    return this.delegate.shutdown();
  }
}

function log(message) {
  process.stderr.write(`[otel-clients] ${message}\n`);
}

/** Calls chat.completions.create once per message, sequentially. Returns {attempted, failures}. */
async function runChats(client, config) {
  const failures = [];
  let attempted = 0;
  for (let i = 0; i < config.messages.length; i++) {
    attempted++;
    try {
      const completion = await client.chat.completions.create({
        model: config.model,
        messages: [{ role: 'user', content: config.messages[i] }],
      });
      const choice = completion.choices && completion.choices[0];
      process.stdout.write(JSON.stringify({
        index: i,
        id: completion.id,
        model: completion.model,
        finish_reason: choice ? choice.finish_reason : null,
        content: choice && choice.message ? choice.message.content : null,
        usage: completion.usage || null,
      }) + '\n');
    } catch (e) {
      const status = e && e.status !== undefined ? ` (HTTP ${e.status})` : '';
      failures.push(`chat completion ${i} failed${status}: ${e && e.message ? e.message : e}`);
      log(failures[failures.length - 1]);
      if (!config.continueOnError) break;
    }
  }
  return { attempted, failures };
}

/** Decides the exit code after the tracer provider was flushed and shut down. */
function finish({ chats, exporter, shutdownError }) {
  const problems = [];
  let code = EXIT.OK;
  if (exporter.failures.length > 0 || shutdownError) {
    code = EXIT.EXPORT_FAILED;
    problems.push(...exporter.failures);
    if (shutdownError) problems.push(`flush/shutdown failed: ${shutdownError.message || shutdownError}`);
  } else if (exporter.exportedSpans < chats.attempted - chats.failures.length) {
    // One span per successful call at least. Failed calls are not counted: not every
    // instrumentation emits a span for a rejected call (see README.md).
    code = EXIT.NO_SPANS;
    problems.push(`expected at least ${chats.attempted - chats.failures.length} span(s) but only ${exporter.exportedSpans} were exported`);
  }
  if (chats.failures.length > 0 && code === EXIT.OK) code = EXIT.CHAT_FAILED; // already logged
  for (const p of problems) log(p);
  log(`chat calls: ${chats.attempted}, failed: ${chats.failures.length}; spans exported: ${exporter.exportedSpans}; exit ${code}`);
  return code;
}

function fail(e) {
  const code = e instanceof FixtureError ? e.exitCode : EXIT.SETUP;
  log(`error: ${e instanceof FixtureError ? e.message : (e && e.stack ? e.stack : e)}`);
  process.exitCode = code;
}

module.exports = { EXIT, FixtureError, readConfig, RecordingExporter, runChats, finish, fail, log };
