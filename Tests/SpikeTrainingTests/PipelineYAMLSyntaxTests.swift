import SpikeModel
import SpikeTraining
import Testing

@Suite("YAML syntax errors name the file, line and column")
struct PipelineYAMLSyntaxTests {
    @Test("an unclosed flow mapping and a bad indentation point at their line and column")
    func syntaxErrorsHaveAPlace() {
        #expect(throws: PipelineConfigError.yamlSyntax(
            path: "p.yaml", line: 3, column: 8,
            problem: "did not find expected ',' or '}' (while parsing a flow mapping at line 2)")) {
            try PipelineConfig.parse(yaml: "name: x\ndataset: {name: nmnist\nnetwork: {spec: 2312-10}\n", source: "p.yaml")
        }
        #expect(throws: PipelineConfigError.yamlSyntax(path: "p.yaml", line: 4, column: 8,
                                                       problem: "mapping values are not allowed in this context")) {
            try PipelineConfig.parse(yaml: "name: x\ndataset:\n  name: nmnist\n   root: x\n", source: "p.yaml")
        }
        #expect(PipelineConfigError.yamlSyntax(path: "p.yaml", line: 4, column: 8, problem: "mapping values are not "
                                               + "allowed in this context").description
                == "pipeline file 'p.yaml', line 4, column 8: not valid YAML: mapping values are not allowed in this "
                + "context; fix it there (see docs/PIPELINES.md).")
    }
}
