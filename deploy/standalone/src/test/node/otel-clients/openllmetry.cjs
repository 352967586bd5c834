'use strict';
// OpenLLMetry dialect: @traceloop/node-server-sdk (with @traceloop/instrumentation-openai)
// on the official `openai` client, exported with OTLP/HTTP protobuf. See README.md.

require('./lib/loopback-guard.cjs');

// Before the SDK is loaded: no Traceloop cloud, no telemetry, no prompt-registry sync, and
// only the trace signal (the OpenTelemetry NodeSDK started by Traceloop would otherwise
// also build an OTLP log exporter from OTEL_LOGS_EXPORTER's default).
process.env.TRACELOOP_TELEMETRY = 'false';
process.env.TRACELOOP_SYNC_ENABLED = 'false';
delete process.env.TRACELOOP_API_KEY; // an API key would create a Traceloop API client / image uploader
delete process.env.TRACELOOP_BASE_URL;
delete process.env.TRACELOOP_HEADERS;
// LangChain/LangSmith code is loaded by the SDK (its langchain instrumentation); keep its
// tracing to LangSmith off even if the caller's environment enables it.
process.env.LANGSMITH_TRACING = 'false';
process.env.LANGCHAIN_TRACING_V2 = 'false';
process.env.LANGCHAIN_TRACING = 'false';
process.env.OTEL_LOGS_EXPORTER = 'none';
process.env.OTEL_METRICS_EXPORTER = 'none';

const { readConfig, RecordingExporter, runChats, finish, fail } = require('./lib/common.cjs');

async function main() {
  const config = readConfig();

  const traceloop = require('@traceloop/node-server-sdk');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
  const { trace } = require('@opentelemetry/api');
  const OpenAI = require('openai');

  // The exporter Traceloop would build itself (OTLPTraceExporter, protobuf), but configured
  // from the standard variables: OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces and
  // OTEL_EXPORTER_OTLP_HEADERS, and wrapped so a failed export is detected.
  const exporter = new RecordingExporter(new OTLPTraceExporter());

  traceloop.initialize({
    appName: 'otel-clients-openllmetry',
    baseUrl: config.otlpEndpoint, // not a traceloop host, so the prompt registry is never fetched
    apiKey: undefined,
    exporter,
    disableBatch: true,
    instrumentModules: { openAI: OpenAI.OpenAI },
    traceloopSyncEnabled: false,
    traceContent: true,
    silenceInitializationMessage: true,
  });

  const client = new OpenAI.OpenAI({
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    maxRetries: config.maxRetries,
    timeout: config.timeoutMs,
  });

  // Optional: run all calls inside a Traceloop workflow, which adds a workflow span and
  // traceloop.workflow.name on every LLM span (the SDK's traceloop.* attributes).
  const workflowName = (process.env.TRACELOOP_WORKFLOW_NAME || '').trim();
  const chats = workflowName
    ? await traceloop.withWorkflow({ name: workflowName }, () => runChats(client, config))
    : await runChats(client, config);

  let shutdownError = null;
  try {
    await traceloop.forceFlush();
  } catch (e) {
    shutdownError = e;
  }
  try {
    // Traceloop has no shutdown(); the NodeSDK it started registered the global provider.
    const provider = trace.getTracerProvider();
    const delegate = typeof provider.getDelegate === 'function' ? provider.getDelegate() : provider;
    if (typeof delegate.shutdown === 'function') await delegate.shutdown();
  } catch (e) {
    shutdownError = shutdownError || e;
  }
  return finish({ chats, exporter, shutdownError });
}

main().then((code) => process.exit(code), (e) => {
  fail(e);
  process.exit(process.exitCode || 1);
});
