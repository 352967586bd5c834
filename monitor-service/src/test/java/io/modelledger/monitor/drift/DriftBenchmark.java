package io.modelledger.monitor.drift;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * KS (statistic and p-value) and PSI over 1,000,000 reference vs 1,000,000 current values, each from
 * unsorted input (sorting is part of the work), next to scipy's {@code ks_2samp} on the same data in the
 * same run: the setup writes the samples to a file and times scipy (best of 5) with Debian's python3.
 *
 * <pre>./mvnw -q -DskipTests install && ./mvnw -q -pl monitor-service -Pbench exec:exec@bench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DriftBenchmark {

    static final int N = 1_000_000;

    private double[] reference;
    private double[] current;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(42);
        reference = new double[N];
        current = new double[N];
        for (int i = 0; i < N; i++) {
            reference[i] = gaussian(random);
            current[i] = 0.05 + 1.1 * gaussian(random);
        }
        Path data = Files.createTempFile("drift", ".bin");
        ByteBuffer buffer = ByteBuffer.allocate(16 * N).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : reference) {
            buffer.putDouble(v);
        }
        for (double v : current) {
            buffer.putDouble(v);
        }
        Files.write(data, buffer.array());
        String script = "import numpy as np, time\nfrom scipy import stats\n"
                + "x = np.fromfile('" + data + "', dtype='<f8'); a, b = x[:" + N + "], x[" + N + ":]\n"
                + "best = min((lambda t: (stats.ks_2samp(a, b), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5))\n"
                + "r = stats.ks_2samp(a, b)\n"
                + "print('scipy ks_2samp 1M vs 1M: %.1f ms/op (best of 5), D=%.6f p=%.3g' % (best * 1000, r.statistic, r.pvalue))\n";
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes());
        python.waitFor();
        System.out.println();
        System.out.println(out.isBlank() ? "scipy: not available (apt install python3-scipy)" : out.strip());
        DriftStatistics.Ks ks = DriftStatistics.ks(DriftStatistics.sorted(reference), DriftStatistics.sorted(current));
        System.out.printf("ModelLedger KS on the same data: D=%.6f p=%.3g (%s)%n", ks.statistic(), ks.pValue(), ks.method());
        Files.delete(data);
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    @Benchmark
    public DriftStatistics.Ks ks() {
        return DriftStatistics.ks(DriftStatistics.sorted(reference), DriftStatistics.sorted(current));
    }

    @Benchmark
    public double psi() {
        double[] sortedReference = DriftStatistics.sorted(reference);
        double[] edges = DriftStatistics.decileEdges(sortedReference);
        return DriftStatistics.psi(DriftStatistics.proportions(sortedReference, edges),
                                   DriftStatistics.proportions(DriftStatistics.sorted(current), edges));
    }
}
