/// Named pipelines from published recipes.
public enum Presets {
    /// The SIIM-ACR 2019 reference recipe (albumentations 0.3.x), for square images of side
    /// `size` (256 in the recipe):
    /// `hflip(p=0.5)`; `oneof(contrast, gamma, brightness, p=0.3)`;
    /// `oneof(elastic(120, 6, 3.6), grid, optical(2, 0.5), p=0.3)`;
    /// `sized_crop(min_max_height=[156, 256], height=256, width=256, p=0.25)`.
    /// The crop's lower bound scales with `size` (156/256 of it), a mean zoom of about 0.8.
    /// `brightness` is mean-relative (`brightness_by_max=false`), as 0.3.x computed it.
    public static func siim2019(size: Int = 256) throws -> Compose {
        try Compose([
            HorizontalFlip(p: 0.5),
            OneOf([RandomContrast(), RandomGamma(), RandomBrightness(brightnessByMax: false)], p: 0.3),
            OneOf([ElasticTransform(alpha: 120, sigma: 6, alphaAffine: 3.6),
                   GridDistortion(),
                   OpticalDistortion(distortLimit: -2...2, shiftLimit: -0.5...0.5)], p: 0.3),
            RandomSizedCrop(minMaxHeight: max(1, (156 * size + 128) / 256)...size, height: size, width: size, p: 0.25),
        ])
    }

    /// The presets by name, for the language's `preset "siim2019"`.
    public static let names = ["siim2019"]

    /// The preset called `name` for images of side `size`, or nil if there is none.
    public static func named(_ name: String, size: Int = 256) throws -> (any Transform)? {
        switch name {
        case "siim2019": return try siim2019(size: size)
        default: return nil
        }
    }
}
