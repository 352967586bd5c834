package io.modelledger.checks.statistics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Group fairness of a binary classifier over one sensitive attribute, as Fairlearn defines the metrics (shared: suites
 * in eval-service, labelled production windows in monitor-service):
 * per group the selection rate (share predicted positive), true- and false-positive rates and accuracy;
 * demographic parity difference = max − min selection rate; equalized odds difference = the larger of the
 * TPR and FPR gaps between groups; disparate impact ratio = min / max selection rate (the "80% rule").
 */
public final class Fairness {

    public record Group(String group, int count, double selectionRate, double truePositiveRate,
                        double falsePositiveRate, double accuracy) {
    }

    public record Report(Map<String, Group> groups, double demographicParityDifference,
                         double equalizedOddsDifference, double disparateImpactRatio) {
    }

    private Fairness() {
    }

    public static Report of(List<String> attribute, boolean[] truth, boolean[] predicted) {
        Map<String, long[]> counts = new TreeMap<>(); // tp, fp, tn, fn
        for (int i = 0; i < truth.length; i++) {
            long[] c = counts.computeIfAbsent(attribute.get(i), g -> new long[4]);
            if (predicted[i]) {
                c[truth[i] ? 0 : 1]++;
            } else {
                c[truth[i] ? 3 : 2]++;
            }
        }
        Map<String, Group> groups = new LinkedHashMap<>();
        double minSel = Double.MAX_VALUE;
        double maxSel = -Double.MAX_VALUE;
        double minTpr = Double.MAX_VALUE;
        double maxTpr = -Double.MAX_VALUE;
        double minFpr = Double.MAX_VALUE;
        double maxFpr = -Double.MAX_VALUE;
        for (var entry : counts.entrySet()) {
            long[] c = entry.getValue();
            long n = c[0] + c[1] + c[2] + c[3];
            double selection = (double) (c[0] + c[1]) / n;
            double tpr = c[0] + c[3] == 0 ? 0 : (double) c[0] / (c[0] + c[3]);
            double fpr = c[1] + c[2] == 0 ? 0 : (double) c[1] / (c[1] + c[2]);
            groups.put(entry.getKey(), new Group(entry.getKey(), (int) n, selection, tpr, fpr, (double) (c[0] + c[2]) / n));
            minSel = Math.min(minSel, selection);
            maxSel = Math.max(maxSel, selection);
            minTpr = Math.min(minTpr, tpr);
            maxTpr = Math.max(maxTpr, tpr);
            minFpr = Math.min(minFpr, fpr);
            maxFpr = Math.max(maxFpr, fpr);
        }
        if (groups.isEmpty()) {
            return new Report(groups, 0, 0, 1);
        }
        double ratio = maxSel == 0 ? 1 : minSel / maxSel;
        return new Report(groups, maxSel - minSel, Math.max(maxTpr - minTpr, maxFpr - minFpr), ratio);
    }
}
