import Core
import Testing
import Data

/// 100 items: every 4th is positive (25), with areas 1…25 by position.
private let areas: [Int] = (0..<100).map { $0 % 4 == 0 ? 1 + $0 / 4 : 0 }

@Test func holdOutIsDisjointCompleteAndStratified() throws {
    let split = try Split.stratified(areas: areas, validation: 0.2, seed: 7)
    #expect(split.validation.count == 20)
    #expect(Set(split.train).isDisjoint(with: split.validation))
    #expect((split.train + split.validation).sorted() == Array(0..<100))
    // 25 positives, 75 negatives: 0.2 of each.
    #expect(split.validation.filter { areas[$0] > 0 }.count == 5)
}

@Test func holdOutIsDeterministicForASeed() throws {
    let a = try Split.stratified(areas: areas, validation: 0.15, seed: 42)
    #expect(try Split.stratified(areas: areas, validation: 0.15, seed: 42) == a)
    #expect(try Split.stratified(areas: areas, validation: 0.15, seed: 43) != a)
}

@Test func coverageBinsSpreadLesionSizes() throws {
    // 5 bins of 5 positives each (areas 1-5, 6-10, …); 0.2 takes one from every bin.
    let split = try Split.stratified(areas: areas, validation: 0.2, coverageBins: 5, seed: 3)
    let bins = split.validation.filter { areas[$0] > 0 }.map { (areas[$0] - 1) / 5 }.sorted()
    #expect(bins == [0, 1, 2, 3, 4])
}

@Test func foldsPartitionTheItemsEvenly() throws {
    let folds = try Split.folds(areas: areas, k: 3, seed: 11)
    #expect(folds.count == 3)
    #expect(folds.flatMap(\.validation).sorted() == Array(0..<100))
    #expect(folds.map(\.validation.count).sorted() == [33, 33, 34])
    let positives = folds.map { $0.validation.filter { areas[$0] > 0 }.count }
    #expect(positives.max()! - positives.min()! <= 1)
    for fold in folds { #expect(fold.train.count + fold.validation.count == 100) }
    #expect(try Split.folds(areas: areas, k: 3, seed: 11) == folds)
}

@Test func rejectsImpossibleSplits() {
    #expect(throws: InputError.self) { try Split.stratified(areas: areas, validation: 0, seed: 1) }
    #expect(throws: InputError.self) { try Split.stratified(areas: areas, validation: 1.5, seed: 1) }
    #expect(throws: InputError.self) { try Split.folds(areas: [0, 1], k: 3, seed: 1) }
}
