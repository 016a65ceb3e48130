package dev.affix.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingStorageServiceTest {

    /** A method added to the contract later must be forwarded too, or decorated services silently lose it. */
    @Test
    void forwardsEveryMethodOfTheContract() {
        List<String> missing = Arrays.stream(StorageService.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !declaredBy(ForwardingStorageService.class, m))
                .map(Method::toString)
                .toList();
        assertThat(missing).isEmpty();
    }

    private static boolean declaredBy(Class<?> type, Method method) {
        try {
            type.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
