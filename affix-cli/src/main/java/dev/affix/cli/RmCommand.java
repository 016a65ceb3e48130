package dev.affix.cli;

import dev.affix.storage.StorageService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rm", description = "Delete an object; deleting a missing key succeeds and says so.")
final class RmCommand implements Callable<Integer> {

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Mixin
    ServiceOption service;

    @Override
    public Integer call() {
        StorageService target = service.resolve(cli);
        boolean existed = target.exists(key);
        target.delete(key);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("key", key);
        result.put("service_name", target.name());
        result.put("deleted", existed);
        Output.json(spec, result);
        return 0;
    }
}
