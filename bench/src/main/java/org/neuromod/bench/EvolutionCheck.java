// Did evolution help? Retrains a run's best genome and its generation 0's best genome on fresh training seeds
// (never used in the run) and reports each one's mean validation accuracy. Generation 0 is rebuilt from the
// run's settings (its genomes depend only on the run seed), its best picked by the logged fitness.
//
//   java -cp bench/target/benchmarks.jar org.neuromod.bench.EvolutionCheck RUN_DIR [SEEDS] [DATA_DIR]
package org.neuromod.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.neuromod.evolve.Candidate;
import org.neuromod.evolve.Evolution;
import org.neuromod.evolve.Fitness;
import org.neuromod.evolve.PopulationEvaluator;
import org.neuromod.evolve.Settings;
import org.neuromod.evolve.Strategy;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backends;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.Seeds;
import org.neuromod.nn.TrainingData;
import org.neuromod.nn.data.DataSetName;
import org.neuromod.nn.data.DataSets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

public final class EvolutionCheck {
    private EvolutionCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path run = Path.of(args[0]);
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Settings s = new ObjectMapper(new YAMLFactory()).readValue(run.resolve("config.yaml").toFile(), Settings.class);
        UpdateRule rule = UpdateRules.byName(s.rule());
        Strategy strategy = Strategy.of(s.strategy(), org.neuromod.modulators.Genomes.kind(s.kind()).variation(), rule, s.mu(), s.lambda());
        List<Candidate> generation0 = strategy.ask(0, Evolution.streams(s.seed(), 0));
        ObjectMapper json = new ObjectMapper();
        long bestId = -1;
        double bestFitness = Double.POSITIVE_INFINITY;
        for (String line : Files.readAllLines(run.resolve("log.jsonl"))) {
            JsonNode node = json.readTree(line);
            if (node.get("type").asText().equals("candidate") && node.get("generation").asInt() == 0
                    && !node.get("fitness").isNull() && node.get("fitness").asDouble() < bestFitness) {
                bestFitness = node.get("fitness").asDouble();
                bestId = node.get("id").asLong();
            }
        }
        long id = bestId;
        Genome first = generation0.stream().filter(c -> c.id() == id).findFirst().orElseThrow().genome();
        Genome best = Genomes.read(run.resolve("best.json"));
        DataSetName name = DataSetName.parse(s.data());
        Path dir = args.length > 2 ? Path.of(args[2]) : DataSets.defaultDir(name);
        TrainingData data = TrainingData.of(DataSets.load(name, dir), s.limit(), s.validation());
        ParamLayout layout = ParamLayout.of(new MlpSpec(data.inputWidth(), s.hidden(), Activation.parse(s.activation()),
                data.classes()));
        double[] sums = new double[2];
        List<String> rows = new ArrayList<>();
        try (PopulationEvaluator evaluator = new PopulationEvaluator(() -> Backends.open("jvm", s.threads()), layout,
                rule, data, s.batch(), s.epochs(), s.steps(), s.modulateEvery(), 2)) {
            for (int k = 0; k < seeds; k++) {
                // beyond every generation's seeds: never used in the run
                long index = 2L * (s.generations() + 1000 + k);
                List<Fitness> f = evaluator.evaluate(List.of(first, best),
                        Seeds.key(s.seed(), Seeds.Purpose.GENERATION, index),
                        Seeds.key(s.seed(), Seeds.Purpose.GENERATION, index + 1));
                sums[0] += f.get(0).validationAccuracy();
                sums[1] += f.get(1).validationAccuracy();
                rows.add(String.format("seed %d: generation 0's best %.4f, run's best %.4f", k, f.get(0).validationAccuracy(),
                        f.get(1).validationAccuracy()));
            }
        }
        rows.forEach(System.out::println);
        System.out.printf("mean validation accuracy over %d fresh seeds: generation 0's best %.4f, run's best %.4f%n",
                seeds, sums[0] / seeds, sums[1] / seeds);
    }
}
