package io.modelledger.contracts;

/** The one spelling of names and labels across the API of every service (models, datasets, prompts, suites; aliases, environments). */
public final class Names {

    /** Names of models, datasets, prompts and evaluation suites. */
    public static final String NAME = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";
    public static final String NAME_MESSAGE = "must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit";
    /** Aliases and environments: also field names in read models, so no dots or dollars. */
    /** A tag key: used to filter, so it has a grammar (no '.', '$', spaces or control characters). */
    public static final String TAG_KEY = "^[A-Za-z0-9][A-Za-z0-9_:/-]{0,127}$";
    public static final String TAG_KEY_MESSAGE = "tag keys are 1-128 letters, digits, '_', '-', ':' or '/', starting with a letter or digit";
    public static final String LABEL = "^[a-z][a-z0-9_-]{0,63}$";
    public static final String LABEL_MESSAGE = "must be 1-64 lowercase letters, digits, '_' or '-', starting with a letter";

    private Names() {
    }
}
