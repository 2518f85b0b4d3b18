import SpikeDatasets
import SpikeModel
import SpikeStreaming
import Testing

/// `stream`'s format for a model trained on a dataset comes from the dataset's descriptor.
@Suite("Stream formats of the registered datasets")
struct DatasetStreamFormatTests {
    @Test("each dataset's format, by hand; SHD/SSC have none; every named format exists")
    func formats() {
        let expected: [String: StreamFormat?] = ["nmnist": .nmnist, "dvsgesture": .aedat31, "cifar10dvs": .aedat2,
                                                 "speechcommands": .wav, "ncaltech101": .nmnist, "ncars": .dat,
                                                 "shd": nil, "ssc": nil, "synthetic-nmnist": .nmnist]
        #expect(Set(DatasetName.allCases.map(\.rawValue)) == Set(expected.keys))
        for name in DatasetName.allCases { #expect(StreamFormat(dataset: name) == expected[name.rawValue]!, "\(name)") }
        for descriptor in DatasetRegistry.all {
            if let format = descriptor.streamFormat { #expect(StreamFormat(rawValue: format) != nil, "\(descriptor.name)") }
        }
    }
}
