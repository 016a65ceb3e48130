package dev.affix.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's whole Java examples (the blocks that start with their imports) compile as written,
 * against the modules a user would depend on; the demo's test class path has all of them.
 */
class ReadmeExamplesCompileTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(import .*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @TempDir
    Path classes;

    @Test
    void theReadmesCompleteExamplesCompile() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<JavaFileObject> sources = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(readme);
        while (block.find()) {
            String source = block.group(1);
            Matcher name = CLASS_NAME.matcher(source);
            assertThat(name.find()).as("a complete example declares a public class:%n%s", source).isTrue();
            sources.add(new SimpleJavaFileObject(URI.create("string:///" + name.group(1) + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            });
        }
        assertThat(sources).as("the README's quick start and Spring Boot examples").hasSizeGreaterThanOrEqualTo(2);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = compiler.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), "-proc:none"),
                null, sources).call();

        assertThat(compiled).as("README examples must compile:%n%s", diagnostics).isTrue();
    }
}
