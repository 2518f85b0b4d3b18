/// DVS128-Gesture [Amir et al. 2017]: 11 gestures by 29 people under 5 lightings, one AEDAT 3.1 file per
/// trial, cut into samples by its labels CSV; the official split lists 23 people's trials for training.
extension DatasetDescriptor {
    public static let dvsGesture = DatasetDescriptor(
        name: "dvsgesture", title: "DVS128-Gesture",
        layout: "trials_to_train.txt, trials_to_test.txt, userNN_lighting.aedat + _labels.csv",
        sensorSize: DVSGestureCatalog.sensorSize, classNames: GestureLabels.classNames,
        splitRule: gestureSplitRule,
        streamFormat: "aedat31",
        emptySampleHint: "their _labels.csv windows, in µs, fall outside their recordings' time stamps",
        download: .dvsgesture
    ) { settings in
        DatasetContents(samples: try DVSGestureCatalog(root: settings.root).samples,
                        classNames: GestureLabels.classNames, loader: .eventFiles(sensor: DVSGestureCatalog.sensorSize),
                        attributes: ["split_rule": gestureSplitRule])
    }
}

private let gestureSplitRule = "official trials_to_train.txt / trials_to_test.txt; samples = label windows [start, end)"
