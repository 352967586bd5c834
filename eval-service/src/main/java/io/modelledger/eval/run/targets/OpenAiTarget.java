package io.modelledger.eval.run.targets;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An OpenAI-compatible {@code /chat/completions} endpoint under {@code baseUrl}, called with the named secret
 * as its bearer key. For a prompt subject the prompt version is rendered with each case's variables; for a
 * model subject the case input is the user message. The sampling parameters override the prompt version's.
 */
public record OpenAiTarget(@Size(max = 128) String name,
                           @NotBlank(message = "required: an http(s) URL") @Size(max = 2048) String baseUrl,
                           @NotBlank(message = "required: the name of a configured secret") @Size(max = 128) String secret,
                           @Size(max = 200) String model,
                           @DecimalMin("0") @DecimalMax("2") Double temperature,
                           @JsonProperty("max_tokens") @Min(1) @Max(1_000_000) Integer maxTokens,
                           @JsonProperty("top_p") @DecimalMin("0") @DecimalMax("1") Double topP,
                           Long seed,
                           @Min(1) Integer concurrency,
                           @Min(100) @Max(600_000) Integer timeoutMs,
                           @Min(1) @Max(10) Integer maxAttempts) implements TargetSpec {
}
