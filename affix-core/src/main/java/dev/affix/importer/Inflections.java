package dev.affix.importer;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folder names Paperclip derives from class and attachment names ({@code :class} is the class name
 * underscored and pluralized, {@code :attachment} the attachment name pluralized), made as a Rails
 * application with the default English inflections makes them: {@code Admin::Person} gives
 * {@code admin/people}. An application with inflections of its own writes the folder into the path
 * template literally instead.
 */
final class Inflections {

    /** A word ending that takes another ending in the plural; the first that matches wins. */
    private record Rule(Pattern ending, String replacement) {
        static Rule of(String ending, String replacement) {
            return new Rule(Pattern.compile(ending, Pattern.CASE_INSENSITIVE), replacement);
        }
    }

    /** Irregular words first (their plural maps to itself), then the regular endings, most specific first. */
    private static final List<Rule> PLURALS = List.of(
            Rule.of("(z)ombies$", "$1ombies"), Rule.of("(z)ombie$", "$1ombies"),
            Rule.of("(m)oves$", "$1oves"), Rule.of("(m)ove$", "$1oves"),
            Rule.of("(s)exes$", "$1exes"), Rule.of("(s)ex$", "$1exes"),
            Rule.of("(c)hildren$", "$1hildren"), Rule.of("(c)hild$", "$1hildren"),
            Rule.of("(m)en$", "$1en"), Rule.of("(m)an$", "$1en"),
            Rule.of("(p)eople$", "$1eople"), Rule.of("(p)erson$", "$1eople"),
            Rule.of("(quiz)$", "$1zes"),
            Rule.of("^(oxen)$", "$1"), Rule.of("^(ox)$", "$1en"),
            Rule.of("^(m|l)ice$", "$1ice"), Rule.of("^(m|l)ouse$", "$1ice"),
            Rule.of("(matr|vert|ind)(?:ix|ex)$", "$1ices"),
            Rule.of("(x|ch|ss|sh)$", "$1es"),
            Rule.of("([^aeiouy]|qu)y$", "$1ies"),
            Rule.of("(hive)$", "$1s"),
            Rule.of("(?:([^f])fe|([lr])f)$", "$1$2ves"),
            Rule.of("sis$", "ses"),
            Rule.of("([ti])a$", "$1a"), Rule.of("([ti])um$", "$1a"),
            Rule.of("(buffal|tomat)o$", "$1oes"),
            Rule.of("(bu)s$", "$1ses"),
            Rule.of("(alias|status)$", "$1es"),
            Rule.of("(octop|vir)i$", "$1i"), Rule.of("(octop|vir)us$", "$1i"),
            Rule.of("^(ax|test)is$", "$1es"),
            Rule.of("s$", "s"),
            Rule.of("$", "s"));

    /** Words with no plural, when they end the name (after a word boundary: {@code admin/sheep}, not {@code blackfish}). */
    private static final Pattern UNCOUNTABLE = Pattern.compile(
            "\\b(?:equipment|information|rice|money|species|series|fish|sheep|jeans|police)\\Z", Pattern.CASE_INSENSITIVE);

    private static final Pattern ACRONYM_BEFORE_WORD = Pattern.compile("([A-Z\\d]+)([A-Z][a-z])");
    private static final Pattern LOWER_BEFORE_UPPER = Pattern.compile("([a-z\\d])([A-Z])");

    private Inflections() {
    }

    /** {@code :class}: {@code PostAttachment} gives {@code post_attachments}, {@code Admin::User} {@code admin/users}. */
    static String classFolder(String className) {
        return pluralize(underscore(className));
    }

    /** {@code :attachment}: the attachment's name in lower case, pluralized. */
    static String attachmentFolder(String attachmentName) {
        return pluralize(attachmentName.toLowerCase(Locale.ROOT));
    }

    static String underscore(String camelCased) {
        String word = camelCased.replace("::", "/");
        word = ACRONYM_BEFORE_WORD.matcher(word).replaceAll("$1_$2");
        word = LOWER_BEFORE_UPPER.matcher(word).replaceAll("$1_$2");
        return word.replace('-', '_').toLowerCase(Locale.ROOT);
    }

    static String pluralize(String word) {
        if (word.isEmpty() || UNCOUNTABLE.matcher(word).find()) {
            return word;
        }
        for (Rule rule : PLURALS) {
            Matcher matcher = rule.ending().matcher(word);
            if (matcher.find()) {
                return matcher.replaceFirst(rule.replacement());
            }
        }
        return word;
    }
}
