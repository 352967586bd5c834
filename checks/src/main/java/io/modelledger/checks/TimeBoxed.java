package io.modelledger.checks;

/**
 * A text that a JDK regex may read only until a deadline: every few thousand characters read, the clock is looked at,
 * and past the deadline reading throws {@link Exceeded}. The guard's own patterns are written to run in linear time;
 * this is the net under them (a pattern with lookarounds cannot run on RE2/J), so that no text holds a request thread
 * for longer than its budget.
 */
final class TimeBoxed implements CharSequence {

    /** The text took longer to scan than its budget. */
    static final class Exceeded extends RuntimeException {
        Exceeded() {
            super("the text took longer to scan than its time budget", null, false, false);
        }
    }

    private final String text;
    private final long deadline;
    private int reads;

    TimeBoxed(String text, long deadlineNanos) {
        this.text = text;
        this.deadline = deadlineNanos;
    }

    @Override
    public char charAt(int index) {
        if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) {
            throw new Exceeded();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
