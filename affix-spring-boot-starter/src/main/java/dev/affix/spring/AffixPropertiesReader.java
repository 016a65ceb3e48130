package dev.affix.spring;

import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.config.AffixConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads the {@code affix:} subtree of the application's properties into the tree of the YAML
 * configuration format and hands it to {@link AffixConfig#fromTree}, so that application.yml takes
 * exactly what an {@code affix.yml} file takes.
 *
 * <p>Spring flattens YAML into dotted property names, and binding them back as a map undoes less
 * than it seems: lists come back as maps keyed {@code 0, 1, …}, an empty map as an empty string, and
 * an attachment key {@code User.avatar} as a map {@code User} holding {@code avatar}. This class
 * restores all three. Two keys are the starter's own and are taken out of the tree: {@code affix.env}
 * names the environment whose overrides apply (else the last active Spring profile that
 * {@code environments:} defines).
 */
public final class AffixPropertiesReader {

    /** How errors in these properties are named: the core's messages start with it. */
    public static final String SOURCE = "application properties 'affix'";
    private static final String ENVIRONMENT_KEY = "env";

    private AffixPropertiesReader() {
    }

    /** The configuration from the environment's {@code affix.*} properties; {@code ${VAR}} resolves from the process environment. */
    public static AffixConfig read(Environment environment) {
        Map<String, Object> tree = tree(environment);
        Object explicit = tree.remove(ENVIRONMENT_KEY);
        String environmentName = explicit != null && !explicit.toString().isBlank() ? explicit.toString()
                : activeProfileWithOverrides(environment, tree.get("environments"));
        return AffixConfig.fromTree(SOURCE, tree, environmentName, System.getenv());
    }

    /** The {@code affix:} subtree as maps, lists and scalars, the way a YAML parser would have given it. */
    static Map<String, Object> tree(Environment environment) {
        Map<String, Object> bound = Binder.get(environment).bind("affix", Bindable.mapOf(String.class, Object.class))
                .orElseGet(Map::of);
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) restoreLists(bound);
        Object attachments = tree.get("attachments");
        if (attachments instanceof Map<?, ?> nested) {
            Map<String, Object> qualified = new LinkedHashMap<>();
            nested.forEach((key, value) -> qualify(String.valueOf(key), value, qualified));
            tree.put("attachments", qualified);
        }
        return tree;
    }

    private static String activeProfileWithOverrides(Environment environment, Object environments) {
        if (!(environments instanceof Map<?, ?> defined)) {
            return null;
        }
        String[] profiles = environment.getActiveProfiles();
        // later profiles take precedence in Spring, so the last one with overrides wins here too
        for (int i = profiles.length - 1; i >= 0; i--) {
            if (defined.containsKey(profiles[i])) {
                return profiles[i];
            }
        }
        return null;
    }

    /** Turns maps keyed exactly 0..n-1 back into lists, everywhere in the tree. */
    private static Object restoreLists(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        Map<String, Object> restored = new LinkedHashMap<>();
        map.forEach((key, child) -> restored.put(String.valueOf(key), restoreLists(child)));
        if (restored.isEmpty()) {
            return restored;
        }
        for (int i = 0; i < restored.size(); i++) {
            if (!restored.containsKey(Integer.toString(i))) {
                return restored;
            }
        }
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < restored.size(); i++) {
            list.add(restored.get(Integer.toString(i)));
        }
        return list;
    }

    /**
     * Rejoins {@code User → avatar → settings} into {@code User.avatar → settings}. A name is at
     * least {@code Type.name}; descending stops at a map that holds a declaration's setting
     * ({@code kind}, {@code variants}, …) or no map at all; an empty string is what an empty map
     * ({@code User.avatar: {}}) became.
     */
    private static void qualify(String path, Object value, Map<String, Object> out) {
        if (value instanceof Map<?, ?> map && (!path.contains(".") || (map.keySet().stream().noneMatch(AttachmentDeclaration.SETTINGS::contains)
                && map.values().stream().anyMatch(v -> v instanceof Map<?, ?>)))) {
            map.forEach((key, child) -> qualify(path + "." + key, child, out));
        } else if ("".equals(value)) {
            out.put(path, new LinkedHashMap<>());
        } else {
            out.put(path, value);
        }
    }
}
