package jp.renkei.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** {@code docker-compose.yml} as a tree of maps (anchors and merge keys resolved), with its text. */
record ComposeFile(String text, Map<String, Object> tree) {

    /** {@code ${NAME:?message}} or {@code ${NAME?message}}: compose refuses to start without NAME. */
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z0-9_]+):?\\?");

    static ComposeFile read() {
        String text = Repository.read("docker-compose.yml");
        return new ComposeFile(text, new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) tree.get("services");
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = services().get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " in docker-compose.yml");
        }
        return service;
    }

    /** The services built here, by name: those with a {@code build} section. */
    Map<String, Map<String, Object>> built() {
        Map<String, Map<String, Object>> built = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            if (service.containsKey("build")) {
                built.put(name, service);
            }
        });
        return built;
    }

    /** The variables compose requires to be set, in order of first use. */
    List<String> requiredVariables() {
        Matcher required = REQUIRED.matcher(text);
        return required.results().map(match -> match.group(1)).distinct().toList();
    }

    /** The value at {@code path} below {@code map}; null when any step is missing. */
    @SuppressWarnings("unchecked")
    static <T> T nested(Map<String, Object> map, String... path) {
        Object current = map;
        for (String key : path) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }
}
