package jp.renkei.plan.progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the EXAMPLE indicator set for Goal 5 ({@code seeds/examples/progress-goal5.example.yml}, invented numbers,
 * not seed data) when {@code renkei.plan.examples.progress} is true, so that a new user sees progress management
 * populated. It goes through {@link ProgressService} like an editor, adds what is missing and changes nothing that
 * exists: an indicator that is there, or an actual already recorded, is left alone.
 */
@Component
@ConditionalOnBooleanProperty("renkei.plan.examples.progress")
class ExampleIndicators {

    static final String FILE = "seeds/examples/progress-goal5.example.yml";
    private static final Logger log = LoggerFactory.getLogger(ExampleIndicators.class);
    private static final String LOADER = "example-loader";
    private static final String REASON = "例示データ（実在の数値ではありません）";

    private final ProgressService progress;
    private final JsonMapper json;

    ExampleIndicators(ProgressService progress, JsonMapper json) {
        this.progress = progress;
        this.json = json;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        ExampleFile file;
        try (InputStream in = new ClassPathResource(FILE).getInputStream()) {
            Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            file = json.convertValue(tree, ExampleFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
        int added = 0;
        for (ExampleIndicator example : file.indicators()) {
            Progress current = progress.get(file.planId(), example.measureId());
            if (current.indicator(example.indicatorId()).isEmpty()) {
                progress.defineIndicator(file.planId(), example.measureId(), example.indicatorId(),
                        example.definition(), LOADER, REASON);
                added++;
            }
            for (ExampleActual actual : example.actuals()) {
                FiscalYear year = new FiscalYear(actual.fiscalYear());
                if (progress.get(file.planId(), example.measureId()).actual(example.indicatorId(), year).isEmpty()) {
                    progress.recordActual(file.planId(), example.measureId(), new ProgressService.ActualRecording(
                            example.indicatorId(), year, null, actual.value(), actual.asOf(), "example", "【例示】",
                            LOADER, REASON));
                    added++;
                }
            }
        }
        log.info("example progress for {}: {} indicators and actuals added from {}", file.planId(), added, FILE);
    }

    record ExampleFile(String planId, List<ExampleIndicator> indicators) {
    }

    record ExampleIndicator(String measureId, String indicatorId, String name, String unit, Direction direction,
                            Point baseline, Point target, List<ExampleActual> actuals) {

        IndicatorDefinition definition() {
            return new IndicatorDefinition(name, unit, direction, baseline.value(), new FiscalYear(baseline.fiscalYear()),
                    target.value(), new FiscalYear(target.fiscalYear()), "example", "【例示】実在の数値ではありません", null);
        }
    }

    record Point(BigDecimal value, int fiscalYear) {
    }

    record ExampleActual(int fiscalYear, BigDecimal value, LocalDate asOf) {
    }
}
