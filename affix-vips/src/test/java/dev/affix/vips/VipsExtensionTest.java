package dev.affix.vips;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.variant.VariantProcessor;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class VipsExtensionTest {

    @Test
    void isFoundByTheServiceLoader() {
        assertThat(ServiceLoader.load(AffixExtension.class).stream().map(ServiceLoader.Provider::type)).contains(VipsExtension.class);
    }

    @Test
    void contributesTheVipsProcessorWhereLibvipsIsInstalled() {
        Recorder recorder = new Recorder();

        new VipsExtension().contribute(recorder.contributions);

        assertThat(recorder.processors).singleElement().satisfies(processor -> {
            assertThat(processor).isInstanceOf(VipsVariantProcessor.class);
            assertThat(processor.name()).isEqualTo("vips");
        });
        assertThat(recorder.disabled).isEmpty();
    }

    @Test
    void declaresTheProcessorDisabledOnAJdkWithoutTheForeignFunctionApi() {
        Recorder recorder = new Recorder();

        new VipsExtension().contribute(recorder.contributions, Runtime.Version.parse("17.0.15"));

        assertThat(recorder.processors).isEmpty();
        assertThat(recorder.disabled).containsOnlyKeys("vips");
        assertThat(recorder.disabled.get("vips")).contains("JDK 22 or later").contains("this JVM is 17.0.15")
                .contains("variant_processor: java");
    }

    /** Records what an extension contributes; a proxy, since Contributions grows with the pipeline and this test asserts processors only. */
    private static final class Recorder {
        private final List<VariantProcessor> processors = new ArrayList<>();
        private final Map<String, String> disabled = new LinkedHashMap<>();
        private final Contributions contributions = (Contributions) Proxy.newProxyInstance(Contributions.class.getClassLoader(),
                new Class<?>[] {Contributions.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "variantProcessor" -> processors.add((VariantProcessor) args[0]);
                        case "disabledVariantProcessor" -> disabled.put((String) args[0], (String) args[1]);
                        default -> throw new AssertionError("the vips extension contributes no " + method.getName());
                    }
                    return null;
                });
    }
}
