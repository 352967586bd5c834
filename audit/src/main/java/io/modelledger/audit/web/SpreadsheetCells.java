package io.modelledger.audit.web;

/**
 * CSV cells that a spreadsheet would run as a formula are neutralised as OWASP recommends: a text cell that
 * begins with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading
 * apostrophe, so it is shown as text. Quoting alone does not stop a spreadsheet from evaluating it.
 * Numbers are written as they are.
 */
final class SpreadsheetCells {

    private SpreadsheetCells() {
    }

    static Object neutralise(Object cell) {
        if (!(cell instanceof String text) || text.isEmpty()) {
            return cell;
        }
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + text;
            default -> text;
        };
    }
}
