package io.modelledger.contracts.registry;

/**
 * What a promotion concerns: {@code model} or {@code prompt}. Promotion events recorded before prompts could
 * be promoted have no kind and a {@code modelName}; they read as models.
 */
public final class Subjects {

    public static final String MODEL = "model";
    public static final String PROMPT = "prompt";

    private Subjects() {
    }
}
