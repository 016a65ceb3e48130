package dev.affix.http;

import dev.affix.config.AffixConfig;

/** tus-js-client against a Disk service: each upload appends to one file under the service's {@code .tmp/resumable}. */
class DiskTusClientTest extends TusClientContract {

    @Override
    protected AffixConfig.Builder storage(AffixConfig.Builder config) {
        return config.disk("local", dir.resolve("storage")).defaultService("local");
    }
}
