package dev.affix.extension;

import dev.affix.analysis.Analyzer;
import dev.affix.config.ConfigurationException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order analyzers run in: those added first in code, then those the configuration lists under
 * {@code analysis.analyzers} (names of registered analyzers, or class names), or every registered
 * one in registration order when it lists none, then those added in code after. A disabled analyzer
 * that would have run is logged here, once, and left out.
 */
public final class AnalyzerOrder {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyzerOrder.class);

    private AnalyzerOrder() {
    }

    public static List<Analyzer> resolve(ExtensionRegistry registry, Optional<List<String>> configured, List<Analyzer> first,
            List<Analyzer> last) {
        Map<String, Analyzer> registered = registry.analyzers();
        Map<String, String> disabled = registry.disabledAnalyzers();
        List<Analyzer> order = new ArrayList<>(first);
        if (configured.isEmpty()) {
            order.addAll(registered.values());
            disabled.forEach(AnalyzerOrder::logDisabled);
        } else {
            for (String name : configured.get()) {
                if (registered.containsKey(name)) {
                    order.add(registered.get(name));
                } else if (disabled.containsKey(name)) {
                    logDisabled(name, disabled.get(name));
                } else if (name.contains(".")) {
                    order.add(instantiate(name, registry.context()));
                } else {
                    throw new ConfigurationException("analysis.analyzers: unknown analyzer '" + name + "' (known: "
                            + known(registered.keySet(), disabled.keySet()) + "; or the class name of an Analyzer)");
                }
            }
        }
        order.addAll(last);
        Set<String> names = new HashSet<>();
        for (Analyzer analyzer : order) {
            if (!names.add(analyzer.name())) {
                throw new ConfigurationException("analyzer '" + analyzer.name() + "' would run twice: it is listed in analysis.analyzers "
                        + "more than once, or also added in code (Affix.Builder.analyzer/analyzerFirst)");
            }
        }
        return List.copyOf(order);
    }

    private static void logDisabled(String name, String reason) {
        LOG.warn("analyzer '{}' is disabled ({}); blobs are analysed without it", name, reason);
    }

    private static String known(Set<String> registered, Set<String> disabled) {
        List<String> names = new ArrayList<>(registered);
        disabled.forEach(name -> names.add(name + " (disabled)"));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** An analyzer named by class: made with a public constructor taking an {@link ExtensionContext}, or none. */
    private static Analyzer instantiate(String className, ExtensionContext context) {
        String where = "analysis.analyzers: class " + className;
        Class<?> type;
        try {
            type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigurationException(where + " is not on the class path", e);
        }
        if (!Analyzer.class.isAssignableFrom(type)) {
            throw new ConfigurationException(where + " does not implement " + Analyzer.class.getName());
        }
        try {
            Optional<Constructor<?>> withContext = constructor(type, ExtensionContext.class);
            if (withContext.isPresent()) {
                return (Analyzer) withContext.get().newInstance(context);
            }
            return (Analyzer) constructor(type).orElseThrow(() -> new ConfigurationException(where
                    + " has no public constructor taking an ExtensionContext or nothing")).newInstance();
        } catch (InvocationTargetException e) {
            throw new ConfigurationException(where + " could not be made: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ConfigurationException(where + " could not be made: " + e, e);
        }
    }

    private static Optional<Constructor<?>> constructor(Class<?> type, Class<?>... parameters) {
        try {
            return Optional.of(type.getConstructor(parameters));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }
}
