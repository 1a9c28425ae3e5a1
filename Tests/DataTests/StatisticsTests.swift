import Foundation
import Testing
import Data
import TestSupport

/// Figures for ../shared/data/siim/train-rle.csv worked out with numpy from an independent
/// decoder (areas of the 22 positive unions: 458 … 38,567).
@Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
func statisticsOfTheRealSample() throws {
    let stats = LabelStatistics(try Labels(contentsOf: SharedData.path("siim/train-rle.csv")))
    #expect(stats.imageCount == 40)
    #expect(stats.positiveCount == 22)
    #expect(stats.negativeCount == 18)
    #expect(stats.rowCount == 50)
    #expect(stats.positiveRate == 22.0 / 40.0)
    #expect(stats.rowsPerImage.entries == [.init(value: 1, count: 33), .init(value: 2, count: 5),
                                            .init(value: 3, count: 1), .init(value: 4, count: 1)])
    #expect(stats.regionsPerPositive.entries == [.init(value: 1, count: 15), .init(value: 2, count: 5),
                                                 .init(value: 3, count: 1), .init(value: 4, count: 1)])
    #expect(stats.minArea == 458)
    #expect(stats.maxArea == 38_567)
    #expect(stats.medianArea == 7_448)
    #expect(stats.areaQuantile(0.25) == 5_152.5)
    #expect(abs(stats.areaQuantile(0.9)! - 19_321.9) < 1e-9)
    #expect(abs(stats.meanCoverage - 0.0057751178741455075) < 1e-15)
    #expect(stats.coverageHistogram(bins: 5).counts == [11, 5, 4, 1, 1])
}

/// A 4x4 file worked by hand: a (-1), b (two overlapping rows, union 5 px), c (16 px),
/// d (two -1 rows).
@Test func statisticsOfAHandWorkedFile() throws {
    let csv = "ImageId,EncodedPixels\na,-1\nb,5 2 2 2\nc,0 16\nb,6 2\nd,-1\nd,-1\n"
    let stats = LabelStatistics(try Labels(csv: Data(csv.utf8), width: 4, height: 4))
    #expect(stats.imageCount == 4)
    #expect(stats.positiveCount == 2)
    #expect(stats.negativeRate == 0.5)
    #expect(stats.rowCount == 6)
    #expect(stats.rowsPerImage[1] == 2 && stats.rowsPerImage[2] == 2)
    #expect(stats.regionsPerPositive.entries == [.init(value: 1, count: 1), .init(value: 2, count: 1)])
    #expect(stats.positiveAreas == [5, 16])
    #expect(stats.medianArea == 10.5)
    #expect(stats.areaQuantile(0.25) == 7.75)
    #expect(stats.meanCoverage == 21.0 / 64.0)
    let histogram = stats.coverageHistogram(bins: 4)
    #expect(histogram.counts == [0, 1, 0, 1])
    #expect(histogram.upper == 1)
    #expect(histogram.bin(1) == 0.25...0.5)
}

@Test func statisticsOfAnEmptyFileHaveNoAreas() throws {
    let stats = LabelStatistics(try Labels(csv: Data("ImageId,EncodedPixels\n".utf8)))
    #expect(stats.imageCount == 0)
    #expect(stats.positiveRate == 0)
    #expect(stats.medianArea == nil)
    #expect(stats.coverageHistogram(bins: 3).counts == [0, 0, 0])
}

@Test func prevalenceGroupsBySexAgeBandAndView() {
    let metadata = [
        Metadata(sex: "M", age: 62, view: "PA"), Metadata(sex: "M", age: 68, view: "AP"),
        Metadata(sex: "F", age: 9, view: "PA"), Metadata(sex: "F", age: 95, view: "PA"),
        Metadata(), Metadata(sex: "M", age: 61, view: "PA"),
    ]
    let positive = [true, false, true, false, true, true]

    let bySex = Prevalence(by: .sex, metadata: metadata, positive: positive)
    #expect(bySex.groups.map(\.name) == ["F", "M", "unknown"])
    #expect(bySex["M"]?.images == 3 && bySex["M"]?.positives == 2)
    #expect(bySex["F"]?.rate == 0.5)

    let byAge = Prevalence(by: .age, metadata: metadata, positive: positive)
    #expect(byAge.groups.map(\.name) == ["0-9", "60-69", "90+", "unknown"])
    #expect(byAge["60-69"]?.images == 3 && byAge["60-69"]?.positives == 2)

    let byView = Prevalence(by: .view, metadata: metadata, positive: positive)
    #expect(byView["PA"]?.images == 4 && byView["PA"]?.positives == 3)
    #expect(byView["AP"]?.rate == 0)
}
