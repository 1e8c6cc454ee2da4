package jp.renkei.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The seed data says what the plan's source text says, nothing more and nothing less, and the seeded partners
 * subscribe to tags the plan actually uses. Everything is read from the classpath ({@code seeds/...}), as the
 * services read it.
 *
 * <h2>Content units</h2>
 * The source ({@code seeds/source/abashiri-comprehensive-plan-goal5.txt}, a PDF extraction) is first corrected
 * with {@code seeds/source/corrections.yml} (each {@code source} string must occur exactly once). It is then cut
 * into <em>content units</em>:
 * <ol>
 *   <li>{@code **} (run-together headings) becomes a block break; the text is read as blocks of consecutive
 *       non-blank lines;</li>
 *   <li>goal banners are taken out: a block {@code 目標 N} followed by a title block (its lines joined without a
 *       separator), or a line {@code 目標N title}; each goal title is one unit, however often the banner repeats
 *       (repeats must agree);</li>
 *   <li>dropped as noise: the section headings 現状と課題, 基本方針, 施策の展開, 関連する個別計画, the table header
 *       {@code 施策の区分<TAB>施策の内容}, the {@code <ul ...>} markup, tab separators, {@code ▪} bullets,
 *       {@code - } list bullets, and a leading circled number ①②… with the space after it (the number is a field
 *       of its own in the data, checked by the structure test);</li>
 *   <li>a glossary line {@code term — definition} gives two units;</li>
 *   <li>what remains is split after each {@code 。}; each piece, trimmed, is a unit.</li>
 * </ol>
 * The data's units are the content fields of the plan YAML (goal, area and measure titles; currentSituation
 * paragraphs and basicPolicy, split after each {@code 。}; initiative categories; item texts; relatedPlans;
 * glossary terms and definitions), untrimmed. Ids, circled numbers, tags and the municipality/plan frame are
 * not content. The two sets must be equal, byte for byte (no Unicode normalisation), and no unit on either side
 * may still carry extraction noise (a space, tab, {@code *}, {@code <}, {@code >}, {@code ▪}, {@code —}) — an
 * unlisted line-wrap space in the source therefore fails the test until it is listed as a correction.
 *
 * <p>Sets cannot see order, paragraph breaks or which initiative an item belongs to, so a second test parses the
 * source into measures and compares them field by field, in order, with the YAML.
 */
class SeedFidelityTest {

    private static final String SOURCE = "seeds/source/abashiri-comprehensive-plan-goal5.txt";
    /** The provenance copy stays byte for byte the extraction it was copied from. */
    private static final String SOURCE_SHA256 = "57f254ac467ae2b2c5dc1b74651721bf76fab583a6655c4ec4baa2e57b6e4d1e";
    private static final String CORRECTIONS = "seeds/source/corrections.yml";
    private static final String PLAN = "seeds/plan/abashiri-comprehensive-plan.yml";
    private static final String PARTNERS = "seeds/partners/partners.yml";
    /** The joint plan of 網走市 and 大空町: example content, not from the source (issue #14). */
    private static final String JOINT_PLAN = "seeds/plan/abashiri-ozora-settlement-vision.yml";
    private static final String EXAMPLE_MARK = "【例示】";
    private static final String EXAMPLE_TITLE = "（例示）";
    private static final String NOT_THE_REAL_TEXT = "本文ではありません";

    private static final String MEASURE_REVISED = "jp.renkei.plan.measure.revised.v1";
    private static final String MEASURE_APPROVED = "jp.renkei.plan.measure.approved.v1";
    private static final String CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩";
    private static final Set<String> SECTION_HEADINGS = Set.of("現状と課題", "基本方針", "施策の展開", "関連する個別計画");
    private static final String TABLE_HEADER = "施策の区分\t施策の内容";
    private static final String GLOSSARY_SEPARATOR = " — ";
    private static final Pattern BANNER_BLOCK = Pattern.compile("目標 (\\d+)");
    private static final Pattern BANNER_LINE = Pattern.compile("目標(\\d+) (.+)");
    private static final Pattern UL_TAG = Pattern.compile("<ul[^>]*>");
    private static final Pattern NUMBERED = Pattern.compile("([①-⑩]) ?([^\\t]+)");
    private static final List<String> NOISE = List.of(" ", "\u3000", "\t", "*", "<", ">", "▪", "—");

    private static final Set<String> PARTNER_IDS =
            Set.of("ozora", "okhotsk-council", "abashiri-fire-union", "abashiri-education-center");
    private static final Set<String> PARTNER_KINDS =
            Set.of("MUNICIPALITY", "REGIONAL_COUNCIL", "ASSOCIATION", "PUBLIC_BODY");
    private static final Pattern EXACT_EVENT_TYPE = Pattern.compile("jp\\.renkei(\\.[a-z][a-z-]*)+\\.v\\d+");

    // ---------------------------------------------------------------------------------------------- fidelity

