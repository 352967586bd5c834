package io.modelledger.monitor.guard.api;

/**
 * One text an application is about to send to its model ({@code stage} {@code input}) or has received from it
 * ({@code output}), for the guard policy of {@code subjectKind}/{@code subject} in {@code environment}. {@code context} is
 * what the application retrieved for the call (checked for indirect injection at the input stage).
 */
public record CheckText(String subjectKind, String subject, Integer version, String environment, String stage, String text,
                        String context) {

    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    /** The longest text and context the guard reads (characters). */
    public static final int MAX_TEXT = 100_000;
}
