package dev.affix.vips;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.affix.variant.OutputFormat;
import dev.affix.variant.TransformationFailedException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * libvips through the JDK's foreign-function API: the handful of its C functions Affix calls, each
 * bound once, and the process-wide setup for hostile input. Loaded once per JVM ({@link #load(Collection, int)}),
 * since {@code vips_init} and the block lists are process-wide anyway. The C functions take
 * {@code NULL}-terminated lists of named options; each shape of call used here has its own handle,
 * declared variadic from the first option on as the platform's calling convention requires.
 *
 * <p>Every method here that can fail throws {@link TransformationFailedException} with libvips' own
 * error text. That text comes from libvips' error buffer, which is one per process: when two
 * transformations fail at the same moment, each message may carry the other's lines too. That only
 * ever adds detail to a failure, so it is good enough.
 */
final class Vips {

    /** Sequential access: pixels are decoded in one pass, top to bottom, never all held at once. */
    private static final int ACCESS_SEQUENTIAL = 1;
    /** Loaders stop on truncation and serious errors (a truncated JPEG is a failure, not a grey band). */
    private static final int FAIL_ON_ERROR = 2;
    static final int SIZE_BOTH = 0;
    static final int SIZE_DOWN = 2;
    static final int INTERPRETATION_SRGB = 22;
    private static final int EXTEND_BACKGROUND = 5;
    private static final int HEIF_COMPRESSION_AV1 = 4;

    /** The library by its ABI version (Debian's libvips42), else by the name a source build installs. */
    private static final List<String> LIBRARY_NAMES = List.of("libvips.so.42", "libvips.so");

    private static final Linker LINKER = Linker.nativeLinker();
    private static final FunctionDescriptor IMAGE_TO_INT = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor SAVE = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
            ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);

    private final SymbolLookup library;
    private final String libraryName;

    private final MethodHandle blockUntrusted;
    private final MethodHandle blockOperations;
    private final MethodHandle cacheSetMax;
    private final MethodHandle concurrencySet;
    private final MethodHandle errorBufferCopy;
    private final MethodHandle gFree;
    private final MethodHandle gObjectUnref;
    private final MethodHandle gTypeFromName;
    private final MethodHandle foreignFindLoad;
    private final MethodHandle foreignFindSave;
    private final MethodHandle imageNewFromFile;
    private final MethodHandle imageGetWidth;
    private final MethodHandle imageGetHeight;
    private final MethodHandle imageGetInterpretation;
    private final MethodHandle imageHasAlpha;
    private final MethodHandle imageGetOrientation;
    private final MethodHandle imageCopyMemory;
    private final MethodHandle imageSetKill;
    private final MethodHandle thumbnail;
    private final MethodHandle thumbnailImage;
    private final MethodHandle autorot;
    private final MethodHandle extractArea;
    private final MethodHandle rot;
    private final MethodHandle colourspace;
    private final MethodHandle addAlpha;
    private final MethodHandle gravity;
    private final MethodHandle flatten;
    private final MethodHandle arrayDoubleNew;
    private final MethodHandle areaUnref;
    private final Map<OutputFormat, MethodHandle> savers = new EnumMap<>(OutputFormat.class);

    private Vips(SymbolLookup library, String libraryName) {
        this.library = library;
        this.libraryName = libraryName;
        errorBufferCopy = function("vips_error_buffer_copy", FunctionDescriptor.of(ADDRESS));
        blockUntrusted = function("vips_block_untrusted_set", FunctionDescriptor.ofVoid(JAVA_INT));
        blockOperations = function("vips_operation_block_set", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        cacheSetMax = function("vips_cache_set_max", FunctionDescriptor.ofVoid(JAVA_INT));
        concurrencySet = function("vips_concurrency_set", FunctionDescriptor.ofVoid(JAVA_INT));
        // GLib's, found through libvips, which links them
        gFree = function("g_free", FunctionDescriptor.ofVoid(ADDRESS));
        gObjectUnref = function("g_object_unref", FunctionDescriptor.ofVoid(ADDRESS));
        gTypeFromName = function("g_type_from_name", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        foreignFindLoad = function("vips_foreign_find_load", FunctionDescriptor.of(ADDRESS, ADDRESS));
        foreignFindSave = function("vips_foreign_find_save", FunctionDescriptor.of(ADDRESS, ADDRESS));
        imageNewFromFile = variadic("vips_image_new_from_file", ADDRESS, 1, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        imageGetWidth = function("vips_image_get_width", IMAGE_TO_INT);
        imageGetHeight = function("vips_image_get_height", IMAGE_TO_INT);
        imageGetInterpretation = function("vips_image_get_interpretation", IMAGE_TO_INT);
        imageHasAlpha = function("vips_image_hasalpha", IMAGE_TO_INT);
        imageGetOrientation = function("vips_image_get_orientation", IMAGE_TO_INT);
        imageCopyMemory = function("vips_image_copy_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
        imageSetKill = function("vips_image_set_kill", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        thumbnail = variadic("vips_thumbnail", JAVA_INT, 3, ADDRESS, ADDRESS, JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        thumbnailImage = variadic("vips_thumbnail_image", JAVA_INT, 3, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
                ADDRESS);
        autorot = variadic("vips_autorot", JAVA_INT, 2, ADDRESS, ADDRESS, ADDRESS);
        extractArea = variadic("vips_extract_area", JAVA_INT, 6, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
        rot = variadic("vips_rot", JAVA_INT, 3, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        colourspace = variadic("vips_colourspace", JAVA_INT, 3, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        addAlpha = variadic("vips_addalpha", JAVA_INT, 2, ADDRESS, ADDRESS, ADDRESS);
        gravity = variadic("vips_gravity", JAVA_INT, 5, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        flatten = variadic("vips_flatten", JAVA_INT, 2, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        arrayDoubleNew = function("vips_array_double_new", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        areaUnref = function("vips_area_unref", FunctionDescriptor.ofVoid(ADDRESS));
        // one shape for every saver: the image, the file name, up to three named int options, NULL
        savers.put(OutputFormat.JPEG, function("vips_jpegsave", SAVE, Linker.Option.firstVariadicArg(2)));
        savers.put(OutputFormat.PNG, function("vips_pngsave", SAVE, Linker.Option.firstVariadicArg(2)));
        savers.put(OutputFormat.WEBP, function("vips_webpsave", SAVE, Linker.Option.firstVariadicArg(2)));
        savers.put(OutputFormat.AVIF, function("vips_heifsave", SAVE, Linker.Option.firstVariadicArg(2)));
        savers.put(OutputFormat.GIF, function("vips_gifsave", SAVE, Linker.Option.firstVariadicArg(2)));
    }

    /**
     * libvips, started and set up for untrusted files: its untrusted operations blocked, then every
     * loader blocked except {@code allowedLoaders} (class names such as {@code VipsForeignLoadJpeg}),
     * its operation cache off so that no decoded image outlives the request that made it, and
     * {@code concurrency} worker threads per evaluation.
     *
     * @throws VipsUnavailableException if libvips cannot be loaded here, naming what is missing
     */
    static Vips load(Collection<String> allowedLoaders, int concurrency) {
        Vips vips = Loaded.VIPS;
        if (vips == null) {
            throw new VipsUnavailableException(Loaded.FAILURE);
        }
        vips.harden(allowedLoaders, concurrency);
        return vips;
    }

    /** Loads libvips at most once per class loader, when first asked for. */
    private static final class Loaded {
        static final Vips VIPS;
        static final String FAILURE;

        static {
            Vips vips = null;
            String failure = null;
            try {
                vips = open(LIBRARY_NAMES);
            } catch (VipsUnavailableException e) {
                failure = e.getMessage();
            }
            VIPS = vips;
            FAILURE = failure;
        }
    }

    /** Loads and starts the first of {@code libraryNames} that the system's loader finds. */
    static Vips open(List<String> libraryNames) {
        SymbolLookup library = null;
        String found = null;
        for (String name : libraryNames) {
            try {
                library = SymbolLookup.libraryLookup(name, Arena.global());
                found = name;
                break;
            } catch (IllegalArgumentException notThere) {
                // try the next name
            } catch (IllegalCallerException denied) {
                throw new VipsUnavailableException("this JVM denies native access to the class path (run it with "
                        + "--enable-native-access=ALL-UNNAMED)");
            }
        }
        if (library == null) {
            throw new VipsUnavailableException("libvips (" + String.join(" or ", libraryNames) + ") is not installed: install libvips 8.13 "
                    + "or later (Debian and Ubuntu: apt-get install libvips42)");
        }
        Vips vips = new Vips(library, found);
        vips.start();
        return vips;
    }

    private void start() {
        try (Arena arena = Arena.ofConfined()) {
            MethodHandle init = function("vips_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            if ((int) init.invokeExact(arena.allocateFrom("affix")) != 0) {
                throw new VipsUnavailableException("libvips (" + libraryName + ") failed to start: " + error());
            }
        } catch (VipsUnavailableException e) {
            throw e;
        } catch (Throwable e) {
            throw new VipsUnavailableException("libvips (" + libraryName + ") failed to start: " + e);
        }
    }

    private void harden(Collection<String> allowedLoaders, int concurrency) {
        try (Arena arena = Arena.ofConfined()) {
            blockUntrusted.invokeExact(1);
            blockOperations.invokeExact(arena.allocateFrom("VipsForeignLoad"), 1);
            for (String loader : allowedLoaders) {
                blockOperations.invokeExact(arena.allocateFrom(loader), 0);
            }
            cacheSetMax.invokeExact(0);
            concurrencySet.invokeExact(concurrency);
        } catch (Throwable e) {
            throw new VipsUnavailableException("libvips (" + libraryName + ") could not be set up: " + e);
        }
    }

    /** Whether this libvips has the operation class {@code className}, e.g. {@code VipsForeignLoadHeif}. */
    boolean hasClass(String className) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) gTypeFromName.invokeExact(arena.allocateFrom(className)) != 0;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The class of the loader libvips would pick for this file, judged from its first bytes, e.g. {@code VipsForeignLoadJpegFile}. */
    String loaderFor(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = (MemorySegment) foreignFindLoad.invokeExact(arena.allocateFrom(file.toString()));
            if (name.equals(MemorySegment.NULL)) {
                throw new TransformationFailedException("libvips does not recognise " + file.getFileName() + " as an image: " + error());
            }
            return string(name);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Whether this libvips can write files with this extension ({@code gif}, {@code avif}, …). */
    boolean savesExtension(String extension) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = (MemorySegment) foreignFindSave.invokeExact(arena.allocateFrom("probe." + extension));
            if (name.equals(MemorySegment.NULL)) {
                error(); // clears the "not a known file format" this left
                return false;
            }
            return true;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Opens {@code file} lazily: its header is read, no pixel is decoded until one is asked for. */
    VipsImage open(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = (MemorySegment) imageNewFromFile.invokeExact(arena.allocateFrom(file.toString()),
                    arena.allocateFrom("access"), ACCESS_SEQUENTIAL, arena.allocateFrom("fail_on"), FAIL_ON_ERROR, MemorySegment.NULL);
            if (image.equals(MemorySegment.NULL)) {
                throw new TransformationFailedException("vips_image_new_from_file failed: " + error());
            }
            return new VipsImage(this, image);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * {@code vips_thumbnail} on a file: turned upright, then resized into {@code width x height}, with
     * shrink-on-load where the format has it (JPEG decodes at 1/2, 1/4, 1/8, WebP at any scale).
     */
    VipsImage thumbnail(Path file, int width, int height, int size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int status = (int) thumbnail.invokeExact(arena.allocateFrom(file.toString()), out, width, arena.allocateFrom("height"), height,
                    arena.allocateFrom("size"), size, arena.allocateFrom("fail_on"), FAIL_ON_ERROR, MemorySegment.NULL);
            return result(status, out, "thumbnail");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    VipsImage thumbnail(MemorySegment image, int width, int height, int size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int status = (int) thumbnailImage.invokeExact(image, out, width, arena.allocateFrom("height"), height, arena.allocateFrom("size"),
                    size, MemorySegment.NULL);
            return result(status, out, "thumbnail_image");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The image evaluated into memory, for an operation that reads its pixels out of order (a rotation). */
    VipsImage copyMemory(MemorySegment image) {
        try {
            MemorySegment copy = (MemorySegment) imageCopyMemory.invokeExact(image);
            if (copy.equals(MemorySegment.NULL)) {
                throw new TransformationFailedException("vips_image_copy_memory failed: " + error());
            }
            return new VipsImage(this, copy);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    VipsImage autorot(MemorySegment image) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            return result((int) autorot.invokeExact(image, out, MemorySegment.NULL), out, "autorot");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    VipsImage extractArea(MemorySegment image, int left, int top, int width, int height) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            return result((int) extractArea.invokeExact(image, out, left, top, width, height, MemorySegment.NULL), out, "extract_area");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Turns clockwise by {@code quarterTurns} x 90 degrees ({@code VipsAngle}: 1 is D90). */
    VipsImage rot(MemorySegment image, int quarterTurns) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            return result((int) rot.invokeExact(image, out, quarterTurns, MemorySegment.NULL), out, "rot");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    VipsImage colourspace(MemorySegment image, int interpretation) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            return result((int) colourspace.invokeExact(image, out, interpretation, MemorySegment.NULL), out, "colourspace");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    VipsImage addAlpha(MemorySegment image) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            return result((int) addAlpha.invokeExact(image, out, MemorySegment.NULL), out, "addalpha");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Places the image in a {@code width x height} canvas at {@code direction} ({@code VipsCompassDirection}), filled with {@code background}. */
    VipsImage gravity(MemorySegment image, int direction, int width, int height, double[] background) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment array = doubles(arena, background);
            try {
                int status = (int) gravity.invokeExact(image, out, direction, width, height, arena.allocateFrom("extend"), EXTEND_BACKGROUND,
                        arena.allocateFrom("background"), array, MemorySegment.NULL);
                return result(status, out, "gravity");
            } finally {
                areaUnref.invokeExact(array);
            }
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Drops the alpha channel, blending the image onto {@code background}. */
    VipsImage flatten(MemorySegment image, double[] background) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment array = doubles(arena, background);
            try {
                return result((int) flatten.invokeExact(image, out, arena.allocateFrom("background"), array, MemorySegment.NULL), out, "flatten");
            } finally {
                areaUnref.invokeExact(array);
            }
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * Evaluates the image into {@code target} in {@code format}. The saver is called by name, not
     * picked from the file name's suffix, so the target needs no extension and its name is never
     * parsed for {@code [options]}.
     *
     * @param quality 1-100 for JPEG, WebP and AVIF, or null for libvips' default
     */
    void save(MemorySegment image, Path target, OutputFormat format, Integer quality, boolean strip) {
        try (Arena arena = Arena.ofConfined()) {
            SaveOptions options = new SaveOptions(arena);
            if (quality != null && format != OutputFormat.PNG && format != OutputFormat.GIF) {
                options.add("Q", quality);
            }
            if (format == OutputFormat.AVIF) {
                options.add("compression", HEIF_COMPRESSION_AV1);
            }
            if (strip) {
                options.add("strip", 1);
            }
            int status = (int) savers.get(format).invokeExact(image, arena.allocateFrom(target.toString()),
                    options.names[0], options.values[0], options.names[1], options.values[1], options.names[2], options.values[2],
                    MemorySegment.NULL);
            if (status != 0) {
                throw new TransformationFailedException("writing " + format.configName() + " failed: " + error());
            }
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Up to three named int options; the first unused name is the list's NULL end, and C ignores what follows it. */
    private static final class SaveOptions {
        private final Arena arena;
        private final MemorySegment[] names = {MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL};
        private final int[] values = new int[3];
        private int count;

        SaveOptions(Arena arena) {
            this.arena = arena;
        }

        void add(String name, int value) {
            names[count] = arena.allocateFrom(name);
            values[count++] = value;
        }
    }

    int width(MemorySegment image) {
        return intOf(imageGetWidth, image);
    }

    int height(MemorySegment image) {
        return intOf(imageGetHeight, image);
    }

    int interpretation(MemorySegment image) {
        return intOf(imageGetInterpretation, image);
    }

    /** The EXIF orientation, 1 (upright, or none given) to 8. */
    int orientation(MemorySegment image) {
        return intOf(imageGetOrientation, image);
    }

    boolean hasAlpha(MemorySegment image) {
        return intOf(imageHasAlpha, image) != 0;
    }

    /** Makes every evaluation reading this image fail at its next region of pixels. */
    void kill(MemorySegment image) {
        try {
            imageSetKill.invokeExact(image, 1);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    void unref(MemorySegment image) {
        try {
            gObjectUnref.invokeExact(image);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private VipsImage result(int status, MemorySegment out, String operation) {
        if (status != 0) {
            throw new TransformationFailedException("vips_" + operation + " failed: " + error());
        }
        return new VipsImage(this, out.get(ADDRESS, 0));
    }

    private MemorySegment doubles(Arena arena, double[] values) throws Throwable {
        return (MemorySegment) arrayDoubleNew.invokeExact(arena.allocateFrom(JAVA_DOUBLE, values), values.length);
    }

    private int intOf(MethodHandle getter, MemorySegment image) {
        try {
            return (int) getter.invokeExact(image);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** What libvips wrote to its error buffer since it was last read, trimmed; the buffer is cleared. */
    private String error() {
        try {
            MemorySegment copy = (MemorySegment) errorBufferCopy.invokeExact();
            try {
                String text = string(copy).strip();
                return text.isEmpty() ? "no reason given" : text.replace('\n', ' ');
            } finally {
                gFree.invokeExact(copy);
            }
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static String string(MemorySegment cString) {
        return cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    private MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment address = library.find(name).orElseThrow(() -> new VipsUnavailableException(name + " is missing from " + libraryName
                + ": libvips 8.13 or later is needed (Debian and Ubuntu: apt-get install libvips42)"));
        return LINKER.downcallHandle(address, descriptor, options);
    }

    /** A function whose arguments from {@code firstVariadic} on are the C varargs (the options and their NULL end). */
    private MethodHandle variadic(String name, MemoryLayout returns, int firstVariadic, MemoryLayout... arguments) {
        return function(name, FunctionDescriptor.of(returns, arguments), Linker.Option.firstVariadicArg(firstVariadic));
    }

    /**
     * What a call here throws: its own {@link TransformationFailedException}s as they are; a downcall
     * itself throws only what its Java side does (errors, or a bug in a binding here).
     */
    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("a libvips call failed in Java", e);
    }
}
