package io.modelledger.monitor.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drift of one window against a reference: per feature the method, its score (a p-value for tests, a
 * distance otherwise), the threshold and whether it drifted; the share of drifted features; and whether
 * that share makes the dataset drift; and the features whose statistics could not be computed.
 */
public record DriftReport(int modelVersion, Map<String, FeatureDrift> features, double driftShare, boolean datasetDrift,
                          List<String> failedFeatures) {

    /** One feature: {@code method} ks, chi_squared, wasserstein, jensen_shannon or psi. */
    public record FeatureDrift(String method, double score, double threshold, boolean drifted, long referenceRows,
                               long currentRows) {
    }

    public static final List<String> METHODS = List.of("ks", "chi_squared", "wasserstein", "jensen_shannon", "psi");

    /** Computes the drift of {@code current} columns (nulls ignored) against {@code reference}. */
    public static DriftReport of(ReferenceProfile reference, Map<String, List<Object>> current, DriftPolicy policy) {
        Map<String, FeatureDrift> features = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        reference.features().forEach((name, feature) -> {
            List<Object> values = current.getOrDefault(name, List.of()).stream().filter(v -> v != null).toList();
            if (values.size() < 5) {
                return;
            }
            if (feature.numeric() && values.stream().filter(v -> v instanceof Number).count() < 5) {
                return; // a numeric feature sent as text or booleans: too few numbers to compare
            }
            try {
                features.put(name, feature.numeric() ? numeric(feature, values, name, policy) : categorical(feature, values, name, policy));
            } catch (RuntimeException e) { // one feature's statistics failing leaves it out, not the window's other features
                failed.add(name);
            }
        });
        long drifted = features.values().stream().filter(FeatureDrift::drifted).count();
        double share = features.isEmpty() ? 0 : (double) drifted / features.size();
        return new DriftReport(reference.modelVersion(), features, share, !features.isEmpty() && share >= policy.driftShareThreshold(), failed);
    }

    private static String method(String name, boolean numeric, long referenceRows, DriftPolicy policy) {
        String chosen = policy.featureMethods().get(name);
        if (chosen != null) {
            return chosen;
        }
        if (numeric) {
            return referenceRows <= DriftPolicy.SMALL_REFERENCE ? "ks" : "wasserstein";
        }
        return referenceRows <= DriftPolicy.SMALL_REFERENCE ? "chi_squared" : "jensen_shannon";
    }

    private static FeatureDrift numeric(ReferenceProfile.Feature feature, List<Object> values, String name, DriftPolicy policy) {
        double[] current = new double[values.size()];
        int n = 0;
        for (Object v : values) {
            if (v instanceof Number number) {
                current[n++] = number.doubleValue();
            }
        }
        double[] reference = feature.values(); // stored sorted with the profile
        String method = method(name, true, feature.rows(), policy);
        if (method.equals("psi") || method.equals("jensen_shannon")) { // binned: the window's values need no sort
            double[] edges = DriftStatistics.decileEdges(reference);
            double[] r = DriftStatistics.proportions(reference, edges);
            double[] c = DriftStatistics.proportionsUnsorted(current, n, edges);
            double score = method.equals("psi") ? DriftStatistics.psi(r, c) : DriftStatistics.jensenShannon(r, c);
            return new FeatureDrift(method, score, policy.distanceThreshold(), score >= policy.distanceThreshold(), feature.rows(), n);
        }
        current = DriftStatistics.sortedCopy(current, n);
        return switch (method) {
            case "ks" -> {
                double p = DriftStatistics.ks(reference, current).pValue();
                yield new FeatureDrift(method, p, policy.pValueThreshold(), p < policy.pValueThreshold(), feature.rows(), n);
            }
            default -> {
                double std = feature.standardDeviation() == 0 ? 1 : feature.standardDeviation();
                double score = DriftStatistics.wasserstein(reference, current) / std;
                yield new FeatureDrift("wasserstein", score, policy.distanceThreshold(), score >= policy.distanceThreshold(),
                                       feature.rows(), n);
            }
        };
    }

    private static FeatureDrift categorical(ReferenceProfile.Feature feature, List<Object> values, String name, DriftPolicy policy) {
        Map<String, Long> current = new LinkedHashMap<>();
        values.forEach(v -> current.merge(String.valueOf(v), 1L, Long::sum));
        String method = method(name, false, feature.rows(), policy);
        if (method.equals("chi_squared") && feature.counts().size() > 1) {
            double p = DriftStatistics.chiSquared(feature.counts(), current).pValue();
            return new FeatureDrift(method, p, policy.pValueThreshold(), p < policy.pValueThreshold(), feature.rows(), values.size());
        }
        double[][] shares = DriftStatistics.categoricalShares(feature.counts(), current);
        double score = DriftStatistics.jensenShannon(shares[0], shares[1]);
        return new FeatureDrift("jensen_shannon", score, policy.distanceThreshold(), score >= policy.distanceThreshold(),
                                feature.rows(), values.size());
    }

    public List<String> driftedFeatures() {
        List<String> names = new ArrayList<>();
        features.forEach((name, drift) -> {
            if (drift.drifted()) {
                names.add(name);
            }
        });
        return names;
    }
}