    @Test
    void seedFilesAreStrictUtf8AndTheSourceCopyIsUnchanged() throws NoSuchAlgorithmException {
        for (String file : List.of(SOURCE, CORRECTIONS, PLAN, JOINT_PLAN, PARTNERS)) {
            byte[] bytes = bytes(file);
            assertThat(bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                    && (bytes[2] & 0xff) == 0xbf).as("%s starts with a byte order mark", file).isFalse();
            text(file); // fails on malformed UTF-8
        }
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(SOURCE)));
        assertThat(sha256)
                .as("%s must stay byte for byte the extraction (corrections go to corrections.yml, not into it)",
                        SOURCE)
                .isEqualTo(SOURCE_SHA256);
    }

    @Test
    void eachCorrectionFixesOneSlipThatTheDataNoLongerCarries() {
        String source = text(SOURCE);
        String plan = text(PLAN);
        assertThat(corrections()).as("corrections").isNotEmpty();
        for (Map<String, Object> correction : corrections()) {
            assertThat(correction.keySet()).as("keys of correction %s", correction)
                    .containsExactlyInAnyOrder("source", "corrected", "reason");
            String from = string(correction, "source");
            String to = string(correction, "corrected");
            assertThat(to).as("correction of %s", from).isNotEqualTo(from);
            assertThat(string(correction, "reason")).as("reason for %s", from).isNotBlank();
            assertThat(occurrences(source, from)).as("occurrences of correction source \"%s\" in %s", from, SOURCE)
                    .isEqualTo(1);
            assertThat(plan).as("plan YAML still carries the uncorrected \"%s\"", from).doesNotContain(from);
            assertThat(plan).as("plan YAML carries the corrected \"%s\"", to).contains(to);
        }
    }

    @Test
    void everySourceUnitIsInTheDataAndEveryDataUnitIsInTheSource() {
        Set<String> source = sourceUnits(correctedSource());
        Set<String> data = dataUnits(yaml(PLAN));

        List<String> problems = new ArrayList<>();
        listProblem(problems, "source units still carrying extraction noise (strip it, or list the slip in "
                + CORRECTIONS + ")", source.stream().filter(SeedFidelityTest::noisy).toList());
        listProblem(problems, "data units carrying noise (spaces, tabs, markup)",
                data.stream().filter(SeedFidelityTest::noisy).toList());
        List<String> missing = source.stream().filter(unit -> !data.contains(unit)).toList();
        List<String> extra = data.stream().filter(unit -> !source.contains(unit)).toList();
        listProblem(problems, "source units missing from " + PLAN, missing);
        listProblem(problems, "units in " + PLAN + " that the corrected source lacks", extra);
        if (!problems.isEmpty()) {
            for (String unit : extra) {
                String near = nearest(unit, source);
                problems.add("  \"" + unit + "\" is nearest to source unit \"" + near
                        + "\" (first difference at character " + (firstDifference(unit, near) + 1) + ")");
            }
        }
        assertThat(problems).withFailMessage(() -> "The plan YAML does not say what the source says ("
                        + source.size() + " source units, " + data.size() + " data units):\n"
                        + String.join("\n", problems))
                .isEmpty();
        assertThat(source).as("distinct content units of the (hash-pinned) corrected source").hasSize(92);
    }

    @Test
    void theDataHasTheSourcesStructureInOrder() {
        String corrected = correctedSource();
        Map<String, Object> plan = yaml(PLAN);
        List<String> differences = new ArrayList<>();

        Map<Integer, String> sourceGoals = splitBanners(blocks(corrected)).goals();
        Map<Integer, String> dataGoals = new TreeMap<>();
        for (Map<String, Object> goal : maps(map(plan, "plan"), "goals")) {
            dataGoals.put((Integer) goal.get("number"), string(goal, "title"));
        }
        diff("goals", sourceGoals, dataGoals, differences);

        SourceStructure source = sourceStructure(corrected);
        List<String> dataToc = new ArrayList<>();
        List<Map<String, Object>> dataMeasures = new ArrayList<>();
        List<String> dataMeasureIds = new ArrayList<>();
        for (Map<String, Object> area : maps(goal5(plan), "areas")) {
            for (Map<String, Object> measure : maps(area, "measures")) {
                dataToc.add(string(area, "title") + " " + string(measure, "number") + " " + string(measure, "title"));
                dataMeasures.add(comparable(string(area, "title"), measure));
                dataMeasureIds.add(string(measure, "id"));
            }
        }
        diff("table of contents (area, number, title)", source.toc(), dataToc, differences);
        diff("measure headings in the body vs the table of contents", source.toc(),
                source.measures().stream().map(m -> m.get("area") + " " + m.get("number") + " " + m.get("title"))
                        .toList(), differences);
        if (source.measures().size() != dataMeasures.size()) {
            differences.add("measures: " + source.measures().size() + " in the source, " + dataMeasures.size()
                    + " in the data");
        }
        for (int i = 0; i < Math.min(source.measures().size(), dataMeasures.size()); i++) {
            diff("measure " + dataMeasureIds.get(i), source.measures().get(i), dataMeasures.get(i), differences);
        }
        assertThat(differences)
                .withFailMessage(() -> "The plan YAML's structure differs from the source's:\n  - "
                        + String.join("\n  - ", differences))
                .isEmpty();
    }

    // --------------------------------------------------------------------------------------------- the plan

    @Test
    void thePlanHasTheAgreedShapeAndEveryMeasureIsComplete() {
        Map<String, Object> root = yaml(PLAN);
        List<String> problems = new ArrayList<>();
        keys("root", root, Set.of("municipality", "plan"), problems);
        Map<String, Object> municipality = map(root, "municipality");
        keys("municipality", municipality, Set.of("id", "name", "nameEn"), problems);
        assertThat(municipality).containsEntry("id", "abashiri").containsEntry("name", "網走市")
                .containsEntry("nameEn", "Abashiri City");
        Map<String, Object> plan = map(root, "plan");
        keys("plan", plan, Set.of("id", "title", "goals"), problems);
        assertThat(plan).containsEntry("id", "abashiri-comprehensive-plan").containsEntry("title", "網走市総合計画");

        List<Map<String, Object>> goals = maps(plan, "goals");
        assertThat(goals).extracting(goal -> goal.get("number")).containsExactly(1, 2, 3, 4, 5);
        for (Map<String, Object> goal : goals) {
            boolean five = Integer.valueOf(5).equals(goal.get("number"));
            keys("goal " + goal.get("number"), goal,
                    five ? Set.of("number", "title", "areas") : Set.of("number", "title"), problems);
        }

        Set<String> ids = new LinkedHashSet<>();
        List<String> duplicates = new ArrayList<>();
        List<Map<String, Object>> areas = maps(goal5(root), "areas");
        assertThat(areas).extracting(area -> area.get("id")).containsExactly("5-1", "5-2");
        for (int a = 0; a < areas.size(); a++) {
            Map<String, Object> area = areas.get(a);
            String areaId = "5-" + (a + 1);
            keys("area " + areaId, area, Set.of("id", "title", "measures"), problems);
            expect(problems, "area id", areaId, area.get("id"));
            nonBlank(problems, "area " + areaId + " title", area.get("title"));
            List<Map<String, Object>> measures = maps(area, "measures");
            if (measures.isEmpty()) {
                problems.add("area " + areaId + " has no measures");
            }
            for (int m = 0; m < measures.size(); m++) {
                Map<String, Object> measure = measures.get(m);
                String measureId = areaId + "-" + (m + 1);
                String where = "measure " + measureId;
                keys(where, measure, Set.of("id", "number", "title", "tags", "currentSituation", "basicPolicy",
                        "initiatives", "relatedPlans", "glossary"), problems);
                expect(problems, where + " id", measureId, measure.get("id"));
                expect(problems, where + " number", circled(m), measure.get("number"));
                unique(ids, measureId, duplicates);
                nonBlank(problems, where + " title", measure.get("title"));
                nonBlank(problems, where + " basicPolicy", measure.get("basicPolicy"));
                nonEmptyStrings(problems, where + " currentSituation", measure.get("currentSituation"));
                nonEmptyStrings(problems, where + " tags", measure.get("tags"));
                stringsOrEmpty(problems, where + " relatedPlans", measure.get("relatedPlans"));
                if (measure.get("tags") instanceof List<?> tags && tags.size() != Set.copyOf(tags).size()) {
                    problems.add(where + " repeats a tag: " + tags);
                }
                if (!(measure.get("glossary") instanceof List<?> glossary)) {
                    problems.add(where + " glossary is not a list (write [] for none)");
                } else {
                    for (Object term : glossary) {
                        @SuppressWarnings("unchecked") Map<String, Object> entry = (Map<String, Object>) term;
                        keys(where + " glossary entry", entry, Set.of("term", "definition"), problems);
                        nonBlank(problems, where + " glossary term", entry.get("term"));
                        nonBlank(problems, where + " glossary definition", entry.get("definition"));
                    }
                }
                List<Map<String, Object>> initiatives = maps(measure, "initiatives");
                if (initiatives.isEmpty()) {
                    problems.add(where + " has no initiatives");
                }
                for (int i = 0; i < initiatives.size(); i++) {
                    Map<String, Object> initiative = initiatives.get(i);
                    String initiativeId = measureId + "-" + (char) ('a' + i);
                    keys("initiative " + initiativeId, initiative, Set.of("id", "number", "category", "items"),
                            problems);
                    expect(problems, where + " initiative #" + (i + 1) + " id", initiativeId, initiative.get("id"));
                    expect(problems, "initiative " + initiativeId + " number", circled(i), initiative.get("number"));
                    unique(ids, String.valueOf(initiative.get("id")), duplicates);
                    nonBlank(problems, "initiative " + initiativeId + " category", initiative.get("category"));
                    List<Map<String, Object>> items = maps(initiative, "items");
                    if (items.isEmpty()) {
                        problems.add("initiative " + initiativeId + " has no items");
                    }
                    for (int t = 0; t < items.size(); t++) {
                        Map<String, Object> item = items.get(t);
                        String itemId = initiativeId + "-" + (t + 1);
                        keys("item " + itemId, item, Set.of("id", "text"), problems);
                        expect(problems, "initiative " + initiativeId + " item #" + (t + 1) + " id", itemId,
                                item.get("id"));
                        unique(ids, String.valueOf(item.get("id")), duplicates);
                        nonBlank(problems, "item " + itemId + " text", item.get("text"));
                    }
                }
            }
        }
        if (!duplicates.isEmpty()) {
            problems.add("ids used more than once: " + duplicates);
        }
        assertThat(ids).as("every id follows measure-initiative-item").allMatch(
                id -> id.matches("\\d+-\\d+-\\d+(-[a-z](-\\d+)?)?"));
        assertThat(problems).withFailMessage(() -> "The plan YAML is incomplete or off its agreed shape:\n  - "
                + String.join("\n  - ", problems)).isEmpty();
    }

    // ------------------------------------------------------------------------------- example plans (issue #14)

    /**
     * Only {@value #PLAN} is taken from the source text; every other plan file is example content and must say so
     * where a reader sees it: {@code example: true}, {@code （例示）} in the plan, goal, area and measure titles, and
     * {@value #EXAMPLE_MARK} at the start of every sentence-bearing field, the first paragraph of each measure saying
     * outright that it is not the real text. An example plan may not borrow a unit of the source either, so nothing
     * in it can pass for what the city actually wrote.
     */
    @Test
    void everyPlanButTheSourcesIsAnExampleThatSaysSoEverywhere() {
        List<String> files = planFiles();
        assertThat(files).contains(PLAN, JOINT_PLAN);
        Set<String> source = sourceUnits(correctedSource());
        List<String> problems = new ArrayList<>();
        for (String file : files) {
            if (file.equals(PLAN)) {
                continue;
            }
            Map<String, Object> root = yaml(file);
            keys(file, root, Set.of("municipality", "plan"), problems);
            Map<String, Object> plan = map(root, "plan");
            keys(file + " plan", plan, Set.of("id", "title", "example", "coOwners", "goals"), problems);
            expect(problems, file + " plan example", Boolean.TRUE, plan.get("example"));
            exampleTitle(problems, file + " plan title", plan.get("title"));
            Set<String> ids = new LinkedHashSet<>();
            List<String> duplicates = new ArrayList<>();
            for (Map<String, Object> goal : maps(plan, "goals")) {
                exampleTitle(problems, file + " goal " + goal.get("number") + " title", goal.get("title"));
                for (Map<String, Object> area : maps(goal, "areas")) {
                    exampleTitle(problems, file + " area " + area.get("id") + " title", area.get("title"));
                    for (Map<String, Object> measure : maps(area, "measures")) {
                        String where = file + " measure " + measure.get("id");
                        unique(ids, String.valueOf(measure.get("id")), duplicates);
                        keys(where, measure, Set.of("id", "number", "title", "tags", "currentSituation",
                                "basicPolicy", "initiatives", "relatedPlans", "glossary"), problems);
                        exampleTitle(problems, where + " title", measure.get("title"));
                        nonEmptyStrings(problems, where + " tags", measure.get("tags"));
                        List<String> situation = strings(measure, "currentSituation");
                        if (situation.isEmpty() || !situation.get(0).contains(NOT_THE_REAL_TEXT)) {
                            problems.add(where + " does not open by saying it is not the real text (\""
                                    + NOT_THE_REAL_TEXT + "\")");
                        }
                        List<String> texts = new ArrayList<>(situation);
                        texts.add(String.valueOf(measure.get("basicPolicy")));
                        for (Map<String, Object> initiative : maps(measure, "initiatives")) {
                            texts.add(String.valueOf(initiative.get("category")));
                            maps(initiative, "items").forEach(item -> texts.add(String.valueOf(item.get("text"))));
                        }
                        texts.stream().filter(text -> !text.startsWith(EXAMPLE_MARK))
                                .forEach(text -> problems.add(where + " text without " + EXAMPLE_MARK + ": " + text));
                        texts.stream().flatMap(text -> sentences(text).stream()).map(String::strip)
                                .filter(source::contains)
                                .forEach(unit -> problems.add(where + " borrows a unit of the source: " + unit));
                    }
                }
            }
            if (!duplicates.isEmpty()) {
                problems.add(file + " uses measure ids more than once: " + duplicates);
            }
        }
        assertThat(problems).withFailMessage(() -> "An example plan does not say plainly that it is one:\n  - "
                + String.join("\n  - ", problems)).isEmpty();
    }

    /**
     * A joint plan's co-owners (agreed with regional-sync-service, which reads {@code plan.coOwners}) are seeded
     * municipalities, never the owner itself, and each hears of every change of every measure of the plan through a
     * subscription it already has: they must approve what they cannot otherwise see.
     */
    @Test
    void aJointPlansCoOwnersAreSeededMunicipalitiesThatHearOfEachOfItsMeasures() {
        Map<String, Object> root = yaml(JOINT_PLAN);
        Map<String, Object> plan = map(root, "plan");
        assertThat(plan).containsEntry("id", "abashiri-ozora-settlement-vision");
        assertThat(strings(plan, "coOwners")).containsExactly("ozora");
        assertThat(map(root, "municipality")).containsEntry("id", "abashiri");
        Map<String, Map<String, Object>> partners = new LinkedHashMap<>();
        maps(yaml(PARTNERS), "partners").forEach(partner -> partners.put(string(partner, "id"), partner));
        List<String> problems = new ArrayList<>();
        for (String coOwner : strings(plan, "coOwners")) {
            Map<String, Object> partner = partners.get(coOwner);
            if (partner == null || !"MUNICIPALITY".equals(partner.get("kind"))) {
                problems.add("co-owner " + coOwner + " is not a seeded partner of kind MUNICIPALITY");
                continue;
            }
            for (Map<String, Object> goal : maps(plan, "goals")) {
                for (Map<String, Object> area : maps(goal, "areas")) {
                    for (Map<String, Object> measure : maps(area, "measures")) {
                        for (String type : List.of(MEASURE_REVISED, MEASURE_APPROVED)) {
                            boolean heard = maps(partner, "subscriptions").stream().anyMatch(subscription ->
                                    matches(subscription, type, string(measure, "id"), strings(measure, "tags")));
                            if (!heard) {
                                problems.add(coOwner + " has no subscription matching " + type + " of "
                                        + measure.get("id") + " " + strings(measure, "tags"));
                            }
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void exampleTitle(List<String> problems, String what, Object title) {
        if (!(title instanceof String text) || !text.endsWith(EXAMPLE_TITLE)) {
            problems.add(what + " does not end with " + EXAMPLE_TITLE + ": " + quoted(title));
        }
    }

    /** The plan files as plan-service and regional-sync-service find them: {@code classpath*:seeds/plan/*.yml}. */
    private static List<String> planFiles() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(
                SeedFidelityTest.class.getClassLoader().getResource("seeds/plan").toURI()))) {
            return files.map(path -> "seeds/plan/" + path.getFileName()).filter(name -> name.endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ the partners

    @Test
    void theFourPartnersAreSeededWithWellFormedSubscriptions() {
        List<Map<String, Object>> partners = maps(yaml(PARTNERS), "partners");
        assertThat(partners).extracting(partner -> partner.get("id"))
                .containsExactlyInAnyOrderElementsOf(PARTNER_IDS);
        Set<String> measureIds = measuresById(yaml(PLAN)).keySet();
        List<String> problems = new ArrayList<>();
        Set<String> subscriptionIds = new LinkedHashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (Map<String, Object> partner : partners) {
            String where = "partner " + partner.get("id");
            keys(where, partner, Set.of("id", "name", "nameEn", "kind", "description", "subscriptions"), problems);
            nonBlank(problems, where + " name", partner.get("name"));
            nonBlank(problems, where + " nameEn", partner.get("nameEn"));
            nonBlank(problems, where + " description", partner.get("description"));
            if (!PARTNER_KINDS.contains(partner.get("kind"))) {
                problems.add(where + " kind " + partner.get("kind") + " is not one of " + PARTNER_KINDS);
            }
            List<Map<String, Object>> subscriptions = maps(partner, "subscriptions");
            if (subscriptions.isEmpty()) {
                problems.add(where + " has no subscriptions");
            }
            for (Map<String, Object> subscription : subscriptions) {
                String sub = where + " subscription " + subscription.get("id");
                keys(sub, subscription, Set.of("id", "description", "eventTypes", "measures", "tags", "delivery"),
                        problems);
                unique(subscriptionIds, String.valueOf(subscription.get("id")), duplicates);
                nonBlank(problems, sub + " description", subscription.get("description"));
                nonEmptyStrings(problems, sub + " eventTypes", subscription.get("eventTypes"));
                for (String type : strings(subscription, "eventTypes")) {
                    boolean wellFormed = type.endsWith("*")
                            ? type.startsWith("jp.renkei.")
                            : EXACT_EVENT_TYPE.matcher(type).matches();
                    if (!wellFormed) {
                        problems.add(sub + " event type " + type + " is neither a jp.renkei. prefix nor an exact type");
                    }
                }
                stringsOrEmpty(problems, sub + " measures", subscription.get("measures"));
                stringsOrEmpty(problems, sub + " tags", subscription.get("tags"));
                for (String measure : strings(subscription, "measures")) {
                    if (!measureIds.contains(measure)) {
                        problems.add(sub + " names measure " + measure + ", which the plan does not have");
                    }
                }
                if (!Set.of("WEBHOOK", "FEED").contains(subscription.get("delivery"))) {
                    problems.add(sub + " delivery " + subscription.get("delivery") + " is not WEBHOOK or FEED");
                }
            }
        }
        if (!duplicates.isEmpty()) {
            problems.add("subscription ids used more than once: " + duplicates);
        }
        assertThat(problems).withFailMessage(() -> "partners.yml is off its agreed shape:\n  - "
                + String.join("\n  - ", problems)).isEmpty();
    }

    @Test
    void everySubscriptionTagOccursOnAMeasure() {
        Set<String> measureTags = measuresById(yaml(PLAN)).values().stream()
                .flatMap(measure -> strings(measure, "tags").stream())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        List<String> unknown = new ArrayList<>();
        for (Map<String, Object> partner : maps(yaml(PARTNERS), "partners")) {
            for (Map<String, Object> subscription : maps(partner, "subscriptions")) {
                for (String tag : strings(subscription, "tags")) {
                    if (!measureTags.contains(tag)) {
                        unknown.add(subscription.get("id") + ": " + tag);
                    }
                }
            }
        }
        assertThat(unknown).withFailMessage(() -> "subscription tags that no measure carries (they could never "
                + "match):\n  - " + String.join("\n  - ", unknown) + "\nmeasure tags: " + measureTags).isEmpty();
    }

    /** 5-2-2 names the fire union among the city's wide-area administration: it hears of 広域連携 too (issue #13). */
    @Test
    void aRevisionOfWideAreaCollaborationReachesOzoraTheCouncilAndTheFireUnion() {
        Map<String, Object> measure = measuresById(yaml(PLAN)).get("5-2-2");
        assertThat(measure).as("measure 5-2-2").isNotNull();
        List<String> tags = strings(measure, "tags");

        Map<String, List<String>> matching = new TreeMap<>();
        for (Map<String, Object> partner : maps(yaml(PARTNERS), "partners")) {
            for (Map<String, Object> subscription : maps(partner, "subscriptions")) {
                if (matches(subscription, MEASURE_REVISED, "5-2-2", tags)) {
                    matching.computeIfAbsent(string(partner, "id"), id -> new ArrayList<>())
                            .add(string(subscription, "id"));
                }
            }
        }
        assertThat(matching.keySet())
                .as("partners whose subscriptions match %s of 5-2-2 with tags %s (matching subscriptions: %s)",
                        MEASURE_REVISED, tags, matching)
                .contains("ozora", "okhotsk-council", "abashiri-fire-union");
    }

    /** The wide-area subscriptions carry a measure's progress (issue #13): published evaluations reach the partners. */
    @Test
    void progressOfWideAreaCollaborationReachesTheSamePartnersAsItsRevisions() {
        List<String> tags = strings(measuresById(yaml(PLAN)).get("5-2-2"), "tags");
        for (String type : List.of("jp.renkei.plan.indicator.created.v1", "jp.renkei.plan.actual.recorded.v1",
                "jp.renkei.plan.evaluation.published.v1")) {
            Set<String> reached = new java.util.TreeSet<>();
            for (Map<String, Object> partner : maps(yaml(PARTNERS), "partners")) {
                for (Map<String, Object> subscription : maps(partner, "subscriptions")) {
                    if (matches(subscription, type, "5-2-2", tags)) {
                        reached.add(string(partner, "id"));
                    }
                }
            }
            assertThat(reached).as(type).contains("ozora", "okhotsk-council", "abashiri-fire-union");
        }
    }

    /** The routing rule of regional-sync-service, reduced to what the seeds decide. */
    private static boolean matches(Map<String, Object> subscription, String type, String measureId, List<String> tags) {
        List<String> types = strings(subscription, "eventTypes");
        boolean typeMatches = types.isEmpty() || types.stream().anyMatch(pattern -> pattern.endsWith("*")
                ? type.startsWith(pattern.substring(0, pattern.length() - 1))
                : type.equals(pattern));
        List<String> measures = strings(subscription, "measures");
        List<String> wanted = strings(subscription, "tags");
        return typeMatches
                && (measures.isEmpty() || measures.contains(measureId))
                && (wanted.isEmpty() || wanted.stream().anyMatch(tags::contains));
    }

    // ------------------------------------------------------------------------------------ reading the source

    private static String correctedSource() {
        String source = text(SOURCE);
        for (Map<String, Object> correction : corrections()) {
            String from = string(correction, "source");
            assertThat(occurrences(source, from)).as("occurrences of correction source \"%s\"", from).isEqualTo(1);
            source = source.replace(from, string(correction, "corrected"));
        }
        return source;
    }

    /** Blocks of consecutive non-blank lines; {@code **} (headings run together by the extraction) breaks blocks. */
    private static List<List<String>> blocks(String source) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> block = new ArrayList<>();
        for (String line : source.replace("**", "\n\n").split("\n", -1)) {
            if (line.isBlank()) {
                if (!block.isEmpty()) {
                    blocks.add(block);
                    block = new ArrayList<>();
                }
            } else {
                block.add(line);
            }
        }
        if (!block.isEmpty()) {
            blocks.add(block);
        }
        return blocks;
    }

    private record Banners(Map<Integer, String> goals, List<String> body) {
    }

    /** Takes the goal banners out: their titles by goal number, and every other line in order. */
    private static Banners splitBanners(List<List<String>> blocks) {
        Map<Integer, String> goals = new TreeMap<>();
        List<String> body = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            List<String> block = blocks.get(b);
            Matcher banner = BANNER_BLOCK.matcher(block.get(0).strip());
            if (block.size() == 1 && banner.matches()) {
                assertThat(b + 1).as("banner %s is followed by its title", block.get(0)).isLessThan(blocks.size());
                String title = blocks.get(++b).stream().map(String::strip).collect(Collectors.joining());
                goal(goals, Integer.parseInt(banner.group(1)), title);
                continue;
            }
            for (String line : block) {
                Matcher single = BANNER_LINE.matcher(line.strip());
                if (single.matches()) {
                    goal(goals, Integer.parseInt(single.group(1)), single.group(2).strip());
                } else {
                    body.add(line);
                }
            }
        }
        return new Banners(goals, body);
    }

    private static void goal(Map<Integer, String> goals, int number, String title) {
        String earlier = goals.putIfAbsent(number, title);
        assertThat(earlier == null ? title : earlier).as("the banners of goal %d agree", number).isEqualTo(title);
    }

    /** The content units of the source; see the class comment. */
    private static Set<String> sourceUnits(String corrected) {
        Banners banners = splitBanners(blocks(corrected));
        Set<String> units = new LinkedHashSet<>(banners.goals().values());
        for (String line : banners.body()) {
            if (line.strip().equals(TABLE_HEADER) || SECTION_HEADINGS.contains(line.strip())) {
                continue;
            }
            for (String cell : UL_TAG.matcher(line).replaceAll("").split("\t")) {
                for (String bullet : cell.split("▪")) {
                    String piece = bullet.strip();
                    if (piece.startsWith("- ")) {
                        piece = piece.substring(2).strip();
                    }
                    Matcher numbered = NUMBERED.matcher(piece);
                    if (numbered.matches()) {
                        piece = numbered.group(2).strip();
                    }
                    for (String part : piece.split(GLOSSARY_SEPARATOR)) {
                        for (String sentence : sentences(part)) {
                            if (!sentence.strip().isEmpty()) {
                                units.add(sentence.strip());
                            }
                        }
                    }
                }
            }
        }
        return units;
    }

    private record SourceStructure(List<String> toc, List<Map<String, Object>> measures) {
    }

    /**
     * The source as measures, each in the comparable shape of {@link #comparable}. Strict: a line it cannot place
     * fails the test, so no content can slip past unread.
     */
    private static SourceStructure sourceStructure(String corrected) {
        List<String> body = splitBanners(blocks(corrected)).body().stream().map(String::strip).toList();
        List<String> toc = new ArrayList<>();
        List<Map<String, Object>> measures = new ArrayList<>();
        String area = null;
        String section = null;
        Map<String, Object> measure = null;
        for (int i = 0; i < body.size(); i++) {
            String line = body.get(i);
            String next = i + 1 < body.size() ? body.get(i + 1) : "";
            if (SECTION_HEADINGS.contains(line)) {
                assertThat(measure).as("section heading %s comes after a measure heading", line).isNotNull();
                section = line;
                continue;
            }
            if (line.equals(TABLE_HEADER)) {
                continue;
            }
            if (line.startsWith("- ") && NUMBERED.matcher(line.substring(2)).matches()) {
                Matcher entry = NUMBERED.matcher(line.substring(2));
                entry.matches();
                toc.add(area + " " + entry.group(1) + " " + entry.group(2).strip());
                continue;
            }
            boolean heading = !line.contains("\t") && NUMBERED.matcher(line).matches();
            if (!line.contains("\t") && !heading && !line.startsWith("- ") && (NUMBERED.matcher(next).matches()
                    || next.startsWith("- ") && NUMBERED.matcher(next.substring(2)).matches())) {
                area = line;
                section = null;
                continue;
            }
            if (heading && section == null) {
                Matcher numbered = NUMBERED.matcher(line);
                numbered.matches();
                measure = new LinkedHashMap<>();
                measure.put("area", area);
                measure.put("number", numbered.group(1));
                measure.put("title", numbered.group(2).strip());
                for (String list : List.of("currentSituation", "basicPolicy", "initiatives", "relatedPlans",
                        "glossary")) {
                    measure.put(list, new ArrayList<>());
                }
                measures.add(measure);
                continue;
            }
            assertThat(section).as("line %d of the body is in a section: %s", i, line).isNotNull();
            switch (section) {
                case "現状と課題" -> list(measure, "currentSituation").add(line);
                case "基本方針" -> list(measure, "basicPolicy").add(line);
                case "施策の展開" -> {
                    String[] cells = line.split("\t");
                    assertThat(cells).as("table row %s has 施策の区分 and 施策の内容", line).hasSize(2);
                    Matcher numbered = NUMBERED.matcher(cells[0].strip());
                    assertThat(numbered.matches()).as("施策の区分 %s starts with a circled number", cells[0]).isTrue();
                    List<String> items = new ArrayList<>();
                    for (String item : UL_TAG.matcher(cells[1]).replaceAll("").split("▪")) {
                        if (!item.isBlank()) {
                            items.add(item.strip());
                        }
                    }
                    Map<String, Object> initiative = new LinkedHashMap<>();
                    initiative.put("number", numbered.group(1));
                    initiative.put("category", numbered.group(2).strip());
                    initiative.put("items", items);
                    list(measure, "initiatives").add(initiative);
                }
                case "関連する個別計画" -> {
                    if (line.startsWith("- ")) {
                        list(measure, "relatedPlans").add(line.substring(2).strip());
                    } else {
                        String[] parts = line.split(GLOSSARY_SEPARATOR, -1);
                        assertThat(parts).as("glossary line %s is `term — definition`", line).hasSize(2);
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("term", parts[0].strip());
                        entry.put("definition", parts[1].strip());
                        list(measure, "glossary").add(entry);
                    }
                }
                default -> throw new IllegalStateException(section);
            }
        }
        return new SourceStructure(toc, measures);
    }

    // -------------------------------------------------------------------------------------- reading the data

    /** The content units of the plan YAML; see the class comment. */
    private static Set<String> dataUnits(Map<String, Object> root) {
        Set<String> units = new LinkedHashSet<>();
        for (Map<String, Object> goal : maps(map(root, "plan"), "goals")) {
            addSentences(units, string(goal, "title"));
            for (Map<String, Object> area : mapsOrNone(goal, "areas")) {
                addSentences(units, string(area, "title"));
                for (Map<String, Object> measure : maps(area, "measures")) {
                    addSentences(units, string(measure, "title"));
                    strings(measure, "currentSituation").forEach(paragraph -> addSentences(units, paragraph));
                    addSentences(units, string(measure, "basicPolicy"));
                    for (Map<String, Object> initiative : mapsOrNone(measure, "initiatives")) {
                        addSentences(units, string(initiative, "category"));
                        maps(initiative, "items").forEach(item -> addSentences(units, string(item, "text")));
                    }
                    strings(measure, "relatedPlans").forEach(plan -> addSentences(units, plan));
                    for (Map<String, Object> entry : mapsOrNone(measure, "glossary")) {
                        addSentences(units, string(entry, "term"));
                        addSentences(units, string(entry, "definition"));
                    }
                }
            }
        }
        return units;
    }

    private static void addSentences(Set<String> units, String text) {
        if (text == null || text.isEmpty()) {
            units.add(String.valueOf(text)); // shows up as an extra unit
            return;
        }
        units.addAll(sentences(text));
    }

    /** The measure as the source can state it: no ids, no tags; basicPolicy as its list of paragraphs. */
    private static Map<String, Object> comparable(String areaTitle, Map<String, Object> measure) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("area", areaTitle);
        out.put("number", measure.get("number"));
        out.put("title", measure.get("title"));
        out.put("currentSituation", measure.get("currentSituation"));
        out.put("basicPolicy", List.of(String.valueOf(measure.get("basicPolicy"))));
        List<Map<String, Object>> initiatives = new ArrayList<>();
        for (Map<String, Object> initiative : maps(measure, "initiatives")) {
            Map<String, Object> comparable = new LinkedHashMap<>();
            comparable.put("number", initiative.get("number"));
            comparable.put("category", initiative.get("category"));
            comparable.put("items", maps(initiative, "items").stream().map(item -> item.get("text")).toList());
            initiatives.add(comparable);
        }
        out.put("initiatives", initiatives);
        out.put("relatedPlans", measure.get("relatedPlans"));
        out.put("glossary", measure.get("glossary"));
        return out;
    }

    private static Map<String, Object> goal5(Map<String, Object> root) {
        return maps(map(root, "plan"), "goals").stream().filter(goal -> Integer.valueOf(5).equals(goal.get("number")))
                .findFirst().orElseThrow(() -> new AssertionError("the plan has no goal 5"));
    }

    private static Map<String, Map<String, Object>> measuresById(Map<String, Object> root) {
        Map<String, Map<String, Object>> measures = new LinkedHashMap<>();
        for (Map<String, Object> area : maps(goal5(root), "areas")) {
            for (Map<String, Object> measure : maps(area, "measures")) {
                measures.put(string(measure, "id"), measure);
            }
        }
        return measures;
    }

    private static List<Map<String, Object>> corrections() {
        return maps(yaml(CORRECTIONS), "corrections");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Pieces of prose, each ending after its {@code 。} (the last may have none); not trimmed. */
    private static List<String> sentences(String prose) {
        List<String> out = new ArrayList<>();
        for (String sentence : prose.split("(?<=。)")) {
            if (!sentence.isEmpty()) {
                out.add(sentence);
            }
        }
        return out;
    }

    private static boolean noisy(String unit) {
        return unit.isBlank() || NOISE.stream().anyMatch(unit::contains);
    }

    private static void listProblem(List<String> problems, String heading, List<String> units) {
        if (!units.isEmpty()) {
            problems.add(heading + " (" + units.size() + "):");
            units.forEach(unit -> problems.add("  - \"" + unit + "\""));
        }
    }

    /** The source unit sharing the longest common prefix with {@code unit}: where a one-character slip hides. */
    private static String nearest(String unit, Set<String> candidates) {
        String best = "";
        int bestScore = -1;
        for (String candidate : candidates) {
            int prefix = firstDifference(unit, candidate);
            int suffix = 0;
            while (suffix < Math.min(unit.length(), candidate.length()) - prefix
                    && unit.charAt(unit.length() - 1 - suffix) == candidate.charAt(candidate.length() - 1 - suffix)) {
                suffix++;
            }
            if (prefix + suffix > bestScore) {
                bestScore = prefix + suffix;
                best = candidate;
            }
        }
        return best;
    }

    private static int firstDifference(String a, String b) {
        int at = 0;
        while (at < Math.min(a.length(), b.length()) && a.charAt(at) == b.charAt(at)) {
            at++;
        }
        return at;
    }

    /** Path-by-path differences between what the source says and what the data says. */
    private static void diff(String path, Object source, Object data, List<String> out) {
        if (source instanceof Map<?, ?> expected && data instanceof Map<?, ?> actual) {
            Set<Object> keys = new LinkedHashSet<>(expected.keySet());
            keys.addAll(actual.keySet());
            for (Object key : keys) {
                diff(path + " › " + key, expected.get(key), actual.get(key), out);
            }
        } else if (source instanceof List<?> expected && data instanceof List<?> actual) {
            if (expected.size() != actual.size()) {
                out.add(path + ": " + expected.size() + " entries in the source, " + actual.size()
                        + " in the data\n      source: " + expected + "\n      data:   " + actual);
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                diff(path + "[" + i + "]", expected.get(i), actual.get(i), out);
            }
        } else if (source == null ? data != null : !source.equals(data)) {
            out.add(path + ":\n      source: " + quoted(source) + "\n      data:   " + quoted(data));
        }
    }

    private static String quoted(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    private static void keys(String where, Map<String, Object> map, Set<String> required, List<String> problems) {
        Set<String> missing = new LinkedHashSet<>(required);
        missing.removeAll(map.keySet());
        Set<String> unknown = new LinkedHashSet<>(map.keySet());
        unknown.removeAll(required);
        if (!missing.isEmpty()) {
            problems.add(where + " lacks " + missing);
        }
        if (!unknown.isEmpty()) {
            problems.add(where + " has keys outside the agreed shape: " + unknown);
        }
    }

    private static void expect(List<String> problems, String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            problems.add(what + " is " + quoted(actual) + ", expected " + quoted(expected));
        }
    }

    private static void unique(Set<String> seen, String id, List<String> duplicates) {
        if (!seen.add(id)) {
            duplicates.add(id);
        }
    }

    private static void nonBlank(List<String> problems, String what, Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            problems.add(what + " is empty or not a string: " + quoted(value));
        }
    }

    private static void nonEmptyStrings(List<String> problems, String what, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problems.add(what + " is empty or not a list: " + value);
        } else {
            stringsOrEmpty(problems, what, value);
        }
    }

    private static void stringsOrEmpty(List<String> problems, String what, Object value) {
        if (!(value instanceof List<?> list)) {
            problems.add(what + " is not a list (write [] for none): " + value);
        } else if (list.stream().anyMatch(entry -> !(entry instanceof String text) || text.isBlank())) {
            problems.add(what + " holds an empty or non-string entry: " + list);
        }
    }

    private static String circled(int index) {
        return String.valueOf(CIRCLED.charAt(index));
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> map, String key) {
        return (List<Object>) map.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> map, String key) {
        Object value = map.get(key);
        assertThat(value).as("%s is a mapping", key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Map<String, Object> map, String key) {
        Object value = map.get(key);
        assertThat(value).as("%s is a list", key).isInstanceOf(List.class);
        assertThat((List<Object>) value).as("entries of %s are mappings", key).allMatch(Map.class::isInstance);
        return (List<Map<String, Object>>) value;
    }

    private static List<Map<String, Object>> mapsOrNone(Map<String, Object> map, String key) {
        return map.get(key) == null ? List.of() : maps(map, key);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        assertThat(value).as("%s is a list", key).isInstanceOf(List.class);
        assertThat((List<Object>) value).as("entries of %s are strings", key).allMatch(String.class::isInstance);
        return (List<String>) value;
    }

    private static String string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        assertThat(value).as("%s of %s is a string", key, map.get("id")).isInstanceOf(String.class);
        return (String) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String resource) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text(resource));
        assertThat(tree).as("%s is a YAML mapping", resource).isInstanceOf(Map.class);
        return (Map<String, Object>) tree;
    }

    private static String text(String resource) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes(resource))).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(resource + " is not valid UTF-8", e);
        }
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = SeedFidelityTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("classpath resource %s", resource).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
