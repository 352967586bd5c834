package io.modelledger.monitor.telemetry.query;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The price table ({@code modelledger.monitor.prices}): per model name, US dollars per million input and per
 * million output tokens. A name matches exactly, or as the longest configured name followed by {@code -}
 * (so {@code gpt-4o-mini} prices {@code gpt-4o-mini-2024-07-18}, and {@code gpt-4o} does not take it).
 * A model missing from the table has no price: its records are counted as {@code unpriced}, never as free.
 */
@ConfigurationProperties("modelledger.monitor")
public record Prices(Map<String, Price> prices) {

    /** Dollars per million tokens. */
    public record Price(double input, double output) {
    }

    public Prices {
        TreeMap<String, Price> table = new TreeMap<>();
        if (prices != null) {
            prices.forEach((name, price) -> table.put(name.toLowerCase(Locale.ROOT), price));
        }
        prices = table;
    }

    /** The cost of a call, or empty when the model has no price. */
    public Optional<Double> cost(String model, int inputTokens, int outputTokens) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        return price(model.toLowerCase(Locale.ROOT)).map(p -> (inputTokens * p.input() + outputTokens * p.output()) / 1_000_000.0);
    }

    private Optional<Price> price(String model) {
        Price exact = prices.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        return prices.entrySet().stream().filter(e -> model.startsWith(e.getKey() + "-"))
                     .max(Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue);
    }
}
