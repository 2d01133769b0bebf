package org.emlab.core.param;

import java.util.List;

/**
 * Thrown when parameters are invalid. It carries one {@link FieldError} per bad field; the
 * message is the first error's message, suitable for a one-line CLI diagnostic.
 */
public final class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid parameters" : errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public ValidationException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    /** Every field error, in parameter order. */
    public List<FieldError> errors() {
        return errors;
    }
}
