package dev.affix.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.storage.UploadOptions;
import dev.affix.storage.disk.DiskLayout;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** The contract suite against the Disk service in its flat layout, where keys are paths below the root. */
class FlatDiskServiceContractTest extends DiskServiceContractTest {

    @Override
    protected DiskLayout layout() {
        return DiskLayout.FLAT;
    }

    @Test
    void objectsLieAtTheirKeyBelowTheRoot() {
        service().upload(key("flat/object"), new ByteArrayInputStream(bytes(5, 1)), UploadOptions.defaults());

        assertThat(diskRoot().resolve(key("flat/object"))).hasBinaryContent(bytes(5, 1));
    }
}
