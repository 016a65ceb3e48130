package dev.affix.demo;

import dev.affix.Affix;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Which variant processor makes the thumbnails, for the footer of every page: {@code vips} where the
 * JDK is 22 or newer and libvips is installed, else {@code java} ({@code variant_processor: auto}).
 */
@ControllerAdvice
public class VariantProcessorNote {

    /** A processor's name and a few words on what it is. */
    public record Processor(String name, String about) {
    }

    private final Processor processor;

    public VariantProcessorNote(Affix affix) {
        this.processor = affix.variants().processorName().map(name -> new Processor(name, switch (name) {
            case "vips" -> "libvips, in process through the JDK's foreign-function API";
            case "java" -> "pure Java, on any JDK";
            default -> "";
        })).orElse(null);
    }

    /** Null when none is installed: the footer then says so. */
    @ModelAttribute("variantProcessor")
    public Processor variantProcessor() {
        return processor;
    }
}
