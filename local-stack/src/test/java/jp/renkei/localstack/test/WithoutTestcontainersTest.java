package jp.renkei.localstack.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * The services get Testcontainers only if they declare it; without it on the classpath the infrastructure must choose
 * the embedded pair, never fail with NoClassDefFoundError.
 */
class WithoutTestcontainersTest {

    @Test
    void choosesTheEmbeddedInfrastructureWhenTestcontainersIsAbsent() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath()) {
            if (!entry.contains("testcontainers") && !entry.contains("docker-java")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> infrastructure = Class.forName(RenkeiInfrastructure.class.getName(), true, isolated);
            assertThat(infrastructure.getClassLoader()).isSameAs(isolated);
            assertThat(canLoad(isolated, "org.testcontainers.DockerClientFactory")).isFalse();

            Method onClasspath = infrastructure.getDeclaredMethod("testcontainersOnClasspath");
            onClasspath.setAccessible(true);
            Method selectMode = infrastructure.getDeclaredMethod("selectMode");
            selectMode.setAccessible(true);

            assertThat(onClasspath.invoke(null)).isEqualTo(false);
            String previous = System.getProperty(RenkeiInfrastructure.MODE_PROPERTY);
            System.clearProperty(RenkeiInfrastructure.MODE_PROPERTY);
            try {
                assertThat(selectMode.invoke(null)).isEqualTo("embedded");
            } finally {
                if (previous != null) {
                    System.setProperty(RenkeiInfrastructure.MODE_PROPERTY, previous);
                }
            }
        }
        // and with it on the classpath (as in this module's tests) the check finds it
        assertThat(RenkeiInfrastructure.testcontainersOnClasspath()).isTrue();
    }

    private static boolean canLoad(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The test classpath, expanding Surefire's manifest-only jar if that is what java.class.path holds. */
    private static List<String> classpath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("surefirebooter") && entry.endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry)) {
                    Manifest manifest = jar.getManifest();
                    for (String url : manifest.getMainAttributes().getValue("Class-Path").split(" ")) {
                        if (!url.isBlank()) {
                            entries.add(Path.of(new URL(url).toURI()).toString());
                        }
                    }
                }
            } else {
                entries.add(entry);
            }
        }
        return entries;
    }
}
