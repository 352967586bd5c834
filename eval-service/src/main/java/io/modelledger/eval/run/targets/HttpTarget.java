package io.modelledger.eval.run.targets;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A generic JSON endpoint: {@code requestTemplate} is the body, with {@code {{input}}}, {@code {{id}}} and
 * {@code {{var.<name>}}} placeholders (JSON-escaped); the output and token counts are read at JSON pointers.
 * {@code model} names the price-table entry its tokens are costed with.
 */
public record HttpTarget(@Size(max = 128) String name,
                         @NotBlank(message = "required: an http(s) URL") @Size(max = 2048) String url,
                         @Size(max = 128) String secret,
                         @NotBlank(message = "required: the JSON body with {{input}}/{{var.x}} placeholders")
                         @Size(max = 100_000) String requestTemplate,
                         @NotBlank(message = "required: a JSON pointer to the output, e.g. /choices/0/text")
                         @Size(max = 1024) String outputPointer,
                         @Size(max = 1024) String promptTokensPointer,
                         @Size(max = 1024) String completionTokensPointer,
                         @Size(max = 200) String model,
                         @Min(1) Integer concurrency,
                         @Min(100) @Max(600_000) Integer timeoutMs,
                         @Min(1) @Max(10) Integer maxAttempts) implements TargetSpec {
}
