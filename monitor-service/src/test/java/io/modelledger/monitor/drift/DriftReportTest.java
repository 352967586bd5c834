package io.modelledger.monitor.drift;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The method chosen per feature the way Evidently chooses it, and dataset drift by the share of drifted features. */
class DriftReportTest {

    private static List<Object> normal(Random random, int n, double mean) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(mean + random.nextGaussian());
        }
        return values;
    }

    private static List<Object> categories(Random random, int n, String... values) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(values[random.nextInt(values.length)]);
        }
        return list;
    }

    @Test
    void smallReferencesAreTestedLargeOnesMeasured() {
        Random random = new Random(3);
        ReferenceProfile small = ReferenceProfile.of("m", 1, "dataset", Instant.EPOCH, 500,
                Map.of("x", normal(random, 500, 0), "c", categories(random, 500, "a", "b", "c")));
        ReferenceProfile large = ReferenceProfile.of("m", 1, "dataset", Instant.EPOCH, 5000,
                Map.of("x", normal(random, 5000, 0), "c", categories(random, 5000, "a", "b", "c")));
        Map<String, List<Object>> shifted = Map.of("x", normal(random, 800, 1.0), "c", categories(random, 800, "a", "b", "c"));
        DriftReport tested = DriftReport.of(small, shifted, DriftPolicy.DEFAULT);
        assertThat(tested.features().get("x").method()).isEqualTo("ks");
        assertThat(tested.features().get("c").method()).isEqualTo("chi_squared");
        assertThat(tested.driftedFeatures()).containsExactly("x");
        assertThat(tested.driftShare()).isEqualTo(0.5);
        assertThat(tested.datasetDrift()).isTrue();
        DriftReport measured = DriftReport.of(large, shifted, DriftPolicy.DEFAULT);
        assertThat(measured.features().get("x").method()).isEqualTo("wasserstein");
        assertThat(measured.features().get("x").score()).isGreaterThan(0.5);
        assertThat(measured.features().get("c").method()).isEqualTo("jensen_shannon");
        assertThat(measured.features().get("c").drifted()).isFalse();
        DriftReport psi = DriftReport.of(large, shifted, new DriftPolicy(0.05, 0.1, 0.9, Map.of("x", "psi")));
        assertThat(psi.features().get("x").method()).isEqualTo("psi");
        assertThat(psi.datasetDrift()).as("one of two features is below a 0.9 share").isFalse();
    }

    @Test
    void featuresWithTooFewCurrentValuesAreLeftOut() {
        Random random = new Random(5);
        ReferenceProfile reference = ReferenceProfile.of("m", 1, "dataset", Instant.EPOCH, 100, Map.of("x", normal(random, 100, 0)));
        assertThat(DriftReport.of(reference, Map.of("x", normal(random, 3, 5)), DriftPolicy.DEFAULT).features()).isEmpty();
    }
}
