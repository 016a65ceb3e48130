package dev.affix.jobs.dbscheduler;

import com.github.kagkarlsson.scheduler.exceptions.SerializationException;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import dev.affix.json.Json;
import tools.jackson.core.JacksonException;

/**
 * Writes task data as JSON with Affix's mapper. db-scheduler's default is Java serialization,
 * which ties the rows to class versions and runs arbitrary code when read: neither is acceptable
 * for a queue that outlives deployments.
 */
final class JsonTaskDataSerializer implements Serializer {

    @Override
    public byte[] serialize(Object data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsBytes(data);
        } catch (JacksonException e) {
            throw new SerializationException("cannot write " + data.getClass().getSimpleName() + " as JSON", e);
        }
    }

    @Override
    public <T> T deserialize(Class<T> type, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(data, type);
        } catch (JacksonException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " from JSON: " + e.getOriginalMessage(), e);
        }
    }
}
