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
 * KS (statistic and p-value) and PSI of a window of 1,000,000 values in arrival order against a reference of
 * 1,000,000 values kept sorted, as a stored profile's sample is (real profiles keep at most 50,000), with the window's single-threaded
 * sort as the baseline, next to scipy's {@code ks_2samp} and numpy's binning with cached edges on the same
 * data in the same run: the setup writes the samples to a file and times them (best of 5) with Debian's
 * python3.
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
    private double[] storedReference;
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
                + "print('scipy ks_2samp 1M vs 1M: %.1f ms/op (best of 5), D=%.6f p=%.3g' % (best * 1000, r.statistic, r.pvalue))\n"
                + "edges = np.quantile(np.sort(a), np.arange(1, 10) / 10)\n"
                + "ra = np.bincount(np.searchsorted(edges, a, side='right'), minlength=10) / len(a)\n"
                + "def psi():\n"
                + "    c = np.bincount(np.searchsorted(edges, b, side='right'), minlength=10) / len(b)\n"
                + "    r2, c2 = np.maximum(ra, 1e-4), np.maximum(c, 1e-4)\n"
                + "    return float(np.sum((c2 - r2) * np.log(c2 / r2)))\n"
                + "bestpsi = min((lambda t: (psi(), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5))\n"
                + "print('numpy PSI, edges cached, 1M: %.1f ms/op (best of 5), PSI=%.6f' % (bestpsi * 1000, psi()))\n";
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes());
        python.waitFor();
        System.out.println();
        System.out.println(out.isBlank() ? "scipy: not available (apt install python3-scipy)" : out.strip());
        DriftStatistics.Ks ks = DriftStatistics.ks(DriftStatistics.sorted(reference), DriftStatistics.sortedCopy(current, current.length));
        System.out.printf("ModelLedger KS on the same data: D=%.6f p=%.3g (%s)%n", ks.statistic(), ks.pValue(), ks.method());
        storedReference = DriftStatistics.sorted(reference);
        System.out.printf("ModelLedger PSI on the same data: %.6f%n", psi());
        Files.delete(data);
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * KS as the monitor runs it: the reference profile is stored sorted, the window's values arrive in any
     * order and are radix-sorted before the merge. (scipy's ks_2samp, timed in the setup, sorts both samples.)
     */
    @Benchmark
    public DriftStatistics.Ks ks() {
        return DriftStatistics.ks(storedReference, DriftStatistics.sortedCopy(current, current.length));
    }

    /** PSI as the monitor runs it: decile edges from the stored (sorted) profile, the window's values binned unsorted. */
    @Benchmark
    public double psi() {
        double[] edges = DriftStatistics.decileEdges(storedReference);
        return DriftStatistics.psi(DriftStatistics.proportions(storedReference, edges),
                                   DriftStatistics.proportionsUnsorted(current, current.length, edges));
    }

    /** The baseline for both: one single-threaded sort of the window's million values, what each paid before. */
    @Benchmark
    public double[] sortBaseline() {
        return DriftStatistics.sorted(current);
    }
}
