package org.emlab.core.param;

/**
 * One invalid field: which parameter, and a message that names the value and the allowed range,
 * for example {@code "k must be an integer in [2, 16] (got 40)"}.
 */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return message;
    }
}
