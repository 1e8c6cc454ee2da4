package jp.renkei.localstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.backend.h2.H2Collection;
import org.junit.jupiter.api.Test;

class SnapshotH2CollectionTest {

    /** The library's methods that touch only its meta map (the data size, which this collection does not track). */
    private static final Set<String> META_ONLY = Set.of("updateDataSize", "getDataSize");

    /**
     * The library's collection holds the map of stored values under a document type; if a new version of it reads the
     * map in a method this collection does not override, it would take a stored value for a document.
     */
    @Test
    void everyMethodOfTheLibrarysCollectionThatCouldReadTheMapIsOverridden() {
        List<String> notOverridden = Arrays.stream(H2Collection.class.getDeclaredMethods())
                .filter(method -> !method.isSynthetic() && !Modifier.isPrivate(method.getModifiers())
                        && !Modifier.isStatic(method.getModifiers()) && !META_ONLY.contains(method.getName()))
                .filter(method -> !declaredBySnapshot(method))
                .map(Method::toGenericString)
                .toList();

        assertThat(notOverridden).isEmpty();
    }

    private static boolean declaredBySnapshot(Method method) {
        try {
            SnapshotH2Collection.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException missing) {
            return false;
        }
    }
}
