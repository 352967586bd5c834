'use strict';
// OpenInference dialect: @arizeai/openinference-instrumentation-openai on the official
// `openai` client, exported with OTLP/HTTP protobuf. See README.md for the environment.

require('./lib/loopback-guard.cjs');
const { readConfig, RecordingExporter, runChats, finish, fail, log } = require('./lib/common.cjs');

async function main() {
  const config = readConfig();

  const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
  const {
    defaultResource, resourceFromAttributes, detectResources, envDetector, hostDetector, processDetector,
  } = require('@opentelemetry/resources');
  const { OpenAIInstrumentation, isPatched } = require('@arizeai/openinference-instrumentation-openai');

  // Same resource detection as the OpenTelemetry NodeSDK (used by the Traceloop SDK):
  // OTEL_RESOURCE_ATTRIBUTES / OTEL_SERVICE_NAME via the env detector win over the default name.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': 'otel-clients-openinference' }))
    .merge(detectResources({ detectors: [envDetector, processDetector, hostDetector] }));

  // URL (OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces), headers (OTEL_EXPORTER_OTLP_HEADERS),
  // compression and timeout all come from the standard environment variables.
  const exporter = new RecordingExporter(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register();

  // Constructing the instrumentation enables its require hook; `openai` must be required after it.
  const instrumentation = new OpenAIInstrumentation({ tracerProvider: provider });
  const openaiModule = require('openai');
  if (!isPatched()) {
    log('require hook did not patch openai; instrumenting manually');
    instrumentation.manuallyInstrument(openaiModule);
  }
  if (!isPatched()) throw new Error('OpenInference instrumentation failed to patch the openai module');

  const client = new openaiModule.OpenAI({
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    maxRetries: config.maxRetries,
    timeout: config.timeoutMs,
  });

  const chats = await runChats(client, config);

  let shutdownError = null;
  try {
    await provider.forceFlush();
  } catch (e) {
    shutdownError = e;
  }
  try {
    await provider.shutdown();
  } catch (e) {
    shutdownError = shutdownError || e;
  }
  return finish({ chats, exporter, shutdownError });
}

main().then((code) => process.exit(code), (e) => {
  fail(e);
  process.exit(process.exitCode || 1);
});
