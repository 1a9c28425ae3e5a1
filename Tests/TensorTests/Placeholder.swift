import Testing
import Tensor

@Test func generatorIsDeterministic() {
    var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7)
    #expect(a.next() == b.next())
}
