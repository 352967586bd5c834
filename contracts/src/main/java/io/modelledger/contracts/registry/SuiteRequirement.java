package io.modelledger.contracts.registry;

/**
 * What a promotion policy accepts as evidence for one suite. A verdict counts only if it is of exactly the
 * pinned suite version ({@code suiteSha256}: "at least version N" would let a requester publish a weaker
 * version N+1), passed (a suite that gates on no metric gives no verdict), ran against the subject's own
 * endpoint (the model version's registered serving endpoint, or an admin-configured named target for
 * prompts) unless {@code allowPredictions} admits uploaded predictions, was not started by the promotion's
 * requester when {@code independent} (a system re-evaluation counts as independent), covered at least
 * {@code minCases} cases, and failed at most {@code maxErrorRate} of them.
 */
public record SuiteRequirement(String suite, String suiteSha256, boolean allowPredictions, boolean independent,
                               int minCases, double maxErrorRate) {

    public static final int DEFAULT_MIN_CASES = 1;
    public static final double DEFAULT_MAX_ERROR_RATE = 0.0;

    /** A suite named by a policy revision recorded before suites were pinned: no verdict can satisfy it. */
    public static SuiteRequirement unpinned(String suite) {
        return new SuiteRequirement(suite, null, false, true, DEFAULT_MIN_CASES, DEFAULT_MAX_ERROR_RATE);
    }
}
