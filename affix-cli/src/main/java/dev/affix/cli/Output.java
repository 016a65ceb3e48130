package dev.affix.cli;

import dev.affix.json.Json;
import picocli.CommandLine.Model.CommandSpec;

/** Where commands print their JSON results. */
final class Output {

    private Output() {
    }

    static void json(CommandSpec spec, Object value) {
        spec.commandLine().getOut().println(Json.write(value));
        spec.commandLine().getOut().flush();
    }
}
