package dev.affix.storage;

/** The outcome of checking that a service is reachable and writable. */
public record ServiceCheck(String serviceName, String type, boolean ok, String detail) {

    public static ServiceCheck passed(String serviceName, String type, String detail) {
        return new ServiceCheck(serviceName, type, true, detail);
    }

    public static ServiceCheck failed(String serviceName, String type, String detail) {
        return new ServiceCheck(serviceName, type, false, detail);
    }
}
