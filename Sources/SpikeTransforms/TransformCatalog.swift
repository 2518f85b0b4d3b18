/// Every event transform by its `name`: what JSON `type` tags and spec strings may name.
public enum TransformCatalog {
    public static let all: [any EventTransform.Type] = [
        BoxCrop.self, CenterCrop.self, RandomCrop.self, Downsample.self,
        FlipLR.self, FlipUD.self, FlipPolarity.self, RandomFlip.self, MergePolarities.self,
        CropTime.self, TimeAlignment.self, TimeSkew.self, TimeJitter.self, SpatialJitter.self, DelayLines.self,
        DropEvent.self, DropByTime.self, DropByArea.self, DropPixel.self, HotPixels.self, Decimation.self,
        UniformNoise.self, RefractoryPeriod.self, Denoise.self,
    ]

    /// The dense representations that can replace frame binning.
    public static let representations: [any EventRepresentation.Type] = [VoxelGrid.self, TimeSurface.self]

    public static func type(named name: String) -> (any EventTransform.Type)? {
        all.first { $0.name == name }
    }

    public static var names: [String] { all.map { $0.name } }

    /// One line per transform, for `--help`: the spec syntax, what it does, and `[random]` for augmentations.
    public static var helpText: String {
        all.map { type in
            (type is any RandomTransform.Type ? "[random] " : "") + type.help
        }.joined(separator: "\n")
    }
}
