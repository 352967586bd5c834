package io.modelledger.checks.statistics;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every two-sample test against the values scipy and statsmodels computed from the same inputs
 * ({@code src/test/resources/reference/two_sample_reference.py} produced {@code two_sample_reference.json}): to 1e-9 where the
 * reference is exact (Mann–Whitney's exact distribution, Fisher's exact test, Holm), and to 1e-9 relative where both
 * evaluate the same closed form through a normal or Student t tail.
 */
class TwoSampleTestsReferenceTest {

    private static final double EXACT = 1e-9;
    private static JsonNode reference;

    @BeforeAll
    static void load() {
        reference = References.load("two_sample_reference.json");
    }

    private static double[] doubles(JsonNode array) {
        return References.doubles(array);
    }

    /** Within 1e-9 of the reference, relative to it where it is larger than 1. */
    private static void near(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(EXACT * Math.max(1, Math.abs(expected))));
    }

    /** Within 1e-9 relative: tail probabilities far below 1e-9 are still compared digit for digit. */
    private static void relative(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(EXACT * Math.max(Math.abs(expected), 1e-300)));
    }

    @Test
    void mannWhitneyUExactWithoutTiesAndAsymptoticWithTieAndContinuityCorrection() {
        for (JsonNode fixture : reference.get("mann_whitney")) {
            String name = fixture.get("name").asString();
            TwoSampleTests.Test test = TwoSampleTests.mannWhitney(doubles(fixture.get("a")), doubles(fixture.get("b")));
            assertThat(test.method()).as(name).isEqualTo(fixture.get("method").asString());
            near(test.statistic(), fixture.get("statistic").asDouble(), name + ": U");
            relative(test.pValue(), fixture.get("p").asDouble(), name + ": p");
        }
    }

    /** The same samples as frequency tables (value, count), as the canary analysis keeps them, give the same U and p. */
    @Test
    void mannWhitneyUFromFrequencyTablesMatchesTheExpandedSamples() {
        for (JsonNode fixture : reference.get("mann_whitney")) {
            String name = fixture.get("name").asString() + " (as tables)";
            java.util.Map<Double, Long> a = table(doubles(fixture.get("a")));
            java.util.Map<Double, Long> b = table(doubles(fixture.get("b")));
            TwoSampleTests.Test test = TwoSampleTests.mannWhitney(
                    a.keySet().stream().mapToDouble(Double::doubleValue).toArray(), a.values().stream().mapToLong(Long::longValue).toArray(),
                    b.keySet().stream().mapToDouble(Double::doubleValue).toArray(), b.values().stream().mapToLong(Long::longValue).toArray());
            assertThat(test.method()).as(name).isEqualTo(fixture.get("method").asString());
            near(test.statistic(), fixture.get("statistic").asDouble(), name + ": U");
            relative(test.pValue(), fixture.get("p").asDouble(), name + ": p");
        }
    }

    private static java.util.Map<Double, Long> table(double[] values) {
        java.util.Map<Double, Long> counts = new java.util.LinkedHashMap<>(); // in the sample's order, not sorted: the test sorts
        for (double v : values) {
            counts.merge(v, 1L, Long::sum);
        }
        return counts;
    }

    @Test
    void fishersExactTest() {
        for (JsonNode fixture : reference.get("fisher")) {
            JsonNode t = fixture.get("table");
            TwoSampleTests.Test test = TwoSampleTests.fisherExact(t.get(0).asInt(), t.get(1).asInt(), t.get(2).asInt(), t.get(3).asInt());
            String name = "fisher " + t;
            if (!fixture.get("statistic").isNull()) {
                near(test.statistic(), fixture.get("statistic").asDouble(), name + ": odds ratio");
            } else {
                assertThat(test.statistic()).as(name).isInfinite();
            }
            near(test.pValue(), fixture.get("p").asDouble(), name + ": p");
        }
    }

    @Test
    void pooledTwoProportionZ() {
        for (JsonNode fixture : reference.get("two_proportions")) {
            JsonNode c = fixture.get("counts");
            TwoSampleTests.Test test = TwoSampleTests.twoProportions(c.get(0).asLong(), c.get(1).asLong(), c.get(2).asLong(), c.get(3).asLong());
            near(test.statistic(), fixture.get("statistic").asDouble(), "z " + c);
            relative(test.pValue(), fixture.get("p").asDouble(), "p " + c);
        }
    }

    @Test
    void welchsTTest() {
        for (JsonNode fixture : reference.get("welch")) {
            String name = fixture.get("name").asString();
            TwoSampleTests.Test test = TwoSampleTests.welch(doubles(fixture.get("a")), doubles(fixture.get("b")));
            near(test.statistic(), fixture.get("statistic").asDouble(), name + ": t");
            relative(test.pValue(), fixture.get("p").asDouble(), name + ": p");
            double[] a = doubles(fixture.get("a"));
            double[] b = doubles(fixture.get("b"));
            TwoSampleTests.Test fromSums = TwoSampleTests.welch(a.length, mean(a), sampleVariance(a), b.length, mean(b), sampleVariance(b));
            relative(fromSums.pValue(), fixture.get("p").asDouble(), name + ": p from sizes, means and variances");
        }
    }

    private static double mean(double[] values) {
        return java.util.Arrays.stream(values).average().orElseThrow();
    }

    private static double sampleVariance(double[] values) {
        double m = mean(values);
        return java.util.Arrays.stream(values).map(v -> (v - m) * (v - m)).sum() / (values.length - 1);
    }

    @Test
    void holmsStepDownAdjustment() {
        for (JsonNode fixture : reference.get("holm")) {
            double[] adjusted = TwoSampleTests.holm(doubles(fixture.get("p")));
            double[] expected = doubles(fixture.get("adjusted"));
            for (int i = 0; i < expected.length; i++) {
                near(adjusted[i], expected[i], "holm " + fixture.get("p") + " [" + i + "]");
            }
        }
    }
}
