@testable import SpikeDatasets
import SpikeEvents
import Testing

/// The registry: one descriptor per dataset, names unique, class names in the label order each catalog uses.
@Suite("Dataset registry")
struct DatasetRegistryTests {
    @Test("every dataset once, found by name, in help order")
    func names() {
        #expect(DatasetRegistry.names == ["nmnist", "dvsgesture", "cifar10dvs", "speechcommands", "ncaltech101", "ncars", "shd", "ssc"])
        for descriptor in DatasetRegistry.all { #expect(DatasetRegistry.named(descriptor.name)?.title == descriptor.title) }
        #expect(DatasetRegistry.named("mnist") == nil)
    }

    @Test("every dataset carries its download, under its own name, with a checksum for each file fetched without a person")
    func downloads() {
        for descriptor in DatasetRegistry.all {
            guard let download = descriptor.download else {
                Issue.record("\(descriptor.name) has no download source")
                continue
            }
            #expect(download.name == descriptor.name)
            #expect(!download.files.isEmpty)
            if download.manualSteps == nil { #expect(download.files.allSatisfy { $0.checksum != nil }, "\(descriptor.name)") }
        }
    }

    @Test("class names and sensors as the papers and our catalogs give them")
    func classesAndSensors() {
        #expect(DatasetDescriptor.speechCommands.classNames
                == ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go", "_unknown_", "_silence_"])
        #expect(DatasetDescriptor.nmnist.classNames == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        #expect(DatasetDescriptor.dvsGesture.classNames.count == 11 && DatasetDescriptor.dvsGesture.classNames[0] == "hand clapping")
        #expect(DatasetDescriptor.cifar10DVS.classNames.first == "airplane" && DatasetDescriptor.cifar10DVS.classNames.count == 10)
        #expect(DatasetDescriptor.nCARS.classNames == ["background", "car"])
        #expect(DatasetDescriptor.nCaltech101.sensorSize == SensorSize(width: 240, height: 180))
        #expect(DatasetDescriptor.nCARS.sensorSize == SensorSize(width: 304, height: 240))
        #expect(DatasetDescriptor.cifar10DVS.settings == [.trainRatio, .splitSeed, .orientation])
        #expect(DatasetDescriptor.nCaltech101.settings == [.trainRatio, .splitSeed] && DatasetDescriptor.nCARS.settings.isEmpty)
    }

    @Test("numeric file order: the first number in a name, names without one last")
    func numericOrder() {
        #expect(DatasetFolder.sortedNumerically(["obj_000010_td.dat", "x.dat", "obj_000009_td.dat", "image_0002.bin"],
                                                number: DatasetFolder.firstNumber(in:))
                == ["image_0002.bin", "obj_000009_td.dat", "obj_000010_td.dat", "x.dat"])
    }
}
