package dev.affix.attachment;

import dev.affix.config.ConfigurationException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every declared attachment, by {@code Type.name}. */
public final class Declarations {

    private final Map<String, AttachmentDeclaration> byName;

    public Declarations(Collection<AttachmentDeclaration> declarations) {
        Map<String, AttachmentDeclaration> map = new LinkedHashMap<>();
        for (AttachmentDeclaration declaration : declarations) {
            if (map.put(declaration.qualifiedName(), declaration) != null) {
                throw new ConfigurationException("attachment '" + declaration.qualifiedName() + "' is declared twice");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    public AttachmentDeclaration require(String recordType, String name, AttachmentDeclaration.Kind kind) {
        AttachmentDeclaration declaration = require(recordType, name);
        if (declaration.kind() != kind) {
            throw new UndeclaredAttachmentException("attachment '" + declaration.qualifiedName() + "' is declared as "
                    + declaration.kind().name().toLowerCase() + ", not " + kind.name().toLowerCase());
        }
        return declaration;
    }

    public AttachmentDeclaration require(String recordType, String name) {
        AttachmentDeclaration declaration = byName.get(recordType + "." + name);
        if (declaration == null) {
            throw new UndeclaredAttachmentException("attachment '" + recordType + "." + name + "' is not declared: declare it under "
                    + "'attachments:' in the configuration or with Affix.Builder.declare(...)");
        }
        return declaration;
    }

    public List<AttachmentDeclaration> ofType(String recordType) {
        return byName.values().stream().filter(d -> d.recordType().equals(recordType)).toList();
    }

    public Collection<AttachmentDeclaration> all() {
        return byName.values();
    }
}
