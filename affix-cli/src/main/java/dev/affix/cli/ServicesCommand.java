package dev.affix.cli;

import dev.affix.storage.ServiceCheck;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "services", description = "List the configured services and check that each is reachable and writable.")
final class ServicesCommand implements Callable<Integer> {

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StorageServices services = cli.services();
        List<Map<String, Object>> report = new ArrayList<>();
        boolean allOk = true;
        for (StorageService service : services.all()) {
            ServiceCheck check = service.check();
            allOk &= check.ok();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", service.name());
            entry.put("service", service.type());
            entry.put("default", service == services.defaultService());
            entry.put("ok", check.ok());
            entry.put("detail", check.detail());
            report.add(entry);
        }
        Output.json(spec, report);
        if (!allOk) {
            spec.commandLine().getErr().println("affix: one or more services failed their check");
        }
        return allOk ? 0 : AffixCli.FAILED;
    }
}
