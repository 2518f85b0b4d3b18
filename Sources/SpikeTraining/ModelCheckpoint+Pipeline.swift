import SpikeModel
import SpikeNet

extension ModelCheckpoint {
    /// A checkpoint of `network` trained by `pipeline`, which the file keeps whole as JSON.
    public init(pipeline: PipelineConfig, network: Network, epoch: Int, optimizer: OptimizerState,
                createdBy: String) throws {
        try self.init(pipelineJSON: pipeline.json(), network: network, epoch: epoch, optimizer: optimizer,
                      createdBy: createdBy)
    }

    /// The whole pipeline the model was trained with (the model file carries it as JSON).
    public var pipeline: PipelineConfig {
        get throws(PipelineConfigError) { try PipelineConfig.fromJSON(pipelineJSON) }
    }
}
