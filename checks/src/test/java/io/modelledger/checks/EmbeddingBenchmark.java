package io.modelledger.checks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * all-MiniLM-L6-v2 (quantized, ONNX Runtime) on the CPU: texts/s of one thread running {@link MiniLmModel} on batches of
 * {@code batch} texts of about 20 word pieces (an evaluation run's answers), and of two threads, one per core, as
 * {@link MiniLmEmbeddings} runs it. A score is batches/s; texts/s = score × batch × threads.
 *
 * <pre>./mvnw -q -DskipTests install && ./mvnw -q -pl checks -Pbench exec:exec@bench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class EmbeddingBenchmark {

    @Param({"1", "8", "32", "64", "128"})
    public int batch;

    private MiniLmModel model;
    private List<String> texts;

    @Setup
    public void load() {
        model = new MiniLmModel();
        texts = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            texts.add("According to our policy, run " + (i % 7) + ": request number " + (i * 31 % 2000) + " about order "
                    + (i * 7919 % 10007) + " is handled.");
        }
    }

    @Benchmark
    @Threads(1)
    public float[][] oneThread() {
        return model.embed(texts);
    }

    @Benchmark
    @Threads(2)
    public float[][] twoThreads() {
        return model.embed(texts);
    }
}
