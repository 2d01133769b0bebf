package org.emlab.core.param;

/** The type of a lab parameter, which fixes how its text is parsed and how the UI edits it. */
public enum ParamType {
    /** A whole number (Java {@code int}). */
    INT,
    /** A 64-bit whole number (seeds). */
    LONG,
    /** A real number; {@code auto} is accepted where the spec allows it and stored as NaN. */
    REAL,
    /** {@code true} or {@code false}. */
    BOOL,
    /** One of a fixed list of words. */
    CHOICE,
    /** A comma-separated list of real numbers. */
    VECTOR,
    /** Free text (for example a column list); validated by the lab. */
    TEXT
}
