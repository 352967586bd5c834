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
                    case 3 -> switch (random.nextInt(4)) {                // subnormals and the smallest values, both signs
                        case 0 -> Double.MIN_VALUE * random.nextInt(1000);
                        case 1 -> -Double.MIN_VALUE * random.nextInt(1000);
                        case 2 -> Math.nextDown(Double.MIN_NORMAL);
                        default -> -Math.nextDown(Double.MIN_NORMAL);
                    };
                    case 4 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                    case 5 -> random.nextInt(10) == 0 ? Double.longBitsToDouble(0xfff8000000000000L) : random.nextGaussian(); // a negative NaN
                    default -> random.nextGaussian() * (1 + round);
                };
            }
            double[] expected = values.clone();
            Arrays.sort(expected);
            double[] sorted = DriftStatistics.sortedCopy(values, n);
            for (int i = 0; i < n; i++) { // bit for bit, except that every NaN is the canonical one
                assertThat(Double.doubleToLongBits(sorted[i])).as("round " + round + " index " + i).isEqualTo(Double.doubleToLongBits(expected[i]));
            }
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
        assertThat(DriftStatistics.sortedCopy(new double[0], 0)).isEmpty();
        double[] empty = new double[0];
        DriftStatistics.radixSort(empty);
        assertThat(empty).isEmpty();
    }
}
