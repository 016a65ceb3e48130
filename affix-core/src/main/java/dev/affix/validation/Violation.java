package dev.affix.validation;

/**
 * One broken rule of a declaration's {@code validate:}.
 *
 * @param rule    the rule's name, as configured ({@code max_byte_size}, {@code content_types}, …)
 * @param message what was found against what the rule allows, with the values
 */
public record Violation(String rule, String message) {

    @Override
    public String toString() {
        return rule + ": " + message;
    }
}
