package io.modelledger.platform.domain;

/** A value of the request that is well-formed but wrong (e.g. names something that does not exist): a 400 naming the field. */
public class FieldException extends RuntimeException {

    private final String field;

    public FieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
