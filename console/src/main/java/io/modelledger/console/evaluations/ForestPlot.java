package io.modelledger.console.evaluations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An A/B comparison's metrics drawn on the server as a forest plot: per metric, the candidate's difference to the
 * baseline as a dot and its bootstrap 95% confidence interval as a line, around a line at zero (no difference). Each
 * metric has its own scale (an accuracy and a latency differ by orders of magnitude), symmetric around zero, so which
 * side of zero an interval lies on reads the same in every row. Every label is text Thymeleaf escapes.
 */
public record ForestPlot(int width, int height, int zeroX, List<Row> rows) {

    static final int LABEL_WIDTH = 180;
    static final int PLOT_WIDTH = 420;
    static final int ROW_HEIGHT = 36;
    private static final int TOP = 24;

    /** One metric: where its interval and dot are drawn, the figures as text, and which arm it favours. */
    public record Row(String metric, int y, int low, int high, int dot, String difference, String interval, String better,
                      boolean crossesZero) {
    }

    @SuppressWarnings("unchecked")
    static ForestPlot of(Map<String, Object> metrics) {
        int zero = LABEL_WIDTH + PLOT_WIDTH / 2;
        List<Row> rows = new ArrayList<>();
        int y = TOP;
        for (Map.Entry<String, Object> entry : new TreeMap<>(metrics).entrySet()) {
            if (!(entry.getValue() instanceof Map<?, ?> raw)) {
                continue;
            }
            Map<String, Object> m = (Map<String, Object>) raw;
            double difference = number(m.get("difference"));
            double low = number(m.get("ciLow"));
            double high = number(m.get("ciHigh"));
            double extent = Math.max(Math.max(Math.abs(low), Math.abs(high)), Math.abs(difference));
            double scale = extent == 0 || !Double.isFinite(extent) ? 0 : (PLOT_WIDTH / 2.0 - 12) / extent;
            rows.add(new Row(entry.getKey(), y, x(zero, low, scale), x(zero, high, scale), x(zero, difference, scale), format(difference),
                             "[" + format(low) + ", " + format(high) + "]", String.valueOf(m.get("better")), low <= 0 && high >= 0));
            y += ROW_HEIGHT;
        }
        return new ForestPlot(LABEL_WIDTH + PLOT_WIDTH + 10, y + 8, zero, rows);
    }

    private static int x(int zero, double value, double scale) {
        return Double.isFinite(value) ? (int) Math.round(zero + value * scale) : zero;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static String format(double value) {
        if (!Double.isFinite(value)) {
            return "—";
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%+.1f" : "%+.4g", value);
    }
}
