package io.modelledger.monitor.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every drift statistic against the values scipy computed from the same inputs
 * ({@code src/test/resources/reference/drift_reference.py} produced {@code drift_reference.json}).
 */
class DriftStatisticsReferenceTest {

    private static final double EXACT = 1e-9;
    private static JsonNode reference;

    @BeforeAll
    static void load() throws IOException {
        try (var in = DriftStatisticsReferenceTest.class.getResourceAsStream("/reference/drift_reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    @Test
    void numericStatisticsMatchScipy() {
        for (JsonNode c : reference.get("numeric")) {
            String name = c.get("name").asText();
            double[] ref = DriftStatistics.sorted(doubles(c.get("reference")));
            double[] cur = DriftStatistics.sorted(doubles(c.get("current")));
            DriftStatistics.Ks ks = DriftStatistics.ks(ref, cur);
            assertThat(ks.statistic()).as(name + " KS statistic").isCloseTo(c.get("ks_statistic").asDouble(), within(EXACT));
            if (c.get("ks_exact").asBoolean()) {
                assertThat(ks.method()).isEqualTo("exact");
                assertThat(ks.pValue()).as(name + " KS p-value").isCloseTo(c.get("ks_pvalue").asDouble(), within(EXACT));
            } else {
                // scipy's asymptotic p-value is kstwo(round(mn/(m+n))); ours the Kolmogorov limit with Stephens' correction:
                // relatively close (an absolute tolerance would pass any small p-value), and on the same side of 0.05
                assertThat(ks.method()).isEqualTo("asymptotic");
                double expected = c.get("ks_pvalue").asDouble();
                assertThat(ks.pValue()).as(name + " KS p-value").isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(5));
                assertThat(ks.pValue() < 0.05).as(name + " KS decision at 0.05").isEqualTo(expected < 0.05);
            }
            assertThat(DriftStatistics.wasserstein(ref, cur)).as(name + " Wasserstein")
                    .isCloseTo(c.get("wasserstein").asDouble(), within(EXACT));
            assertThat(DriftStatistics.wasserstein(ref, cur) / DriftStatistics.standardDeviation(ref)).as(name + " normalized Wasserstein")
                    .isCloseTo(c.get("wasserstein_norm").asDouble(), within(EXACT));
            double[] edges = DriftStatistics.decileEdges(ref);
            double[] expectedEdges = doubles(c.get("edges"));
            for (int k = 0; k < edges.length; k++) {
                assertThat(edges[k]).as(name + " edge " + k).isCloseTo(expectedEdges[k], within(EXACT));
            }
            double[] r = DriftStatistics.proportions(ref, edges);
            double[] q = DriftStatistics.proportions(cur, edges);
            assertThat(r).as(name + " reference shares").containsExactly(doubles(c.get("reference_shares")), within(EXACT));
            assertThat(q).as(name + " current shares").containsExactly(doubles(c.get("current_shares")), within(EXACT));
            double[] unsorted = doubles(c.get("current")); // as a window holds them, in arrival order
            assertThat(DriftStatistics.proportionsUnsorted(unsorted, unsorted.length, edges)).as(name + " current shares, unsorted")
                    .containsExactly(doubles(c.get("current_shares")), within(EXACT));
            assertThat(DriftStatistics.psi(r, q)).as(name + " PSI").isCloseTo(c.get("psi").asDouble(), within(EXACT));
            assertThat(DriftStatistics.jensenShannon(r, q)).as(name + " Jensen-Shannon")
                    .isCloseTo(c.get("jensen_shannon").asDouble(), within(EXACT));
        }
    }

    @Test
    void categoricalStatisticsMatchScipy() {
        for (JsonNode c : reference.get("categorical")) {
            String name = c.get("name").asText();
            Map<String, Long> ref = counts(c.get("reference"));
            Map<String, Long> cur = counts(c.get("current"));
            DriftStatistics.ChiSquared chi = DriftStatistics.chiSquared(ref, cur);
            assertThat(chi.statistic()).as(name + " chi-squared").isCloseTo(c.get("chi2_statistic").asDouble(), within(EXACT));
            assertThat(chi.pValue()).as(name + " chi-squared p").isCloseTo(c.get("chi2_pvalue").asDouble(), within(EXACT));
            double[][] shares = DriftStatistics.categoricalShares(ref, cur);
            assertThat(DriftStatistics.jensenShannon(shares[0], shares[1])).as(name + " Jensen-Shannon")
                    .isCloseTo(c.get("jensen_shannon").asDouble(), within(EXACT));
        }
    }

    @Test
    void identicalSamplesShowNoDrift() {
        double[] a = DriftStatistics.sorted(new double[]{3, 1, 2, 5, 4});
        assertThat(DriftStatistics.ks(a, a).statistic()).isZero();
        assertThat(DriftStatistics.ks(a, a).pValue()).isEqualTo(1.0);
        assertThat(DriftStatistics.wasserstein(a, a)).isZero();
    }
}
