package io.modelledger.monitor.drift;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DriftSortTest {

    @Test
    void theRadixSortOrdersExactlyAsArraysSortDoes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 20; round++) {
            int n = DriftStatistics.RADIX_SORT_FROM + random.nextInt(50_000);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = switch (random.nextInt(8)) {
                    case 0 -> random.nextInt(5) - 2;                      // ties, and 0.0
                    case 1 -> -0.0;
                    case 2 -> (random.nextDouble() - 0.5) * 1e300;        // huge, both signs
                    case 3 -> (random.nextDouble() - 0.5) * 1e-300;       // tiny and subnormal-ish
                    case 4 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                    default -> random.nextGaussian() * (1 + round);
                };
            }
            double[] expected = values.clone();
            Arrays.sort(expected);
            assertThat(DriftStatistics.sortedCopy(values, n)).as("round " + round).isEqualTo(expected);
        }
    }

    @Test
    void aNarrowRangeSkipsPassesAndStillSorts() {
        double[] values = new double[100_000];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < values.length; i++) {
            values[i] = 1.0 + random.nextInt(1000) / 1000.0; // one exponent: the high digits never differ
        }
        double[] expected = values.clone();
        Arrays.sort(expected);
        assertThat(DriftStatistics.sortedCopy(values, values.length)).isEqualTo(expected);
    }

    @Test
    void onlyThePrefixIsSortedAndTheInputIsUntouched() {
        double[] values = {3, 1, 2, 9, 8};
        assertThat(DriftStatistics.sortedCopy(values, 3)).containsExactly(1, 2, 3);
        assertThat(values).containsExactly(3, 1, 2, 9, 8);
    }
}
